// Driver: runs one PeerConnection on real UDP sockets and the event loop.
//
// PeerConnection is a sans-IO state machine (common/sans_io.h): it is given datagrams and `now`,
// and asked what to send and when it next needs time. The Driver is the other half of that
// contract, the only place it meets the operating system:
//
//   socket readable  ─▶ connection.handle_input(datagram, now)   (every datagram: ICE sorts it)
//   timer due        ─▶ connection.handle_timeout(now)
//   after either     ─▶ while (connection.poll_transmit()) send it;  re-arm the timer at
//                       poll_timeout()
//
// A test drives the same connection with a fake clock and a simulated network instead.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/datagram.h"
#include "common/time.h"
#include "common/trace.h"
#include "net/event_loop.h"
#include "net/pcap_writer.h"
#include "net/traffic.h"
#include "net/udp_socket.h"
#include "peer/peer_connection.h"

namespace lucid::net {

class Driver {
 public:
  // Both must outlive the Driver. Everything runs on the loop's thread.
  Driver(EventLoop& loop, PeerConnection& connection);
  ~Driver();  // stops watching its sockets and cancels its timer
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Datagrams arriving on `socket` go to the connection; transmits whose local address is the
  // socket's leave through it. Returns the socket's bound address.
  SocketAddress add_socket(UdpSocket socket);
  std::vector<SocketAddress> local_addresses() const;

  // Call after giving the connection a command from outside (an API call): sends what it queued
  // and re-arms the timer. The events the command caused are delivered on the loop's next turn
  // (set_after_service), never from inside the call: a handler set right after the call returns
  // still sees them, as a browser queues a task for each event (webrtc-pc §4.4.1.x "queue a
  // task"). A socket that became readable or a timer that fired delivers at once.
  void service();

  // ---- seeing inside ----
  // Writes every datagram sent and received from now on to `capture` (which must outlive the
  // Driver, or be unset with nullptr first). Flushed after each burst, so tshark can read the
  // file while the run goes on.
  void set_capture(PcapWriter* capture) { capture_ = capture; }
  // What went out and what came in, by layer (net/traffic.h).
  const Traffic& sent() const { return sent_; }
  const Traffic& received() const { return received_; }

  // The trace::PeerScope this Driver opens while it runs its connection (net/PeerHost: the
  // PeerConnection's name and its configuration's trace layers), so that the trace of two peers
  // in one process can be told apart, and one of them traced alone. `layers` is a comma list as
  // LUCID_TRACE takes it ("ice,net"); empty: only the layers on for the whole process.
  void set_trace_scope(std::string name, std::string_view layers) {
    trace_name_ = std::move(name);
    trace_layers_ = trace::Layers(layers);
  }

  // Where PeerHost drains the connection's events: after each input or timeout, and on the
  // loop's next turn after a service().
  void set_after_service(std::function<void()> callback) { after_service_ = std::move(callback); }

 private:
  void on_readable(std::size_t index);
  void on_timer();
  // Sends what the connection queued and re-arms the timer.
  void flush();
  void send(const Datagram& datagram);
  void record(const SocketAddress& from, const SocketAddress& to, BytesView data);

  EventLoop& loop_;
  PeerConnection& connection_;
  std::vector<UdpSocket> sockets_;
  std::optional<EventLoop::TimerId> timer_;
  std::optional<Timestamp> timer_at_;
  std::function<void()> after_service_;
  // The loop's next turn, when service() has events to deliver then (cancelled with the Driver).
  std::optional<EventLoop::TimerId> delivery_;
  std::string trace_name_;
  trace::Layers trace_layers_;
  PcapWriter* capture_ = nullptr;
  Traffic sent_;
  Traffic received_;
};

}  // namespace lucid::net
