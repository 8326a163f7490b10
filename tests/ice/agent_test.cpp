// Two ICE agents in memory, with a fake clock and a fake network: what a user of the agent
// would notice — a pair gets selected, data arrives, loss is survived, NATs are crossed or
// the failure is reported, consent expires, a restart moves to a new path.
#include <algorithm>
#include <catch2/catch.hpp>

#include "common/trace.h"
#include "ice/simulation.h"
#include "stun/credentials.h"
#include "stun/message.h"

using namespace lucid;
using namespace lucid::test;
using ice::AgentState;
using ice::Role;

namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

ice::AgentConfig config(Role role, std::vector<SocketAddress> stun_servers = {}) {
  ice::AgentConfig c;
  c.role = role;
  c.stun_servers = std::move(stun_servers);
  return c;
}

bool both_selected(const Peer& a, const Peer& b) {
  return a.agent->selected_pair() != nullptr && b.agent->selected_pair() != nullptr;
}

// The two agents agree on one path: what a sends from is what b sends to, and back.
void check_same_path(const Peer& a, const Peer& b) {
  const auto* pa = a.agent->selected_pair();
  const auto* pb = b.agent->selected_pair();
  REQUIRE(pa);
  REQUIRE(pb);
  CHECK(pa->nominated);
  CHECK(pb->nominated);
  CHECK(std::find(a.sockets.begin(), a.sockets.end(), pa->local.base) != a.sockets.end());
  CHECK(std::find(b.sockets.begin(), b.sockets.end(), pb->local.base) != b.sockets.end());
}

// Sends bytes from one peer to the other over the selected pair and says whether they arrived.
bool data_flows(Simulation& sim, Peer& from, Peer& to, std::uint8_t marker) {
  const Bytes payload{23, 3, 3, 0, marker};  // looks like a DTLS record (RFC 7983: 20-63)
  if (!from.agent->send(payload)) return false;
  const std::size_t before = to.received_data.size();
  sim.run_until([&] { return to.received_data.size() > before; }, std::chrono::seconds(1));
  return std::find(to.received_data.begin(), to.received_data.end(), payload) !=
         to.received_data.end();
}

// Two hosts on the open internet, the usual start of every test here.
struct TwoPeers {
  Simulation sim;
  Peer* a;
  Peer* b;
  explicit TwoPeers(std::uint64_t seed, Role ra = Role::Controlling, Role rb = Role::Controlled)
      : sim(seed) {
    sim.net.add_host(ip("192.0.2.1"));
    sim.net.add_host(ip("192.0.2.2"));
    a = &sim.add_peer("a", config(ra), {addr("192.0.2.1:5000")});
    b = &sim.add_peer("b", config(rb), {addr("192.0.2.2:6000")});
    Simulation::partner(*a, *b);
  }
  bool connect(Duration limit = std::chrono::seconds(10)) {
    sim.exchange_credentials(*a, *b);
    sim.gather(*a);
    sim.gather(*b);
    return sim.run_until([&] { return both_selected(*a, *b); }, limit);
  }
};

}  // namespace

TEST_CASE("two agents connect, agree on a pair and carry data both ways") {
  TwoPeers t(1);
  REQUIRE(t.connect());
  check_same_path(*t.a, *t.b);
  CHECK(t.a->agent->selected_pair()->remote.address == addr("192.0.2.2:6000"));
  CHECK(t.b->agent->selected_pair()->remote.address == addr("192.0.2.1:5000"));
  CHECK(data_flows(t.sim, *t.a, *t.b, 1));
  CHECK(data_flows(t.sim, *t.b, *t.a, 2));
  // Both sent end-of-candidates and nothing is left to check: W3C "completed".
  CHECK(t.sim.run_until(
      [&] {
        return t.a->agent->state() == AgentState::Completed &&
               t.b->agent->state() == AgentState::Completed;
      },
      std::chrono::seconds(2)));
  CHECK(t.a->reached(AgentState::Checking));
  CHECK(t.a->selections.size() == 1);
  CHECK(t.b->selections.size() == 1);
}

TEST_CASE("the agent stays connected for minutes while consent checks are answered") {
  TwoPeers t(2);
  REQUIRE(t.connect());
  t.sim.run_for(std::chrono::minutes(3));
  CHECK(t.a->agent->state() == AgentState::Completed);
  CHECK(t.b->agent->state() == AgentState::Completed);
  CHECK_FALSE(t.a->reached(AgentState::Disconnected));
  CHECK(data_flows(t.sim, *t.a, *t.b, 3));
}

