// sctp::Stream: what SCTP keeps for one data channel (RFC 8831 §6.1: a pair of one incoming and
// one outgoing SCTP stream with the same id) — the id, the reliability it was opened with, where
// it is in opening (DCEP, RFC 8832 §6) and in closing (stream reset, RFC 8831 §6.7), and how much
// of what was sent still waits in lucid (bufferedAmount). That is all SCTP needs. The channel's
// readyState is held once, by the application-facing lucid::DataChannel (peer/data_channel.h),
// which follows the association's events (ChannelOpened, ChannelClosed); the Association owns
// these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sctp/dcep.h"

namespace lucid::sctp {

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
  // On the wire: its DCEP OPEN is sent or received, or (negotiated) the association is up.
  bool opened() const { return opening_ != Opening::Waiting; }
  // Its close has begun: we asked to reset our outgoing stream, or the remote reset its own.
  bool closing() const {
    return outgoing_reset_ != Reset::None || incoming_reset_ != Reset::None;
  }
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
  std::size_t buffered_amount_ = 0;
  std::size_t buffered_amount_low_threshold_ = 0;
  std::size_t queued_messages_ = 0;  // in lucid's send queue, DCEP messages included

  // Opening (RFC 8832 §6). A channel made here waits for the association; then the opener sends
  // DATA_CHANNEL_OPEN and may send at once, but ordered until the ACK arrives. A negotiated
  // channel (no DCEP) and one the remote opened have nothing to wait for.
  enum class Opening { Waiting, AwaitingAck, Acked, Negotiated, OpenedByRemote };
  Opening opening_ = Opening::Waiting;
  bool may_send_unordered() const { return opening_ != Opening::AwaitingAck; }

  // Closing (RFC 8831 §6.7): each direction of the stream is reset once. Ours is asked for
  // first, and requested by RE-CONFIG once the messages queued before it are on their way.
  enum class Reset { None, Asked, Requested, Done };
  Reset outgoing_reset_ = Reset::None;  // ours
  Reset incoming_reset_ = Reset::None;  // the remote's (only ever none or done)
  bool reset_both_ways() const {
    return outgoing_reset_ == Reset::Done && incoming_reset_ == Reset::Done;
  }
  // Closing because a received message broke a rule (RFC 8831 §6.6): what still arrives on
  // the stream is dropped.
  bool closed_for_error_ = false;
};

}  // namespace lucid::sctp
