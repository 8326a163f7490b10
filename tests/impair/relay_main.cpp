// lucid-impair-relay: joins two network namespaces through two TUN devices and impairs what
// crosses, per direction (impairment.h): delay, jitter, rate, loss, reordering, duplication.
//
//   lucid-impair-relay --tun-a NAME --tun-b NAME [--a-to-b SPEC] [--b-to-a SPEC] [--seed N]
//   SPEC: delay=20ms,jitter=2ms,rate=50mbit,queue=200ms,loss=0.1,reorder=0.01,duplicate=0.01
//
// It creates both TUN devices in its own namespace and prints "ready" on stdout; the caller then
// moves each into a peer's namespace (ip link set NAME netns NS) and gives it an address. The
// relay runs until SIGTERM or until its stdin closes (its parent died), then prints what it did
// on stderr. Every packet of a run is impaired by the same seeded draws, so a run repeats.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "impair/impairment.h"
#include "impair/tun.h"

using namespace lucid;
using namespace lucid::impair;

namespace {

volatile sig_atomic_t stop = 0;
void on_signal(int) { stop = 1; }

Timestamp now() { return from_steady(std::chrono::steady_clock::now()); }

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "lucid-impair-relay: %s\nusage: lucid-impair-relay --tun-a NAME --tun-b NAME "
               "[--a-to-b SPEC] [--b-to-a SPEC] [--seed N]\n",
               why);
  std::exit(2);
}

Impairment parse_or_exit(const char* text) {
  auto parsed = Impairment::parse(text);
  if (!parsed) usage(parsed.error().message().c_str());
  return *parsed;
}

void report(const char* direction, const ImpairedLink& link) {
  const auto& c = link.counters();
  std::fprintf(stderr,
               "lucid-impair-relay: %s: %llu packets in, %llu out, %llu lost, %llu dropped by "
               "the rate queue, %llu reordered, %llu duplicated\n",
               direction, (unsigned long long)c.pushed, (unsigned long long)c.delivered,
               (unsigned long long)c.lost, (unsigned long long)c.queue_dropped,
               (unsigned long long)c.reordered, (unsigned long long)c.duplicated);
}

}  // namespace

int main(int argc, char** argv) {
  std::string tun_a, tun_b;
  Impairment a_to_b, b_to_a;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
    const char* value = argv[++i];
    if (arg == "--tun-a") tun_a = value;
    else if (arg == "--tun-b") tun_b = value;
    else if (arg == "--a-to-b") a_to_b = parse_or_exit(value);
    else if (arg == "--b-to-a") b_to_a = parse_or_exit(value);
    else if (arg == "--seed") seed = std::strtoull(value, nullptr, 10);
    else usage(("unknown option " + arg).c_str());
  }
  if (tun_a.empty() || tun_b.empty()) usage("both --tun-a and --tun-b are needed");

  struct sigaction action {};
  action.sa_handler = on_signal;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);

  try {
    TunDevice a(tun_a), b(tun_b);
    // Two seeds from one, so that the directions draw independently.
    ImpairedLink to_b(a_to_b, seed * 2 + 1), to_a(b_to_a, seed * 2 + 2);
    std::fprintf(stderr, "lucid-impair-relay: %s -> %s: %s\n", tun_a.c_str(), tun_b.c_str(),
                 a_to_b.to_string().c_str());
    std::fprintf(stderr, "lucid-impair-relay: %s -> %s: %s\n", tun_b.c_str(), tun_a.c_str(),
                 b_to_a.to_string().c_str());
    std::printf("ready\n");
    std::fflush(stdout);

    while (!stop) {
      // Sleep until a packet arrives, one is due, or stdin closes.
      int timeout_ms = 100;
      for (const ImpairedLink* link : {&to_b, &to_a})
        if (auto due = link->next_due()) {
          const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(*due - now());
          timeout_ms = std::min<int>(timeout_ms, static_cast<int>(std::max<long long>(
                                                     0, (wait.count() + 999) / 1000)));
        }
      pollfd fds[3] = {{a.fd(), POLLIN, 0}, {b.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
      if (::poll(fds, 3, timeout_ms) < 0 && errno != EINTR) break;
      if (fds[2].revents & (POLLIN | POLLHUP)) {
        char c;
        if (::read(STDIN_FILENO, &c, 1) <= 0) break;  // the parent is gone
      }
      const Timestamp t = now();
      while (auto packet = a.read()) to_b.push(std::move(*packet), t);
      while (auto packet = b.read()) to_a.push(std::move(*packet), t);
      while (auto packet = to_b.pop(now())) b.write(*packet);
      while (auto packet = to_a.pop(now())) a.write(*packet);
    }
    report((tun_a + " -> " + tun_b).c_str(), to_b);
    report((tun_b + " -> " + tun_a).c_str(), to_a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lucid-impair-relay: %s\n", e.what());
    return 1;
  }
  return 0;
}
