// The demo's closing tables: where the time went, phase by phase, and where the bytes went,
// layer by layer.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "net/peer_host.h"

namespace lucid::demo {

// One phase of the session: from `start` to `end`, measured from the demo's start.
struct Phase {
  std::string name;
  std::chrono::microseconds start{};
  std::chrono::microseconds end{};
};

void print_phases(const std::vector<Phase>& phases);
// UDP payload bytes each peer sent, by layer (net/traffic.h).
void print_bytes(const net::PeerHost& alice, const net::PeerHost& bob);
// What getStats reports for one peer.
void print_stats(const std::string& name, const net::PeerHost& host);

}  // namespace lucid::demo
