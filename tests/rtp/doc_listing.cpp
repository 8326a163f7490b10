#include "doc_listing.h"

#include <cstdio>
#include <sstream>

#include "common/hex.h"
#include "common/trace.h"
#include "rtp/rtp.h"

namespace lucid::test {
namespace {

using namespace lucid::rtp;

// "    12  be de 00 01              meaning" — the layout of the stun.md listings.
class Listing {
 public:
  explicit Listing(BytesView bytes) : bytes_(bytes) {}
  void field(std::size_t n, const std::string& meaning) {
    char line[32];
    std::snprintf(line, sizeof line, "  %4zu  ", at_);
    out_ << line;
    std::string hex;
    for (std::size_t i = 0; i < n; ++i) {
      char b[4];
      std::snprintf(b, sizeof b, "%02x ", bytes_[at_ + i]);
      hex += b;
    }
    if (hex.size() < 26) hex.resize(26, ' ');
    out_ << hex << meaning << "\n";
    at_ += n;
  }
  void rest(const std::string& meaning) {
    char line[64];
    std::snprintf(line, sizeof line, "  %4zu  ... %zu bytes ...", at_, bytes_.size() - at_);
    out_ << line << std::string(26 - std::min<std::size_t>(26, std::string(line).size() - 8), ' ') << meaning << "\n";
    at_ = bytes_.size();
  }
  void text(const std::string& line) { out_ << line << "\n"; }
  std::size_t at() const { return at_; }
  std::string str() const { return out_.str(); }

