// Two PeerConnections in memory with a fake clock (tests/peer/two_peers.h).
#include <catch2/catch.hpp>

#include <algorithm>

#include "peer/peer_connection.h"
#include "sdp/parser.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::TwoPeers;

namespace {

bool connected(const PeerConnection& pc) {
  return pc.ice_connection_state() == IceConnectionState::Connected ||
         pc.ice_connection_state() == IceConnectionState::Completed;
}

PeerConnectionConfiguration with_ice_server(std::string url) {
  PeerConnectionConfiguration c;
  c.ice_servers = {std::move(url)};
  return c;
}

template <typename Event>
std::vector<Event> events_of(const std::vector<PeerConnectionEvent>& log) {
  std::vector<Event> out;
  for (const auto& e : log)
    if (auto* x = std::get_if<Event>(&e)) out.push_back(*x);
  return out;
}

}  // namespace

TEST_CASE("two peer connections exchange complete descriptions and reach ICE connected") {
  TwoPeers p;
  REQUIRE(p.exchange_descriptions());
  CHECK(p.run_until([&] { return connected(p.a) && connected(p.b); }));
  CHECK(p.a.signaling_state() == SignalingState::Stable);
  CHECK(p.b.signaling_state() == SignalingState::Stable);
  // The offerer controls and nominates (RFC 8445 §6.1.1), the answerer is controlled.
  REQUIRE(p.a.ice_agent() != nullptr);
  CHECK(p.a.ice_agent()->role() == ice::Role::Controlling);
  CHECK(p.b.ice_agent()->role() == ice::Role::Controlled);
  REQUIRE(p.a.ice_agent()->selected_pair() != nullptr);
  CHECK(p.a.ice_agent()->selected_pair()->remote.address == p.address_b);
}

TEST_CASE("two peer connections trickle their candidates and reach ICE connected") {
  TwoPeers p;
  p.trickle = true;
  p.a.set_local_description(p.a.create_offer(), p.now());
  // The offer goes out at once, before any candidate: they follow by addIceCandidate.
  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  p.b.set_local_description(p.b.create_answer(), p.now());
  REQUIRE(p.a.set_remote_description(*p.b.local_description(), p.now()).ok());
  CHECK(p.run_until([&] { return connected(p.a) && connected(p.b); }));
}

TEST_CASE("the local description carries the gathered candidates and end-of-candidates") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));
  const auto offer = sdp::parse(p.a.local_description()->sdp);
  REQUIRE(offer.ok());
  REQUIRE(offer->media.size() == 1);
  const auto& section = offer->media[0];
  REQUIRE(section.candidates.size() == 1);
  CHECK(section.candidates[0].address == "10.0.0.1");
  CHECK(section.candidates[0].port == 5000);
  CHECK(section.candidates[0].type == sdp::CandidateType::Host);
  CHECK(section.end_of_candidates);
  // A real fingerprint: sha-256, 32 bytes.
  const auto& fingerprints = offer->fingerprints_for(section);
  REQUIRE(fingerprints.size() == 1);
  CHECK(fingerprints[0].hash_function == "sha-256");
  CHECK(fingerprints[0].value.size() == 32);
}

TEST_CASE("events follow the W3C order: candidates, then gathering complete and a null candidate") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));

  const auto candidates = events_of<IceCandidateEvent>(p.events_a);
  REQUIRE(candidates.size() == 2);
  REQUIRE(candidates[0].candidate);
  CHECK(candidates[0].candidate->candidate.starts_with("candidate:"));
  CHECK(candidates[0].candidate->candidate.find("10.0.0.1 5000 typ host") != std::string::npos);
  CHECK(candidates[0].candidate->sdp_mid == std::optional<std::string>("0"));
  CHECK_FALSE(candidates[1].candidate);  // end of candidates

  const auto gathering = events_of<IceGatheringStateChangeEvent>(p.events_a);
  REQUIRE_FALSE(gathering.empty());
  CHECK(gathering.back().state == IceGatheringState::Complete);
  const auto signaling = events_of<SignalingStateChangeEvent>(p.events_a);
  REQUIRE(signaling.size() == 1);
  CHECK(signaling[0].state == SignalingState::HaveLocalOffer);
}

TEST_CASE("ice connection state goes through checking to connected on both sides") {
  TwoPeers p;
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return connected(p.a) && connected(p.b); }));
  for (const auto* log : {&p.events_a, &p.events_b}) {
    const auto states = events_of<IceConnectionStateChangeEvent>(*log);
    REQUIRE(states.size() >= 2);
    CHECK(states[0].state == IceConnectionState::Checking);
    CHECK((states[1].state == IceConnectionState::Connected ||
           states[1].state == IceConnectionState::Completed));
  }
}

TEST_CASE(
    "a remote description with bad SDP is an error that names the line, and changes nothing") {
  TwoPeers p;
  const Status status = p.b.set_remote_description(
      {SdpType::Offer, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 x\r\n"}, p.now());
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().where == "line 4");
  CHECK(p.b.signaling_state() == SignalingState::Stable);
  CHECK_FALSE(p.b.remote_description());
}

TEST_CASE("setting an answer in the stable state throws InvalidStateError") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  const auto answer = p.b.create_answer();
  CHECK_THROWS_AS(p.a.set_local_description(answer, p.now()), InvalidStateError);
  CHECK_THROWS_AS(p.a.create_answer(), InvalidStateError);
}

