#include "net/data_channel.h"

#include "net/driver.h"

namespace lucid::net {

void DataChannel::send(const std::string& text) {
  on_loop([&] {
    channel_->send(text);
    service();
  });
}

void DataChannel::send(BytesView data) {
  on_loop([&] {
    channel_->send(data);
    service();
  });
}

void DataChannel::close() {
  on_loop([&] {
    channel_->close();
    service();
  });
}

// The Driver polls the connection, which moves what the channel queued through SCTP, DTLS and
// ICE onto the socket, and re-arms the timer for SCTP's retransmissions.
void DataChannel::service() {
  if (driver_) driver_->service();
}

}  // namespace lucid::net
