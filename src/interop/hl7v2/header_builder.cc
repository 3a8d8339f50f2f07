#include "interop/hl7v2/header_builder.h"

#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/segments.h"

namespace rx::hl7 {

Segment make_msh(const OutboundHeader& h, Instant now, const Zone& zone) {
  EncodingCharacters enc;
  Segment msh{"MSH", {}};
  set(msh, 1, std::string(1, enc.field));
  set(msh, 2, enc.msh2());
  set(msh, 3, h.sending_application.empty() ? std::string(kRxpressApplication) : h.sending_application);
  set(msh, 4, h.sending_facility.empty() ? std::string(kRxpressFacility) : h.sending_facility);
  set(msh, 5, h.receiving_application);
  set(msh, 6, h.receiving_facility);
  set(msh, 7, format_dtm(now, zone));
  set(msh, 9, h.message_code, 1, 1);
  // "ACK^^ACK" would be refused by receivers (ours too): no trigger, no structure.
  if (!h.trigger_event.empty()) {
    set(msh, 9, h.trigger_event, 1, 2);
    if (!h.message_structure.empty()) set(msh, 9, h.message_structure, 1, 3);
  }
  set(msh, 10, h.control_id);
  set(msh, 11, h.processing_id.empty() ? std::string("P") : h.processing_id);
  set(msh, 12, h.version.empty() ? std::string(kWriteVersion) : h.version);
  set(msh, 18, h.character_set.empty() ? std::string(kUtf8Charset) : h.character_set);
  return msh;
}

Message start_message(Segment msh) {
  Message m;
  m.segments.push_back(std::move(msh));
  return m;
}

}  // namespace rx::hl7
