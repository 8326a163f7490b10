// Two sctp::Associations on the simulated network (support/sim_network.h): the client at
// 192.0.2.1:5000 and the server at 192.0.2.2:5000, 5 ms apart, with whatever impairment the test
// gives the wire. A seed names the run as far as lucid and the network are concerned (usrsctp
// still draws its own verification tags).
//
// The network's clock is also the fake gettimeofday() (support/fake_wall_clock.h) that usrsctp
// reads for RTT samples and to choose which chunks a T3-rtx timeout resends.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/time.h"
#include "sctp/association.h"
#include "support/sim_network.h"

namespace lucid::sctp::test {

using lucid::test::Impairment;
using lucid::test::SimNetwork;

// A wire that loses `loss` of the packets and does nothing else to them.
inline Impairment lossy(double loss) {
  Impairment wire;
  wire.loss = loss;
  return wire;
}

struct Side {
  std::unique_ptr<Association> association;
  SocketAddress address;
  std::vector<Event> events;  // everything poll_event() gave, in order

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
  template <typename T>
  std::size_t count() const {
    return all<T>().size();
  }
};

class TwoAssociations {
 public:
  // usrsctp's one clock (UsrsctpLibrary) serves every association in the process and never goes
  // back, so by default a run starts where the last one stopped (SimClock::after_last_run).
  explicit TwoAssociations(Impairment wire = {}, std::uint64_t seed = 1,
                           AssociationConfig client = client_config(),
                           AssociationConfig server = server_config(),
                           lucid::test::SimClock clock = lucid::test::SimClock::after_last_run());

  static AssociationConfig client_config();
  static AssociationConfig server_config();

  SimNetwork net;  // change net.everywhere to change the wire mid-test

  Association& client() { return *client_.association; }
  Association& server() { return *server_.association; }
  Side& client_side() { return client_; }
  Side& server_side() { return server_; }
  Timestamp now() const { return net.now(); }

  // Moves packets, events and time until `done()` holds or `limit` of fake time has passed.
  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(120));
  // Runs both sides for `span` of fake time.
  void run_for(Duration span);
  // Brings both associations up (asserts nothing; returns whether they are).
  bool connect();

 private:
  void step();
  void collect(Side& from, const Side& to);

  Side client_;
  Side server_;
};

}  // namespace lucid::sctp::test
