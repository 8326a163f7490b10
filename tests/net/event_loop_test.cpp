// The loop's timers and cross-thread posting. No sockets: these are unit tests, but they do use
// the real clock (with short delays whose order, not length, is asserted).
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
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

// ---- invoke(): a call from any thread, run on the loop thread, its result handed back ----

namespace {
// A thread running loop.run(), returned once the loop is really running (so that invoke() has a
// loop thread to hand its task to, rather than running it at once on an idle loop).
std::thread start_loop_thread(EventLoop& loop) {
  std::atomic<bool> running{false};
  loop.post([&] { running = true; });
  std::thread thread([&loop] { loop.run(); });
  while (!running) std::this_thread::sleep_for(1ms);
  return thread;
}
}  // namespace

TEST_CASE("event loop invoke runs the task on the loop thread and returns its result") {
  EventLoop loop;
  std::thread loop_thread = start_loop_thread(loop);
  bool on_loop_thread = false;
  const int answer = loop.invoke([&] {
    on_loop_thread = loop.in_loop_thread();
    return 42;
  });
  loop.stop();
  loop_thread.join();
  CHECK(answer == 42);
  CHECK(on_loop_thread);
}

TEST_CASE("event loop invoke throws in the caller what the task threw on the loop thread") {
  EventLoop loop;
  std::thread loop_thread = start_loop_thread(loop);
  CHECK_THROWS_WITH(loop.invoke([]() -> int { throw std::runtime_error("refused"); }), "refused");
  // The loop survived the exception and still runs tasks.
  CHECK(loop.invoke([] { return std::string("still here"); }) == "still here");
  loop.stop();
  loop_thread.join();
}

TEST_CASE("event loop invoke runs at once while no thread runs the loop") {
  EventLoop loop;
  const auto caller = std::this_thread::get_id();
  std::thread::id ran_on;
  bool counted_as_loop_thread = false;
  loop.invoke([&] {
    ran_on = std::this_thread::get_id();
    counted_as_loop_thread = loop.in_loop_thread();
  });
  CHECK(ran_on == caller);
  CHECK(counted_as_loop_thread);
  CHECK_FALSE(loop.in_loop_thread());  // only while the task runs
}

TEST_CASE("event loop invoke from a callback on the loop thread runs at once, nested") {
  EventLoop loop;
  std::vector<std::string> order;
  loop.post([&] {
    order.push_back("callback");
    loop.invoke([&] { order.push_back("invoked"); });  // would deadlock if it waited for itself
    order.push_back("after");
  });
  CHECK(loop.run_until([&] { return order.size() == 3; }, 5s));
  CHECK(order == std::vector<std::string>{"callback", "invoked", "after"});
}

TEST_CASE("event loop invoke completes even when the loop stops before running it") {
  EventLoop loop;
  std::atomic<bool> in_callback{false};
  loop.call_after(1ms, [&] {
    in_callback = true;
    std::this_thread::sleep_for(50ms);  // the other thread invokes meanwhile
    loop.stop();                        // and the loop ends without reaching the task
  });
  std::thread loop_thread([&] { loop.run(); });
  while (!in_callback) std::this_thread::sleep_for(1ms);
  std::thread::id ran_on;
  const bool ran = loop.invoke([&] {
    ran_on = std::this_thread::get_id();
    return true;
  });
  loop_thread.join();
  CHECK(ran);
  // Either the loop thread got to it before stopping, or (the usual case) the caller ran it once
  // the loop was idle; never both, never neither.
  CHECK(ran_on != std::thread::id{});
}

TEST_CASE("event loop invoke from another thread can set a timer on a sleeping loop") {
  EventLoop loop;
  std::thread loop_thread = start_loop_thread(loop);  // nothing to do: sleeps in poll()
  std::atomic<bool> fired{false};
  loop.invoke([&] {
    loop.call_after(5ms, [&] {
      fired = true;
      loop.stop();
    });
  });
  loop_thread.join();  // returns only because the timer fired and stopped the loop
  CHECK(fired);
}
