#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/trace.h"
#include "net/demux.h"

using namespace lucid;
using namespace lucid::net;

namespace {
Datagram with_first_byte(std::uint8_t b) {
  Datagram d;
  d.remote = *SocketAddress::parse("192.0.2.7:4000");
  d.data = {b, 0x00, 0x00, 0x08};
  return d;
}
}  // namespace

TEST_CASE("demux classifies every first byte by the ranges of RFC 7983") {
  // Each range's two edges, and the gaps between ranges.
  const std::vector<std::pair<int, PacketClass>> cases = {
      {0, PacketClass::Stun},         {3, PacketClass::Stun},         {4, PacketClass::Unknown},
      {15, PacketClass::Unknown},     {16, PacketClass::Zrtp},        {19, PacketClass::Zrtp},
      {20, PacketClass::Dtls},        {22, PacketClass::Dtls},        {63, PacketClass::Dtls},
      {64, PacketClass::TurnChannel}, {79, PacketClass::TurnChannel}, {80, PacketClass::Unknown},
      {127, PacketClass::Unknown},    {128, PacketClass::RtpRtcp},    {191, PacketClass::RtpRtcp},
      {192, PacketClass::Unknown},    {255, PacketClass::Unknown},
  };
  for (const auto& [byte, expected] : cases) {
    INFO("first byte " << byte);
    const std::uint8_t data[1] = {static_cast<std::uint8_t>(byte)};
    CHECK(classify(data) == expected);
  }
}

TEST_CASE("demux calls empty datagrams unknown") {
  CHECK(classify(BytesView{}) == PacketClass::Unknown);
}

TEST_CASE("demux routes a datagram to the handler of its class only") {
  Demux demux;
  std::vector<std::string> got;
  demux.on(PacketClass::Stun, [&](const Datagram&) { got.push_back("stun"); });
  demux.on(PacketClass::Dtls, [&](const Datagram&) { got.push_back("dtls"); });

  CHECK(demux.dispatch(with_first_byte(0x00)) == PacketClass::Stun);  // Binding request
  CHECK(demux.dispatch(with_first_byte(0x16)) == PacketClass::Dtls);  // DTLS handshake record
  CHECK(got == std::vector<std::string>{"stun", "dtls"});
}

TEST_CASE("demux drops unknown and unhandled datagrams and says so in the net trace") {
  std::vector<std::string> lines;
  trace::disable_all();
  trace::enable("net");
  trace::set_sink([&](std::string_view, std::string_view line) { lines.emplace_back(line); });

  Demux demux;
  int handled = 0;
  demux.on(PacketClass::Stun, [&](const Datagram&) { ++handled; });
  demux.dispatch(with_first_byte(200));   // no protocol
  demux.dispatch(with_first_byte(0x80));  // RTP, but nobody handles RTP here

  trace::reset_sink();
  trace::disable_all();
  CHECK(handled == 0);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "dropped a 4-byte datagram from 192.0.2.7:4000: first byte 200 is no protocol of RFC 7983");
  CHECK(
      lines[1] ==
      "dropped a 4-byte RTP/RTCP datagram from 192.0.2.7:4000: no layer here handles RTP/RTCP yet");
}
