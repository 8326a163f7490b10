// The event loop: one thread, poll(), the real steady clock. It is what turns lucid's sans-IO
// state machines into a running program: it waits for a socket to become readable or for the
// earliest timer, and runs the callbacks that feed the machines their input and their `now`.
//
// Threading: everything registered with the loop runs on the thread that calls run(). Other
// threads talk to the loop only through post(), invoke() and stop(), which are safe to call from
// anywhere: invoke() is how an API called on an application thread reaches a machine owned by
// the loop (net/PeerHost does it for every method).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/time.h"

namespace lucid::net {

class EventLoop {
 public:
  using Callback = std::function<void()>;
  using TimerId = std::uint64_t;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // The real clock, as a Timestamp (the only clock read in lucid: shared/DESIGN.md).
  static Timestamp now();

  // Runs `on_readable` on the loop thread whenever `fd` has data. One callback per fd.
  void watch_readable(int fd, Callback on_readable);
  void unwatch(int fd);

  // Runs `callback` once, on the loop thread, when the clock reaches `when`.
  TimerId call_at(Timestamp when, Callback callback);
  TimerId call_after(Duration delay, Callback callback) {
    return call_at(now() + delay, std::move(callback));
  }
  // Forgets a timer that has not fired yet (cancelling a fired or unknown id does nothing).
  void cancel(TimerId id);

  // Thread-safe: runs `task` on the loop thread soon, in the order posted.
  void post(Callback task);
  // Thread-safe: runs `task` on the loop thread, waits for it, and returns what it returned (or
  // throws what it threw). On the loop thread itself, or while no thread is running the loop,
  // `task` runs at once on the calling thread: nothing else can be touching the loop's machines
  // then. (So a program may set things up before it starts the loop's thread, and a call made
  // just as the loop stops still completes instead of waiting for a loop that is gone.)
  template <typename Task>
  auto invoke(Task&& task) -> std::invoke_result_t<Task&>;
  // Thread-safe: makes run() return after the callback it is running, if any.
  void stop();

  // Runs until stop().
  void run();
  // Runs until `done()` is true (checked after every step) or `limit` has passed on the real
  // clock; returns done(). For tests and command-line programs that wait for one thing.
  bool run_until(const std::function<bool()>& done, Duration limit);
  // One step: waits at most `max_wait` for a socket or timer, then runs what is due.
  void run_once(Duration max_wait);

  // Whether the caller is the loop's thread right now: the thread inside run(), run_until() or
  // run_once(), or a thread running an invoke() task while no thread runs the loop.
  bool in_loop_thread() const;

 private:
  class Job;
  class Running;
  // Held while a task runs on the calling thread because no thread runs the loop: the dispatch
  // lock, and in_loop_thread() true. owns() is false (and nothing is held) when a thread does
  // run the loop.
  class IdleClaim {
   public:
    explicit IdleClaim(EventLoop& loop);
    ~IdleClaim();
    IdleClaim(const IdleClaim&) = delete;
    IdleClaim& operator=(const IdleClaim&) = delete;
    bool owns() const { return owns_; }

   private:
    EventLoop& loop_;
    bool owns_ = false;
    const EventLoop* previous_ = nullptr;
  };
  // invoke() from another thread while a thread runs the loop: posts `task` and waits for it.
  void hand_over(Callback task);
  void run_due_timers();
  void run_posted();
  void wake();
  bool idle();

  std::map<int, Callback> watched_;
  // Timers in firing order; the id breaks ties so that equal times fire in the order set.
  std::map<std::pair<Timestamp, TimerId>, Callback> timers_;
  std::map<TimerId, Timestamp> timer_times_;
  TimerId next_timer_ = 1;

  // post() and stop() come from other threads: guarded, and announced through an eventfd
  // that poll() watches, so a sleeping loop wakes up at once.
  std::mutex mutex_;
  std::deque<Callback> posted_;
  bool stop_requested_ = false;
  int wake_fd_ = -1;
  // The thread inside run()/run_until()/run_once(), or none (the loop is idle).
  std::atomic<std::thread::id> loop_thread_{};
  int running_depth_ = 0;  // run() calls run_once(): only the outermost sets and clears the id
  // Held by the loop thread while it runs callbacks (not while it sleeps in poll()), and by a
  // thread running an invoke() task on an idle loop: the two never run machines at once.
  // Recursive, because a callback may run the loop again (run_until inside a callback).
  std::recursive_mutex dispatch_mutex_;
};

template <typename Task>
auto EventLoop::invoke(Task&& task) -> std::invoke_result_t<Task&> {
  // On the loop thread (a callback calling the API): at once; waiting for itself would hang.
  if (in_loop_thread()) return task();
  // No thread runs the loop (setting up before starting it): at once, under the dispatch lock.
  if (const IdleClaim claim(*this); claim.owns()) return task();
  // Another thread runs the loop: it runs the task, this thread waits for the result.
  using Result = std::invoke_result_t<Task&>;
  if constexpr (std::is_void_v<Result>) {
    hand_over([&task] { task(); });
  } else {
    std::optional<Result> result;
    hand_over([&task, &result] { result.emplace(task()); });
    return std::move(*result);
  }
}

}  // namespace lucid::net
