// The threading promise of net/peer_host.h, over real UDP on 127.0.0.1: one thread runs the
// event loop; the application calls the API from its own threads; every callback runs on the
// loop thread.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "loopback_hosts.h"
#include "net/peer_host.h"

using namespace lucid;
using namespace lucid::net;
using namespace lucid::testing;

namespace {

// Runs an EventLoop on its own thread, as an application would, from construction to
// destruction.
class LoopThread {
 public:
  LoopThread() {
    std::atomic<bool> running{false};
    loop.post([&] {
      id = std::this_thread::get_id();
      running = true;
    });
    thread_ = std::thread([this] { loop.run(); });
    while (!running) std::this_thread::sleep_for(1ms);
  }
  ~LoopThread() {
    loop.stop();
    thread_.join();
  }

  EventLoop loop;
  std::thread::id id;

 private:
  std::thread thread_;
};

// What the callbacks saw, written on the loop thread and read on the test's thread.
struct Seen {
  std::mutex mutex;
  std::condition_variable changed;
  std::set<std::thread::id> callback_threads;
  std::vector<std::string> messages_at_b;
  std::shared_ptr<net::HostedDataChannel> remote_at_b;

  void callback_ran() { callback_threads.insert(std::this_thread::get_id()); }

  // Waits (on the test's thread) until `done` holds, with `mutex` held while it is checked.
  template <typename Done>
  bool wait(Done done) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 10s, done);
  }
};

// Polls a thread-safe getter from the test's thread until it gives `want`.
template <typename Get, typename Value>
bool wait_for_value(Get get, Value want) {
  for (int i = 0; i < 2000; ++i) {
    if (get() == want) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

// Offer/answer with every call made from the test's thread, the loop thread running meanwhile.
void connect(PeerHost& a, PeerHost& b) {
  exchange_descriptions(a, b, [](const std::function<bool()>& done) {
    return wait_for_value(done, true);
  });
}

// Hooks every callback of `host` up to `seen`, recording which thread it ran on.
void watch(PeerHost& host, Seen& seen, bool is_b) {
  auto note = [&seen] {
    std::lock_guard lock(seen.mutex);
    seen.callback_ran();
  };
  host.on_ice_candidate = [note](const IceCandidateEvent&) { note(); };
  host.on_ice_gathering_state_change = [note](IceGatheringState) { note(); };
  host.on_ice_connection_state_change = [note](IceConnectionState) { note(); };
  host.on_signaling_state_change = [note](SignalingState) { note(); };
  host.on_connection_state_change = [note](PeerConnectionState) { note(); };
  if (!is_b) return;
  host.on_data_channel = [&seen](std::shared_ptr<net::HostedDataChannel> channel) {
    channel->on_message = [&seen](const MessageEvent& m) {
      std::lock_guard lock(seen.mutex);
      seen.callback_ran();
      seen.messages_at_b.push_back(m.text());
      seen.changed.notify_all();
    };
    std::lock_guard lock(seen.mutex);
    seen.callback_ran();
    seen.remote_at_b = std::move(channel);
    seen.changed.notify_all();
  };
}

}  // namespace

TEST_CASE("peer hosts are created, connected, used and destroyed from a thread other than the "
          "loop's, and every callback runs on the loop thread") {
  LoopThread loop_thread;
  Seen seen;
  {
    // Everything in this block runs on the test's thread while the loop thread runs the loop.
    PeerHost a(loop_thread.loop, named("a"), loopback_only());
    PeerHost b(loop_thread.loop, named("b"), loopback_only());
    watch(a, seen, false);
    watch(b, seen, true);
    auto chat = a.create_data_channel("chat");
    connect(a, b);
    REQUIRE(wait_for_value([&] { return a.connection_state(); }, PeerConnectionState::Connected));
    REQUIRE(wait_for_value([&] { return chat->ready_state(); }, DataChannelState::Open));

    chat->send(std::string("hello from the application thread"));
    REQUIRE(seen.wait([&] { return seen.messages_at_b.size() == 1; }));
    CHECK(seen.messages_at_b.front() == "hello from the application thread");
    CHECK(a.get_stats().transport.bytes_sent > 0);
    CHECK(b.traffic_received().bytes > 0);

    a.close();
    CHECK(a.connection_state() == PeerConnectionState::Closed);
  }  // the hosts go here, on this thread, while the loop still runs

  std::lock_guard lock(seen.mutex);
  CHECK(seen.callback_threads == std::set<std::thread::id>{loop_thread.id});
}

TEST_CASE("several application threads sending on one ordered channel at once: every message "
          "arrives, and each thread's in the order it sent them") {
  LoopThread loop_thread;
  Seen seen;
  PeerHost a(loop_thread.loop, named("a"), loopback_only());
  PeerHost b(loop_thread.loop, named("b"), loopback_only());
  watch(b, seen, true);
  auto chat = a.create_data_channel("chat");
  connect(a, b);
  REQUIRE(wait_for_value([&] { return chat->ready_state(); }, DataChannelState::Open));

  constexpr int kThreads = 4;
  constexpr int kMessages = 100;
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&chat, t] {
      for (int i = 0; i < kMessages; ++i)
        chat->send(std::to_string(t) + ":" + std::to_string(i));
    });
  }
  for (auto& sender : senders) sender.join();

  REQUIRE(seen.wait([&] { return seen.messages_at_b.size() == kThreads * kMessages; }));
  std::lock_guard lock(seen.mutex);
  std::vector<int> next(kThreads, 0);  // the number each thread's next message must carry
  for (const auto& message : seen.messages_at_b) {
    const auto colon = message.find(':');
    const int t = std::stoi(message.substr(0, colon));
    const int i = std::stoi(message.substr(colon + 1));
    CHECK(i == next[t]);
    next[t] = i + 1;
  }
  CHECK(next == std::vector<int>(kThreads, kMessages));
  CHECK(seen.callback_threads == std::set<std::thread::id>{loop_thread.id});
}

