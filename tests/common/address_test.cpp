#include <catch2/catch.hpp>

#include "common/address.h"

using namespace lucid;

TEST_CASE("IPv4 and IPv6 transport addresses parse and print back") {
  auto a = SocketAddress::parse("192.0.2.1:32853");
  REQUIRE(a);
  CHECK(a->ip.is_v4());
  CHECK(a->port == 32853);
  CHECK(a->to_string() == "192.0.2.1:32853");

  auto b = SocketAddress::parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853");
  REQUIRE(b);
  CHECK(b->ip.is_v6());
  CHECK(b->to_string() == "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
}

TEST_CASE("malformed transport addresses are refused") {
  for (const char* bad : {"", "1.2.3.4", "1.2.3.4:", "1.2.3.4:70000", "1.2.3.4:12x", "::1:80",
                          "[::1]", "[::1]80", "host.local:80", "999.1.1.1:1"}) {
    INFO(bad);
    CHECK_FALSE(SocketAddress::parse(bad));
  }
}

TEST_CASE("address classes: loopback, link-local, unspecified") {
  CHECK(IpAddress::parse("127.0.0.1")->is_loopback());
  CHECK(IpAddress::parse("::1")->is_loopback());
  CHECK(IpAddress::parse("169.254.3.4")->is_link_local());
  CHECK(IpAddress::parse("fe80::1")->is_link_local());
  CHECK(IpAddress::parse("0.0.0.0")->is_unspecified());
  CHECK_FALSE(IpAddress::parse("10.0.0.1")->is_loopback());
  CHECK(*IpAddress::parse("10.0.0.1") != *IpAddress::parse("10.0.0.2"));
}
