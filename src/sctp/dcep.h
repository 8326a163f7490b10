// The Data Channel Establishment Protocol (RFC 8832), written by hand.
//
// DCEP is two messages carried on the data channel's own SCTP stream with PPID 50:
// the side that opens a channel sends DATA_CHANNEL_OPEN (label, protocol, reliability), the
// other side answers DATA_CHANNEL_ACK. Channels created with negotiated=true skip DCEP.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::sctp::dcep {

// RFC 8832 §8.2.1: Message Type registry.
enum class MessageType : std::uint8_t {
  DataChannelAck = 0x02,
  DataChannelOpen = 0x03,
};

// RFC 8832 §5.1: Channel Type. The high bit (0x80) means unordered; the low bits choose
// full reliability, a retransmission limit, or a lifetime limit.
enum class ChannelType : std::uint8_t {
  Reliable = 0x00,
  PartialReliableRexmit = 0x01,
  PartialReliableTimed = 0x02,
  ReliableUnordered = 0x80,
  PartialReliableRexmitUnordered = 0x81,
  PartialReliableTimedUnordered = 0x82,
};

// RFC 8832 §5.1: suggested priority values (RFC 8831 §6.4 maps them to the W3C levels).
inline constexpr std::uint16_t kPriorityBelowNormal = 128;
inline constexpr std::uint16_t kPriorityNormal = 256;
inline constexpr std::uint16_t kPriorityHigh = 512;
inline constexpr std::uint16_t kPriorityExtraHigh = 1024;

bool is_ordered(ChannelType type);
// "reliable", "partial reliable (rexmit), unordered", ... for traces.
const char* to_string(ChannelType type);

// RFC 8832 §5.1: DATA_CHANNEL_OPEN.
struct Open {
  ChannelType channel_type = ChannelType::Reliable;
  std::uint16_t priority = kPriorityNormal;
  // The retransmission count for *_rexmit, the lifetime in ms for *_timed, ignored (0) otherwise.
  std::uint32_t reliability_parameter = 0;
  std::string label;
  std::string protocol;

  bool operator==(const Open&) const = default;
};

// RFC 8832 §5.2: DATA_CHANNEL_ACK (just the message type).
struct Ack {
  bool operator==(const Ack&) const = default;
};

using Message = std::variant<Open, Ack>;

// Encodes a message. A label or protocol longer than 65535 bytes cannot be encoded: that is a
// programming mistake, so it throws std::length_error.
Bytes encode(const Open& open);
Bytes encode(const Ack& ack);

// Parses one DCEP message. Anything malformed (unknown type, unknown channel type, lengths
// running past the end, trailing bytes) is an Error that names the byte.
Result<Message> parse(BytesView bytes);

}  // namespace lucid::sctp::dcep
