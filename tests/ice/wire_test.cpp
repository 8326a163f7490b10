// What one agent puts on the wire, checked attribute by attribute against RFC 8445 §7.1-§7.3,
// and the pacing and gathering rules seen from outside: no peer agent, just the bytes.
#include <algorithm>
#include <catch2/catch.hpp>

#include "ice/agent.h"
#include "stun/credentials.h"
#include "stun/integrity.h"
#include "stun/message.h"

using namespace lucid;
using namespace lucid::ice;

namespace {

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

const Credentials kRemote{"REMo", "remote-password-0123456789"};

Candidate remote_host(const char* address, std::uint16_t local_preference = 65535) {
  return make_host_candidate(addr(address), local_preference);
}

// An agent with one interface, the peer's credentials and the given remote candidates.
Agent make_agent(Random& random, Role role, std::vector<Candidate> remotes,
                 std::vector<SocketAddress> stun_servers = {}) {
  AgentConfig c;
  c.role = role;
  c.stun_servers = std::move(stun_servers);
  Agent agent(c, random);
  agent.add_local_interface_address(addr("192.0.2.1:5000"), at_ms(0));
  agent.gather(at_ms(0));
  agent.set_remote_credentials(kRemote, at_ms(0));
  for (const auto& r : remotes) agent.add_remote_candidate(r, at_ms(0));
  return agent;
}

std::vector<Datagram> drain(Agent& agent) {
  std::vector<Datagram> out;
  while (auto t = agent.poll_transmit()) out.push_back(std::move(*t));
  return out;
}

}  // namespace

TEST_CASE("a connectivity check carries USERNAME, PRIORITY, the role, integrity and fingerprint") {
  SeededRandom random(1);
  Agent agent = make_agent(random, Role::Controlling, {remote_host("192.0.2.2:6000")});
  auto out = drain(agent);
  REQUIRE(out.size() == 1);
  CHECK(out[0].local == addr("192.0.2.1:5000"));
  CHECK(out[0].remote == addr("192.0.2.2:6000"));
  auto m = stun::parse(out[0].data);  // parse() also checks FINGERPRINT
  REQUIRE(m);
  CHECK(m->method() == stun::Method::Binding);
  CHECK(m->is_request());
  REQUIRE(m->has<stun::Fingerprint>());
  REQUIRE(m->get<stun::Username>());
  // RFC 8445 §7.2.2: "remote-ufrag:local-ufrag".
  CHECK(m->get<stun::Username>()->value == "REMo:" + agent.local_credentials().ufrag);
  // §7.1.1: the priority of a peer-reflexive candidate from the first interface.
  REQUIRE(m->get<stun::Priority>());
  CHECK(m->get<stun::Priority>()->value ==
        candidate_priority(CandidateType::PeerReflexive, 65535, 1));
  REQUIRE(m->get<stun::IceControlling>());
  CHECK(m->get<stun::IceControlling>()->tie_breaker == agent.tie_breaker());
  CHECK_FALSE(m->has<stun::IceControlled>());
  CHECK_FALSE(m->has<stun::UseCandidate>());  // regular nomination: not on ordinary checks
  // §7.2.2: signed with the *peer's* password, and only with it.
  CHECK(stun::verify_integrity(*m, stun::short_term_key(kRemote.pwd)).ok());
  CHECK_FALSE(stun::verify_integrity(*m, stun::short_term_key(agent.local_credentials().pwd)).ok());
}

