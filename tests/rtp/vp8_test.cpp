// VP8 over RTP (RFC 7741): the payload descriptor, cutting frames into packets and putting
// them back together through reordering, duplication and loss.
#include <catch2/catch.hpp>

#include <algorithm>

#include "common/hex.h"
#include "rtp/vp8_depacketizer.h"
#include "rtp/vp8_descriptor.h"
#include "rtp/vp8_packetizer.h"

using namespace lucid;
using namespace lucid::rtp;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

// A fake frame: byte 0 is the VP8 payload header's first byte (P bit 0 = key frame), the rest
// a counting pattern so that a misplaced piece shows.
Bytes frame(std::size_t size, bool key, std::uint8_t seed) {
  Bytes f(size);
  for (std::size_t i = 0; i < size; ++i) f[i] = static_cast<std::uint8_t>(seed + i * 7);
  f[0] = static_cast<std::uint8_t>(key ? 0x10 : 0x11);
  return f;
}

}  // namespace

TEST_CASE("the VP8 descriptor's fields read as RFC 7741 section 4.2 lays them out") {
  // X=1 N=1 S=1 PID=2 | I L T K | M=1 picture id 0x1234 | TL0PICIDX 9 | TID=2 Y=1 KEYIDX=5
  const Bytes wire = hex("b2 f0 9234 09 a5 ff");
  auto all = parse_vp8(wire);  // the payload it gives is a view into `wire`
  REQUIRE(all.ok());
  const Vp8Descriptor& d = all->descriptor;
  CHECK(d.non_reference);
  CHECK(d.start_of_partition);
  CHECK(d.partition_index == 2);
  CHECK_FALSE(d.starts_frame());
  CHECK(d.picture_id == 0x1234);
  CHECK(d.picture_id_15_bits);
  CHECK(d.tl0_pic_idx == 9);
  CHECK(d.tid == 2);
  CHECK(d.layer_sync);
  CHECK(d.key_idx == 5);
  CHECK(to_hex(all->payload) == "ff");
  CHECK(to_hex(serialize_vp8(d)) == "b2f0923409a5");

  // The shortest: one byte, S=1 PID=0 (the start of a frame), no X.
  auto shortest = parse_vp8(hex("10 9d"));
  REQUIRE(shortest.ok());
  CHECK(shortest->descriptor.starts_frame());
  CHECK_FALSE(shortest->descriptor.picture_id);
  // A 7-bit picture id (M=0).
  auto seven = parse_vp8(hex("90 80 7f 00"));
  REQUIRE(seven.ok());
  CHECK(seven->descriptor.picture_id == 0x7f);
  CHECK_FALSE(seven->descriptor.picture_id_15_bits);
  CHECK(to_hex(serialize_vp8(seven->descriptor)) == "90807f");
  // K without T: the T/K byte carries KEYIDX alone.
  auto key_only = parse_vp8(hex("80 10 1f 00"));
  REQUIRE(key_only.ok());
  CHECK_FALSE(key_only->descriptor.tid);
  CHECK(key_only->descriptor.key_idx == 31);
}

TEST_CASE("a VP8 descriptor that ends early or carries no data is refused") {
  CHECK_FALSE(parse_vp8({}).ok());
  CHECK_FALSE(parse_vp8(hex("10")).ok());        // no VP8 byte
  CHECK_FALSE(parse_vp8(hex("80")).ok());        // X but no X byte
  CHECK_FALSE(parse_vp8(hex("80 80 92")).ok());  // M: second picture id byte missing... then no data
  CHECK_FALSE(parse_vp8(hex("80 20")).ok());     // T but no T/K byte
}

TEST_CASE("the key frame bit is the P bit of the VP8 payload header (RFC 7741 section 4.3)") {
  CHECK(is_vp8_keyframe(hex("50 42 00")));
  CHECK_FALSE(is_vp8_keyframe(hex("51 42 00")));
  CHECK_FALSE(is_vp8_keyframe({}));
}

TEST_CASE("a frame is cut into even packets no larger than the MTU, marker on the last") {
  Vp8Packetizer packetizer({.ssrc = 0x11, .payload_type = 96, .first_sequence_number = 65534,
                            .first_picture_id = 0x7fff, .mtu = 100});
  const Bytes f = frame(250, true, 1);
  const auto packets = packetizer.packetize(f, 3000);
  // 84 bytes of room each (100 - 12 RTP - 4 descriptor): 3 packets of 84, 83, 83.
  REQUIRE(packets.size() == 3);
  CHECK(packets[0].payload.size() == 4 + 84);
  CHECK(packets[1].payload.size() == 4 + 83);
  CHECK(packets[2].payload.size() == 4 + 83);
  CHECK(packets[0].sequence_number == 65534);
  CHECK(packets[2].sequence_number == 0);  // wrapped
  for (const Packet& p : packets) {
    CHECK(serialize(p).value().size() <= 100);
    CHECK(p.timestamp == 3000);
    CHECK(p.ssrc == 0x11);
  }
  CHECK_FALSE(packets[0].marker);
  CHECK(packets[2].marker);
  CHECK(to_hex(BytesView(packets[0].payload).first(4)) == "9080ffff");  // S=1, picture id 0x7fff
  CHECK(to_hex(BytesView(packets[1].payload).first(4)) == "8080ffff");  // S=0
  // The next frame's picture id wraps at 15 bits.
  const auto next = packetizer.packetize(frame(10, false, 2), 6000);
  REQUIRE(next.size() == 1);
  CHECK(to_hex(BytesView(next[0].payload).first(4)) == "90808000");
  CHECK(next[0].marker);
  CHECK(packetizer.packetize({}, 9000).empty());
  CHECK_THROWS_AS(Vp8Packetizer({.mtu = 16}), std::invalid_argument);
}

