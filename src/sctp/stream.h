// sctp::Stream: what SCTP keeps for one data channel (RFC 8831 §6.1: a pair of one incoming and
// one outgoing SCTP stream with the same id) — the id, the reliability it was opened with, where
// it is in DCEP and in closing by stream reset (its StreamState), and how much of what was sent
// still waits in lucid (bufferedAmount). The application-facing channel, whose readyState the
// W3C events follow, is lucid::DataChannel (peer/data_channel.h); the Association owns these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sctp/dcep.h"

namespace lucid::sctp {

// Where the stream pair is: opening (DCEP not yet acknowledged), open, closing (a stream reset
// asked for, RFC 8831 §6.7), closed (reset both ways). lucid::DataChannel's readyState follows
// these through the association's events.
enum class StreamState { Connecting, Open, Closing, Closed };
const char* to_string(StreamState state);

// W3C RTCDataChannelInit, plus the priority DCEP carries.
struct ChannelInit {
  std::string label;
  std::string protocol;
  bool ordered = true;
  // At most one of the two may be set (W3C: TypeError otherwise); neither means reliable.
  std::optional<std::uint32_t> max_retransmits;
  std::optional<std::uint32_t> max_packet_life_time;  // milliseconds
  // negotiated=true: both applications create the channel with the same id, no DCEP is sent.
  bool negotiated = false;
  std::optional<std::uint16_t> id;  // required when negotiated, chosen by lucid otherwise
  std::uint16_t priority = dcep::kPriorityNormal;
};

class Stream {
 public:
  Stream(std::uint16_t id, const ChannelInit& init);

  std::uint16_t id() const { return id_; }
  const std::string& label() const { return label_; }
  const std::string& protocol() const { return protocol_; }
  bool ordered() const { return ordered_; }
  std::optional<std::uint32_t> max_retransmits() const { return max_retransmits_; }
  std::optional<std::uint32_t> max_packet_life_time() const { return max_packet_life_time_; }
  bool negotiated() const { return negotiated_; }
  std::uint16_t priority() const { return priority_; }
  StreamState state() const { return state_; }
  // Bytes given to send() that usrsctp has not yet taken (W3C bufferedAmount).
  std::size_t buffered_amount() const { return buffered_amount_; }
  std::size_t buffered_amount_low_threshold() const { return buffered_amount_low_threshold_; }

  // The DCEP view of the reliability options (RFC 8832 §5.1) and back.
  dcep::Open to_open() const;
  static ChannelInit from_open(const dcep::Open& open);

 private:
  friend class Association;

  std::uint16_t id_;
  std::string label_;
  std::string protocol_;
  bool ordered_;
  std::optional<std::uint32_t> max_retransmits_;
  std::optional<std::uint32_t> max_packet_life_time_;
  bool negotiated_;
  std::uint16_t priority_;
  StreamState state_ = StreamState::Connecting;
  std::size_t buffered_amount_ = 0;
  std::size_t buffered_amount_low_threshold_ = 0;
  std::size_t queued_messages_ = 0;  // in lucid's send queue, DCEP messages included

  // Where the channel is in DCEP (RFC 8832 §6). Until the ACK arrives, an opener sends
  // ordered; channels that skip DCEP or were opened by the remote have nothing to wait for.
  enum class Dcep { Negotiated, OpenToSend, AwaitingAck, Acked, OpenedByRemote };
  Dcep dcep_ = Dcep::Negotiated;
  bool may_send_unordered() const {
    return dcep_ != Dcep::OpenToSend && dcep_ != Dcep::AwaitingAck;
  }

  // Closing (RFC 8831 §6.7): each direction of the stream is reset once.
  enum class Reset { None, Requested, Done };
  Reset outgoing_reset_ = Reset::None;  // ours, by RE-CONFIG
  Reset incoming_reset_ = Reset::None;  // the remote's (only ever none or done)
  bool reset_both_ways() const {
    return outgoing_reset_ == Reset::Done && incoming_reset_ == Reset::Done;
  }
  // Closing because a received message broke a rule (RFC 8831 §6.6): what still arrives on
  // the stream is dropped.
  bool closed_for_error_ = false;
};

}  // namespace lucid::sctp
