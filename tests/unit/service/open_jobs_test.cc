#include "service/open_jobs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace rx {
namespace {

const IdleMachines kMachines;

PickLine line(int item, const std::string& location, int packs, bool cold = false) {
  PickLine l;
  l.item = item;
  l.location = LocationCode(location);
  l.packs = packs;
  l.cold = cold;
  return l;
}

// Packs out per (job, item): what the service reads from the prescription.
using Out = std::map<std::pair<uint64_t, int>, int>;

std::vector<IdleLine> left_of(uint64_t job_id, const OpenJob& job, const Out& out) {
  std::vector<IdleLine> left;
  for (const PickLine& l : job.lines) {
    auto it = out.find({job_id, l.item});
    int not_out = l.packs - (it == out.end() ? 0 : it->second);
    if (not_out > 0) left.push_back(IdleLine{l.item, l.location, not_out, l.cold});
  }
  return left;
}

// The load as the open jobs give it, added up afresh.
DeviceLoad added_up(const OpenJobs& jobs, const Out& out) {
  DeviceLoad load;
  for (const auto& [job_id, job] : jobs) load.add_job(left_of(job_id, job, out), kMachines);
  return load;
}

// The kept load, read through the ids the jobs were given.
const DeviceLoad& kept(OpenJobs& jobs, const Out& out) {
  std::map<const OpenJob*, uint64_t> ids;
  for (const auto& [job_id, job] : jobs) ids[&job] = job_id;
  return jobs.load([&](const OpenJob& job) { return left_of(ids.at(&job), job, out); });
}

TEST(OpenJobs, KeepsWhatTheOpenJobsStillHaveToDo) {
  OpenJobs jobs(kMachines);
  Out out;
  jobs.insert(1, OpenJob{PrescriptionId(1), DeviceKind::kChannel, {line(0, "C-01-10", 2), line(1, "C-02-10", 1)}});
  jobs.insert(2, OpenJob{PrescriptionId(2), DeviceKind::kShelf, {line(0, "S-01-01", 1, true)}});
  EXPECT_EQ(kept(jobs, out).channel_boxes.at("C-01-10"), 2);
  EXPECT_EQ(kept(jobs, out).channel_jobs, 1);
  EXPECT_DOUBLE_EQ(kept(jobs, out).shelf_s(), 30.0);  // 12 + 8 + 10 s
  // One pack of C-01-10 is out: one box is left there.
  out[{1, 0}] = 1;
  jobs.packs_out_changed(1);
  EXPECT_EQ(kept(jobs, out).channel_boxes.at("C-01-10"), 1);
  EXPECT_EQ(kept(jobs, out), added_up(jobs, out));
  // The shelf job ends: nothing is queued on the shelf.
  ASSERT_TRUE(jobs.take(2).has_value());
  EXPECT_FALSE(jobs.take(2).has_value()) << "a job is taken once";
  EXPECT_EQ(kept(jobs, out).shelf, Duration(0));
  jobs.clear();
  EXPECT_EQ(kept(jobs, out), DeviceLoad());
}

TEST(OpenJobs, APlanInTheLoadGoesWithIt) {
  OpenJobs jobs(kMachines);
  Out out;
  jobs.insert(1, OpenJob{PrescriptionId(1), DeviceKind::kRobot, {line(0, "R-1-0150", 1)}});
  const DeviceLoad before = kept(jobs, out);
  {
    PlanInLoad plan(jobs);
    plan.add(IdleLine{0, LocationCode("C-03-07"), 2, false});
    plan.add(IdleLine{1, LocationCode("R-2-0300"), 1, false});
    EXPECT_EQ(kept(jobs, out).channel_boxes.at("C-03-07"), 2);
    EXPECT_GT(kept(jobs, out).robot, before.robot);
    // A job submitted while the plan is made counts at once.
    jobs.insert(2, OpenJob{PrescriptionId(2), DeviceKind::kChannel, {line(0, "C-03-07", 1)}});
    EXPECT_EQ(kept(jobs, out).channel_boxes.at("C-03-07"), 3);
  }
  EXPECT_EQ(kept(jobs, out), added_up(jobs, out));
}

// Many changes in a seeded order: the kept load is always exactly the load
// added up afresh, whether or not it is read between the changes.
TEST(OpenJobs, TheKeptLoadIsAlwaysTheLoadAddedUpAfresh) {
  std::mt19937 engine(20261130);
  auto below = [&](int n) { return static_cast<int>(engine() % static_cast<uint32_t>(n)); };
  static const char* const kPlaces[] = {"C-01-10", "C-01-11", "C-02-30", "C-04-60", "R-1-0150",
                                        "R-3-0420", "S-01-01", "S-02-05", "F-01-02", "X-9"};
  OpenJobs jobs(kMachines);
  Out out;
  uint64_t next_id = 1;
  int reads = 0;
  for (int step = 0; step < 5000; ++step) {
    const int what = below(10);
    if (what < 3 || jobs.size() == 0) {
      // A job on one device: channel, robot or shelf places.
      const int device = below(3);
      OpenJob job{PrescriptionId(static_cast<long long>(next_id)), DeviceKind::kChannel, {}};
      for (int item = 0, n = 1 + below(4); item < n; ++item) {
        const int pick = device == 0 ? below(4) : device == 1 ? 4 + below(2) : 6 + below(4);
        job.lines.push_back(line(item, kPlaces[pick], 1 + below(4), below(5) == 0));
      }
      jobs.insert(next_id++, std::move(job));
    } else {
      auto it = jobs.begin();
      std::advance(it, below(static_cast<int>(jobs.size())));
      const uint64_t job_id = it->first;
      if (what < 7) {
        const PickLine& l = it->second.lines[static_cast<size_t>(below(static_cast<int>(it->second.lines.size())))];
        int& n = out[{job_id, l.item}];
        if (n < l.packs) ++n;
        jobs.packs_out_changed(job_id);
      } else {
        ASSERT_TRUE(jobs.take(job_id).has_value());
      }
    }
    if (below(3) == 0) {
      ++reads;
      ASSERT_EQ(kept(jobs, out), added_up(jobs, out)) << "step " << step;
    }
  }
  EXPECT_EQ(kept(jobs, out), added_up(jobs, out));
  EXPECT_GT(reads, 1000);
  EXPECT_GT(jobs.size(), 0u);
}

}  // namespace
}  // namespace rx