 private:
  BytesView bytes_;
  std::size_t at_ = 0;
  std::ostringstream out_;
};

// The first bytes of a VP8 key frame of 640x480 (RFC 6386 §9.1): the 3-byte frame tag (P=0:
// key frame, show_frame, first partition 100 bytes), the start code 9d 01 2a, width, height.
// The rest of the "frame" is filler: lucid carries frames, it does not encode them.
Bytes vp8_key_frame() {
  Bytes frame(1500, 0x5a);
  const std::uint8_t start[] = {0x90, 0x0c, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01};
  std::copy(std::begin(start), std::end(start), frame.begin());
  return frame;
}

std::string rtp_listing(const Packet& p, const Bytes& wire) {
  Listing l(wire);
  l.field(1, trace::concat("V=2 P=", p.padding ? 1 : 0, " X=", p.extension ? 1 : 0, " CC=", p.csrcs.size()));
  l.field(1, trace::concat("M=", p.marker ? 1 : 0, " PT=", int{p.payload_type}, " (VP8, from a=rtpmap:96 VP8/90000)"));
  l.field(2, trace::concat("sequence number ", p.sequence_number));
  l.field(4, trace::concat("timestamp ", p.timestamp, " (90 kHz clock)"));
  char ssrc[32];
  std::snprintf(ssrc, sizeof ssrc, "SSRC 0x%08x", p.ssrc);
  l.field(4, ssrc);
  if (p.extension) {
    l.field(2, "0xBEDE: one-byte header extensions (RFC 8285 4.2)");
    l.field(2, trace::concat("length ", (serialize_extension(*p.extension)->size() - 4) / 4, " word(s)"));
    for (const ExtensionElement& e : p.extension->elements)
      l.field(1 + e.data.size(), trace::concat("ID=", int{e.id}, " L=", e.data.size() - 1, ": \"",
                                              to_string(e.data), "\" (a=extmap:", int{e.id},
                                              " ...sdes:mid)"));
    const std::size_t pad = (4 - (l.at() % 4)) % 4;
    if (pad) l.field(pad, "padding to a 32-bit word");
  }
  auto vp8 = parse_vp8(p.payload).value();
  const Vp8Descriptor& d = vp8.descriptor;
  l.field(1, trace::concat("VP8 descriptor: X=1 N=", d.non_reference, " S=", d.start_of_partition,
                           " PID=", int{d.partition_index}));
  l.field(1, "I=1 L=0 T=0 K=0: a picture id follows");
  l.field(2, trace::concat("M=1, 15-bit picture id ", *d.picture_id));
  if (d.starts_frame()) {
    l.field(3, trace::concat("VP8 frame tag: P=", vp8.payload[0] & 1, is_vp8_keyframe(vp8.payload) ? " (key frame)" : "",
                             ", show_frame, first partition 100 bytes"));
    l.field(3, "start code 9d 01 2a");
    l.field(4, "width 640, height 480 (little-endian)");
  }
  l.rest("the rest of the frame's piece");
  return l.str();
}

std::string rtcp_listing(const Bytes& wire) {
  std::ostringstream out;
  auto packets = parse_compound(wire).value();
  std::size_t offset = 0;
  for (const RtcpPacket& packet : packets) {
    const Bytes one = serialize(packet).value();
    Listing l(one);
    out << describe(packet) << ":\n";
    const std::uint8_t type = one[1];
    l.field(1, trace::concat("V=2 P=0 ", type >= 205 ? "FMT=" : "RC/SC=", one[0] & 0x1F));
    l.field(1, trace::concat("PT=", int{type}));
    l.field(2, trace::concat("length ", (one.size() / 4) - 1, " (32-bit words, minus one)"));
    if (std::holds_alternative<ReceiverReport>(packet)) {
      l.field(4, "SSRC of the reporter");
      l.field(4, "report block: SSRC of the source it is about");
      const auto& b = std::get<ReceiverReport>(packet).reports.at(0);
      l.field(1, trace::concat("fraction lost ", int{b.fraction_lost}, "/256"));
      l.field(3, trace::concat("cumulative packets lost ", b.cumulative_lost));
      l.field(4, trace::concat("extended highest sequence number ", b.extended_highest_sequence,
                               " (cycles ", b.extended_highest_sequence >> 16, ", seq ",
                               b.extended_highest_sequence & 0xFFFF, ")"));
      l.field(4, trace::concat("interarrival jitter ", b.jitter, " (90 kHz units)"));
      l.field(4, "LSR: no SR received yet");
      l.field(4, "DLSR");
    } else if (std::holds_alternative<SourceDescription>(packet)) {
      const auto& item = std::get<SourceDescription>(packet).chunks.at(0).items.at(0);
      l.field(4, "SSRC of the chunk");
      l.field(2, trace::concat("CNAME (type 1), length ", item.text.size()));
      l.field(item.text.size(), "\"" + item.text + "\"");
      l.field(one.size() - l.at(), "null item and padding to a word");
    } else if (const auto* nack = std::get_if<Nack>(&packet)) {
      l.field(4, "SSRC of packet sender");
      l.field(4, "SSRC of media source");
      for (const NackEntry& e : nack->entries) {
        l.field(2, trace::concat("PID ", e.pid));
        char blp[64];
        std::snprintf(blp, sizeof blp, "BLP 0x%04x", e.blp);
        l.field(2, blp);
      }
    } else {
      l.field(4, "SSRC of packet sender");
      l.field(4, "SSRC of media source");
    }
    out << l.str();
    offset += one.size();
  }
  return out.str();
}

}  // namespace

std::string rtp_doc_listing() {
  std::ostringstream out;
  // A VP8 key frame through the packetizer: fixed SSRC, sequence number and picture id so that
  // the listing never changes (real senders pick them at random, RFC 3550 §5.1).
  Vp8Packetizer packetizer({.ssrc = 0x1a2b3c4d, .payload_type = 96, .first_sequence_number = 65535,
                            .first_picture_id = 4711, .mtu = 1200});
  auto packets = packetizer.packetize(vp8_key_frame(), 180000);
  // A browser adds the MID header extension (RFC 8843 §15) so the receiver can route the
  // packet on a bundle; lucid's packetizer leaves that to its caller, as here.
  for (Packet& p : packets) p.extension = HeaderExtension{kOneByteProfile, {{1, to_bytes("0")}}, {}};
  out << "VP8 key frame of 1500 bytes, MTU 1200: " << packets.size() << " packets\n";
  for (const Packet& p : packets) {
    const Bytes wire = serialize(p).value();
    out << "\n" << describe(p) << " (" << wire.size() << " bytes on the wire):\n";
    out << rtp_listing(p, wire);
  }

  // The receiver: statistics over packets 65530..65535, 0..9 of which 2 and 65533 never came
  // (jitter: one packet 2 ms late), then its compound: RR + SDES CNAME, and a reduced-size NACK.
  ReceiverStatistics stats(0x1a2b3c4d, 90000);
  std::int64_t ms = 0;
  for (int s = 65530; s < 65546; ++s, ms += 33) {
    const auto seq = static_cast<std::uint16_t>(s);
    if (seq == 65533 || seq == 2) continue;
    const auto ts = static_cast<std::uint32_t>((s - 65530) * 2970);
    stats.on_packet(seq, ts, at_ms(ms + (seq == 5 ? 2 : 0)));
  }
  ReceiverReport rr{0x0000beef, {stats.report_block(at_ms(ms))}, {}};
  SourceDescription sdes{{{0x0000beef, {{kSdesCname, "lucid-cname"}}}}};
  const Bytes compound = serialize_compound({rr, sdes}).value();
  out << "\nRTCP compound from the receiver, " << compound.size() << " bytes:\n" << hex_dump(compound) << "\n";
  out << rtcp_listing(compound);
  const Bytes nack = serialize(RtcpPacket{Nack::for_lost(0x0000beef, 0x1a2b3c4d, {65533, 2})}).value();
  out << "\nReduced-size RTCP (RFC 5506): a NACK alone, " << nack.size() << " bytes:\n" << rtcp_listing(nack);
  return out.str();
}

}  // namespace lucid::test
