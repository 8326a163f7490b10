// "failed" means every channel is closed: whichever layer gives up (ICE because no check or
// consent answer comes back, DTLS because its handshake never finishes, SCTP because its INIT is
// never answered), the whole connection fails at once — connectionState "failed", every data
// channel an error event and "close" — and nothing opens afterwards, even when the path comes back.
//
// The path goes dark (every datagram lost, both ways) at a chosen point of the setup, on the
// simulated network and clock (two_peers.h), so the 30 s and more that the layers wait take no
// real time.
#include <catch2/catch.hpp>

#include "setup_under_loss.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::count_of;
using lucid::testing::TwoPeers;

namespace {

bool failed(const PeerConnection& pc) {
  return pc.connection_state() == PeerConnectionState::Failed;
}

// A connection with one channel made by a, whose path goes dark once `dark_when` holds, then
// (after both sides failed) light again for 30 s.
struct Blackout {
  TwoPeers p;
  std::shared_ptr<DataChannel> at_a;
  std::vector<std::shared_ptr<DataChannel>> at_b;
  bool dark = false;

  Blackout() {
    p.net.everywhere.delay = std::chrono::milliseconds(20);
    p.net.lose_if = [this](const test::SimNetwork::Sent&) { return dark; };
    at_a = p.a.create_data_channel("chat");
    p.on_event = [this](PeerConnection& from, const PeerConnectionEvent& e) {
      if (auto* d = std::get_if<DataChannelEvent>(&e); d && &from == &p.b)
        at_b.push_back(d->channel);
    };
  }

  void run(const std::function<bool()>& dark_when) {
    REQUIRE(p.exchange_descriptions());
    if (dark_when()) dark = true;
    REQUIRE(p.run_until([&] {
      if (!dark && dark_when()) dark = true;
      return failed(p.a) && failed(p.b);
    }, std::chrono::seconds(90)));
    REQUIRE(dark);
    p.settle();
  }

  // What contradicts "failed" on either side now (tests/peer/setup_under_loss.h).
  std::vector<std::string> contradictions() const {
    auto found = testing::contradictions_of("a", p.a, p.events_a, {at_a});
    for (auto& f : testing::contradictions_of("b", p.b, p.events_b, at_b)) found.push_back(f);
    return found;
  }

  // Both failed, every channel closed with one error event and one close event, none opened
  // after "failed"; and 30 s after the path comes back, still so.
  void check_failed_means_closed() {
    for (int round = 0; round < 2; ++round) {
      INFO((round == 0 ? "when both have failed" : "30 s after the path came back"));
      CHECK(failed(p.a));
      CHECK(failed(p.b));
      CHECK(contradictions().empty());
      CHECK(at_a->ready_state() == DataChannelState::Closed);
      CHECK(count_of<DataChannelErrorEvent>(p.events_a, at_a.get()) == 1);
      CHECK(count_of<DataChannelCloseEvent>(p.events_a, at_a.get()) == 1);
      for (const auto& c : at_b) CHECK(c->ready_state() == DataChannelState::Closed);
      dark = false;
      p.run_until([] { return false; }, std::chrono::seconds(30));
    }
  }
};

}  // namespace

TEST_CASE("a path dark from the start: ICE fails, the connection fails and its channel closes "
          "with an error event, and nothing opens when the path comes back") {
  Blackout b;
  b.run([] { return true; });
  CHECK(b.p.a.ice_connection_state() == IceConnectionState::Failed);
  CHECK(b.p.b.ice_connection_state() == IceConnectionState::Failed);
  CHECK(count_of<DataChannelOpenEvent>(b.p.events_a, b.at_a.get()) == 0);
  b.check_failed_means_closed();
  CHECK(b.at_b.empty());
}

TEST_CASE("a path that goes dark once ICE has selected a pair, during the DTLS handshake: the "
          "connection fails and its channel closes with an error event, and nothing opens later") {
  Blackout b;
  b.run([&] { return b.p.a.ice_agent()->selected_pair() || b.p.b.ice_agent()->selected_pair(); });
  CHECK(count_of<DataChannelOpenEvent>(b.p.events_a, b.at_a.get()) == 0);
  b.check_failed_means_closed();
  CHECK(b.at_b.empty());
}

TEST_CASE("a path that goes dark once DTLS is connected, before SCTP is up: the connection fails "
          "and its channel closes with an error event, and nothing opens later") {
  Blackout b;
  const auto dtls_connected = [](const PeerConnection& pc) {
    return pc.dtls_transport() && pc.dtls_transport()->state() == dtls::State::Connected;
  };
  b.run([&] { return dtls_connected(b.p.a) || dtls_connected(b.p.b); });
  CHECK(count_of<DataChannelOpenEvent>(b.p.events_a, b.at_a.get()) == 0);
  b.check_failed_means_closed();
  CHECK(b.at_b.empty());
}

TEST_CASE("a path that goes dark after the channel opened: consent is lost, ICE fails, and the "
          "connection fails with every channel closed") {
  Blackout b;
  b.run([&] { return b.at_a->ready_state() == DataChannelState::Open && !b.at_b.empty(); });
  CHECK(b.p.a.ice_connection_state() == IceConnectionState::Failed);
  CHECK(count_of<DataChannelOpenEvent>(b.p.events_a, b.at_a.get()) == 1);
  b.check_failed_means_closed();
  REQUIRE(b.at_b.size() == 1);
  CHECK(count_of<DataChannelErrorEvent>(b.p.events_b, b.at_b[0].get()) == 1);
}
