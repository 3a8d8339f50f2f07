// `rxpress simulate` (contracts.md): a scenario in virtual time with the real
// service, its metrics as a table or as one JSON object, optionally beside a
// baseline policy's from the same seed, and optionally an HTML report.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/shipped_data.h"
#include "cli/shipped_knowledge.h"
#include "interop/csv/formulary_csv.h"
#include "simulation/report.h"
#include "simulation/scenario.h"
#include "simulation/simulation.h"

namespace rx::cli {
namespace {

using simulation::RunResult;
using simulation::Scenario;

int fail(const Status& s) {
  std::string where = s.field().empty() ? "" : s.field() + ": ";
  fmt::print(stderr, "rxpress simulate: {}{}\n", where, s.message());
  return 2;
}

struct Inputs {
  Formulary formulary;
  std::shared_ptr<const KnowledgeBase> knowledge;
};

Result<Inputs> load_inputs(const Scenario& scenario) {
  Inputs in;
  std::filesystem::path file = scenario.formulary_file;
  if (file.empty()) file = TRY(share_dir()) / "data" / "formulary.csv";
  std::string text = TRY(read_file(file));
  in.formulary = TRY(load_formulary_csv(text, file.filename().string()));
  auto knowledge = load_shipped_knowledge(in.formulary);
  if (knowledge.ok()) {
    in.knowledge = *knowledge;
  } else {
    fmt::print(stderr, "rxpress simulate: reviewing with the prescription rules only: {}\n",
               knowledge.status().to_string());
  }
  return in;
}

std::string clock_of(const Scenario& scenario, double sim_s) {
  auto t = static_cast<long long>(scenario.start_s + sim_s);
  return fmt::format("{:02d}:{:02d}", t / 3600, t / 60 % 60);
}

Result<RunResult> run_one(const Scenario& scenario, const Inputs& in, PolicyKind policy, uint64_t seed) {
  simulation::SimulationOptions options;
  options.knowledge = in.knowledge;
  options.progress = [&scenario, policy](double sim_s, long long handed_over, long long paid) {
    fmt::print(stderr, "simulate {} {}: {} handed over of {} paid at {}\n", scenario.name, policy_name(policy),
               handed_over, paid, clock_of(scenario, sim_s));
  };
  return simulation::run_simulation(scenario, in.formulary, policy, seed, options);
}

std::string cell(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return fmt::format("{:.2f}", v.get<double>());
  return v.dump();
}

void print_table(const nlohmann::json& main, const nlohmann::json* baseline, const std::string& main_name,
                 const std::string& baseline_name) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"metric", main_name});
  if (baseline) rows.back().push_back(baseline_name);
  for (const auto& [key, value] : main.items()) {
    if (key == "utilisation") continue;
    rows.push_back({key, cell(value)});
    if (baseline) rows.back().push_back(baseline->contains(key) ? cell((*baseline)[key]) : "");
  }
  for (const auto& [resource, value] : main["utilisation"].items()) {
    rows.push_back({"utilisation " + resource + " %", cell(value)});
    if (baseline) {
      const auto& u = (*baseline)["utilisation"];
      rows.back().push_back(u.contains(resource) ? cell(u[resource]) : "");
    }
  }
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line = fmt::format("{:<{}}", row[0], width[0]);
    for (size_t c = 1; c < row.size(); ++c) line += fmt::format("  {:>{}}", row[c], width[c]);
    fmt::print("{}\n", line);
  }
}

}  // namespace

int run_simulate(const SimulateOptions& options) {
  // The service reports every jam and re-pick of the run as a warning: faults
  // the scenario injects on purpose, counted in the metrics instead.
  spdlog::set_level(spdlog::level::err);
  auto scenario = simulation::resolve_scenario(options.scenario);
  if (!scenario.ok()) return fail(scenario.status());
  auto policy = parse_policy(options.policy);
  if (!policy.ok()) return fail(policy.status());
  std::optional<PolicyKind> baseline_policy;
  if (options.compare) {
    auto p = parse_policy(*options.compare);
    if (!p.ok()) return fail(Status::invalid(p.status().message(), "compare"));
    baseline_policy = *p;
  }
  auto inputs = load_inputs(*scenario);
  if (!inputs.ok()) return fail(inputs.status());

  auto main = run_one(*scenario, *inputs, *policy, options.seed);
  if (!main.ok()) return fail(main.status());
  std::optional<RunResult> baseline;
  if (baseline_policy) {
    auto b = run_one(*scenario, *inputs, *baseline_policy, options.seed);
    if (!b.ok()) return fail(b.status());
    baseline = std::move(b).value();
  }
  if (options.report) {
    Status written = simulation::write_report(*options.report, *scenario, *main, baseline ? &*baseline : nullptr);
    if (!written.ok()) return fail(written);
  }

  nlohmann::json out = simulation::metrics_json(main->metrics);
  nlohmann::json base;
  if (baseline) {
    base = simulation::metrics_json(baseline->metrics);
    base["policy"] = baseline->policy;
  }
  if (options.json) {
    out["scenario"] = scenario->name;
    out["policy"] = main->policy;
    out["seed"] = options.seed;
    if (baseline) out["baseline"] = base;
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("scenario {}, seed {}\n", scenario->name, options.seed);
  print_table(out, baseline ? &base : nullptr, main->policy, baseline ? baseline->policy : "");
  if (options.report) fmt::print("report: {}\n", (*options.report / "index.html").string());
  return 0;
}

}  // namespace rx::cli
