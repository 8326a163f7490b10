#include <catch2/catch.hpp>
#include <set>

#include "two_associations.h"
#include "sctp/association.h"
#include "test_util.h"

using namespace lucid;
using namespace lucid::sctp;
using namespace lucid::sctp::test;

namespace {
bool closed_on_both_sides(TwoAssociations& link, std::uint16_t id) {
  return link.client().channel(id) == nullptr && link.server().channel(id) == nullptr;
}
}  // namespace

TEST_CASE("1,000 channels are opened, used and closed") {
  TwoAssociations link;
  REQUIRE(link.connect());
  constexpr int kChannels = 1000;
  std::vector<std::uint16_t> ids;
  std::set<std::uint16_t> distinct;
  for (int i = 0; i < kChannels; ++i) {
    // Half opened from each side, so both parities are used.
    Association& opener = i % 2 == 0 ? link.client() : link.server();
    const std::uint16_t id = opener.create_channel(labelled("c" + std::to_string(i)));
    CHECK(id % 2 == (i % 2 == 0 ? 0 : 1));
    ids.push_back(id);
    distinct.insert(id);
  }
  CHECK(distinct.size() == kChannels);
  REQUIRE(link.run_until([&] {
    return link.client_side().count<ChannelCreated>() == kChannels / 2 &&
           link.server_side().count<ChannelCreated>() == kChannels / 2;
  }));
  for (int i = 0; i < kChannels; ++i) {
    Association& opener = i % 2 == 0 ? link.client() : link.server();
    opener.send(ids[i], "message on " + std::to_string(i));
  }
  REQUIRE(link.run_until([&] {
    return link.client_side().count<MessageReceived>() == kChannels / 2 &&
           link.server_side().count<MessageReceived>() == kChannels / 2;
  }));
  for (const auto* side : {&link.client_side(), &link.server_side()})
    for (const auto& m : side->all<MessageReceived>()) {
      const auto i = std::find(ids.begin(), ids.end(), m.id) - ids.begin();
      CHECK(to_string(m.data) == "message on " + std::to_string(i));
      CHECK(side->association->channel(m.id)->label() == "c" + std::to_string(i));
    }
  // Close every channel from the side that did not open it.
  for (int i = 0; i < kChannels; ++i)
    (i % 2 == 0 ? link.server() : link.client()).close_channel(ids[i]);
  REQUIRE(link.run_until(
      [&] { return link.client().channel_count() == 0 && link.server().channel_count() == 0; }));
  CHECK(link.client_side().count<ChannelClosed>() == kChannels);
  CHECK(link.server_side().count<ChannelClosed>() == kChannels);
}

TEST_CASE("negotiated channels with an agreed id talk without DCEP") {
  TraceCapture trace("dcep");
  TwoAssociations link;
  REQUIRE(link.connect());
  ChannelInit init = negotiated("agreed", 7);
  CHECK(link.client().create_channel(init) == 7);
  CHECK(link.server().create_channel(init) == 7);
  CHECK(link.client().channel(7)->opened());
  link.client().send(7, "ping");
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 1; }));
  link.server().send(7, "pong");
  REQUIRE(link.run_until([&] { return link.client_side().count<MessageReceived>() == 1; }));
  CHECK(to_string(link.server_side().all<MessageReceived>()[0].data) == "ping");
  CHECK(to_string(link.client_side().all<MessageReceived>()[0].data) == "pong");
  CHECK(link.server_side().count<ChannelCreated>() == 0);
  CHECK(link.client_side().count<ChannelCreated>() == 0);
  CHECK(trace.lines.empty());  // no DATA_CHANNEL_OPEN, no ACK
}

TEST_CASE("create_channel refuses the option combinations the W3C API refuses") {
  TwoAssociations link;
  REQUIRE(link.connect());
  ChannelInit both = labelled("x");
  both.max_retransmits = 1;
  both.max_packet_life_time = 100;
  CHECK_THROWS_AS(link.client().create_channel(both), std::invalid_argument);
  ChannelInit no_id = labelled("x");
  no_id.negotiated = true;
  CHECK_THROWS_AS(link.client().create_channel(no_id), std::invalid_argument);
  ChannelInit taken = negotiated("x", 4);
  link.client().create_channel(taken);
  CHECK_THROWS_AS(link.client().create_channel(taken), std::invalid_argument);
}

