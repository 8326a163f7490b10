// Cutting one encoded VP8 frame into RTP packets (RFC 7741 §4.4, §5).
//
// Each packet carries the payload descriptor (rtp/vp8_descriptor.h) and a piece of the frame:
// the first has S=1 and PID=0, the last has the RTP marker bit set, all have the frame's RTP
// timestamp (a 90 kHz clock, RFC 7741 §4.1) and the frame's 15-bit picture id. The pieces are
// made as even as the MTU allows, so no packet is a small leftover.
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.h"
#include "rtp/packet.h"

namespace lucid::rtp {

class Vp8Packetizer {
 public:
  struct Config {
    std::uint32_t ssrc = 0;
    std::uint8_t payload_type = 96;
    std::uint16_t first_sequence_number = 0;  // random in real use (RFC 3550 §5.1)
    std::uint16_t first_picture_id = 0;       // random in real use too
    std::size_t mtu = 1200;                   // largest RTP packet, header included
  };
  // Throws std::invalid_argument for an MTU too small to carry the headers and one byte.
  explicit Vp8Packetizer(Config config);

  // The packets of one frame, in order. An empty frame gives no packet.
  std::vector<Packet> packetize(BytesView frame, std::uint32_t rtp_timestamp);

  std::uint16_t next_sequence_number() const { return sequence_number_; }

 private:
  Config config_;
  std::uint16_t sequence_number_;
  std::uint16_t picture_id_;  // 15 bits
};

}  // namespace lucid::rtp
