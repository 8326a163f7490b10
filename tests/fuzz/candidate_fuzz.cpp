// Target 3, candidate: one a=candidate line or trickled RTCIceCandidate.candidate string
// (RFC 8839 §5.1) through sdp::Candidate::parse, then peer's to_ice_candidate (what
// add_ice_candidate does with it), then back with to_sdp_candidate.
//
// Reaches: src/sdp/candidate.cpp, src/common/address.cpp (IPv4/IPv6 literals),
// src/peer/candidates.cpp, src/ice/candidate.cpp (priority, foundation).
// Invariants: to_string() of a parsed candidate parses to an equal candidate; an ICE candidate
// peer made from one turns into a line that parses again.
#include <string>

#include "fuzz_check.h"
#include "peer/candidates.h"
#include "sdp/candidate.h"

using namespace lucid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = sdp::Candidate::parse(fuzz::text(data, size));
  if (!parsed) {
    (void)parsed.error().message();
    return 0;
  }
  const sdp::Candidate& c = *parsed;
  (void)c.ip();
  (void)c.is_mdns();
  (void)c.is_udp();
  (void)c.extension("ufrag");
  const std::string line = c.to_string();
  auto again = sdp::Candidate::parse(line);
  if (!again) std::fprintf(stderr, "%s: %s\n", line.c_str(), again.error().message().c_str());
  LUCID_FUZZ_CHECK(again.ok());
  LUCID_FUZZ_CHECK(*again == c);

  auto ice = to_ice_candidate(c);
  if (!ice) return 0;
  const std::string back = to_sdp_candidate(*ice).to_string();
  auto back_parsed = sdp::Candidate::parse(back);
  if (!back_parsed) std::fprintf(stderr, "%s: %s\n", back.c_str(), back_parsed.error().message().c_str());
  LUCID_FUZZ_CHECK(back_parsed.ok());
  return 0;
}
