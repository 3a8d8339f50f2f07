#include "server/permissions.h"

#include <gtest/gtest.h>

#include <set>

namespace rx {
namespace {

constexpr Permission kAll[] = {
    Permission::kRead,          Permission::kCreatePrescription,
    Permission::kCancel,        Permission::kPayment,
    Permission::kCheckIn,       Permission::kOverride,
    Permission::kReject,        Permission::kVerify,
    Permission::kHandOver,      Permission::kStockIn,
    Permission::kReplenishment, Permission::kDeviceTasks,
    Permission::kConfiguration, Permission::kApproveStocktake,
    Permission::kRecall,        Permission::kColdChainDecision,
    Permission::kReturnToPrescriber, Permission::kPrescriberConfirmation,
    Permission::kPrintLabels,
};

std::set<Permission> allowed(std::string_view role) {
  std::set<Permission> out;
  for (Permission p : kAll) {
    if (role_may(role, p)) out.insert(p);
  }
  return out;
}

// contracts.md "Authentication and roles", row by row.
TEST(PermissionsTest, HisCreatesCancelsPaysChecksInAndReads) {
  EXPECT_EQ(allowed("his"), (std::set<Permission>{Permission::kRead, Permission::kCreatePrescription,
                                                  Permission::kCancel, Permission::kPayment, Permission::kCheckIn,
                                                  Permission::kPrescriberConfirmation}));
}

TEST(PermissionsTest, PharmacistReviewsVerifiesHandsOver) {
  EXPECT_EQ(allowed("pharmacist"),
            (std::set<Permission>{Permission::kRead, Permission::kCheckIn, Permission::kOverride, Permission::kReject,
                                  Permission::kVerify, Permission::kHandOver, Permission::kRecall,
                                  Permission::kColdChainDecision, Permission::kReturnToPrescriber,
                                  Permission::kPrescriberConfirmation, Permission::kPrintLabels}));
}

TEST(PermissionsTest, TechnicianStocksAndTendsDevices) {
  EXPECT_EQ(allowed("technician"), (std::set<Permission>{Permission::kRead, Permission::kStockIn,
                                                         Permission::kReplenishment, Permission::kDeviceTasks,
                                                         Permission::kPrintLabels}));
}

TEST(PermissionsTest, APharmacistOrAnAdminRecallsALot) {
  EXPECT_TRUE(role_may("pharmacist", Permission::kRecall));
  EXPECT_TRUE(role_may("admin", Permission::kRecall));
  EXPECT_FALSE(role_may("technician", Permission::kRecall));
  EXPECT_FALSE(role_may("his", Permission::kRecall));
  EXPECT_EQ(permission_name(Permission::kRecall), "recall");
}

TEST(PermissionsTest, APharmacistOrAnAdminDecidesOnAnExposedLot) {
  EXPECT_TRUE(role_may("pharmacist", Permission::kColdChainDecision));
  EXPECT_TRUE(role_may("admin", Permission::kColdChainDecision));
  EXPECT_FALSE(role_may("technician", Permission::kColdChainDecision));
  EXPECT_EQ(permission_name(Permission::kColdChainDecision), "cold_chain_decision");
}

TEST(PermissionsTest, OnlyAnAdminApprovesAStocktake) {
  EXPECT_TRUE(role_may("admin", Permission::kApproveStocktake));
  EXPECT_FALSE(role_may("technician", Permission::kApproveStocktake));
  EXPECT_FALSE(role_may("pharmacist", Permission::kApproveStocktake));
  EXPECT_EQ(permission_name(Permission::kApproveStocktake), "approve_stocktake");
}

TEST(PermissionsTest, AdminMayDoEverything) { EXPECT_EQ(allowed("admin").size(), std::size(kAll)); }

TEST(PermissionsTest, UnknownRolesMayDoNothing) {
  EXPECT_TRUE(allowed("").empty());
  EXPECT_TRUE(allowed("system").empty());
  EXPECT_TRUE(allowed("Admin").empty());
  EXPECT_FALSE(is_known_role("system"));
  EXPECT_TRUE(is_known_role("technician"));
}

TEST(PermissionsTest, NamesAreStable) {
  EXPECT_EQ(permission_name(Permission::kHandOver), "handover");
  EXPECT_EQ(permission_name(Permission::kCreatePrescription), "create_prescription");
  std::set<std::string_view> names;
  for (Permission p : kAll) names.insert(permission_name(p));
  EXPECT_EQ(names.size(), std::size(kAll));
}

}  // namespace
}  // namespace rx
