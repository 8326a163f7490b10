// ICE then DTLS between two PeerConnections in memory (tests/peer/two_peers.h): the fingerprint
// from each SDP checks the other's certificate, a=setup decides who sends the ClientHello, and
// connectionState becomes "connected" only when both layers are up.
#include <catch2/catch.hpp>

#include "peer/peer_connection.h"
#include "sdp/parser.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::TwoPeers;

namespace {

std::vector<PeerConnectionState> states_of(const std::vector<PeerConnectionEvent>& log) {
  std::vector<PeerConnectionState> out;
  for (const auto& e : log)
    if (auto* c = std::get_if<ConnectionStateChangeEvent>(&e)) out.push_back(c->state);
  return out;
}

}  // namespace

TEST_CASE("two peer connections reach connectionState connected through ICE and DTLS") {
  TwoPeers p;
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] {
    return p.a.connection_state() == PeerConnectionState::Connected &&
           p.b.connection_state() == PeerConnectionState::Connected;
  }));

  // The answerer took a=setup:active, so it is the DTLS client (RFC 9429 §5.3.1).
  REQUIRE(p.a.dtls_transport() != nullptr);
  REQUIRE(p.b.dtls_transport() != nullptr);
  CHECK(p.a.dtls_transport()->role() == dtls::Role::Server);
  CHECK(p.b.dtls_transport()->role() == dtls::Role::Client);
  CHECK(p.a.dtls_transport()->state() == dtls::State::Connected);
  CHECK(p.b.dtls_transport()->state() == dtls::State::Connected);
  // Each checked the certificate the other announced, and both have the same SRTP keys.
  CHECK(p.a.dtls_transport()->remote_fingerprint() == p.b.dtls_transport()->local_fingerprint());
  CHECK(p.b.dtls_transport()->remote_fingerprint() == p.a.dtls_transport()->local_fingerprint());
  REQUIRE(p.a.dtls_transport()->srtp_keys().has_value());
  CHECK(p.a.dtls_transport()->srtp_keys() == p.b.dtls_transport()->srtp_keys());

  const auto seen = states_of(p.events_a);
  REQUIRE(seen.size() >= 2);
  CHECK(seen.front() == PeerConnectionState::Connecting);
  CHECK(seen.back() == PeerConnectionState::Connected);
}

TEST_CASE("the fingerprint in the local description is that of the certificate DTLS presents") {
  SeededRandom random(9);
  const dtls::Certificate certificate = dtls::Certificate::generate(random);
  PeerConnectionConfiguration configuration;
  configuration.certificate = certificate;
  PeerConnection pc(configuration);
  pc.add_local_address(*SocketAddress::parse("10.0.0.1:5000"));
  pc.set_local_description(pc.create_offer(), at_ms(0));
  const auto offer = sdp::parse(pc.local_description()->sdp);
  REQUIRE(offer.ok());
  const auto& fingerprints = offer->fingerprints_for(offer->media[0]);
  REQUIRE(fingerprints.size() == 1);
  CHECK(fingerprints[0].to_string() == certificate.fingerprint().to_sdp());
}

TEST_CASE(
    "a remote description without a usable fingerprint, or an answer that is both roles, is "
    "refused") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));
  std::string offer = p.a.local_description()->sdp;
  const auto at = offer.find("a=fingerprint:");
  REQUIRE(at != std::string::npos);
  std::string without = offer;
  without.erase(at, offer.find("\r\n", at) + 2 - at);
  const auto refused = p.b.set_remote_description({SdpType::Offer, without}, p.now());
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message(), Catch::Contains("a=fingerprint"));

  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  p.b.set_local_description(p.b.create_answer(), p.now());
  REQUIRE(p.run_until([&] { return p.b.ice_gathering_state() == IceGatheringState::Complete; }));
  std::string answer = p.b.local_description()->sdp;
  const auto setup = answer.find("a=setup:active");
  REQUIRE(setup != std::string::npos);
  answer.replace(setup, 14, "a=setup:actpass");
  const auto both = p.a.set_remote_description({SdpType::Answer, answer}, p.now());
  REQUIRE_FALSE(both.ok());
  CHECK_THAT(both.error().message(), Catch::Contains("both"));
  CHECK(p.a.signaling_state() == SignalingState::HaveLocalOffer);  // nothing changed
}

TEST_CASE(
    "an answer whose fingerprint is not the answerer's certificate ends in connectionState "
    "failed") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));
  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  p.b.set_local_description(p.b.create_answer(), p.now());
  REQUIRE(p.run_until([&] { return p.b.ice_gathering_state() == IceGatheringState::Complete; }));
  // Someone on the signalling path swaps the fingerprint for that of another certificate.
  SeededRandom random(11);
  std::string answer = p.b.local_description()->sdp;
  const auto at = answer.find("a=fingerprint:") + 14;
  const auto end = answer.find("\r\n", at);
  answer.replace(at, end - at, dtls::Certificate::generate(random).fingerprint().to_sdp());
  REQUIRE(p.a.set_remote_description({SdpType::Answer, answer}, p.now()).ok());

  REQUIRE(p.run_until([&] {
    return p.a.connection_state() == PeerConnectionState::Failed &&
           p.b.connection_state() == PeerConnectionState::Failed;
  }));
  // ICE itself worked; it is DTLS that refused.
  CHECK(p.a.ice_agent()->selected_pair() != nullptr);
  CHECK(p.a.dtls_transport()->state() == dtls::State::Failed);
  CHECK(p.b.dtls_transport()->state() == dtls::State::Failed);
  CHECK_FALSE(p.a.dtls_transport()->srtp_keys().has_value());
}
