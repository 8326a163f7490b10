#include "rtp/vp8_descriptor.h"

#include <string>

namespace lucid::rtp {

Result<ParsedVp8> parse_vp8(BytesView payload) {
  ByteReader in(payload);
  auto cut = [&](const char* field) {
    return fail(std::string("VP8 payload descriptor ends before its ") + field,
                "payload byte " + std::to_string(in.offset()));
  };
  auto first = in.read_u8();
  if (!first) return cut("first byte");
  Vp8Descriptor d;
  const bool extended = *first & 0x80;       // X
  d.non_reference = *first & 0x20;           // N
  d.start_of_partition = *first & 0x10;      // S
  d.partition_index = *first & 0x07;         // PID (the R bit above it is ignored)
  if (extended) {
    auto x = in.read_u8();
    if (!x) return cut("X byte");
    const bool has_picture_id = *x & 0x80;   // I
    const bool has_tl0 = *x & 0x40;          // L
    const bool has_tid = *x & 0x20;          // T
    const bool has_keyidx = *x & 0x10;       // K
    if (has_picture_id) {
      auto b = in.read_u8();
      if (!b) return cut("picture id");
      d.picture_id_15_bits = *b & 0x80;      // M
      if (d.picture_id_15_bits) {
        auto low = in.read_u8();
        if (!low) return cut("second picture id byte");
        d.picture_id = static_cast<std::uint16_t>(((*b & 0x7F) << 8) | *low);
      } else {
        d.picture_id = static_cast<std::uint16_t>(*b & 0x7F);
      }
    }
    if (has_tl0) {
      auto b = in.read_u8();
      if (!b) return cut("TL0PICIDX");
      d.tl0_pic_idx = *b;
    }
    if (has_tid || has_keyidx) {
      auto b = in.read_u8();
      if (!b) return cut("TID/KEYIDX byte");
      if (has_tid) d.tid = static_cast<std::uint8_t>(*b >> 6);
      d.layer_sync = *b & 0x20;  // Y
      if (has_keyidx) d.key_idx = static_cast<std::uint8_t>(*b & 0x1F);
    }
  }
  if (in.empty()) return fail("VP8 packet carries a descriptor but no VP8 data");
  return ParsedVp8{d, payload.subspan(in.offset())};
}

Bytes serialize_vp8(const Vp8Descriptor& d) {
  ByteWriter out;
  const bool extended = d.picture_id || d.tl0_pic_idx || d.tid || d.key_idx;
  out.write_u8(static_cast<std::uint8_t>((extended ? 0x80 : 0) | (d.non_reference ? 0x20 : 0) |
                                         (d.start_of_partition ? 0x10 : 0) | (d.partition_index & 0x07)));
  if (!extended) return out.take();
  out.write_u8(static_cast<std::uint8_t>((d.picture_id ? 0x80 : 0) | (d.tl0_pic_idx ? 0x40 : 0) |
                                         (d.tid ? 0x20 : 0) | (d.key_idx ? 0x10 : 0)));
  if (d.picture_id) {
    if (d.picture_id_15_bits) {
      out.write_u8(static_cast<std::uint8_t>(0x80 | ((*d.picture_id >> 8) & 0x7F)));
      out.write_u8(static_cast<std::uint8_t>(*d.picture_id & 0xFF));
    } else {
      out.write_u8(static_cast<std::uint8_t>(*d.picture_id & 0x7F));
    }
  }
  if (d.tl0_pic_idx) out.write_u8(*d.tl0_pic_idx);
  if (d.tid || d.key_idx)
    out.write_u8(static_cast<std::uint8_t>(((d.tid.value_or(0) & 0x03) << 6) | (d.layer_sync ? 0x20 : 0) |
                                           (d.key_idx.value_or(0) & 0x1F)));
  return out.take();
}

}  // namespace lucid::rtp
