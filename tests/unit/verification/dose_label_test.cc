#include "verification/dose_label.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/verification/image_tote_photo.h"

namespace rx {
namespace {

const Date kToday = std::chrono::year(2026) / 11 / 29;

class DoseLabelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto f = test::demo_formulary(RXPRESS_SOURCE_DIR);
    ASSERT_TRUE(f.ok()) << f.status().to_string();
    formulary_ = std::move(f).value();
  }

  static Item item(const char* drug, std::optional<Quantity> dose, std::optional<Frequency> frequency,
                   std::string route, std::optional<int> days, Quantity quantity) {
    Item it;
    it.drug = DrugCode(drug);
    it.dose = dose;
    it.frequency = frequency;
    it.route = std::move(route);
    it.days = days;
    it.quantity = quantity;
    return it;
  }
  static Quantity q(const char* value, Unit unit) { return *Quantity::parse(value, unit); }

  Prescription prescription(std::vector<Item> items) const {
    Prescription rx;
    rx.prescription_no = "MZ20261129-000042";
    rx.patient.id = PatientId("P000123");
    rx.patient.name = "张三丰";
    rx.patient.sex = "M";
    rx.patient.birth_date = std::chrono::year(1958) / 4 / 2;
    rx.items = std::move(items);
    return rx;
  }

  static bool has_line(const DoseLabel& label, const std::string& line) {
    auto lines = label.lines();
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  }

  Formulary formulary_;
};

TEST_F(DoseLabelTest, EveryFieldOfAnOrdinaryTablet) {
  auto labels = dose_labels(prescription({item("D0003", q("75", Unit::kMilligram), Frequency::kQd, "po", 7,
                                              Quantity::whole(1, Unit::kPack))}),
                            formulary_, kToday);
  ASSERT_EQ(labels.size(), 1u);
  const DoseLabel& l = labels[0];
  EXPECT_EQ(l.item, 0u);
  EXPECT_EQ(l.prescription_no, "MZ20261129-000042");
  EXPECT_EQ(l.date, "2026-11-29");
  EXPECT_EQ(l.patient, "张三丰 男 68岁") << "the full name: the label goes in the patient's own bag";
  EXPECT_EQ(l.drug, "硫酸氢氯吡格雷片 75 mg（片剂）");
  EXPECT_EQ(l.dose, "每次 75 mg（1 片）");
  EXPECT_EQ(l.frequency, "每日一次");
  EXPECT_EQ(l.route, "口服");
  EXPECT_EQ(l.days, "7 天");
  EXPECT_EQ(l.quantity, "1 盒");
  EXPECT_TRUE(l.warnings.empty());
  EXPECT_EQ(l.lines(), (std::vector<std::string>{
                           "用法用量标签　MZ20261129-000042　2026-11-29",
                           "患者：张三丰 男 68岁",
                           "药品：硫酸氢氯吡格雷片 75 mg（片剂）",
                           "用量：每次 75 mg（1 片）",
                           "用法：口服，每日一次",
                           "疗程：7 天　数量：1 盒",
                       }));
}

TEST_F(DoseLabelTest, TheDoseCountsTabletsOnlyInWholeQuarters) {
  auto count = [&](const char* drug, Quantity dose) {
    return dose_labels(prescription({item(drug, dose, Frequency::kBid, "po", 7, Quantity::whole(1, Unit::kPack))}),
                       formulary_, kToday)[0]
        .dose;
  };
  EXPECT_EQ(count("D0004", q("1.25", Unit::kMilligram)), "每次 1.25 mg（0.5 片）");  // warfarin 2.5 mg
  EXPECT_EQ(count("D0004", q("5000", Unit::kMicrogram)), "每次 5000 µg（2 片）") << "units are converted";
  EXPECT_EQ(count("D0004", q("1", Unit::kMilligram)), "每次 1 mg") << "0.4 of a tablet is not printed as a count";
  EXPECT_EQ(count("D0004", q("2", Unit::kTablet)), "每次 2 片");
  EXPECT_EQ(count("D0027", q("10", Unit::kIU)), "每次 10 IU") << "a pen's strength is a concentration";
}

