#include "server/verification_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/http/field.hpp>
#include <memory>

#include "server/api_response.h"
#include "server/multipart_form.h"
#include "verification/image_station.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

// One worker: decoding is CPU-bound and the machine small; a queue of at
// most kMaxPendingPhotos waits for it.
struct PhotoDecoder {
  boost::asio::thread_pool pool{1};
  std::atomic<int> pending{0};
};

struct Upload {
  std::string png;
  std::optional<std::string> prescription_id;
};

std::string media_type(std::string_view content_type) {
  std::string media(content_type.substr(0, content_type.find(';')));
  media.erase(std::remove_if(media.begin(), media.end(), [](char c) { return c == ' ' || c == '\t'; }), media.end());
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  return media;
}

Status set_prescription_id(Upload& upload, std::string value) {
  if (value.empty()) return Status::ok_status();
  if (upload.prescription_id && *upload.prescription_id != value) {
    return Status::invalid(fmt::format("prescription_id is given twice, as '{}' and '{}'", *upload.prescription_id,
                                       value),
                           "prescription_id");
  }
  upload.prescription_id = std::move(value);
  return Status::ok_status();
}

Result<Upload> read_upload(const RequestContext& ctx) {
  Upload upload;
  if (auto id = ctx.query.get("prescription_id")) TRY(set_prescription_id(upload, *id));
  auto header = ctx.request.find(http::field::content_type);
  std::string_view content_type =
      header == ctx.request.end() ? std::string_view() : std::string_view(header->value().data(), header->value().size());
  std::string media = media_type(content_type);
  if (media == "image/png") {
    upload.png = ctx.request.body();
  } else if (media == "multipart/form-data") {
    std::string boundary = TRY(multipart_boundary(content_type));
    bool has_image = false;
    for (FormPart& part : TRY(parse_multipart_form(ctx.request.body(), boundary))) {
      if (part.name == "image") {
        has_image = true;
        upload.png = std::move(part.body);
      } else if (part.name == "prescription_id") {
        TRY(set_prescription_id(upload, std::move(part.body)));
      }
    }
    if (!has_image) return Status::invalid("the form has no part named \"image\" with the photo", "image");
  } else {
    return Status::invalid(fmt::format("expected Content-Type image/png or multipart/form-data, found '{}'",
                                       content_type),
                           "Content-Type")
        .with_reason(std::string(kUnsupportedMediaType));
  }
  if (upload.png.empty()) return Status::invalid("the image is empty", "image");
  return upload;
}

Result<std::optional<ToteExpectation>> plan_of(const Pharmacy& pharmacy, const std::optional<std::string>& id) {
  if (!id) return std::optional<ToteExpectation>();
  bool digits = !id->empty() && id->size() <= 18 && id->find_first_not_of("0123456789") == std::string::npos;
  const PrescriptionRecord* record = digits ? pharmacy.find(PrescriptionId(std::stoll(*id))) : nullptr;
  if (record == nullptr) {
    return Status(ErrorCode::kNotFound, fmt::format("there is no prescription with id '{}'", *id), "prescription_id");
  }
  return std::optional<ToteExpectation>(TRY(tote_expectation(*record)));
}

void post_image(Pharmacy& pharmacy, const std::shared_ptr<PhotoDecoder>& decoder,
                const boost::asio::any_io_executor& loop, const RequestContext& ctx, Reply reply) {
  auto upload = read_upload(ctx);
  if (!upload.ok()) return reply(error_response(upload.status()));
  auto plan = plan_of(pharmacy, upload->prescription_id);
  if (!plan.ok()) return reply(error_response(plan.status()));
  if (decoder->pending.load() >= kMaxPendingPhotos) {
    return reply(error_response(Status::unavailable(
        fmt::format("{} photos are being decoded already; send this one again shortly", kMaxPendingPhotos))));
  }
  ++decoder->pending;
  Date today = pharmacy.config().zone.local_date(pharmacy.now());
  const Formulary* formulary = &pharmacy.formulary();
  boost::asio::post(decoder->pool, [decoder, loop, formulary, today, png = std::move(upload->png),
                                    plan = std::move(*plan), reply = std::move(reply)]() mutable {
    Result<json> result = Status::internal("the photo could not be decoded; see the server's log");
    try {
      result = verify_tote_photo({reinterpret_cast<const uint8_t*>(png.data()), png.size()}, plan, *formulary, today);
    } catch (const std::exception& e) {
      spdlog::error("verification: decoding a photo failed: {}", e.what());
    }
    boost::asio::post(loop, [decoder, result = std::move(result), reply = std::move(reply)] {
      --decoder->pending;
      reply(result.ok() ? json_response(http::status::ok, *result) : error_response(result.status()));
    });
  });
}

}  // namespace

Result<ToteExpectation> tote_expectation(const PrescriptionRecord& record) {
  if (record.status == RxStatus::kCancelled) {
    // The plan stays on the record, but the packs go back to stock.
    return Status(ErrorCode::kConflict,
                  fmt::format("prescription {} is cancelled: its packs go back to stock, not to the patient",
                              record.id.value()),
                  "prescription_id");
  }
  if (record.plan.empty()) {
    return Status::conflict(fmt::format("prescription {} has no dispensing plan yet (status {})", record.id.value(),
                                        rx_status_name(record.status)));
  }
  ToteExpectation plan;
  plan.prescription_id = std::to_string(record.id.value());
  for (const PlannedLine& line : record.plan) {
    plan.lines.push_back(ToteLine{line.item, line.drug, line.lot, line.expiry, line.packs});
  }
  return plan;
}

void add_verification_routes(Router& router, Pharmacy& pharmacy, boost::asio::any_io_executor loop) {
  auto decoder = std::make_shared<PhotoDecoder>();
  Pharmacy* p = &pharmacy;
  router.add(Route{http::verb::post, "/api/v1/verification/images", Access::kSignedIn, Permission::kVerify,
                   RequestHandler([p, decoder, loop](const RequestContext& ctx, Reply reply) {
                     post_image(*p, decoder, loop, ctx, std::move(reply));
                   }),
                   kMaxPhotoUploadBytes});
}

}  // namespace rx
