// data_channel_throughput: two lucid peers (net::PeerHost) in one process over real UDP on
// 127.0.0.1, one reliable ordered channel, 64 KiB messages one way. The whole stack is on the
// path: DataChannel, usrsctp, DTLS (AES-GCM), ICE's selected pair, the kernel's loopback.
//
// The sender keeps bufferedAmount between a low threshold and a high mark, refilling on
// bufferedamountlow, as a browser application would. It prints the transfer rate (wall clock,
// first send to last message received) and the process CPU time (both peers and the loop run on
// this one thread, so CPU time is the cost of sending and receiving together).
//
//   build/bench/data_channel_throughput/data_channel_throughput [megabytes=256] [size=65536]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "net/peer_host.h"

using namespace lucid;

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

net::PeerHostOptions loopback() {
  net::PeerHostOptions o;
  o.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256;
  const std::size_t size = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 65536;
  const std::size_t count = megabytes * 1024 * 1024 / size;
  constexpr std::size_t kHigh = 1024 * 1024, kLow = 256 * 1024;

  net::EventLoop loop;
  net::PeerHost a(loop, {}, loopback());
  net::PeerHost b(loop, {}, loopback());
  auto channel = a.create_data_channel("bulk");

  std::size_t sent = 0, received = 0, received_bytes = 0;
  const Bytes message(size, 0x5a);
  auto fill = [&] {
    while (sent < count && channel->buffered_amount() < kHigh) {
      channel->send(message);
      ++sent;
    }
  };
  std::chrono::steady_clock::time_point start, end;
  double cpu_start = 0, cpu_end = 0;
  channel->set_buffered_amount_low_threshold(kLow);
  channel->on_buffered_amount_low = fill;
  channel->on_open = [&] {
    start = std::chrono::steady_clock::now();
    cpu_start = cpu_seconds();
    fill();
  };
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> c) {
    c->on_message = [&](const MessageEvent& m) {
      ++received;
      received_bytes += m.binary().size();
      if (received == count) {
        end = std::chrono::steady_clock::now();
        cpu_end = cpu_seconds();
      }
    };
  };

  auto gathered = [](const net::PeerHost& h) {
    return h.connection().ice_gathering_state() == IceGatheringState::Complete;
  };
  a.set_local_description(a.create_offer());
  loop.run_until([&] { return gathered(a); }, std::chrono::seconds(5));
  (void)b.set_remote_description(*a.connection().local_description());
  b.set_local_description(b.create_answer());
  loop.run_until([&] { return gathered(b); }, std::chrono::seconds(5));
  (void)a.set_remote_description(*b.connection().local_description());
  if (!loop.run_until([&] { return received == count; }, std::chrono::seconds(300))) {
    std::printf("did not finish: %zu of %zu messages received\n", received, count);
    return 1;
  }
  const double seconds = std::chrono::duration<double>(end - start).count();
  const double mb = static_cast<double>(received_bytes) / 1e6;
  std::printf("data channel, reliable ordered, %zu messages of %zu bytes over UDP on 127.0.0.1\n",
              count, size);
  std::printf("  %.1f MB in %.2f s wall: %.1f MB/s\n", mb, seconds, mb / seconds);
  std::printf("  CPU time (both peers, one thread): %.2f s, %.1f ms per MB\n", cpu_end - cpu_start,
              (cpu_end - cpu_start) * 1000 / mb);
  return 0;
}
