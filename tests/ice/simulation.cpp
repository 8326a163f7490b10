#include "ice/simulation.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "common/trace.h"
#include "stun/binding_responder.h"

namespace lucid::test {

Simulation::~Simulation() {
  if (own_sink_) trace::reset_sink();
}

void Simulation::print_trace_with_time() {
  own_sink_ = true;
  trace::set_sink([this](std::string_view layer, std::string_view line) {
    std::fprintf(stderr, "%6lld ms [%.*s] %.*s\n", static_cast<long long>(to_ms(now())),
                 static_cast<int>(layer.size()), layer.data(), static_cast<int>(line.size()),
                 line.data());
  });
}

bool Peer::reached(ice::AgentState s) const {
  return std::find(states.begin(), states.end(), s) != states.end();
}

void Simulation::add_stun_server(const SocketAddress& address) {
  auto responder = std::make_shared<stun::BindingResponder>();
  net.add_stun_server(address, [responder](BytesView request, const SocketAddress& seen_from) {
    return responder->handle(request, seen_from).reply;
  });
}

Peer& Simulation::add_peer(std::string name, ice::AgentConfig config,
                           std::vector<SocketAddress> sockets) {
  auto p = std::make_unique<Peer>();
  if (config.name.empty()) config.name = name;
  p->name = std::move(name);
  p->agent = std::make_unique<ice::Agent>(std::move(config), random);
  p->sockets = std::move(sockets);
  for (const auto& s : p->sockets) p->agent->add_local_interface_address(s, now());
  peers_.push_back(std::move(p));
  return *peers_.back();
}

void Simulation::partner(Peer& a, Peer& b) {
  a.partner = &b;
  b.partner = &a;
}

void Simulation::set_remote_credentials(Peer& to, const Peer& from) {
  to.agent->set_remote_credentials(from.agent->local_credentials(), now());
  flush();
}

void Simulation::exchange_credentials(Peer& a, Peer& b) {
  set_remote_credentials(a, b);
  set_remote_credentials(b, a);
}

void Simulation::gather(Peer& p) {
  p.agent->gather(now());
  flush();
}

void Simulation::signal(Peer& from, const ice::Event& e) {
  if (!from.partner) return;
  if (from.hold_signalling) {
    from.held.push_back(e);
    return;
  }
  if (auto* c = std::get_if<ice::LocalCandidateEvent>(&e))
    from.partner->agent->add_remote_candidate(c->candidate, now());
  else if (auto* g = std::get_if<ice::GatheringStateEvent>(&e);
           g && g->state == ice::GatheringState::Complete)
    from.partner->agent->end_of_remote_candidates(now());
}

void Simulation::release_signalling(Peer& from) {
  from.hold_signalling = false;
  auto held = std::move(from.held);
  from.held.clear();
  for (const auto& e : held) signal(from, e);
  flush();
}

void Simulation::on_event(Peer& p, ice::Event e) {
  if (auto* s = std::get_if<ice::StateChangeEvent>(&e)) {
    p.states.push_back(s->state);
    p.state_reasons.push_back(s->reason);
  } else if (auto* c = std::get_if<ice::LocalCandidateEvent>(&e)) {
    p.local_candidates.push_back(c->candidate);
    signal(p, e);
  } else if (auto* g = std::get_if<ice::GatheringStateEvent>(&e)) {
    if (g->state == ice::GatheringState::Complete) p.gathering_complete = true;
    signal(p, e);
  } else if (auto* sel = std::get_if<ice::SelectedPairEvent>(&e)) {
    p.selections.push_back(*sel);
  }
}

void Simulation::flush() {
  // Events may make the partner act (signalling), which may produce more: loop until quiet.
  bool progress = true;
  while (progress) {
    progress = false;
    for (auto& p : peers_) {
      while (auto t = p->agent->poll_transmit()) {
        progress = true;
        if (lose && lose(*t)) {
          ++lost_by_test;
          continue;
        }
        net.send(t->local, t->remote, std::move(t->data));
      }
      while (auto e = p->agent->poll_event()) {
        on_event(*p, std::move(*e));
        progress = true;
      }
    }
  }
}

void Simulation::deliver(SimNetwork::Arrival a) {
  for (auto& p : peers_) {
    if (std::find(p->sockets.begin(), p->sockets.end(), a.to) == p->sockets.end()) continue;
    // Every datagram enters through the agent; what it hands up is for the layers above (here:
    // a list the test reads).
    const Datagram datagram{a.to, a.from, std::move(a.data)};
    if (auto payload = p->agent->handle_input(datagram, now()))
      p->received_data.emplace_back(payload->data.begin(), payload->data.end());
    return;
  }
}

bool Simulation::run_until(const std::function<bool()>& done, Duration limit) {
  const Timestamp deadline = now() + limit;
  flush();
  // A guard against an agent that asks for the same past time forever: no real run needs this
  // many steps, so hitting it is a bug worth a loud failure.
  for (int steps = 0; steps < 2'000'000; ++steps) {
    if (done()) return true;
    std::optional<Timestamp> next = net.next_arrival();
    for (auto& p : peers_)
      if (auto t = p->agent->poll_timeout(); t && (!next || *t < *next)) next = t;
    if (!next || *next > deadline) {
      net.advance_to(deadline);
      return done();
    }
    net.advance_to(*next);
    while (auto a = net.pop_arrival()) deliver(std::move(*a));
    for (auto& p : peers_)
      if (auto t = p->agent->poll_timeout(); t && *t <= now()) p->agent->handle_timeout(now());
    flush();
  }
  throw std::runtime_error(
      "simulation made no progress: an agent keeps asking for a timeout in the past");
}

}  // namespace lucid::test
