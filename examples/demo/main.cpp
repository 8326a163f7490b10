// lucid-demo [--pcap FILE] [--keylog FILE] [--messages N] [--verbose]
//
// Two PeerConnections, alice and bob, in one process, connected over real UDP on 127.0.0.1 and
// narrated layer by layer as it happens:
//
//   1. alice makes an offer with one data channel, "chat"; her ICE agent gathers candidates
//   2. bob takes the offer and answers; his agent gathers too (the descriptions carry every
//      candidate, so one message each way is all the signalling: no trickle)
//   3. alice takes the answer: ICE checks run and a pair is chosen (RFC 8445), the DTLS handshake
//      runs on it and each side checks the other's certificate against a=fingerprint
//      (RFC 6347, RFC 8122), SCTP associates inside DTLS (RFC 8261) and DCEP opens "chat"
//      (RFC 8832)
//   4. alice sends N messages, bob answers each one
//   5. where the time went, phase by phase, and the bytes, layer by layer
//
// Each line is "time since start, who, layer, what", taken from lucid's own trace (common/trace.h).
// --pcap writes alice's datagrams (the whole session) to a capture, --keylog the DTLS secrets
// that let Wireshark decrypt it; docs/wireshark.md shows what to do with both.
//
// Exit status: 0 once every answer came back; 1 if a step did not finish in time; 2 on bad
// arguments.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/trace.h"
#include "narrator.h"
#include "net/event_loop.h"
#include "net/peer_host.h"
#include "summary.h"

using namespace lucid;
using lucid::demo::Narrator;
using std::chrono::microseconds;

namespace {

struct Options {
  std::string pcap;
  std::string keylog;
  int messages = 3;
  bool verbose = false;
};

int usage(const std::string& problem) {
  std::cerr << "lucid-demo: " << problem << "\n"
            << "usage: lucid-demo [--pcap FILE] [--keylog FILE] [--messages N] [--verbose]\n";
  return 2;
}

// How long one step may take before the demo gives up. On loopback each takes milliseconds.
constexpr auto kStepLimit = std::chrono::seconds(10);

// The lines of a description a learner looks at first; the rest are printed as a count.
bool worth_showing(const std::string& line) {
  for (const char* prefix : {"m=", "a=ice-ufrag", "a=ice-pwd", "a=fingerprint", "a=setup",
                             "a=sctp-port", "a=max-message-size", "a=candidate", "a=end-of"})
    if (line.rfind(prefix, 0) == 0) return true;
  return false;
}

void show_description(Narrator& narrator, const std::string& who, const SessionDescription& d) {
  std::size_t total = 0, hidden = 0;
  std::size_t begin = 0;
  while (begin < d.sdp.size()) {
    std::size_t end = d.sdp.find('\n', begin);
    if (end == std::string::npos) end = d.sdp.size();
    std::string line = d.sdp.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    begin = end + 1;
    if (line.empty()) continue;
    ++total;
    if (worth_showing(line)) narrator.say(who, "sdp", "  " + line);
    else ++hidden;
  }
  narrator.say(who, "sdp",
               "  (" + std::to_string(hidden) + " more of its " + std::to_string(total) +
                   " lines: v=, o=, s=, t=, a=group, a=mid, ... — the whole text is in "
                   "PeerConnection::local_description())");
}

net::PeerHostOptions loopback(std::string pcap_path = {}) {
  net::PeerHostOptions options;
  options.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  options.pcap_path = std::move(pcap_path);
  return options;
}

bool ice_connected(const net::PeerHost& host) {
  const auto s = host.ice_connection_state();
  return s == IceConnectionState::Connected || s == IceConnectionState::Completed;
}

bool dtls_connected(const net::PeerHost& host) {
  const dtls::Transport* t = host.connection().dtls_transport();
  return t && t->state() == dtls::State::Connected;
}

int run(const Options& options) {
  Narrator narrator;
  // The layers a learner follows; --verbose adds STUN transactions, sockets and SDP parsing.
  trace::enable(options.verbose ? "ice,dtls,sctp,dcep,pc,stun,net,sdp"
                                : "ice,dtls,sctp,dcep,pc");

  // ---- the cast ----
  PeerConnectionConfiguration alice_config;
  alice_config.name = "alice";
  if (!options.keylog.empty()) {
    std::ofstream(options.keylog, std::ios::trunc);  // this run's secrets only
    // One side's secrets are enough: both sides derive the same ones.
    alice_config.key_log = std::make_shared<dtls::KeyLog>(options.keylog);
  }
  PeerConnectionConfiguration bob_config;
  bob_config.name = "bob";

  net::EventLoop loop;
  net::PeerHost alice(loop, std::move(alice_config), loopback(options.pcap));
  net::PeerHost bob(loop, std::move(bob_config), loopback());

  narrator.act("0. two peers, one process, real UDP sockets on 127.0.0.1");
  narrator.say("alice", "net", "bound " + alice.local_addresses().front().to_string());
  narrator.say("bob", "net", "bound " + bob.local_addresses().front().to_string());
  if (!options.pcap.empty())
    narrator.say("alice", "net", "capturing every datagram alice sends and receives to " +
                                     options.pcap);
  if (!options.keylog.empty())
    narrator.say("alice", "dtls", "writing the DTLS secrets to " + options.keylog);

  // ---- what happens, as it happens ----
  std::optional<microseconds> open_at, done_at;
  int replies = 0;
  for (auto* host : {&alice, &bob}) {
    const std::string who = host == &alice ? "alice" : "bob";
    host->on_connection_state_change = [&narrator, who](PeerConnectionState s) {
      if (s == PeerConnectionState::Connected)
        narrator.say(who, "app", "connectionState is connected: ICE, DTLS and SCTP are up");
    };
  }

  std::shared_ptr<net::HostedDataChannel> chat;
  std::shared_ptr<net::HostedDataChannel> bobs_chat;
  bob.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    narrator.say("bob", "app", "ondatachannel: \"" + channel->label() + "\"");
    bobs_chat = channel;
    channel->on_message = [&, raw = channel.get()](const MessageEvent& m) {
      narrator.say("bob", "app", "received \"" + m.text() + "\"");
      const std::string reply = "hi alice, got " + std::to_string(m.text().size()) + " bytes";
      raw->send(reply);
      narrator.say("bob", "app", "sent \"" + reply + "\"");
    };
  };

