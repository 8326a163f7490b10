// cross_thread_calls: what the threading promise of net/peer_host.h costs. A call made on an
// application thread is handed to the loop thread (EventLoop::invoke) and waits for it; a call
// made on the loop thread runs at once. Measured three ways:
//
//   1. EventLoop::invoke with an empty task, from another thread: the bare round trip
//      (post, eventfd wake-up, poll() returning, the task, the condition variable back);
//   2. DataChannel::send of small messages from the loop thread (inside a callback);
//   3. the same sends from an application thread, each one a round trip to the loop thread.
//
// Two lucid peers over real UDP on 127.0.0.1, one reliable ordered channel. Prints; asserts
// nothing.
//
//   build/bench/cross_thread_calls/cross_thread_calls [messages=20000] [size=100]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "net/peer_host.h"

using namespace lucid;
using Clock = std::chrono::steady_clock;

namespace {

net::PeerHostOptions loopback() {
  net::PeerHostOptions o;
  o.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  return o;
}

double microseconds_each(Clock::duration total, std::size_t count) {
  return std::chrono::duration<double, std::micro>(total).count() / static_cast<double>(count);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  const std::size_t size = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 100;

  net::EventLoop loop;
  std::atomic<bool> loop_running{false};
  loop.post([&] { loop_running = true; });
  std::thread loop_thread([&] { loop.run(); });
  while (!loop_running) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  // 1. The bare round trip.
  auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) loop.invoke([] {});
  const double invoke_us = microseconds_each(Clock::now() - start, count);

  // Two peers, set up from this (application) thread.
  net::PeerHost a(loop, {}, loopback());
  net::PeerHost b(loop, {}, loopback());
  std::atomic<std::size_t> received{0};
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> c) {
    c->on_message = [&](const MessageEvent&) { ++received; };
  };
  auto channel = a.create_data_channel("small");
  auto wait_for = [](auto done, int seconds) {
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (!done() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return done();
  };
  auto gathered = [](const net::PeerHost& h) {
    return h.ice_gathering_state() == IceGatheringState::Complete;
  };
  a.set_local_description(a.create_offer());
  wait_for([&] { return gathered(a); }, 5);
  (void)b.set_remote_description(*a.local_description());
  b.set_local_description(b.create_answer());
  wait_for([&] { return gathered(b); }, 5);
  (void)a.set_remote_description(*b.local_description());
  if (!wait_for([&] { return channel->ready_state() == DataChannelState::Open; }, 10)) {
    std::printf("the channel did not open\n");
    loop.stop();
    loop_thread.join();
    return 1;
  }

  const std::string message(size, 'x');
  // 2. From the loop thread: one task that sends them all, each send running at once.
  start = Clock::now();
  loop.invoke([&] {
    for (std::size_t i = 0; i < count; ++i) channel->send(message);
  });
  const double on_loop_us = microseconds_each(Clock::now() - start, count);
  wait_for([&] { return received == count; }, 60);

  // 3. From this thread: every send a round trip to the loop thread.
  start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) channel->send(message);
  const double cross_us = microseconds_each(Clock::now() - start, count);
  const bool all_arrived = wait_for([&] { return received == 2 * count; }, 60);

  std::printf("cross-thread calls, %zu calls, %zu-byte messages, two peers on 127.0.0.1\n", count,
              size);
  std::printf("  EventLoop::invoke, empty task, from another thread: %6.1f us per call\n",
              invoke_us);
  std::printf("  DataChannel::send on the loop thread:                %6.1f us per call\n",
              on_loop_us);
  std::printf("  DataChannel::send from an application thread:        %6.1f us per call\n",
              cross_us);
  std::printf("  messages received: %zu of %zu\n", received.load(), 2 * count);

  a.close();
  b.close();
  loop.stop();
  loop_thread.join();
  return all_arrived ? 0 : 1;
}