TEST_CASE("closing a channel from the opener is seen by the other side") {
  TraceCapture trace("sctp");
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("bye"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  link.client().send(id, "last words");
  link.client().close_channel(id);
  CHECK(link.client().channel(id)->closing());
  CHECK_THROWS_AS(link.client().send(id, "too late"), std::logic_error);
  REQUIRE(link.run_until([&] { return closed_on_both_sides(link, id); }));
  // The message queued before close() still arrived, before the close.
  REQUIRE(link.server_side().count<MessageReceived>() == 1);
  CHECK(to_string(link.server_side().all<MessageReceived>()[0].data) == "last words");
  CHECK(link.server_side().count<ChannelClosed>() == 1);
  CHECK(link.client_side().count<ChannelClosed>() == 1);
  CHECK(trace.contains("RE-CONFIG"));
}

TEST_CASE("closing a channel from the receiving side is seen by the opener, and the id is reused") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("first"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  link.server().close_channel(id);
  REQUIRE(link.run_until([&] { return closed_on_both_sides(link, id); }));
  CHECK(link.client_side().count<ChannelClosed>() == 1);
  // The stream is free again: the next channel may get the same id and works.
  const std::uint16_t again = link.client().create_channel(labelled("second"));
  CHECK(again == id);
  link.client().send(again, "new life");
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 1; }));
  CHECK(link.server().channel(again)->label() == "second");
}

TEST_CASE("a sender filling the buffer is slowed, not dropped, and hears bufferedamountlow") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("flood"));
  link.client().set_buffered_amount_low_threshold(id, 64 * 1024);
  constexpr int kMessages = 400;
  constexpr std::size_t kSize = 16 * 1024;  // 6.4 MB in all, far beyond usrsctp's buffer
  for (int n = 0; n < kMessages; ++n)
    link.client().send(id, payload(kSize, n), MessageKind::Binary);
  // usrsctp took what fits in its buffer; the rest waits in lucid and is counted.
  CHECK(link.client().channel(id)->buffered_amount() > 1024 * 1024);
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == kMessages; }));
  const auto got = link.server_side().all<MessageReceived>();
  for (int n = 0; n < kMessages; ++n) CHECK(got[n].data == payload(kSize, n));
  CHECK(link.client().channel(id)->buffered_amount() == 0);
  CHECK(link.client_side().count<BufferedAmountLow>() == 1);
}

TEST_CASE("a DCEP message that does not parse, or an unknown PPID, is refused with a trace line") {
  TraceCapture trace("sctp,dcep");
  TwoAssociations link;
  REQUIRE(link.connect());
  ChannelInit init = negotiated("raw", 2);
  link.client().create_channel(init);
  link.server().create_channel(init);
  link.client().send_raw(2, 50, Bytes{0x03, 0x00, 0x01});  // truncated OPEN
  link.client().send_raw(2, 50, Bytes{0x07});              // unknown DCEP type
  link.client().send_raw(2, 42, Bytes{'?', '?'});          // unknown PPID
  link.client().send_raw(2, 52, Bytes{'o', 'l', 'd'});     // deprecated partial string
  link.client().send_raw(2, 50, Bytes{0x02});              // an ACK nobody waits for
  link.client().send(2, "still fine");
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 1; }));
  CHECK(to_string(link.server_side().all<MessageReceived>()[0].data) == "still fine");
  CHECK(trace.contains("refused a malformed DCEP message on stream 2: byte 2"));
  CHECK(trace.contains("unknown DCEP message type 7"));
  CHECK(trace.contains("unknown PPID 42"));
  CHECK(trace.contains("deprecated PPID 52"));
  CHECK(trace.contains("ignored an unexpected DATA_CHANNEL_ACK on stream 2"));
  CHECK(link.server().state() == AssociationState::Established);
}

TEST_CASE("a DATA_CHANNEL_OPEN on a stream id of the wrong parity is refused") {
  TraceCapture trace("dcep");
  TwoAssociations link;
  REQUIRE(link.connect());
  // The client owns even ids; an OPEN from it on odd stream 3 breaks RFC 8832 §6.
  ChannelInit init = negotiated("raw", 3);
  link.client().create_channel(init);
  dcep::Open open;
  open.label = "sneaky";
  link.client().send_raw(3, 50, dcep::encode(open));
  link.run_for(std::chrono::seconds(1));
  CHECK(link.server_side().count<ChannelCreated>() == 0);
  CHECK(trace.contains("refused DATA_CHANNEL_OPEN on stream 3"));
}

TEST_CASE("closing a negotiated channel the other side never created still completes") {
  TwoAssociations link;
  REQUIRE(link.connect());
  link.client().create_channel(negotiated("one-sided", 9));
  link.client().close_channel(9);
  REQUIRE(link.run_until([&] { return link.client().channel(9) == nullptr; }));
  CHECK(link.client_side().count<ChannelClosed>() == 1);
  CHECK(link.server_side().count<ChannelClosed>() == 0);  // it never had the channel
}