TEST_CASE("frames come back whole and in order through reordering and duplicates") {
  Vp8Packetizer packetizer({.ssrc = 1, .first_sequence_number = 65000, .mtu = 200});
  std::vector<Bytes> frames;
  std::vector<Packet> wire;
  for (int i = 0; i < 20; ++i) {
    frames.push_back(frame(100 + i * 97, i == 0, static_cast<std::uint8_t>(i)));
    for (Packet& p : packetizer.packetize(frames.back(), static_cast<std::uint32_t>(i * 3000))) wire.push_back(p);
  }
  // Swap neighbours and send every fifth packet twice.
  for (std::size_t i = 0; i + 1 < wire.size(); i += 2) std::swap(wire[i], wire[i + 1]);
  Vp8Depacketizer depacketizer;
  for (std::size_t i = 0; i < wire.size(); ++i) {
    depacketizer.handle_packet(wire[i]);
    if (i % 5 == 0) depacketizer.handle_packet(wire[i]);
  }
  for (int i = 0; i < 20; ++i) {
    auto f = depacketizer.poll_frame();
    REQUIRE(f);
    CHECK(f->data == frames[static_cast<std::size_t>(i)]);
    CHECK(f->rtp_timestamp == static_cast<std::uint32_t>(i * 3000));
    CHECK(f->keyframe == (i == 0));
    CHECK(f->picture_id == i);
  }
  CHECK_FALSE(depacketizer.poll_frame());
  CHECK(depacketizer.frames_dropped() == 0);
}

TEST_CASE("a lost packet holds back the frames after it until it is resent or a key frame comes") {
  Vp8Packetizer packetizer({.ssrc = 1, .first_sequence_number = 10, .mtu = 100});
  std::vector<std::vector<Packet>> frames;
  for (int i = 0; i < 6; ++i)
    frames.push_back(packetizer.packetize(frame(150, i == 0 || i == 4, static_cast<std::uint8_t>(i)),
                                          static_cast<std::uint32_t>(i * 3000)));
  Vp8Depacketizer d;
  for (const Packet& p : frames[0]) d.handle_packet(p);
  REQUIRE(d.poll_frame());
  // Frame 1's second packet (seq 13) is lost; frame 2 arrives complete but must wait.
  d.handle_packet(frames[1][0]);
  for (const Packet& p : frames[2]) d.handle_packet(p);
  CHECK_FALSE(d.poll_frame());
  CHECK(d.missing() == std::vector<std::uint16_t>{13});
  // The retransmission arrives: frames 1 and 2 come out, in order.
  d.handle_packet(frames[1][1]);
  CHECK(d.poll_frame()->rtp_timestamp == 3000);
  CHECK(d.poll_frame()->rtp_timestamp == 6000);
  CHECK(d.missing().empty());
  // Frame 3 loses a packet for good; frame 4 is a key frame: the decoder starts again there.
  d.handle_packet(frames[3][1]);
  for (const Packet& p : frames[4]) d.handle_packet(p);
  auto key = d.poll_frame();
  REQUIRE(key);
  CHECK(key->rtp_timestamp == 12000);
  CHECK(key->keyframe);
  CHECK(d.frames_dropped() == 1);
  // The lost packet, late, is dropped; frame 5 follows on.
  d.handle_packet(frames[3][0]);
  CHECK(d.packets_late() == 1);
  for (const Packet& p : frames[5]) d.handle_packet(p);
  CHECK(d.poll_frame()->rtp_timestamp == 15000);
}

TEST_CASE("a stream that starts without a key frame gives nothing until one comes") {
  Vp8Packetizer packetizer({.ssrc = 1, .mtu = 1200});
  Vp8Depacketizer d;
  for (const Packet& p : packetizer.packetize(frame(50, false, 1), 0)) d.handle_packet(p);
  CHECK_FALSE(d.poll_frame());
  for (const Packet& p : packetizer.packetize(frame(50, true, 2), 3000)) d.handle_packet(p);
  CHECK(d.poll_frame()->keyframe);
  Packet broken;
  broken.payload = hex("80");
  d.handle_packet(broken);
  CHECK(d.packets_malformed() == 1);
}