// webrtc-pc queues a task for each event, so a handler set right after the call that caused it
// still runs. A negotiated channel created once SCTP is up opens at once, inside
// create_data_channel: its open event must still reach a handler installed after that returns.
TEST_CASE("the open callback of a channel created while SCTP is up reaches a handler installed "
          "after create_data_channel returns, from the loop's own thread") {
  EventLoop loop;
  PeerHost a(loop, named("a"), loopback_only()), b(loop, named("b"), loopback_only());
  auto chat = a.create_data_channel("chat");
  exchange_descriptions(a, b, running(loop));
  REQUIRE(loop.run_until([&] { return chat->ready_state() == DataChannelState::Open; }, 10s));

  auto late = a.create_data_channel("late", {.negotiated = true, .id = 40});
  CHECK(late->ready_state() == DataChannelState::Open);  // no DCEP: open at once
  int opened = 0;
  late->on_open = [&] { ++opened; };
  CHECK(opened == 0);  // not from inside the assignment either: on the loop's next turn
  CHECK(loop.run_until([&] { return opened == 1; }, 5s));
  loop.run_until([] { return false; }, 50ms);
  CHECK(opened == 1);
}

TEST_CASE("the open callback of a channel created while SCTP is up reaches a handler installed "
          "after create_data_channel returns, from an application thread") {
  LoopThread loop_thread;
  PeerHost a(loop_thread.loop, named("a"), loopback_only());
  PeerHost b(loop_thread.loop, named("b"), loopback_only());
  auto chat = a.create_data_channel("chat");
  connect(a, b);
  REQUIRE(wait_for_value([&] { return chat->ready_state(); }, DataChannelState::Open));

  for (std::uint16_t id = 40; id < 50; ++id) {
    auto late = a.create_data_channel("late", {.negotiated = true, .id = id});
    // The loop thread may well have delivered the open event by now, to no handler.
    std::this_thread::sleep_for(2ms);
    std::atomic<int> opened{0};
    std::atomic<bool> on_loop_thread{false};
    late->on_open = [&] {
      on_loop_thread = std::this_thread::get_id() == loop_thread.id;
      ++opened;
    };
    CHECK(wait_for_value([&] { return opened.load(); }, 1));
    CHECK(on_loop_thread);
    late->on_open = {};  // `opened` goes out of scope
  }
}
