#include "simulation/workload.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace rx::simulation {
namespace {

// z of the standard normal's 90th percentile.
constexpr double kZ90 = 1.2815515655446004;

// Draws from std::mt19937_64 with the transforms written out, so that a seed
// gives the same workload with any standard library.
class Draws {
 public:
  explicit Draws(uint64_t seed) : rng_(seed) {}
  std::mt19937_64& engine() { return rng_; }
  // Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  double exponential(double rate) { return -std::log1p(-uniform()) / rate; }
  double normal() {
    // Box–Muller, one value per call: simple and reproducible.
    double u1 = 1.0 - uniform();  // (0, 1]
    double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
  // An index drawn with probability weight[i] / sum, from the running sums.
  size_t pick(const std::vector<double>& cumulative) {
    double x = uniform() * cumulative.back();
    auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return std::min(static_cast<size_t>(it - cumulative.begin()), cumulative.size() - 1);
  }

 private:
  std::mt19937_64 rng_;
};

std::vector<double> running_sums(const std::vector<double>& weights) {
  std::vector<double> out;
  double sum = 0;
  for (double w : weights) out.push_back(sum += std::max(0.0, w));
  return out;
}

std::vector<double> zipf_weights(size_t n, double s) {
  std::vector<double> w;
  for (size_t i = 0; i < n; ++i) w.push_back(1.0 / std::pow(static_cast<double>(i + 1), s));
  return w;
}

// Expected value of k + 1 under weights[k].
double mean_count(const std::vector<double>& weights) {
  double sum = 0, total = 0;
  for (size_t k = 0; k < weights.size(); ++k) {
    sum += static_cast<double>(k + 1) * std::max(0.0, weights[k]);
    total += std::max(0.0, weights[k]);
  }
  return total > 0 ? sum / total : 1.0;
}

// The expected share of lines, in %, whose drug is machine-stockable, when
// order[rank] is drawn with weights[rank].
double machine_share_pct(const std::vector<const Drug*>& order, const std::vector<double>& weights) {
  double machine = 0, total = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    total += weights[i];
    if (order[i]->machine_ok) machine += weights[i];
  }
  return total > 0 ? 100 * machine / total : 0;
}

// Popularity is a seeded shuffle of the formulary, not its code order. A
// shuffle can put a shelf-only drug first and send half the lines to the smart
// shelf, which is not the workload machine-model.md describes ("about 80% of
// lines" machine-stockable). So the shuffle is drawn again until its expected
// machine share is within the scenario's tolerance; if no draw in kMaxDraws
// is, the closest one is kept (a formulary may not allow the share at all).
std::vector<DrugCode> draw_popularity(const Formulary& formulary, const std::vector<double>& weights,
                                      const Workload& w, Draws& draws) {
  constexpr int kMaxDraws = 1000;
  std::vector<const Drug*> order;
  for (const auto& d : formulary.drugs()) order.push_back(&d);
  std::vector<const Drug*> best;
  double best_miss = 0;
  for (int i = 0; i < kMaxDraws; ++i) {
    std::shuffle(order.begin(), order.end(), draws.engine());
    double miss = std::abs(machine_share_pct(order, weights) - w.machine_share_pct);
    if (best.empty() || miss < best_miss) {
      best = order;
      best_miss = miss;
    }
    if (miss <= w.machine_share_within_pct) break;
  }
  std::vector<DrugCode> out;
  for (const Drug* d : best) out.push_back(d->code);
  return out;
}

}  // namespace

Result<GeneratedWorkload> generate_workload(const Scenario& scenario, const Formulary& formulary, uint64_t seed) {
  if (formulary.size() == 0) return Status::invalid("expected at least one drug, found none", "formulary");
  const Workload& w = scenario.workload;
  Draws draws(seed);
  GeneratedWorkload out;
  const std::vector<double> drug_weights = zipf_weights(formulary.size(), w.zipf_s);
  out.popularity = draw_popularity(formulary, drug_weights, w, draws);

  const std::vector<double> drug_sums = running_sums(drug_weights);
  const std::vector<double> item_sums = running_sums(w.items_weights);
  const std::vector<double> pack_sums = running_sums(w.packs_weights);
  const double walk_mu = std::log(w.walk_median_s);
  const double walk_sigma = std::log(w.walk_p90_s / w.walk_median_s) / kZ90;
  const double service_mu = std::log(w.service_mean_s) - w.service_sigma * w.service_sigma / 2;

  std::vector<double> times;
  for (const ArrivalPhase& phase : w.arrivals) {
    if (phase.per_hour <= 0) continue;
    for (double t = phase.from_s + draws.exponential(phase.per_hour / 3600.0); t < phase.until_s;
         t += draws.exponential(phase.per_hour / 3600.0)) {
      if (t >= scenario.start_s) times.push_back(t - scenario.start_s);
    }
  }
  std::sort(times.begin(), times.end());

  const size_t max_items = out.popularity.size();
  for (double t : times) {
    WorkloadPrescription p;
    p.serial = static_cast<long long>(out.prescriptions.size()) + 1;
    p.paid_s = t;
    p.walk_s = draws.lognormal(walk_mu, walk_sigma);
    p.service_s = draws.lognormal(service_mu, w.service_sigma);
    size_t n = std::min(draws.pick(item_sums) + 1, max_items);
    while (p.items.size() < n) {
      const DrugCode& drug = out.popularity[draws.pick(drug_sums)];
      int packs = static_cast<int>(draws.pick(pack_sums)) + 1;
      // One line per drug: a second draw of the same drug is drawn again.
      bool repeat = std::any_of(p.items.begin(), p.items.end(), [&](const WorkloadItem& i) { return i.drug == drug; });
      if (!repeat) p.items.push_back(WorkloadItem{drug, packs});
    }
    out.prescriptions.push_back(std::move(p));
  }
  return out;
}

std::map<DrugCode, double> expected_packs(const Scenario& scenario, const std::vector<DrugCode>& popularity) {
  const Workload& w = scenario.workload;
  double prescriptions = 0;
  for (const ArrivalPhase& phase : w.arrivals) {
    prescriptions += std::max(0.0, phase.per_hour) * std::max(0, phase.until_s - phase.from_s) / 3600.0;
  }
  const double lines = prescriptions * mean_count(w.items_weights);
  const double packs_per_line = mean_count(w.packs_weights);
  std::vector<double> weights = zipf_weights(popularity.size(), w.zipf_s);
  double total = 0;
  for (double x : weights) total += x;
  std::map<DrugCode, double> out;
  for (size_t i = 0; i < popularity.size(); ++i) out[popularity[i]] = lines * packs_per_line * weights[i] / total;
  return out;
}

}  // namespace rx::simulation
