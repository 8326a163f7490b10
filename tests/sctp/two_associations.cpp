#include "two_associations.h"

#include <algorithm>

namespace lucid::sctp::test {

AssociationConfig TwoAssociations::client_config() {
  AssociationConfig c;
  c.role = Role::Client;
  c.remote_max_message_size = 262144;
  return c;
}

AssociationConfig TwoAssociations::server_config() {
  AssociationConfig c;
  c.role = Role::Server;
  c.remote_max_message_size = 262144;
  return c;
}

TwoAssociations::TwoAssociations(Impairment wire, std::uint64_t seed, AssociationConfig client,
                                 AssociationConfig server, lucid::test::SimClock clock)
    : net(seed, clock) {
  client_.address = *SocketAddress::parse("192.0.2.1:5000");
  server_.address = *SocketAddress::parse("192.0.2.2:5000");
  net.add_host(client_.address.ip);
  net.add_host(server_.address.ip);
  net.everywhere = wire;
  client_.association = std::make_unique<Association>(client, now());
  server_.association = std::make_unique<Association>(server, now());
}

void TwoAssociations::collect(Side& from, const Side& to) {
  while (auto packet = from.association->poll_transmit())
    net.send(from.address, to.address, std::move(*packet));
  while (auto event = from.association->poll_event()) from.events.push_back(std::move(*event));
}

void TwoAssociations::step() {
  collect(client_, server_);
  collect(server_, client_);

  Timestamp next = now() + std::chrono::seconds(1);
  if (auto t = net.next_arrival()) next = std::min(next, *t);
  for (Side* side : {&client_, &server_})
    if (auto t = side->association->poll_timeout()) next = std::min(next, *t);
  net.advance_to(next);

  while (auto p = net.pop_arrival())
    (p->to == server_.address ? server() : client()).handle_input(p->data, now());

  for (Side* side : {&client_, &server_})
    if (auto t = side->association->poll_timeout(); t && *t <= now())
      side->association->handle_timeout(now());
  collect(client_, server_);
  collect(server_, client_);
}

bool TwoAssociations::run_until(const std::function<bool()>& done, Duration limit) {
  const Timestamp end = now() + limit;
  while (!done()) {
    if (now() >= end) return false;
    step();
  }
  return true;
}

void TwoAssociations::run_for(Duration span) {
  const Timestamp end = now() + span;
  while (now() < end) step();
}

bool TwoAssociations::connect() {
  return run_until([&] {
    return client().state() == AssociationState::Established &&
           server().state() == AssociationState::Established;
  });
}

}  // namespace lucid::sctp::test
