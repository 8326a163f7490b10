// Receiver statistics (RFC 3550 A.3 loss, A.8 jitter) and the report block they produce.
#include <catch2/catch.hpp>

#include "rtp/receiver_statistics.h"

using namespace lucid;
using namespace lucid::rtp;

TEST_CASE("packets lost and fraction lost follow RFC 3550 A.3, across a sequence number wrap") {
  ReceiverStatistics stats(0x1234, 48000);
  // 65530 .. 65535, 0 .. 3: ten expected; 65532 and 1 never come.
  std::uint32_t ts = 0;
  int ms = 0;
  for (int s = 65530; s < 65540; ++s, ts += 960, ms += 20) {
    const auto seq = static_cast<std::uint16_t>(s);
    if (seq == 65532 || seq == 1) continue;
    stats.on_packet(seq, ts, at_ms(ms));
  }
  CHECK(stats.packets_received() == 8);
  CHECK(stats.packets_lost() == 2);
  const ReportBlock first = stats.report_block(at_ms(200));
  CHECK(first.ssrc == 0x1234);
  CHECK(first.cumulative_lost == 2);
  CHECK(first.fraction_lost == 2 * 256 / 10);  // 51
  CHECK(first.extended_highest_sequence == 65536 + 3);  // one cycle, highest 3
  CHECK(first.jitter == 0);  // perfectly paced
  // Next interval: four arrive, none lost; one of them a duplicate, so expected 3, received 4.
  stats.on_packet(4, ts, at_ms(ms));
  stats.on_packet(5, ts + 960, at_ms(ms + 20));
  stats.on_packet(5, ts + 960, at_ms(ms + 20));
  stats.on_packet(6, ts + 1920, at_ms(ms + 40));
  const ReportBlock second = stats.report_block(at_ms(300));
  CHECK(second.fraction_lost == 0);
  CHECK(second.cumulative_lost == 1);  // the duplicate makes up for one loss
}

TEST_CASE("interarrival jitter grows by |D|/16 as RFC 3550 A.8 computes it") {
  ReceiverStatistics stats(1, 90000);
  // Frames every 33.333 ms at 90 kHz: 3000 ticks. The third packet is 10 ms late (900 ticks).
  stats.on_packet(1, 0, Timestamp(0us));
  stats.on_packet(2, 3000, Timestamp(33'333us));
  CHECK(stats.jitter() == 0);
  stats.on_packet(3, 6000, Timestamp(66'667us + 10'000us));
  CHECK(stats.jitter() == 56);   // 900/16 = 56.25
  stats.on_packet(4, 9000, Timestamp(100'000us));
  CHECK(stats.jitter() == 109);  // 56.25 + (900 - 56.25)/16 = 108.98
  CHECK(stats.jitter_seconds() == Approx(109.0 / 90000));
}

TEST_CASE("LSR and DLSR tell the sender when its last SR came") {
  ReceiverStatistics stats(1, 90000);
  stats.on_packet(1, 0, at_ms(0));
  SenderReport sr;
  sr.ntp_timestamp = 0x0001'2345'6789'0000ULL;
  stats.on_sender_report(sr, at_ms(1000));
  const ReportBlock block = stats.report_block(at_ms(1500));
  CHECK(block.last_sr == 0x23456789);
  CHECK(block.delay_since_last_sr == 32768);  // half a second in 1/65536 s
}
