// The one entry point for datagrams: every datagram that arrives on a local socket goes to
// ice::Agent::handle_input, which classifies it once (RFC 7983, ice/classify.h), keeps STUN and
// hands the rest up with the pair it arrived on.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/trace.h"
#include "ice/agent.h"
#include "ice/classify.h"
#include "stun/credentials.h"
#include "stun/message.h"

using namespace lucid;
using namespace lucid::ice;

namespace {

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

const SocketAddress kLocal = addr("192.0.2.1:5000");
const SocketAddress kPeer = addr("192.0.2.2:6000");
const Credentials kRemote{"REMo", "remote-password-0123456789"};

Datagram from_peer(Bytes data) { return Datagram{kLocal, kPeer, std::move(data)}; }

// An agent with one interface that knows the peer's credentials and its one host candidate.
Agent make_agent(Random& random) {
  AgentConfig c;
  c.role = Role::Controlled;
  Agent agent(c, random);
  agent.add_local_interface_address(kLocal, at_ms(0));
  agent.gather(at_ms(0));
  agent.set_remote_credentials(kRemote, at_ms(0));
  agent.add_remote_candidate(make_host_candidate(kPeer, 65535), at_ms(0));
  while (agent.poll_transmit()) {
  }
  return agent;
}

// A connectivity check from the peer, as its agent would sign it (RFC 8445 §7.2.2).
Bytes check_from_peer(const Agent& agent, Random& random) {
  stun::Message request = stun::Message::request(stun::Method::Binding, random);
  request.add(stun::Username{agent.local_credentials().ufrag + ":REMo"});
  request.add(stun::Priority{1862270975});
  request.add(stun::IceControlling{1});
  stun::EncodeOptions o;
  o.integrity_key = stun::short_term_key(agent.local_credentials().pwd);
  o.fingerprint = true;
  return stun::encode(request, o);
}

}  // namespace

TEST_CASE("the classifier sorts every first byte by the ranges of RFC 7983") {
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
  CHECK(classify(BytesView{}) == PacketClass::Unknown);
}

TEST_CASE("the entry point keeps STUN, hands DTLS and RTP up with their pair, and drops the rest "
          "with a trace line") {
  SeededRandom random(3);
  Agent agent = make_agent(random);
  std::vector<std::string> lines;
  trace::disable_all();
  trace::enable("ice");
  trace::set_sink([&](std::string_view, std::string_view line) { lines.emplace_back(line); });

  // STUN: a check from the peer is answered here and goes no further.
  const Bytes check = check_from_peer(agent, random);
  CHECK_FALSE(agent.handle_input(from_peer(check), at_ms(10)));
  auto answer = agent.poll_transmit();
  REQUIRE(answer);
  CHECK(stun::parse(answer->data)->message_class() == stun::MessageClass::SuccessResponse);

  // DTLS (a handshake record, 22) and RTP (version 2, 0x80) go up, pointing into the datagram.
  const Datagram dtls = from_peer({22, 254, 253, 0, 0});
  auto up = agent.handle_input(dtls, at_ms(20));
  REQUIRE(up);
  CHECK(up->kind == PacketClass::Dtls);
  CHECK(up->data.data() == dtls.data.data());
  CHECK(up->data.size() == 5);
  REQUIRE(up->pair != nullptr);
  CHECK(up->pair->local.base == kLocal);
  CHECK(up->pair->remote.address == kPeer);

  const Datagram rtp{kLocal, addr("198.51.100.9:4000"), {0x80, 96, 0, 1}};
  up = agent.handle_input(rtp, at_ms(30));
  REQUIRE(up);
  CHECK(up->kind == PacketClass::RtpRtcp);
  CHECK(up->pair == nullptr);  // no pair has that address

  // TURN ChannelData without an allocation, ZRTP, a byte of no protocol, an empty datagram.
  lines.clear();
  CHECK_FALSE(agent.handle_input(from_peer({0x40, 0x00, 0x00, 0x00}), at_ms(40)));
  CHECK_FALSE(agent.handle_input(from_peer({16, 0, 0, 0}), at_ms(40)));
  CHECK_FALSE(agent.handle_input(from_peer({200, 0, 0, 0}), at_ms(40)));
  CHECK_FALSE(agent.handle_input(from_peer({}), at_ms(40)));
  trace::reset_sink();
  trace::disable_all();
  CHECK_FALSE(agent.poll_transmit());
  CHECK(lines == std::vector<std::string>{
                     "dropped a 4-byte TURN ChannelData from 192.0.2.2:6000: no TURN allocation "
                     "on 192.0.2.1:5000",
                     "dropped a 4-byte datagram from 192.0.2.2:6000: ZRTP has no place in WebRTC",
                     "dropped a 4-byte datagram from 192.0.2.2:6000: first byte 200 is no "
                     "protocol of RFC 7983",
                     "dropped a 0-byte datagram from 192.0.2.2:6000: it is empty",
                 });
}
