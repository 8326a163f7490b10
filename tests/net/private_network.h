// A network of the test's own: the test process moves into a fresh network namespace (only `lo`,
// brought up) so that it can put a NAT in front of its sockets without touching the machine's
// network. Every process the test starts afterwards (coturn) runs in the same namespace.
//
// Needs root and nft (Debian package nftables); enter() says why when it cannot.
#pragma once

#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace lucid::testing {

class PrivateNetwork {
 public:
  // Moves this process into a new network namespace with `lo` up. Empty on success, else why not.
  static std::string enter() {
    if (::geteuid() != 0) return "needs root for a network namespace";
    if (std::system("command -v nft >/dev/null 2>&1") != 0)
      return "nft is not installed (scripts/setup installs nftables)";
    if (::unshare(CLONE_NEWNET) != 0) return "unshare(CLONE_NEWNET) failed";
    if (std::system("ip link set lo up") != 0) return "could not bring lo up";
    return {};
  }

  // A NAT with endpoint-dependent mapping, in the namespace entered above: UDP datagrams to
  // `to_port` on loopback leave with their source port rewritten into [first, last], so a STUN
  // server on that port sees an address that differs from the socket's own.
  static bool nat_udp_to_port(std::uint16_t to_port, std::uint16_t first, std::uint16_t last) {
    const std::string rule =
        "nft add table ip lucid_nat && "
        "nft add chain ip lucid_nat post '{ type nat hook postrouting priority 100; }' && "
        "nft add rule ip lucid_nat post udp dport " +
        std::to_string(to_port) + " snat to 127.0.0.1:" + std::to_string(first) + "-" +
        std::to_string(last);
    return std::system(rule.c_str()) == 0;
  }
};

}  // namespace lucid::testing
