// The addresses of this machine's network interfaces: where ICE host candidates come from
// (RFC 8445 §5.1.1.1: "a host candidate is obtained by binding to a specific port from an IP
// address on the host").
#pragma once

#include <string>
#include <vector>

#include "common/address.h"

namespace lucid::net {

// One address of one interface, e.g. {"eth0", 192.0.2.2, 2}.
struct InterfaceAddress {
  std::string name;  // the interface, e.g. "eth0"
  IpAddress address;
  unsigned index = 0;  // the interface index: the scope id an IPv6 link-local address needs
};

struct InterfaceOptions {
  // RFC 8445 §5.1.1.1: loopback addresses MUST NOT be included unless nothing else is wanted
  // (tests on 127.0.0.1), and link-local ones are of little use beyond the link, so both are off
  // unless asked for.
  bool include_loopback = false;
  bool include_link_local = false;
  bool include_ipv4 = true;
  bool include_ipv6 = true;
  // When not empty, only these addresses are returned (if the machine has them). An address
  // named here is returned even if it is loopback or link-local: naming it is asking for it.
  std::vector<IpAddress> only;
};

// The addresses of the interfaces that are up, filtered by `options`, in the order the system
// lists them. Never throws; an error from getifaddrs gives an empty list and a `net` trace line.
std::vector<InterfaceAddress> interface_addresses(const InterfaceOptions& options = {});

}  // namespace lucid::net
