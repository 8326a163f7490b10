// The simulated network must behave like the NATs and the wire it claims to model, or the tests
// that run on it prove nothing.
#include "support/sim_network.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

using namespace lucid;
using namespace lucid::test;
using namespace std::chrono_literals;

namespace {
IpAddress ip(const char* t) { return *IpAddress::parse(t); }
SocketAddress addr(const char* t) { return *SocketAddress::parse(t); }

// Sends one datagram and returns where and from what it arrived, if it did.
std::optional<SimNetwork::Arrival> send_one(SimNetwork& net, const char* from, const char* to) {
  net.send(addr(from), addr(to), Bytes{1, 2, 3});
  net.advance_to(net.now() + 1s);
  return net.pop_arrival();
}

// A datagram numbered `n` (two bytes, so that a test can tell them apart), `size` bytes long.
Bytes numbered(std::uint16_t n, std::size_t size = 2) {
  Bytes b(size, 0);
  b[0] = static_cast<std::uint8_t>(n >> 8);
  b[1] = static_cast<std::uint8_t>(n);
  return b;
}
std::uint16_t number_of(const Bytes& b) { return static_cast<std::uint16_t>(b[0] << 8 | b[1]); }

struct Received {
  std::uint16_t n;
  Timestamp at;
  bool operator==(const Received&) const = default;
};

// Two hosts on the open internet: "a" 192.0.2.1 and "b" 192.0.2.2.
SimNetwork two_hosts(std::uint64_t seed) {
  SimNetwork net(seed);
  net.add_host(ip("192.0.2.1"));
  net.add_host(ip("192.0.2.2"));
  return net;
}

// Sends `count` numbered datagrams from a to b, one every `every`, and lets everything arrive.
std::vector<Received> send_and_receive(SimNetwork& net, int count, Duration every,
                                       std::size_t size = 2) {
  std::vector<Received> got;
  const Timestamp start = net.now();
  for (int i = 0; i < count; ++i) {
    const Timestamp t = start + every * i;
    // Deliver what arrives before the next send, at the time it arrives.
    while (net.next_arrival() && *net.next_arrival() <= t) {
      net.advance_to(*net.next_arrival());
      while (auto a = net.pop_arrival()) got.push_back({number_of(a->data), net.now()});
    }
    net.advance_to(t);
    net.send(addr("192.0.2.1:1"), addr("192.0.2.2:2"),
             numbered(static_cast<std::uint16_t>(i), size));
  }
  while (auto next = net.next_arrival()) {
    net.advance_to(*next);
    while (auto a = net.pop_arrival()) got.push_back({number_of(a->data), net.now()});
  }
  return got;
}

std::vector<std::uint16_t> numbers(const std::vector<Received>& got) {
  std::vector<std::uint16_t> out;
  for (const auto& r : got) out.push_back(r.n);
  return out;
}
}  // namespace

TEST_CASE("sim network: an endpoint-independent NAT keeps one public port for every destination") {
  SimNetwork net(1);
  const int nat = net.add_nat(ip("203.0.113.1"), NatMapping::EndpointIndependent);
  net.add_host(ip("10.0.0.1"), nat);
  net.add_host(ip("198.51.100.1"));
  net.add_host(ip("198.51.100.2"));
  auto a1 = send_one(net, "10.0.0.1:5000", "198.51.100.1:80");
  auto a2 = send_one(net, "10.0.0.1:5000", "198.51.100.2:80");
  REQUIRE(a1);
  REQUIRE(a2);
  CHECK(a1->from.ip == ip("203.0.113.1"));
  CHECK(a1->from == a2->from);
  // The answer gets back in through the mapping.
  auto back = send_one(net, "198.51.100.1:80", a1->from.to_string().c_str());
  REQUIRE(back);
  CHECK(back->to == addr("10.0.0.1:5000"));
  // A stranger is filtered: it was never sent to (address-and-port-dependent filtering).
  CHECK_FALSE(send_one(net, "198.51.100.2:81", a1->from.to_string().c_str()));
}

