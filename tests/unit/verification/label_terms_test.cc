#include "verification/label_terms.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace rx {
namespace {

using Table = std::vector<std::pair<const char*, const char*>>;

TEST(LabelTerms, EveryFrequencyCodeHasItsChineseWords) {
  const Table table = {
      {"qd", "每日一次"},          {"bid", "每日两次"},         {"tid", "每日三次"},  {"qid", "每日四次"},
      {"qn", "每晚一次"},          {"q6h", "每6小时一次"},      {"q8h", "每8小时一次"}, {"q12h", "每12小时一次"},
      {"qw", "每周一次"},          {"prn", "必要时"},           {"st", "立即"},
  };
  for (const auto& [code, zh] : table) {
    auto f = parse_frequency(code);
    ASSERT_TRUE(f.ok()) << code;
    EXPECT_EQ(frequency_zh(*f), zh) << code;
  }
  EXPECT_EQ(table.size(), 11u) << "every Frequency of core/frequency.h";
}

TEST(LabelTerms, RoutesAreTranslatedCaseInsensitivelyAndUnknownOnesKept) {
  const Table table = {{"po", "口服"},   {"PO", "口服"},       {"top", "外用"},     {"sl", "舌下含服"}, {"inh", "吸入"},
                       {"sc", "皮下注射"}, {"ou", "双眼滴用"}, {"", "遵医嘱"},      {"含漱", "含漱"}};
  for (const auto& [route, zh] : table) EXPECT_EQ(route_zh(route), zh) << route;
}

TEST(LabelTerms, FormsAreTranslatedAndUnknownOnesKept) {
  const Table table = {{"tablet", "片剂"},         {"sustained_release_tablet", "缓释片"},
                       {"injection_pen", "注射笔"}, {"eye_drops", "滴眼液"},
                       {"patch", "patch"}};
  for (const auto& [form, zh] : table) EXPECT_EQ(form_zh(form), zh) << form;
}

}  // namespace
}  // namespace rx
