#include "verification/label_terms.h"

#include <array>
#include <utility>

namespace rx {
namespace {

using Term = std::pair<std::string_view, std::string_view>;

// HIS route codes as they arrive (contracts.md: RXR-1.1 lower-cased, or the JSON's "route").
constexpr std::array<Term, 22> kRoutes = {{
    {"po", "口服"},          {"oral", "口服"},       {"sl", "舌下含服"},       {"top", "外用"},
    {"topical", "外用"},     {"ext", "外用"},        {"external", "外用"},     {"inh", "吸入"},
    {"inhalation", "吸入"},  {"sc", "皮下注射"},     {"ih", "皮下注射"},       {"im", "肌内注射"},
    {"iv", "静脉注射"},      {"ivgtt", "静脉滴注"},  {"oph", "滴眼"},          {"eye", "滴眼"},
    {"ou", "双眼滴用"},      {"od", "右眼滴用"},     {"os", "左眼滴用"},       {"pr", "直肠给药"},
    {"nasal", "鼻腔给药"},   {"td", "经皮贴敷"},
}};

// The dosage forms of the formulary (data/README.md).
constexpr std::array<Term, 20> kForms = {{
    {"tablet", "片剂"},
    {"enteric_coated_tablet", "肠溶片"},
    {"sustained_release_tablet", "缓释片"},
    {"controlled_release_tablet", "控释片"},
    {"sublingual_tablet", "舌下片"},
    {"capsule", "胶囊"},
    {"enteric_coated_capsule", "肠溶胶囊"},
    {"sustained_release_capsule", "缓释胶囊"},
    {"dropping_pill", "滴丸"},
    {"granules", "颗粒剂"},
    {"oral_solution", "口服溶液"},
    {"oral_suspension", "口服混悬液"},
    {"oral_liquid", "口服液"},
    {"syrup", "糖浆"},
    {"inhaler", "吸入剂"},
    {"injection_pen", "注射笔"},
    {"powder_for_injection", "注射用粉针"},
    {"ointment", "软膏"},
    {"gel", "凝胶"},
    {"eye_drops", "滴眼液"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <size_t N>
std::string look_up(const std::array<Term, N>& table, std::string_view key, std::string_view as_written) {
  for (const auto& [code, zh] : table) {
    if (code == key) return std::string(zh);
  }
  return std::string(as_written);
}

}  // namespace

std::string_view frequency_zh(Frequency f) {
  switch (f) {
    case Frequency::kQd: return "每日一次";
    case Frequency::kBid: return "每日两次";
    case Frequency::kTid: return "每日三次";
    case Frequency::kQid: return "每日四次";
    case Frequency::kQn: return "每晚一次";
    case Frequency::kQ6h: return "每6小时一次";
    case Frequency::kQ8h: return "每8小时一次";
    case Frequency::kQ12h: return "每12小时一次";
    case Frequency::kQw: return "每周一次";
    case Frequency::kPrn: return "必要时";
    case Frequency::kSt: return "立即";
  }
  return "遵医嘱";
}

std::string route_zh(std::string_view route) {
  if (route.find_first_not_of(" \t") == std::string_view::npos) return "遵医嘱";
  return look_up(kRoutes, lower(route), route);
}

std::string form_zh(std::string_view form) { return look_up(kForms, form, form); }

}  // namespace rx
