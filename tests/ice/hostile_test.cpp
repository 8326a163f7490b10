// Hostile and broken input: an ICE agent faces the open internet on its host candidates, so
// anything may arrive. None of it may crash the agent, and none of it may disturb a pair that
// works (RFC 8445 §7.3: only a check signed with our password counts).
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

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

struct Connected {
  Simulation sim{21};
  Peer* a;
  Peer* b;
  Connected() {
    sim.net.add_host(*IpAddress::parse("192.0.2.1"));
    sim.net.add_host(*IpAddress::parse("192.0.2.2"));
    sim.net.add_host(*IpAddress::parse("192.0.2.66"));  // the attacker
    ice::AgentConfig ca;
    ca.role = Role::Controlling;
    ice::AgentConfig cb;
    cb.role = Role::Controlled;
    a = &sim.add_peer("a", ca, {addr("192.0.2.1:5000")});
    b = &sim.add_peer("b", cb, {addr("192.0.2.2:6000")});
    Simulation::partner(*a, *b);
    sim.exchange_credentials(*a, *b);
    sim.gather(*a);
    sim.gather(*b);
  }
  // Hands a datagram to a as if it arrived on its socket from `from`.
  void inject(BytesView datagram, const SocketAddress& from) {
    a->agent->handle_input(
        Datagram{addr("192.0.2.1:5000"), from, Bytes(datagram.begin(), datagram.end())}, sim.now());
    sim.flush();
  }
};

// A Binding request as a peer would send it, with the given USERNAME, password and role.
Bytes forged_check(Random& random, const std::string& username, const std::string& password,
                   bool use_candidate, std::uint64_t controlling_tie_breaker) {
  stun::Message m = stun::Message::request(stun::Method::Binding, random);
  m.add(stun::Username{username});
  m.add(stun::Priority{0x6e7fffff});
  m.add(stun::IceControlling{controlling_tie_breaker});
  if (use_candidate) m.add(stun::UseCandidate{});
  stun::EncodeOptions o;
  o.integrity_key = stun::short_term_key(password);
  o.fingerprint = true;
  return stun::encode(m, o);
}

}  // namespace

TEST_CASE("hostile datagrams neither crash the agent nor disturb the selected pair") {
  Connected t;
  REQUIRE(t.sim.run_until(
      [&] {
        return t.a->agent->state() == AgentState::Completed &&
               t.b->agent->state() == AgentState::Completed;
      },
      std::chrono::seconds(10)));
  const ice::CandidatePair before = *t.a->agent->selected_pair();
  const std::size_t remotes = t.a->agent->remote_candidates().size();
  const SocketAddress peer = addr("192.0.2.2:6000");
  const SocketAddress attacker = addr("192.0.2.66:7000");
  SeededRandom noise(99);

  // Garbage that passes the first-byte test (RFC 7983: 0-3 is STUN), of every short length and
  // some long ones, some with the STUN magic cookie in place.
  for (std::size_t len = 0; len < 300; len += 2) {
    Bytes junk(len);
    noise.fill(junk);
    if (!junk.empty()) junk[0] &= 0x03;
    if (len >= 8) {
      junk[4] = 0x21, junk[5] = 0x12, junk[6] = 0xA4, junk[7] = 0x42;
    }
    if (len >= 20 && len % 4 == 0) {
      // A header that fits the datagram, so the garbage reaches the attribute parser.
      junk[2] = static_cast<std::uint8_t>((len - 20) >> 8);
      junk[3] = static_cast<std::uint8_t>(len - 20);
    }
    t.inject(junk, peer);
    t.inject(junk, attacker);
  }
  const auto& mine = t.a->agent->local_credentials();
  const auto& theirs = t.b->agent->local_credentials();
  const std::string right_username = mine.ufrag + ":" + theirs.ufrag;
  // A check with the right USERNAME but the wrong password, nominating and claiming control
  // with the largest tie-breaker there is: it must change nothing, not even the role.
  t.inject(forged_check(noise, right_username, "not-the-password-at-all-xx", true, ~0ull),
           attacker);
  t.inject(forged_check(noise, right_username, "not-the-password-at-all-xx", true, ~0ull), peer);
  // A check signed with our password (leaked?) but for another ufrag.
  t.inject(forged_check(noise, "wrong:" + theirs.ufrag, mine.pwd, true, ~0ull), attacker);
  // A check with no USERNAME or integrity at all.
  {
    stun::Message m = stun::Message::request(stun::Method::Binding, noise);
    m.add(stun::UseCandidate{});
    t.inject(stun::encode(m), attacker);
  }
  // Responses answering nothing we asked, signed or not.
  {
    stun::Message m(stun::Method::Binding, stun::MessageClass::SuccessResponse,
                    stun::random_transaction_id(noise));
    m.add(stun::XorMappedAddress{attacker});
    stun::EncodeOptions o;
    o.integrity_key = stun::short_term_key(theirs.pwd);
    t.inject(stun::encode(m, o), peer);
    t.inject(stun::encode(m), attacker);
  }
  // A valid message cut short, and one with a broken FINGERPRINT.
  {
    Bytes good = forged_check(noise, right_username, theirs.pwd, false, 1);
    t.inject(BytesView(good).first(good.size() - 5), peer);
    good.back() ^= 0xff;
    t.inject(good, peer);
  }
  // Non-STUN handed to ICE by mistake is ignored too.
  t.inject(Bytes{23, 254, 253, 0, 0}, peer);

  const auto* after = t.a->agent->selected_pair();
  REQUIRE(after);
  CHECK(after->local.base == before.local.base);
  CHECK(after->remote.address == before.remote.address);
  CHECK(t.a->agent->role() == Role::Controlling);
  CHECK(t.a->agent->remote_candidates().size() == remotes);  // no peer-reflexive attacker learned
  CHECK(t.a->selections.size() == 1);

  // And the pair keeps working: data flows, consent stays fresh for a minute.
  t.sim.run_for(std::chrono::seconds(60));
  CHECK(t.a->agent->state() == AgentState::Completed);
  CHECK(t.b->agent->state() == AgentState::Completed);
  REQUIRE(t.a->agent->send(Bytes{23, 42}));
  REQUIRE(t.sim.run_until([&] { return !t.b->received_data.empty(); }, std::chrono::seconds(1)));
  CHECK(t.b->received_data.back() == Bytes{23, 42});
}

