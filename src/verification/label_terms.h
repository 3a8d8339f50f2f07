// The Chinese words of a dose-instruction label (用法用量标签): frequency,
// route and dosage form, as a patient reads them.
#pragma once

#include <string>
#include <string_view>

#include "core/frequency.h"

namespace rx {

// qd → 每日一次, bid → 每日两次, q8h → 每8小时一次, prn → 必要时, …
std::string_view frequency_zh(Frequency f);
// po → 口服, top → 外用, sl → 舌下含服, …, case-insensitive; "遵医嘱" for an
// empty route; a route not in the table as written.
std::string route_zh(std::string_view route);
// tablet → 片剂, sustained_release_tablet → 缓释片, …; a form not in the
// table as written.
std::string form_zh(std::string_view form);

}  // namespace rx
