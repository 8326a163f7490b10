#include "support/coturn.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/random.h"
#include "stun/message.h"
#include "support/udp_socket.h"

namespace lucid::testing {

namespace {

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lucid-coturn-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// Waits up to `timeout` for `pid` to exit; true if it did (and was reaped).
bool wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t r = ::waitpid(pid, nullptr, WNOHANG);
    if (r == pid || r < 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

bool Coturn::available() { return ::access("/usr/bin/turnserver", X_OK) == 0; }

Coturn::~Coturn() {
  stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

SocketAddress Coturn::address() const {
  return SocketAddress{*IpAddress::parse("127.0.0.1"), port_};
}

std::string Coturn::log() const {
  if (dir_.empty()) return {};
  std::ifstream in(dir_ + "/turnserver.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Coturn::launch(std::uint16_t port, const std::string& user, const std::string& password,
                    const std::string& realm) {
  const std::string p = std::to_string(port);
  std::vector<std::string> args = {
      "turnserver",
      "-n",  // no config file: /etc/turnserver.conf must not change what the test sees
      "--listening-ip=127.0.0.1",
      "--listening-port=" + p,
      "--relay-ip=127.0.0.1",
      "--no-tls",
      "--no-dtls",
      "--no-cli",
      "--lt-cred-mech",
      "--user=" + user + ":" + password,
      "--realm=" + realm,
      "--allow-loopback-peers",
      "--userdb=" + dir_ + "/turndb",
      "--pidfile=" + dir_ + "/turnserver.pid",
      "--log-file=stdout",
      "--verbose",  // a line per request processed and per session refreshed or deleted
  };
  const std::string log_path = dir_ + "/turnserver.log";

  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    // The child: die with the test process even if it crashes, log to the temp dir, exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    // coturn's stdout is a file here, so the C library would buffer its log until exit (and a
    // SIGTERM loses it); stdbuf -oL makes it write each line as it goes, so that log() shows
    // the sessions coturn saw while the test runs.
    std::string stdbuf = "stdbuf", line_buffered = "-oL", turnserver = "/usr/bin/turnserver";
    std::vector<char*> argv;
    const bool have_stdbuf = ::access("/usr/bin/stdbuf", X_OK) == 0;
    if (have_stdbuf) {
      argv.push_back(stdbuf.data());
      argv.push_back(line_buffered.data());
      argv.push_back(turnserver.data());
    }
    for (std::size_t i = have_stdbuf ? 1 : 0; i < args.size(); ++i) argv.push_back(args[i].data());
    argv.push_back(nullptr);
    ::execv(have_stdbuf ? "/usr/bin/stdbuf" : "/usr/bin/turnserver", argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  port_ = port;
  return true;
}

// Sends Binding requests until one is answered: the server is up when it answers, not when
// some fixed time has passed.
bool Coturn::answers_binding(int attempts) {
  UdpSocket socket;
  SeededRandom random(static_cast<std::uint64_t>(::getpid()) * 7919 + port_);
  for (int i = 0; i < attempts; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {  // it exited (port in use, bad option...)
      pid_ = -1;
      return false;
    }
    const stun::Message request = stun::Message::request(stun::Method::Binding, random);
    socket.send_to(stun::encode(request), address());
    if (auto reply = socket.receive(std::chrono::milliseconds(100))) {
      auto parsed = stun::parse(reply->data);
      if (parsed && parsed->transaction_id() == request.transaction_id()) return true;
    }
  }
  return false;
}

std::uint16_t Coturn::start(const std::string& user, const std::string& password,
                            const std::string& realm) {
  if (running()) throw std::logic_error("Coturn::start called twice");
  if (!available()) throw std::runtime_error("turnserver is not installed (run scripts/setup)");
  if (dir_.empty()) dir_ = make_temp_dir();
  // The port was free when we looked; another process can take it before coturn binds it,
  // so a failed start is retried on a new port.
  for (int tries = 0; tries < 5; ++tries) {
    if (!launch(free_udp_port(), user, password, realm)) continue;
    if (answers_binding(100)) return port_;  // up to ~10 s on a loaded machine
    stop();
  }
  throw std::runtime_error("coturn did not start; its log:\n" + log());
}

void Coturn::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(pid_, std::chrono::milliseconds(3000))) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::milliseconds(3000));
  }
  pid_ = -1;
}

}  // namespace lucid::testing
