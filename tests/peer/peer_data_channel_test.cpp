// Data channels between two PeerConnections on the simulated network (tests/peer/two_peers.h):
// ICE, DTLS, then SCTP inside DTLS, DCEP by hand, and the W3C DataChannel events on top.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "common/trace.h"
#include "peer/peer_connection.h"
#include "peer/signaling_state.h"
#include "two_peers.h"

using namespace lucid;

namespace {

// This binary links lucid_test_fake_wall_clock: the network's clock is also the process's
// gettimeofday(), since usrsctp's T3-rtx timer resends only chunks older than an RTO by that
// clock, so under loss it must follow simulated time (support/fake_wall_clock.h).
using lucid::testing::TwoPeers;
using lucid::testing::count_of;

// Offer and answer; `answer_max_message_size`, when given, replaces b's a=max-message-size.
void offer_and_answer(TwoPeers& p, const std::string& answer_max_message_size = "") {
  REQUIRE(p.exchange_descriptions([&](SessionDescription& answer) {
    if (answer_max_message_size.empty()) return;
    const auto at = answer.sdp.find("a=max-message-size:");
    REQUIRE(at != std::string::npos);
    answer.sdp.replace(at, answer.sdp.find("\r\n", at) - at,
                       "a=max-message-size:" + answer_max_message_size);
  }));
}

bool both_connected(TwoPeers& p) {
  return p.a.connection_state() == PeerConnectionState::Connected &&
         p.b.connection_state() == PeerConnectionState::Connected;
}

// The channels the far side opened, in the order the datachannel events came.
std::vector<std::shared_ptr<DataChannel>> announced(const std::vector<PeerConnectionEvent>& log) {
  std::vector<std::shared_ptr<DataChannel>> out;
  for (const auto& e : log)
    if (auto* d = std::get_if<DataChannelEvent>(&e)) out.push_back(d->channel);
  return out;
}

std::vector<MessageEvent> messages_on(const std::vector<PeerConnectionEvent>& log,
                                      const DataChannel* channel) {
  std::vector<MessageEvent> out;
  for (const auto& e : log)
    if (auto* m = std::get_if<DataChannelMessageEvent>(&e); m && m->channel.get() == channel)
      out.push_back(m->message);
  return out;
}

Bytes pattern(std::size_t size, std::uint8_t seed) {
  Bytes b(size);
  for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7 + i / 251);
  return b;
}

// a offers a channel made before the offer; both sides see it open.
struct OpenPair {
  TwoPeers p;
  std::shared_ptr<DataChannel> at_a;
  std::shared_ptr<DataChannel> at_b;
  explicit OpenPair(DataChannelInit init = {}, const std::string& label = "chat")
      : OpenPair(lucid::testing::named("a"), lucid::testing::named("b"), init, label) {}
  OpenPair(PeerConnectionConfiguration config_a, PeerConnectionConfiguration config_b,
           DataChannelInit init = {}, const std::string& label = "chat")
      : p(std::move(config_a), std::move(config_b)) {
    at_a = p.a.create_data_channel(label, init);
    offer_and_answer(p);
    REQUIRE(p.run_until([&] {
      return at_a->ready_state() == DataChannelState::Open && !announced(p.events_b).empty();
    }));
    at_b = announced(p.events_b).front();
  }
};

}  // namespace

