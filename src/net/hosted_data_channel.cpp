#include "net/hosted_data_channel.h"

#include "net/driver.h"

namespace lucid::net {

void HostedDataChannel::send(const std::string& text) {
  on_loop([&] {
    channel_->send(text);
    service();
  });
}

void HostedDataChannel::send(BytesView data) {
  on_loop([&] {
    channel_->send(data);
    service();
  });
}

void HostedDataChannel::close() {
  on_loop([&] {
    channel_->close();
    service();
  });
}

OpenHandler& OpenHandler::operator=(std::function<void()> handler) {
  owner_.on_loop([&] {
    handler_ = std::move(handler);
    if (!owner_.open_undelivered_ || !handler_) return;
    owner_.open_undelivered_ = false;
    // Not from inside this assignment: on the loop's next turn, as the event it stands for.
    if (EventLoop* loop = owner_.loop_)
      loop->post([weak = owner_.weak_from_this()] {
        if (auto owner = weak.lock(); owner && owner->on_open) owner->on_open();
      });
  });
  return *this;
}

void HostedDataChannel::deliver_open() {
  if (on_open)
    on_open();
  else
    open_undelivered_ = true;
}

// The Driver polls the connection, which moves what the channel queued through SCTP, DTLS and
// ICE onto the socket, and re-arms the timer for SCTP's retransmissions.
void HostedDataChannel::service() {
  if (driver_) driver_->service();
}

}  // namespace lucid::net
