#include "inventory/task_scan.h"

#include <fmt/format.h>

#include "interop/gs1/pack_code.h"

namespace rx {
namespace {

Status refuse(std::string reason, std::string message) {
  return Status::invalid(std::move(message), "scan").with_reason(std::move(reason));
}

std::string describe(const Drug& drug) { return fmt::format("{} {}", drug.code.value(), drug.name_zh); }

}  // namespace

Result<TaskScan> match_task_scan(const StockTask& task, std::string_view scan, const Formulary& formulary) {
  Result<PackCode> code = parse_pack_code(scan);
  if (!code.ok()) return refuse("BAD_CODE", fmt::format("the scanned code does not read: {}", code.status().message()));
  const bool gs1 = code->kind == PackCode::Kind::kGs1;
  const Drug* drug = gs1 ? formulary.find_by_gtin(code->gtin) : formulary.find_by_nmpa(code->nmpa_product_code);
  if (drug == nullptr) {
    return refuse("UNKNOWN_GTIN", gs1 ? fmt::format("GTIN {} is not in the formulary", code->gtin)
                                      : fmt::format("NMPA product {} is not in the formulary", code->nmpa_product_code));
  }
  if (drug->code != task.drug) {
    const Drug* wanted = formulary.find(task.drug);
    return refuse("WRONG_DRUG", fmt::format("task {} is for {}, the scanned pack is {}", task.id,
                                            wanted ? describe(*wanted) : task.drug.value(), describe(*drug)));
  }
  TaskScan out{drug, LotNo(code->lot), code->expiry, code->serial};
  if (code->lot.empty()) {
    if (!task.lot) {
      return refuse("MISSING_LOT", fmt::format("the scanned code carries no lot and task {} names none: scan the "
                                               "pack's GS1 DataMatrix",
                                               task.id));
    }
    out.lot = *task.lot;
  } else if (task.lot && out.lot != *task.lot) {
    return refuse("WRONG_LOT", fmt::format("task {} is for lot {}, the scanned pack is lot {}", task.id,
                                           task.lot->value(), out.lot.value()));
  }
  return out;
}

}  // namespace rx
