// An in-memory network for ICE tests: hosts on private LANs behind simulated NATs, hosts on the
// open internet, STUN servers, and impairments (loss, delay and so reordering, duplication).
//
// Deterministic: every random choice comes from a SeededRandom, and time is the caller's.
// The NAT model follows RFC 4787's vocabulary:
//   - mapping: endpoint-independent (one public port per internal socket, whatever the
//     destination) or address-and-port-dependent ("symmetric": a new public port for each
//     destination);
//   - filtering: address-and-port-dependent (the strictest) — a packet from outside gets in only
//     if the internal socket has sent to exactly that address and port through that mapping.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <tuple>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"
#include "common/random.h"
#include "common/time.h"

namespace lucid::test {

enum class NatMapping { EndpointIndependent, Symmetric };

class FakeNetwork {
 public:
  // Answers a datagram sent to a STUN server: returns the reply, or nothing to stay silent.
  // `seen_from` is the source address as the server sees it (after any NAT).
  using StunServer =
      std::function<std::optional<Bytes>(BytesView request, const SocketAddress& seen_from)>;

  struct Arrival {
    SocketAddress to;    // the host socket it arrives on
    SocketAddress from;  // the source as the receiver sees it
    Bytes data;
  };

  explicit FakeNetwork(std::uint64_t seed) : random_(seed) {}

  // A NAT with public address `public_ip`; returns its number for add_host().
  int add_nat(const IpAddress& public_ip, NatMapping mapping);
  // A host interface address; on the open internet, or behind NAT number `nat`.
  void add_host(const IpAddress& ip, std::optional<int> nat = std::nullopt);
  // A STUN server on the open internet.
  void add_stun_server(const SocketAddress& address, StunServer server);

  // Impairments, applied to every datagram from now on.
  double loss = 0.0;       // probability a datagram is dropped
  double duplicate = 0.0;  // probability a datagram arrives twice
  Duration min_delay = std::chrono::milliseconds(5);
  Duration max_delay = std::chrono::milliseconds(5);  // > min_delay reorders datagrams
  // A host that is down neither sends nor receives (the peer "went silent").
  void set_down(const IpAddress& ip, bool down);

  // A host socket sends a datagram.
  void send(const SocketAddress& from, const SocketAddress& to, Bytes data, Timestamp now);
  // When the next datagram arrives, if any is in flight.
  std::optional<Timestamp> next_arrival() const;
  // The next datagram due at or before `now`.
  std::optional<Arrival> pop_arrival(Timestamp now);

  std::size_t sent_count() const { return sent_; }
  std::size_t dropped_count() const { return dropped_; }

 private:
  struct Nat {
    IpAddress public_ip;
    NatMapping mapping;
    // mapping key (internal socket, destination or 0.0.0.0:0 when endpoint-independent) -> port
    std::map<std::pair<SocketAddress, SocketAddress>, std::uint16_t> mappings;
    std::map<std::uint16_t, SocketAddress> internal_of;  // public port -> internal socket
    std::set<std::pair<std::uint16_t, SocketAddress>> permissions;  // (public port, remote)
    std::uint16_t next_port = 40000;
  };
  struct InFlight {
    Timestamp at;
    std::uint64_t seq;
    Arrival arrival;
    bool operator>(const InFlight& o) const { return std::tie(at, seq) > std::tie(o.at, o.seq); }
  };

  // Delivers a datagram already on the public internet, from public address `from`.
  void route_public(const SocketAddress& from, const SocketAddress& to, Bytes data, Timestamp now);
  void deliver(const SocketAddress& to, const SocketAddress& from, Bytes data, Timestamp now);
  std::optional<int> nat_of_public(const IpAddress& ip) const;

  SeededRandom random_;
  std::vector<Nat> nats_;
  std::map<IpAddress, std::optional<int>> hosts_;
  std::set<IpAddress> down_;
  std::map<SocketAddress, StunServer> stun_servers_;
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> in_flight_;
  std::uint64_t seq_ = 0;
  std::size_t sent_ = 0;
  std::size_t dropped_ = 0;
};

}  // namespace lucid::test