TEST_F(DoseLabelTest, EachWarning) {
  auto rx = prescription({
      item("D0004", q("2.5", Unit::kMilligram), Frequency::kQd, "po", 7, Quantity::whole(1, Unit::kPack)),
      item("D0001", q("100", Unit::kMilligram), Frequency::kQd, "po", 7, Quantity::whole(1, Unit::kPack)),
      item("D0027", q("10", Unit::kIU), Frequency::kQn, "sc", 30, Quantity::whole(1, Unit::kUnit)),
      item("D0017", q("0.5", Unit::kMilligram), Frequency::kPrn, "sl", std::nullopt, Quantity::whole(1, Unit::kBottle)),
  });
  auto labels = dose_labels(rx, formulary_, kToday);
  ASSERT_EQ(labels.size(), 4u);
  EXPECT_EQ(labels[0].warnings, std::vector<std::string>{"高警示药品：请严格按医嘱用量使用"});
  EXPECT_EQ(labels[1].warnings, std::vector<std::string>{"看似听似药品（LASA-01）：请核对药名和规格"});
  EXPECT_EQ(labels[2].warnings,
            (std::vector<std::string>{"高警示药品：请严格按医嘱用量使用", "冷藏 2-8℃ 保存，请勿冷冻"}));
  EXPECT_EQ(labels[3].warnings, std::vector<std::string>{"阴凉处保存（不超过 20℃）"});
  EXPECT_TRUE(has_line(labels[2], "【注意】冷藏 2-8℃ 保存，请勿冷冻"));
  EXPECT_TRUE(has_line(labels[2], "用法：皮下注射，每晚一次"));
  EXPECT_TRUE(has_line(labels[3], "用法：舌下含服，必要时"));
  EXPECT_TRUE(has_line(labels[3], "数量：1 瓶")) << "no days, no 疗程";
  EXPECT_EQ(labels[3].item, 3u);
}

TEST_F(DoseLabelTest, TheKnowledgeBasesLasaGroupsWarnToo) {
  auto rx = prescription({item("D0003", q("75", Unit::kMilligram), Frequency::kQd, "po", 7,
                               Quantity::whole(1, Unit::kPack))});
  auto labels = dose_labels(rx, formulary_, kToday, {{"D0003", "LASA-KB-9"}});
  EXPECT_EQ(labels[0].warnings, std::vector<std::string>{"看似听似药品（LASA-KB-9）：请核对药名和规格"});
  labels = dose_labels(rx, formulary_, kToday, {{"D0004", "LASA-KB-9"}});
  EXPECT_TRUE(labels[0].warnings.empty());
}

TEST_F(DoseLabelTest, MissingFieldsSayAsDirectedAndAnUnknownDrugIsItsCode) {
  auto rx = prescription({item("D9999", std::nullopt, std::nullopt, "", std::nullopt, Quantity::whole(2, Unit::kPack))});
  rx.patient.sex = "";
  rx.patient.birth_date = std::chrono::year(2026) / 6 / 1;
  auto l = dose_labels(rx, formulary_, kToday).at(0);
  EXPECT_EQ(l.drug, "D9999");
  EXPECT_EQ(l.dose, "遵医嘱");
  EXPECT_EQ(l.frequency, "遵医嘱");
  EXPECT_EQ(l.route, "遵医嘱");
  EXPECT_EQ(l.days, "");
  EXPECT_EQ(l.quantity, "2 盒");
  EXPECT_EQ(l.patient, "张三丰 不足1岁");
  rx.patient.birth_date.reset();
  rx.patient.name.clear();
  EXPECT_EQ(dose_labels(rx, formulary_, kToday).at(0).patient, "P000123");
}

}  // namespace
}  // namespace rx
