// The prescriber's part of the pharmacist workflow: 退回医师 and 双签.
#include <fmt/format.h>

#include "interop/hl7v2/outbound.h"
#include "service/pharmacy.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

void Pharmacy::Impl::enqueue_return_to_prescriber(const PrescriptionRecord& r) {
  enqueue_his(
      r,
      [this, &r](const std::string& control_id) {
        return hl7::write_order_hold(r.rx, r.returned_to_prescriber->reason, control_id, sched_.now(), config_.zone);
      });
}

void Pharmacy::return_to_prescriber(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (blank(reason)) return im.reply_error(Status::invalid("a return to the prescriber needs a reason", "reason"), done);
  if (r->status != RxStatus::kBlocked) {
    return im.reply_error(Status::conflict(fmt::format("only a blocked prescription can be returned to its "
                                                       "prescriber; it is {}",
                                                       rx_status_name(r->status))),
                          done);
  }
  if (r->awaiting_prescriber()) return im.reply(*r, done);
  r->returned_to_prescriber = PrescriberReturn{reason, scheduler_.now(), actor.label()};
  r->prescriber_confirmation.reset();  // the prescriber is asked again
  im.touch(*r);
  im.emit("prescription.returned_to_prescriber", actor, r->id,
          {{"reason", reason}, {"codes", blocking_codes(r->findings)}});
  im.enqueue_return_to_prescriber(*r);
  im.reply(*r, done);
}

void Pharmacy::confirm_by_prescriber(PrescriptionId id, Prescriber prescriber, std::string reason, const Actor& actor,
                                     RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (blank(reason)) return im.reply_error(Status::invalid("a prescriber's confirmation needs a reason", "reason"), done);
  if (blank(prescriber.id)) {
    return im.reply_error(Status::invalid("the confirming prescriber's id is required", "prescriber.id"), done);
  }
  if (blank(prescriber.name)) {
    return im.reply_error(Status::invalid("the confirming prescriber's name is required", "prescriber.name"), done);
  }
  // 双签 is the prescribing doctor's second signature, not anyone's.
  const Prescriber& own = r->rx.prescriber;
  if (!own.id.empty() && own.id != prescriber.id) {
    return im.reply_error(Status::invalid(fmt::format("the prescription was written by {} ({}); found a "
                                                      "confirmation by {}",
                                                      own.id, own.name, prescriber.id),
                                          "prescriber.id"),
                          done);
  }
  const auto& existing = r->prescriber_confirmation;
  if (existing && existing->prescriber.id == prescriber.id && existing->reason == reason) {
    return im.reply(*r, done);
  }
  if (r->status != RxStatus::kBlocked) {
    return im.reply_error(Status::conflict(fmt::format("only a blocked prescription can be confirmed by its "
                                                       "prescriber; it is {}",
                                                       rx_status_name(r->status))),
                          done);
  }
  r->prescriber_confirmation = PrescriberConfirmation{prescriber, reason, scheduler_.now(), actor.label()};
  im.touch(*r);
  im.emit("prescription.prescriber_confirmed", actor, r->id,
          {{"prescriber", {{"id", prescriber.id}, {"name", prescriber.name}}},
           {"reason", reason},
           {"codes", blocking_codes(r->findings)}});
  im.reply(*r, done);
}

}  // namespace rx
