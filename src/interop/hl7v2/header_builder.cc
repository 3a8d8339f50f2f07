#include "interop/hl7v2/header_builder.h"

#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/segments.h"

namespace rx::hl7 {

namespace {

// MSH-3 onwards, in field order, each given to put(field, text, component).
template <class Put>
void msh_fields(const OutboundHeader& h, Instant now, const Zone& zone, Put&& put) {
  auto or_default = [](const std::string& given, std::string_view fallback) {
    return given.empty() ? fallback : std::string_view(given);
  };
  put(3, or_default(h.sending_application, kRxpressApplication), 1);
  put(4, or_default(h.sending_facility, kRxpressFacility), 1);
  put(5, h.receiving_application, 1);
  put(6, h.receiving_facility, 1);
  put(7, format_dtm(now, zone), 1);
  put(9, h.message_code, 1);
  // "ACK^^ACK" would be refused by receivers (ours too): no trigger, no structure.
  if (!h.trigger_event.empty()) {
    put(9, h.trigger_event, 2);
    if (!h.message_structure.empty()) put(9, h.message_structure, 3);
  }
  put(10, h.control_id, 1);
  put(11, or_default(h.processing_id, "P"), 1);
  put(12, or_default(h.version, kWriteVersion), 1);
  put(18, or_default(h.character_set, kUtf8Charset), 1);
}

}  // namespace

Segment make_msh(const OutboundHeader& h, Instant now, const Zone& zone) {
  EncodingCharacters enc;
  Segment msh{"MSH", {}};
  set(msh, 1, std::string(1, enc.field));
  set(msh, 2, enc.msh2());
  msh_fields(h, now, zone,
             [&](int field, std::string_view text, int comp) { set(msh, field, std::string(text), 1, comp); });
  return msh;
}

void write_msh(SegmentWriter& writer, const OutboundHeader& h, Instant now, const Zone& zone) {
  writer.begin("MSH");
  msh_fields(h, now, zone, [&](int field, std::string_view text, int comp) { writer.put(field, text, comp); });
  writer.end();
}

Message start_message(Segment msh) {
  Message m;
  m.segments.push_back(std::move(msh));
  return m;
}

}  // namespace rx::hl7