TEST_CASE("a channel created before the offer opens on both sides, and connected means SCTP up") {
  TwoPeers p;
  auto chat = p.a.create_data_channel("chat", {.protocol = "lucid-chat"});
  CHECK(chat->ready_state() == DataChannelState::Connecting);
  CHECK_FALSE(chat->id().has_value());  // the DTLS role decides it, later
  offer_and_answer(p);
  REQUIRE(p.run_until([&] { return both_connected(p); }));
  // "connected" waits for SCTP: by then the far side's DCEP OPEN can be answered at once.
  REQUIRE(p.run_until([&] { return !announced(p.events_b).empty(); }));

  auto remote = announced(p.events_b).front();
  CHECK(remote->label() == "chat");
  CHECK(remote->protocol() == "lucid-chat");
  CHECK(remote->ordered());
  CHECK(remote->ready_state() == DataChannelState::Open);
  CHECK(chat->ready_state() == DataChannelState::Open);
  // a offered; b answered a=setup:active and is the DTLS client, so a is the server and picks
  // odd stream ids (RFC 8832 §6).
  REQUIRE(chat->id().has_value());
  CHECK(*chat->id() % 2 == 1);
  CHECK(remote->id() == chat->id());
  CHECK(count_of<DataChannelOpenEvent>(p.events_a, chat.get()) == 1);
}

TEST_CASE("text and binary messages go both ways and keep their kind") {
  OpenPair o;
  o.at_a->send(std::string("hello from a"));
  o.at_a->send(Bytes{0, 1, 2, 255});
  o.at_a->send(std::string(""));  // RFC 8831 §6.6: sent as one byte with PPID 56
  o.at_b->send(std::string("hello from b"));
  o.at_b->send(Bytes{});
  REQUIRE(o.p.run_until([&] {
    return messages_on(o.p.events_b, o.at_b.get()).size() == 3 &&
           messages_on(o.p.events_a, o.at_a.get()).size() == 2;
  }));
  const auto at_b = messages_on(o.p.events_b, o.at_b.get());
  CHECK(at_b[0].text() == "hello from a");
  CHECK(at_b[1].binary() == Bytes{0, 1, 2, 255});
  CHECK(at_b[2].is_text());
  CHECK(at_b[2].text().empty());
  const auto at_a = messages_on(o.p.events_a, o.at_a.get());
  CHECK(at_a[0].text() == "hello from b");
  CHECK_FALSE(at_a[1].is_text());
  CHECK(at_a[1].binary().empty());
}

TEST_CASE("a channel opened by the answerer after connecting gets an even id and opens at a") {
  OpenPair o;
  auto files = o.p.b.create_data_channel("files", {.ordered = false, .max_retransmits = 3});
  REQUIRE(o.p.run_until([&] { return announced(o.p.events_a).size() == 1; }));
  auto at_a = announced(o.p.events_a).front();
  CHECK(at_a->label() == "files");
  CHECK_FALSE(at_a->ordered());
  CHECK(at_a->max_retransmits() == std::optional<std::uint16_t>(3));
  REQUIRE(files->id().has_value());
  CHECK(*files->id() % 2 == 0);  // b is the DTLS client
  REQUIRE(o.p.run_until([&] { return files->ready_state() == DataChannelState::Open; }));
  files->send(std::string("x"));
  REQUIRE(o.p.run_until([&] { return messages_on(o.p.events_a, at_a.get()).size() == 1; }));
}

TEST_CASE("256 KiB messages arrive intact both ways") {
  OpenPair o;
  const Bytes big_a = pattern(256 * 1024, 1), big_b = pattern(256 * 1024, 99);
  o.at_a->send(big_a);
  o.at_b->send(big_b);
  REQUIRE(o.p.run_until([&] {
    return messages_on(o.p.events_b, o.at_b.get()).size() == 1 &&
           messages_on(o.p.events_a, o.at_a.get()).size() == 1;
  }));
  CHECK(messages_on(o.p.events_b, o.at_b.get())[0].binary() == big_a);
  CHECK(messages_on(o.p.events_a, o.at_a.get())[0].binary() == big_b);
}

TEST_CASE("ordered messages arrive complete and in order when 5% of datagrams are lost") {
  OpenPair o;
  const std::size_t dropped_before = o.p.net.dropped_count();
  o.p.net.everywhere.loss = 0.05;
  constexpr int kCount = 1000;
  for (int i = 0; i < kCount; ++i) o.at_a->send("message " + std::to_string(i));
  REQUIRE(o.p.run_until(
      [&] { return messages_on(o.p.events_b, o.at_b.get()).size() == kCount; },
      std::chrono::seconds(120)));
  CHECK(o.p.net.dropped_count() > dropped_before);
  const auto got = messages_on(o.p.events_b, o.at_b.get());
  for (int i = 0; i < kCount; ++i) REQUIRE(got[i].text() == "message " + std::to_string(i));
}

