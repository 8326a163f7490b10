// sim_path: what a data channel carries on a path of a given delay and loss when the CPU is
// taken out of the picture. Two PeerConnections on the simulated network (tests/support), whose
// clock moves only when something is due, so the figures are the protocols' own: the seconds
// are simulated seconds, the same on any machine, and a seed names the run.
//
// The sender keeps bufferedAmount between a low and a high mark (refilling on
// bufferedamountlow, as a browser application would) and sends 64 KiB reliable ordered messages.
// While it sends, usrsctp's view of the association is sampled every 50 ms (getStats'
// RTCSctpTransportStats): the congestion window, the peer's receive window and the DATA chunks
// in flight. The smaller window is what caps the data in flight, and goodput ≈ in flight / RTT.
//
//   sim_path                  every path of the table, 16 MiB each
//   sim_path --mib 4          less data per path
//   sim_path --high 4096      the sender's high mark in KiB (default 1024)
//
// Printed, never asserted (bench/CMakeLists.txt).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "peer/peer_connection.h"
#include "peer/two_peers.h"

using namespace lucid;
using lucid::testing::named;
using lucid::testing::TwoPeers;

namespace {

struct Path {
  int one_way_ms;
  double loss;
};

struct Transfer {
  bool complete = false;
  double seconds = 0;  // simulated, first send to last byte received
  double mb_per_second = 0;
  std::uint32_t max_cwnd = 0, min_rwnd = UINT32_MAX, max_unacked = 0;
  double mean_cwnd = 0, mean_rwnd = 0;
  std::uint32_t mtu = 0;
};

constexpr std::size_t kMessage = 64 * 1024;

Transfer run(const Path& path, std::size_t total, std::size_t high, std::uint64_t seed) {
  TwoPeers p(named("a"), named("b"), seed);
  p.net.everywhere.delay = std::chrono::milliseconds(path.one_way_ms);
  p.net.everywhere.loss = path.loss;
  auto channel = p.a.create_data_channel("bulk");
  Transfer r;
  if (!p.exchange_descriptions() ||
      !p.run_until([&] { return channel->ready_state() == DataChannelState::Open; },
                   std::chrono::minutes(1)))
    return r;

  const std::size_t count = total / kMessage;
  std::size_t sent = 0, received_bytes = 0;
  const std::string payload(kMessage, 'x');
  auto fill = [&] {
    while (sent < count && channel->buffered_amount() < high) {
      channel->send(payload);
      ++sent;
    }
  };
  channel->set_buffered_amount_low_threshold(high / 4);
  p.on_event = [&](PeerConnection& from, const PeerConnectionEvent& e) {
    if (&from == &p.a && std::holds_alternative<BufferedAmountLowEvent>(e)) fill();
    if (auto* m = std::get_if<DataChannelMessageEvent>(&e); m && &from == &p.b)
      received_bytes += m->message.is_text() ? m->message.text().size() : m->message.binary().size();
  };

  const Timestamp start = p.now();
  fill();
  Timestamp next_sample = start;
  double cwnd_sum = 0, rwnd_sum = 0;
  int samples = 0;
  const Timestamp give_up = start + std::chrono::minutes(20);
  while (received_bytes < count * kMessage && p.now() < give_up) {
    if (!p.progress()) break;
    p.events_a.clear();  // the bench keeps no log
    p.events_b.clear();
    if (p.now() >= next_sample) {
      next_sample = p.now() + std::chrono::milliseconds(50);
      if (auto s = p.a.get_stats().sctp_transport) {
        r.max_cwnd = std::max(r.max_cwnd, s->congestion_window);
        r.min_rwnd = std::min(r.min_rwnd, s->receiver_window);
        r.max_unacked = std::max(r.max_unacked, s->unack_data);
        cwnd_sum += s->congestion_window;
        rwnd_sum += s->receiver_window;
        r.mtu = s->mtu;
        ++samples;
      }
    }
  }
  r.complete = received_bytes >= count * kMessage;
  r.seconds = std::chrono::duration<double>(p.now() - start).count();
  r.mb_per_second = static_cast<double>(received_bytes) / 1e6 / r.seconds;
  if (samples > 0) {
    r.mean_cwnd = cwnd_sum / samples;
    r.mean_rwnd = rwnd_sum / samples;
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mib = 16, high_kib = 1024;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mib") == 0 && i + 1 < argc) {
      mib = std::strtoul(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--high") == 0 && i + 1 < argc) {
      high_kib = std::strtoul(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: sim_path [--mib N] [--high KiB]\n");
      return 2;
    }
  }
  const Path paths[] = {{5, 0}, {20, 0}, {50, 0}, {20, 0.01}, {5, 0.01}};
  std::printf("sim_path: %zu MiB of 64 KiB reliable ordered messages per path, bufferedAmount "
              "kept between %zu and %zu KiB; simulated time, seed 1\n",
              mib, high_kib / 4, high_kib);
  std::printf("%-8s %-6s %10s %9s  %-28s %-28s %9s %5s\n", "one-way", "loss", "goodput", "time",
              "cwnd max / mean (KB)", "peer rwnd min / mean (KB)", "in flight", "mtu");
  for (const Path& path : paths) {
    const Transfer r = run(path, mib * 1024 * 1024, high_kib * 1024, 1);
    char cwnd[64], rwnd[64];
    std::snprintf(cwnd, sizeof cwnd, "%7.1f / %7.1f", r.max_cwnd / 1e3, r.mean_cwnd / 1e3);
    std::snprintf(rwnd, sizeof rwnd, "%7.1f / %7.1f", r.min_rwnd / 1e3, r.mean_rwnd / 1e3);
    std::printf("%5d ms %5.1f%% %7.2f MB/s %7.2f s  %-28s %-28s %5u chk %5u%s\n", path.one_way_ms,
                path.loss * 100, r.mb_per_second, r.seconds, cwnd, rwnd, r.max_unacked, r.mtu,
                r.complete ? "" : "  (incomplete)");
  }
  return 0;
}
