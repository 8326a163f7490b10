// Inside rtp/rtcp: the bodies of the packet types lucid reads, one reader and one writer each.
// rtcp.cpp reads the common header and calls these; rtcp_reports.cpp holds SR, RR, SDES and
// BYE, rtcp_feedback.cpp NACK, PLI and FIR. Not for use outside src/rtp.
#pragma once

#include "rtp/rtcp.h"

namespace lucid::rtp::detail {

// A packet's body (everything after the first word) and the two header fields it sets.
struct RtcpBody {
  std::uint8_t packet_type = 0;
  std::uint8_t count = 0;  // RC, SC or FMT
  Bytes bytes;             // a whole number of 32-bit words
};

// `count` is the 5-bit field of the header; `body` the words after the header.
Result<RtcpPacket> parse_sender_report(std::uint8_t count, BytesView body);
Result<RtcpPacket> parse_receiver_report(std::uint8_t count, BytesView body);
Result<RtcpPacket> parse_source_description(std::uint8_t count, BytesView body);
Result<RtcpPacket> parse_goodbye(std::uint8_t count, BytesView body);
// Feedback (RFC 4585 §6.1): returns an OtherRtcp for an FMT lucid does not read.
Result<RtcpPacket> parse_transport_feedback(std::uint8_t fmt, BytesView body);
Result<RtcpPacket> parse_payload_feedback(std::uint8_t fmt, BytesView body);

Result<RtcpBody> write_body(const SenderReport& p);
Result<RtcpBody> write_body(const ReceiverReport& p);
Result<RtcpBody> write_body(const SourceDescription& p);
Result<RtcpBody> write_body(const Goodbye& p);
Result<RtcpBody> write_body(const Nack& p);
Result<RtcpBody> write_body(const PictureLossIndication& p);
Result<RtcpBody> write_body(const FullIntraRequest& p);
Result<RtcpBody> write_body(const OtherRtcp& p);

}  // namespace lucid::rtp::detail
