// The compound packet: the common header of each RTCP packet, then the body readers of
// rtcp_reports.cpp and rtcp_feedback.cpp.
#include "rtp/rtcp.h"

#include <cstdio>

#include "common/trace.h"
#include "rtp/rtcp_body.h"

namespace lucid::rtp {
namespace {

constexpr std::size_t kHeaderSize = 4;

std::string hex32(std::uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

Result<RtcpPacket> parse_body(std::uint8_t type, std::uint8_t count, BytesView body) {
  switch (static_cast<RtcpType>(type)) {
    case RtcpType::SenderReport: return detail::parse_sender_report(count, body);
    case RtcpType::ReceiverReport: return detail::parse_receiver_report(count, body);
    case RtcpType::SourceDescription: return detail::parse_source_description(count, body);
    case RtcpType::Goodbye: return detail::parse_goodbye(count, body);
    case RtcpType::TransportFeedback: return detail::parse_transport_feedback(count, body);
    case RtcpType::PayloadFeedback: return detail::parse_payload_feedback(count, body);
    default:
      // APP (204), XR (207, RFC 3611), anything newer: carried, not read.
      return RtcpPacket{OtherRtcp{type, count, Bytes(body.begin(), body.end())}};
  }
}

Error refuse(Error error) {
  LUCID_TRACE("rtp", "dropped a malformed RTCP compound packet: ", error.message());
  return error;
}

}  // namespace

std::string OtherRtcp::name() const {
  // RFC 8888 / draft-holmer-rmcat-transport-wide-cc-extensions: transport-cc is RTPFB FMT 15;
  // draft-alvestrand-rmcat-remb: REMB is PSFB FMT 15 (application layer feedback, "REMB").
  if (packet_type == 205 && count == 15) return "transport-cc";
  if (packet_type == 206 && count == 15) {
    const bool remb = body.size() >= 12 && body[8] == 'R' && body[9] == 'E' && body[10] == 'M' && body[11] == 'B';
    return remb ? "REMB" : "AFB";
  }
  if (packet_type == 205) return "RTPFB FMT " + std::to_string(count);
  if (packet_type == 206) return "PSFB FMT " + std::to_string(count);
  if (packet_type == 204) return "APP";
  if (packet_type == 207) return "XR";
  return "PT " + std::to_string(packet_type);
}

Result<std::vector<RtcpPacket>> parse_compound(BytesView datagram) {
  if (datagram.empty()) return refuse(fail("an empty datagram is no RTCP packet"));
  std::vector<RtcpPacket> packets;
  ByteReader in(datagram);
  while (!in.empty()) {
    const std::size_t start = in.offset();
    const std::string where = "byte " + std::to_string(start);
    if (in.remaining() < kHeaderSize)
      return refuse(fail(std::to_string(in.remaining()) + " bytes left over after the last RTCP packet", where));
    const std::uint8_t first = in.read_u8().value();
    const std::uint8_t type = in.read_u8().value();
    const std::uint16_t length = in.read_u16().value();
    if ((first >> 6) != 2) return refuse(fail("version " + std::to_string(first >> 6) + " is not RTCP version 2", where));
    // RFC 3550 §6.4.1: "length: The length of this RTCP packet in 32-bit words minus one,
    // including the header and any padding."
    const std::size_t body_size = std::size_t{length} * 4;
    auto body = in.read_bytes(body_size);
    if (!body)
      return refuse(fail("packet type " + std::to_string(type) + " of " + std::to_string(body_size + 4) +
                             " bytes runs past the datagram's " + std::to_string(datagram.size()),
                         where));
    BytesView content = *body;
    if (first & 0x20) {
      // RFC 3550 §6.4.1: padding, whose last byte counts it, belongs on the last packet only.
      if (!in.empty()) return refuse(fail("padding on a packet that is not the last of the compound", where));
      const std::uint8_t count = content.empty() ? 0 : content.back();
      if (count == 0 || count > content.size() || count % 4)
        return refuse(fail("padding count " + std::to_string(count) + " does not fit the packet's " +
                               std::to_string(content.size()) + " body bytes in whole words",
                           where));
      content = content.first(content.size() - count);
    }
    auto packet = parse_body(type, first & 0x1F, content);
    if (!packet) return refuse(fail(packet.error().message(), where));
    packets.push_back(std::move(*packet));
  }
  return packets;
}

Result<Bytes> serialize(const RtcpPacket& packet) {
  auto body = std::visit([](const auto& p) { return detail::write_body(p); }, packet);
  if (!body) return body.error();
  if (body->bytes.size() / 4 > 0xFFFF) return fail("an RTCP packet is at most 65536 words");
  ByteWriter out;
  out.write_u8(static_cast<std::uint8_t>(0x80 | body->count));  // V=2, P=0
  out.write_u8(body->packet_type);
  out.write_u16(static_cast<std::uint16_t>(body->bytes.size() / 4));
  out.write_bytes(body->bytes);
  return out.take();
}

Result<Bytes> serialize_compound(const std::vector<RtcpPacket>& packets) {
  ByteWriter out;
  for (const RtcpPacket& p : packets) {
    auto bytes = serialize(p);
    if (!bytes) return bytes.error();
    out.write_bytes(*bytes);
  }
  return out.take();
}

namespace {

std::string blocks(const std::vector<ReportBlock>& reports) {
  std::string out;
  for (const ReportBlock& b : reports)
    out += trace::concat(" [about ", hex32(b.ssrc), ": lost ", b.cumulative_lost, " (",
                         int{b.fraction_lost}, "/256), highest seq ", b.extended_highest_sequence,
                         ", jitter ", b.jitter, "]");
  return out;
}

struct Describe {
  std::string operator()(const SenderReport& p) const {
    return trace::concat("SR ssrc=", hex32(p.ssrc), " rtp_ts=", p.rtp_timestamp, " packets=",
                         p.packet_count, " octets=", p.octet_count, blocks(p.reports));
  }
  std::string operator()(const ReceiverReport& p) const {
    return trace::concat("RR ssrc=", hex32(p.ssrc), blocks(p.reports));
  }
  std::string operator()(const SourceDescription& p) const {
    std::string out = "SDES";
    for (const SdesChunk& c : p.chunks)
      for (const SdesItem& i : c.items)
        out += trace::concat(" ", hex32(c.ssrc), (i.type == kSdesCname ? " CNAME \"" : " item \""), i.text, "\"");
    return out;
  }
  std::string operator()(const Goodbye& p) const {
    std::string out = "BYE";
    for (std::uint32_t s : p.ssrcs) out += " " + hex32(s);
    if (p.reason) out += " reason \"" + *p.reason + "\"";
    return out;
  }
  std::string operator()(const Nack& p) const {
    std::string out = "NACK media=" + hex32(p.media_ssrc) + " lost";
    for (std::uint16_t s : p.lost()) out += " " + std::to_string(s);
    return out;
  }
  std::string operator()(const PictureLossIndication& p) const { return "PLI media=" + hex32(p.media_ssrc); }
  std::string operator()(const FullIntraRequest& p) const {
    std::string out = "FIR";
    for (const FirEntry& e : p.entries) out += trace::concat(" ", hex32(e.ssrc), " #", int{e.sequence_number});
    return out;
  }
  std::string operator()(const OtherRtcp& p) const {
    return trace::concat(p.name(), " (PT ", int{p.packet_type}, " count/FMT ", int{p.count}, ", ",
                         p.body.size() + 4, " bytes, not read)");
  }
};

}  // namespace

std::string describe(const RtcpPacket& packet) { return std::visit(Describe{}, packet); }

}  // namespace lucid::rtp
