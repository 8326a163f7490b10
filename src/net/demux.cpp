#include "net/demux.h"

#include "common/trace.h"

namespace lucid::net {

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

void Demux::on(PacketClass c, Handler handler) {
  handlers_[static_cast<std::size_t>(c)] = std::move(handler);
}

PacketClass Demux::dispatch(const Datagram& datagram) const {
  const PacketClass c = classify(datagram.data);
  if (c == PacketClass::Unknown) {
    LUCID_TRACE("net", "dropped a ", datagram.data.size(), "-byte datagram from ",
                datagram.remote.to_string(),
                datagram.data.empty() ? std::string(": it is empty")
                                      : trace::concat(": first byte ", int(datagram.data[0]),
                                                      " is no protocol of RFC 7983"));
    return c;
  }
  const Handler& handler = handlers_[static_cast<std::size_t>(c)];
  if (!handler) {
    LUCID_TRACE("net", "dropped a ", datagram.data.size(), "-byte ", to_string(c),
                " datagram from ", datagram.remote.to_string(), ": no layer here handles ",
                to_string(c), " yet");
    return c;
  }
  handler(datagram);
  return c;
}

}  // namespace lucid::net
