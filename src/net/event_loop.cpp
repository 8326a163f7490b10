#include "net/event_loop.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <stdexcept>
#include <string>

namespace lucid::net {

namespace {
// The loop whose invoke() task this thread is running while no thread runs that loop.
thread_local const EventLoop* invoking_on_idle_loop = nullptr;
}  // namespace

// Marks the calling thread as the loop's thread for as long as it is inside run(), run_until()
// or run_once() (which nest: run() calls run_once()).
class EventLoop::Running {
 public:
  explicit Running(EventLoop& loop) : loop_(loop) {
    std::lock_guard lock(loop_.mutex_);
    if (loop_.running_depth_++ == 0) loop_.loop_thread_ = std::this_thread::get_id();
  }
  ~Running() {
    std::lock_guard lock(loop_.mutex_);
    if (--loop_.running_depth_ == 0) loop_.loop_thread_ = std::thread::id{};
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  EventLoop& loop_;
};

// One invoke() call: the task, whether someone has started it, and what it threw. Whoever
// calls run() first runs the task (the loop thread, or the caller when the loop is idle); any
// later run() does nothing.
class EventLoop::Job {
 public:
  explicit Job(Callback task) : task_(std::move(task)) {}

  void run() {
    {
      std::lock_guard lock(mutex_);
      if (state_ != State::Waiting) return;
      state_ = State::Running;
    }
    std::exception_ptr error;
    try {
      task_();
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      error_ = error;
      state_ = State::Done;
    }
    done_.notify_all();
  }

  // Waits at most `limit` for the task to finish; true once it has.
  bool wait_for(Duration limit) {
    std::unique_lock lock(mutex_);
    return done_.wait_for(lock, limit, [this] { return state_ == State::Done; });
  }

  void rethrow_error() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  enum class State { Waiting, Running, Done };
  Callback task_;
  std::mutex mutex_;
  std::condition_variable done_;
  State state_ = State::Waiting;
  std::exception_ptr error_;
};

EventLoop::EventLoop() {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
}

EventLoop::~EventLoop() { ::close(wake_fd_); }

Timestamp EventLoop::now() { return from_steady(std::chrono::steady_clock::now()); }

void EventLoop::watch_readable(int fd, Callback on_readable) {
  watched_[fd] = std::move(on_readable);
}

void EventLoop::unwatch(int fd) { watched_.erase(fd); }

EventLoop::TimerId EventLoop::call_at(Timestamp when, Callback callback) {
  const TimerId id = next_timer_++;
  timers_.emplace(std::make_pair(when, id), std::move(callback));
  timer_times_.emplace(id, when);
  return id;
}

void EventLoop::cancel(TimerId id) {
  const auto it = timer_times_.find(id);
  if (it == timer_times_.end()) return;
  timers_.erase({it->second, id});
  timer_times_.erase(it);
}

void EventLoop::post(Callback task) {
  {
    std::lock_guard lock(mutex_);
    posted_.push_back(std::move(task));
  }
  wake();
}

EventLoop::IdleClaim::IdleClaim(EventLoop& loop) : loop_(loop) {
  if (!loop_.idle()) return;
  loop_.dispatch_mutex_.lock();
  // A thread may have entered run() between the look and the lock: it is now waiting for the
  // lock before its first callback, so it is the loop thread and the task goes to it.
  if (!loop_.idle()) {
    loop_.dispatch_mutex_.unlock();
    return;
  }
  owns_ = true;
  previous_ = invoking_on_idle_loop;
  invoking_on_idle_loop = &loop_;
}

EventLoop::IdleClaim::~IdleClaim() {
  if (!owns_) return;
  invoking_on_idle_loop = previous_;
  loop_.dispatch_mutex_.unlock();
}

void EventLoop::hand_over(Callback task) {
  auto job = std::make_shared<Job>(std::move(task));
  post([job] { job->run(); });
  // The loop thread runs it soon. Look again now and then: if the loop stops before it gets
  // there, nobody else will, so this thread runs it once the loop is idle.
  while (!job->wait_for(20ms)) {
    if (const IdleClaim claim(*this); claim.owns()) job->run();
  }
  job->rethrow_error();
}

bool EventLoop::idle() {
  std::lock_guard lock(mutex_);
  return running_depth_ == 0;
}

void EventLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
  }
  wake();
}

void EventLoop::wake() {
  const std::uint64_t one = 1;
  // A full counter only means a wake-up is already pending.
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

bool EventLoop::in_loop_thread() const {
  return loop_thread_ == std::this_thread::get_id() || invoking_on_idle_loop == this;
}

void EventLoop::run() {
  const Running running(*this);
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = false;
  }
  for (;;) {
    run_once(std::chrono::hours(1));
    std::lock_guard lock(mutex_);
    if (stop_requested_) return;
  }
}

bool EventLoop::run_until(const std::function<bool()>& done, Duration limit) {
  const Running running(*this);
  const Timestamp deadline = now() + limit;
  while (!done()) {
    const Timestamp t = now();
    if (t >= deadline) return done();
    run_once(deadline - t);
  }
  return true;
}

void EventLoop::run_once(Duration max_wait) {
  const Running running(*this);

  std::vector<pollfd> fds;
  std::int64_t wait_ms = 0;
  {
    std::lock_guard dispatch(dispatch_mutex_);
    // Sleep no longer than until the earliest timer.
    Duration wait = max_wait;
    if (!timers_.empty())
      wait = std::min(wait, std::max(Duration(0), timers_.begin()->first.first - now()));
    // Round up so that a timer 0.3 ms away does not make poll() spin with a 0 ms timeout.
    wait_ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();

    fds.push_back({wake_fd_, POLLIN, 0});
    for (const auto& [fd, callback] : watched_) fds.push_back({fd, POLLIN, 0});
  }

  // The only place the loop sleeps, and the only time it does not hold the dispatch lock.
  const int ready =
      ::poll(fds.data(), fds.size(), static_cast<int>(std::min<std::int64_t>(wait_ms, 1 << 30)));
  if (ready < 0 && errno != EINTR)
    throw std::runtime_error(std::string("poll: ") + std::strerror(errno));

  std::lock_guard dispatch(dispatch_mutex_);
  if (ready > 0) {
    if (fds[0].revents != 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto n = ::read(wake_fd_, &count, sizeof count);
    }
    for (std::size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      // A callback may unwatch any fd (even this one), so look it up again each time.
      const auto it = watched_.find(fds[i].fd);
      if (it == watched_.end()) continue;
      Callback callback = it->second;  // a copy: the callback may replace itself
      callback();
    }
  }
  run_posted();
  run_due_timers();
}

void EventLoop::run_due_timers() {
  const Timestamp t = now();
  // Fire only what was due when we started: a timer set by a callback for "now" waits a round,
  // so a machine that keeps asking for time cannot starve the sockets.
  std::vector<TimerId> due;
  for (const auto& [key, callback] : timers_) {
    if (key.first > t) break;
    due.push_back(key.second);
  }
  for (const TimerId id : due) {
    const auto it = timer_times_.find(id);
    if (it == timer_times_.end()) continue;  // cancelled by an earlier callback
    auto node = timers_.extract({it->second, id});
    timer_times_.erase(it);
    node.mapped()();
  }
}

void EventLoop::run_posted() {
  std::deque<Callback> tasks;
  {
    std::lock_guard lock(mutex_);
    tasks.swap(posted_);
  }
  for (auto& task : tasks) task();
}

}  // namespace lucid::net
