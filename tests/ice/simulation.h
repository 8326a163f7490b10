// Runs ICE agents against each other on the simulated network (support/sim_network.h), the sans-IO way: drain
// each agent's transmits into the network, move time to the next arrival or timer, deliver,
// repeat. Signalling (candidates, end-of-candidates) is carried between two partner peers
// instantly, or held back until the test releases it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/random.h"
#include "ice/agent.h"
#include "support/sim_network.h"

namespace lucid::test {

struct Peer {
  std::string name;
  std::unique_ptr<ice::Agent> agent;
  std::vector<SocketAddress> sockets;
  Peer* partner = nullptr;
  // While true, signalling from this peer is queued in `held` instead of delivered.
  bool hold_signalling = false;
  std::vector<ice::Event> held;
  // Everything observed, for assertions.
  std::vector<ice::AgentState> states;
  std::vector<std::string> state_reasons;
  std::vector<ice::Candidate> local_candidates;
  std::vector<ice::SelectedPairEvent> selections;
  bool gathering_complete = false;
  // Non-STUN datagrams that arrived (the RFC 7983 demultiplexing a real caller does).
  std::vector<Bytes> received_data;

  bool reached(ice::AgentState s) const;
};

class Simulation {
 public:
  explicit Simulation(std::uint64_t seed) : net(seed), random(seed * 7919 + 1) {}

  SimNetwork net;  // and its clock
  SeededRandom random;
  Timestamp now() const { return net.now(); }

  // A STUN server (lucid's own Binding responder) at `address` on the open internet.
  void add_stun_server(const SocketAddress& address);
  // A peer with one agent and a bound socket per address (hosts must exist in `net`).
  Peer& add_peer(std::string name, ice::AgentConfig config, std::vector<SocketAddress> sockets);
  // Makes a and b signal to each other: candidates and end-of-candidates flow automatically.
  static void partner(Peer& a, Peer& b);
  // Gives each side the other's ufrag/pwd (the SDP offer/answer, as far as ICE cares).
  void exchange_credentials(Peer& a, Peer& b);
  void set_remote_credentials(Peer& to, const Peer& from);
  // Delivers what `from` held back (hold_signalling) to its partner.
  void release_signalling(Peer& from);
  // Starts gathering on a peer's agent.
  void gather(Peer& p);

  // Prints every enabled trace line to stderr with the fake time in front, as in
  // "  1050 ms [ice] a: ...". Call it when LUCID_TRACE is set to see a run; the destructor
  // restores the default sink.
  void print_trace_with_time();
  ~Simulation();

  // A test's own impairment, applied before `net` sees a datagram: returns true to lose it. For
  // what `net` cannot do alone: one direction only, or only one kind of packet.
  std::function<bool(const Datagram&)> lose;
  std::size_t lost_by_test = 0;

  // Runs until `done` holds or `limit` of fake time passes; returns whether `done` holds.
  bool run_until(const std::function<bool()>& done, Duration limit);
  void run_for(Duration d) {
    run_until([] { return false; }, d);
  }

  // Moves every transmit into the network and every event into its peer; public so a test that
  // pokes an agent directly can flush afterwards.
  void flush();

 private:
  void on_event(Peer& p, ice::Event e);
  void signal(Peer& from, const ice::Event& e);
  void deliver(SimNetwork::Arrival a);

  std::vector<std::unique_ptr<Peer>> peers_;
  bool own_sink_ = false;
};

}  // namespace lucid::test
