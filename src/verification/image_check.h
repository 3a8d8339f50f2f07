// The verification station's check of a tote photo against a prescription's
// plan (四查十对, 查药品: drug, form, strength, lot, in date, exact count):
// which packs match, which planned packs are missing, which codes are extra,
// which packs are expired, and which drugs need the LASA and high-alert care.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/pack.h"
#include "core/time.h"
#include "verification/image_codes.h"

namespace rx {

// One line of the plan: `packs` packs of one lot for one item.
struct ToteLine {
  int item = 0;
  DrugCode drug;
  LotNo lot;
  Date expiry;
  int packs = 0;
};

struct ToteExpectation {
  std::string prescription_id;
  std::vector<ToteLine> lines;
};

enum class ToteCodeStatus {
  kMatched,   // a pack of a planned line, in date
  kExpired,   // the planned drug and lot, past its expiry
  kExtra,     // a pack the plan does not want: other drug or lot, one too many, or a serial seen twice
  kBadCode,   // a GS1 or NMPA pack code that does not parse
  kOther,     // not a pack code (a tote or prescription label)
  kUnplanned, // a pack read with no plan to check it against
};
std::string_view tote_code_status_name(ToteCodeStatus s);  // "matched", "expired", …

struct ToteCode {
  ImageCode code;
  ToteCodeStatus status = ToteCodeStatus::kOther;
  std::string reason;           // why it is not matched, or "passed"
  Pack pack;                    // what the code says, as far as it could be read
  const Drug* drug = nullptr;   // the formulary drug of the pack, if any
  std::optional<size_t> line;   // the plan line it fills
  bool expired = false;
};

struct ToteMissing {
  size_t line = 0;
  int packs = 0;  // how many of the line's packs were not found
};

struct LasaGroupSeen {
  std::string group;
  std::vector<DrugCode> drugs;  // the group's drugs in the tote or on the plan, in formulary order
};

struct ToteCheck {
  bool has_plan = false;
  ToteExpectation expectation;
  std::vector<ToteCode> codes;
  std::vector<ToteMissing> missing;
  std::vector<LasaGroupSeen> lasa;       // groups with more than one drug together: a warning
  std::vector<DrugCode> high_alert;      // high-alert drugs in the tote or on the plan: confirm explicitly
  // True when every planned pack is matched and nothing is extra, expired or unreadable.
  bool passed() const;
  int count(ToteCodeStatus s) const;
};

// Checks the decoded codes of a photo against `expectation` (no plan: every
// pack is only read and dated) on `today`.
ToteCheck check_tote(const std::vector<ImageCode>& codes, const std::optional<ToteExpectation>& expectation,
                     const Formulary& formulary, Date today);

}  // namespace rx