TEST_CASE("IPv6 and IPv4 candidates pair only within their family, and IPv6 connects") {
  Simulation sim(22);
  for (const char* host : {"2001:db8::1", "2001:db8::2", "192.0.2.1", "192.0.2.2"})
    sim.net.add_host(ip(host));
  Peer& a = sim.add_peer("a", config(Role::Controlling),
                         {addr("[2001:db8::1]:5000"), addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer("b", config(Role::Controlled),
                         {addr("[2001:db8::2]:6000"), addr("192.0.2.2:6000")});
  Simulation::partner(a, b);
  sim.exchange_credentials(a, b);
  sim.gather(a);
  sim.gather(b);
  REQUIRE(sim.run_until([&] { return both_selected(a, b); }, std::chrono::seconds(10)));
  check_same_path(a, b);
  for (const auto& p : a.agent->pairs())
    CHECK(p.local.base.ip.family() == p.remote.address.ip.family());
  // The interface listed first (IPv6 here) has the higher local preference, so it wins.
  CHECK(a.agent->selected_pair()->remote.address == addr("[2001:db8::2]:6000"));
  CHECK(data_flows(sim, a, b, 22));
}

TEST_CASE("agents still connect with 30% loss, reordering and duplication") {
  for (std::uint64_t seed = 10; seed < 20; ++seed) {
    INFO("seed " << seed);
    TwoPeers t(seed);
    t.sim.net.everywhere.loss = 0.3;
    t.sim.net.everywhere.duplicate = 0.1;
    t.sim.net.everywhere.delay = std::chrono::milliseconds(5);
    t.sim.net.everywhere.jitter = std::chrono::milliseconds(115);
    REQUIRE(t.connect(std::chrono::seconds(60)));
    check_same_path(*t.a, *t.b);
  }
}

TEST_CASE("role conflict with both agents controlling is repaired with 487") {
  std::vector<std::string> trace_lines;
  trace::enable("ice");
  trace::set_sink([&](std::string_view, std::string_view line) { trace_lines.emplace_back(line); });
  TwoPeers t(3, Role::Controlling, Role::Controlling);
  const bool connected = t.connect();
  trace::reset_sink();
  trace::disable_all();
  REQUIRE(connected);
  check_same_path(*t.a, *t.b);
  // Exactly one of them ends controlling: the one with the larger tie-breaker (RFC 8445 §7.3.1.1).
  CHECK(t.a->agent->role() != t.b->agent->role());
  const bool a_wins = t.a->agent->tie_breaker() >= t.b->agent->tie_breaker();
  CHECK(t.a->agent->role() == (a_wins ? Role::Controlling : Role::Controlled));
  CHECK(std::any_of(trace_lines.begin(), trace_lines.end(), [](const std::string& l) {
    return l.find("role conflict repaired") != std::string::npos;
  }));
}

TEST_CASE("role conflict with both agents controlled is repaired") {
  TwoPeers t(4, Role::Controlled, Role::Controlled);
  REQUIRE(t.connect());
  check_same_path(*t.a, *t.b);
  CHECK(t.a->agent->role() != t.b->agent->role());
  const bool a_wins = t.a->agent->tie_breaker() >= t.b->agent->tie_breaker();
  CHECK(t.a->agent->role() == (a_wins ? Role::Controlling : Role::Controlled));
}

TEST_CASE("consent expires when the far side goes silent, and the agent stops sending") {
  TwoPeers t(5);
  REQUIRE(t.connect());
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Completed; },
                          std::chrono::seconds(2)));
  const Timestamp silent_since = t.sim.now();
  t.sim.net.set_down(ip("192.0.2.2"), true);
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Failed; },
                          std::chrono::seconds(60)));
  // First the pair looked disconnected, then consent was lost — not before 30 s of silence.
  CHECK(t.a->reached(AgentState::Disconnected));
  CHECK(t.sim.now() - silent_since >= std::chrono::seconds(25));
  CHECK(t.sim.now() - silent_since <= std::chrono::seconds(37));
  CHECK(t.a->state_reasons.back().find("consent lost") != std::string::npos);
  // RFC 7675 §5.1: no more data, and nothing at all goes out afterwards.
  CHECK_FALSE(t.a->agent->send(Bytes{23, 1}));
  const std::size_t sent = t.sim.net.sent_count();
  t.sim.run_for(std::chrono::seconds(30));
  CHECK(t.sim.net.sent_count() - sent <= 1);  // b's own consent checks, at most, not a's
  CHECK_FALSE(t.a->agent->poll_transmit());
}