TEST_CASE("garbage during the checks does not stop two agents from connecting") {
  Connected t;
  SeededRandom noise(7);
  for (int i = 0; i < 50; ++i) {
    Bytes junk(static_cast<std::size_t>(20 + i));
    noise.fill(junk);
    junk[0] &= 0x01;
    t.inject(junk, addr("192.0.2.66:7000"));
    t.sim.run_for(std::chrono::milliseconds(20));
  }
  REQUIRE(
      t.sim.run_until([&] { return t.a->agent->selected_pair() && t.b->agent->selected_pair(); },
                      std::chrono::seconds(10)));
  CHECK(t.a->agent->selected_pair()->remote.address == addr("192.0.2.2:6000"));
}

TEST_CASE("a flood of 10,000 bogus remote candidates is capped, said once, and the real one "
          "that came first still connects") {
  std::vector<std::string> lines;
  trace::enable("ice");
  trace::set_sink([&](std::string_view, std::string_view line) { lines.emplace_back(line); });
  Connected t;  // b's real host candidate has reached a through signalling
  REQUIRE(t.a->agent->remote_candidates().size() == 1);
  SeededRandom random(15);
  for (std::uint32_t i = 0; i < 10'000; ++i) {
    // 198.18.0.0/15 (RFC 2544): addresses nobody answers on; a high priority, so that each
    // would push the real pair out of a check list that took them all.
    const auto ip = IpAddress::v4(
        {198, 18, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)});
    ice::Candidate bogus = ice::make_host_candidate(
        SocketAddress{ip, static_cast<std::uint16_t>(random.uniform(1024, 65535))}, 65535);
    t.a->agent->add_remote_candidate(bogus, t.sim.now());
  }
  t.sim.flush();
  const std::size_t stored = t.a->agent->remote_candidates().size();
  const std::size_t pairs = t.a->agent->pairs().size();
  const bool connected =
      t.sim.run_until([&] { return t.a->agent->selected_pair() && t.b->agent->selected_pair(); },
                      std::chrono::seconds(30));
  trace::reset_sink();
  trace::disable_all();

  CHECK(stored == ice::kMaxRemoteCandidates);
  CHECK(pairs <= ice::kMaxRemoteCandidates);
  CHECK(t.a->agent->remote_candidates().front().address == addr("192.0.2.2:6000"));
  const auto said = std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("any further ones are ignored") != std::string::npos;
  });
  CHECK(said == 1);
  REQUIRE(connected);
  CHECK(t.a->agent->selected_pair()->remote.address == addr("192.0.2.2:6000"));
}
