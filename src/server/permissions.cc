#include "server/permissions.h"

#include <algorithm>
#include <array>

namespace rx {
namespace {

constexpr std::string_view kHis = "his";
constexpr std::string_view kPharmacist = "pharmacist";
constexpr std::string_view kTechnician = "technician";
constexpr std::string_view kAdmin = "admin";

struct Grant {
  Permission permission;
  std::string_view name;
  std::array<std::string_view, 4> roles;  // unused slots are empty
};

// contracts.md "Authentication and roles"; admin may do everything.
const Grant kGrants[] = {
    {Permission::kRead, "read", {kHis, kPharmacist, kTechnician, kAdmin}},
    {Permission::kCreatePrescription, "create_prescription", {kHis, kAdmin}},
    {Permission::kCancel, "cancel", {kHis, kAdmin}},
    {Permission::kPayment, "payment", {kHis, kAdmin}},
    {Permission::kCheckIn, "checkin", {kHis, kPharmacist, kAdmin}},
    {Permission::kOverride, "override", {kPharmacist, kAdmin}},
    {Permission::kReject, "reject", {kPharmacist, kAdmin}},
    {Permission::kVerify, "verify", {kPharmacist, kAdmin}},
    {Permission::kHandOver, "handover", {kPharmacist, kAdmin}},
    {Permission::kStockIn, "stock_in", {kTechnician, kAdmin}},
    {Permission::kReplenishment, "replenishment", {kTechnician, kAdmin}},
    {Permission::kDeviceTasks, "device_tasks", {kTechnician, kAdmin}},
    {Permission::kConfiguration, "configuration", {kAdmin}},
    {Permission::kApproveStocktake, "approve_stocktake", {kAdmin}},
    {Permission::kRecall, "recall", {kPharmacist, kAdmin}},
    {Permission::kColdChainDecision, "cold_chain_decision", {kPharmacist, kAdmin}},
    {Permission::kReturnToPrescriber, "return_to_prescriber", {kPharmacist, kAdmin}},
    {Permission::kPrescriberConfirmation, "prescriber_confirmation", {kHis, kPharmacist, kAdmin}},
    {Permission::kPrintLabels, "print_labels", {kPharmacist, kTechnician, kAdmin}},
};

const Grant& grant(Permission p) {
  return *std::find_if(std::begin(kGrants), std::end(kGrants), [p](const Grant& g) { return g.permission == p; });
}

}  // namespace

std::string_view permission_name(Permission p) { return grant(p).name; }

bool role_may(std::string_view role, Permission p) {
  const auto& roles = grant(p).roles;
  return !role.empty() && std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool is_known_role(std::string_view role) {
  return role == kHis || role == kPharmacist || role == kTechnician || role == kAdmin;
}

}  // namespace rx
