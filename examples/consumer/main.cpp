// lucid-consumer: a program of your own on an installed lucid. Two PeerConnections in one
// process, alice and bob, connect over UDP on 127.0.0.1 and alice sends bob one message on a
// data channel. The same steps as lucid-demo, without the narration (docs/packaging.md).
//
// Exit status: 0 once bob has the message; 1 if a step does not finish within 10 s.
#include <lucid/net/event_loop.h>
#include <lucid/net/peer_host.h>
#include <lucid/version.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

using namespace lucid;

int main() {
  constexpr auto kLimit = std::chrono::seconds(10);
  std::cout << "built against lucid " << LUCID_VERSION_STRING << ", running on lucid "
            << lucid::version() << "\n";

  // Both peers gather a host candidate on loopback only, and share one event loop.
  net::PeerHostOptions loopback;
  loopback.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  net::EventLoop loop;
  net::PeerHost alice(loop, PeerConnectionConfiguration{}, loopback);
  net::PeerHost bob(loop, PeerConnectionConfiguration{}, loopback);

  std::string received;
  bob.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    channel->on_message = [&](const MessageEvent& message) { received = message.text(); };
  };
  const std::string text = "hello bob, from a program built on lucid";
  std::shared_ptr<net::HostedDataChannel> chat = alice.create_data_channel("chat");
  chat->on_open = [&] { chat->send(text); };

  // Signalling without trickle: each description, once gathering is complete, carries every
  // candidate, so one offer and one answer are all the two peers exchange.
  auto gathered = [](const net::PeerHost& peer) {
    return [&peer] { return peer.ice_gathering_state() == IceGatheringState::Complete; };
  };
  alice.set_local_description(alice.create_offer());
  if (!loop.run_until(gathered(alice), kLimit)) return std::cerr << "alice did not gather\n", 1;
  if (!bob.set_remote_description(*alice.local_description()))
    return std::cerr << "bob rejected the offer\n", 1;
  bob.set_local_description(bob.create_answer());
  if (!loop.run_until(gathered(bob), kLimit)) return std::cerr << "bob did not gather\n", 1;
  if (!alice.set_remote_description(*bob.local_description()))
    return std::cerr << "alice rejected the answer\n", 1;

  // ICE, DTLS, SCTP and the data channel's DCEP open run in the loop; then the message.
  if (!loop.run_until([&] { return received == text; }, kLimit))
    return std::cerr << "the message did not arrive within 10 s\n", 1;
  std::cout << "bob received \"" << received << "\"\n";
  alice.close();
  bob.close();
  return 0;
}
