// Real UDP on 127.0.0.1 for the DTLS integration tests, and child processes that are always
// killed. src/net is not part of this layer, so the tests carry their own few lines of POSIX:
// a socket per endpoint, poll(), and the real clock turned into lucid's Timestamp.
#pragma once

#include <netinet/in.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/time.h"
#include "dtls/transport.h"

namespace lucid::test {

Timestamp real_now();

// A UDP socket bound to 127.0.0.1 (port 0 picks a free one).
class UdpSocket {
 public:
  explicit UdpSocket(std::uint16_t port = 0);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t port() const;
  void send_to(BytesView datagram, const sockaddr_in& to);
  // A datagram if one is waiting (never blocks), with its sender.
  std::optional<std::pair<Bytes, sockaddr_in>> receive();

 private:
  int fd_ = -1;
};

sockaddr_in loopback(std::uint16_t port);
// A UDP port that was free a moment ago (for a child process to bind).
std::uint16_t free_udp_port();

// A dtls::Transport bound to a socket: what src/net will do for real.
struct UdpEndpoint {
  UdpEndpoint(dtls::Transport& t, std::optional<sockaddr_in> peer_address = std::nullopt)
      : transport(t), peer(peer_address) {}
  dtls::Transport& transport;
  UdpSocket socket;
  std::optional<sockaddr_in> peer;  // learnt from the first datagram if not given
  std::vector<dtls::TransportEvent> events;

  void flush();  // sends every pending datagram, collects every event
  bool connected() const;
  bool failed() const;
  std::string failure() const;
  std::vector<std::string> received_text() const;
};

// Runs the endpoints on real time until `done()` or `limit` passes; `also` runs every round
// (e.g. to read a child's output).
void pump(const std::vector<UdpEndpoint*>& endpoints, const std::function<bool()>& done,
          std::chrono::milliseconds limit, const std::function<void()>& also = {});

// A child process with its stdin and merged stdout+stderr on pipes. The destructor kills it
// (SIGKILL) and reaps it, so no test leaves one behind, whatever it asserted.
class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  void write_stdin(const std::string& text);
  // Reads whatever output is waiting (never blocks) and returns all output so far.
  const std::string& output();
  // Waits up to `limit` for `needle` to appear in the output.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds limit);
  // Sends `signal` and waits up to `limit` for the process to exit; true if it did.
  bool stop(int signal, std::chrono::milliseconds limit);
  // Waits up to `limit` for the process to exit by itself; true if it did.
  bool wait_exit(std::chrono::milliseconds limit);

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  bool exited_ = false;
  std::string output_;
};

// A fresh directory under the build tree, removed with its files at the end (kept when the
// environment has LUCID_KEEP_TMP, to look at a capture afterwards).
class TempDir {
 public:
  explicit TempDir(const std::string& name);
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace lucid::test
