// Intake receipts: the answer given to a message id, stored in the commit of
// the change it acknowledges, so that a resend - even after a restart - gets
// the same answer and changes nothing.
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

constexpr std::string_view kReceiptPrefix = "hl7:";
constexpr std::string_view kPatientPrefix = "patient:";

// "<digest>\n<reply bytes>": the reply is kept byte for byte.
std::string encode(const Pharmacy::IntakeReceipt& r) { return r.digest + "\n" + r.reply; }

}  // namespace

std::optional<Pharmacy::IntakeReceipt> Pharmacy::intake_receipt(const std::string& control_id) const {
  auto it = impl_->receipts_.find(std::string(kReceiptPrefix) + control_id);
  if (it == impl_->receipts_.end()) return std::nullopt;
  return it->second;
}

void Pharmacy::with_intake_receipt(const std::string& control_id, IntakeReceipt receipt,
                                   const std::function<void()>& call) {
  auto& im = *impl_;
  std::string key = std::string(kReceiptPrefix) + control_id;
  // Every call either answers an error without touching the open batch, or
  // changes it (events) or waits for it (after_commit): the receipt joins
  // exactly the batches of calls that succeed.
  long long seq_before = im.last_seq_;
  size_t waiting_before = im.on_commit_.size();
  call();
  if (im.last_seq_ == seq_before && im.on_commit_.size() == waiting_before) return;
  im.set_meta(key, encode(receipt));
  im.receipts_[key] = std::move(receipt);
}

Status Pharmacy::Impl::load_intake_meta(const MetaRow& row) {
  if (row.key.starts_with(kPatientPrefix)) return load_patient(row);
  if (row.key.starts_with(kReceiptPrefix)) {
    size_t nl = row.value.find('\n');
    if (nl == std::string::npos) return Status::internal("stored receipt " + row.key + " has no digest");
    receipts_[row.key] = IntakeReceipt{row.value.substr(0, nl), row.value.substr(nl + 1)};
  }
  return Status();
}

}  // namespace rx
