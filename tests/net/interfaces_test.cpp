#include <catch2/catch.hpp>

#include "net/interfaces.h"

using namespace lucid;
using namespace lucid::net;

namespace {
bool has(const std::vector<InterfaceAddress>& list, const IpAddress& ip) {
  for (const auto& a : list)
    if (a.address == ip) return true;
  return false;
}
}  // namespace

TEST_CASE("interface addresses leave out loopback and link-local unless asked") {
  const auto loopback = *IpAddress::parse("127.0.0.1");
  for (const auto& a : interface_addresses()) {
    INFO(a.name << " " << a.address.to_string());
    CHECK_FALSE(a.address.is_loopback());
    CHECK_FALSE(a.address.is_link_local());
  }
  InterfaceOptions with_loopback;
  with_loopback.include_loopback = true;
  const auto all = interface_addresses(with_loopback);
  CHECK(has(all, loopback));
}

TEST_CASE("interface addresses can be restricted to named addresses") {
  InterfaceOptions options;
  options.only = {*IpAddress::parse("127.0.0.1"), *IpAddress::parse("198.51.100.99")};
  const auto list = interface_addresses(options);
  // 127.0.0.1 is on lo; 198.51.100.99 is a documentation address no machine here has.
  REQUIRE(list.size() == 1);
  CHECK(list[0].address.to_string() == "127.0.0.1");
  CHECK(list[0].name == "lo");
  CHECK(list[0].index > 0);
}

TEST_CASE("interface addresses can be limited to one address family") {
  InterfaceOptions v4_only;
  v4_only.include_loopback = true;
  v4_only.include_ipv6 = false;
  for (const auto& a : interface_addresses(v4_only)) CHECK(a.address.is_v4());
}
