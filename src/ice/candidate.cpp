#include "ice/candidate.h"

#include "common/trace.h"

namespace lucid::ice {

const char* to_string(CandidateType type) {
  switch (type) {
    case CandidateType::Host:
      return "host";
    case CandidateType::ServerReflexive:
      return "srflx";
    case CandidateType::PeerReflexive:
      return "prflx";
    case CandidateType::Relayed:
      return "relay";
  }
  return "?";
}

const char* to_string(Transport transport) {
  switch (transport) {
    case Transport::Udp:
      return "udp";
  }
  return "?";
}

std::uint8_t type_preference(CandidateType type) {
  // RFC 8445 §5.1.2.2: 126 host, 110 peer-reflexive, 100 server-reflexive, 0 relayed.
  switch (type) {
    case CandidateType::Host:
      return 126;
    case CandidateType::PeerReflexive:
      return 110;
    case CandidateType::ServerReflexive:
      return 100;
    case CandidateType::Relayed:
      return 0;
  }
  return 0;
}

std::uint32_t candidate_priority(CandidateType type, std::uint16_t local_preference,
                                 std::uint16_t component) {
  // RFC 8445 §5.1.2.1:
  //   priority = (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)
  return (std::uint32_t{type_preference(type)} << 24) | (std::uint32_t{local_preference} << 8) |
         static_cast<std::uint32_t>(256 - component);
}

std::string compute_foundation(CandidateType type, const IpAddress& base,
                               const std::optional<IpAddress>& server, Transport transport) {
  // FNV-1a over exactly the inputs §5.1.1.3 names, so that equal inputs give equal foundations
  // and the value is the same on every run (a learner can compare traces).
  std::uint32_t h = 2166136261u;
  auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 16777619u; };
  mix(static_cast<std::uint8_t>(type));
  mix(static_cast<std::uint8_t>(transport));
  for (std::size_t i = 0; i < base.size(); ++i) mix(base.data()[i]);
  if (server) {
    mix(0xff);
    for (std::size_t i = 0; i < server->size(); ++i) mix(server->data()[i]);
  }
  return std::to_string(h);
}

std::string Candidate::describe() const {
  std::string where =
      hostname.empty() ? address.to_string() : hostname + ":" + std::to_string(address.port);
  std::string s = trace::concat(to_string(type), " ", where);
  if (related_address && type != CandidateType::Host)
    s += " (from " + related_address->to_string() + ")";
  return s;
}

Candidate make_host_candidate(const SocketAddress& address, std::uint16_t local_preference) {
  Candidate c;
  c.type = CandidateType::Host;
  c.address = address;
  c.base = address;
  c.priority = candidate_priority(c.type, local_preference, c.component);
  c.foundation = compute_foundation(c.type, address.ip, std::nullopt, c.transport);
  return c;
}

Candidate make_server_reflexive_candidate(const SocketAddress& mapped, const SocketAddress& base,
                                          const IpAddress& server, std::uint16_t local_preference) {
  Candidate c;
  c.type = CandidateType::ServerReflexive;
  c.address = mapped;
  c.base = base;
  c.related_address = base;
  c.priority = candidate_priority(c.type, local_preference, c.component);
  c.foundation = compute_foundation(c.type, base.ip, server, c.transport);
  return c;
}

Candidate make_peer_reflexive_candidate(const SocketAddress& address, const SocketAddress& base,
                                        std::uint32_t priority) {
  Candidate c;
  c.type = CandidateType::PeerReflexive;
  c.address = address;
  c.base = base;
  c.related_address = base;
  c.priority = priority;
  // RFC 8445 §7.3.1.3: the foundation of a peer-reflexive candidate is an arbitrary value
  // different from the foundations of all other remote candidates; hashing its own address
  // gives that.
  c.foundation = compute_foundation(c.type, address.ip, std::nullopt, c.transport);
  return c;
}

}  // namespace lucid::ice
