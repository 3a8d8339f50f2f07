// The JSON form of an HL7 v2 message tree, as `rxpress hl7 parse` prints it
// (keys in the order shown).
//
//   {"encoding": {"field":"|", "component":"^", "repetition":"~", "escape":"\\",
//                 "subcomponent":"&", "truncation":"#" or null},
//    "segments": [{"name":"PID", "fields":[field 1, field 2, ...]}, ...]}
//
// A field is an array of repetitions, a repetition an array of components, a
// component an array of subcomponent texts (escapes decoded), so
// fields[n-1][r-1][c-1][s-1] is SEG-n(r).c.s and every level is always an
// array: PID-3 "A^B&C~D" is [[["A"],["B","C"]],[["D"]]], an empty field [[[""]]].
// MSH-1 and MSH-2 hold the delimiters as text, [[["|"]]] and [[["^~\\&"]]].
#pragma once

#include <nlohmann/json.hpp>

#include "interop/hl7v2/message.h"

namespace rx::hl7 {

// {"name": ..., "fields": [...]}
nlohmann::ordered_json segment_to_json(const Segment& segment);

// {"encoding": {...}, "segments": [...]}
nlohmann::ordered_json message_to_json(const Message& message);

// {"envelope": [segments FHS, BHS, BTS, FTS as they came], "messages": [messages]}
nlohmann::ordered_json batch_to_json(const Batch& batch);

}  // namespace rx::hl7