TEST_CASE("sim network: a symmetric NAT uses a new public port for each destination") {
  SimNetwork net(2);
  const int nat = net.add_nat(ip("203.0.113.1"), NatMapping::Symmetric);
  net.add_host(ip("10.0.0.1"), nat);
  net.add_host(ip("198.51.100.1"));
  net.add_host(ip("198.51.100.2"));
  auto a1 = send_one(net, "10.0.0.1:5000", "198.51.100.1:80");
  auto a2 = send_one(net, "10.0.0.1:5000", "198.51.100.2:80");
  REQUIRE(a1);
  REQUIRE(a2);
  CHECK(a1->from.port != a2->from.port);
  // The mapping made for one destination does not let the other in.
  CHECK_FALSE(send_one(net, "198.51.100.2:80", a1->from.to_string().c_str()));
}

TEST_CASE("sim network: private addresses of another LAN are unreachable") {
  SimNetwork net(3);
  const int n1 = net.add_nat(ip("203.0.113.1"), NatMapping::EndpointIndependent);
  const int n2 = net.add_nat(ip("203.0.113.2"), NatMapping::EndpointIndependent);
  net.add_host(ip("10.0.1.1"), n1);
  net.add_host(ip("10.0.2.1"), n2);
  CHECK_FALSE(send_one(net, "10.0.1.1:5000", "10.0.2.1:6000"));
  CHECK(net.dropped_count() == 1);
}

TEST_CASE("sim network: a STUN server sees the NAT's public address and its answer comes back") {
  SimNetwork net(4);
  const int nat = net.add_nat(ip("203.0.113.1"), NatMapping::EndpointIndependent);
  net.add_host(ip("10.0.0.1"), nat);
  std::optional<SocketAddress> seen;
  net.add_stun_server(addr("198.51.100.9:3478"), [&](BytesView, const SocketAddress& from) {
    seen = from;
    return std::optional<Bytes>(Bytes{9});
  });
  auto reply = send_one(net, "10.0.0.1:5000", "198.51.100.9:3478");
  REQUIRE(seen);
  CHECK(seen->ip == ip("203.0.113.1"));
  REQUIRE(reply);
  CHECK(reply->to == addr("10.0.0.1:5000"));
  CHECK(reply->from == addr("198.51.100.9:3478"));
  CHECK(reply->data == Bytes{9});
}

TEST_CASE("sim network: without jitter every datagram arrives exactly one delay later, in order") {
  SimNetwork net = two_hosts(5);
  net.everywhere.delay = 20ms;
  const auto got = send_and_receive(net, 50, 1ms);
  REQUIRE(got.size() == 50);
  for (std::uint16_t i = 0; i < 50; ++i) {
    CHECK(got[i].n == i);
    CHECK(got[i].at == at_ms(20 + i));
  }
}

