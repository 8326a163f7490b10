#include "sctp/dcep.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/hex.h"
#include "sctp/stream.h"

using namespace lucid;
using namespace lucid::sctp;

namespace {
Bytes hex(const char* text) { return from_hex(text).value(); }
}  // namespace

TEST_CASE("DATA_CHANNEL_OPEN for a reliable ordered channel has the RFC 8832 §5.1 layout") {
  dcep::Open open;
  open.label = "chat";
  // type 03 | channel type 00 | priority 0100 | reliability 00000000 |
  // label length 0004 | protocol length 0000 | "chat"
  const Bytes expected = hex("03 00 0100 00000000 0004 0000 63686174");
  CHECK(dcep::encode(open) == expected);
  auto parsed = dcep::parse(expected);
  REQUIRE(parsed.ok());
  CHECK(std::get<dcep::Open>(*parsed) == open);
}

TEST_CASE("DATA_CHANNEL_OPEN carries partial reliability, priority, label and protocol") {
  dcep::Open open;
  open.channel_type = dcep::ChannelType::PartialReliableRexmitUnordered;
  open.priority = dcep::kPriorityHigh;
  open.reliability_parameter = 3;
  open.label = "game";
  open.protocol = "json";
  const Bytes expected = hex("03 81 0200 00000003 0004 0004 67616d65 6a736f6e");
  CHECK(dcep::encode(open) == expected);
  auto parsed = dcep::parse(expected);
  REQUIRE(parsed.ok());
  CHECK(std::get<dcep::Open>(*parsed) == open);
}

TEST_CASE("DATA_CHANNEL_OPEN with a lifetime and empty label round-trips") {
  dcep::Open open;
  open.channel_type = dcep::ChannelType::PartialReliableTimed;
  open.reliability_parameter = 1500;
  const Bytes expected = hex("03 02 0100 000005dc 0000 0000");
  CHECK(dcep::encode(open) == expected);
  auto parsed = dcep::parse(expected);
  REQUIRE(parsed.ok());
  CHECK(std::get<dcep::Open>(*parsed) == open);
}

TEST_CASE("DATA_CHANNEL_ACK is the single byte 0x02") {
  CHECK(dcep::encode(dcep::Ack{}) == hex("02"));
  auto parsed = dcep::parse(hex("02"));
  REQUIRE(parsed.ok());
  CHECK(std::holds_alternative<dcep::Ack>(*parsed));
}

TEST_CASE("channel types map to ordered/unordered and reliability options both ways") {
  struct Row {
    bool ordered;
    std::optional<std::uint32_t> rexmit;
    std::optional<std::uint32_t> lifetime;
    dcep::ChannelType type;
    std::uint32_t parameter;
  };
  const std::vector<Row> rows = {
      {true, {}, {}, dcep::ChannelType::Reliable, 0},
      {false, {}, {}, dcep::ChannelType::ReliableUnordered, 0},
      {true, 5, {}, dcep::ChannelType::PartialReliableRexmit, 5},
      {false, 0, {}, dcep::ChannelType::PartialReliableRexmitUnordered, 0},
      {true, {}, 250, dcep::ChannelType::PartialReliableTimed, 250},
      {false, {}, 100, dcep::ChannelType::PartialReliableTimedUnordered, 100},
  };
  for (const auto& row : rows) {
    ChannelInit init;
    init.label = "x";
    init.ordered = row.ordered;
    init.max_retransmits = row.rexmit;
    init.max_packet_life_time = row.lifetime;
    const dcep::Open open = Stream(0, init).to_open();
    CHECK(open.channel_type == row.type);
    CHECK(open.reliability_parameter == row.parameter);
    const ChannelInit back = Stream::from_open(open);
    CHECK(back.ordered == row.ordered);
    CHECK(back.max_retransmits == row.rexmit);
    CHECK(back.max_packet_life_time == row.lifetime);
  }
}

TEST_CASE("malformed DCEP messages are errors that name the byte, never a crash") {
  struct Row {
    const char* name;
    const char* bytes;
    const char* expected;  // the Error's message()
  };
  const std::vector<Row> rows = {
      {"empty", "", "byte 0: empty DCEP message"},
      {"reserved type 0x00", "00", "byte 0: unknown DCEP message type 0"},
      {"unassigned type 0x04", "04 00", "byte 0: unknown DCEP message type 4"},
      {"reserved type 0xff", "ff", "byte 0: unknown DCEP message type 255"},
      {"ACK with a trailing byte", "02 00", "byte 1: 1 bytes after DATA_CHANNEL_ACK"},
      {"OPEN without channel type", "03", nullptr},
      {"OPEN with unknown channel type 0x03", "03 03 0100 00000000 0000 0000",
       "byte 1: DATA_CHANNEL_OPEN with unknown channel type 3"},
      {"OPEN with reserved channel type 0x7f", "03 7f 0100 00000000 0000 0000",
       "byte 1: DATA_CHANNEL_OPEN with unknown channel type 127"},
      {"OPEN cut in the priority", "03 00 01", nullptr},
      {"OPEN cut in the reliability parameter", "03 00 0100 0000", nullptr},
      {"OPEN cut in the label length", "03 00 0100 00000000 00", nullptr},
      {"OPEN cut in the protocol length", "03 00 0100 00000000 0000 00", nullptr},
      {"label longer than the message", "03 00 0100 00000000 0005 0000 6869",
       "byte 12: label length 5 runs past the end (2 bytes left)"},
      {"protocol longer than the message", "03 00 0100 00000000 0002 0009 6869 6a",
       "byte 14: protocol length 9 runs past the end (1 bytes left)"},
      {"label length 0xffff with no label", "03 00 0100 00000000 ffff 0000",
       "byte 12: label length 65535 runs past the end (0 bytes left)"},
      {"trailing bytes after the protocol", "03 00 0100 00000000 0000 0000 00",
       "byte 12: 1 bytes after the end of DATA_CHANNEL_OPEN"},
  };
  for (const auto& row : rows) {
    INFO(row.name);
    auto parsed = dcep::parse(hex(row.bytes));
    REQUIRE_FALSE(parsed.ok());
    CHECK_FALSE(parsed.error().what.empty());
    if (row.expected != nullptr) CHECK(parsed.error().message() == row.expected);
  }
}

TEST_CASE("a label longer than 65535 bytes cannot be encoded") {
  dcep::Open open;
  open.label = std::string(70000, 'a');
  CHECK_THROWS_AS(dcep::encode(open), std::length_error);
}
