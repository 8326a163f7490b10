// Driver: runs one sans-IO machine on real UDP sockets and the event loop.
//
// Every lucid layer is a state machine that is given datagrams and `now`, and asked what to send
// and when it next needs time (shared/DESIGN.md). The Driver is the other half of that contract,
// the only place it meets the operating system:
//
//   socket readable  ─▶ machine.handle_input(datagram, now)
//   timer due        ─▶ machine.handle_timeout(now)
//   after either     ─▶ while (machine.poll_transmit()) send it;  re-arm the timer at
//   poll_timeout()
//
// A test drives the same machine with a fake clock and an in-memory network instead.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "common/time.h"
#include "net/datagram.h"
#include "net/event_loop.h"
#include "net/udp_socket.h"

namespace lucid::net {

// A sans-IO machine as the Driver sees it. `Datagram::local` names the socket: where an input
// arrived, and where a transmit must leave from.
class Machine {
 public:
  virtual ~Machine() = default;
  virtual void handle_input(const Datagram& datagram, Timestamp now) = 0;
  virtual std::optional<Datagram> poll_transmit() = 0;
  virtual std::optional<Timestamp> poll_timeout() = 0;
  virtual void handle_timeout(Timestamp now) = 0;
};

class Driver {
 public:
  // Both must outlive the Driver. Everything runs on the loop's thread.
  Driver(EventLoop& loop, Machine& machine);
  ~Driver();  // stops watching its sockets and cancels its timer
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Datagrams arriving on `socket` go to the machine; transmits whose local address is the
  // socket's leave through it. Returns the socket's bound address.
  SocketAddress add_socket(UdpSocket socket);
  std::vector<SocketAddress> local_addresses() const;

  // Call after giving the machine a command from outside (an API call): sends what it queued
  // and re-arms the timer. handle_input and handle_timeout already end with this.
  void service();

  // Runs after every service(): where a wrapper drains the machine's events.
  void set_after_service(std::function<void()> callback) { after_service_ = std::move(callback); }

 private:
  void on_readable(std::size_t index);
  void on_timer();
  void send(const Datagram& datagram);

  EventLoop& loop_;
  Machine& machine_;
  std::vector<UdpSocket> sockets_;
  std::optional<EventLoop::TimerId> timer_;
  std::optional<Timestamp> timer_at_;
  std::function<void()> after_service_;
};

}  // namespace lucid::net
