// DataChannel — lucid's RTCDataChannel (W3C webrtc-pc §6.2): a handle on one SCTP stream pair
// of the connection's sctp::Association (RFC 8831), opened with DCEP (RFC 8832) or negotiated.
//
// A PeerConnection makes it (create_data_channel, or a DataChannelEvent when the far side opens
// one) and keeps it alive for as long as it lives; the application holds a shared_ptr. What
// happens to a channel (open, message, close, error, bufferedamountlow) comes out of
// PeerConnection::poll_event() as a DataChannel*Event that names the channel: the connection is
// sans-IO, so nothing is called back from inside it. net::PeerHost turns those events into
// callbacks on net::HostedDataChannel.
//
// send() and close() only queue: the SCTP packets leave through PeerConnection::poll_transmit(),
// which first moves what the association has to send through DTLS and ICE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "common/bytes.h"
#include "peer/stats.h"

namespace lucid {

// RTCDataChannelInit (webrtc-pc §6.2). The label is create_data_channel's first argument.
struct DataChannelInit {
  bool ordered = true;
  // At most one of the two (webrtc-pc §6.1 step 10: TypeError otherwise); neither = reliable.
  // (Every member has an initializer so that {.negotiated = true, .id = 1} warns under none of
  // -Wextra's checks.)
  std::optional<std::uint16_t> max_retransmits = std::nullopt;
  std::optional<std::uint16_t> max_packet_life_time = std::nullopt;  // milliseconds
  std::string protocol = {};
  // negotiated: both applications create the channel with the same id and no DCEP is sent.
  bool negotiated = false;
  std::optional<std::uint16_t> id = std::nullopt;  // required when negotiated; else lucid's
};

// RTCDataChannelState.
enum class DataChannelState { Connecting, Open, Closing, Closed };
const char* to_string(DataChannelState state);  // "connecting", "open", "closing", "closed"

// MessageEvent.data: a string for a text message (PPID 51/56), bytes for a binary one (53/57).
struct MessageEvent {
  std::variant<std::string, Bytes> data;
  bool is_text() const { return std::holds_alternative<std::string>(data); }
  const std::string& text() const { return std::get<std::string>(data); }  // throws if binary
  const Bytes& binary() const { return std::get<Bytes>(data); }             // throws if text
};

class PeerConnection;
class DataChannelLink;  // peer/data_channel_link.h: the connection's side of a channel

class DataChannel {
 public:
  ~DataChannel();
  DataChannel(const DataChannel&) = delete;
  DataChannel& operator=(const DataChannel&) = delete;

  const std::string& label() const { return label_; }
  const std::string& protocol() const { return init_.protocol; }
  // The SCTP stream id; nullopt until the DTLS role is known, which decides its parity
  // (RFC 8832 §6: the DTLS client picks even ids, the server odd), unless negotiated.
  std::optional<std::uint16_t> id() const { return id_; }
  bool ordered() const { return init_.ordered; }
  std::optional<std::uint16_t> max_retransmits() const { return init_.max_retransmits; }
  std::optional<std::uint16_t> max_packet_life_time() const { return init_.max_packet_life_time; }
  bool negotiated() const { return init_.negotiated; }
  DataChannelState ready_state() const;
  // Bytes given to send() that have not yet left lucid for the SCTP stack.
  std::size_t buffered_amount() const;
  std::size_t buffered_amount_low_threshold() const { return low_threshold_; }
  void set_buffered_amount_low_threshold(std::size_t threshold);

  // webrtc-pc §6.2 send(): throws InvalidStateError (std::logic_error) unless the channel is
  // open, and std::length_error (TypeError in the browser) for a message above the remote
  // a=max-message-size; in both cases nothing is sent.
  void send(const std::string& text);
  void send(BytesView data);
  // Starts the closing procedure (RFC 8831 §6.7): queued messages still go, then the outgoing
  // stream is reset and the far side resets its own; ready_state goes closing, then closed.
  void close();

 private:
  friend class DataChannelLink;
  DataChannel(std::string label, DataChannelInit init, DataChannelLink* link);

  std::string label_;
  DataChannelInit init_;
  std::optional<std::uint16_t> id_;
  std::size_t low_threshold_ = 0;
  DataChannelState state_ = DataChannelState::Connecting;
  DataChannelLink* link_;  // nullptr once the connection is gone
  MessageCounters counters_;  // for PeerConnection::get_stats (RTCDataChannelStats)
};

// ---- events, through PeerConnection::poll_event() ----
// A channel we create: "open" once DCEP's DATA_CHANNEL_ACK arrives (or SCTP is up, if
// negotiated). A channel the far side opens (webrtc-pc §6.2, "announce the data channel as
// open"): first DataChannelEvent, with the channel's ready_state already Open; then its
// DataChannelOpenEvent, as Chrome and Firefox fire ondatachannel and then onopen. An open event
// is not given for a channel closed before its turn comes (closed on "datachannel", say).
//
// RTCDataChannelEvent "datachannel": the far side opened a channel (DCEP DATA_CHANNEL_OPEN).
struct DataChannelEvent {
  std::shared_ptr<DataChannel> channel;
};
struct DataChannelOpenEvent {  // "open"
  std::shared_ptr<DataChannel> channel;
};
struct DataChannelMessageEvent {  // "message"
  std::shared_ptr<DataChannel> channel;
  MessageEvent message;
};
struct DataChannelClosingEvent {  // "closing": the far side began closing the channel
  std::shared_ptr<DataChannel> channel;
};
struct DataChannelCloseEvent {  // "close"
  std::shared_ptr<DataChannel> channel;
};
struct DataChannelErrorEvent {  // "error" (RTCErrorEvent)
  std::shared_ptr<DataChannel> channel;
  std::string error;
};
struct BufferedAmountLowEvent {  // "bufferedamountlow"
  std::shared_ptr<DataChannel> channel;
};

}  // namespace lucid
