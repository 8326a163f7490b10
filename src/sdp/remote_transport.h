// What peer needs from the remote description to connect a data channel, read and checked in
// one place: the ICE credentials and candidates of the remote's transport, its DTLS
// fingerprints and role, and its SCTP port and message size limit.
//
// With BUNDLE (RFC 8843) every section of a group shares one transport, and a browser with the
// max-bundle policy lists the candidates it gathered in the group's first section only (often an
// audio section lucid rejects). So when the data section has no candidates of its own, those of
// the other sections of its BUNDLE group are taken. Trickled candidates for any mid of the group
// belong to the same transport too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "sdp/description.h"
#include "sdp/session_description.h"

namespace lucid::sdp {

struct RemoteTransport {
  std::size_t media_index = 0;     // the data channel section
  std::string mid;                 // its mid (empty if the remote gave none)
  std::string ice_ufrag;           // RFC 8839 §5.4, media level else session level
  std::string ice_pwd;
  bool ice_lite = false;           // RFC 8839 §5.3: the remote only answers checks
  bool trickle = false;            // a=ice-options includes "trickle" (RFC 8840 §4.1.1)
  std::vector<Candidate> candidates;  // see the note above on BUNDLE
  bool end_of_candidates = false;  // RFC 8840 §8.2: no more will be trickled
  std::vector<Fingerprint> fingerprints;  // RFC 8122: the certificate DTLS must see
  Setup setup = Setup::Actpass;    // the remote's a=setup (RFC 8842)
  std::uint16_t sctp_port = 5000;  // RFC 8841 §5.2
  std::uint64_t max_message_size = 65536;  // RFC 8841 §6.1 (0 = no limit)
};

// Reads the transport of the first data channel section that is not rejected. Errors say what a
// remote description of that type lacks, as the browser's setRemoteDescription would refuse it
// (RFC 9429 §5.8): no data channel section, no ICE credentials, no fingerprint, an answer
// with a=setup:actpass (RFC 8842 §5.3 allows only active or passive there).
Result<RemoteTransport> read_remote_transport(const Description& remote, SdpType type);

}  // namespace lucid::sdp
