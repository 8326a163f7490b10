// ChannelData framing (RFC 8656 §12.4, §12.5): the 4-byte header, padding on streams, and where
// the next message starts in a TCP byte stream.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "turn/channel_data.h"

using namespace lucid;
using namespace lucid::turn;

TEST_CASE("ChannelData over UDP is the channel, the length and the data, unpadded") {
  CHECK(to_hex(encode_channel_data(0x4000, to_bytes("abcde"))) == "400000056162636465");
}

TEST_CASE("ChannelData on a stream is padded to a multiple of 4, the length counting the data only") {
  CHECK(to_hex(encode_channel_data(0x4abc, to_bytes("abcde"), Framing::Stream)) ==
        "4abc00056162636465000000");
  CHECK(to_hex(encode_channel_data(0x4001, to_bytes("abcd"), Framing::Stream)) == "4001000461626364");
}

TEST_CASE("parse_channel_data reads the frame and ignores padding after it") {
  const Bytes wire = *from_hex("4fff0003616263ff");
  auto frame = parse_channel_data(wire);
  REQUIRE(frame.ok());
  CHECK(frame->channel == 0x4fff);
  CHECK(Bytes(frame->data.begin(), frame->data.end()) == to_bytes("abc"));
}

TEST_CASE("parse_channel_data refuses numbers outside 0x4000-0x4FFF and short frames") {
  CHECK_FALSE(parse_channel_data(*from_hex("50000000")).ok());
  CHECK_FALSE(parse_channel_data(*from_hex("3fff0000")).ok());
  CHECK(parse_channel_data(*from_hex("40000005616263")).error().message() ==
        "byte 2: length 5 but only 3 bytes of data arrived");
  CHECK_FALSE(parse_channel_data(*from_hex("40")).ok());
}

TEST_CASE("next_frame_size finds where the next STUN or ChannelData message ends in a stream") {
  CHECK(next_frame_size(*from_hex("4000")).value() == std::nullopt);
  CHECK(next_frame_size(*from_hex("40000005")).value() == 12u);  // 4 + 5 padded to 8
  CHECK(next_frame_size(*from_hex("40000008")).value() == 12u);
  CHECK(next_frame_size(*from_hex("01010030")).value() == 68u);  // STUN: 20 + 48
  CHECK_FALSE(next_frame_size(*from_hex("16fefd00")).ok());      // DTLS has no place here
  std::vector<std::uint8_t> too_short = {0x40, 0x00, 0x00};
  CHECK(next_frame_size(too_short).value() == std::nullopt);
}
