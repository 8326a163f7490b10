// Demultiplexing what arrives on one UDP port (RFC 7983 §7).
//
// WebRTC sends STUN (ICE checks), DTLS and SRTP over the same 5-tuple. Their first bytes do not
// overlap, so the first byte alone says which layer a datagram is for:
//
//   0 - 3     STUN            (RFC 8489: the two top bits of a STUN message are zero)
//   16 - 19   ZRTP
//   20 - 63   DTLS            (TLS ContentType 20..63)
//   64 - 79   TURN channel    (RFC 8656 ChannelData: channel numbers 0x4000..0x4FFF)
//   128 - 191 RTP / RTCP      (version 2 in the top two bits)
//
// Anything else is not WebRTC traffic and is dropped, with a line in the `net` trace.
#pragma once

#include <array>
#include <functional>
#include <string_view>

#include "common/bytes.h"
#include "net/datagram.h"

namespace lucid::net {

enum class PacketClass { Stun, Zrtp, Dtls, TurnChannel, RtpRtcp, Unknown };

// The class of a datagram, from its first byte (an empty datagram is Unknown).
PacketClass classify(BytesView datagram);
std::string_view to_string(PacketClass c);

// Routes datagrams to one handler per class. A datagram whose class has no handler, or is
// Unknown, is dropped with a trace line saying why.
class Demux {
 public:
  using Handler = std::function<void(const Datagram&)>;

  void on(PacketClass c, Handler handler);
  // Returns the class it was routed as (Unknown or unhandled ones were dropped).
  PacketClass dispatch(const Datagram& datagram) const;

 private:
  std::array<Handler, 6> handlers_;
};

}  // namespace lucid::net
