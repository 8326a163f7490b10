// The in-memory walk of docs/debugging.md: two PeerConnections on the simulated network, in one
// thread, on the fake clock (tests/peer/two_peers.h). a offers with one channel, "chat"; both
// connect; a sends one message and b receives it. scripts/gdb-walks runs this under gdb.
//
// Seeded and on simulated time (and on the fake gettimeofday(): the binary links
// lucid_test_fake_wall_clock), so every run takes the same path and every breakpoint stops on
// the same packet.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>

// two_peers.h is written for Catch2 tests; this is a plain program (its main() is the bottom
// of every listing), so REQUIRE, which only trickled candidates use, stops it.
#define REQUIRE(condition) ((condition) ? void() : std::abort())
#include "peer/two_peers.h"
#include "walk_markers.h"

using namespace lucid;

int main() {
  testing::TwoPeers p;
  std::shared_ptr<DataChannel> chat = p.a.create_data_channel("chat");
  std::shared_ptr<DataChannel> at_b;
  std::string received;
  p.on_event = [&](PeerConnection&, const PeerConnectionEvent& e) {
    if (auto* d = std::get_if<DataChannelEvent>(&e)) at_b = d->channel;
    if (auto* m = std::get_if<DataChannelMessageEvent>(&e)) received = m->message.text();
  };

  walk::walk_marker_connecting();
  if (!p.exchange_descriptions()) return 1;
  if (!p.run_until([&] { return chat->ready_state() == DataChannelState::Open && at_b; })) return 1;

  walk::walk_marker_sending();
  chat->send("hello from a");
  if (!p.run_until([&] { return !received.empty(); })) return 1;
  std::printf("b received \"%s\"\n", received.c_str());
  return 0;
}
