// The small typed values of SDP lines and attributes that WebRTC uses, each with its grammar's
// RFC. Every type reads its text with parse() (an Error says what is wrong, without a position;
// the parser adds the line number) and writes it back with to_string().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lucid::sdp {

// a=setup (RFC 4145 §4, for DTLS RFC 8842 §3): which side starts the DTLS handshake.
// The offerer says actpass; the answerer picks active (it sends the ClientHello) or passive.
enum class Setup : std::uint8_t { Active, Passive, Actpass, Holdconn };
std::string_view to_string(Setup setup);
std::optional<Setup> parse_setup(std::string_view text);

// a=sendrecv / sendonly / recvonly / inactive (RFC 8866 §6.7).
enum class Direction : std::uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };
std::string_view to_string(Direction direction);
std::optional<Direction> parse_direction(std::string_view text);

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (RFC 8866 §5.2).
// JSEP (RFC 9429 §5.2.1) writes "-", a random 63-bit id, a version that grows with each new
// local description, and "IN IP4 127.0.0.1".
struct Origin {
  std::string username = "-";
  std::uint64_t session_id = 0;
  std::uint64_t session_version = 0;
  std::string network_type = "IN";
  std::string address_type = "IP4";
  std::string address = "127.0.0.1";
  static Result<Origin> parse(std::string_view value);
  std::string to_string() const;
};

// c=<nettype> <addrtype> <connection-address> (RFC 8866 §5.7). WebRTC writes "IN IP4 0.0.0.0":
// the real addresses travel in the candidates (RFC 8839 §4.2.1.2 / RFC 9429 §5.2.1).
struct Connection {
  std::string network_type = "IN";
  std::string address_type = "IP4";
  std::string address = "0.0.0.0";
  static Result<Connection> parse(std::string_view value);
  std::string to_string() const;
};

// b=<bwtype>:<bandwidth> (RFC 8866 §5.8), e.g. "AS:30" or "TIAS:64000".
struct Bandwidth {
  std::string type;
  std::uint64_t value = 0;
  static Result<Bandwidth> parse(std::string_view value);
  std::string to_string() const;
};

// t=<start-time> <stop-time> (RFC 8866 §5.9); WebRTC always writes "0 0" (unbounded).
struct Timing {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  static Result<Timing> parse(std::string_view value);
  std::string to_string() const;
};

// a=group:<semantics> <mid>... (RFC 5888 §5); BUNDLE (RFC 8843) is the one WebRTC uses.
struct Group {
  std::string semantics;          // "BUNDLE"
  std::vector<std::string> mids;  // the first is the offerer's tagged m= section
  static Result<Group> parse(std::string_view value);
  std::string to_string() const;
};

// a=msid-semantic:<semantic> <identifier>... (draft-ietf-mmusic-msid, kept by browsers).
struct MsidSemantic {
  std::string semantic;  // "WMS"
  std::vector<std::string> identifiers;
  static Result<MsidSemantic> parse(std::string_view value);
  std::string to_string() const;
};

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] (RFC 8866 §6.6).
struct RtpMap {
  std::uint8_t payload_type = 0;  // 0 to 127
  std::string encoding_name;      // "opus", "VP8"
  std::uint32_t clock_rate = 0;
  std::optional<std::uint32_t> channels;  // audio only: "opus/48000/2"
  static Result<RtpMap> parse(std::string_view value);
  std::string to_string() const;
};

// a=fmtp:<format> <format specific parameters> (RFC 8866 §6.15).
struct Fmtp {
  std::string format;      // the payload type, as written in the m= line
  std::string parameters;  // "minptime=10;useinbandfec=1", kept as text
  static Result<Fmtp> parse(std::string_view value);
  std::string to_string() const;
};

// a=rtcp-fb:<payload type or *> <type> [<parameters>] (RFC 4585 §4.2).
struct RtcpFeedback {
  std::string payload_type;  // "96" or "*"
  std::string type;          // "nack", "ccm", "goog-remb", "transport-cc"
  std::string parameters;    // "pli", "fir", or empty
  static Result<RtcpFeedback> parse(std::string_view value);
  std::string to_string() const;
};

// a=extmap:<id>[/<direction>] <URI> [<extension attributes>] (RFC 8285 §8).
struct Extmap {
  std::uint16_t id = 0;
  std::optional<Direction> direction;
  std::string uri;
  std::string attributes;  // rarely used; empty when absent
  static Result<Extmap> parse(std::string_view value);
  std::string to_string() const;
};

// a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 §4.1), e.g. "1234 cname:abc".
struct Ssrc {
  std::uint32_t ssrc = 0;
  std::string attribute;
  std::optional<std::string> value;
  static Result<Ssrc> parse(std::string_view value);
  std::string to_string() const;
};

// a=ssrc-group:<semantics> <ssrc-id>... (RFC 5576 §4.2), e.g. "FID 1 2".
struct SsrcGroup {
  std::string semantics;
  std::vector<std::uint32_t> ssrcs;
  static Result<SsrcGroup> parse(std::string_view value);
  std::string to_string() const;
};

// a=msid:<stream id> [<track id>] (RFC 8830 §2).
struct Msid {
  std::string stream_id;
  std::optional<std::string> track_id;
  static Result<Msid> parse(std::string_view value);
  std::string to_string() const;
};

// a=rid:<rid-id> <send|recv> [<restrictions>] (RFC 8851 §10).
struct Rid {
  std::string id;
  std::string direction;  // "send" or "recv"
  std::optional<std::string> restrictions;  // "pt=96;max-width=1280", kept as text
  static Result<Rid> parse(std::string_view value);
  std::string to_string() const;
};

// a=simulcast:send <alternatives> [recv <alternatives>] (RFC 8853 §5.1), e.g. "send f;h;q".
// The rid lists are kept as written ("f;h;~q").
struct Simulcast {
  std::string send;  // empty when absent
  std::string recv;  // empty when absent
  static Result<Simulcast> parse(std::string_view value);
  std::string to_string() const;
};

// a=sctpmap:<port> <app> [<max streams>]: the data channel section of draft-ietf-mmusic-
// sctp-sdp-05, still sent by old stacks with "m=application <port> DTLS/SCTP 5000".
struct Sctpmap {
  std::uint16_t port = 5000;
  std::string app = "webrtc-datachannel";
  std::optional<std::uint32_t> streams;
  static Result<Sctpmap> parse(std::string_view value);
  std::string to_string() const;
};

}  // namespace lucid::sdp
