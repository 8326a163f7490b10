#include "rtp/packet.h"

#include <cstdio>

#include "common/trace.h"

namespace lucid::rtp {
namespace {

Error refuse(Error error) {
  LUCID_TRACE("rtp", "dropped a malformed RTP packet: ", error.message());
  return error;
}

}  // namespace

Result<Packet> parse(BytesView datagram) {
  if (datagram.size() < kFixedHeaderSize)
    return refuse(fail("RTP packet of " + std::to_string(datagram.size()) +
                       " bytes is shorter than the 12-byte fixed header"));
  ByteReader in(datagram);
  const std::uint8_t first = in.read_u8().value();
  const std::uint8_t second = in.read_u8().value();
  if ((first >> 6) != kVersion)
    return refuse(fail("version " + std::to_string(first >> 6) + " is not RTP version 2", "byte 0"));
  const bool has_padding = (first & 0x20) != 0;
  const bool has_extension = (first & 0x10) != 0;
  const std::size_t csrc_count = first & 0x0F;

  Packet p;
  p.marker = (second & 0x80) != 0;
  p.payload_type = second & 0x7F;
  p.sequence_number = in.read_u16().value();
  p.timestamp = in.read_u32().value();
  p.ssrc = in.read_u32().value();
  for (std::size_t i = 0; i < csrc_count; ++i) {
    auto csrc = in.read_u32();
    if (!csrc) return refuse(fail("CSRC " + std::to_string(i + 1) + " of " +
                                  std::to_string(csrc_count) + " runs past the end", csrc.error().where));
    p.csrcs.push_back(*csrc);
  }
  if (has_extension) {
    // RFC 3550 §5.3.1: profile word, then the length in 32-bit words not counting this header.
    const std::size_t at = in.offset();
    auto profile = in.read_u16();
    auto words = in.read_u16();
    if (!profile || !words) return refuse(fail("header extension header cut short", "byte " + std::to_string(at)));
    auto data = in.read_bytes(std::size_t{*words} * 4);
    if (!data)
      return refuse(fail("header extension of " + std::to_string(*words) + " words runs past the end",
                         "byte " + std::to_string(at)));
    auto extension = parse_extension(*profile, *data);
    if (!extension) return refuse(extension.error());
    p.extension = std::move(*extension);
  }
  std::size_t payload_size = in.remaining();
  if (has_padding) {
    // RFC 3550 §5.1: "The last octet of the padding contains a count of how many padding octets
    // should be ignored, including itself."
    const std::uint8_t count = datagram.back();
    if (count == 0 || count > payload_size)
      return refuse(fail("padding count " + std::to_string(count) + " does not fit the " +
                             std::to_string(payload_size) + " bytes after the header",
                         "byte " + std::to_string(datagram.size() - 1)));
    p.padding = count;
    payload_size -= count;
  }
  auto payload = in.read_bytes(payload_size).value();
  p.payload.assign(payload.begin(), payload.end());
  return p;
}

Result<Bytes> serialize(const Packet& p) {
  if (p.csrcs.size() > 15) return fail("an RTP header holds at most 15 CSRCs");
  if (p.payload_type > 127) return fail("payload type " + std::to_string(p.payload_type) + " is over 127");
  ByteWriter out;
  out.write_u8(static_cast<std::uint8_t>((kVersion << 6) | (p.padding > 0 ? 0x20 : 0) |
                                         (p.extension ? 0x10 : 0) | p.csrcs.size()));
  out.write_u8(static_cast<std::uint8_t>((p.marker ? 0x80 : 0) | p.payload_type));
  out.write_u16(p.sequence_number);
  out.write_u32(p.timestamp);
  out.write_u32(p.ssrc);
  for (std::uint32_t csrc : p.csrcs) out.write_u32(csrc);
  if (p.extension) {
    auto block = serialize_extension(*p.extension);
    if (!block) return block.error();
    out.write_bytes(*block);
  }
  out.write_bytes(p.payload);
  if (p.padding > 0) {
    out.write_zeros(p.padding - 1u);
    out.write_u8(p.padding);
  }
  return out.take();
}

std::string describe(const Packet& p) {
  char ssrc[16];
  std::snprintf(ssrc, sizeof ssrc, "0x%08x", p.ssrc);
  std::string line = trace::concat("RTP PT=", int{p.payload_type}, " seq=", p.sequence_number,
                                   " ts=", p.timestamp, " ssrc=", ssrc);
  if (p.marker) line += " M";
  if (!p.csrcs.empty()) line += trace::concat(" ", p.csrcs.size(), " CSRC");
  if (p.extension) line += trace::concat(" ext(", p.extension->elements.size(), ")");
  line += trace::concat(" ", p.payload.size(), " bytes");
  if (p.padding) line += trace::concat(" +", int{p.padding}, " padding");
  return line;
}

}  // namespace lucid::rtp
