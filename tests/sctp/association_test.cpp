#include "sctp/association.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "two_associations.h"
#include "test_util.h"

using namespace lucid;
using namespace lucid::sctp;
using namespace lucid::sctp::test;

TEST_CASE("two associations come up over an in-memory link and say so in the trace") {
  TraceCapture trace("sctp");
  TwoAssociations link;
  REQUIRE(link.connect());
  for (Side* side : {&link.client_side(), &link.server_side()}) {
    auto up = side->all<AssociationEstablished>();
    REQUIRE(up.size() == 1);
    // RFC 8831 §6.2: room for many channels.
    CHECK(up[0].outbound_streams >= 1024);
    CHECK(up[0].inbound_streams >= 1024);
    CHECK(side->association->outbound_streams() == up[0].outbound_streams);
  }
  CHECK(trace.contains(": INIT"));
  CHECK(trace.contains("INIT-ACK"));
  CHECK(trace.contains("COOKIE-ECHO"));
  CHECK(trace.contains("association up"));
}

TEST_CASE("the association comes up even when the first packets are lost") {
  TwoAssociations link(lossy(0.3), 7);
  REQUIRE(link.connect());
  CHECK(link.net.dropped_count() > 0);
}

TEST_CASE("a channel opened with DCEP appears on the far side with its options") {
  TraceCapture trace("dcep");
  TwoAssociations link;
  REQUIRE(link.connect());
  ChannelInit init;
  init.label = "chat";
  init.protocol = "json";
  init.ordered = false;
  init.max_retransmits = 2;
  init.priority = dcep::kPriorityHigh;
  const std::uint16_t id = link.client().create_channel(init);
  CHECK(id % 2 == 0);  // RFC 8832 §6: the DTLS client uses even ids

  REQUIRE(link.run_until([&] { return link.server_side().count<ChannelCreated>() == 1; }));
  const auto created = link.server_side().all<ChannelCreated>();
  CHECK(created[0].id == id);
  const Stream* remote = link.server().channel(id);
  REQUIRE(remote != nullptr);
  CHECK(remote->label() == "chat");
  CHECK(remote->protocol() == "json");
  CHECK_FALSE(remote->ordered());
  CHECK(remote->max_retransmits() == 2u);
  CHECK_FALSE(remote->max_packet_life_time());
  CHECK(remote->priority() == dcep::kPriorityHigh);
  CHECK(remote->opened());
  CHECK(link.client().channel(id)->opened());
  REQUIRE(link.run_until([&] { return trace.contains("received DATA_CHANNEL_ACK"); }));
  CHECK(trace.contains("sending DATA_CHANNEL_OPEN on stream 0"));
}

TEST_CASE("messages sent right after create_channel, before the ACK, arrive in order") {
  TwoAssociations link;
  REQUIRE(link.connect());
  ChannelInit init;
  init.label = "early";
  init.ordered = false;  // still sent ordered until the ACK (RFC 8832 §6)
  const std::uint16_t id = link.client().create_channel(init);
  for (int i = 0; i < 20; ++i) link.client().send(id, "m" + std::to_string(i));
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 20; }));
  const auto got = link.server_side().all<MessageReceived>();
  for (int i = 0; i < 20; ++i) CHECK(to_string(got[i].data) == "m" + std::to_string(i));
}

TEST_CASE("a channel created before the association is up opens when it comes up") {
  TwoAssociations link;
  ChannelInit init;
  init.label = "waiting";
  const std::uint16_t id = link.server().create_channel(init);
  CHECK(id % 2 == 1);  // the DTLS server uses odd ids
  CHECK_FALSE(link.server().channel(id)->opened());
  CHECK_THROWS_AS(link.server().send(id, "too soon"), std::logic_error);
  REQUIRE(link.run_until([&] { return link.client_side().count<ChannelCreated>() == 1; }));
  CHECK(link.server().channel(id)->opened());
  CHECK(link.server_side().count<ChannelOpened>() == 1);
}

