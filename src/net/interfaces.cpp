#include "net/interfaces.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "common/trace.h"

namespace lucid::net {
namespace {

// getifaddrs gives a sockaddr; turn it into an IpAddress (nullopt for non-IP families).
std::optional<IpAddress> to_ip(const sockaddr* sa) {
  if (sa == nullptr) return std::nullopt;
  if (sa->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, sa, sizeof in);
    std::array<std::uint8_t, 4> bytes{};
    std::memcpy(bytes.data(), &in.sin_addr, 4);
    return IpAddress::v4(bytes);
  }
  if (sa->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, sa, sizeof in6);
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &in6.sin6_addr, 16);
    return IpAddress::v6(bytes);
  }
  return std::nullopt;
}

bool wanted(const IpAddress& ip, const InterfaceOptions& options) {
  if (!options.only.empty())
    return std::find(options.only.begin(), options.only.end(), ip) != options.only.end();
  if (ip.is_v4() && !options.include_ipv4) return false;
  if (ip.is_v6() && !options.include_ipv6) return false;
  if (ip.is_loopback() && !options.include_loopback) return false;
  if (ip.is_link_local() && !options.include_link_local) return false;
  return !ip.is_unspecified();
}

}  // namespace

std::vector<InterfaceAddress> interface_addresses(const InterfaceOptions& options) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    LUCID_TRACE("net", "could not list the interfaces: ", std::strerror(errno));
    return {};
  }
  std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> owner(list, &freeifaddrs);

  std::vector<InterfaceAddress> out;
  for (const ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if ((it->ifa_flags & IFF_UP) == 0) continue;
    const auto ip = to_ip(it->ifa_addr);
    if (!ip || !wanted(*ip, options)) continue;
    out.push_back({it->ifa_name, *ip, if_nametoindex(it->ifa_name)});
  }
  return out;
}

}  // namespace lucid::net
