#include "net/driver.h"

#include "common/trace.h"

namespace lucid::net {

Driver::Driver(EventLoop& loop, PeerConnection& connection)
    : loop_(loop), connection_(connection) {}

Driver::~Driver() {
  for (const auto& socket : sockets_) loop_.unwatch(socket.fd());
  if (timer_) loop_.cancel(*timer_);
  if (delivery_) loop_.cancel(*delivery_);
}

SocketAddress Driver::add_socket(UdpSocket socket) {
  const std::size_t index = sockets_.size();
  const SocketAddress local = socket.local_address();
  loop_.watch_readable(socket.fd(), [this, index] { on_readable(index); });
  sockets_.push_back(std::move(socket));
  return local;
}

std::vector<SocketAddress> Driver::local_addresses() const {
  std::vector<SocketAddress> out;
  for (const auto& socket : sockets_) out.push_back(socket.local_address());
  return out;
}

void Driver::on_readable(std::size_t index) {
  const trace::PeerScope scope(trace_name_, trace_layers_);
  // Drain what is waiting (bounded, so one busy socket cannot starve the others or the timers).
  for (int i = 0; i < 64; ++i) {
    auto received = sockets_[index].receive_from();
    if (!received) {
      LUCID_TRACE("net", "receive failed: ", received.error().message());
      break;
    }
    if (!received->has_value()) break;
    const Datagram& datagram = **received;
    received_.count(datagram.data);
    record(datagram.remote, datagram.local, datagram.data);
    connection_.handle_input(datagram, EventLoop::now());
  }
  flush();
  if (after_service_) after_service_();
}

void Driver::on_timer() {
  const trace::PeerScope scope(trace_name_, trace_layers_);
  timer_.reset();
  timer_at_.reset();
  connection_.handle_timeout(EventLoop::now());
  flush();
  if (after_service_) after_service_();
}

void Driver::service() {
  const trace::PeerScope scope(trace_name_, trace_layers_);
  flush();
  if (after_service_ && !delivery_)
    delivery_ = loop_.call_at(EventLoop::now(), [this] {
      delivery_.reset();
      const trace::PeerScope scope(trace_name_, trace_layers_);
      after_service_();
    });
}

void Driver::flush() {
  while (auto datagram = connection_.poll_transmit()) send(*datagram);

  // Re-arm the timer only when the connection's deadline moved.
  const auto next = connection_.poll_timeout();
  if (next != timer_at_) {
    if (timer_) loop_.cancel(*timer_);
    timer_.reset();
    timer_at_ = next;
    if (next) timer_ = loop_.call_at(*next, [this] { on_timer(); });
  }
  if (capture_) {
    if (auto flushed = capture_->flush(); !flushed)
      LUCID_TRACE("net", "capture: ", flushed.error().message());
  }
}

void Driver::send(const Datagram& datagram) {
  for (auto& socket : sockets_) {
    if (socket.local_address() != datagram.local) continue;
    if (auto sent = socket.send_to(datagram.data, datagram.remote); !sent) {
      LUCID_TRACE("net", "send failed: ", sent.error().message());
      return;
    }
    sent_.count(datagram.data);
    record(datagram.local, datagram.remote, datagram.data);
    return;
  }
  LUCID_TRACE("net", "dropped a datagram for ", datagram.remote.to_string(),
              ": no socket is bound to ", datagram.local.to_string());
}

void Driver::record(const SocketAddress& from, const SocketAddress& to, BytesView data) {
  if (!capture_) return;
  if (auto written = capture_->write_datagram(EventLoop::now(), from, to, data); !written)
    LUCID_TRACE("net", "capture: ", written.error().message());
}

}  // namespace lucid::net
