#include "server/label_routes.h"

#include <fmt/format.h>

#include <charconv>

#include "server/api_response.h"

namespace rx {
namespace {

namespace http = boost::beast::http;

void get_labels(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  const std::string& text = ctx.params.at("id");
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return reply(error_response(Status::not_found(fmt::format("there is no prescription with id '{}'", text))));
  }
  auto pdf = pharmacy.dose_labels_pdf(PrescriptionId(value));
  if (!pdf.ok()) {
    Status s = pdf.status().code() == ErrorCode::kNotFound
                   ? Status::not_found(fmt::format("there is no prescription with id '{}'", text))
                   : pdf.status();
    return reply(error_response(s));
  }
  HttpResponse res{http::status::ok, 11};
  res.set(http::field::content_type, "application/pdf");
  res.set(http::field::content_disposition, fmt::format("inline; filename=\"labels-{}.pdf\"", value));
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(pdf).value();
  reply(std::move(res));
}

}  // namespace

void add_label_routes(Router& router, Pharmacy& pharmacy) {
  const Pharmacy* p = &pharmacy;
  router.add(Route{http::verb::get, "/api/v1/prescriptions/{id}/labels.pdf", Access::kSignedIn,
                   Permission::kPrintLabels, RequestHandler([p](const RequestContext& ctx, Reply reply) {
                     get_labels(*p, ctx, std::move(reply));
                   })});
}

}  // namespace rx
