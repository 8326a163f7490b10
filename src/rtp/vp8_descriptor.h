// The VP8 payload descriptor (RFC 7741 §4.2): the bytes in front of every VP8 RTP payload that
// say where in a frame this packet's piece belongs.
//
//         0 1 2 3 4 5 6 7
//        +-+-+-+-+-+-+-+-+
//        |X|R|N|S|R| PID | (REQUIRED)
//        +-+-+-+-+-+-+-+-+
//   X:   |I|L|T|K| RSV   | (OPTIONAL)
//        +-+-+-+-+-+-+-+-+
//   I:   |M| PictureID   | (OPTIONAL: 7 bits, or 15 when M is set)
//        +-+-+-+-+-+-+-+-+
//   M:   | PictureID     |
//        +-+-+-+-+-+-+-+-+
//   L:   |   TL0PICIDX   | (OPTIONAL)
//        +-+-+-+-+-+-+-+-+
//   T/K: |TID|Y| KEYIDX  | (OPTIONAL)
//        +-+-+-+-+-+-+-+-+
//
// S marks the first packet of a VP8 partition and PID says which partition; a frame starts with
// S=1, PID=0. N says no other frame refers to this one (it can be dropped). The picture id counts
// frames, so a receiver can tell which frame was lost.
//
// At the start of a frame the VP8 payload header follows (RFC 7741 §4.3): its first byte's
// lowest bit P is 0 for a key frame, the one a decoder can start from.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::rtp {

struct Vp8Descriptor {
  bool non_reference = false;         // N
  bool start_of_partition = false;    // S
  std::uint8_t partition_index = 0;   // PID, 3 bits: 0-7
  std::optional<std::uint16_t> picture_id;  // I: 7 or 15 bits
  bool picture_id_15_bits = true;     // M: how picture_id is written
  std::optional<std::uint8_t> tl0_pic_idx;  // L: temporal level 0 picture index
  std::optional<std::uint8_t> tid;          // T: temporal layer index, 2 bits
  bool layer_sync = false;                  // Y, written with TID or KEYIDX
  std::optional<std::uint8_t> key_idx;      // K: 5 bits

  // The first packet of a frame: S=1 and partition 0 (RFC 7741 §4.4).
  bool starts_frame() const { return start_of_partition && partition_index == 0; }
  friend bool operator==(const Vp8Descriptor&, const Vp8Descriptor&) = default;
};

struct ParsedVp8 {
  Vp8Descriptor descriptor;
  BytesView payload;  // the VP8 bytes after the descriptor (into the packet's payload)
};

// Reads the descriptor in front of an RTP payload. Refuses a payload that ends inside the
// descriptor or has nothing after it (RFC 7741 §4.2: a packet carries at least one VP8 byte).
Result<ParsedVp8> parse_vp8(BytesView rtp_payload);
// Writes it (picture id masked to 7 or 15 bits, TID to 2, KEYIDX to 5, PID to 3).
Bytes serialize_vp8(const Vp8Descriptor& descriptor);

// RFC 7741 §4.3: the first byte of a frame's VP8 payload header has P=0 on a key frame.
inline bool is_vp8_keyframe(BytesView frame_start) {
  return !frame_start.empty() && (frame_start[0] & 0x01) == 0;
}

}  // namespace lucid::rtp