TEST_CASE("a negotiated channel opens on both sides with the agreed id and no datachannel event") {
  TwoPeers p;
  auto at_a = p.a.create_data_channel("control", {.negotiated = true, .id = 42});
  auto at_b = p.b.create_data_channel("control", {.negotiated = true, .id = 42});
  CHECK(at_a->id() == std::optional<std::uint16_t>(42));
  offer_and_answer(p);
  REQUIRE(p.run_until([&] {
    return at_a->ready_state() == DataChannelState::Open &&
           at_b->ready_state() == DataChannelState::Open;
  }));
  at_a->send(std::string("ping"));
  REQUIRE(p.run_until([&] { return messages_on(p.events_b, at_b.get()).size() == 1; }));
  CHECK(messages_on(p.events_b, at_b.get())[0].text() == "ping");
  CHECK(announced(p.events_a).empty());
  CHECK(announced(p.events_b).empty());
}

TEST_CASE("closing a channel from either side closes it on both") {
  OpenPair o;
  auto second = o.p.b.create_data_channel("second");
  REQUIRE(o.p.run_until([&] { return announced(o.p.events_a).size() == 1; }));
  auto second_at_a = announced(o.p.events_a).front();

  o.at_a->close();  // the opener closes "chat"
  CHECK(o.at_a->ready_state() == DataChannelState::Closing);
  second_at_a->close();  // the side that did not open "second" closes it
  REQUIRE(o.p.run_until([&] {
    return o.at_b->ready_state() == DataChannelState::Closed &&
           second->ready_state() == DataChannelState::Closed &&
           o.at_a->ready_state() == DataChannelState::Closed &&
           second_at_a->ready_state() == DataChannelState::Closed;
  }));
  CHECK(count_of<DataChannelCloseEvent>(o.p.events_b, o.at_b.get()) == 1);
  CHECK(count_of<DataChannelCloseEvent>(o.p.events_a, o.at_a.get()) == 1);
  CHECK(count_of<DataChannelCloseEvent>(o.p.events_b, second.get()) == 1);
  CHECK_THROWS_AS(o.at_b->send(std::string("too late")), InvalidStateError);
  // The connection itself stays up.
  CHECK(both_connected(o.p));
}

// webrtc-pc §6.2: when the far side starts closing, readyState becomes "closing" and the
// closing event fires; "close" comes once both streams are reset.
TEST_CASE("when the far side closes a channel, readyState is closing and closing fires before close") {
  OpenPair o;
  o.p.net.everywhere.delay = std::chrono::milliseconds(20);
  std::optional<DataChannelState> state_on_closing;
  o.p.on_event = [&](PeerConnection& from, const PeerConnectionEvent& e) {
    if (auto* c = std::get_if<DataChannelClosingEvent>(&e); c && &from == &o.p.b)
      state_on_closing = c->channel->ready_state();
  };
  o.at_a->close();
  REQUIRE(o.p.run_until([&] { return o.at_b->ready_state() == DataChannelState::Closed; }));
  REQUIRE(state_on_closing);
  CHECK(*state_on_closing == DataChannelState::Closing);
  CHECK(count_of<DataChannelClosingEvent>(o.p.events_b, o.at_b.get()) == 1);
  CHECK(count_of<DataChannelCloseEvent>(o.p.events_b, o.at_b.get()) == 1);
  // Who closed sees no closing event of its own: its close() set readyState itself.
  CHECK(count_of<DataChannelClosingEvent>(o.p.events_a, o.at_a.get()) == 0);
  bool closing_first = false;
  for (const auto& e : o.p.events_b) {
    if (std::holds_alternative<DataChannelClosingEvent>(e)) closing_first = true;
    if (std::holds_alternative<DataChannelCloseEvent>(e)) break;
  }
  CHECK(closing_first);
}

