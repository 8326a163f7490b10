// The walk through src/net of docs/debugging.md: two net::PeerHosts on 127.0.0.1, real UDP
// sockets, one EventLoop run on this thread (so every call below runs at once, on the loop
// thread: net/peer_host.h, "Threading"). a offers with one channel, "chat"; both connect; a
// sends one message and b receives it. scripts/gdb-walks runs this under gdb.
//
// Real sockets and the real clock: ports and timings differ from run to run, so the walk shows
// only the steps whose path does not depend on them (the message going down to the socket, and
// a DTLS datagram coming up from it).
#include <cstdio>
#include <memory>
#include <string>

#include "net/peer_host.h"
#include "walk_markers.h"

using namespace lucid;

namespace {

net::PeerHostOptions loopback_only() {
  net::PeerHostOptions o;
  o.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  return o;
}

PeerConnectionConfiguration named(std::string name) {
  PeerConnectionConfiguration c;
  c.name = std::move(name);
  return c;
}

bool gathered(const net::PeerHost& h) {
  return h.ice_gathering_state() == IceGatheringState::Complete;
}

}  // namespace

int main() {
  net::EventLoop loop;
  net::PeerHost a(loop, named("a"), loopback_only());
  net::PeerHost b(loop, named("b"), loopback_only());
  std::shared_ptr<net::HostedDataChannel> chat = a.create_data_channel("chat");
  bool open = false;
  std::string received;
  chat->on_open = [&] { open = true; };
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    channel->on_message = [&](const MessageEvent& m) { received = m.text(); };
  };
  const auto wait_until = [&](const auto& done) {
    return loop.run_until(done, std::chrono::seconds(10));
  };

  // Non-trickle offer/answer: each description goes over with every candidate.
  walk::walk_marker_connecting();
  a.set_local_description(a.create_offer());
  if (!wait_until([&] { return gathered(a); })) return 1;
  if (!b.set_remote_description(*a.local_description()).ok()) return 1;
  b.set_local_description(b.create_answer());
  if (!wait_until([&] { return gathered(b); })) return 1;
  if (!a.set_remote_description(*b.local_description()).ok()) return 1;
  if (!wait_until([&] { return open; })) return 1;

  walk::walk_marker_sending();
  chat->send("hello from a");
  if (!wait_until([&] { return !received.empty(); })) return 1;
  std::printf("b received \"%s\"\n", received.c_str());
  return 0;
}