TEST_CASE("a pair that goes quiet for a while is disconnected, and recovers when answers return") {
  TwoPeers t(18);
  REQUIRE(t.connect());
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Completed; },
                          std::chrono::seconds(2)));
  t.sim.net.set_down(ip("192.0.2.2"), true);
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Disconnected; },
                          std::chrono::seconds(20)));
  t.sim.net.set_down(ip("192.0.2.2"), false);  // back well before the 30 s of RFC 7675
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Completed; },
                          std::chrono::seconds(15)));
  CHECK_FALSE(t.a->reached(AgentState::Failed));
  CHECK(t.a->selections.size() == 1);  // the same pair, never re-selected
  CHECK(data_flows(t.sim, *t.a, *t.b, 18));
}

TEST_CASE("remote candidates without a usable address are skipped") {
  TwoPeers t(19);
  ice::Candidate bad = ice::make_host_candidate(addr("0.0.0.0:9"), 65535);
  ice::Candidate no_port = ice::make_host_candidate(addr("192.0.2.9:0"), 65535);
  ice::Candidate rtcp = ice::make_host_candidate(addr("192.0.2.9:7"), 65535);
  rtcp.component = 2;
  t.a->agent->add_remote_candidate(bad, t.sim.now());
  t.a->agent->add_remote_candidate(no_port, t.sim.now());
  t.a->agent->add_remote_candidate(rtcp, t.sim.now());
  CHECK(t.a->agent->remote_candidates().empty());
  REQUIRE(t.connect());
}

TEST_CASE("ICE restart moves to a new path while the old one keeps carrying data") {
  TwoPeers t(6);
  REQUIRE(t.connect());
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Completed; },
                          std::chrono::seconds(2)));
  const auto old_ufrag = t.a->agent->local_credentials().ufrag;

  // a's machine got a new network (a new interface); the application restarts ICE through a
  // new offer/answer, which carries the new credentials.
  t.sim.net.add_host(ip("192.0.2.11"));
  t.a->sockets.push_back(addr("192.0.2.11:5002"));
  t.a->agent->add_local_interface_address(addr("192.0.2.11:5002"), t.sim.now());
  t.a->hold_signalling = true;
  t.b->hold_signalling = true;
  t.a->agent->restart(t.sim.now());
  t.b->agent->restart(t.sim.now());
  CHECK(t.a->agent->local_credentials().ufrag != old_ufrag);
  t.sim.flush();
  // Before the new pair exists, data still flows on the old one.
  CHECK(data_flows(t.sim, *t.a, *t.b, 7));

  t.sim.exchange_credentials(*t.a, *t.b);
  t.sim.release_signalling(*t.a);
  t.sim.release_signalling(*t.b);
  t.sim.net.set_down(ip("192.0.2.1"), true);  // and the old network goes away
  REQUIRE(
      t.sim.run_until([&] { return t.a->selections.size() == 2 && t.b->selections.size() == 2; },
                      std::chrono::seconds(60)));
  CHECK(t.a->agent->selected_pair()->local.base == addr("192.0.2.11:5002"));
  CHECK(t.b->agent->selected_pair()->remote.address == addr("192.0.2.11:5002"));
  CHECK(data_flows(t.sim, *t.a, *t.b, 8));
  CHECK(data_flows(t.sim, *t.b, *t.a, 9));
  t.sim.run_for(std::chrono::seconds(40));  // the new pair's consent is fresh
  CHECK(t.a->agent->state() == AgentState::Completed);
  CHECK(t.b->agent->state() == AgentState::Completed);
}

