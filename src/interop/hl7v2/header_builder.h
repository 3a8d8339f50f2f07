// The MSH segment of the messages rxpress writes.
#pragma once

#include <string>

#include "core/time.h"
#include "interop/hl7v2/message.h"
#include "interop/hl7v2/segment_writer.h"

namespace rx::hl7 {

struct OutboundHeader {
  std::string sending_application, sending_facility;  // empty: rxpress's own names
  std::string receiving_application, receiving_facility;
  std::string message_code, trigger_event, message_structure;  // MSH-9: "RDS", "O13", "RDS_O13"
  std::string control_id;                                      // MSH-10
  std::string processing_id = "P";                             // MSH-11
  std::string version;                                         // MSH-12; empty: kWriteVersion
  std::string character_set;                                   // MSH-18; empty: UNICODE UTF-8
};

// MSH with the default delimiters, MSH-7 `now` in `zone` to the second.
Segment make_msh(const OutboundHeader& header, Instant now, const Zone& zone);
// The same MSH, written as a whole segment.
void write_msh(SegmentWriter& writer, const OutboundHeader& header, Instant now, const Zone& zone);

// A message with the default encoding characters and `msh` first.
Message start_message(Segment msh);

}  // namespace rx::hl7
