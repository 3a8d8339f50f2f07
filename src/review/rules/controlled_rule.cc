#include "review/rules/controlled_rule.h"

#include <fmt/format.h>

#include <optional>
#include <string>

namespace rx {
namespace {

constexpr int kPsychotropic2Days = 7;
constexpr int kChildAge = 18;
constexpr std::string_view kMethylphenidate = "N06BA04";
constexpr std::string_view kAdhdIcd10 = "F90";

enum class FormClass { kInjection, kModifiedRelease, kOther };

FormClass form_class(const Drug& d) {
  if (d.form.find("injection") != std::string::npos) return FormClass::kInjection;
  if (d.form.find("controlled_release") != std::string::npos || d.form.find("sustained_release") != std::string::npos) {
    return FormClass::kModifiedRelease;
  }
  return FormClass::kOther;
}

std::string_view form_class_name(FormClass f) {
  switch (f) {
    case FormClass::kInjection: return "injection";
    case FormClass::kModifiedRelease: return "controlled/sustained-release";
    case FormClass::kOther: return "other forms";
  }
  return "other forms";
}

bool has_text(const std::optional<std::string>& s) {
  return s && s->find_first_not_of(" \t\r\n") != std::string::npos;
}

bool has_adhd(const Prescription& rx) {
  for (const auto& d : rx.diagnoses) {
    if (d.code.starts_with(kAdhdIcd10)) return true;
  }
  return false;
}

// The most days a narcotic or class-1 psychotropic item may supply, and the rule that says so.
// An injection's "one dose" (第二十三条) is at most one day here.
std::pair<int, std::string> class1_limit(const Prescription& rx, const Drug& drug, std::optional<int> age) {
  const FormClass form = form_class(drug);
  if (rx.visit.pain_patient) {
    int days = form == FormClass::kInjection ? 3 : form == FormClass::kModifiedRelease ? 15 : 7;
    return {days, fmt::format("处方管理办法 第二十四条, pain patient, {}: {} days", form_class_name(form), days)};
  }
  if (drug.atc == kMethylphenidate && age && *age < kChildAge && has_adhd(rx)) {
    return {15, "处方管理办法 第二十三条, methylphenidate for a child's ADHD (F90): 15 days"};
  }
  int days = form == FormClass::kInjection ? 1 : form == FormClass::kModifiedRelease ? 7 : 3;
  return {days, fmt::format("处方管理办法 第二十三条, {}: {}", form_class_name(form),
                            form == FormClass::kInjection ? "one dose" : fmt::format("{} days", days))};
}

}  // namespace

void ControlledRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                           std::vector<Finding>& out) const {
  const auto drugs = item_drugs(rx, formulary);
  const std::optional<int> age = age_at_issue(rx, ctx);
  for (size_t i = 0; i < drugs.size(); ++i) {
    const Drug* drug = drugs[i];
    if (drug == nullptr || drug->controlled == Controlled::kNone) continue;
    const Item& item = rx.items[i];
    const int index = static_cast<int>(i);
    const std::string label = item_label(rx, formulary, index);
    const std::string_view category = controlled_name(drug->controlled);
    size_t before = out.size();
    auto add = [&](Severity s, std::string message, std::string evidence) {
      out.push_back(Finding{.code = "CONTROLLED",
                            .severity = s,
                            .items = {index},
                            .message = std::move(message),
                            .evidence = std::move(evidence)});
    };

    if (drug->controlled == Controlled::kNarcotic || drug->controlled == Controlled::kPsychotropic1) {
      if (!has_text(rx.patient.id_number)) {
        add(Severity::kBlock,
            fmt::format("{}: a {} prescription needs the patient's ID number (patient.id_number)", label, category),
            fmt::format("patient.id_number is missing; {} is {} (处方管理办法: 麻醉药品和第一类精神药品处方 "
                        "records the patient's and any agent's ID number)",
                        drug_label(*drug), category));
      }
      if (has_text(rx.patient.agent_name) && !has_text(rx.patient.agent_id_number)) {
        add(Severity::kBlock,
            fmt::format("{}: a {} prescription collected by an agent ({}) needs the agent's ID number "
                        "(patient.agent.id_number)",
                        label, category, *rx.patient.agent_name),
            fmt::format("patient.agent.name = {} and patient.agent.id_number is missing; {} is {} (处方管理办法: "
                        "麻醉药品和第一类精神药品处方 records the agent's ID number)",
                        *rx.patient.agent_name, drug_label(*drug), category));
      }
      if (item.days) {
        auto [limit, rule] = class1_limit(rx, *drug, age);
        if (*item.days > limit) {
          add(Severity::kBlock,
              fmt::format("{}: {} days of a {} drug is over the limit of {} days", label, *item.days, category, limit),
              fmt::format("items[{}].days = {} > {} ({})", i, *item.days, limit, rule));
        }
      }
    } else if (drug->controlled == Controlled::kPsychotropic2 && item.days && *item.days > kPsychotropic2Days) {
      const std::string evidence = fmt::format("items[{}].days = {} > {} (处方管理办法 第二十三条, 第二类精神药品)", i,
                                               *item.days, kPsychotropic2Days);
      if (has_text(item.supply_reason)) {
        add(Severity::kWarn,
            fmt::format("{}: {} days of a psychotropic class 2 drug, over {} days; the prescriber's reason: {}", label,
                        *item.days, kPsychotropic2Days, *item.supply_reason),
            evidence);
      } else {
        add(Severity::kBlock,
            fmt::format("{}: {} days of a psychotropic class 2 drug is over {} days and no supply_reason is given",
                        label, *item.days, kPsychotropic2Days),
            evidence);
      }
    }
    if (out.size() != before) continue;
    const bool limited = drug->controlled != Controlled::kToxic;
    add(Severity::kInfo,
        fmt::format("{}: {} drug: dispensed from locked storage, with double sign-off at hand-over{}", label, category,
                    limited && !item.days ? "; days missing, so the supply limit was not checked" : ""),
        fmt::format("{} is {} in the formulary", drug_label(*drug), category));
  }
}

}  // namespace rx
