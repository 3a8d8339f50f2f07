#include "interop/hl7v2/message_json.h"

namespace rx::hl7 {

nlohmann::ordered_json segment_to_json(const Segment& segment) {
  // Field, Repetition and Component are nested vectors of strings, which
  // nlohmann::ordered_json turns into the nested arrays the shape promises.
  return {{"name", segment.name}, {"fields", segment.fields}};
}

nlohmann::ordered_json message_to_json(const Message& message) {
  const EncodingCharacters& enc = message.encoding;
  nlohmann::ordered_json encoding = {{"field", std::string(1, enc.field)},
                                     {"component", std::string(1, enc.component)},
                                     {"repetition", std::string(1, enc.repetition)},
                                     {"escape", std::string(1, enc.escape)},
                                     {"subcomponent", std::string(1, enc.subcomponent)},
                                     {"truncation", nullptr}};
  if (enc.truncation) encoding["truncation"] = std::string(1, *enc.truncation);
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (const Segment& s : message.segments) segments.push_back(segment_to_json(s));
  return {{"encoding", std::move(encoding)}, {"segments", std::move(segments)}};
}

nlohmann::ordered_json batch_to_json(const Batch& batch) {
  nlohmann::ordered_json envelope = nlohmann::ordered_json::array();
  for (const Segment& s : batch.envelope) envelope.push_back(segment_to_json(s));
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  for (const Message& m : batch.messages) messages.push_back(message_to_json(m));
  return {{"envelope", std::move(envelope)}, {"messages", std::move(messages)}};
}

}  // namespace rx::hl7
