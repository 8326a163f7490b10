// What the TURN client tests share: a client wired straight to a FakeTurnServer (no network:
// each datagram the client sends is answered at once), and the `turn` trace collected.
#pragma once

#include <string>
#include <vector>

#include "common/hex.h"
#include "common/random.h"
#include "common/trace.h"
#include "turn/fake_turn_server.h"
#include "turn/turn.h"

namespace lucid::test {

inline SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

inline const SocketAddress kServer = addr("192.0.2.1:3478");
inline const SocketAddress kClientSocket = addr("192.0.2.10:5000");
inline const SocketAddress kPeer = addr("198.51.100.7:50000");

// Collects the lines of the layers given while it lives.
class TraceLines {
 public:
  explicit TraceLines(const char* layers = "turn") {
    trace::enable(layers);
    trace::set_sink([this](std::string_view, std::string_view line) { lines.emplace_back(line); });
  }
  ~TraceLines() {
    trace::reset_sink();
    trace::disable_all();
  }
  bool said(const std::string& piece) const {
    for (const auto& l : lines)
      if (l.find(piece) != std::string::npos) return true;
    return false;
  }
  std::string all() const {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
  }
  std::vector<std::string> lines;
};

inline turn::ClientConfig test_config() {
  turn::ClientConfig c;
  c.username = "user";
  c.password = "pass";
  return c;
}

struct Direct {
  explicit Direct(turn::ClientConfig config = test_config()) : client(kServer, config, random) {}

  // Sends what the client has to the server and its answers back, until both are quiet.
  void exchange() {
    while (auto datagram = client.poll_transmit()) {
      sent.push_back(*datagram);
      if (auto answer = server.answer(*datagram, kClientSocket, now)) client.handle_input(*answer, now);
    }
    drain_events();
  }
  void drain_events() {
    while (auto e = client.poll_event()) events.push_back(*e);
  }
  // Moves time to `t`, firing every timer on the way, exchanging as it goes.
  void run_until(Timestamp t) {
    exchange();
    while (auto next = client.poll_timeout()) {
      if (*next > t) break;
      now = std::max(now, *next);
      client.handle_timeout(now);
      exchange();
    }
    now = std::max(now, t);
  }
  void allocate() {
    client.allocate(now);
    exchange();
  }
  template <typename T>
  const T* last_event() const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (const T* e = std::get_if<T>(&*it)) return e;
    return nullptr;
  }

  SeededRandom random{2026};
  FakeTurnServer server;
  turn::Client client;
  Timestamp now = at_ms(0);
  std::vector<Bytes> sent;
  std::vector<turn::Event> events;
};

}  // namespace lucid::test