TEST_CASE("sim network: jitter spreads arrivals over [delay, delay + jitter] and reorders them") {
  SimNetwork net = two_hosts(6);
  net.everywhere.delay = 10ms;
  net.everywhere.jitter = 30ms;
  const auto got = send_and_receive(net, 400, 1ms);
  REQUIRE(got.size() == 400);
  Duration least = 1h, most = 0ms;
  for (const auto& r : got) {
    const Duration trip = r.at - at_ms(r.n);
    least = std::min(least, trip);
    most = std::max(most, trip);
  }
  CHECK(least >= 10ms);
  CHECK(most <= 40ms);
  CHECK(most - least > 25ms);  // it really spreads: 400 draws over 30 ms
  const auto order = numbers(got);
  CHECK_FALSE(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE("sim network: loss drops about the share asked for") {
  SimNetwork net = two_hosts(7);
  net.everywhere.loss = 0.3;
  const auto got = send_and_receive(net, 2000, 1ms);
  CHECK(got.size() > 1300);  // 30% of 2000 lost: about 1400 arrive
  CHECK(got.size() < 1500);
  CHECK(net.dropped_count() == 2000 - got.size());
}

TEST_CASE("sim network: duplication delivers about the share asked for twice, and nothing else") {
  SimNetwork net = two_hosts(8);
  net.everywhere.duplicate = 0.1;
  const auto got = send_and_receive(net, 2000, 1ms);
  std::map<std::uint16_t, int> seen;
  for (const auto& r : got) ++seen[r.n];
  CHECK(seen.size() == 2000);  // every datagram arrives
  int twice = 0;
  for (const auto& [n, times] : seen) {
    CHECK(times <= 2);
    twice += times == 2;
  }
  CHECK(twice > 150);  // about 200
  CHECK(twice < 250);
  CHECK(static_cast<std::size_t>(twice) == net.duplicated_count());
}

TEST_CASE("sim network: reordering holds some datagrams back so that later ones overtake them") {
  SimNetwork net = two_hosts(9);
  net.everywhere.delay = 10ms;
  net.everywhere.reorder = 0.2;
  const auto got = send_and_receive(net, 1000, 2ms);
  REQUIRE(got.size() == 1000);  // reordered, not lost
  int overtaken = 0;
  for (const auto& r : got) {
    const Duration trip = r.at - at_ms(2 * r.n);
    CHECK(trip >= 10ms);
    CHECK(trip <= 40ms);  // held back by at most 3 delays
    overtaken += trip > 10ms;
  }
  CHECK(overtaken > 150);  // about 200
  CHECK(overtaken < 250);
  const auto order = numbers(got);
  CHECK_FALSE(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE(
    "sim network: a rate limit spaces datagrams by their size and a full queue drops the tail") {
  SimNetwork net = two_hosts(10);
  net.everywhere.delay = 5ms;
  net.everywhere.rate_bits_per_second = 1'000'000;        // 1250 bytes take 10 ms
  net.everywhere.queue_bytes = 5000;                      // room for 4 of them
  const auto got = send_and_receive(net, 20, 0ms, 1250);  // 20 at once
  REQUIRE(got.size() == 4);
  for (std::uint16_t i = 0; i < 4; ++i) {
    CHECK(got[i].n == i);
    CHECK(got[i].at == at_ms(10 * (i + 1) + 5));
  }
  CHECK(net.queue_drop_count() == 16);
  CHECK(net.dropped_count() == 16);

  // Once the queue has drained, the next datagram goes through at once.
  net.advance_to(net.now() + 1s);
  const Timestamp later = net.now();
  net.send(addr("192.0.2.1:1"), addr("192.0.2.2:2"), numbered(99, 1250));
  REQUIRE(net.next_arrival() == later + 10ms + 5ms);
}

TEST_CASE("sim network: each direction has its own impairment") {
  SimNetwork net = two_hosts(11);
  net.everywhere.delay = 5ms;
  net.direction(ip("192.0.2.1"), ip("192.0.2.2")).delay = 30ms;
  net.send(addr("192.0.2.1:1"), addr("192.0.2.2:2"), Bytes{1});
  REQUIRE(net.next_arrival() == at_ms(30));
  net.advance_to(at_ms(30));
  REQUIRE(net.pop_arrival());
  net.send(addr("192.0.2.2:2"), addr("192.0.2.1:1"), Bytes{2});
  CHECK(net.next_arrival() == at_ms(35));
}

TEST_CASE(
    "sim network: a test's own rule loses exactly the datagrams it picks, and the tap sees all") {
  SimNetwork net = two_hosts(12);
  std::vector<SimNetwork::Sent> tapped;
  net.tap = [&](const SimNetwork::Sent& s) { tapped.push_back(s); };
  net.lose_if = [](const SimNetwork::Sent& s) { return number_of(s.data) % 3 == 0; };
  const auto got = send_and_receive(net, 30, 1ms);
  REQUIRE(tapped.size() == 30);
  CHECK(tapped[7].at == at_ms(7));
  CHECK(tapped[7].from == addr("192.0.2.1:1"));
  CHECK(tapped[7].to == addr("192.0.2.2:2"));
  CHECK(number_of(tapped[7].data) == 7);
  REQUIRE(got.size() == 20);
  for (const auto& r : got) CHECK(r.n % 3 != 0);
}

TEST_CASE("sim network: the same seed gives the same run and another seed another run") {
  auto run = [](std::uint64_t seed) {
    SimNetwork net = two_hosts(seed);
    net.everywhere.delay = 10ms;
    net.everywhere.jitter = 20ms;
    net.everywhere.loss = 0.1;
    net.everywhere.duplicate = 0.05;
    net.everywhere.reorder = 0.1;
    net.everywhere.rate_bits_per_second = 2'000'000;
    net.everywhere.queue_bytes = 4000;
    return send_and_receive(net, 500, 1ms, 300);
  };
  const auto first = run(13);
  CHECK(first.size() > 300);
  CHECK(run(13) == first);
  CHECK(run(14) != first);
}
