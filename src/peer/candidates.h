// Where SDP meets ICE: an a=candidate line (sdp::Candidate, RFC 8839 §5.1) and an ICE candidate
// (ice::Candidate, RFC 8445 §5.1) say the same thing in two vocabularies. sdp knows no ice and
// ice knows no SDP, so the translation lives here, in peer.
#pragma once

#include "common/result.h"
#include "ice/candidate.h"
#include "sdp/candidate.h"

namespace lucid {

// An ICE candidate as the line we signal: "candidate:<foundation> 1 udp <priority> <ip> <port>
// typ host" (with raddr/rport for reflexive ones).
sdp::Candidate to_sdp_candidate(const ice::Candidate& candidate);

// A remote candidate line as an ICE candidate. A TCP candidate is an Error (ICE-TCP, RFC 6544,
// is not implemented; Firefox offers them, so callers skip these quietly); an mDNS name becomes
// a candidate with `hostname` set, which the agent reports as unresolvable.
Result<ice::Candidate> to_ice_candidate(const sdp::Candidate& candidate);

}  // namespace lucid
