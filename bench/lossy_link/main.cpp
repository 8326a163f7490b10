// lossy_link: two lucid peers (net::PeerHost) on real UDP sockets in two network namespaces,
// every packet between them through lucid-impair-relay (tests/impair): 20 ms each way (40 ms
// RTT) and the same loss each way, for loss 0, 1, 5, 10, 20 and 30%. For each it prints the
// time to connect, whether the mixed-size checksummed transfer (1 B to 256 KiB, a reliable
// ordered and a reliable unordered channel) arrived whole and, on the ordered channel, in
// order; the goodput (both channels' bytes over wall time, both channels open to the last
// message); and the final connection / ICE states. Needs root and /dev/net/tun.
//
//   build/bench/lossy_link/lossy_link [rounds=2] [seed=1] [losses in %, e.g. 0 10 30]
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "impair/impaired_path.h"
#include "impair/mixed_transfer.h"

using namespace lucid;
using namespace lucid::impair;

namespace {

const char* name(PeerConnectionState s) { return to_string(s); }

std::string channel(const ChannelOutcome& c) {
  char text[96];
  if (c.complete())
    std::snprintf(text, sizeof text, "%zu/%zu ok", c.intact, c.sent);
  else
    std::snprintf(text, sizeof text, "%zu/%zu (%zu bad, %zu misordered)", c.intact, c.sent,
                  c.corrupted, c.out_of_order);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (auto why = ImpairedPath::unavailable()) {
    std::fprintf(stderr, "lossy_link: %s\n", why->c_str());
    return 1;
  }
  TransferOptions transfer;
  transfer.rounds = argc > 1 ? std::atoi(argv[1]) : 2;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  std::vector<double> losses;
  for (int i = 3; i < argc; ++i) losses.push_back(std::atof(argv[i]));
  if (losses.empty()) losses = {0, 1, 5, 10, 20, 30};

  std::printf("lucid <-> lucid over TUN + lucid-impair-relay, 20 ms each way (40 ms RTT), the "
              "same loss each way, seed %llu\n",
              static_cast<unsigned long long>(seed));
  std::printf("each channel: %d x %zu messages of 1 B .. 256 KiB (%zu KiB per round), "
              "reliable ordered + reliable unordered\n\n",
              transfer.rounds, messages_per_round(), bytes_per_round() / 1024);
  std::printf("%5s | %10s | %-24s | %-24s | %9s | %8s | %s\n", "loss", "connect", "ordered",
              "unordered", "transfer", "goodput", "final state a / b (ice a / b)");
  std::printf("------+------------+--------------------------+--------------------------+-----------+----------+------------------------------\n");
  int failures = 0;
  for (double loss : losses) {
    PathOptions options;
    for (Impairment* im : {&options.a_to_b, &options.b_to_a}) {
      im->delay = std::chrono::milliseconds(20);
      im->loss = loss / 100;
    }
    options.seed = seed;
    ImpairedPath path(options);
    const TransferOutcome out = run_mixed_transfer(path, transfer);
    char connect[32], took[32], goodput[32];
    std::snprintf(connect, sizeof connect, out.connected ? "%.0f ms" : "no (%.0f ms)",
                  out.connect_ms);
    std::snprintf(took, sizeof took, out.stopped.empty() ? "%.2f s" : "-", out.transfer_s);
    std::snprintf(goodput, sizeof goodput, out.stopped.empty() ? "%.0f KB/s" : "-",
                  out.goodput_bytes_per_s / 1e3);
    std::printf("%4.0f%% | %10s | %-24s | %-24s | %9s | %8s | %s / %s (%s / %s)%s%s\n", loss,
                connect, channel(out.ordered).c_str(), channel(out.unordered).c_str(), took,
                goodput, name(out.state_a), name(out.state_b), to_string(out.ice_a),
                to_string(out.ice_b), out.stopped.empty() ? "" : "  ", out.stopped.c_str());
    std::fflush(stdout);
    if (!out.ok()) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