TEST_CASE("after consent was lost, a restart finds the peer again and leaves failed") {
  TwoPeers t(16);
  REQUIRE(t.connect());
  t.sim.net.set_down(ip("192.0.2.2"), true);
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Failed; },
                          std::chrono::seconds(60)));
  t.sim.net.set_down(ip("192.0.2.2"), false);  // b is reachable again
  t.a->hold_signalling = true;
  t.b->hold_signalling = true;
  t.a->agent->restart(t.sim.now());
  t.b->agent->restart(t.sim.now());
  t.sim.exchange_credentials(*t.a, *t.b);
  t.sim.release_signalling(*t.a);
  t.sim.release_signalling(*t.b);
  REQUIRE(t.sim.run_until([&] { return t.a->agent->state() == AgentState::Completed; },
                          std::chrono::seconds(20)));
  CHECK(t.a->selections.size() == 2);
  CHECK(data_flows(t.sim, *t.a, *t.b, 17));
}

TEST_CASE("trickle: candidates that arrive before the credentials are checked once they come") {
  TwoPeers t(7);
  t.sim.gather(*t.a);
  t.sim.gather(*t.b);
  t.sim.run_for(std::chrono::seconds(2));
  CHECK_FALSE(t.a->agent->selected_pair());  // no password, no checks
  CHECK(t.a->agent->remote_candidates().size() == 1);
  t.sim.exchange_credentials(*t.a, *t.b);
  REQUIRE(t.sim.run_until([&] { return both_selected(*t.a, *t.b); }, std::chrono::seconds(10)));
  check_same_path(*t.a, *t.b);
}

TEST_CASE("trickle: candidates that arrive after the credentials start the checks") {
  TwoPeers t(8);
  t.a->hold_signalling = true;
  t.b->hold_signalling = true;
  t.sim.exchange_credentials(*t.a, *t.b);
  t.sim.gather(*t.a);
  t.sim.gather(*t.b);
  t.sim.run_for(std::chrono::seconds(2));
  CHECK(t.a->agent->state() == AgentState::New);
  CHECK(t.a->agent->pairs().empty());
  // Only a's candidates reach b: b pairs them and checks; a learns b as peer-reflexive.
  t.sim.release_signalling(*t.a);
  REQUIRE(t.sim.run_until([&] { return both_selected(*t.a, *t.b); }, std::chrono::seconds(10)));
  check_same_path(*t.a, *t.b);
  CHECK(t.a->agent->selected_pair()->remote.type == ice::CandidateType::PeerReflexive);
  // The late candidate of b is recognised as the one already learned.
  t.sim.release_signalling(*t.b);
  CHECK(t.a->agent->remote_candidates().size() == 1);
  CHECK(t.a->agent->remote_candidates()[0].type == ice::CandidateType::Host);
}

TEST_CASE("trickle: checks that arrive before the answer's credentials are answered and repaid") {
  TwoPeers t(9);
  // a (the offerer) knows b's credentials; b has not yet seen a's (its answer is still out).
  t.sim.set_remote_credentials(*t.a, *t.b);
  t.sim.gather(*t.a);
  t.sim.gather(*t.b);
  t.sim.run_for(std::chrono::seconds(1));
  // b answers a's checks (that needs only b's own password) and so a's checks succeed, but b
  // cannot check back, so it cannot select the pair a nominates.
  CHECK_FALSE(t.b->agent->selected_pair());
  CHECK(t.b->agent->state() == AgentState::Checking);
  t.sim.set_remote_credentials(*t.b, *t.a);
  REQUIRE(t.sim.run_until([&] { return both_selected(*t.a, *t.b); }, std::chrono::seconds(10)));
  check_same_path(*t.a, *t.b);
}