  // ---- 1. the offer ----
  narrator.act("1. alice creates the data channel \"chat\" and an offer; her agent gathers");
  const auto offer_started = narrator.elapsed();
  {
    const trace::PeerScope scope("alice");
    chat = alice.create_data_channel("chat");
    alice.set_local_description(alice.create_offer());
  }
  chat->on_open = [&] {
    open_at = narrator.elapsed();
    narrator.say("alice", "app", "\"chat\" is open");
    for (int i = 1; i <= options.messages; ++i) {
      const std::string text = "hello bob, this is message " + std::to_string(i);
      chat->send(text);
      narrator.say("alice", "app", "sent \"" + text + "\"");
    }
  };
  chat->on_message = [&](const MessageEvent& m) {
    narrator.say("alice", "app", "received \"" + m.text() + "\"");
    if (++replies == options.messages) done_at = narrator.elapsed();
  };
  auto fail = [&](const char* step) {
    narrator.say("demo", "", std::string("gave up: ") + step + " did not finish within 10 s");
    return 1;
  };
  if (!loop.run_until([&] { return alice.ice_gathering_state() ==
                                   IceGatheringState::Complete; },
                      kStepLimit))
    return fail("alice's gathering");
  const SessionDescription offer = *alice.local_description();
  narrator.act("the offer, as bob receives it (abridged)");
  show_description(narrator, "alice", offer);

  // ---- 2. the answer ----
  narrator.act("2. bob takes the offer and answers; his agent gathers");
  {
    const trace::PeerScope scope("bob");
    if (auto status = bob.set_remote_description(offer); !status) {
      narrator.say("bob", "pc", "rejected the offer: " + status.error().message());
      return 1;
    }
    bob.set_local_description(bob.create_answer());
  }
  if (!loop.run_until(
          [&] { return bob.ice_gathering_state() == IceGatheringState::Complete; },
          kStepLimit))
    return fail("bob's gathering");
  const SessionDescription answer = *bob.local_description();
  narrator.act("the answer, as alice receives it (abridged)");
  show_description(narrator, "bob", answer);

