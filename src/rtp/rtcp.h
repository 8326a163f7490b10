// RTCP, the RTP Control Protocol: the reports and feedback that travel beside the media
// (RFC 3550 §6, RFC 4585 §6, RFC 5104 §4.3.1, RFC 5506).
//
// Every RTCP packet starts with the same word:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P| RC/FMT  |      PT       |  length (32-bit words - 1)    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// and several are stacked into one datagram, a "compound packet" (RFC 3550 §6.1). lucid reads
// the ones a WebRTC endpoint acts on — SR, RR, SDES, BYE, generic NACK, PLI, FIR — and keeps any
// other (APP, REMB, transport-cc, XR, ...) as its bytes, named by type: an unknown packet is
// never a reason to drop the ones beside it. A compound need not begin with SR or RR:
// reduced-size RTCP (RFC 5506 §3) sends a lone PLI or NACK, and WebRTC negotiates it
// (a=rtcp-rsize).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::rtp {

// RFC 3550 §12.1, RFC 4585 §6.1: packet types.
enum class RtcpType : std::uint8_t {
  SenderReport = 200,
  ReceiverReport = 201,
  SourceDescription = 202,
  Goodbye = 203,
  Application = 204,
  TransportFeedback = 205,  // RTPFB (RFC 4585 §6.2)
  PayloadFeedback = 206,    // PSFB (RFC 4585 §6.3)
};

// RFC 3550 §6.4.1: what a receiver says about one source it hears.
struct ReportBlock {
  std::uint32_t ssrc = 0;                 // the source this block is about
  std::uint8_t fraction_lost = 0;         // lost since the last report, in 1/256ths
  std::int32_t cumulative_lost = 0;       // 24-bit signed: duplicates can make it negative
  std::uint32_t extended_highest_sequence = 0;  // cycles << 16 | highest sequence number
  std::uint32_t jitter = 0;               // interarrival jitter, in RTP timestamp units
  std::uint32_t last_sr = 0;              // LSR: middle 32 bits of the last SR's NTP time
  std::uint32_t delay_since_last_sr = 0;  // DLSR, in 1/65536 s
  friend bool operator==(const ReportBlock&, const ReportBlock&) = default;
};

// RFC 3550 §6.4.1: SR, from a source that sends, with the wall-clock/RTP-clock pair that lets a
// receiver synchronise streams and measure round-trip time.
struct SenderReport {
  std::uint32_t ssrc = 0;
  std::uint64_t ntp_timestamp = 0;  // NTP format: seconds since 1900 << 32 | fraction
  std::uint32_t rtp_timestamp = 0;  // the same instant on the RTP clock
  std::uint32_t packet_count = 0;   // sender's packets sent so far
  std::uint32_t octet_count = 0;    // payload octets sent so far
  std::vector<ReportBlock> reports;
  Bytes profile_extension;          // RFC 3550 §6.4.1: kept as it came
  friend bool operator==(const SenderReport&, const SenderReport&) = default;
};

// RFC 3550 §6.4.2: RR, from a participant that only receives.
struct ReceiverReport {
  std::uint32_t ssrc = 0;
  std::vector<ReportBlock> reports;
  Bytes profile_extension;
  friend bool operator==(const ReceiverReport&, const ReceiverReport&) = default;
};

// RFC 3550 §6.5: SDES. WebRTC sends one chunk with a CNAME (type 1) per source.
struct SdesItem {
  std::uint8_t type = 1;  // 1 CNAME, 2 NAME, 3 EMAIL, ... 8 PRIV (RFC 3550 §6.5)
  std::string text;       // at most 255 bytes
  friend bool operator==(const SdesItem&, const SdesItem&) = default;
};
inline constexpr std::uint8_t kSdesCname = 1;
struct SdesChunk {
  std::uint32_t ssrc = 0;
  std::vector<SdesItem> items;
  friend bool operator==(const SdesChunk&, const SdesChunk&) = default;
};
struct SourceDescription {
  std::vector<SdesChunk> chunks;
  friend bool operator==(const SourceDescription&, const SourceDescription&) = default;
};

// RFC 3550 §6.6: BYE, a source leaving, with an optional reason.
struct Goodbye {
  std::vector<std::uint32_t> ssrcs;
  std::optional<std::string> reason;
  friend bool operator==(const Goodbye&, const Goodbye&) = default;
};

// RFC 4585 §6.2.1: generic NACK (RTPFB, FMT 1). Each entry names a lost packet (PID) and, in
// its bitmask of lost packets (BLP), which of the 16 after it were lost too.
struct NackEntry {
  std::uint16_t pid = 0;
  std::uint16_t blp = 0;
  friend bool operator==(const NackEntry&, const NackEntry&) = default;
};
struct Nack {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  std::vector<NackEntry> entries;
  // The sequence numbers the entries name, in order.
  std::vector<std::uint16_t> lost() const;
  // Entries for these sequence numbers (in any order; each entry covers PID and 16 after it).
  static Nack for_lost(std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                       std::vector<std::uint16_t> lost);
  friend bool operator==(const Nack&, const Nack&) = default;
};

// RFC 4585 §6.3.1: Picture Loss Indication (PSFB, FMT 1): "send me a keyframe", no FCI.
struct PictureLossIndication {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  friend bool operator==(const PictureLossIndication&, const PictureLossIndication&) = default;
};

// RFC 5104 §4.3.1: Full Intra Request (PSFB, FMT 4). The media SSRC field is 0; each FCI entry
// names a source and a command sequence number, so a repeated request is recognised.
struct FirEntry {
  std::uint32_t ssrc = 0;
  std::uint8_t sequence_number = 0;
  friend bool operator==(const FirEntry&, const FirEntry&) = default;
};
struct FullIntraRequest {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  std::vector<FirEntry> entries;
  friend bool operator==(const FullIntraRequest&, const FullIntraRequest&) = default;
};

// Any other packet, as it came: its type, the 5-bit count/FMT field and the body after the
// first word. REMB (PSFB FMT 15, "REMB"), transport-cc (RTPFB FMT 15), APP, XR...
struct OtherRtcp {
  std::uint8_t packet_type = 0;
  std::uint8_t count = 0;  // RC, SC or FMT: 5 bits
  Bytes body;              // a whole number of 32-bit words
  // "REMB", "transport-cc", "APP", "XR", or "PT 207".
  std::string name() const;
  friend bool operator==(const OtherRtcp&, const OtherRtcp&) = default;
};

using RtcpPacket = std::variant<SenderReport, ReceiverReport, SourceDescription, Goodbye, Nack,
                                PictureLossIndication, FullIntraRequest, OtherRtcp>;

// Reads a compound packet (one or more RTCP packets back to back). Refuses the whole datagram
// when one packet's header or length is wrong, or a packet of a known type is inconsistent
// (a report count larger than its body, say): past a broken length nothing can be trusted.
// Padding (P) is accepted on the last packet only (RFC 3550 §6.4.1) and not kept.
Result<std::vector<RtcpPacket>> parse_compound(BytesView datagram);

// Writes one packet, or a compound of them. Refuses what the format cannot carry (more than
// 31 report blocks, chunks or SSRCs; an SDES text over 255 bytes).
Result<Bytes> serialize(const RtcpPacket& packet);
Result<Bytes> serialize_compound(const std::vector<RtcpPacket>& packets);

// One line per packet for traces and docs: "SR ssrc=0x… 1 report block", "NACK media=… lost 5 7".
std::string describe(const RtcpPacket& packet);

}  // namespace lucid::rtp
