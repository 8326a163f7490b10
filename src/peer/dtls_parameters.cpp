#include "peer/dtls_parameters.h"

#include <string>

namespace lucid {

Result<DtlsParameters> dtls_parameters(const sdp::Description& local,
                                       const sdp::MediaDescription& local_section,
                                       const sdp::Description& remote,
                                       const sdp::MediaDescription& remote_section,
                                       bool we_offered) {
  DtlsParameters p;
  // The answer decides (RFC 8842 §5.3). An a=setup missing from it counts as "passive": "the
  // default value of the setup attribute in an offer/answer exchange is 'active' in the offer
  // and 'passive' in the answer" (RFC 4145 §4.1).
  const sdp::Description& answer = we_offered ? remote : local;
  const sdp::MediaDescription& answer_section = we_offered ? remote_section : local_section;
  const auto written = answer.setup_for(answer_section);
  auto setup = dtls::parse_setup(written ? sdp::to_string(*written) : "passive");
  if (!setup) return setup.error();
  auto role = we_offered ? dtls::offerer_role(*setup) : dtls::role_of(*setup);
  if (!role)
    return fail((we_offered ? "remote answer: " : "local answer: ") + role.error().message());
  p.role = *role;

  auto fingerprints = remote_fingerprints(remote, remote_section);
  if (!fingerprints) return fingerprints.error();
  p.remote_fingerprints = std::move(*fingerprints);
  return p;
}

Result<std::vector<dtls::Fingerprint>> remote_fingerprints(
    const sdp::Description& remote, const sdp::MediaDescription& remote_section) {
  std::vector<dtls::Fingerprint> out;
  for (const auto& fp : remote.fingerprints_for(remote_section)) {
    auto parsed = dtls::Fingerprint::parse(fp.to_string());
    if (parsed) out.push_back(*parsed);  // md5, sha-224: not checkable here
  }
  if (out.empty())
    return fail(
        "remote description has no a=fingerprint with sha-1/256/384/512 (RFC 8122 §5, RFC 8827 "
        "§6.5)");
  return out;
}

}  // namespace lucid
