// An RTP packet: the fixed header, CSRCs, the header extension, payload and padding
// (RFC 3550 §5.1).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                           timestamp                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           synchronization source (SSRC) identifier            |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   |            contributing source (CSRC) identifiers             |
//   |                             ....                              |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | defined by profile (0xBEDE…)  |  length (32-bit words)        |  if X
//   |                    header extension data                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                 payload  ...  | padding ... | padding count   |  padding if P
//
// parse() reads a datagram into a Packet or says why it is not one; serialize() writes it back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "rtp/header_extension.h"

namespace lucid::rtp {

inline constexpr std::uint8_t kVersion = 2;    // RFC 3550 §5.1: V is 2
inline constexpr std::size_t kFixedHeaderSize = 12;

struct Packet {
  bool marker = false;            // M: the profile's mark (for video: last packet of a frame)
  std::uint8_t payload_type = 0;  // PT, 7 bits, bound to a codec in SDP (a=rtpmap)
  std::uint16_t sequence_number = 0;
  std::uint32_t timestamp = 0;    // in the codec's clock rate (90 kHz video, 48 kHz Opus)
  std::uint32_t ssrc = 0;
  std::vector<std::uint32_t> csrcs;          // at most 15 (CC is 4 bits)
  std::optional<HeaderExtension> extension;  // present when X is set
  Bytes payload;
  // P: the number of padding bytes at the end, counting the last one that holds the count
  // (RFC 3550 §5.1). 0 means no padding. Their content is not kept: zeros are written.
  std::uint8_t padding = 0;

  friend bool operator==(const Packet&, const Packet&) = default;
};

// Reads one RTP packet. Refuses: fewer than 12 bytes, a version other than 2, CSRCs or an
// extension that run past the end, padding longer than what follows the header.
Result<Packet> parse(BytesView datagram);
// Writes the packet. Refuses more than 15 CSRCs, a payload type over 127, or extension
// elements the chosen form cannot carry.
Result<Bytes> serialize(const Packet& packet);

// "RTP PT=96 seq=4711 ts=3000 ssrc=0x1234abcd M 1180 bytes": one line for traces.
std::string describe(const Packet& packet);

}  // namespace lucid::rtp
