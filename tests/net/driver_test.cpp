// The Driver running small sans-IO machines over real UDP on 127.0.0.1.
#include <catch2/catch.hpp>

#include <deque>
#include <string>

#include "net/driver.h"

using namespace lucid;
using namespace lucid::net;

namespace {

// A machine in the lucid shape: it asks a peer "ping N" and resends it every 20 ms until
// "pong N" comes back, N = 1..3. It never reads a clock; the Driver gives it `now`.
class Pinger final : public Machine {
 public:
  Pinger(SocketAddress local, SocketAddress peer) : local_(local), peer_(peer) {}
  void start(Timestamp now) { send_ping(now); }

  void handle_input(const Datagram& d, Timestamp now) override {
    if (to_string(d.data) != "pong " + std::to_string(next_)) return;
    ++pongs_;
    if (++next_ <= 3)
      send_ping(now);
    else
      resend_at_.reset();
  }
  std::optional<Datagram> poll_transmit() override {
    if (out_.empty()) return std::nullopt;
    Datagram d = std::move(out_.front());
    out_.pop_front();
    return d;
  }
  std::optional<Timestamp> poll_timeout() override { return resend_at_; }
  void handle_timeout(Timestamp now) override {
    if (resend_at_ && now >= *resend_at_) {
      ++resends_;
      send_ping(now);
    }
  }
  int pongs() const { return pongs_; }

 private:
  void send_ping(Timestamp now) {
    out_.push_back({local_, peer_, to_bytes("ping " + std::to_string(next_))});
    resend_at_ = now + 20ms;
  }
  SocketAddress local_, peer_;
  std::deque<Datagram> out_;
  std::optional<Timestamp> resend_at_;
  int next_ = 1, pongs_ = 0, resends_ = 0;
};

// Answers every "ping N" with "pong N" from the socket it came in on.
class Ponger final : public Machine {
 public:
  void handle_input(const Datagram& d, Timestamp) override {
    const std::string text = to_string(d.data);
    if (text.rfind("ping ", 0) == 0)
      out_.push_back({d.local, d.remote, to_bytes("pong " + text.substr(5))});
  }
  std::optional<Datagram> poll_transmit() override {
    if (out_.empty()) return std::nullopt;
    Datagram d = std::move(out_.front());
    out_.pop_front();
    return d;
  }
  std::optional<Timestamp> poll_timeout() override { return std::nullopt; }
  void handle_timeout(Timestamp) override {}

 private:
  std::deque<Datagram> out_;
};

UdpSocket loopback_socket() {
  auto s = UdpSocket::bind(*SocketAddress::parse("127.0.0.1:0"));
  REQUIRE(s.ok());
  return std::move(*s);
}

}  // namespace

TEST_CASE("driver carries a sans-IO exchange over real UDP until it is done") {
  EventLoop loop;
  Ponger ponger;
  Driver pong_driver(loop, ponger);
  const SocketAddress pong_address = pong_driver.add_socket(loopback_socket());

  UdpSocket ping_socket = loopback_socket();
  Pinger pinger(ping_socket.local_address(), pong_address);
  Driver ping_driver(loop, pinger);
  ping_driver.add_socket(std::move(ping_socket));

  pinger.start(EventLoop::now());
  ping_driver.service();  // a command given from outside: send what it queued, arm its timer
  CHECK(loop.run_until([&] { return pinger.pongs() == 3; }, 10s));
  CHECK(pinger.poll_timeout() == std::nullopt);
}

TEST_CASE("driver gives the machine its timeout when no datagram comes") {
  // Nobody listens on the peer port, so only the resend timer makes progress.
  EventLoop loop;
  UdpSocket silent = loopback_socket();  // bound but never read
  UdpSocket ping_socket = loopback_socket();
  Pinger pinger(ping_socket.local_address(), silent.local_address());
  Driver driver(loop, pinger);
  driver.add_socket(std::move(ping_socket));

  int arrived = 0;
  pinger.start(EventLoop::now());
  driver.service();
  // Count pings arriving at the silent socket: the first, then resends from timeouts.
  CHECK(loop.run_until(
      [&] {
        while (true) {
          auto r = silent.receive_from();
          if (!r.ok() || !r->has_value()) break;
          ++arrived;
        }
        return arrived >= 3;
      },
      10s));
  CHECK(pinger.pongs() == 0);
}

TEST_CASE("driver drops a transmit whose local address has no socket") {
  EventLoop loop;
  UdpSocket receiver = loopback_socket();
  // The machine claims to send from a port the driver does not own.
  Pinger pinger(*SocketAddress::parse("127.0.0.1:9"), receiver.local_address());
  Driver driver(loop, pinger);
  driver.add_socket(loopback_socket());
  pinger.start(EventLoop::now());
  driver.service();
  loop.run_once(20ms);
  auto r = receiver.receive_from();
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
}