  // ---- 3. connecting ----
  narrator.act("3. alice takes the answer: ICE checks, then DTLS, then SCTP and DCEP");
  const auto answered_at = narrator.elapsed();
  {
    const trace::PeerScope scope("alice");
    if (auto status = alice.set_remote_description(answer); !status) {
      narrator.say("alice", "pc", "rejected the answer: " + status.error().message());
      return 1;
    }
  }
  // Each milestone is taken the first time the loop sees it reached on both sides (the loop
  // checks after every burst of work, so the time is exact to within one burst).
  std::optional<microseconds> ice_at, dtls_at;
  auto milestones = [&] {
    if (!ice_at && ice_connected(alice) && ice_connected(bob)) ice_at = narrator.elapsed();
    if (!dtls_at && dtls_connected(alice) && dtls_connected(bob)) dtls_at = narrator.elapsed();
    return done_at.has_value();
  };
  if (!loop.run_until(milestones, kStepLimit)) {
    narrator.say("demo", "", !ice_at    ? "gave up: ICE did not connect within 10 s"
                             : !dtls_at ? "gave up: DTLS did not connect within 10 s"
                             : !open_at ? "gave up: \"chat\" did not open within 10 s"
                                        : "gave up: bob's answers did not all arrive in 10 s");
    return 1;
  }

  // ---- 4. the summary ----
  narrator.act("4. where the time went");
  demo::print_phases({{"offer, answer, gathering", offer_started, answered_at},
                      {"ICE checks", answered_at, *ice_at},
                      {"DTLS handshake", *ice_at, *dtls_at},
                      {"SCTP association + DCEP open", *dtls_at, *open_at},
                      {"messages and answers", *open_at, *done_at}});
  narrator.act("5. where the bytes went");
  demo::print_bytes(alice, bob);
  narrator.act("6. getStats");
  demo::print_stats("alice", alice);
  demo::print_stats("bob", bob);
  std::printf("\n  (Counts are taken one after the other: a last SACK may still be on its way.)\n");

  if (!options.pcap.empty()) {
    const auto a = alice.local_addresses().front(), b = bob.local_addresses().front();
    auto rule = [](const SocketAddress& end) {
      return " -o 'uat:dtlsdecrypttablefile:\"" + end.ip.to_string() + "\",\"" +
             std::to_string(end.port) + "\",\"sctp\",\"any-rsa.key\",\"\"'";
    };
    std::printf("\n  To look inside the capture (docs/wireshark.md explains each option; "
                "any-rsa.key is\n  any RSA private key, e.g. from "
                "`openssl genrsa -out any-rsa.key 2048`):\n"
                "    tshark -r %s -o tls.keylog_file:%s -o udp.try_heuristic_first:TRUE%s%s\n",
                options.pcap.c_str(), options.keylog.empty() ? "KEYLOG" : options.keylog.c_str(),
                rule(a).c_str(), rule(b).c_str());
  }

  narrator.act("7. both close");
  {
    const trace::PeerScope scope("alice");
    alice.close();
  }
  {
    const trace::PeerScope scope("bob");
    bob.close();
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--pcap" && has_value) options.pcap = argv[++i];
    else if (arg == "--keylog" && has_value) options.keylog = argv[++i];
    else if (arg == "--messages" && has_value) options.messages = std::atoi(argv[++i]);
    else if (arg == "--verbose") options.verbose = true;
    else if (arg == "--help" || arg == "-h") return usage("two peers on loopback, narrated");
    else return usage("unknown argument " + arg);
  }
  if (options.messages < 1 || options.messages > 1000) return usage("--messages takes 1..1000");
  try {
    const int status = run(options);
    if (status == 0)
      std::printf("\nlucid-demo: connected, %d messages each way delivered.\n", options.messages);
    return status;
  } catch (const std::exception& e) {
    std::cerr << "lucid-demo: " << e.what() << "\n";
    return 1;
  }
}