// webrtc-pc §6.2, receiving messages: "If channel.[[ReadyState]] is not "open", abort these
// steps and discard rawData."
TEST_CASE("a message that arrives after our close() is discarded, not delivered") {
  OpenPair o;
  o.p.net.everywhere.delay = std::chrono::milliseconds(20);
  o.at_b->send(std::string("in flight while a closes"));
  o.at_a->close();  // before b's message has had time to arrive
  REQUIRE(o.p.run_until([&] { return o.at_a->ready_state() == DataChannelState::Closed; }));
  CHECK(messages_on(o.p.events_a, o.at_a.get()).empty());
  CHECK(o.p.a.get_stats().data_channels.empty());
}

TEST_CASE("send above the remote a=max-message-size fails and sends nothing") {
  TwoPeers p;
  auto chat = p.a.create_data_channel("chat");
  offer_and_answer(p, "1000");
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open; }));
  CHECK_THROWS_AS(chat->send(pattern(1001, 0)), std::length_error);
  chat->send(pattern(1000, 0));
  REQUIRE(p.run_until([&] { return !announced(p.events_b).empty(); }));
  auto at_b = announced(p.events_b).front();
  REQUIRE(p.run_until([&] { return messages_on(p.events_b, at_b.get()).size() == 1; }));
  CHECK(messages_on(p.events_b, at_b.get())[0].binary().size() == 1000);
}

// A peer that ignores our a=max-message-size (RFC 8841 §6.1): b's answer is edited on its way
// to say b takes 1 GiB (Firefox's figure), so a's own check lets 300000 bytes through, but b
// still holds to its 262144.
TEST_CASE("a message above our a=max-message-size closes the channel on both sides, with an "
          "error event at the receiver naming the size and the limit") {
  TwoPeers p;
  auto chat = p.a.create_data_channel("chat");
  offer_and_answer(p, "1073741823");
  REQUIRE(p.run_until([&] {
    return chat->ready_state() == DataChannelState::Open && !announced(p.events_b).empty();
  }));
  auto at_b = announced(p.events_b).front();
  // What b's application sees when its error handler runs.
  std::optional<DataChannelState> state_on_error;
  bool send_on_error_throws = false;
  p.on_event = [&](PeerConnection&, const PeerConnectionEvent& e) {
    auto* error = std::get_if<DataChannelErrorEvent>(&e);
    if (!error || error->channel != at_b) return;
    state_on_error = at_b->ready_state();
    try {
      at_b->send(std::string("too late"));
    } catch (const InvalidStateError&) {
      send_on_error_throws = true;
    }
  };
  chat->send(pattern(300000, 3));
  chat->send(std::string("after the big one"));
  REQUIRE(p.run_until([&] {
    return at_b->ready_state() == DataChannelState::Closed &&
           chat->ready_state() == DataChannelState::Closed;
  }));

  std::string error;
  std::size_t error_at = 0, close_at = 0;
  for (std::size_t i = 0; i < p.events_b.size(); ++i) {
    if (auto* e = std::get_if<DataChannelErrorEvent>(&p.events_b[i]); e && e->channel == at_b) {
      error = e->error;
      error_at = i;
    }
    if (auto* c = std::get_if<DataChannelCloseEvent>(&p.events_b[i]); c && c->channel == at_b)
      close_at = i;
  }
  // b reads the message 64 KiB at a time and stops at the first read past the limit, before the
  // message is whole: hence "at least".
  CHECK_THAT(error, Catch::StartsWith("a message of at least "));
  CHECK_THAT(error, Catch::EndsWith(" bytes arrived, larger than our a=max-message-size of "
                                    "262144 bytes: the channel is closed (RFC 8831 §6.6)"));
  CHECK(error_at < close_at);  // W3C: "error", then "close"
  CHECK(state_on_error == DataChannelState::Closing);
  CHECK(send_on_error_throws);
  CHECK(count_of<DataChannelCloseEvent>(p.events_b, at_b.get()) == 1);
  // Neither the big message nor the one after it is delivered: the channel lost one.
  CHECK(messages_on(p.events_b, at_b.get()).empty());
}

