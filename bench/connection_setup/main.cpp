// connection_setup: how long two lucid peers (net::PeerHost) in one process, over real UDP on
// 127.0.0.1, take from createOffer to a data channel open on both sides: gathering, the
// non-trickle offer/answer handed over in memory, ICE checks, the DTLS handshake (with a fresh
// ECDSA certificate made by each PeerConnection, before the clock starts), SCTP's four-way
// handshake and DCEP's OPEN/ACK.
//
//   build/bench/connection_setup/connection_setup [runs=20]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "net/peer_host.h"

using namespace lucid;

namespace {

net::PeerHostOptions loopback() {
  net::PeerHostOptions o;
  o.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  return o;
}

using Clock = std::chrono::steady_clock;

// One connection; returns the milliseconds to each side's open, or nothing if it failed.
std::optional<std::pair<double, double>> one_run() {
  net::EventLoop loop;
  net::PeerHost a(loop, {}, loopback());
  net::PeerHost b(loop, {}, loopback());
  auto channel = a.create_data_channel("chat");
  std::optional<Clock::time_point> open_a, open_b;
  channel->on_open = [&] { open_a = Clock::now(); };
  std::shared_ptr<net::HostedDataChannel> at_b;
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> c) {
    at_b = c;
    if (c->ready_state() == DataChannelState::Open) open_b = Clock::now();
    c->on_open = [&] { open_b = open_b.value_or(Clock::now()); };
  };
  auto gathered = [](const net::PeerHost& h) {
    return h.connection().ice_gathering_state() == IceGatheringState::Complete;
  };

  const Clock::time_point start = Clock::now();
  a.set_local_description(a.create_offer());
  loop.run_until([&] { return gathered(a); }, std::chrono::seconds(5));
  (void)b.set_remote_description(*a.connection().local_description());
  b.set_local_description(b.create_answer());
  loop.run_until([&] { return gathered(b); }, std::chrono::seconds(5));
  (void)a.set_remote_description(*b.connection().local_description());
  if (!loop.run_until([&] { return open_a && open_b; }, std::chrono::seconds(10)))
    return std::nullopt;
  auto ms = [&](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(t - start).count();
  };
  return std::make_pair(ms(*open_a), ms(*open_b));
}

void print(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::printf("  %-28s min %6.1f ms  median %6.1f ms  max %6.1f ms\n", what, v.front(),
              v[v.size() / 2], v.back());
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 20;
  std::vector<double> at_a, at_b;
  for (int i = 0; i < runs; ++i) {
    auto r = one_run();
    if (!r) {
      std::printf("run %d did not open the channel within 10 s\n", i);
      return 1;
    }
    at_a.push_back(r->first);
    at_b.push_back(r->second);
  }
  std::printf("createOffer to data channel open, %d runs over UDP on 127.0.0.1\n", runs);
  print("open at the offerer:", at_a);
  print("open at the answerer:", at_b);
  return 0;
}
