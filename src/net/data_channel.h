// net::DataChannel: a peer DataChannel (peer/data_channel.h) running for real inside a PeerHost,
// with the W3C events as callbacks.
//
// The getters are the peer channel's. send() and close() queue on the channel and then let the
// host's Driver send what that produced, so a message leaves at once. The callbacks run on the
// loop thread, from the host draining its PeerConnection's events.
//
// The name is the W3C one on both layers: code that says `using namespace lucid;` and
// `using namespace lucid::net;` writes net::DataChannel (or auto) to pick this one.
//
// Threading, as for PeerHost: call the methods on the loop's thread (from a callback, or a task
// given to EventLoop::post()).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "peer/data_channel.h"

namespace lucid::net {

class Driver;

class DataChannel {
 public:
  const std::string& label() const { return channel_->label(); }
  const std::string& protocol() const { return channel_->protocol(); }
  std::optional<std::uint16_t> id() const { return channel_->id(); }
  bool ordered() const { return channel_->ordered(); }
  std::optional<std::uint16_t> max_retransmits() const { return channel_->max_retransmits(); }
  std::optional<std::uint16_t> max_packet_life_time() const {
    return channel_->max_packet_life_time();
  }
  bool negotiated() const { return channel_->negotiated(); }
  DataChannelState ready_state() const { return channel_->ready_state(); }
  std::size_t buffered_amount() const { return channel_->buffered_amount(); }
  std::size_t buffered_amount_low_threshold() const {
    return channel_->buffered_amount_low_threshold();
  }
  void set_buffered_amount_low_threshold(std::size_t threshold) {
    channel_->set_buffered_amount_low_threshold(threshold);
  }

  // As lucid::DataChannel::send/close (same exceptions), then the packets go out.
  void send(const std::string& text);
  void send(BytesView data);
  void close();

  // ---- the RTCDataChannel events, called on the loop thread ----
  std::function<void()> on_open;
  std::function<void(const MessageEvent&)> on_message;
  std::function<void()> on_close;
  std::function<void(const std::string&)> on_error;
  std::function<void()> on_buffered_amount_low;

  // The sans-IO channel underneath.
  const lucid::DataChannel& channel() const { return *channel_; }

  // Made by PeerHost only.
  DataChannel(std::shared_ptr<lucid::DataChannel> channel, Driver* driver)
      : channel_(std::move(channel)), driver_(driver) {}

 private:
  friend class PeerHost;
  void service();

  std::shared_ptr<lucid::DataChannel> channel_;
  Driver* driver_;  // nullptr once the host is gone
};

}  // namespace lucid::net