TEST_CASE("the sender of a message above the far side's limit sees its channel close without "
          "an error event: SCTP carries no reason") {
  TwoPeers p;
  auto chat = p.a.create_data_channel("chat");
  offer_and_answer(p, "1073741823");
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open; }));
  chat->send(pattern(300000, 4));
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Closed; }));
  CHECK(count_of<DataChannelCloseEvent>(p.events_a, chat.get()) == 1);
  CHECK(count_of<DataChannelErrorEvent>(p.events_a, chat.get()) == 0);
  // Only the channel closes: the connection and a new channel carry on.
  CHECK(both_connected(p));
  auto again = p.a.create_data_channel("again");
  REQUIRE(p.run_until([&] { return again->ready_state() == DataChannelState::Open; }));
  again->send(std::string("still here"));
  REQUIRE(p.run_until([&] { return announced(p.events_b).size() == 2; }));
  auto again_at_b = announced(p.events_b).back();
  REQUIRE(p.run_until([&] { return messages_on(p.events_b, again_at_b.get()).size() == 1; }));
  CHECK(messages_on(p.events_b, again_at_b.get())[0].text() == "still here");
}

TEST_CASE("createDataChannel refuses what the browser refuses, and send waits for open") {
  TwoPeers p;
  CHECK_THROWS_AS(p.a.create_data_channel("x", {.max_retransmits = 1, .max_packet_life_time = 1}),
                  std::invalid_argument);
  CHECK_THROWS_AS(p.a.create_data_channel("x", {.negotiated = true}), std::invalid_argument);
  auto early = p.a.create_data_channel("early");
  CHECK_THROWS_AS(early->send(std::string("hi")), InvalidStateError);
  p.a.close();
  CHECK(early->ready_state() == DataChannelState::Closed);
  CHECK_THROWS_AS(p.a.create_data_channel("late"), InvalidStateError);
}

TEST_CASE("a channel outlives its connection as a closed handle") {
  std::shared_ptr<DataChannel> kept;
  {
    OpenPair o;
    kept = o.at_a;
  }
  CHECK(kept->ready_state() == DataChannelState::Closed);
  CHECK(kept->buffered_amount() == 0);
  CHECK_THROWS_AS(kept->send(std::string("hi")), InvalidStateError);
}

TEST_CASE("bufferedAmount grows with what waits and bufferedamountlow fires as it drains") {
  OpenPair o;
  o.at_a->set_buffered_amount_low_threshold(64 * 1024);
  for (int i = 0; i < 32; ++i) o.at_a->send(pattern(64 * 1024, static_cast<std::uint8_t>(i)));
  // 2 MiB cannot all be inside usrsctp at once: some of it waits in lucid.
  CHECK(o.at_a->buffered_amount() > 64 * 1024);
  REQUIRE(o.p.run_until([&] { return messages_on(o.p.events_b, o.at_b.get()).size() == 32; }));
  CHECK(o.at_a->buffered_amount() <= 64 * 1024);
  CHECK(count_of<BufferedAmountLowEvent>(o.p.events_a, o.at_a.get()) >= 1);
  const auto got = messages_on(o.p.events_b, o.at_b.get());
  for (int i = 0; i < 32; ++i)
    REQUIRE(got[i].binary() == pattern(64 * 1024, static_cast<std::uint8_t>(i)));
}

