// Liveness of the selected pair under loss: what a user sees as iceConnectionState. Anything
// received on the pair keeps it "connected" (W3C); only answers to consent checks keep consent
// (RFC 7675 §5.1), and unanswered checks are followed by new ones, so loss alone does not expire
// it; a peer that stops sending is "disconnected" within seconds and "failed" 30 s after its last
// answer.
#include <algorithm>
#include <catch2/catch.hpp>

#include "ice/simulation.h"

using namespace lucid;
using namespace lucid::test;
using ice::AgentState;
using ice::Role;

namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

bool is_binding_request(const Datagram& d) {
  return d.data.size() >= 20 && d.data[0] == 0x00 && d.data[1] == 0x01;
}
bool is_binding_success(const Datagram& d) {
  return d.data.size() >= 20 && d.data[0] == 0x01 && d.data[1] == 0x01;
}

struct TwoPeers {
  Simulation sim;
  Peer* a;
  Peer* b;
  explicit TwoPeers(std::uint64_t seed) : sim(seed) {
    sim.net.add_host(ip("192.0.2.1"));
    sim.net.add_host(ip("192.0.2.2"));
    ice::AgentConfig ca;
    ca.role = Role::Controlling;
    ice::AgentConfig cb;
    cb.role = Role::Controlled;
    a = &sim.add_peer("a", ca, {addr("192.0.2.1:5000")});
    b = &sim.add_peer("b", cb, {addr("192.0.2.2:6000")});
    Simulation::partner(*a, *b);
  }
  void connect() {
    sim.exchange_credentials(*a, *b);
    sim.gather(*a);
    sim.gather(*b);
    REQUIRE(sim.run_until(
        [&] { return a->agent->selected_pair() != nullptr && b->agent->selected_pair() != nullptr; },
        std::chrono::seconds(30)));
  }
  // Both sides send a DTLS-looking record every 20 ms (a video call's worth of packets is more;
  // this is enough to show that data keeps the pair alive) for `d` of fake time.
  void run_with_data(Duration d, const std::function<bool()>& stop = [] { return false; }) {
    const Timestamp end = sim.now() + d;
    std::uint8_t n = 0;
    while (sim.now() < end && !stop()) {
      const Bytes record{23, 254, 253, 0, n++};  // RFC 7983: first byte 20-63 is DTLS
      a->agent->send(record);
      b->agent->send(record);
      sim.run_until(stop, std::chrono::milliseconds(20));
    }
  }
};

// The states a peer went through from index `from` of its history on.
std::vector<AgentState> states_since(const Peer& p, std::size_t from) {
  return {p.states.begin() + static_cast<std::ptrdiff_t>(from), p.states.end()};
}
bool stays_connected(const Peer& p, std::size_t from) {
  for (AgentState s : states_since(p, from))
    if (s != AgentState::Connected && s != AgentState::Completed) return false;
  const AgentState now = p.agent->state();
  return now == AgentState::Connected || now == AgentState::Completed;
}

}  // namespace

TEST_CASE("at 10% loss each way with data flowing, the state never leaves connected for 60 s") {
  for (std::uint64_t seed = 30; seed < 40; ++seed) {
    INFO("seed " << seed);
    TwoPeers t(seed);
    t.connect();
    const std::size_t a_from = t.a->states.size();
    const std::size_t b_from = t.b->states.size();
    t.sim.net.everywhere.loss = 0.1;
    t.run_with_data(std::chrono::seconds(60));
    CHECK(t.sim.net.dropped_count() > 0);
    CHECK(stays_connected(*t.a, a_from));
    CHECK(stays_connected(*t.b, b_from));
  }
}

TEST_CASE("at 30% loss each way with data flowing, consent holds and the state stays connected") {
  for (std::uint64_t seed = 40; seed < 45; ++seed) {
    INFO("seed " << seed);
    TwoPeers t(seed);
    t.connect();
    const std::size_t a_from = t.a->states.size();
    const std::size_t b_from = t.b->states.size();
    t.sim.net.everywhere.loss = 0.3;
    t.sim.net.everywhere.delay = std::chrono::milliseconds(10);
    t.sim.net.everywhere.jitter = std::chrono::milliseconds(30);  // and reordering
    t.run_with_data(std::chrono::seconds(120));
    CHECK(stays_connected(*t.a, a_from));
    CHECK(stays_connected(*t.b, b_from));
  }
}

