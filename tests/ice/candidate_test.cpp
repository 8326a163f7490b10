// Candidates, pairs and the check list: the arithmetic and ordering rules of RFC 8445 §5-§6.
#include "ice/candidate.h"

#include <catch2/catch.hpp>

#include "ice/candidate_pair.h"
#include "ice/checklist.h"

using namespace lucid;
using namespace lucid::ice;

namespace {
SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }
}  // namespace

TEST_CASE("candidate priority follows the RFC 8445 formula with type preferences 126/110/100/0") {
  // 2^24*126 + 2^8*65535 + (256-1)
  CHECK(candidate_priority(CandidateType::Host, 65535, 1) == 2130706431u);
  CHECK(candidate_priority(CandidateType::PeerReflexive, 65535, 1) ==
        (110u << 24) + (65535u << 8) + 255u);
  CHECK(candidate_priority(CandidateType::ServerReflexive, 65535, 1) == 1694498815u);
  CHECK(candidate_priority(CandidateType::Relayed, 65535, 1) == 16777215u);
  // Component 2 (RTCP without rtcp-mux) is one less.
  CHECK(candidate_priority(CandidateType::Host, 65535, 2) == 2130706430u);
}

TEST_CASE("host candidates rank above server-reflexive above relayed") {
  const auto host = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  const auto srflx = make_server_reflexive_candidate(
      addr("203.0.113.1:40000"), addr("10.0.0.1:5000"), *IpAddress::parse("198.51.100.1"), 65535);
  CHECK(host.priority > srflx.priority);
  CHECK(srflx.base == addr("10.0.0.1:5000"));
  CHECK(srflx.related_address == addr("10.0.0.1:5000"));
  CHECK(srflx.describe() == "srflx 203.0.113.1:40000 (from 10.0.0.1:5000)");
}

TEST_CASE("foundations are equal exactly when type, base IP, server and transport are") {
  const auto server = IpAddress::parse("198.51.100.1");
  const auto other_server = IpAddress::parse("198.51.100.2");
  const auto base = *IpAddress::parse("10.0.0.1");
  const auto other_base = *IpAddress::parse("10.0.0.2");
  // Same base IP, different ports: same foundation (the port is not an input).
  CHECK(make_host_candidate(addr("10.0.0.1:5000"), 1).foundation ==
        make_host_candidate(addr("10.0.0.1:6000"), 2).foundation);
  CHECK(compute_foundation(CandidateType::Host, base, std::nullopt, Transport::Udp) !=
        compute_foundation(CandidateType::Host, other_base, std::nullopt, Transport::Udp));
  CHECK(compute_foundation(CandidateType::Host, base, std::nullopt, Transport::Udp) !=
        compute_foundation(CandidateType::ServerReflexive, base, server, Transport::Udp));
  CHECK(compute_foundation(CandidateType::ServerReflexive, base, server, Transport::Udp) !=
        compute_foundation(CandidateType::ServerReflexive, base, other_server, Transport::Udp));
  const std::string f = compute_foundation(CandidateType::Host, base, std::nullopt, Transport::Udp);
  CHECK(!f.empty());
  CHECK(f.size() <= 32);
}

TEST_CASE("pair priority favours the controlling agent's candidate on ties of the minimum") {
  // RFC 8445 §6.1.2.3 worked by hand: G=10, D=20 -> 2^32*10 + 2*20 + 0
  CHECK(pair_priority(10, 20) == (10ull << 32) + 40);
  CHECK(pair_priority(20, 10) == (10ull << 32) + 40 + 1);
  // Both agents compute the same number for the same pair, each from its own side.
  CandidatePair mine;
  mine.local.priority = 100;
  mine.remote.priority = 200;
  mine.update_priority(true);
  CandidatePair theirs;
  theirs.local.priority = 200;
  theirs.remote.priority = 100;
  theirs.update_priority(false);
  CHECK(mine.priority == theirs.priority);
}

