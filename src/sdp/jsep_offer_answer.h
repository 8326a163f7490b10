// JSEP offer/answer for a data channel (RFC 9429 §5.2 and §5.3): the descriptions lucid sends.
//
// An offer has one m= section for data channels:
//   m=application 9 UDP/DTLS/SCTP webrtc-datachannel      (RFC 8841 §4)
//   c=IN IP4 0.0.0.0                                      (RFC 8839 §4.2.1.2: addresses come as candidates)
//   a=mid:0, a=group:BUNDLE 0                             (RFC 8843)
//   a=ice-ufrag, a=ice-pwd, a=ice-options:trickle         (RFC 8839 §5.4, RFC 8840 §4.1.1)
//   a=fingerprint:sha-256 ..., a=setup:actpass            (RFC 8122, RFC 8842 §5.2)
//   a=sctp-port:5000, a=max-message-size:262144           (RFC 8841 §5, §6)
// An answer has one m= section per offered one, in the same order with the same mids; it accepts
// the first data channel section and rejects every other one with port 0 (audio and video until
// lucid has media, and protocols it does not know).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/random.h"
#include "sdp/description.h"
#include "sdp/ice_credentials.h"

namespace lucid::sdp {

// What the lower layers contribute to a local description: ICE credentials (from
// IceCredentials::generate), the fingerprint of the DTLS certificate (from dtls), the SCTP port
// and the largest message lucid's SCTP side accepts.
struct LocalParameters {
  IceCredentials ice;
  std::vector<Fingerprint> fingerprints;
  std::uint16_t sctp_port = 5000;           // RFC 8841 §5.1: 5000 unless there is a reason
  std::uint64_t max_message_size = 262144;  // what Chromium offers
};

// The o= line for a new session: "-", a random session id below 2^63 (RFC 9429 §5.2.1), version 0.
// Each new local description of the session keeps the id and increments session_version.
Origin new_origin(Random& random);

// RFC 9429 §5.2.1: the initial offer, with one data channel section whose mid is "0".
// Throws std::invalid_argument if `local` lacks valid ICE credentials or a fingerprint.
Description create_offer(const LocalParameters& local, const Origin& origin);

// RFC 9429 §5.3.1: the answer to `offer`. `role` is the DTLS role lucid takes when the offer
// says actpass (RFC 8842 §5.3: active or passive; JSEP and browsers choose active).
// Throws std::invalid_argument for a bad `local` (as create_offer) or a role other than those two.
Description create_answer(const Description& offer, const LocalParameters& local,
                          const Origin& origin, Setup role = Setup::Active);

// The setup value an answer gives to an offered one (RFC 8842 §5.3): actpass -> `role`,
// active -> passive, passive -> active; nullopt for holdconn (the section is rejected).
// An offer without a=setup counts as active: RFC 4145 §4 makes "active" the offer's default.
std::optional<Setup> answer_setup(std::optional<Setup> offered, Setup role);

// The index of the first data channel section that is not rejected, if any.
std::optional<std::size_t> find_data_channel(const Description& description);

}  // namespace lucid::sdp
