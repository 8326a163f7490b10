// sctp_throughput: how fast the SCTP layer alone (usrsctp plus lucid's queues and copies) moves
// data, with no DTLS, no UDP and no network: two associations in one process, every packet
// handed straight across, time moved on by hand.
//
// It sends `count` reliable ordered messages of `size` bytes one way and prints the process CPU
// time per megabyte. The network is perfect, so this is the cost of the layer, not a transfer
// rate anyone will see on a real path (for that, see the peer benchmarks).
//
//   build/bench/sctp_throughput/sctp_throughput [size=65536] [count=2000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "sctp/sctp.h"

using namespace lucid;
using namespace lucid::sctp;

namespace {
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}
}  // namespace

int main(int argc, char** argv) {
  const std::size_t size = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 65536;
  const int count = argc > 2 ? std::atoi(argv[2]) : 2000;

  Timestamp now = at_ms(0);
  AssociationConfig client_config;
  client_config.role = Role::Client;
  client_config.remote_max_message_size = 0;
  AssociationConfig server_config;
  server_config.role = Role::Server;
  server_config.local_max_message_size = 0;
  Association client(client_config, now);
  Association server(server_config, now);

  int received = 0;
  std::size_t bytes = 0;
  std::size_t packets = 0;
  auto step = [&] {
    now += std::chrono::milliseconds(1);
    while (auto p = client.poll_transmit()) {
      ++packets;
      server.handle_input(*p, now);
    }
    while (auto p = server.poll_transmit()) client.handle_input(*p, now);
    client.handle_timeout(now);
    server.handle_timeout(now);
    while (auto e = client.poll_event()) {
    }
    while (auto e = server.poll_event())
      if (auto* m = std::get_if<MessageReceived>(&*e)) {
        ++received;
        bytes += m->data.size();
      }
  };
  while (client.state() != AssociationState::Established ||
         server.state() != AssociationState::Established)
    step();
  ChannelInit init;
  init.label = "bench";
  const std::uint16_t id = client.create_channel(init);
  const Bytes message(size, 0x5a);

  const double cpu_start = cpu_seconds();
  const auto wall_start = std::chrono::steady_clock::now();
  const Timestamp fake_start = now;
  int sent = 0;
  while (received < count) {
    // Keep about 4 MB queued so usrsctp always has something to send.
    while (sent < count && client.channel(id)->buffered_amount() < 4 * 1024 * 1024) {
      client.send(id, message, MessageKind::Binary);
      ++sent;
    }
    step();
  }
  const double cpu = cpu_seconds() - cpu_start;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double megabytes = static_cast<double>(bytes) / 1e6;
  std::printf("%d messages of %zu bytes (%.1f MB) in %zu SCTP packets\n", count, size, megabytes,
              packets);
  std::printf("CPU %.2f s (%.0f MB per CPU second), wall %.2f s, fake time %.1f s\n", cpu,
              megabytes / cpu, wall,
              std::chrono::duration<double>(now - fake_start).count());
  return 0;
}
