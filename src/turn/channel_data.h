// ChannelData: the 4-byte-header framing TURN uses once a channel is bound (RFC 8656 §12.4).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Channel Number        |            Length             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                       Application Data                        |
//   /                                                               /
//   |                               +-------------------------------+
//   |                               |  padding to 4 bytes (stream)  |
//   +-------------------------------+-------------------------------+
//
// A Send indication costs 36 bytes of header for every datagram (STUN header, XOR-PEER-ADDRESS,
// DATA's header); ChannelData costs 4. Channel numbers are 0x4000-0x4FFF, so the first byte is
// 64-79 and a receiver tells ChannelData from STUN (0-3), DTLS and RTP by it (RFC 7983 §7).
// Over UDP the datagram ends where the data ends and padding is optional; over TCP and TLS the
// message is padded to a multiple of 4 bytes (§12.5), so that the next one starts aligned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::turn {

// RFC 8656 §12: the range of channel numbers a client may bind.
inline constexpr std::uint16_t kFirstChannel = 0x4000;
inline constexpr std::uint16_t kLastChannel = 0x4FFF;
constexpr bool is_channel_number(std::uint16_t n) { return n >= kFirstChannel && n <= kLastChannel; }

// The transport between client and server: whether ChannelData is padded (§12.5).
enum class Framing { Datagram, Stream };

struct ChannelData {
  std::uint16_t channel = 0;
  BytesView data;  // points into the datagram given to parse_channel_data()
};

// Writes one ChannelData message; with Framing::Stream padded with zeros to a multiple of 4.
Bytes encode_channel_data(std::uint16_t channel, BytesView data, Framing framing = Framing::Datagram);

// Reads one ChannelData message from a datagram: the channel number must be 0x4000-0x4FFF and
// the length must fit in what arrived (RFC 8656 §12.6: a datagram may carry padding after it,
// which is ignored; a shorter one is discarded).
Result<ChannelData> parse_channel_data(BytesView datagram);

// For stream transports (TCP, TLS): how many bytes the message at the start of `stream` takes,
// once its 4-byte header is there — a STUN message 20 + its length, a ChannelData message 4 + its
// length rounded up to 4 (§12.5) — or nullopt when fewer than 4 bytes have arrived. An Error when
// the first byte is neither STUN nor ChannelData: the stream cannot be resynchronised.
Result<std::optional<std::size_t>> next_frame_size(BytesView stream);

}  // namespace lucid::turn