TEST_CASE("text and binary messages arrive intact, with their kind, both ways") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("both"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  link.client().send(id, "hello from the client");
  link.server().send(id, "hello from the server");
  link.client().send(id, payload(1000, 1), MessageKind::Binary);
  link.server().send(id, payload(1000, 2), MessageKind::Binary);
  REQUIRE(link.run_until([&] {
    return link.client_side().count<MessageReceived>() == 2 &&
           link.server_side().count<MessageReceived>() == 2;
  }));
  const auto at_server = link.server_side().all<MessageReceived>();
  CHECK(at_server[0].kind == MessageKind::Text);
  CHECK(to_string(at_server[0].data) == "hello from the client");
  CHECK(at_server[1].kind == MessageKind::Binary);
  CHECK(at_server[1].data == payload(1000, 1));
  const auto at_client = link.client_side().all<MessageReceived>();
  CHECK(to_string(at_client[0].data) == "hello from the server");
  CHECK(at_client[1].data == payload(1000, 2));
}

TEST_CASE("256 KiB messages arrive intact both ways") {
  TwoAssociations link(lossy(0.01), 3);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("big"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  constexpr std::size_t kSize = 256 * 1024;
  for (std::uint64_t n = 0; n < 3; ++n) {
    link.client().send(id, payload(kSize, n), MessageKind::Binary);
    link.server().send(id, payload(kSize, 100 + n), MessageKind::Binary);
  }
  REQUIRE(link.run_until([&] {
    return link.client_side().count<MessageReceived>() == 3 &&
           link.server_side().count<MessageReceived>() == 3;
  }));
  const auto at_server = link.server_side().all<MessageReceived>();
  const auto at_client = link.client_side().all<MessageReceived>();
  for (std::uint64_t n = 0; n < 3; ++n) {
    CHECK(at_server[n].data == payload(kSize, n));
    CHECK(at_client[n].data == payload(kSize, 100 + n));
  }
}

TEST_CASE("empty text and empty binary messages arrive as empty messages of their kind") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("empty"));
  link.client().send(id, "");
  link.client().send(id, BytesView{}, MessageKind::Binary);
  link.client().send(id, "after");
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 3; }));
  const auto got = link.server_side().all<MessageReceived>();
  CHECK(got[0].kind == MessageKind::Text);
  CHECK(got[0].data.empty());
  CHECK(got[1].kind == MessageKind::Binary);
  CHECK(got[1].data.empty());
  CHECK(to_string(got[2].data) == "after");
}

TEST_CASE("a message above the remote max-message-size is refused and nothing of it is sent") {
  AssociationConfig client = TwoAssociations::client_config();
  client.remote_max_message_size = 1000;
  TwoAssociations link(Impairment{}, 1, client);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("limited"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  try {
    link.client().send(id, payload(1001, 1), MessageKind::Binary);
    FAIL("send above max-message-size did not throw");
  } catch (const std::length_error& e) {
    CHECK(std::string(e.what()).find("max-message-size of 1000") != std::string::npos);
  }
  CHECK(link.client().channel(id)->buffered_amount() == 0);
  link.client().send(id, payload(1000, 2), MessageKind::Binary);
  link.run_for(std::chrono::seconds(2));
  const auto got = link.server_side().all<MessageReceived>();
  REQUIRE(got.size() == 1);  // only the message at the limit
  CHECK(got[0].data == payload(1000, 2));
}

TEST_CASE("a message of three times usrsctp's send buffer arrives intact where there is no "
          "size limit") {
  AssociationConfig client = TwoAssociations::client_config();
  client.remote_max_message_size = 0;  // RFC 8841 §6.1: a=max-message-size:0, no limit
  AssociationConfig server = TwoAssociations::server_config();
  server.local_max_message_size = 0;
  TwoAssociations link(Impairment{}, 1, client, server);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("big"));
  // usrsctp refuses a non-blocking send of more than its whole buffer while the buffer is full
  // (EMSGSIZE): lucid must hand such a message over in pieces.
  link.client().send(id, payload(3 * 1024 * 1024, 5), MessageKind::Binary);
  link.client().send(id, payload(10, 6), MessageKind::Binary);
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 2; }));
  const auto got = link.server_side().all<MessageReceived>();
  CHECK(got[0].data == payload(3 * 1024 * 1024, 5));
  CHECK(got[1].data == payload(10, 6));
  CHECK(link.client_side().count<ChannelError>() == 0);
  CHECK(link.client().channel(id)->buffered_amount() == 0);
}

