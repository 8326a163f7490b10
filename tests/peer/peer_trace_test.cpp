// PeerConnectionConfiguration::trace: one connection's work traced, its neighbour's not, with
// two PeerConnections in memory (tests/peer/two_peers.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/trace.h"
#include "peer/peer_connection.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::named;
using lucid::testing::TwoPeers;

namespace {

struct Line {
  std::string layer, peer, text;
};

// Collects every trace line with the peer whose work wrote it. Nothing is on for the process,
// whatever $LUCID_TRACE says, so that only the configuration can turn a layer on.
struct Captured {
  std::vector<Line> lines;
  Captured() {
    trace::disable_all();
    trace::set_sink([this](std::string_view layer, std::string_view text) {
      lines.push_back({std::string(layer), std::string(trace::current_peer()), std::string(text)});
    });
  }
  ~Captured() { trace::reset_sink(); }
  std::size_t count(std::string_view layer, std::string_view peer) const {
    std::size_t n = 0;
    for (const auto& l : lines) n += l.layer == layer && l.peer == peer;
    return n;
  }
};

PeerConnectionConfiguration traced(std::string name, std::string layers) {
  PeerConnectionConfiguration c = named(std::move(name));
  c.trace = std::move(layers);
  return c;
}

bool connected(const PeerConnection& pc) {
  return pc.ice_connection_state() == IceConnectionState::Connected ||
         pc.ice_connection_state() == IceConnectionState::Completed;
}

void connect(TwoPeers& p) {
  p.trickle = true;
  p.a.set_local_description(p.a.create_offer(), p.now());
  p.settle();
  REQUIRE(p.b.set_remote_description(*p.a.local_description(), p.now()).ok());
  p.b.set_local_description(p.b.create_answer(), p.now());
  p.settle();
  REQUIRE(p.a.set_remote_description(*p.b.local_description(), p.now()).ok());
  REQUIRE(p.run_until([&] { return connected(p.a) && connected(p.b); }));
}

}  // namespace

TEST_CASE("a connection configured to trace ice shows its own ICE work and none of its peer's") {
  Captured c;
  TwoPeers p(traced("a", "ice"), named("b"));
  connect(p);

  CHECK(c.count("ice", "a") > 0);
  for (const auto& line : c.lines) {
    INFO(line.layer << " [" << line.peer << "] " << line.text);
    CHECK(line.layer == "ice");  // pc, stun, sdp, dtls ... stay off
    CHECK(line.peer == "a");     // b's work, driven by the same thread, is not traced
  }
  // What a learner would look for: a's checks and the pair it selected.
  bool selected = false;
  for (const auto& line : c.lines) selected |= line.text.find("selected pair") != std::string::npos;
  CHECK(selected);
}

TEST_CASE("several layers for one connection: each shows, for that connection only") {
  Captured c;
  TwoPeers p(named("a"), traced("b", "pc, sdp"));
  connect(p);
  CHECK(c.count("pc", "b") > 0);
  CHECK(c.count("sdp", "b") > 0);
  CHECK(c.lines.size() == c.count("pc", "b") + c.count("sdp", "b"));
}

TEST_CASE("no trace layers configured and none on for the process: nothing is traced") {
  Captured c;
  TwoPeers p;
  connect(p);
  CHECK(c.lines.empty());
}

TEST_CASE("a connection's trace layers do not outlive its calls") {
  Captured c;
  TwoPeers p(traced("a", "all"), named("b"));
  connect(p);
  REQUIRE_FALSE(c.lines.empty());
  CHECK_FALSE(trace::enabled("ice"));
  CHECK(trace::current_peer().empty());
  CHECK(p.a.configuration().trace == "all");
}