TEST_CASE("addIceCandidate before a remote description throws, and a bad line is an error") {
  TwoPeers p;
  CHECK_THROWS_AS(p.a.add_ice_candidate({"candidate:1 1 udp 1 10.0.0.9 9 typ host", "0", 0}, p.now()),
                  InvalidStateError);
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  const Status bad =
      p.b.add_ice_candidate({"candidate:1 1 udp 1 10.0.0.9 70000 typ host", "0", 0}, p.now());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message().find("70000") != std::string::npos);
  const Status wrong_mid =
      p.b.add_ice_candidate({"candidate:1 1 udp 1 10.0.0.9 9 typ host", "7", 0}, p.now());
  CHECK_FALSE(wrong_mid.ok());
}

TEST_CASE("a TCP candidate from a browser is skipped without failing") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  const std::size_t before = p.b.ice_agent()->remote_candidates().size();
  // Firefox offers these (tcptype active, port 9); lucid has no ICE-TCP.
  CHECK(p.b.add_ice_candidate(
               {"candidate:2 1 TCP 2105458943 10.0.0.1 9 typ host tcptype active", "0", 0}, p.now())
            .ok());
  CHECK(p.b.ice_agent()->remote_candidates().size() == before);
}

TEST_CASE("close ends ICE and the states read closed") {
  TwoPeers p;
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return connected(p.a) && connected(p.b); }));
  p.a.close();
  CHECK(p.a.ice_connection_state() == IceConnectionState::Closed);
  CHECK(p.a.signaling_state() == SignalingState::Closed);
  CHECK_FALSE(p.a.poll_timeout());
}

TEST_CASE("a stun: URL must name an IP address, a turn: URL is accepted unless malformed") {
  CHECK_THROWS_AS(PeerConnection(with_ice_server("stun:stun.invalid")), std::invalid_argument);
  CHECK_NOTHROW(PeerConnection(with_ice_server("stun:192.0.2.1:3478")));
  CHECK_NOTHROW(PeerConnection(with_ice_server("turn:192.0.2.1")));
  CHECK_NOTHROW(PeerConnection(with_ice_server("turns:turn.invalid:443?transport=tcp")));
  // Malformed: the browser's SyntaxError.
  CHECK_THROWS_AS(PeerConnection(with_ice_server("turn:")), std::invalid_argument);
  CHECK_THROWS_AS(PeerConnection(with_ice_server("turn:192.0.2.1:99999")), std::invalid_argument);
  CHECK_THROWS_AS(PeerConnection(with_ice_server("http://192.0.2.1")), std::invalid_argument);
}

TEST_CASE("a turn: URL is reported as icecandidateerror 701 while gathering, and host "
          "candidates still connect") {
  PeerConnectionConfiguration config_a = lucid::testing::named("a");
  config_a.ice_servers = {"turn:192.0.2.1:3478?transport=udp", "turns:192.0.2.2"};
  TwoPeers p(config_a, lucid::testing::named("b"));
  REQUIRE(p.exchange_descriptions());
  CHECK(p.run_until([&] { return connected(p.a) && connected(p.b); }));

  const auto errors = events_of<IceCandidateErrorEvent>(p.events_a);
  REQUIRE(errors.size() == 2);  // once per URL
  CHECK(errors[0].url == "turn:192.0.2.1:3478?transport=udp");
  CHECK(errors[1].url == "turns:192.0.2.2");
  for (const auto& e : errors) {
    CHECK(e.error_code == 701);
    CHECK(e.error_text == "TURN is not supported by lucid yet");
    CHECK_FALSE(e.address);  // no local candidate talked to the server
    CHECK_FALSE(e.port);
  }
  CHECK(events_of<IceCandidateErrorEvent>(p.events_b).empty());

  // W3C: fired while the gathering state is "gathering": after it became gathering, before
  // complete.
  std::vector<std::string> order;
  for (const auto& e : p.events_a) {
    if (auto* g = std::get_if<IceGatheringStateChangeEvent>(&e)) order.push_back(to_string(g->state));
    if (std::holds_alternative<IceCandidateErrorEvent>(e)) order.push_back("error");
  }
  CHECK(order == std::vector<std::string>{"gathering", "error", "error", "complete"});
  // The connection ran on host candidates only: no relay candidate was offered.
  CHECK(p.a.local_description()->sdp.find("typ relay") == std::string::npos);
}

TEST_CASE("facing an ice-lite offerer, the answerer takes the controlling role") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  auto offer = *p.a.local_description();
  // RFC 8839 §5.3: a=ice-lite at session level, before the first m= line.
  offer.sdp.insert(offer.sdp.find("m="), "a=ice-lite\r\n");
  REQUIRE(p.b.set_remote_description(offer, p.now()).ok());
  CHECK(p.b.ice_agent()->role() == ice::Role::Controlling);
}
