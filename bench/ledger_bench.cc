// The stock ledger at a year's size: builds a database of N movements (default
// 1,000,000) through SqliteStore::commit, the service's own path, then times
// the two reads issue 7 bounds: the on-hand of a lot at a location as of an
// instant (< 1 ms), and a recall's query for every dispensed pack of a lot
// (< 50 ms). Prints percentiles in microseconds.
//
//   build/bench/ledger_bench [movements] [database path]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using rx::Instant;

constexpr int kDrugs = 600;
constexpr int kLotsPerDrug = 4;
constexpr int kLocationsPerLot = 2;
constexpr long long kStart = 1767196800000;  // 2026-01-01T00:00:00+08:00
constexpr long long kYearMs = 365LL * 24 * 3600 * 1000;

struct Place {
  std::string drug, lot, location;
  int on_hand = 0;
};

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void print_percentiles(const char* what, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double p) { return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))]; };
  fmt::print("{:<44} n={:>6}  p50 {:>8.1f} us  p99 {:>8.1f} us  max {:>8.1f} us\n", what, us.size(), at(0.5), at(0.99),
             us.back());
}

}  // namespace

int main(int argc, char** argv) {
  const long long total = argc > 1 ? std::stoll(argv[1]) : 1'000'000;
  const std::string path = argc > 2 ? argv[2] : (std::filesystem::temp_directory_path() / "rxpress-ledger-bench.db").string();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto opened = rx::SqliteStore::open(path);
  if (!opened.ok()) {
    fmt::print(stderr, "{}\n", opened.status().to_string());
    return 1;
  }
  auto& store = **opened;

  std::vector<Place> places;
  for (int d = 0; d < kDrugs; ++d) {
    for (int l = 0; l < kLotsPerDrug; ++l) {
      for (int k = 0; k < kLocationsPerLot; ++k) {
        places.push_back(Place{fmt::format("D{:04}", d + 1), fmt::format("L{:04}{:02}", d + 1, l + 1),
                               fmt::format("{}-{:02}-{:02}", k == 0 ? 'C' : 'B', d % 40 + 1, l + 1)});
      }
    }
  }
  // One lot is the recall's: a popular drug's, dispensed about 3,000 times in the year.
  const std::string recalled_lot = places[0].lot;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<size_t> any_place(0, places.size() - 1);
  const auto expiry = *rx::parse_date("2028-12-31");

  fmt::print("building a ledger of {} movements over {} lot locations in {}\n", total, places.size(), path);
  auto build_start = Clock::now();
  long long id = 0;
  long long prescription = 0;
  const long long step_ms = kYearMs / total;
  while (id < total) {
    rx::Batch batch;
    for (int i = 0; i < 10'000 && id < total; ++i) {
      // Every 330th movement is at the recalled lot's channel; the rest spread evenly.
      Place& p = (id % 330 == 0) ? places[0] : places[any_place(rng)];
      rx::StockMovement m;
      m.id = ++id;
      m.at = Instant{rx::Duration{kStart + id * step_ms}};
      m.lot = rx::Lot{rx::DrugCode(p.drug), rx::LotNo(p.lot), expiry};
      m.location = rx::LocationCode(p.location);
      m.actor = "device:C";
      if (p.on_hand == 0 || (id % 7 == 0)) {
        m.kind = rx::MovementKind::kReceived;
        m.delta = 10;
      } else {
        m.kind = rx::MovementKind::kDispensed;
        m.delta = -1;
        m.prescription = rx::PrescriptionId(++prescription);
        m.serial = fmt::format("{:012}", id);
      }
      p.on_hand += m.delta;
      m.on_hand = p.on_hand;
      batch.movements.push_back(std::move(m));
    }
    rx::Status s = store.commit(batch);
    if (!s.ok()) {
      fmt::print(stderr, "{}\n", s.to_string());
      return 1;
    }
    if (id % 200'000 == 0) fmt::print(stderr, "  {} movements\n", id);
  }
  fmt::print("built in {:.1f} s\n", std::chrono::duration<double>(Clock::now() - build_start).count());

  std::vector<double> now_us, past_us;
  std::uniform_int_distribution<long long> any_time(kStart, kStart + kYearMs);
  for (int i = 0; i < 20'000; ++i) {
    const Place& p = places[any_place(rng)];
    const bool past = i % 2 == 1;
    Instant at{rx::Duration{past ? any_time(rng) : kStart + 2 * kYearMs}};
    auto t0 = Clock::now();
    auto n = store.on_hand_at(rx::DrugCode(p.drug), rx::LotNo(p.lot), rx::LocationCode(p.location), at);
    auto t1 = Clock::now();
    if (!n.ok() || (!past && *n != p.on_hand)) {
      fmt::print(stderr, "on-hand of {} {} {}: {} (expected {})\n", p.drug, p.lot, p.location,
                 n.ok() ? std::to_string(*n) : n.status().to_string(), p.on_hand);
      return 1;
    }
    (past ? past_us : now_us).push_back(micros(t1 - t0));
  }
  print_percentiles("on-hand of a lot at a location, now", now_us);
  print_percentiles("on-hand of a lot at a location, as of a past instant", past_us);

  std::vector<double> recall_us;
  size_t recalled = 0;
  for (int i = 0; i < 200; ++i) {
    rx::MovementQuery q;
    q.lot = rx::LotNo(recalled_lot);
    q.kind = rx::MovementKind::kDispensed;
    q.limit = rx::kMaxMovementsPerQuery;
    auto t0 = Clock::now();
    auto found = store.movements(q);
    auto t1 = Clock::now();
    if (!found.ok()) {
      fmt::print(stderr, "{}\n", found.status().to_string());
      return 1;
    }
    recalled = found->size();
    recall_us.push_back(micros(t1 - t0));
  }
  print_percentiles(fmt::format("every dispensed movement of one lot ({})", recalled).c_str(), recall_us);

  std::vector<double> who_us;
  size_t prescriptions = 0;
  for (int i = 0; i < 200; ++i) {
    auto t0 = Clock::now();
    auto found = store.dispensed_of_lot(rx::LotNo(recalled_lot), std::nullopt);
    auto t1 = Clock::now();
    if (!found.ok()) {
      fmt::print(stderr, "{}\n", found.status().to_string());
      return 1;
    }
    prescriptions = found->size();
    who_us.push_back(micros(t1 - t0));
  }
  print_percentiles(fmt::format("recall: prescriptions that received a lot ({})", prescriptions).c_str(), who_us);
  return 0;
}
