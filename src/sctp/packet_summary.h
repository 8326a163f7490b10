// A one-line description of an SCTP packet for the trace: "5000 → 5000: INIT".
//
// usrsctp does the protocol; this only reads the common header and the chunk types
// (RFC 9260 §3) so that a learner sees the handshake, stream resets and shutdown go by.
#pragma once

#include <string>

#include "common/bytes.h"

namespace lucid::sctp {

// "5000 → 5000: INIT" or "5000 → 5000: RE-CONFIG, SACK". Packets that carry nothing but DATA,
// SACK and FORWARD-TSN chunks give "" (they would flood the trace); a packet too short to be
// SCTP gives a sentence saying so.
std::string summarize_packet(BytesView packet);

}  // namespace lucid::sctp
