// The dose-instruction labels of a stored prescription.
#include "service/pharmacy.h"
#include "verification/dose_label_pdf.h"

namespace rx {

Result<std::string> Pharmacy::dose_labels_pdf(PrescriptionId id) const {
  const PrescriptionRecord* r = find(id);
  if (r == nullptr) return Status::not_found("no such prescription");
  LasaMemberships lasa;
  if (config_.knowledge) {
    for (const auto& group : config_.knowledge->lasa_groups) {
      for (const auto& member : group.members) lasa.emplace(member.value(), group.id);
    }
  }
  return rx::dose_labels_pdf(dose_labels(r->rx, formulary_, config_.zone.local_date(now()), lasa));
}

}  // namespace rx
