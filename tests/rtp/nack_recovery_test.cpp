// VP8 video over the simulated network (tests/support/sim_network.h) with loss, jitter,
// reordering and duplication: the receiver NACKs what its depacketizer is missing, the
// sender's FeedbackResponder resends it from its history, and every frame arrives intact and in
// order. The same run without NACK loses frames: the recovery is NACK's doing.
#include <catch2/catch.hpp>

#include "rtp/rtp.h"
#include "support/sim_network.h"

using namespace lucid;
using namespace lucid::rtp;
using lucid::test::SimNetwork;

namespace {

const SocketAddress kSender = *SocketAddress::parse("192.0.2.1:5000");
const SocketAddress kReceiver = *SocketAddress::parse("192.0.2.2:5000");
constexpr std::uint32_t kSsrc = 0x5ee1;
constexpr int kFrames = 150;  // 5 s at 30 frames per second

Bytes make_frame(int i) {
  Bytes f(static_cast<std::size_t>(800 + (i % 7) * 600));  // 1-3 packets of 1,200 bytes
  for (std::size_t b = 0; b < f.size(); ++b) f[b] = static_cast<std::uint8_t>(i + b);
  f[0] = i == 0 ? 0x10 : 0x11;  // only the first is a key frame
  return f;
}

struct Outcome {
  std::vector<Vp8Frame> frames;
  std::uint64_t retransmitted = 0;
  std::size_t dropped_by_network = 0;
};

Outcome run(bool nack) {
  SimNetwork net(7);
  net.add_host(kSender.ip);
  net.add_host(kReceiver.ip);
  net.everywhere.delay = 20ms;
  net.everywhere.jitter = 5ms;
  net.everywhere.loss = 0.05;
  net.everywhere.reorder = 0.02;
  net.everywhere.duplicate = 0.01;

  Vp8Packetizer packetizer({.ssrc = kSsrc, .payload_type = 96, .first_sequence_number = 65400, .mtu = 1200});
  FeedbackResponder responder(kSsrc);
  Vp8Depacketizer depacketizer;
  Outcome out;
  auto send_media = [&](const Packet& p) { net.send(kSender, kReceiver, serialize(p).value()); };

  Timestamp next_frame = net.now();
  Timestamp next_nack = net.now();
  int sent = 0;
  // Half a second after the last frame for the last retransmissions to land.
  const Timestamp end = at_ms(kFrames * 33 + 500);
  while (net.now() < end) {
    Timestamp wake = sent < kFrames ? std::min(next_frame, next_nack) : next_nack;
    if (auto arrival = net.next_arrival()) wake = std::min(wake, *arrival);
    net.advance_to(wake);
    if (sent < kFrames && net.now() >= next_frame) {
      for (const Packet& p : packetizer.packetize(make_frame(sent), static_cast<std::uint32_t>(sent * 3000))) {
        responder.on_sent(p);
        send_media(p);
      }
      ++sent;
      next_frame += 33ms;
    }
    if (net.now() >= next_nack) {
      // Every 20 ms the receiver asks again for what it still lacks (RFC 4585 §3.5.3 lets an
      // endpoint in immediate feedback mode send as often as that).
      if (nack) {
        if (auto lost = depacketizer.missing(); !lost.empty())
          net.send(kReceiver, kSender, serialize(RtcpPacket{Nack::for_lost(1, kSsrc, lost)}).value());
      }
      next_nack += 20ms;
    }
    while (auto arrival = net.pop_arrival()) {
      if (arrival->to == kReceiver) {
        REQUIRE_FALSE(is_rtcp(arrival->data));
        auto packet = parse(arrival->data);
        REQUIRE(packet.ok());
        depacketizer.handle_packet(*packet);
        while (auto frame = depacketizer.poll_frame()) out.frames.push_back(std::move(*frame));
      } else {
        REQUIRE(is_rtcp(arrival->data));
        responder.handle_input(arrival->data, net.now());
        while (auto again = responder.poll_transmit()) send_media(*again);
      }
    }
  }
  out.retransmitted = responder.retransmitted();
  out.dropped_by_network = net.dropped_count();
  return out;
}

}  // namespace

TEST_CASE("NACK recovers every lost video packet on a lossy path: all frames arrive intact, in order") {
  const Outcome with = run(true);
  CHECK(with.dropped_by_network > 10);  // the path really lost packets (and some NACKs)
  CHECK(with.retransmitted > 0);
  REQUIRE(with.frames.size() == kFrames);
  for (int i = 0; i < kFrames; ++i) {
    CHECK(with.frames[static_cast<std::size_t>(i)].rtp_timestamp == static_cast<std::uint32_t>(i * 3000));
    CHECK(with.frames[static_cast<std::size_t>(i)].data == make_frame(i));
  }
}

TEST_CASE("without NACK the same lossy path loses video: frames stop at the first lost packet") {
  const Outcome without = run(false);
  CHECK(without.frames.size() < kFrames);
  CHECK(without.retransmitted == 0);
}
