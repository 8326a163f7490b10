// The packets a sender keeps after sending them, so that it can answer a NACK (RFC 4585
// §6.2.1) by sending them again.
//
// Bounded: it holds the last `capacity` packets by sequence number, in a ring indexed by
// sequence number modulo the capacity; a newer packet pushes out the one `capacity` before it.
// A NACK for anything older gets nothing, which is the right answer: a packet that old would
// come too late to be played.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rtp/packet.h"

namespace lucid::rtp {

class SendHistory {
 public:
  // 512 packets is about 4 s of 1 Mbit/s video in 1,200-byte packets. A power of two up to
  // 32768; anything else throws std::invalid_argument.
  explicit SendHistory(std::size_t capacity = 512);

  // A packet just sent.
  void record(const Packet& packet);
  // The packet sent with this sequence number, if it is still held.
  const Packet* find(std::uint16_t sequence_number) const;
  std::size_t capacity() const { return slots_.size(); }

 private:
  std::vector<std::optional<Packet>> slots_;
};

}  // namespace lucid::rtp
