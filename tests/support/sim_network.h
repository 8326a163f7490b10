// The simulated network that every layer's in-memory tests run on (shared/DESIGN.md, "Testing
// against the world"): hosts on the open internet or on private LANs behind NATs, STUN servers
// that answer in place, and a wire that delays, jitters, rate-limits, loses, reorders and
// duplicates datagrams, each direction on its own terms.
//
// Deterministic: time is the network's own fake clock (a SimClock, which also drives the fake
// gettimeofday of binaries that link it), and every random choice comes from one SeededRandom,
// so a seed names a run.
//
// The NAT model follows RFC 4787's vocabulary:
//   - mapping: endpoint-independent (one public port per internal socket, whatever the
//     destination) or address-and-port-dependent ("symmetric": a new public port for each
//     destination);
//   - filtering: address-and-port-dependent (the strictest) — a packet from outside gets in only
//     if the internal socket has sent to exactly that address and port through that mapping.
//
// A datagram's trip, in order: the test's own rule (lose_if); the sender's bottleneck (rate limit
// and a bounded queue: a datagram that does not fit is dropped, tail drop); the path (loss, then
// delay + jitter, reordering and duplication). Routing and NATs act when it is sent.
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
#include "support/sim_clock.h"

namespace lucid::test {

enum class NatMapping { EndpointIndependent, Symmetric };

// What the wire does to the datagrams going one way (the knobs of Linux netem).
struct Impairment {
  Duration delay = std::chrono::milliseconds(5);  // one-way latency
  Duration jitter = Duration(0);  // each datagram waits up to this much more (uniform): reorders
  double loss = 0.0;              // share of datagrams lost on the path
  double duplicate = 0.0;         // share that arrive twice (the copy makes its own trip)
  double reorder = 0.0;  // share held back by up to 3 delays, so that later ones overtake them
  std::uint64_t rate_bits_per_second = 0;  // the bottleneck's bandwidth; 0 for none
  std::size_t queue_bytes = 64 * 1024;     // what waits for the bottleneck; beyond it, tail drop
};

class SimNetwork {
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
  // A datagram as a host put it on the wire (what a capture on the sender would show).
  struct Sent {
    Timestamp at;
    SocketAddress from;
    SocketAddress to;
    Bytes data;
    bool operator==(const Sent&) const = default;
  };

  // A network whose random choices all come from `seed`, on `clock` (by default from 0).
  explicit SimNetwork(std::uint64_t seed, SimClock clock = SimClock{})
      : random_(seed), clock_(clock) {}

  // The topology.
  // A NAT with public address `public_ip`; returns its number for add_host().
  int add_nat(const IpAddress& public_ip, NatMapping mapping);
  // A host interface address; on the open internet, or behind NAT number `nat`.
  void add_host(const IpAddress& ip, std::optional<int> nat = std::nullopt);
  // A STUN server on the open internet.
  void add_stun_server(const SocketAddress& address, StunServer server);
  // A host that is down neither sends nor receives (the peer "went silent").
  void set_down(const IpAddress& ip, bool down);

  // The wire. `everywhere` applies to each direction that has not been given its own.
  Impairment everywhere;
  // The impairment of datagrams from host `from` to `to` (as the sender addressed it); starts as
  // a copy of `everywhere`.
  Impairment& direction(const IpAddress& from, const IpAddress& to);
  // A test's own rule: a datagram for which it returns true is lost (counted as dropped).
  std::function<bool(const Sent&)> lose_if;

  // Datagrams in and out.
  // A host socket sends a datagram, now.
  void send(const SocketAddress& from, const SocketAddress& to, Bytes data);
  // When the next datagram arrives, if any is in flight.
  std::optional<Timestamp> next_arrival() const;
  // The next datagram due by now, earliest first (in the order sent, for equal times).
  std::optional<Arrival> pop_arrival();

  // The clock: the run's time, which only the test moves (never back), and with it the fake
  // wall clock (sim_clock.h).
  Timestamp now() const { return clock_.now(); }
  void advance_to(Timestamp t) { clock_.advance_to(t); }

  // What happened, for assertions.
  // Called with every datagram a host sends, before anything happens to it.
  std::function<void(const Sent&)> tap;
  std::size_t sent_count() const { return sent_; }
  std::size_t dropped_count() const { return dropped_; }         // for any reason
  std::size_t queue_drop_count() const { return queue_drops_; }  // of those, by the full queue
  std::size_t duplicated_count() const { return duplicated_; }
  std::size_t delivered_count() const { return delivered_; }  // handed out by pop_arrival

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
  struct Direction {
    std::optional<Impairment> own;  // set by direction(); otherwise `everywhere` applies
    Timestamp bottleneck_free_at;   // when the bottleneck has sent everything queued so far
  };
  struct InFlight {
    Timestamp at;
    std::uint64_t seq;
    Arrival arrival;
    bool operator>(const InFlight& o) const { return std::tie(at, seq) > std::tie(o.at, o.seq); }
  };
  using DirectionKey = std::pair<IpAddress, IpAddress>;

  // Routes a datagram already on the public internet, from public address `from`.
  void route_public(const DirectionKey& key, const SocketAddress& from, const SocketAddress& to,
                    Bytes data);
  // Puts a routed datagram on the wire of its direction, towards host socket `to`.
  void carry(const DirectionKey& key, const SocketAddress& to, const SocketAddress& from,
             Bytes data);
  // When a datagram of `size` bytes leaves the bottleneck, or nothing if the queue is full.
  std::optional<Timestamp> through_bottleneck(Direction& d, const Impairment& i, std::size_t size);
  bool chance(double probability);
  Direction& direction_state(const DirectionKey& key);
  std::optional<int> nat_of_public(const IpAddress& ip) const;

  SeededRandom random_;
  SimClock clock_;
  std::vector<Nat> nats_;
  std::map<IpAddress, std::optional<int>> hosts_;
  std::set<IpAddress> down_;
  std::map<SocketAddress, StunServer> stun_servers_;
  std::map<DirectionKey, Direction> directions_;
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> in_flight_;
  std::uint64_t seq_ = 0;
  std::size_t sent_ = 0;
  std::size_t dropped_ = 0;
  std::size_t queue_drops_ = 0;
  std::size_t duplicated_ = 0;
  std::size_t delivered_ = 0;
};

}  // namespace lucid::test
