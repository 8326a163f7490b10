#include "udp_harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace lucid::test {

Timestamp real_now() { return from_steady(std::chrono::steady_clock::now()); }

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

UdpSocket::UdpSocket(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  const sockaddr_in a = loopback(port);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0)
    throw std::runtime_error("bind: " + std::string(std::strerror(errno)));
}

UdpSocket::~UdpSocket() { ::close(fd_); }

std::uint16_t UdpSocket::port() const {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

void UdpSocket::send_to(BytesView datagram, const sockaddr_in& to) {
  ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&to),
           sizeof to);
}

std::optional<std::pair<Bytes, sockaddr_in>> UdpSocket::receive() {
  Bytes buffer(65536);
  sockaddr_in from{};
  socklen_t len = sizeof from;
  const ssize_t n =
      ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n < 0) return std::nullopt;
  buffer.resize(static_cast<std::size_t>(n));
  return std::make_pair(std::move(buffer), from);
}

std::uint16_t free_udp_port() {
  UdpSocket probe;
  return probe.port();
}

void UdpEndpoint::flush() {
  while (auto d = transport.poll_transmit())
    if (peer) socket.send_to(*d, *peer);
  while (auto e = transport.poll_event()) events.push_back(std::move(*e));
}

bool UdpEndpoint::connected() const {
  for (const auto& e : events)
    if (std::holds_alternative<dtls::Connected>(e)) return true;
  return false;
}

bool UdpEndpoint::failed() const { return !failure().empty(); }

std::string UdpEndpoint::failure() const {
  for (const auto& e : events)
    if (const auto* f = std::get_if<dtls::Failed>(&e)) return f->reason;
  return {};
}

std::vector<std::string> UdpEndpoint::received_text() const {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (const auto* d = std::get_if<dtls::ApplicationData>(&e))
      out.emplace_back(d->data.begin(), d->data.end());
  return out;
}

void pump(const std::vector<UdpEndpoint*>& endpoints, const std::function<bool()>& done,
          std::chrono::milliseconds limit, const std::function<void()>& also) {
  const auto end = std::chrono::steady_clock::now() + limit;
  for (auto* e : endpoints) e->flush();
  while (!done() && std::chrono::steady_clock::now() < end) {
    // Sleep in poll() until a datagram arrives or the earliest transport timer is due (50 ms at
    // most, so `also` and `done` are checked often).
    Timestamp now = real_now();
    Duration wait = std::chrono::milliseconds(50);
    for (auto* e : endpoints)
      if (auto t = e->transport.poll_timeout())
        wait = std::min(wait, std::max(Duration(0), *t - now));
    std::vector<pollfd> fds;
    for (auto* e : endpoints) fds.push_back({e->socket.fd(), POLLIN, 0});
    ::poll(fds.data(), fds.size(),
           static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count()));

    now = real_now();
    for (auto* e : endpoints) {
      while (auto in = e->socket.receive()) {
        if (!e->peer) e->peer = in->second;
        e->transport.handle_input(in->first, now);
      }
      if (auto t = e->transport.poll_timeout(); t && *t <= now) e->transport.handle_timeout(now);
      e->flush();
    }
    if (also) also();
  }
}

Subprocess::Subprocess(const std::vector<std::string>& argv) {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    // If the test process itself is killed (a ctest timeout), take the child with it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Its own process group, so that the destructor also kills what it started (tshark's dumpcap).
    ::setpgid(0, 0);
    // A test started in the background may have SIGINT ignored, and ignored signals survive exec:
    // give the child default signal handling so that stop(SIGINT) works (tshark needs it).
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  ::fcntl(stdout_fd_, F_SETFL, O_NONBLOCK);
}

Subprocess::~Subprocess() {
  if (!exited_) {
    ::kill(-pid_, SIGKILL);  // the whole process group
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::close(stdin_fd_);
  ::close(stdout_fd_);
}

void Subprocess::write_stdin(const std::string& text) {
  if (::write(stdin_fd_, text.data(), text.size()) < 0)
    throw std::runtime_error("write to child's stdin");
}

const std::string& Subprocess::output() {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(stdout_fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    output_.append(buffer, static_cast<std::size_t>(n));
  }
  return output_;
}

bool Subprocess::wait_for_output(const std::string& needle, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (output().find(needle) != std::string::npos) return true;
    pollfd p{stdout_fd_, POLLIN, 0};
    ::poll(&p, 1, 20);
  }
  return output().find(needle) != std::string::npos;
}

bool Subprocess::stop(int signal, std::chrono::milliseconds limit) {
  if (exited_) return true;
  ::kill(pid_, signal);
  return wait_exit(limit);
}

bool Subprocess::wait_exit(std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!exited_) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      exited_ = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= end) break;
    // Keep reading, so that a child with a lot to say never blocks on a full pipe.
    output();
    pollfd p{stdout_fd_, POLLIN, 0};
    ::poll(&p, 1, 20);
  }
  output();
  return exited_;
}

TempDir::TempDir(const std::string& name) {
  path_ = std::string(LUCID_BINARY_DIR) + "/tmp-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  if (std::getenv("LUCID_KEEP_TMP") != nullptr) return;  // to look at the files afterwards
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TempDir::write(const std::string& name, const std::string& content) const {
  std::ofstream(file(name)) << content;
}

}  // namespace lucid::test
