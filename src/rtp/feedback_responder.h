// What a media sender does with the RTCP feedback it receives (RFC 4585, RFC 5104):
//   - a generic NACK (§6.2.1) names lost packets: they are sent again from the send history,
//     with their original sequence numbers (lucid does not use the RTX format of RFC 4588);
//   - a PLI (§6.3.1) or FIR (RFC 5104 §4.3.1) asks for a key frame: that becomes a
//     KeyframeRequested event for the encoder, which only the application has.
// A FIR repeated with the same command sequence number is the same request, sent again in case
// it was lost (RFC 5104 §4.3.1.2): it is not turned into a second event.
//
// Sans-IO: handle_input(rtcp, now) takes a decrypted RTCP compound; poll_transmit() gives the
// packets to send again; poll_event() the key frame requests. It has no timer.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "common/sans_io.h"
#include "common/time.h"
#include "rtp/packet.h"
#include "rtp/send_history.h"

namespace lucid::rtp {

struct KeyframeRequested {
  std::uint32_t media_ssrc = 0;
  bool by_fir = false;  // false: by PLI
  friend bool operator==(const KeyframeRequested&, const KeyframeRequested&) = default;
};

class FeedbackResponder {
 public:
  // Answers feedback about `media_ssrc`, the source this sender sends.
  explicit FeedbackResponder(std::uint32_t media_ssrc, std::size_t history_capacity = 512);

  // Every packet sent, so that a NACK can be answered.
  void on_sent(const Packet& packet) { history_.record(packet); }

  // A decrypted RTCP compound from the receiver. A malformed one is dropped with a trace line.
  void handle_input(BytesView rtcp, Timestamp now);
  std::optional<Packet> poll_transmit();
  std::optional<KeyframeRequested> poll_event();
  std::optional<Timestamp> poll_timeout() const { return std::nullopt; }
  void handle_timeout(Timestamp) {}

  std::uint64_t nacked() const { return nacked_; }              // sequence numbers asked for
  std::uint64_t retransmitted() const { return retransmitted_; }  // of those, sent again
  std::uint64_t keyframe_requests() const { return keyframe_requests_; }

 private:
  std::uint32_t media_ssrc_;
  SendHistory history_;
  std::deque<Packet> transmits_;
  std::deque<KeyframeRequested> events_;
  std::map<std::uint32_t, std::uint8_t> last_fir_;  // by requesting SSRC: its last Seq nr.
  std::uint64_t nacked_ = 0;
  std::uint64_t retransmitted_ = 0;
  std::uint64_t keyframe_requests_ = 0;
};

static_assert(SansIo<FeedbackResponder, BytesView, Packet>);

}  // namespace lucid::rtp
