// What the two descriptions say about DTLS: who is the DTLS client (a=setup, RFC 8842 §5) and
// which certificate the peer must present (a=fingerprint, RFC 8122 §5). peer reads them from
// sdp's types and hands them to dtls::Transport in dtls's own types.
#pragma once

#include <vector>

#include "common/result.h"
#include "dtls/fingerprint.h"
#include "dtls/role.h"
#include "sdp/description.h"

namespace lucid {

struct DtlsParameters {
  dtls::Role role = dtls::Role::Client;
  std::vector<dtls::Fingerprint> remote_fingerprints;
};

// The peer's a=fingerprint values that dtls can check (sha-1/256/384/512); an error if none.
Result<std::vector<dtls::Fingerprint>> remote_fingerprints(
    const sdp::Description& remote, const sdp::MediaDescription& remote_section);

// Once both descriptions are set. `we_offered` says which of the two was the offer: the offerer
// takes the role the answer left it (dtls::offerer_role), the answerer the one it wrote.
// Errors: an answer with actpass or holdconn, or no a=fingerprint lucid can check.
Result<DtlsParameters> dtls_parameters(const sdp::Description& local,
                                       const sdp::MediaDescription& local_section,
                                       const sdp::Description& remote,
                                       const sdp::MediaDescription& remote_section,
                                       bool we_offered);

}  // namespace lucid
