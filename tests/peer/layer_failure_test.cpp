// A remote input that a layer cannot use never stops the process: it is refused where it enters
// (set_remote_description), and whatever still fails inside a layer becomes a state and events
// (connection "failed", every channel an error event then "close"), never an exception.
#include <catch2/catch.hpp>

#include <deque>

#include "peer/peer_connection.h"
#include "peer/sctp_transport.h"
#include "two_peers.h"

using namespace lucid;

namespace {

// This binary links lucid_test_fake_wall_clock: the simulated network's clock is also the
// process's gettimeofday(), which OpenSSL's and usrsctp's timers read.
using lucid::testing::TwoPeers;
using lucid::testing::count_of;

// Replaces the value of the first `a=<name>:` line.
void replace_attribute(std::string& sdp, const std::string& name, const std::string& value) {
  const auto at = sdp.find("a=" + name + ":");
  REQUIRE(at != std::string::npos);
  const auto value_at = at + name.size() + 3;
  sdp.replace(value_at, sdp.find("\r\n", at) - value_at, value);
}

bool both_connected(TwoPeers& p) {
  return p.a.connection_state() == PeerConnectionState::Connected &&
         p.b.connection_state() == PeerConnectionState::Connected;
}

std::string error_text(const std::vector<PeerConnectionEvent>& log, const DataChannel* channel) {
  for (const auto& e : log)
    if (auto* x = std::get_if<DataChannelErrorEvent>(&e); x && x->channel.get() == channel)
      return x->error;
  return "";
}

constexpr const char* kPortZeroError =
    "remote description: a=sctp-port:0 is not a usable SCTP port (RFC 8841 §5.2, RFC 9260 §3.1)";

}  // namespace

TEST_CASE("a remote offer with a=sctp-port:0 is refused and the correct offer still connects") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));
  SessionDescription offer = *p.a.local_description();
  SessionDescription hostile = offer;
  replace_attribute(hostile.sdp, "sctp-port", "0");

  const Status refused = p.b.set_remote_description(hostile, p.now());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message() == kPortZeroError);
  CHECK(p.b.signaling_state() == SignalingState::Stable);
  CHECK_FALSE(p.b.remote_description());

  REQUIRE(p.b.set_remote_description(offer, p.now()).ok());
  p.b.set_local_description(p.b.create_answer(), p.now());
  REQUIRE(p.run_until([&] { return p.b.ice_gathering_state() == IceGatheringState::Complete; }));
  REQUIRE(p.a.set_remote_description(*p.b.local_description(), p.now()).ok());
  CHECK(p.run_until([&] { return both_connected(p); }));
}

TEST_CASE("a remote answer with a=sctp-port:0 is refused and the correct answer still connects") {
  TwoPeers p;
  SessionDescription answer;
  std::string refusal;
  const bool accepted = p.exchange_descriptions([&](SessionDescription& a) {
    answer = a;
    SessionDescription hostile = a;
    replace_attribute(hostile.sdp, "sctp-port", "0");
    const Status refused = p.a.set_remote_description(hostile, p.now());
    REQUIRE_FALSE(refused.ok());
    refusal = refused.error().message();
    CHECK(p.a.signaling_state() == SignalingState::HaveLocalOffer);
  });
  CHECK(refusal == kPortZeroError);
  REQUIRE(accepted);
  CHECK(p.run_until([&] { return both_connected(p); }));
}

TEST_CASE("a certificate that does not match the fingerprint fails the connection and closes its "
          "channels with an error event") {
  TwoPeers p;
  auto channel = p.a.create_data_channel("chat");
  // b's answer announces the fingerprint of a certificate b does not have: a's DTLS refuses it.
  SeededRandom other_random(7);
  const dtls::Certificate other = dtls::Certificate::generate(other_random);
  REQUIRE(p.exchange_descriptions([&](SessionDescription& answer) {
    replace_attribute(answer.sdp, "fingerprint", other.fingerprint().to_sdp());
  }));
  REQUIRE(p.run_until([&] { return p.a.connection_state() == PeerConnectionState::Failed; }));
  p.settle();
  CHECK(channel->ready_state() == DataChannelState::Closed);
  CHECK(count_of<DataChannelErrorEvent>(p.events_a, channel.get()) == 1);
  CHECK(count_of<DataChannelCloseEvent>(p.events_a, channel.get()) == 1);
  CHECK(count_of<DataChannelOpenEvent>(p.events_a, channel.get()) == 0);
  CHECK_THAT(error_text(p.events_a, channel.get()), Catch::StartsWith("DTLS failed: "));
}

TEST_CASE("an SCTP association that usrsctp refuses to start is a failed state with an error "
          "event per channel, not an exception") {
  std::deque<PeerConnectionEvent> events;
  const std::string name = "a";
  const trace::Layers layers("");
  SctpTransport transport(events, name, layers);
  auto channel = transport.create_data_channel("chat", {});
  sctp::AssociationConfig config;
  config.remote_port = 0;  // what usrsctp_connect refuses with EINVAL

  REQUIRE_NOTHROW(transport.start(config, at_ms(0)));
  CHECK(transport.state() == SctpTransportState::Failed);
  CHECK(channel->ready_state() == DataChannelState::Closed);
  REQUIRE(events.size() == 2);
  const auto* error = std::get_if<DataChannelErrorEvent>(&events[0]);
  REQUIRE(error);
  CHECK_THAT(error->error, Catch::StartsWith("SCTP could not start: usrsctp_connect"));
  CHECK(std::holds_alternative<DataChannelCloseEvent>(events[1]));
  // A channel made afterwards closes too: nothing can carry it.
  auto late = transport.create_data_channel("late", {});
  CHECK(late->ready_state() == DataChannelState::Closed);
}
