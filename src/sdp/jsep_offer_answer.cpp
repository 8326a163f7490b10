#include "sdp/jsep_offer_answer.h"

#include <stdexcept>

#include "common/trace.h"

namespace lucid::sdp {

namespace {

// The transport lines every accepted section carries: ICE, DTLS and trickle.
void add_transport(MediaDescription& m, const LocalParameters& local) {
  // RFC 8839 §4.2.1.2 / RFC 9429 §5.2.1: port 9 and 0.0.0.0 until candidates say otherwise.
  m.port = 9;
  m.connection = Connection{};
  m.ice_ufrag = local.ice.ufrag;
  m.ice_pwd = local.ice.pwd;
  m.ice_options = {"trickle"};  // RFC 8840 §4.1.1: we trickle candidates
  m.fingerprints = local.fingerprints;
}

// Misuse, not wire data: a description without credentials or a fingerprint could never connect.
void check_local(const LocalParameters& local) {
  if (!check_ice_ufrag(local.ice.ufrag) || !check_ice_pwd(local.ice.pwd)) {
    throw std::invalid_argument("LocalParameters: ICE credentials missing or invalid (use IceCredentials::generate)");
  }
  if (local.fingerprints.empty()) {
    throw std::invalid_argument("LocalParameters: no DTLS certificate fingerprint");
  }
}

Description new_description(const Origin& origin) {
  // RFC 9429 §5.2.1: v=0, o=..., s=-, t=0 0.
  Description d;
  d.origin = origin;
  d.session_name = "-";
  d.timing = Timing{0, 0};
  return d;
}

// RFC 3264 §6 / RFC 9429 §5.3.1: a rejected section keeps the offered media, proto and formats,
// gets port 0, and keeps its mid so the offerer can match it.
MediaDescription rejected(const MediaDescription& offered) {
  MediaDescription m;
  m.media = offered.media;
  m.port = 0;
  m.proto = offered.proto;
  m.formats = offered.formats;
  m.connection = Connection{};
  m.mid = offered.mid;
  return m;
}

}  // namespace

Origin new_origin(Random& random) {
  Origin origin;
  // RFC 9429 §5.2.1: sess-id "SHOULD be a cryptographically random number", and it must fit a
  // 64-bit signed integer, so the top bit is cleared.
  origin.session_id = random.next_u64() & 0x7FFFFFFFFFFFFFFFull;
  origin.session_version = 0;
  return origin;
}

Description create_offer(const LocalParameters& local, const Origin& origin) {
  check_local(local);
  Description d = new_description(origin);

  MediaDescription data;  // defaults: m=application 9 UDP/DTLS/SCTP webrtc-datachannel
  data.mid = "0";
  add_transport(data, local);
  data.setup = Setup::Actpass;  // RFC 8842 §5.2 / RFC 5763 §5: the offerer says actpass
  data.sctp_port = local.sctp_port;
  data.max_message_size = local.max_message_size;
  d.media.push_back(std::move(data));

  // RFC 9429 §5.2.1: every m= section goes into one BUNDLE group (policy max-bundle).
  d.groups.push_back(Group{"BUNDLE", {"0"}});
  LUCID_TRACE("sdp", "created offer: data channel section mid 0, ice-ufrag ", local.ice.ufrag);
  return d;
}

std::optional<Setup> answer_setup(std::optional<Setup> offered, Setup role) {
  switch (offered.value_or(Setup::Active)) {
    case Setup::Actpass: return role;
    case Setup::Active: return Setup::Passive;
    case Setup::Passive: return Setup::Active;
    case Setup::Holdconn: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::size_t> find_data_channel(const Description& description) {
  for (std::size_t i = 0; i < description.media.size(); ++i) {
    const auto& m = description.media[i];
    if (!m.is_rejected() && m.is_data_channel()) return i;
  }
  return std::nullopt;
}

Description create_answer(const Description& offer, const LocalParameters& local,
                          const Origin& origin, Setup role) {
  check_local(local);
  if (role != Setup::Active && role != Setup::Passive) {
    throw std::invalid_argument("create_answer: the answerer's role must be active or passive");
  }
  Description d = new_description(origin);
  std::optional<std::size_t> data_index = find_data_channel(offer);
  std::optional<std::string> accepted_mid;

  // RFC 3264 §6 / RFC 9429 §5.3.1: one m= section per offered one, in the same order.
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    const MediaDescription& offered = offer.media[i];
    std::optional<Setup> setup = answer_setup(offer.setup_for(offered), role);
    if (i != data_index || !setup) {
      LUCID_TRACE("sdp", "answer rejects m=", offered.media, " ", offered.proto,
                  " (mid ", offered.mid.value_or("none"), ") with port 0");
      d.media.push_back(rejected(offered));
      continue;
    }
    MediaDescription m;
    m.media = offered.media;
    m.proto = offered.proto;
    m.formats = offered.formats;
    m.mid = offered.mid;  // RFC 9429 §5.3.1: the answer's mid mirrors the offer's
    add_transport(m, local);
    m.setup = setup;
    if (offered.proto == "DTLS/SCTP") {
      // The legacy form (draft-ietf-mmusic-sctp-sdp-05): answer in kind, the port as the format
      // and in a=sctpmap, since such a peer does not know a=sctp-port.
      m.formats = {std::to_string(local.sctp_port)};
      m.sctpmap = Sctpmap{local.sctp_port, "webrtc-datachannel", offered.sctpmap->streams};
    } else {
      m.sctp_port = local.sctp_port;
    }
    m.max_message_size = local.max_message_size;
    accepted_mid = m.mid;
    LUCID_TRACE("sdp", "answer accepts the data channel section (mid ", m.mid.value_or("none"),
                "), a=setup:", to_string(*setup));
    d.media.push_back(std::move(m));
  }

  // RFC 8843 §7.3 / RFC 9429 §5.3.1: the answer's BUNDLE group holds the accepted sections of
  // the offered group; rejected sections leave it.
  const Group* offered_bundle = offer.bundle_group();
  if (offered_bundle && accepted_mid) {
    for (const auto& mid : offered_bundle->mids) {
      if (mid == *accepted_mid) d.groups.push_back(Group{"BUNDLE", {mid}});
    }
  }
  return d;
}

}  // namespace lucid::sdp