TEST_CASE("the check list orders pairs by priority and prunes redundant ones") {
  CheckList list;
  const auto local = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  auto remote_host = make_host_candidate(addr("10.0.0.2:6000"), 65535);
  auto remote_srflx = make_server_reflexive_candidate(
      addr("203.0.113.2:7000"), addr("10.0.0.2:6000"), *IpAddress::parse("198.51.100.1"), 65535);
  REQUIRE(list.add(local, remote_srflx, true));
  REQUIRE(list.add(local, remote_host, true));
  REQUIRE(list.pairs().size() == 2);
  CHECK(list.pairs()[0].remote.type == CandidateType::Host);
  // The same local base and remote address again, lower priority: redundant (§6.1.2.4).
  auto worse = remote_host;
  worse.priority = 1;
  CHECK_FALSE(list.add(local, worse, true));
  CHECK(list.pairs().size() == 2);
  // An IPv6 remote does not pair with an IPv4 local.
  CHECK_FALSE(list.add(local, make_host_candidate(addr("[2001:db8::1]:5000"), 65535), true));
}

TEST_CASE("pairs of one foundation wait behind the first, and unfreeze when it succeeds") {
  CheckList list;
  const auto local = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  const auto r1 = make_host_candidate(addr("10.0.0.2:6000"), 65535);
  const auto r2 = make_host_candidate(addr("10.0.0.2:6001"), 65534);  // same foundation as r1
  const auto id1 = list.add(local, r1, true);
  const auto id2 = list.add(local, r2, true);
  REQUIRE(id1);
  REQUIRE(id2);
  CHECK(list.find(*id1)->state == PairState::Waiting);
  CHECK(list.find(*id2)->state == PairState::Frozen);
  CandidatePair* next = list.next_to_check();
  REQUIRE(next);
  CHECK(next->id == *id1);
  next->state = PairState::Succeeded;
  list.unfreeze_foundation(next->foundation());
  CHECK(list.find(*id2)->state == PairState::Waiting);
}

TEST_CASE("a frozen pair is unfrozen when nothing else is left to check") {
  CheckList list;
  const auto local = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  const auto id1 = list.add(local, make_host_candidate(addr("10.0.0.2:6000"), 65535), true);
  const auto id2 = list.add(local, make_host_candidate(addr("10.0.0.2:6001"), 65534), true);
  list.find(*id1)->state = PairState::Failed;
  CandidatePair* next = list.next_to_check();
  REQUIRE(next);
  CHECK(next->id == *id2);
  CHECK(next->state == PairState::Waiting);
}

TEST_CASE("triggered checks jump the queue") {
  CheckList list;
  const auto local = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  list.add(local, make_host_candidate(addr("10.0.0.2:6000"), 65535), true);
  const auto low = list.add(local, make_host_candidate(addr("10.0.0.3:6000"), 100), true);
  list.trigger(*low);
  CHECK(list.next_to_check()->id == *low);
}

TEST_CASE("role change recomputes pair priorities") {
  CheckList list;
  auto local = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  auto remote = make_host_candidate(addr("10.0.0.2:6000"), 100);
  list.add(local, remote, true);
  const auto before = list.pairs()[0].priority;
  list.set_controlling(false);
  CHECK(list.pairs()[0].priority != before);
  CHECK(list.pairs()[0].priority == pair_priority(remote.priority, local.priority));
}

TEST_CASE("the check list never grows past its limit") {
  CheckList list(3);
  const auto local = make_host_candidate(addr("10.0.0.1:5000"), 65535);
  for (std::uint16_t i = 0; i < 10; ++i)
    (void)list.add(local,
                   make_host_candidate(SocketAddress{*IpAddress::parse("10.0.0.2"),
                                                     static_cast<std::uint16_t>(6000 + i)},
                                       static_cast<std::uint16_t>(1000 - i)),
                   true);
  CHECK(list.pairs().size() == 3);
}
