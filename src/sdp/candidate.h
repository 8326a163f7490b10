// The ICE candidate line (RFC 8839 §5.1): what one a=candidate attribute says, and what the
// browser's RTCIceCandidate.candidate string says when candidates are trickled (RFC 8840).
//
//   candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0
//             ^foundation ^component ^transport ^priority ^address ^port ^type ^related address/port ^extensions
//
// sdp only reads and writes the text; peer turns a Candidate into an ice candidate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/address.h"
#include "common/result.h"

namespace lucid::sdp {

// RFC 8839 §5.1 cand-type: how the candidate's address was learned (RFC 8445 §5.1.1).
enum class CandidateType : std::uint8_t {
  Host,             // "host": an address of a local interface
  ServerReflexive,  // "srflx": the address a STUN server saw
  PeerReflexive,    // "prflx": an address learned from a connectivity check
  Relayed,          // "relay": an address allocated on a TURN server
};
std::string_view to_string(CandidateType type);

// RFC 6544 §4.5: which way a TCP candidate connects.
enum class TcpType : std::uint8_t { Active, Passive, SimultaneousOpen };
std::string_view to_string(TcpType type);

struct Candidate {
  std::string foundation;       // 1 to 32 ice-chars; equal for candidates of the same kind and base
  std::uint16_t component = 1;  // 1 = RTP (the only one with rtcp-mux and for data channels)
  std::string transport = "UDP";  // as written: Chromium writes "udp", Firefox "UDP"
  std::uint32_t priority = 0;     // RFC 8445 §5.1.2, 1 to 2^31-1
  std::string address;  // IPv4, IPv6, or a host name such as an mDNS "<uuid>.local" name
  std::uint16_t port = 0;
  CandidateType type = CandidateType::Host;
  std::optional<std::string> related_address;  // raddr: the base of a srflx/prflx/relay candidate
  std::optional<std::uint16_t> related_port;   // rport
  std::optional<TcpType> tcp_type;             // tcptype (RFC 6544), for TCP candidates
  // Every other "name value" pair, in the order written: generation, ufrag, network-id,
  // network-cost, ... (RFC 8839 §5.1 cand-extension).
  std::vector<std::pair<std::string, std::string>> extensions;

  bool is_udp() const;
  bool is_tcp() const;
  // The address as an IP address, or nullopt when it is a host name (mDNS).
  std::optional<IpAddress> ip() const;
  // RFC 8839 §5.1 / draft-ietf-mmusic-mdns-ice-candidates: a name ending in ".local".
  bool is_mdns() const;
  // The value of an extension pair such as "ufrag" or "generation", if present.
  std::optional<std::string_view> extension(std::string_view name) const;

  // Parses "candidate:<value>", "a=candidate:<value>" or just "<value>" (a trickled candidate
  // from addIceCandidate can come in any of these forms). Errors say what is wrong without a
  // position ("port 70000 out of range"); the SDP parser adds the line number.
  static Result<Candidate> parse(std::string_view text);

  // The attribute value, without a prefix: "1 1 UDP 2130706431 192.0.2.1 5000 typ host".
  std::string value() const;
  // "candidate:" + value(): the form of RTCIceCandidate.candidate and of onicecandidate.
  std::string to_string() const;

  bool operator==(const Candidate&) const = default;
};

}  // namespace lucid::sdp
