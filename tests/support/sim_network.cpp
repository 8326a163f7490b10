#include "support/sim_network.h"

#include <algorithm>

namespace lucid::test {

int SimNetwork::add_nat(const IpAddress& public_ip, NatMapping mapping) {
  nats_.push_back(Nat{public_ip, mapping, {}, {}, {}, 40000});
  return static_cast<int>(nats_.size()) - 1;
}

void SimNetwork::add_host(const IpAddress& ip, std::optional<int> nat) { hosts_[ip] = nat; }

void SimNetwork::add_stun_server(const SocketAddress& address, StunServer server) {
  stun_servers_[address] = std::move(server);
}

void SimNetwork::set_down(const IpAddress& ip, bool down) {
  if (down)
    down_.insert(ip);
  else
    down_.erase(ip);
}

Impairment& SimNetwork::direction(const IpAddress& from, const IpAddress& to) {
  Direction& d = direction_state({from, to});
  if (!d.own) d.own = everywhere;
  return *d.own;
}

SimNetwork::Direction& SimNetwork::direction_state(const DirectionKey& key) {
  return directions_.try_emplace(key, Direction{std::nullopt, now()}).first->second;
}

std::optional<int> SimNetwork::nat_of_public(const IpAddress& ip) const {
  for (std::size_t i = 0; i < nats_.size(); ++i)
    if (nats_[i].public_ip == ip) return static_cast<int>(i);
  return std::nullopt;
}

void SimNetwork::send(const SocketAddress& from, const SocketAddress& to, Bytes data) {
  ++sent_;
  if (tap || lose_if) {
    const Sent sent{now(), from, to, data};
    if (tap) tap(sent);
    if (lose_if && lose_if(sent)) {
      ++dropped_;
      return;
    }
  }
  auto host = hosts_.find(from.ip);
  if (host == hosts_.end() || down_.count(from.ip)) {
    ++dropped_;
    return;
  }
  const DirectionKey key{from.ip, to.ip};
  const std::optional<int> nat = host->second;
  // Same LAN (or both on the open internet): no NAT in between.
  auto dest = hosts_.find(to.ip);
  if (dest != hosts_.end() && dest->second == nat) {
    carry(key, to, from, std::move(data));
    return;
  }
  if (!nat) {
    route_public(key, from, to, std::move(data));
    return;
  }
  // Leaving through the NAT: find or make the mapping (RFC 4787 §4.1).
  Nat& n = nats_[static_cast<std::size_t>(*nat)];
  const SocketAddress key_dest =
      n.mapping == NatMapping::EndpointIndependent ? SocketAddress{} : to;
  auto [it, fresh] = n.mappings.try_emplace({from, key_dest}, n.next_port);
  if (fresh) n.internal_of[n.next_port++] = from;
  const std::uint16_t port = it->second;
  n.permissions.insert({port, to});  // address-and-port-dependent filtering (RFC 4787 §5)
  route_public(key, SocketAddress{n.public_ip, port}, to, std::move(data));
}

void SimNetwork::route_public(const DirectionKey& key, const SocketAddress& from,
                              const SocketAddress& to, Bytes data) {
  if (auto server = stun_servers_.find(to); server != stun_servers_.end()) {
    // The server answers at once; its reply makes the trip back over the wire.
    if (auto reply = server->second(data, from))
      route_public({to.ip, from.ip}, to, from, std::move(*reply));
    return;
  }
  if (auto nat = nat_of_public(to.ip)) {
    Nat& n = nats_[static_cast<std::size_t>(*nat)];
    auto internal = n.internal_of.find(to.port);
    if (internal == n.internal_of.end() || !n.permissions.count({to.port, from})) {
      ++dropped_;  // no mapping, or filtered: the NAT drops it silently
      return;
    }
    carry(key, internal->second, from, std::move(data));
    return;
  }
  auto dest = hosts_.find(to.ip);
  if (dest == hosts_.end() || dest->second) {
    ++dropped_;  // nobody there, or a private address of some other LAN: unroutable
    return;
  }
  carry(key, to, from, std::move(data));
}

bool SimNetwork::chance(double probability) {
  return probability > 0 && static_cast<double>(random_.uniform(0, 9999)) < probability * 10000;
}

std::optional<Timestamp> SimNetwork::through_bottleneck(Direction& d, const Impairment& i,
                                                        std::size_t size) {
  if (i.rate_bits_per_second == 0) return now();
  // What is still waiting, in bytes: the time the bottleneck needs to send it, at its rate.
  const Timestamp start = std::max(now(), d.bottleneck_free_at);
  const auto waiting_us = static_cast<std::uint64_t>((start - now()).count());
  const std::uint64_t waiting_bytes = waiting_us * i.rate_bits_per_second / 8 / 1'000'000;
  if (waiting_bytes + size > i.queue_bytes) return std::nullopt;  // tail drop
  const auto sending_us = static_cast<Duration::rep>(size * 8 * 1'000'000 / i.rate_bits_per_second);
  d.bottleneck_free_at = start + Duration(sending_us);
  return d.bottleneck_free_at;
}

void SimNetwork::carry(const DirectionKey& key, const SocketAddress& to, const SocketAddress& from,
                       Bytes data) {
  if (down_.count(to.ip)) {
    ++dropped_;
    return;
  }
  Direction& d = direction_state(key);
  const Impairment& i = d.own ? *d.own : everywhere;
  const std::optional<Timestamp> left = through_bottleneck(d, i, data.size());
  if (!left) {
    ++dropped_;
    ++queue_drops_;
    return;
  }
  if (chance(i.loss)) {
    ++dropped_;
    return;
  }
  const int copies = chance(i.duplicate) ? 2 : 1;
  duplicated_ += static_cast<std::size_t>(copies - 1);
  for (int c = 0; c < copies; ++c) {
    Duration delay = i.delay + Duration(static_cast<Duration::rep>(random_.uniform(
                                   0, static_cast<std::uint64_t>(i.jitter.count()))));
    if (chance(i.reorder))
      delay += Duration(static_cast<Duration::rep>(
          random_.uniform(1, 3 * static_cast<std::uint64_t>(i.delay.count()))));
    in_flight_.push(InFlight{*left + delay, seq_++, Arrival{to, from, data}});
  }
}

std::optional<Timestamp> SimNetwork::next_arrival() const {
  if (in_flight_.empty()) return std::nullopt;
  return in_flight_.top().at;
}

std::optional<SimNetwork::Arrival> SimNetwork::pop_arrival() {
  if (in_flight_.empty() || in_flight_.top().at > now()) return std::nullopt;
  Arrival a = in_flight_.top().arrival;
  in_flight_.pop();
  ++delivered_;
  return a;
}

}  // namespace lucid::test
