#include "support/fake_network.h"

namespace lucid::test {

int FakeNetwork::add_nat(const IpAddress& public_ip, NatMapping mapping) {
  nats_.push_back(Nat{public_ip, mapping, {}, {}, {}, 40000});
  return static_cast<int>(nats_.size()) - 1;
}

void FakeNetwork::add_host(const IpAddress& ip, std::optional<int> nat) { hosts_[ip] = nat; }

void FakeNetwork::add_stun_server(const SocketAddress& address, StunServer server) {
  stun_servers_[address] = std::move(server);
}

void FakeNetwork::set_down(const IpAddress& ip, bool down) {
  if (down)
    down_.insert(ip);
  else
    down_.erase(ip);
}

std::optional<int> FakeNetwork::nat_of_public(const IpAddress& ip) const {
  for (std::size_t i = 0; i < nats_.size(); ++i)
    if (nats_[i].public_ip == ip) return static_cast<int>(i);
  return std::nullopt;
}

void FakeNetwork::send(const SocketAddress& from, const SocketAddress& to, Bytes data,
                       Timestamp now) {
  ++sent_;
  auto host = hosts_.find(from.ip);
  if (host == hosts_.end() || down_.count(from.ip)) {
    ++dropped_;
    return;
  }
  const std::optional<int> nat = host->second;
  // Same LAN (or both on the open internet): no NAT in between.
  auto dest = hosts_.find(to.ip);
  if (dest != hosts_.end() && dest->second == nat) {
    deliver(to, from, std::move(data), now);
    return;
  }
  if (!nat) {
    route_public(from, to, std::move(data), now);
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
  route_public(SocketAddress{n.public_ip, port}, to, std::move(data), now);
}

void FakeNetwork::route_public(const SocketAddress& from, const SocketAddress& to, Bytes data,
                               Timestamp now) {
  if (auto server = stun_servers_.find(to); server != stun_servers_.end()) {
    if (auto reply = server->second(data, from)) route_public(to, from, std::move(*reply), now);
    return;
  }
  if (auto nat = nat_of_public(to.ip)) {
    Nat& n = nats_[static_cast<std::size_t>(*nat)];
    auto internal = n.internal_of.find(to.port);
    if (internal == n.internal_of.end() || !n.permissions.count({to.port, from})) {
      ++dropped_;  // no mapping, or filtered: the NAT drops it silently
      return;
    }
    deliver(internal->second, from, std::move(data), now);
    return;
  }
  auto dest = hosts_.find(to.ip);
  if (dest == hosts_.end() || dest->second) {
    ++dropped_;  // nobody there, or a private address of some other LAN: unroutable
    return;
  }
  deliver(to, from, std::move(data), now);
}

void FakeNetwork::deliver(const SocketAddress& to, const SocketAddress& from, Bytes data,
                          Timestamp now) {
  if (down_.count(to.ip) ||
      (loss > 0 && static_cast<double>(random_.uniform(0, 9999)) < loss * 10000)) {
    ++dropped_;
    return;
  }
  const int copies =
      (duplicate > 0 && static_cast<double>(random_.uniform(0, 9999)) < duplicate * 10000) ? 2 : 1;
  for (int i = 0; i < copies; ++i) {
    const auto spread = static_cast<std::uint64_t>((max_delay - min_delay).count());
    const Duration delay =
        min_delay + Duration(static_cast<Duration::rep>(random_.uniform(0, spread)));
    in_flight_.push(InFlight{now + delay, seq_++, Arrival{to, from, data}});
  }
}

std::optional<Timestamp> FakeNetwork::next_arrival() const {
  if (in_flight_.empty()) return std::nullopt;
  return in_flight_.top().at;
}

std::optional<FakeNetwork::Arrival> FakeNetwork::pop_arrival(Timestamp now) {
  if (in_flight_.empty() || in_flight_.top().at > now) return std::nullopt;
  Arrival a = in_flight_.top().arrival;
  in_flight_.pop();
  return a;
}

}  // namespace lucid::test