TEST_CASE("a check from the peer is answered with its source address, signed with our password") {
  SeededRandom random(2);
  Agent agent = make_agent(random, Role::Controlled, {});
  drain(agent);
  stun::Message request = stun::Message::request(stun::Method::Binding, random);
  request.add(stun::Username{agent.local_credentials().ufrag + ":REMo"});
  request.add(stun::Priority{1862270975});
  request.add(stun::IceControlling{1});
  stun::EncodeOptions o;
  o.integrity_key = stun::short_term_key(agent.local_credentials().pwd);
  o.fingerprint = true;
  agent.handle_input(
      Datagram{addr("192.0.2.1:5000"), addr("203.0.113.9:7000"), stun::encode(request, o)},
      at_ms(10));
  auto out = drain(agent);
  REQUIRE_FALSE(out.empty());
  auto response = stun::parse(out[0].data);
  REQUIRE(response);
  CHECK(response->message_class() == stun::MessageClass::SuccessResponse);
  CHECK(response->transaction_id() == request.transaction_id());
  CHECK(out[0].remote == addr("203.0.113.9:7000"));
  CHECK(out[0].local == addr("192.0.2.1:5000"));
  REQUIRE(response->get<stun::XorMappedAddress>());
  CHECK(response->get<stun::XorMappedAddress>()->address == addr("203.0.113.9:7000"));
  CHECK(
      stun::verify_integrity(*response, stun::short_term_key(agent.local_credentials().pwd)).ok());
  // The unknown source became a peer-reflexive remote candidate with the check's PRIORITY, and
  // a triggered check back to it follows (§7.3.1.3, §7.3.1.4).
  REQUIRE(agent.remote_candidates().size() == 1);
  CHECK(agent.remote_candidates()[0].type == CandidateType::PeerReflexive);
  CHECK(agent.remote_candidates()[0].priority == 1862270975u);
  const bool triggered = std::any_of(out.begin(), out.end(), [](const Datagram& t) {
    auto m = stun::parse(t.data);
    return m && m->is_request() && t.remote == addr("203.0.113.9:7000");
  });
  CHECK(triggered);
}

TEST_CASE("checks are paced: one new check every Ta") {
  SeededRandom random(3);
  Agent agent =
      make_agent(random, Role::Controlling,
                 {remote_host("192.0.2.2:6000", 65535), remote_host("192.0.2.3:6000", 65534),
                  remote_host("192.0.2.4:6000", 65533)});
  std::vector<std::pair<std::int64_t, SocketAddress>> sent;
  Timestamp now = at_ms(0);
  for (auto& t : drain(agent)) sent.emplace_back(to_ms(now), t.remote);
  while (now < at_ms(120)) {
    now = *agent.poll_timeout();
    agent.handle_timeout(now);
    for (auto& t : drain(agent)) sent.emplace_back(to_ms(now), t.remote);
  }
  // RFC 8445 §14.2 with Ta = 50 ms, highest priority pair first (§6.1.4.2).
  REQUIRE(sent.size() >= 3);
  CHECK(sent[0] == std::make_pair(std::int64_t{0}, addr("192.0.2.2:6000")));
  CHECK(sent[1] == std::make_pair(std::int64_t{50}, addr("192.0.2.3:6000")));
  CHECK(sent[2] == std::make_pair(std::int64_t{100}, addr("192.0.2.4:6000")));
}

TEST_CASE("a silent STUN server does not keep gathering from completing") {
  SeededRandom random(4);
  AgentConfig c;
  c.stun_servers = {addr("198.51.100.1:3478")};
  Agent agent(c, random);
  agent.add_local_interface_address(addr("192.0.2.1:5000"), at_ms(0));
  agent.gather(at_ms(0));
  int requests = 0;
  Timestamp now = at_ms(0);
  for (int i = 0; i < 100 && agent.gathering_state() != GatheringState::Complete; ++i) {
    requests += static_cast<int>(drain(agent).size());
    auto t = agent.poll_timeout();
    REQUIRE(t);
    now = std::max(now, *t);
    agent.handle_timeout(now);
  }
  CHECK(agent.gathering_state() == GatheringState::Complete);
  CHECK(requests == 5);  // the first request and max_gather_retransmissions (4) more
  REQUIRE(agent.local_candidates().size() == 1);
  CHECK(agent.local_candidates()[0].type == CandidateType::Host);
}

TEST_CASE("a server-reflexive address equal to the host address is not a new candidate") {
  SeededRandom random(5);
  AgentConfig c;
  c.stun_servers = {addr("198.51.100.1:3478")};
  Agent agent(c, random);
  agent.add_local_interface_address(addr("192.0.2.1:5000"), at_ms(0));
  agent.gather(at_ms(0));
  auto out = drain(agent);
  REQUIRE(out.size() == 1);
  auto request = stun::parse(out[0].data);
  REQUIRE(request);
  // The server sees us where we are: no NAT in between (RFC 8445 §5.1.3: redundant).
  stun::Message response =
      stun::Message::response_to(*request, stun::MessageClass::SuccessResponse);
  response.add(stun::XorMappedAddress{addr("192.0.2.1:5000")});
  agent.handle_input(
      Datagram{addr("192.0.2.1:5000"), addr("198.51.100.1:3478"), stun::encode(response)},
      at_ms(5));
  CHECK(agent.gathering_state() == GatheringState::Complete);
  CHECK(agent.local_candidates().size() == 1);
}
