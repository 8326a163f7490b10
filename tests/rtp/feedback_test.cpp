// The sender's side of feedback: the send history, NACK answered with retransmissions, PLI and
// FIR turned into key frame requests (RFC 4585 §6.2.1, §6.3.1, RFC 5104 §4.3.1); and Opus's
// 48 kHz timestamps (RFC 7587 §4.1).
#include <catch2/catch.hpp>

#include "rtp/feedback_responder.h"
#include "rtp/opus.h"
#include "rtp/rtcp.h"

using namespace lucid;
using namespace lucid::rtp;

namespace {

Packet sent(std::uint16_t seq) {
  Packet p;
  p.ssrc = 0xaa;
  p.sequence_number = seq;
  p.payload = {static_cast<std::uint8_t>(seq), static_cast<std::uint8_t>(seq >> 8)};
  return p;
}

Bytes rtcp(std::vector<RtcpPacket> packets) { return serialize_compound(packets).value(); }

}  // namespace

TEST_CASE("the send history keeps the last N packets by sequence number, across the wrap") {
  SendHistory history(8);
  for (int s = 65530; s < 65540; ++s) history.record(sent(static_cast<std::uint16_t>(s)));
  CHECK(history.find(65531) == nullptr);  // pushed out: ten sent, eight kept
  REQUIRE(history.find(65532) != nullptr);
  CHECK(history.find(65532)->sequence_number == 65532);
  REQUIRE(history.find(3) != nullptr);
  CHECK(history.find(4) == nullptr);  // never sent
  CHECK_THROWS_AS(SendHistory(100), std::invalid_argument);
}

TEST_CASE("a NACK is answered with the packets it names that are still held") {
  FeedbackResponder responder(0xaa, 16);
  for (std::uint16_t s = 100; s < 120; ++s) responder.on_sent(sent(s));
  responder.handle_input(rtcp({Nack::for_lost(0xbb, 0xaa, {101, 103, 119}),
                               Nack::for_lost(0xbb, 0xcc, {110})}),  // another source's: ignored
                         at_ms(0));
  CHECK(responder.poll_transmit()->sequence_number == 119);  // 101 and 103 are gone (16 held)
  CHECK_FALSE(responder.poll_transmit());
  responder.handle_input(rtcp({Nack::for_lost(0xbb, 0xaa, {105, 106})}), at_ms(10));
  CHECK(responder.poll_transmit()->payload == sent(105).payload);
  CHECK(responder.poll_transmit()->sequence_number == 106);
  CHECK(responder.nacked() == 5);
  CHECK(responder.retransmitted() == 3);
  CHECK_FALSE(responder.poll_event());
}

TEST_CASE("PLI and FIR become key frame requests, a repeated FIR only once") {
  FeedbackResponder responder(0xaa);
  responder.handle_input(rtcp({PictureLossIndication{0xbb, 0xaa}, PictureLossIndication{0xbb, 0xcc}}), at_ms(0));
  CHECK(responder.poll_event() == KeyframeRequested{0xaa, false});
  CHECK_FALSE(responder.poll_event());
  const RtcpPacket fir = FullIntraRequest{0xbb, 0, {{0xaa, 4}}};
  responder.handle_input(rtcp({fir}), at_ms(10));
  responder.handle_input(rtcp({fir}), at_ms(20));  // the same request again (RFC 5104 §4.3.1.2)
  CHECK(responder.poll_event() == KeyframeRequested{0xaa, true});
  CHECK_FALSE(responder.poll_event());
  responder.handle_input(rtcp({FullIntraRequest{0xbb, 0, {{0xaa, 5}}}}), at_ms(30));
  CHECK(responder.poll_event() == KeyframeRequested{0xaa, true});
  CHECK(responder.keyframe_requests() == 3);
  // A malformed compound changes nothing.
  responder.handle_input(Bytes{0x81, 0xce, 0x00, 0x09}, at_ms(40));
  CHECK_FALSE(responder.poll_event());
}

TEST_CASE("Opus packets advance the timestamp on a 48 kHz clock whatever the frame length") {
  CHECK(opus_timestamp_step(20ms) == 960);
  CHECK(opus_timestamp_step(Duration(2500)) == 120);  // 2.5 ms
  CHECK(opus_timestamp_step(60ms) == 2880);
  OpusPacketizer opus({.ssrc = 5, .payload_type = 111, .first_sequence_number = 65535, .first_timestamp = 4294966336u});
  const Bytes data{0xfc, 0xff, 0xfe};
  const Packet a = opus.packetize(data, 20ms);
  const Packet b = opus.packetize(data, 20ms);
  CHECK(a.payload == data);  // RFC 7587 §4.2: the Opus packet is the whole payload
  CHECK(a.timestamp == 4294966336u);
  CHECK(b.timestamp == 0);  // wrapped: 4294966336 + 960 = 2^32
  CHECK(b.sequence_number == 0);
  CHECK_FALSE(a.marker);
}