TEST_CASE("endpoint-independent NATs on both sides are crossed with server-reflexive candidates") {
  Simulation sim(11);
  sim.print_trace_with_time();  // LUCID_TRACE=ice shows the run docs/ice.md walks through
  const int nat_a = sim.net.add_nat(ip("203.0.113.1"), NatMapping::EndpointIndependent);
  const int nat_b = sim.net.add_nat(ip("203.0.113.2"), NatMapping::EndpointIndependent);
  sim.net.add_host(ip("10.0.1.1"), nat_a);
  sim.net.add_host(ip("10.0.2.1"), nat_b);
  const SocketAddress stun_server = addr("198.51.100.1:3478");
  sim.add_stun_server(stun_server);
  Peer& a = sim.add_peer("a", config(Role::Controlling, {stun_server}), {addr("10.0.1.1:5000")});
  Peer& b = sim.add_peer("b", config(Role::Controlled, {stun_server}), {addr("10.0.2.1:6000")});
  Simulation::partner(a, b);
  sim.exchange_credentials(a, b);
  sim.gather(a);
  sim.gather(b);
  REQUIRE(sim.run_until([&] { return both_selected(a, b); }, std::chrono::seconds(20)));
  check_same_path(a, b);
  // Each side gathered its NAT's public address from the STUN server.
  CHECK(std::any_of(a.local_candidates.begin(), a.local_candidates.end(),
                    [](const ice::Candidate& c) {
                      return c.type == ice::CandidateType::ServerReflexive &&
                             c.address.ip == *IpAddress::parse("203.0.113.1");
                    }));
  // And the path runs through the peer's NAT, not to its unreachable private address.
  CHECK(a.agent->selected_pair()->remote.address.ip == ip("203.0.113.2"));
  CHECK(b.agent->selected_pair()->remote.address.ip == ip("203.0.113.1"));
  CHECK(data_flows(sim, a, b, 11));
  CHECK(data_flows(sim, b, a, 12));
}

TEST_CASE("symmetric NATs on both sides: every check fails and the agent says so") {
  Simulation sim(12);
  const int nat_a = sim.net.add_nat(ip("203.0.113.1"), NatMapping::Symmetric);
  const int nat_b = sim.net.add_nat(ip("203.0.113.2"), NatMapping::Symmetric);
  sim.net.add_host(ip("10.0.1.1"), nat_a);
  sim.net.add_host(ip("10.0.2.1"), nat_b);
  const SocketAddress stun_server = addr("198.51.100.1:3478");
  sim.add_stun_server(stun_server);
  Peer& a = sim.add_peer("a", config(Role::Controlling, {stun_server}), {addr("10.0.1.1:5000")});
  Peer& b = sim.add_peer("b", config(Role::Controlled, {stun_server}), {addr("10.0.2.1:6000")});
  Simulation::partner(a, b);
  sim.exchange_credentials(a, b);
  sim.gather(a);
  sim.gather(b);
  REQUIRE(sim.run_until(
      [&] {
        return a.agent->state() == AgentState::Failed && b.agent->state() == AgentState::Failed;
      },
      std::chrono::minutes(2)));
  CHECK(a.selections.empty());
  CHECK(b.selections.empty());
  CHECK(a.state_reasons.back().find("every candidate pair failed") != std::string::npos);
  CHECK_FALSE(a.agent->send(Bytes{23, 1}));
  // The server-reflexive candidates were found; they just do not help with this NAT.
  CHECK(std::any_of(
      a.local_candidates.begin(), a.local_candidates.end(),
      [](const ice::Candidate& c) { return c.type == ice::CandidateType::ServerReflexive; }));
}

TEST_CASE("a remote candidate with an mDNS name is reported and skipped") {
  std::vector<std::string> trace_lines;
  trace::enable("ice");
  trace::set_sink([&](std::string_view, std::string_view line) { trace_lines.emplace_back(line); });
  TwoPeers t(13);
  ice::Candidate mdns;
  mdns.hostname = "1f4712db-ea17-4bcf-a596-105139dfd8bf.local";
  mdns.address.port = 54321;
  mdns.priority = 2130706431;
  mdns.foundation = "1";
  t.a->agent->add_remote_candidate(mdns, t.sim.now());
  trace::reset_sink();
  trace::disable_all();
  CHECK(t.a->agent->remote_candidates().empty());
  CHECK(t.a->agent->pairs().empty());
  CHECK(std::any_of(trace_lines.begin(), trace_lines.end(), [](const std::string& l) {
    return l.find("1f4712db-ea17-4bcf-a596-105139dfd8bf.local") != std::string::npos &&
           l.find("cannot resolve") != std::string::npos;
  }));
  REQUIRE(t.connect());  // the ordinary candidates still work
}

