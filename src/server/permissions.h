// The role table of contracts.md: which role may do what.
#pragma once

#include <string_view>

namespace rx {

enum class Permission {
  kRead,
  kCreatePrescription,
  kCancel,
  kPayment,
  kCheckIn,
  kOverride,
  kReject,
  kVerify,
  kHandOver,
  kStockIn,
  kReplenishment,
  kDeviceTasks,
  kConfiguration,
  kApproveStocktake,
  kRecall,
  kColdChainDecision,  // release or quarantine a lot exposed by a temperature excursion
  kReturnToPrescriber,      // 退回医师
  kPrescriberConfirmation,  // 双签: from the HIS, or taken by a pharmacist on the phone
  kPrintLabels,             // dose-instruction labels (用法用量标签)
};

// Stable lower-case name, e.g. "create_prescription".
std::string_view permission_name(Permission p);
// True if tokens of `role` may do `p`. Unknown roles may do nothing.
bool role_may(std::string_view role, Permission p);
// True for his, pharmacist, technician and admin.
bool is_known_role(std::string_view role);

}  // namespace rx
