#include "peer/candidates.h"

namespace lucid {
namespace {

sdp::CandidateType to_sdp(ice::CandidateType type) {
  switch (type) {
    case ice::CandidateType::Host: return sdp::CandidateType::Host;
    case ice::CandidateType::ServerReflexive: return sdp::CandidateType::ServerReflexive;
    case ice::CandidateType::PeerReflexive: return sdp::CandidateType::PeerReflexive;
    case ice::CandidateType::Relayed: return sdp::CandidateType::Relayed;
  }
  return sdp::CandidateType::Host;
}

ice::CandidateType to_ice(sdp::CandidateType type) {
  switch (type) {
    case sdp::CandidateType::Host: return ice::CandidateType::Host;
    case sdp::CandidateType::ServerReflexive: return ice::CandidateType::ServerReflexive;
    case sdp::CandidateType::PeerReflexive: return ice::CandidateType::PeerReflexive;
    case sdp::CandidateType::Relayed: return ice::CandidateType::Relayed;
  }
  return ice::CandidateType::Host;
}

}  // namespace

sdp::Candidate to_sdp_candidate(const ice::Candidate& c) {
  sdp::Candidate out;
  out.foundation = c.foundation;
  out.component = c.component;
  out.transport = "udp";  // as Chromium writes it; RFC 8839 §5.1 compares case-insensitively
  out.priority = c.priority;
  out.address = c.address.ip.to_string();
  out.port = c.address.port;
  out.type = to_sdp(c.type);
  // RFC 8839 §5.1: raddr/rport are present for reflexive and relayed candidates.
  if (c.related_address) {
    out.related_address = c.related_address->ip.to_string();
    out.related_port = c.related_address->port;
  }
  // Chromium and Firefox both write "generation 0"; it is harmless and helps a learner compare.
  out.extensions.emplace_back("generation", "0");
  return out;
}

Result<ice::Candidate> to_ice_candidate(const sdp::Candidate& c) {
  if (!c.is_udp())
    return fail("transport " + c.transport +
                " is not supported (only UDP; ICE-TCP, RFC 6544, is not implemented)");
  ice::Candidate out;
  out.type = to_ice(c.type);
  out.transport = ice::Transport::Udp;
  out.priority = c.priority;
  out.foundation = c.foundation;
  out.component = c.component;
  if (auto ip = c.ip()) {
    out.address = SocketAddress{*ip, c.port};
  } else {
    // An mDNS name (RFC 8839 §5.1 allows an FQDN): ice reports it as unresolvable.
    out.address = SocketAddress{IpAddress(), c.port};
    out.hostname = c.address;
  }
  out.base = out.address;  // a remote candidate is its own base
  if (c.related_address && c.related_port) {
    if (auto ip = IpAddress::parse(*c.related_address))
      out.related_address = SocketAddress{*ip, *c.related_port};
  }
  return out;
}

}  // namespace lucid