TEST_CASE("every check sent, answered and nominated shows in the ice trace") {
  std::vector<std::string> lines;
  trace::enable("ice");
  trace::set_sink([&](std::string_view layer, std::string_view line) {
    if (layer == "ice") lines.emplace_back(line);
  });
  TwoPeers t(14);
  const bool connected = t.connect();
  trace::reset_sink();
  trace::disable_all();
  REQUIRE(connected);
  auto has = [&](const std::string& a, const std::string& b = "") {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.find(a) != std::string::npos && l.find(b) != std::string::npos;
    });
  };
  CHECK(has("check 192.0.2.1:5000 -> 192.0.2.2:6000 sent"));
  CHECK(has("answered check 192.0.2.1:5000 -> 192.0.2.2:6000"));
  CHECK(has("check 192.0.2.1:5000 -> 192.0.2.2:6000 succeeded (rtt ", " ms)"));
  CHECK(has("with USE-CANDIDATE"));
  CHECK(has("nominated"));
  CHECK(has("selected pair 192.0.2.1:5000 -> 192.0.2.2:6000"));
}

TEST_CASE("a controlled agent follows a later, better nomination (aggressive nomination)") {
  Simulation sim(20);
  sim.net.add_host(ip("192.0.2.1"));
  sim.net.add_host(ip("192.0.2.2"));
  sim.net.add_host(ip("192.0.2.3"));
  Peer& a = sim.add_peer("a", config(Role::Controlled), {addr("192.0.2.1:5000")});
  // b's preferred interface (listed first) is down while the agents connect.
  Peer& b = sim.add_peer("b", config(Role::Controlling),
                         {addr("192.0.2.2:6000"), addr("192.0.2.3:6001")});
  Simulation::partner(a, b);
  sim.net.set_down(ip("192.0.2.2"), true);
  sim.exchange_credentials(a, b);
  sim.gather(a);
  sim.gather(b);
  REQUIRE(sim.run_until([&] { return both_selected(a, b); }, std::chrono::seconds(60)));
  REQUIRE(a.agent->selected_pair()->remote.address == addr("192.0.2.3:6001"));

  // The interface comes back and the controlling side (here forged by hand, as an aggressive
  // nominator would send it) nominates the better pair too.
  sim.net.set_down(ip("192.0.2.2"), false);
  auto nominate_from = [&](const char* from) {
    stun::Message m = stun::Message::request(stun::Method::Binding, sim.random);
    m.add(stun::Username{a.agent->local_credentials().ufrag + ":" +
                         b.agent->local_credentials().ufrag});
    m.add(stun::Priority{ice::candidate_priority(ice::CandidateType::PeerReflexive, 65535, 1)});
    m.add(stun::IceControlling{b.agent->tie_breaker()});
    m.add(stun::UseCandidate{});
    stun::EncodeOptions o;
    o.integrity_key = stun::short_term_key(a.agent->local_credentials().pwd);
    o.fingerprint = true;
    a.agent->handle_input(Datagram{addr("192.0.2.1:5000"), addr(from), stun::encode(m, o)},
                          sim.now());
    sim.flush();
  };
  nominate_from("192.0.2.2:6000");
  REQUIRE(sim.run_until([&] { return a.selections.size() == 2; }, std::chrono::seconds(10)));
  CHECK(a.agent->selected_pair()->remote.address == addr("192.0.2.2:6000"));
  // A worse nomination afterwards changes nothing.
  nominate_from("192.0.2.3:6001");
  sim.run_for(std::chrono::seconds(5));
  CHECK(a.selections.size() == 2);
  CHECK(a.agent->selected_pair()->remote.address == addr("192.0.2.2:6000"));
}

TEST_CASE("the role can be set after construction, once signalling decides it") {
  TwoPeers t(17, Role::Controlled, Role::Controlled);
  t.a->agent->set_role(Role::Controlling);
  REQUIRE(t.connect());
  check_same_path(*t.a, *t.b);
  CHECK(t.a->agent->role() == Role::Controlling);
  CHECK(t.b->agent->role() == Role::Controlled);
  // An agent can be moved (into a PeerConnection, say) and keeps working.
  ice::Agent moved = std::move(*t.a->agent);
  CHECK(moved.state() == AgentState::Completed);
  CHECK(moved.selected_pair() != nullptr);
}

TEST_CASE("close stops the agent: nothing more is sent and no timer is left") {
  TwoPeers t(15);
  REQUIRE(t.connect());
  t.a->agent->close();
  CHECK(t.a->agent->state() == AgentState::Closed);
  CHECK_FALSE(t.a->agent->send(Bytes{23}));
  CHECK_FALSE(t.a->agent->poll_timeout());
  CHECK_FALSE(t.a->agent->poll_transmit());
}
