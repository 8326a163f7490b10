// The loop's timers and cross-thread posting. No sockets: these are unit tests, but they do use
// the real clock (with short delays whose order, not length, is asserted).
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "net/event_loop.h"

using namespace lucid;
using namespace lucid::net;

TEST_CASE("event loop fires timers in time order, equal times in the order set") {
  EventLoop loop;
  std::vector<std::string> fired;
  const Timestamp t0 = EventLoop::now();
  loop.call_at(t0 + 20ms, [&] { fired.push_back("c"); });
  loop.call_at(t0 + 5ms, [&] { fired.push_back("a"); });
  loop.call_at(t0 + 5ms, [&] { fired.push_back("b"); });
  CHECK(loop.run_until([&] { return fired.size() == 3; }, 5s));
  CHECK(fired == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("event loop does not fire a cancelled timer") {
  EventLoop loop;
  bool cancelled_fired = false, later_fired = false;
  const auto id = loop.call_after(1ms, [&] { cancelled_fired = true; });
  loop.call_after(10ms, [&] { later_fired = true; });
  loop.cancel(id);
  CHECK(loop.run_until([&] { return later_fired; }, 5s));
  CHECK_FALSE(cancelled_fired);
}

TEST_CASE("event loop does not fire a timer before its time") {
  EventLoop loop;
  const Timestamp due = EventLoop::now() + 30ms;
  Timestamp fired_at{};
  loop.call_at(due, [&] { fired_at = EventLoop::now(); });
  CHECK(loop.run_until([&] { return fired_at != Timestamp{}; }, 5s));
  CHECK(fired_at >= due);
}

TEST_CASE("event loop runs work posted from another thread on the loop thread") {
  EventLoop loop;
  std::atomic<bool> ran_on_loop_thread{false};
  std::thread other([&] {
    loop.post([&] {
      ran_on_loop_thread = loop.in_loop_thread();
      loop.stop();
    });
  });
  loop.run();  // returns only because the posted task stopped it
  other.join();
  CHECK(ran_on_loop_thread);
}

TEST_CASE("event loop stop from another thread wakes a loop that waits for nothing") {
  EventLoop loop;
  std::atomic<bool> stop_called{false};
  std::thread other([&] {
    std::this_thread::sleep_for(10ms);
    stop_called = true;
    loop.stop();
  });
  loop.run();  // would sleep for an hour in poll() without the wake-up
  CHECK(stop_called);
  other.join();
}

TEST_CASE("event loop runs posted tasks in the order posted") {
  EventLoop loop;
  std::vector<int> order;
  for (int i = 0; i < 5; ++i) loop.post([&, i] { order.push_back(i); });
  CHECK(loop.run_until([&] { return order.size() == 5; }, 5s));
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
}