TEST_CASE("a message above our own max-message-size closes its channel with an error naming "
          "the size and the limit") {
  AssociationConfig server = TwoAssociations::server_config();
  server.local_max_message_size = 2000;
  TwoAssociations link(Impairment{}, 1, TwoAssociations::client_config(), server);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("limited"));
  link.client().send(id, payload(5000, 1), MessageKind::Binary);
  link.client().send(id, payload(2000, 2), MessageKind::Binary);
  REQUIRE(link.run_until([&] {
    return link.server_side().count<ChannelClosed>() == 1 &&
           link.client_side().count<ChannelClosed>() == 1;
  }));
  const auto errors = link.server_side().all<ChannelError>();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].id == id);
  CHECK(errors[0].what ==
        "a message of 5000 bytes arrived, larger than our a=max-message-size of 2000 bytes: the "
        "channel is closed (RFC 8831 §6.6)");
  // The message after the lost one is not delivered either, and the sender hears no reason.
  CHECK(link.server_side().count<MessageReceived>() == 0);
  CHECK(link.client_side().count<ChannelError>() == 0);
  CHECK(link.client().channel(id) == nullptr);
  CHECK(link.server().channel(id) == nullptr);
}

TEST_CASE("a message above our own max-message-size that arrives in pieces is counted to its end, "
          "not kept, and the association carries on") {
  TraceCapture trace("sctp");
  AssociationConfig client = TwoAssociations::client_config();
  client.remote_max_message_size = 0;  // a sender that ignores our limit
  AssociationConfig server = TwoAssociations::server_config();
  server.local_max_message_size = 100000;
  TwoAssociations link(Impairment{}, 1, client, server);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("limited"));
  // Three times usrsctp's receive buffer: it can only arrive by partial delivery.
  link.client().send(id, payload(3 * 1024 * 1024, 1), MessageKind::Binary);
  REQUIRE(link.run_until([&] {
    return link.server_side().count<ChannelClosed>() == 1 &&
           link.client_side().count<ChannelClosed>() == 1;
  }));
  const auto errors = link.server_side().all<ChannelError>();
  REQUIRE(errors.size() == 1);
  // Stopped at the first piece past the limit, before the message was whole.
  CHECK_THAT(errors[0].what, Catch::StartsWith("a message of at least "));
  CHECK_THAT(errors[0].what, Catch::Contains("larger than our a=max-message-size of 100000 bytes"));
  CHECK(trace.contains("discarded all 3145728 bytes of the oversized message on stream " +
                       std::to_string(id)));
  CHECK(link.server_side().count<MessageReceived>() == 0);

  const std::uint16_t next = link.client().create_channel(labelled("next"));
  link.client().send(next, payload(100000, 2), MessageKind::Binary);
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 1; }));
  CHECK(link.server_side().all<MessageReceived>()[0].data == payload(100000, 2));
}

TEST_CASE("several associations in one process keep their packets apart") {
  TwoAssociations first(Impairment{}, 11);
  TwoAssociations second(Impairment{}, 12);
  // Each link has its own fake clock; usrsctp's one clock never goes back, so the link that
  // is behind simply catches up.
  REQUIRE(first.connect());
  REQUIRE(second.connect());
  const std::uint16_t a = first.client().create_channel(labelled("first"));
  const std::uint16_t b = second.client().create_channel(labelled("second"));
  first.client().send(a, "to the first server");
  second.client().send(b, "to the second server");
  REQUIRE(first.run_until([&] { return first.server_side().count<MessageReceived>() == 1; }));
  REQUIRE(second.run_until([&] { return second.server_side().count<MessageReceived>() == 1; }));
  CHECK(to_string(first.server_side().all<MessageReceived>()[0].data) == "to the first server");
  CHECK(to_string(second.server_side().all<MessageReceived>()[0].data) == "to the second server");
  CHECK(first.server().channel(a)->label() == "first");
  CHECK(second.server().channel(b)->label() == "second");
}

TEST_CASE("closing the association ends every channel on both sides") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("short"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  link.client().close();
  CHECK(link.client().state() == AssociationState::Closed);
  REQUIRE(link.run_until([&] { return link.server().state() == AssociationState::Closed; }));
  CHECK(link.server_side().count<ChannelClosed>() == 1);
  CHECK(link.client_side().count<ChannelClosed>() == 1);
  CHECK(link.server_side().count<AssociationClosed>() == 1);
}

namespace {
// The names of this process's threads (Linux: /proc/self/task/*/comm).
std::multiset<std::string> thread_names() {
  std::multiset<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    names.insert(name);
  }
  return names;
}
}  // namespace