TEST_CASE("consent answers lost at 30% still keep consent, with data and without") {
  for (std::uint64_t seed = 50; seed < 55; ++seed) {
    INFO("seed " << seed);
    TwoPeers t(seed);
    t.connect();
    SeededRandom coin(seed);
    t.sim.lose = [&](const Datagram& d) { return is_binding_success(d) && coin.uniform(1, 100) <= 30; };
    const std::size_t a_from = t.a->states.size();
    const std::size_t b_from = t.b->states.size();
    t.run_with_data(std::chrono::seconds(60));
    CHECK(stays_connected(*t.a, a_from));
    CHECK(stays_connected(*t.b, b_from));
    // Idle: only STUN is left on the pair, and 30% of the answers still go missing.
    t.sim.run_for(std::chrono::minutes(5));
    CHECK_FALSE(t.a->reached(AgentState::Failed));
    CHECK_FALSE(t.b->reached(AgentState::Failed));
    CHECK(t.sim.lost_by_test > 20);
  }
}

TEST_CASE("when one direction goes silent, the agent is disconnected within seconds and fails "
          "30 s after the last consent answer") {
  TwoPeers t(60);
  t.sim.print_trace_with_time();  // LUCID_TRACE=ice shows the run docs/ice.md quotes
  t.connect();
  // Soon nothing from b will reach a, while a's datagrams still reach b.
  Timestamp last_answer_sent{};
  std::size_t checks_during_silence = 0;
  bool silent = false;
  t.sim.lose = [&](const Datagram& d) {
    if (d.local == addr("192.0.2.2:6000")) {
      if (!silent && is_binding_success(d)) last_answer_sent = t.sim.now();
      return silent;
    }
    if (silent && is_binding_request(d)) ++checks_during_silence;
    return false;
  };
  t.run_with_data(std::chrono::seconds(10));
  REQUIRE(t.a->agent->state() == AgentState::Completed);
  silent = true;
  const Timestamp silent_since = t.sim.now();

  t.run_with_data(std::chrono::seconds(20),
                  [&] { return t.a->agent->state() == AgentState::Disconnected; });
  REQUIRE(t.a->agent->state() == AgentState::Disconnected);
  // The last datagram from b left at most 20 ms before the silence and took 5 ms to arrive.
  CHECK(t.sim.now() - silent_since >= std::chrono::milliseconds(4900));
  CHECK(t.sim.now() - silent_since <= std::chrono::milliseconds(5100));

  t.run_with_data(std::chrono::seconds(40), [&] { return t.a->agent->state() == AgentState::Failed; });
  REQUIRE(t.a->agent->state() == AgentState::Failed);
  CHECK(t.a->state_reasons.back().find("consent lost") != std::string::npos);
  // RFC 7675 §5.1: exactly 30 s after the last answer arrived (5 ms after it was sent).
  CHECK(t.sim.now() - last_answer_sent == std::chrono::milliseconds(30'005));
  // Unanswered checks were followed by new ones (after 0.5, 1, 2, then every 2.5 s), not one
  // per 5 s; and not a flood either.
  CHECK(checks_during_silence >= 10);
  CHECK(checks_during_silence <= 14);
  CHECK_FALSE(t.a->agent->send(Bytes{23, 1}));

  // b kept receiving a's data, so it never looked disconnected; but its own checks never reached
  // a, so its consent expired too.
  CHECK_FALSE(t.b->reached(AgentState::Disconnected));
  REQUIRE(t.sim.run_until([&] { return t.b->agent->state() == AgentState::Failed; },
                          std::chrono::seconds(10)));
  CHECK(t.b->state_reasons.back().find("consent lost") != std::string::npos);
}

TEST_CASE("an idle pair with no loss is never disconnected: it is probed before it looks silent") {
  TwoPeers t(61);
  t.connect();
  const std::size_t a_from = t.a->states.size();
  const std::size_t b_from = t.b->states.size();
  t.sim.run_for(std::chrono::minutes(5));
  CHECK(stays_connected(*t.a, a_from));
  CHECK(stays_connected(*t.b, b_from));
}
