#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/stock_json.h"

namespace rx {
namespace {

const Zone kZone = Zone::shanghai();

StockMovement dispensed() {
  StockMovement m;
  m.id = 1234567;
  m.at = *parse_instant("2026-12-01T09:15:42.125+08:00", kZone);
  m.kind = MovementKind::kDispensed;
  m.lot = Lot{DrugCode("D0012"), LotNo("L2026-07"), *parse_date("2027-06-30")};
  m.location = LocationCode("C-03-12");
  m.delta = -1;
  m.on_hand = 17;
  m.prescription = PrescriptionId(8928);
  m.serial = "SN000123";
  m.actor = "device:C";
  m.reason = "";
  return m;
}

// The text must be what the tree it replaces dumps, byte for byte: the
// stored events and the simulation's outputs depend on it.
std::string tree_text(const StockMovement& m, int quantity) {
  nlohmann::json payload = movement_json(m, kZone);
  payload["quantity"] = quantity;
  return payload.dump();
}

TEST(MovementEventText, EqualsTheTreesDumpForADispensedPack) {
  StockMovement m = dispensed();
  EXPECT_EQ(movement_event_text(m, 1, kZone), tree_text(m, 1));
}

TEST(MovementEventText, WritesNullForNoPrescription) {
  StockMovement m = dispensed();
  m.kind = MovementKind::kReceived;
  m.prescription.reset();
  m.delta = 240;
  m.on_hand = 240;
  m.serial.clear();
  const std::string text = movement_event_text(m, 240, kZone);
  EXPECT_EQ(text, tree_text(m, 240));
  EXPECT_NE(text.find("\"prescription_id\":null"), std::string::npos);
}

TEST(MovementEventText, EscapesTextAsTheTreeDoes) {
  std::vector<std::string> texts = {"quote \" and backslash \\",   "tab\there, line\nbreak, \r\b\f",
                                    std::string("control \x01\x1f end"), "退货：包装破损",
                                    "",                                   "task 12: expired"};
  for (const std::string& t : texts) {
    StockMovement m = dispensed();
    m.kind = MovementKind::kMoved;
    m.reason = t;
    m.serial = t;
    m.actor = "user:" + t;
    m.location = LocationCode("R-" + t);
    EXPECT_EQ(movement_event_text(m, 3, kZone), tree_text(m, 3)) << t;
  }
}

TEST(MovementEventText, EqualsTheTreeForEveryKind) {
  for (MovementKind kind : {MovementKind::kReceived, MovementKind::kPutAway, MovementKind::kMoved,
                            MovementKind::kDispensed, MovementKind::kReturned, MovementKind::kQuarantined,
                            MovementKind::kRemoved, MovementKind::kAdjusted}) {
    StockMovement m = dispensed();
    m.kind = kind;
    EXPECT_EQ(movement_event_text(m, 1, kZone), tree_text(m, 1)) << movement_kind_name(kind);
  }
}

TEST(MovementEventText, ThrowsOnTextThatIsNotUtf8AsTheTreeDoes) {
  StockMovement m = dispensed();
  m.reason = std::string("bad \xff byte");
  EXPECT_THROW(tree_text(m, 1), nlohmann::json::exception);
  EXPECT_THROW(movement_event_text(m, 1, kZone), nlohmann::json::exception);
}

}  // namespace
}  // namespace rx
