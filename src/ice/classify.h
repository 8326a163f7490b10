// The one RFC 7983 classifier of the stack: which layer a datagram is for, from its first byte.
//
// WebRTC sends STUN (ICE checks and consent), DTLS, SRTP/SRTCP and TURN ChannelData over one
// 5-tuple (RFC 7983 §7, as updated by RFC 8656 §18). Their first bytes do not overlap:
//
//   0 - 3     STUN            (RFC 8489: the two top bits of a STUN message are zero)
//   16 - 19   ZRTP
//   20 - 63   DTLS            (TLS ContentType 20..63)
//   64 - 79   TURN ChannelData (RFC 8656 §12: channel numbers 0x4000..0x4FFF)
//   128 - 191 RTP / RTCP      (version 2 in the top two bits)
//
// Every datagram enters the stack through ice::Agent::handle_input, which classifies it here once:
// STUN stays in ICE, what is for a layer above goes up with its class (ice/agent.h, Payload).
#pragma once

#include <string_view>

#include "common/bytes.h"

namespace lucid::ice {

enum class PacketClass { Stun, Zrtp, Dtls, TurnChannel, RtpRtcp, Unknown };

// The class of a datagram, from its first byte (an empty datagram is Unknown).
PacketClass classify(BytesView datagram);
std::string_view to_string(PacketClass c);

}  // namespace lucid::ice
