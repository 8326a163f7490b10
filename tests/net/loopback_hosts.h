// What the PeerHost tests share: hosts bound to 127.0.0.1 only, configurations with a name, and
// the non-trickle offer/answer between two hosts.
#pragma once

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "net/peer_host.h"

namespace lucid::testing {

inline net::PeerHostOptions loopback_only() {
  net::PeerHostOptions o;
  o.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  return o;
}

inline PeerConnectionConfiguration named(std::string name,
                                         std::vector<std::string> ice_servers = {}) {
  PeerConnectionConfiguration c;
  c.name = std::move(name);
  c.ice_servers = std::move(ice_servers);
  return c;
}

inline bool gathered(const net::PeerHost& h) {
  return h.ice_gathering_state() == IceGatheringState::Complete;
}

// Runs until `done()` holds, or gives up: false. On the test's own thread that is
// loop.run_until; with a loop thread running, polling from the test's thread.
using WaitUntil = std::function<bool(const std::function<bool()>& done)>;

// Non-trickle offer/answer, the tutorial's way: each description goes over once gathering is
// complete, so it carries every candidate.
inline void exchange_descriptions(net::PeerHost& offerer, net::PeerHost& answerer,
                                  const WaitUntil& wait_until) {
  offerer.set_local_description(offerer.create_offer());
  REQUIRE(wait_until([&] { return gathered(offerer); }));
  REQUIRE(answerer.set_remote_description(*offerer.local_description()).ok());
  answerer.set_local_description(answerer.create_answer());
  REQUIRE(wait_until([&] { return gathered(answerer); }));
  REQUIRE(offerer.set_remote_description(*answerer.local_description()).ok());
}

// The WaitUntil for a test that runs `loop` on its own thread.
inline WaitUntil running(net::EventLoop& loop) {
  return [&loop](const std::function<bool()>& done) {
    return loop.run_until(done, std::chrono::seconds(5));
  };
}

}  // namespace lucid::testing
