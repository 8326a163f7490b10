// Opus over RTP (RFC 7587): the simplest payload format there is.
//
// One Opus packet (one or more frames of 2.5-60 ms that the encoder put together) is the whole
// RTP payload: no descriptor, no fragmentation (RFC 7587 §4.2). The RTP clock is always 48 kHz,
// whatever rate the encoder sampled at (§4.1), so the timestamp moves on by 48 per millisecond:
// 960 for the usual 20 ms frame. The marker bit may be set on the first packet after silence
// (DTX, §4.1); a sender that never stops leaves it clear.
#pragma once

#include <chrono>
#include <cstdint>

#include "common/bytes.h"
#include "common/time.h"
#include "rtp/packet.h"

namespace lucid::rtp {

inline constexpr std::uint32_t kOpusClockRate = 48000;  // RFC 7587 §4.1

// RFC 7587 §4.1: the timestamp step for a packet of this duration (20 ms -> 960).
constexpr std::uint32_t opus_timestamp_step(Duration duration) {
  return static_cast<std::uint32_t>(duration.count() * kOpusClockRate / 1'000'000);
}

class OpusPacketizer {
 public:
  struct Config {
    std::uint32_t ssrc = 0;
    std::uint8_t payload_type = 111;
    std::uint16_t first_sequence_number = 0;  // random in real use (RFC 3550 §5.1)
    std::uint32_t first_timestamp = 0;        // random in real use too
  };
  explicit OpusPacketizer(Config config)
      : config_(config), sequence_number_(config.first_sequence_number), timestamp_(config.first_timestamp) {}

  // The packet for one Opus packet of `duration`; the next one's timestamp follows on.
  Packet packetize(BytesView opus, Duration duration) {
    Packet p;
    p.payload_type = config_.payload_type;
    p.ssrc = config_.ssrc;
    p.sequence_number = sequence_number_++;
    p.timestamp = timestamp_;
    p.payload.assign(opus.begin(), opus.end());
    timestamp_ += opus_timestamp_step(duration);
    return p;
  }

 private:
  Config config_;
  std::uint16_t sequence_number_;
  std::uint32_t timestamp_;
};

}  // namespace lucid::rtp
