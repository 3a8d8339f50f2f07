// Pack: one physical box, bottle or pen, identified by its scan code.
#pragma once

#include <string>

#include "core/stock.h"

namespace rx {

struct Pack {
  DrugCode drug;
  std::string gtin;
  LotNo lot;
  Date expiry;
  std::string serial;
  std::string code;  // the code as scanned (GS1 element string or NMPA 20 digits)
};

}  // namespace rx
