// The fake network must behave like the NATs it claims to model, or the ICE tests prove nothing.
#include "support/fake_network.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace lucid;
using namespace lucid::test;

namespace {
IpAddress ip(const char* t) { return *IpAddress::parse(t); }
SocketAddress addr(const char* t) { return *SocketAddress::parse(t); }

// Sends one datagram and returns where and from what it arrived, if it did.
std::optional<FakeNetwork::Arrival> send_one(FakeNetwork& net, const char* from, const char* to,
                                             Timestamp now) {
  net.send(addr(from), addr(to), Bytes{1, 2, 3}, now);
  return net.pop_arrival(now + std::chrono::seconds(1));
}
}  // namespace

TEST_CASE("fake network: an endpoint-independent NAT keeps one public port for every destination") {
  FakeNetwork net(1);
  const int nat = net.add_nat(ip("203.0.113.1"), NatMapping::EndpointIndependent);
  net.add_host(ip("10.0.0.1"), nat);
  net.add_host(ip("198.51.100.1"));
  net.add_host(ip("198.51.100.2"));
  auto a1 = send_one(net, "10.0.0.1:5000", "198.51.100.1:80", at_ms(0));
  auto a2 = send_one(net, "10.0.0.1:5000", "198.51.100.2:80", at_ms(0));
  REQUIRE(a1);
  REQUIRE(a2);
  CHECK(a1->from.ip == ip("203.0.113.1"));
  CHECK(a1->from == a2->from);
  // The answer gets back in through the mapping.
  auto back = send_one(net, "198.51.100.1:80", a1->from.to_string().c_str(), at_ms(0));
  REQUIRE(back);
  CHECK(back->to == addr("10.0.0.1:5000"));
  // A stranger is filtered: it was never sent to (address-and-port-dependent filtering).
  CHECK_FALSE(send_one(net, "198.51.100.2:81", a1->from.to_string().c_str(), at_ms(0)));
}

TEST_CASE("fake network: a symmetric NAT uses a new public port for each destination") {
  FakeNetwork net(2);
  const int nat = net.add_nat(ip("203.0.113.1"), NatMapping::Symmetric);
  net.add_host(ip("10.0.0.1"), nat);
  net.add_host(ip("198.51.100.1"));
  net.add_host(ip("198.51.100.2"));
  auto a1 = send_one(net, "10.0.0.1:5000", "198.51.100.1:80", at_ms(0));
  auto a2 = send_one(net, "10.0.0.1:5000", "198.51.100.2:80", at_ms(0));
  REQUIRE(a1);
  REQUIRE(a2);
  CHECK(a1->from.port != a2->from.port);
  // The mapping made for one destination does not let the other in.
  CHECK_FALSE(send_one(net, "198.51.100.2:80", a1->from.to_string().c_str(), at_ms(0)));
}

TEST_CASE("fake network: private addresses of another LAN are unreachable") {
  FakeNetwork net(3);
  const int n1 = net.add_nat(ip("203.0.113.1"), NatMapping::EndpointIndependent);
  const int n2 = net.add_nat(ip("203.0.113.2"), NatMapping::EndpointIndependent);
  net.add_host(ip("10.0.1.1"), n1);
  net.add_host(ip("10.0.2.1"), n2);
  CHECK_FALSE(send_one(net, "10.0.1.1:5000", "10.0.2.1:6000", at_ms(0)));
  CHECK(net.dropped_count() == 1);
}

TEST_CASE("fake network: loss drops about the share asked for, delays reorder, and runs repeat") {
  auto run = [](std::uint64_t seed) {
    FakeNetwork net(seed);
    net.add_host(ip("192.0.2.1"));
    net.add_host(ip("192.0.2.2"));
    net.loss = 0.3;
    net.min_delay = std::chrono::milliseconds(1);
    net.max_delay = std::chrono::milliseconds(100);
    for (std::uint8_t i = 0; i < 200; ++i)
      net.send(addr("192.0.2.1:1"), addr("192.0.2.2:2"), Bytes{i}, at_ms(i));
    std::vector<std::uint8_t> order;
    while (auto a = net.pop_arrival(at_ms(10'000))) order.push_back(a->data[0]);
    return order;
  };
  const auto order = run(5);
  CHECK(order.size() > 100);  // 30% of 200 lost: about 140 arrive
  CHECK(order.size() < 180);
  CHECK_FALSE(std::is_sorted(order.begin(), order.end()));
  CHECK(run(5) == order);  // same seed, same run
}
