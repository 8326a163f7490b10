// Feedback bodies (RFC 4585 §6.1): generic NACK (§6.2.1), PLI (§6.3.1), FIR (RFC 5104 §4.3.1).
//
// Every feedback message has the same start after the common header, then its FCI:
//
//   |                  SSRC of packet sender                        |
//   |                  SSRC of media source                         |
//   :            Feedback Control Information (FCI)                 :
#include <algorithm>
#include <string>

#include "rtp/rtcp_body.h"

namespace lucid::rtp {

std::vector<std::uint16_t> Nack::lost() const {
  std::vector<std::uint16_t> out;
  for (const NackEntry& e : entries) {
    out.push_back(e.pid);
    // RFC 4585 §6.2.1: bit i of BLP set means packet PID+i+1 was lost too.
    for (int i = 0; i < 16; ++i)
      if (e.blp & (1u << i)) out.push_back(static_cast<std::uint16_t>(e.pid + i + 1));
  }
  return out;
}

Nack Nack::for_lost(std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                    std::vector<std::uint16_t> lost) {
  Nack nack{sender_ssrc, media_ssrc, {}};
  // Sorted in sequence-number order across a wrap: by distance from the first one.
  if (lost.empty()) return nack;
  const std::uint16_t base = *std::min_element(lost.begin(), lost.end(), [&](auto a, auto b) {
    return static_cast<std::int16_t>(a - lost.front()) < static_cast<std::int16_t>(b - lost.front());
  });
  std::sort(lost.begin(), lost.end(), [base](std::uint16_t a, std::uint16_t b) {
    return static_cast<std::uint16_t>(a - base) < static_cast<std::uint16_t>(b - base);
  });
  lost.erase(std::unique(lost.begin(), lost.end()), lost.end());
  for (std::uint16_t seq : lost) {
    if (!nack.entries.empty()) {
      NackEntry& last = nack.entries.back();
      const auto distance = static_cast<std::uint16_t>(seq - last.pid);
      if (distance >= 1 && distance <= 16) {
        last.blp = static_cast<std::uint16_t>(last.blp | (1u << (distance - 1)));
        continue;
      }
    }
    nack.entries.push_back({seq, 0});
  }
  return nack;
}

namespace detail {
namespace {

// RFC 4585 §6.2 and §6.3: the FMT values lucid reads.
constexpr std::uint8_t kFmtNack = 1;  // RTPFB
constexpr std::uint8_t kFmtPli = 1;   // PSFB
constexpr std::uint8_t kFmtFir = 4;   // PSFB (RFC 5104 §4.3.1)

OtherRtcp other(std::uint8_t type, std::uint8_t fmt, BytesView body) {
  return OtherRtcp{type, fmt, Bytes(body.begin(), body.end())};
}

}  // namespace

Result<RtcpPacket> parse_transport_feedback(std::uint8_t fmt, BytesView body) {
  constexpr auto type = static_cast<std::uint8_t>(RtcpType::TransportFeedback);
  if (fmt != kFmtNack) return RtcpPacket{other(type, fmt, body)};  // transport-cc (15) and others
  if (body.size() < 8) return fail("NACK without its two SSRCs");
  ByteReader in(body);
  Nack nack;
  nack.sender_ssrc = in.read_u32().value();
  nack.media_ssrc = in.read_u32().value();
  // The FCI is a whole number of 4-byte entries: the length field counts words.
  while (!in.empty()) {
    const std::uint16_t pid = in.read_u16().value();
    const std::uint16_t blp = in.read_u16().value();
    nack.entries.push_back({pid, blp});
  }
  return RtcpPacket{std::move(nack)};
}

Result<RtcpPacket> parse_payload_feedback(std::uint8_t fmt, BytesView body) {
  constexpr auto type = static_cast<std::uint8_t>(RtcpType::PayloadFeedback);
  if (fmt != kFmtPli && fmt != kFmtFir) return RtcpPacket{other(type, fmt, body)};  // REMB (15), SLI, RPSI...
  if (body.size() < 8) return fail(std::string(fmt == kFmtPli ? "PLI" : "FIR") + " without its two SSRCs");
  ByteReader in(body);
  const std::uint32_t sender = in.read_u32().value();
  const std::uint32_t media = in.read_u32().value();
  if (fmt == kFmtPli) {
    // RFC 4585 §6.3.1: "PLI does not require parameters. Therefore, the length field MUST be 2".
    // Bytes past that are ignored rather than refused.
    return RtcpPacket{PictureLossIndication{sender, media}};
  }
  FullIntraRequest fir{sender, media, {}};
  // RFC 5104 §4.3.1.1: FCI entries of 8 bytes: SSRC, Seq nr., 24 reserved bits.
  if (in.remaining() % 8) return fail("FIR FCI of " + std::to_string(in.remaining()) + " bytes is not whole 8-byte entries");
  while (!in.empty()) {
    FirEntry e;
    e.ssrc = in.read_u32().value();
    e.sequence_number = in.read_u8().value();
    (void)in.skip(3);
    fir.entries.push_back(e);
  }
  return RtcpPacket{std::move(fir)};
}

Result<RtcpBody> write_body(const Nack& nack) {
  ByteWriter out;
  out.write_u32(nack.sender_ssrc);
  out.write_u32(nack.media_ssrc);
  for (const NackEntry& e : nack.entries) {
    out.write_u16(e.pid);
    out.write_u16(e.blp);
  }
  return RtcpBody{static_cast<std::uint8_t>(RtcpType::TransportFeedback), kFmtNack, out.take()};
}

Result<RtcpBody> write_body(const PictureLossIndication& pli) {
  ByteWriter out;
  out.write_u32(pli.sender_ssrc);
  out.write_u32(pli.media_ssrc);
  return RtcpBody{static_cast<std::uint8_t>(RtcpType::PayloadFeedback), kFmtPli, out.take()};
}

Result<RtcpBody> write_body(const FullIntraRequest& fir) {
  ByteWriter out;
  out.write_u32(fir.sender_ssrc);
  out.write_u32(fir.media_ssrc);
  for (const FirEntry& e : fir.entries) {
    out.write_u32(e.ssrc);
    out.write_u8(e.sequence_number);
    out.write_zeros(3);
  }
  return RtcpBody{static_cast<std::uint8_t>(RtcpType::PayloadFeedback), kFmtFir, out.take()};
}

Result<RtcpBody> write_body(const OtherRtcp& p) {
  if (p.count > 31) return fail("the count/FMT field has 5 bits");
  if (p.body.size() % 4) return fail("an RTCP body is whole 32-bit words");
  return RtcpBody{p.packet_type, p.count, p.body};
}

}  // namespace detail
}  // namespace lucid::rtp