TEST_CASE("DataChannel::close is traced for a connection that traces sctp, and only for it") {
  std::vector<std::string> lines;  // "peer: line"
  trace::disable_all();
  trace::set_sink([&](std::string_view, std::string_view line) {
    lines.push_back(std::string(trace::current_peer()) + ": " + std::string(line));
  });
  struct ResetSink {
    ~ResetSink() { trace::reset_sink(); }
  } reset_sink;  // after the peers are gone: their last lines still come to `lines`
  const auto said = [&](const std::string& text) {
    for (const auto& l : lines)
      if (l.find(text) != std::string::npos) return true;
    return false;
  };
  PeerConnectionConfiguration traced = lucid::testing::named("a");
  traced.trace = "sctp";
  OpenPair o(traced, lucid::testing::named("b"));
  CHECK(said("a: INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK done"));
  lines.clear();

  // close() is called on the channel, not on the connection: the transport behind the channel
  // opens a's trace scope itself.
  o.at_a->close();
  CHECK(said("a: closing channel \"chat\""));
  lines.clear();
  auto at_b = o.p.b.create_data_channel("from-b");
  at_b->close();  // b traces nothing
  CHECK(lines.empty());
}

TEST_CASE("a channel the far side opens: datachannel with readyState open, then one open event") {
  TwoPeers p;
  std::optional<DataChannelState> state_on_datachannel;
  int open_events_seen_on_datachannel = -1;
  p.on_event = [&](PeerConnection& from, const PeerConnectionEvent& e) {
    if (&from != &p.b) return;
    if (auto* d = std::get_if<DataChannelEvent>(&e)) {
      state_on_datachannel = d->channel->ready_state();
      open_events_seen_on_datachannel = count_of<DataChannelOpenEvent>(p.events_b, d->channel.get());
    }
  };
  auto at_a = p.a.create_data_channel("chat");
  offer_and_answer(p);
  REQUIRE(p.run_until([&] {
    return !announced(p.events_b).empty() &&
           count_of<DataChannelOpenEvent>(p.events_b, announced(p.events_b).front().get()) > 0;
  }));
  p.run_until([] { return false; }, std::chrono::seconds(1));  // nothing more should come

  REQUIRE(announced(p.events_b).size() == 1);
  const DataChannel* remote = announced(p.events_b).front().get();
  // webrtc-pc §6.2: readyState is already "open" when "datachannel" fires, and "open" comes
  // after it, once.
  CHECK(state_on_datachannel == DataChannelState::Open);
  CHECK(open_events_seen_on_datachannel == 0);
  CHECK(count_of<DataChannelOpenEvent>(p.events_b, remote) == 1);
  std::size_t datachannel_at = 0, open_at = 0;
  for (std::size_t i = 0; i < p.events_b.size(); ++i) {
    if (auto* d = std::get_if<DataChannelEvent>(&p.events_b[i]); d && d->channel.get() == remote)
      datachannel_at = i;
    if (auto* o = std::get_if<DataChannelOpenEvent>(&p.events_b[i]); o && o->channel.get() == remote)
      open_at = i;
  }
  CHECK(datachannel_at < open_at);
}

TEST_CASE("a remote channel closed on datachannel gets no open event, and closes on both sides") {
  TwoPeers p;
  p.on_event = [&](PeerConnection& from, const PeerConnectionEvent& e) {
    if (auto* d = std::get_if<DataChannelEvent>(&e); d && &from == &p.b) d->channel->close();
  };
  auto at_a = p.a.create_data_channel("unwanted");
  offer_and_answer(p);
  REQUIRE(p.run_until([&] { return !announced(p.events_b).empty(); }));
  const auto remote = announced(p.events_b).front();
  REQUIRE(p.run_until([&] {
    return remote->ready_state() == DataChannelState::Closed &&
           at_a->ready_state() == DataChannelState::Closed;
  }));
  // webrtc-pc §6.2 "announce the data channel as open": not for a channel already closing.
  CHECK(count_of<DataChannelOpenEvent>(p.events_b, remote.get()) == 0);
  CHECK(count_of<DataChannelCloseEvent>(p.events_b, remote.get()) == 1);
  CHECK(count_of<DataChannelCloseEvent>(p.events_a, at_a.get()) == 1);
}
