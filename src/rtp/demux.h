// Telling RTP from RTCP when both share one port (rtcp-mux, RFC 5761), as every WebRTC
// endpoint does (RFC 8834 §5.1.1 requires it).
//
// Both start with V=2 in the top bits of byte 0 (RFC 7983 has already sent bytes 128-191 to
// this layer). The second byte is where they differ: in RTP it is M and the 7-bit payload type,
// in RTCP the 8-bit packet type (SR 200, RR 201, ... PSFB 206). RFC 5761 §4: "if the second
// octet of the packet is in the range 192 to 223 (or payload types 64-95 with the marker bit
// set), it is RTCP"; so RTP payload types 64-95 must not be used on a muxed port.
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace lucid::rtp {

// RFC 5761 §4: the second byte in 192-223 means RTCP.
inline bool is_rtcp(BytesView datagram) {
  return datagram.size() >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

// RFC 5761 §4: a payload type a muxed session may give to a codec (not 64-95).
inline bool payload_type_allowed_with_rtcp_mux(std::uint8_t payload_type) {
  return payload_type <= 127 && (payload_type < 64 || payload_type > 95);
}

}  // namespace lucid::rtp
