// What a receiver counts about one incoming source, and the RTCP report block it says it in
// (RFC 3550 §6.4.1, Appendix A.3 and A.8).
//
//   - packets lost: expected (extended highest sequence number - first + 1) minus received.
//     Duplicates are counted as received, so the number can go below zero (A.3);
//   - fraction lost: the same over the interval since the last report, in 1/256ths;
//   - interarrival jitter (A.8): the mean deviation of the transit time, smoothed by 1/16,
//     in RTP timestamp units: J += (|D(i-1,i)| - J) / 16;
//   - LSR / DLSR: when the source's last SR came, so the source can compute the round trip.
//
// Sans-IO: arrival times come from the caller.
#pragma once

#include <cstdint>
#include <optional>

#include "common/time.h"
#include "rtp/rtcp.h"
#include "rtp/unwrap.h"

namespace lucid::rtp {

class ReceiverStatistics {
 public:
  // `ssrc` is the source listened to, `clock_rate` its RTP clock (90000 video, 48000 Opus).
  ReceiverStatistics(std::uint32_t ssrc, std::uint32_t clock_rate);

  // Every RTP packet of this source, as it arrives.
  void on_packet(std::uint16_t sequence_number, std::uint32_t rtp_timestamp, Timestamp arrival);
  // The source's SR, as it arrives: remembered for LSR and DLSR.
  void on_sender_report(const SenderReport& sr, Timestamp arrival);

  // The block for the next RR or SR; starts a new interval for fraction lost.
  ReportBlock report_block(Timestamp now);

  std::uint32_t ssrc() const { return ssrc_; }
  std::uint64_t packets_received() const { return received_; }
  // RFC 3550 A.3: expected - received since the first packet (negative with duplicates).
  std::int64_t packets_lost() const;
  // Jitter in RTP timestamp units (A.8), and in seconds, as getStats shows it.
  std::uint32_t jitter() const { return static_cast<std::uint32_t>(jitter_scaled_ >> 4); }
  double jitter_seconds() const { return static_cast<double>(jitter()) / clock_rate_; }

 private:
  std::uint32_t ssrc_;
  std::uint32_t clock_rate_;
  SequenceUnwrapper sequence_;
  std::int64_t base_sequence_ = 0;  // extended number of the first packet
  std::uint64_t received_ = 0;
  // A.3: the counts at the last report, for fraction lost.
  std::int64_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  // A.8: the last transit time, and J scaled by 16 as the RFC's integer code keeps it.
  std::optional<std::int64_t> last_transit_;
  std::int64_t jitter_scaled_ = 0;
  // LSR and when it came.
  std::uint32_t last_sr_ = 0;
  std::optional<Timestamp> last_sr_arrival_;
};

}  // namespace lucid::rtp
