#include "server/label_routes.h"

#include <fmt/format.h>


#include "server/api_response.h"
#include "server/request_numbers.h"

namespace rx {
namespace {

namespace http = boost::beast::http;

void get_labels(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "prescription");
  if (!id.ok()) return reply(error_response(id.status()));
  auto pdf = pharmacy.dose_labels_pdf(PrescriptionId(*id));
  if (!pdf.ok()) {
    Status s = pdf.status().code() == ErrorCode::kNotFound
                   ? Status::not_found(fmt::format("there is no prescription with id '{}'", *id))
                   : pdf.status();
    return reply(error_response(s));
  }
  HttpResponse res{http::status::ok, 11};
  res.set(http::field::content_type, "application/pdf");
  res.set(http::field::content_disposition, fmt::format("inline; filename=\"labels-{}.pdf\"", *id));
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
