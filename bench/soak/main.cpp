// soak: connect / open / send / close cycles of two PeerConnections in one process, on the
// simulated network and the fake clock (tests/peer/two_peers.h), printing the resident set
// size (VmRSS in /proc/self/status) every 100 cycles. Something a connection leaves behind
// (a buffer, a usrsctp socket, an OpenSSL object) shows here as RSS that keeps growing.
//
//   build/bench/soak/soak [cycles=1000]
//
// One cycle: a creates a channel and offers; b answers; ICE, DTLS, SCTP and DCEP bring the
// channel up on both sides; a sends a message and b answers it; a closes the channel and both
// sides see it closed; both connections close and are destroyed. The program stops with exit
// status 1 at the first cycle that does not get through. ctest runs 100 cycles (the sanitizer
// build's LeakSanitizer then fails the run if anything is still allocated at exit).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <variant>

// two_peers.h is written for Catch2 tests; this is a plain program, so REQUIRE (which only
// trickled candidates use) stops it.
#define REQUIRE(condition) ((condition) ? void() : std::abort())
#include "peer/two_peers.h"

using namespace lucid;

namespace {

// VmRSS from /proc/self/status, in kB (0 if it cannot be read).
long resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return 0;
}

// One cycle; nullptr if it got through, else the step that did not.
const char* one_cycle(int n) {
  testing::TwoPeers p;
  std::shared_ptr<DataChannel> at_a = p.a.create_data_channel("soak");
  std::shared_ptr<DataChannel> at_b;
  std::string received_by_a, received_by_b;
  p.on_event = [&](PeerConnection& from, const PeerConnectionEvent& e) {
    if (auto* d = std::get_if<DataChannelEvent>(&e)) at_b = d->channel;
    if (auto* m = std::get_if<DataChannelMessageEvent>(&e))
      (&from == &p.a ? received_by_a : received_by_b) = m->message.text();
  };
  const auto open = [](const std::shared_ptr<DataChannel>& c) {
    return c && c->ready_state() == DataChannelState::Open;
  };
  const auto closed = [](const std::shared_ptr<DataChannel>& c) {
    return c && c->ready_state() == DataChannelState::Closed;
  };

  if (!p.exchange_descriptions()) return "offer/answer";
  if (!p.run_until([&] { return open(at_a) && open(at_b); })) return "open";
  const std::string ping = "ping " + std::to_string(n);
  at_a->send(ping);
  if (!p.run_until([&] { return received_by_b == ping; })) return "a to b";
  at_b->send("pong");
  if (!p.run_until([&] { return received_by_a == "pong"; })) return "b to a";
  at_a->close();
  if (!p.run_until([&] { return closed(at_a) && closed(at_b); })) return "close";
  p.a.close();
  p.b.close();
  p.settle();
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  const int cycles = argc > 1 ? std::atoi(argv[1]) : 1000;
  using Clock = std::chrono::steady_clock;
  std::printf("soak: %d cycles of connect / open / send / close, two PeerConnections in memory\n",
              cycles);
  std::printf("  after %4d cycles  VmRSS %7ld kB\n", 0, resident_kb());
  Clock::time_point start = Clock::now();
  for (int n = 1; n <= cycles; ++n) {
    if (const char* failed = one_cycle(n)) {
      std::printf("cycle %d did not get through: %s\n", n, failed);
      return 1;
    }
    if (n == 1) std::printf("  after %4d cycle   VmRSS %7ld kB\n", n, resident_kb());
    if (n % 100 == 0 || n == cycles) {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      std::printf("  after %4d cycles  VmRSS %7ld kB  (%.1f ms a cycle)\n", n, resident_kb(),
                  ms / (n % 100 == 0 ? 100 : n % 100));
      std::fflush(stdout);
      start = Clock::now();
    }
  }
  return 0;
}
