// net::HostedDataChannel: a lucid::DataChannel (peer/data_channel.h) hosted by a PeerHost, that
// is, running for real on its loop thread, with the W3C events as callbacks.
//
// The getters are the peer channel's. send() and close() queue on the channel and then let the
// host's Driver send what that produced, so a message leaves at once. The callbacks run on the
// loop thread, from the host draining its PeerConnection's events.
//
// It has its own name so that one name means one class: lucid::DataChannel holds the channel's
// state (readyState, bufferedAmount) and is what a PeerConnection hands out; this is the handle
// to one from other threads, as PeerHost is to a PeerConnection.
//
// Threading, as for PeerHost (net/peer_host.h): every method is safe to call from any thread (a
// call from another thread runs on the loop thread and waits for it), and the callbacks run on
// the loop thread. Set the callbacks in on_data_channel, or before the channel opens.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "net/event_loop.h"
#include "peer/data_channel.h"

namespace lucid::net {

class Driver;
class HostedDataChannel;

// The "open" handler of a net::HostedDataChannel. Assigning one is safe from any thread. If the
// channel opened while no handler was set — a channel created off the loop thread once SCTP is
// up opens at once, before the caller could set this — the handler assigned next is still
// called, on the loop thread, as a browser's queued open event still reaches a handler set right
// after createDataChannel returns (webrtc-pc §6.2; events are delivered, never lost to timing).
class OpenHandler {
 public:
  OpenHandler& operator=(std::function<void()> handler);
  explicit operator bool() const { return static_cast<bool>(handler_); }
  void operator()() const { handler_(); }

 private:
  friend class HostedDataChannel;
  explicit OpenHandler(HostedDataChannel& owner) : owner_(owner) {}
  HostedDataChannel& owner_;
  std::function<void()> handler_;
};

class HostedDataChannel : public std::enable_shared_from_this<HostedDataChannel> {
 public:
  // The W3C attributes. label, protocol, ordered, max_retransmits, max_packet_life_time and
  // negotiated never change; id is set once the DTLS role is known.
  std::string label() const { return on_loop([&] { return channel_->label(); }); }
  std::string protocol() const { return on_loop([&] { return channel_->protocol(); }); }
  std::optional<std::uint16_t> id() const { return on_loop([&] { return channel_->id(); }); }
  bool ordered() const { return on_loop([&] { return channel_->ordered(); }); }
  std::optional<std::uint16_t> max_retransmits() const {
    return on_loop([&] { return channel_->max_retransmits(); });
  }
  std::optional<std::uint16_t> max_packet_life_time() const {
    return on_loop([&] { return channel_->max_packet_life_time(); });
  }
  bool negotiated() const { return on_loop([&] { return channel_->negotiated(); }); }
  DataChannelState ready_state() const { return on_loop([&] { return channel_->ready_state(); }); }
  std::size_t buffered_amount() const {
    return on_loop([&] { return channel_->buffered_amount(); });
  }
  std::size_t buffered_amount_low_threshold() const {
    return on_loop([&] { return channel_->buffered_amount_low_threshold(); });
  }
  void set_buffered_amount_low_threshold(std::size_t threshold) {
    on_loop([&] { channel_->set_buffered_amount_low_threshold(threshold); });
  }

  // As lucid::DataChannel::send/close (same exceptions), then the packets go out.
  void send(const std::string& text);
  void send(BytesView data);
  void close();

  // ---- the RTCDataChannel events, called on the loop thread ----
  OpenHandler on_open{*this};
  std::function<void(const MessageEvent&)> on_message;
  std::function<void()> on_closing;  // the far side began closing the channel
  std::function<void()> on_close;
  std::function<void(const std::string&)> on_error;
  std::function<void()> on_buffered_amount_low;

  // The sans-IO channel underneath, to read on the loop thread.
  const lucid::DataChannel& channel() const { return *channel_; }

  // Made by PeerHost only, on the loop thread.
  HostedDataChannel(std::shared_ptr<lucid::DataChannel> channel, Driver* driver, EventLoop* loop)
      : channel_(std::move(channel)), driver_(driver), loop_(loop) {}
  // Called by PeerHost, on the loop thread, when it goes: the channel stays readable but no
  // longer reaches the Driver or the loop.
  void detach() {
    driver_ = nullptr;
    loop_ = nullptr;
  }
  // Called by PeerHost, on the loop thread, for the channel's open event.
  void deliver_open();

 private:
  void service();
  // Runs `task` on the loop thread (EventLoop::invoke), or here once the host is gone.
  template <typename Task>
  auto on_loop(Task&& task) const -> std::invoke_result_t<Task&> {
    EventLoop* loop = loop_;
    return loop ? loop->invoke(std::forward<Task>(task)) : task();
  }

  friend class OpenHandler;
  std::shared_ptr<lucid::DataChannel> channel_;
  bool open_undelivered_ = false;  // it opened while on_open was empty (loop thread only)
  Driver* driver_;                 // nullptr once the host is gone (read on the loop thread)
  std::atomic<EventLoop*> loop_;   // nullptr once the host is gone (read on any thread)
};

}  // namespace lucid::net
