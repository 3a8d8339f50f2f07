#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/shipped_data.h"
#include "interop/json/bounded_json.h"
#include "server/verification_routes.h"
#include "service/record_codec.h"
#include "storage/sqlite/sqlite_store.h"
#include "verification/image_grey.h"
#include "verification/image_station.h"

namespace rx::cli {
namespace {

// The prescription `wanted` (its id, or its prescription_no) as the database
// under `data_dir` holds it.
Result<PrescriptionRecord> stored_record(const std::filesystem::path& data_dir, const std::string& wanted,
                                         const Zone& zone) {
  std::filesystem::path db = data_dir / "rxpress.db";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db, ec)) {
    return Status::not_found(fmt::format("there is no database at {}; --data names the directory that rxpress demo "
                                         "or serve runs with",
                                         db.string()));
  }
  auto store = TRY(SqliteStore::open(db.string()));
  StoredState state = TRY(store->load());
  bool digits = !wanted.empty() && wanted.find_first_not_of("0123456789") == std::string::npos;
  for (const PrescriptionRow& row : state.prescriptions) {
    bool same_id = digits && wanted.size() <= 18 && row.id.value() == std::stoll(wanted);
    if (!same_id && row.prescription_no != wanted) continue;
    auto document = parse_json_bounded(row.document);
    if (!document.ok()) {
      return Status::internal(fmt::format("prescription {} in {} is unreadable: {}", row.id.value(), db.string(),
                                          document.status().message()));
    }
    return record_from_json(*document, zone);
  }
  return Status::not_found(fmt::format("{} has no prescription with id or number '{}'", db.string(), wanted));
}

}  // namespace

int run_verify_image(const VerifyImageOptions& options) {
  auto fail = [](const Status& s) {
    fmt::print(stderr, "rxpress verify-image: {}\n", s.message());
    return 2;
  };
  auto png = read_file(options.image, kMaxImageFileBytes);
  if (!png.ok()) return fail(png.status());
  Zone zone = Zone::shanghai();
  Date today = zone.local_date(std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()));
  auto data = load_shipped_data(today);
  if (!data.ok()) return fail(data.status());
  std::optional<ToteExpectation> plan;
  if (options.prescription) {
    auto record = stored_record(options.data_dir, *options.prescription, zone);
    if (!record.ok()) return fail(record.status());
    auto expectation = tote_expectation(*record);
    if (!expectation.ok()) return fail(expectation.status());
    plan = std::move(*expectation);
  }
  auto result = verify_tote_photo({reinterpret_cast<const uint8_t*>(png->data()), png->size()}, plan,
                                  data->formulary, today);
  if (!result.ok()) return fail(Status::invalid(fmt::format("{}: {}", options.image.string(), result.status().message())));
  std::cout << result->dump() << "\n";
  return result->at("passed") == false ? 1 : 0;
}

}  // namespace rx::cli
