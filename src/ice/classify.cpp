#include "ice/classify.h"

namespace lucid::ice {

PacketClass classify(BytesView datagram) {
  if (datagram.empty()) return PacketClass::Unknown;
  // RFC 7983 §7: the ranges of the first byte.
  const std::uint8_t b = datagram[0];
  if (b <= 3) return PacketClass::Stun;
  if (b >= 16 && b <= 19) return PacketClass::Zrtp;
  if (b >= 20 && b <= 63) return PacketClass::Dtls;
  if (b >= 64 && b <= 79) return PacketClass::TurnChannel;
  if (b >= 128 && b <= 191) return PacketClass::RtpRtcp;
  return PacketClass::Unknown;
}

std::string_view to_string(PacketClass c) {
  switch (c) {
    case PacketClass::Stun: return "STUN";
    case PacketClass::Zrtp: return "ZRTP";
    case PacketClass::Dtls: return "DTLS";
    case PacketClass::TurnChannel: return "TURN ChannelData";
    case PacketClass::RtpRtcp: return "RTP/RTCP";
    case PacketClass::Unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace lucid::ice
