// SR, RR, SDES and BYE bodies (RFC 3550 §6.4-§6.6).
#include <algorithm>
#include <string>

#include "rtp/rtcp_body.h"

namespace lucid::rtp::detail {
namespace {

constexpr std::size_t kReportBlockSize = 24;

std::string words(std::size_t n) { return std::to_string(n) + " bytes"; }

// RFC 3550 §6.4.1: the 24 bytes of one report block.
ReportBlock read_block(ByteReader& in) {
  ReportBlock b;
  b.ssrc = in.read_u32().value();
  const std::uint32_t lost = in.read_u32().value();
  b.fraction_lost = static_cast<std::uint8_t>(lost >> 24);
  // "cumulative number of packets lost: 24 bits" and signed: duplicates can outnumber losses.
  std::int32_t cumulative = static_cast<std::int32_t>(lost & 0x00FFFFFF);
  if (cumulative & 0x00800000) cumulative -= 0x01000000;
  b.cumulative_lost = cumulative;
  b.extended_highest_sequence = in.read_u32().value();
  b.jitter = in.read_u32().value();
  b.last_sr = in.read_u32().value();
  b.delay_since_last_sr = in.read_u32().value();
  return b;
}

void write_block(ByteWriter& out, const ReportBlock& b) {
  out.write_u32(b.ssrc);
  // RFC 3550 A.3: a count outside the 24-bit signed range is clamped to it.
  const std::int32_t lost = std::clamp<std::int32_t>(b.cumulative_lost, -0x800000, 0x7FFFFF);
  out.write_u32((std::uint32_t{b.fraction_lost} << 24) | (static_cast<std::uint32_t>(lost) & 0x00FFFFFF));
  out.write_u32(b.extended_highest_sequence);
  out.write_u32(b.jitter);
  out.write_u32(b.last_sr);
  out.write_u32(b.delay_since_last_sr);
}

Result<std::vector<ReportBlock>> read_blocks(ByteReader& in, std::uint8_t count, const char* what) {
  if (in.remaining() < count * kReportBlockSize)
    return fail(std::string(what) + " says " + std::to_string(count) + " report blocks but has " +
                words(in.remaining()) + " for them");
  std::vector<ReportBlock> blocks;
  for (std::uint8_t i = 0; i < count; ++i) blocks.push_back(read_block(in));
  return blocks;
}

Bytes rest(ByteReader& in) {
  const BytesView v = in.read_bytes(in.remaining()).value();
  return Bytes(v.begin(), v.end());
}

}  // namespace

Result<RtcpPacket> parse_sender_report(std::uint8_t count, BytesView body) {
  if (body.size() < 24) return fail("SR of " + words(body.size()) + " is shorter than its 24-byte sender info");
  ByteReader in(body);
  SenderReport sr;
  sr.ssrc = in.read_u32().value();
  sr.ntp_timestamp = in.read_u64().value();
  sr.rtp_timestamp = in.read_u32().value();
  sr.packet_count = in.read_u32().value();
  sr.octet_count = in.read_u32().value();
  auto blocks = read_blocks(in, count, "SR");
  if (!blocks) return blocks.error();
  sr.reports = std::move(*blocks);
  sr.profile_extension = rest(in);
  return RtcpPacket{std::move(sr)};
}

Result<RtcpPacket> parse_receiver_report(std::uint8_t count, BytesView body) {
  if (body.size() < 4) return fail("RR without its sender SSRC");
  ByteReader in(body);
  ReceiverReport rr;
  rr.ssrc = in.read_u32().value();
  auto blocks = read_blocks(in, count, "RR");
  if (!blocks) return blocks.error();
  rr.reports = std::move(*blocks);
  rr.profile_extension = rest(in);
  return RtcpPacket{std::move(rr)};
}

Result<RtcpPacket> parse_source_description(std::uint8_t count, BytesView body) {
  ByteReader in(body);
  SourceDescription sdes;
  for (std::uint8_t c = 0; c < count; ++c) {
    SdesChunk chunk;
    auto ssrc = in.read_u32();
    if (!ssrc) return fail("SDES chunk " + std::to_string(c + 1) + " of " + std::to_string(count) + " is missing");
    chunk.ssrc = *ssrc;
    // RFC 3550 §6.5: items until a null item (type 0), then zeros to the next 32-bit boundary.
    while (true) {
      auto type = in.read_u8();
      if (!type) return fail("SDES chunk for SSRC " + std::to_string(chunk.ssrc) + " has no end (null item)");
      if (*type == 0) break;
      auto length = in.read_u8();
      if (!length) return fail("SDES item cut short");
      auto text = in.read_bytes(*length);
      if (!text) return fail("SDES item of " + words(*length) + " runs past the packet");
      chunk.items.push_back({*type, to_string(*text)});
    }
    const std::size_t pad = (4 - in.offset() % 4) % 4;
    if (!in.skip(pad)) return fail("SDES chunk padding runs past the packet");
    sdes.chunks.push_back(std::move(chunk));
  }
  return RtcpPacket{std::move(sdes)};
}

Result<RtcpPacket> parse_goodbye(std::uint8_t count, BytesView body) {
  ByteReader in(body);
  Goodbye bye;
  for (std::uint8_t i = 0; i < count; ++i) {
    auto ssrc = in.read_u32();
    if (!ssrc) return fail("BYE says " + std::to_string(count) + " SSRCs but has " + std::to_string(i));
    bye.ssrcs.push_back(*ssrc);
  }
  // RFC 3550 §6.6: an optional length-prefixed reason, padded to a word.
  if (!in.empty()) {
    const std::uint8_t length = in.read_u8().value();
    auto text = in.read_bytes(length);
    if (!text) return fail("BYE reason of " + words(length) + " runs past the packet");
    bye.reason = to_string(*text);
  }
  return RtcpPacket{std::move(bye)};
}

Result<RtcpBody> write_body(const SenderReport& sr) {
  if (sr.reports.size() > 31) return fail("an SR holds at most 31 report blocks");
  if (sr.profile_extension.size() % 4) return fail("an SR profile extension must be whole words");
  ByteWriter out;
  out.write_u32(sr.ssrc);
  out.write_u64(sr.ntp_timestamp);
  out.write_u32(sr.rtp_timestamp);
  out.write_u32(sr.packet_count);
  out.write_u32(sr.octet_count);
  for (const ReportBlock& b : sr.reports) write_block(out, b);
  out.write_bytes(sr.profile_extension);
  return RtcpBody{200, static_cast<std::uint8_t>(sr.reports.size()), out.take()};
}

Result<RtcpBody> write_body(const ReceiverReport& rr) {
  if (rr.reports.size() > 31) return fail("an RR holds at most 31 report blocks");
  if (rr.profile_extension.size() % 4) return fail("an RR profile extension must be whole words");
  ByteWriter out;
  out.write_u32(rr.ssrc);
  for (const ReportBlock& b : rr.reports) write_block(out, b);
  out.write_bytes(rr.profile_extension);
  return RtcpBody{201, static_cast<std::uint8_t>(rr.reports.size()), out.take()};
}

Result<RtcpBody> write_body(const SourceDescription& sdes) {
  if (sdes.chunks.size() > 31) return fail("an SDES holds at most 31 chunks");
  ByteWriter out;
  for (const SdesChunk& chunk : sdes.chunks) {
    out.write_u32(chunk.ssrc);
    for (const SdesItem& item : chunk.items) {
      if (item.type == 0) return fail("SDES item type 0 is the end marker, not an item");
      if (item.text.size() > 255) return fail("an SDES item's text is at most 255 bytes");
      out.write_u8(item.type);
      out.write_u8(static_cast<std::uint8_t>(item.text.size()));
      out.write_bytes(to_bytes(item.text));
    }
    // The null item, then zeros to the boundary: at least one zero byte ends the list.
    out.write_u8(0);
    out.write_zeros((4 - out.size() % 4) % 4);
  }
  return RtcpBody{202, static_cast<std::uint8_t>(sdes.chunks.size()), out.take()};
}

Result<RtcpBody> write_body(const Goodbye& bye) {
  if (bye.ssrcs.size() > 31) return fail("a BYE holds at most 31 SSRCs");
  ByteWriter out;
  for (std::uint32_t ssrc : bye.ssrcs) out.write_u32(ssrc);
  if (bye.reason) {
    if (bye.reason->size() > 255) return fail("a BYE reason is at most 255 bytes");
    out.write_u8(static_cast<std::uint8_t>(bye.reason->size()));
    out.write_bytes(to_bytes(*bye.reason));
    out.write_zeros((4 - out.size() % 4) % 4);
  }
  return RtcpBody{203, static_cast<std::uint8_t>(bye.ssrcs.size()), out.take()};
}

}  // namespace lucid::rtp::detail
