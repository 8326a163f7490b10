// ICE candidates: the transport addresses an agent offers its peer (RFC 8445 §5.1).
//
// A candidate is an address where this agent (local) or the peer (remote) might receive
// packets. Its type says how it was found, its priority how much the owner prefers it, and
// its foundation groups candidates that are likely to succeed or fail together.
//
// The peer layer converts candidates to and from SDP's `a=candidate` lines; ice knows nothing
// of SDP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/address.h"

namespace lucid::ice {

// RFC 8445 §5.1.1: how a candidate was obtained.
enum class CandidateType : std::uint8_t {
  Host,             // an address of a local interface
  ServerReflexive,  // the address a STUN server saw (our NAT's public side)
  PeerReflexive,    // an address learned from a connectivity check (§7.2.5.3.1, §7.3.1.3)
  Relayed,          // an address on a TURN server (RFC 8656); gathered once TURN exists
};

// Only UDP for now; ICE-TCP (RFC 6544) would add kinds here.
enum class Transport : std::uint8_t { Udp };

// "host", "srflx", "prflx", "relay" — the names SDP and the browser use.
const char* to_string(CandidateType type);
const char* to_string(Transport transport);

// RFC 8445 §5.1.2.2: recommended type preferences. Relayed candidates get 0 so they are tried
// last: every packet through them costs a TURN server's bandwidth.
std::uint8_t type_preference(CandidateType type);

// RFC 8445 §5.1.2.1:
//   priority = 2^24 * type preference + 2^8 * local preference + (256 - component)
std::uint32_t candidate_priority(CandidateType type, std::uint16_t local_preference,
                                 std::uint16_t component);

// RFC 8445 §5.1.1.3: candidates share a foundation when they have the same type, the same base
// IP address, were obtained from the same STUN/TURN server IP (if any) and use the same
// transport. The result is 1 to 32 ice-chars; here the decimal form of a stable hash.
std::string compute_foundation(CandidateType type, const IpAddress& base,
                               const std::optional<IpAddress>& server, Transport transport);

struct Candidate {
  CandidateType type = CandidateType::Host;
  Transport transport = Transport::Udp;
  // Where packets go. For a remote candidate announced by mDNS name this is unset (0.0.0.0:port)
  // and `hostname` holds the name.
  SocketAddress address;
  // A remote candidate whose address is a name, e.g. "1f4712db-ea17-4bcf-a596-105139dfd8bf.local"
  // (draft-ietf-mmusic-mdns-ice-candidates). Empty for literal addresses.
  std::string hostname;
  std::uint32_t priority = 0;
  std::string foundation;
  // RFC 8445 §5.1: component 1 is RTP (and, with rtcp-mux and BUNDLE, everything).
  std::uint16_t component = 1;
  // For local candidates, the address packets are actually sent from (§5.1.1.1): a host
  // candidate is its own base, a server-reflexive candidate's base is the host it was found from.
  // For remote candidates it equals `address`.
  SocketAddress base;
  // raddr/rport: for reflexive and relayed candidates, the address they were derived from.
  std::optional<SocketAddress> related_address;

  // "host 10.0.0.1:5000" or "srflx 203.0.113.7:40000 (from 10.0.0.1:5000)", for traces.
  std::string describe() const;
};

// Builds a local host candidate on an interface address (§5.1.1.1).
Candidate make_host_candidate(const SocketAddress& address, std::uint16_t local_preference);

// Builds a local server-reflexive candidate found by asking `server` from `base` (§5.1.1.2).
Candidate make_server_reflexive_candidate(const SocketAddress& mapped, const SocketAddress& base,
                                          const IpAddress& server, std::uint16_t local_preference);

// Builds a peer-reflexive candidate (§7.2.5.3.1 local, §7.3.1.3 remote). `priority` comes from
// the check's PRIORITY attribute (remote) or is computed for the prflx type (local).
Candidate make_peer_reflexive_candidate(const SocketAddress& address, const SocketAddress& base,
                                        std::uint32_t priority);

}  // namespace lucid::ice