TEST_CASE("usrsctp starts no timer or receive thread: lucid's calls drive it") {
  const auto before = thread_names();
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("no threads"));
  link.client().send(id, "hello");
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 1; }));
  auto after = thread_names();
  for (const auto& name : before)
    if (auto it = after.find(name); it != after.end()) after.erase(it);
  // usrsctp_init_nothreads still starts usrsctp's "SCTP iterator" thread, which sleeps until
  // usrsctp queues iterator work; lucid never asks for any (usrsctp_library.h). Nothing else.
  // The iterator names itself once it runs, so on a busy machine it may still carry the
  // process's name here: count the new threads rather than trust their names.
  CHECK(after.size() <= 1);
  CHECK(after.count("SCTP timer") == 0);
}

TEST_CASE("usrsctp is finished when the last association goes and started again for the next") {
  TraceCapture trace("sctp");
  {
    TwoAssociations link;
    REQUIRE(link.connect());
  }
  CHECK(trace.contains("usrsctp finished"));
  trace.lines.clear();
  TwoAssociations again;
  CHECK(trace.contains("usrsctp started"));
  REQUIRE(again.connect());
}

TEST_CASE("an association whose remote falls silent is reported lost, with its channels closed") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("doomed"));
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  link.net.everywhere.loss = 1.0;  // the network goes away
  link.client().send(id, "into the void");
  REQUIRE(link.run_until([&] { return link.client().state() == AssociationState::Closed; },
                         std::chrono::hours(1)));
  CHECK(link.client_side().count<AssociationClosed>() == 1);
  CHECK(link.client_side().count<ChannelClosed>() == 1);
  CHECK(link.client().channel(id) == nullptr);
  CHECK_FALSE(link.client().poll_timeout());
}

TEST_CASE("associations driven from two threads at once do not disturb each other") {
  // usrsctp is one process-wide stack; UsrsctpLibrary's lock keeps two independently driven
  // associations pairs (as two PeerConnections on two event loops would be) apart.
  auto exchange = [](std::uint64_t seed, std::string label, std::vector<std::string>& got) {
    TwoAssociations link(lossy(0.02), seed);
    if (!link.connect()) return;
    const std::uint16_t id = link.client().create_channel(labelled(label));
    for (int n = 0; n < 500; ++n) link.client().send(id, label + " " + std::to_string(n));
    link.run_until([&] { return link.server_side().count<MessageReceived>() == 500; });
    for (const auto& m : link.server_side().all<MessageReceived>())
      got.push_back(to_string(m.data));
  };
  std::vector<std::string> first;
  std::vector<std::string> second;
  std::thread a(exchange, 21, "first", std::ref(first));
  std::thread b(exchange, 22, "second", std::ref(second));
  a.join();
  b.join();
  REQUIRE(first.size() == 500);
  REQUIRE(second.size() == 500);
  for (int n = 0; n < 500; ++n) {
    CHECK(first[n] == "first " + std::to_string(n));
    CHECK(second[n] == "second " + std::to_string(n));
  }
}

TEST_CASE("garbage and truncated packets neither crash an association nor break it") {
  TwoAssociations link;
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("sturdy"));
  link.client().send(id, "before");
  // Capture a real packet from the client to mangle.
  std::optional<Bytes> real;
  while (auto p = link.client().poll_transmit()) real = *p;
  REQUIRE(real.has_value());
  link.server().handle_input(*real, link.now());
  SeededRandom random(77);
  for (int i = 0; i < 2000; ++i) {
    Bytes junk(random.uniform(0, 1500));
    random.fill(junk);
    link.server().handle_input(junk, link.now());
    Bytes cut(real->begin(),
              real->begin() + static_cast<std::ptrdiff_t>(random.uniform(0, real->size())));
    link.server().handle_input(cut, link.now());
    Bytes flipped = *real;
    flipped[random.uniform(0, flipped.size() - 1)] ^=
        static_cast<std::uint8_t>(1 + random.uniform(0, 254));
    link.server().handle_input(flipped, link.now());
  }
  link.client().send(id, "after");
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 2; }));
  const auto got = link.server_side().all<MessageReceived>();
  CHECK(to_string(got[0].data) == "before");
  CHECK(to_string(got[1].data) == "after");
  CHECK(link.server().state() == AssociationState::Established);
}
