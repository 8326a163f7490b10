#include "impair/impaired_path.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace lucid::impair {

namespace {

// Runs one `ip` command of ours (fixed words and our own names); throws with it when it fails.
void run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("failed: " + command);
}

int open_or_throw(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("open " + path + ": " + std::strerror(errno));
  return fd;
}

std::string this_thread_namespace() {
  return "/proc/self/task/" + std::to_string(::syscall(SYS_gettid)) + "/ns/net";
}

}  // namespace

std::optional<std::string> ImpairedPath::unavailable(const std::string& relay) {
  if (::geteuid() != 0) return "needs root (network namespaces and TUN devices)";
  if (::access("/dev/net/tun", R_OK | W_OK) != 0) return "no /dev/net/tun";
  if (::access(relay.c_str(), X_OK) != 0) return "no relay program at " + relay;
  if (std::system("ip netns list >/dev/null 2>&1") != 0) return "no working `ip netns`";
  return std::nullopt;
}

ImpairedPath::ImpairedPath(PathOptions options) {
  static std::atomic<int> counter{0};
  const std::string id = std::to_string(::getpid()) + "x" + std::to_string(counter++);
  ns_a_ = "lucid-impair-" + id + "-a";
  ns_b_ = "lucid-impair-" + id + "-b";
  tun_a_ = ("li" + id + "a").substr(0, 15);
  tun_b_ = ("li" + id + "b").substr(0, 15);
  try {
    home_ = open_or_throw(this_thread_namespace());
    run("ip netns add " + ns_a_);
    run("ip netns add " + ns_b_);

    // The relay, with a pipe on each of stdin (our hold on it), stdout ("ready") and stderr.
    int in[2], out[2], err[2];
    if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC))
      throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {options.relay,
                                     "--tun-a", tun_a_, "--tun-b", tun_b_,
                                     "--a-to-b", "",     "--b-to-a", "",
                                     "--seed",   std::to_string(options.seed)};
    auto spec = [](const Impairment& im) {
      char text[256];
      std::snprintf(text, sizeof text,
                    "delay=%lldus,jitter=%lldus,rate=%.0fkbyte,queue=%lldus,loss=%g,reorder=%g,"
                    "duplicate=%g",
                    static_cast<long long>(im.delay.count()),
                    static_cast<long long>(im.jitter.count()), im.rate_bytes_per_second / 1e3,
                    static_cast<long long>(im.max_queue.count()), im.loss, im.reorder,
                    im.duplicate);
      return std::string(text);
    };
    args[6] = spec(options.a_to_b);
    args[8] = spec(options.b_to_a);
    relay_pid_ = ::fork();
    if (relay_pid_ < 0) throw std::runtime_error("fork failed");
    if (relay_pid_ == 0) {
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(err[1], STDERR_FILENO);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    relay_stdin_ = in[1];
    relay_stderr_ = err[0];
    // Wait (at most 5 s) for its "ready".
    std::string said;
    pollfd p{out[0], POLLIN, 0};
    while (said.find("ready\n") == std::string::npos && ::poll(&p, 1, 5000) > 0) {
      char buffer[64];
      const ssize_t n = ::read(out[0], buffer, sizeof buffer);
      if (n <= 0) break;
      said.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    if (said.find("ready\n") == std::string::npos)
      throw std::runtime_error("the relay did not start: " + stop_relay());

    for (const auto& [tun, ns, address] :
         {std::tuple{tun_a_, ns_a_, std::string("10.203.0.1/24")},
          std::tuple{tun_b_, ns_b_, std::string("10.203.0.2/24")}}) {
      run("ip link set " + tun + " netns " + ns);
      run("ip -n " + ns + " addr add " + address + " dev " + tun);
      run("ip -n " + ns + " link set " + tun + " up");
      run("ip -n " + ns + " link set lo up");
    }
  } catch (...) {
    tear_down();
    throw;
  }
}

ImpairedPath::~ImpairedPath() { tear_down(); }

void ImpairedPath::enter(const std::string& ns) {
  const int fd = open_or_throw("/run/netns/" + ns);
  const int r = ::setns(fd, CLONE_NEWNET);
  ::close(fd);
  if (r != 0) throw std::runtime_error("setns " + ns + ": " + std::strerror(errno));
}

void ImpairedPath::enter_a() { enter(ns_a_); }
void ImpairedPath::enter_b() { enter(ns_b_); }
void ImpairedPath::leave() {
  if (home_ >= 0 && ::setns(home_, CLONE_NEWNET) != 0)
    throw std::runtime_error(std::string("setns back: ") + std::strerror(errno));
}

std::string ImpairedPath::stop_relay() {
  if (relay_pid_ > 0) {
    ::kill(relay_pid_, SIGTERM);  // the one process this object started
    int status = 0;
    ::waitpid(relay_pid_, &status, 0);
    relay_pid_ = -1;
  }
  if (relay_stdin_ >= 0) ::close(relay_stdin_);
  relay_stdin_ = -1;
  if (relay_stderr_ >= 0) {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(relay_stderr_, buffer, sizeof buffer)) > 0)
      relay_report_.append(buffer, static_cast<std::size_t>(n));
    ::close(relay_stderr_);
    relay_stderr_ = -1;
  }
  return relay_report_;
}

void ImpairedPath::tear_down() {
  try {
    leave();
  } catch (...) {
  }
  stop_relay();
  for (const auto& ns : {ns_a_, ns_b_})
    if (!ns.empty()) (void)std::system(("ip netns del " + ns + " >/dev/null 2>&1").c_str());
  if (home_ >= 0) ::close(home_);
  home_ = -1;
}

}  // namespace lucid::impair
