#include "rtp/receiver_statistics.h"

#include <algorithm>
#include <cstdlib>

#include "common/trace.h"

namespace lucid::rtp {

ReceiverStatistics::ReceiverStatistics(std::uint32_t ssrc, std::uint32_t clock_rate)
    : ssrc_(ssrc), clock_rate_(clock_rate) {}

void ReceiverStatistics::on_packet(std::uint16_t sequence_number, std::uint32_t rtp_timestamp,
                                   Timestamp arrival) {
  const bool first = !sequence_.highest();
  const std::int64_t extended = sequence_.unwrap(sequence_number);
  if (first) base_sequence_ = extended;
  // A packet reordered from before the first one moves the base back (it was expected too).
  base_sequence_ = std::min(base_sequence_, extended);
  ++received_;

  // RFC 3550 A.8: arrival time in RTP timestamp units; transit = arrival - timestamp; the
  // difference D between two packets' transits, and J += (|D| - J)/16 kept as 16*J in integers:
  // "jitter += d - ((jitter + 8) >> 4)".
  const std::int64_t arrival_units =
      arrival.time_since_epoch().count() * static_cast<std::int64_t>(clock_rate_) / 1'000'000;
  const std::int64_t transit = arrival_units - static_cast<std::int64_t>(rtp_timestamp);
  if (last_transit_) {
    // RTP timestamps wrap at 2^32: the difference is taken modulo that.
    std::int64_t d = static_cast<std::int32_t>(static_cast<std::uint32_t>(transit - *last_transit_));
    d = std::llabs(d);
    jitter_scaled_ += d - ((jitter_scaled_ + 8) >> 4);
  }
  last_transit_ = transit;
}

void ReceiverStatistics::on_sender_report(const SenderReport& sr, Timestamp arrival) {
  // RFC 3550 §6.4.1: LSR is "the middle 32 bits out of 64 in the NTP timestamp".
  last_sr_ = static_cast<std::uint32_t>(sr.ntp_timestamp >> 16);
  last_sr_arrival_ = arrival;
}

std::int64_t ReceiverStatistics::packets_lost() const {
  if (!sequence_.highest()) return 0;
  const std::int64_t expected = *sequence_.highest() - base_sequence_ + 1;
  return expected - static_cast<std::int64_t>(received_);
}

ReportBlock ReceiverStatistics::report_block(Timestamp now) {
  ReportBlock block;
  block.ssrc = ssrc_;
  if (sequence_.highest()) {
    const std::int64_t expected = *sequence_.highest() - base_sequence_ + 1;
    // RFC 3550 A.3: the lost count is clamped to the 24-bit signed field.
    block.cumulative_lost = static_cast<std::int32_t>(std::clamp<std::int64_t>(packets_lost(), -0x800000, 0x7FFFFF));
    const std::int64_t expected_interval = expected - expected_prior_;
    const std::int64_t received_interval = static_cast<std::int64_t>(received_ - received_prior_);
    const std::int64_t lost_interval = expected_interval - received_interval;
    // "if (expected_interval == 0 || lost_interval <= 0) fraction = 0;
    //  else fraction = (lost_interval << 8) / expected_interval;"
    if (expected_interval > 0 && lost_interval > 0)
      block.fraction_lost = static_cast<std::uint8_t>(std::min<std::int64_t>(255, (lost_interval << 8) / expected_interval));
    expected_prior_ = expected;
    received_prior_ = received_;
    block.extended_highest_sequence = static_cast<std::uint32_t>(*sequence_.highest());
  }
  block.jitter = jitter();
  if (last_sr_arrival_) {
    block.last_sr = last_sr_;
    // DLSR in units of 1/65536 seconds.
    const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(now - *last_sr_arrival_).count();
    block.delay_since_last_sr = static_cast<std::uint32_t>(std::max<std::int64_t>(0, delay) * 65536 / 1'000'000);
  }
  LUCID_TRACE("rtp", "report block for ssrc ", ssrc_, ": ", received_, " received, lost ",
              block.cumulative_lost, " (", int{block.fraction_lost}, "/256 since last report), jitter ",
              block.jitter);
  return block;
}

}  // namespace lucid::rtp
