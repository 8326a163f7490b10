// Target 5, dcep: one message on a data channel's stream with PPID 50 (RFC 8832 §5) through
// sctp::dcep::parse.
//
// Reaches: src/sctp/dcep.cpp (both message types, every channel type, the label and protocol
// lengths).
// Invariant: a parsed DATA_CHANNEL_OPEN or ACK encodes to exactly the bytes it came from
// (RFC 8832 §5: the format has no optional parts and parse refuses trailing bytes).
#include <variant>

#include "fuzz_check.h"
#include "sctp/dcep.h"

using namespace lucid;
using namespace lucid::sctp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const BytesView in = fuzz::bytes(data, size);
  auto parsed = dcep::parse(in);
  if (!parsed) {
    (void)parsed.error().message();
    return 0;
  }
  Bytes encoded;
  if (const auto* open = std::get_if<dcep::Open>(&*parsed)) {
    (void)dcep::to_string(open->channel_type);
    (void)dcep::is_ordered(open->channel_type);
    encoded = dcep::encode(*open);
  } else {
    encoded = dcep::encode(std::get<dcep::Ack>(*parsed));
  }
  LUCID_FUZZ_CHECK(Bytes(in.begin(), in.end()) == encoded);
  auto again = dcep::parse(encoded);
  LUCID_FUZZ_CHECK(again.ok() && *again == *parsed);
  return 0;
}
