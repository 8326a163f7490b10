#include "sdp/remote_transport.h"

#include <algorithm>

#include "sdp/jsep_offer_answer.h"
#include "sdp/text.h"

namespace lucid::sdp {

namespace {

// The sections that share the data section's transport: its BUNDLE group, or just itself.
std::vector<const MediaDescription*> transport_sections(const Description& d, const MediaDescription& data) {
  std::vector<const MediaDescription*> sections;
  for (const auto& group : d.groups) {
    if (group.semantics != "BUNDLE" || !data.mid) continue;
    if (std::find(group.mids.begin(), group.mids.end(), *data.mid) == group.mids.end()) continue;
    for (const auto& mid : group.mids) {
      if (const MediaDescription* m = d.find_media(mid)) sections.push_back(m);
    }
    return sections;
  }
  return {&data};
}

}  // namespace

Result<RemoteTransport> read_remote_transport(const Description& remote, SdpType type) {
  auto index = find_data_channel(remote);
  if (!index) return fail("the description has no data channel section that is not rejected");
  const MediaDescription& data = remote.media[*index];

  RemoteTransport t;
  t.media_index = *index;
  t.mid = data.mid.value_or("");
  auto ufrag = remote.ice_ufrag_for(data);
  auto pwd = remote.ice_pwd_for(data);
  // RFC 8839 §5.4: both are required, at media level or session level.
  if (!ufrag || !pwd) return fail("the data channel section has no a=ice-ufrag and a=ice-pwd");
  t.ice_ufrag = *ufrag;
  t.ice_pwd = *pwd;
  t.ice_lite = remote.ice_lite;
  for (const auto& option : remote.ice_options_for(data)) {
    // libdatachannel writes "ice2,trickle" as one option; look inside it too.
    for (auto tag : detail::split(option, ',')) t.trickle = t.trickle || tag == "trickle";
  }

  // RFC 8842 §5.1 / RFC 8122 §5: DTLS needs the certificate fingerprint to check the peer.
  t.fingerprints = remote.fingerprints_for(data);
  if (t.fingerprints.empty()) return fail("the data channel section has no a=fingerprint");

  auto setup = remote.setup_for(data);
  if (type == SdpType::Offer) {
    // RFC 4145 §4: an offer without a=setup means active.
    t.setup = setup.value_or(Setup::Active);
  } else {
    // RFC 8842 §5.3: the answerer picks active or passive; absent means passive (RFC 4145 §4).
    t.setup = setup.value_or(Setup::Passive);
    if (t.setup == Setup::Actpass) return fail("an answer must say a=setup:active or passive, not actpass");
  }
  if (t.setup == Setup::Holdconn) return fail("a=setup:holdconn: the remote does not want a connection");

  // The data section's own candidates; if it has none, those of its BUNDLE group (a browser
  // with bundle policy max-bundle gathers once and lists them in the group's first section).
  t.candidates = data.candidates;
  t.end_of_candidates = data.end_of_candidates;
  if (t.candidates.empty()) {
    for (const MediaDescription* m : transport_sections(remote, data)) {
      t.candidates.insert(t.candidates.end(), m->candidates.begin(), m->candidates.end());
      t.end_of_candidates = t.end_of_candidates || m->end_of_candidates;
    }
  }
  t.end_of_candidates = t.end_of_candidates || remote.end_of_candidates;
  t.sctp_port = data.effective_sctp_port();
  t.max_message_size = data.effective_max_message_size();
  return t;
}

}  // namespace lucid::sdp
