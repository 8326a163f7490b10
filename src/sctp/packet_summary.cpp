#include "sctp/packet_summary.h"

#include <algorithm>

#include "common/trace.h"

namespace lucid::sctp {
namespace {

// RFC 9260 §3.2 chunk types, plus RFC 3758 (FORWARD-TSN), RFC 4895 (AUTH), RFC 4820 (PAD),
// RFC 6525 (RE-CONFIG), RFC 8260 (I-DATA, I-FORWARD-TSN) and RFC 5061 (ASCONF).
const char* chunk_name(std::uint8_t type) {
  switch (type) {
    case 0:
      return "DATA";
    case 1:
      return "INIT";
    case 2:
      return "INIT-ACK";
    case 3:
      return "SACK";
    case 4:
      return "HEARTBEAT";
    case 5:
      return "HEARTBEAT-ACK";
    case 6:
      return "ABORT";
    case 7:
      return "SHUTDOWN";
    case 8:
      return "SHUTDOWN-ACK";
    case 9:
      return "ERROR";
    case 10:
      return "COOKIE-ECHO";
    case 11:
      return "COOKIE-ACK";
    case 14:
      return "SHUTDOWN-COMPLETE";
    case 15:
      return "AUTH";
    case 64:
      return "I-DATA";
    case 128:
      return "ASCONF-ACK";
    case 130:
      return "RE-CONFIG";
    case 132:
      return "PAD";
    case 192:
      return "FORWARD-TSN";
    case 193:
      return "ASCONF";
    case 194:
      return "I-FORWARD-TSN";
  }
  return nullptr;
}

bool is_data_flow(std::uint8_t type) { return type == 0 || type == 3 || type == 192; }

}  // namespace

std::string summarize_packet(BytesView packet) {
  ByteReader r(packet);
  // RFC 9260 §3.1: source port, destination port, verification tag, checksum.
  auto source = r.read_u16();
  auto destination = r.read_u16();
  if (!source || !destination || !r.skip(8).ok())
    return "a " + std::to_string(packet.size()) + "-byte packet, too short for SCTP";
  std::string chunks;
  bool only_data_flow = true;
  while (!r.empty()) {
    // RFC 9260 §3.2: type, flags, length (header included, padding excluded), value.
    auto type = r.read_u8();
    auto flags = r.read_u8();
    auto length = r.read_u16();
    if (!type || !flags || !length || *length < 4) {
      chunks += chunks.empty() ? "a malformed chunk" : ", a malformed chunk";
      only_data_flow = false;
      break;
    }
    const char* name = chunk_name(*type);
    if (!chunks.empty()) chunks += ", ";
    chunks += name != nullptr ? std::string(name) : trace::concat("chunk type ", int(*type));
    if (!is_data_flow(*type)) only_data_flow = false;
    const std::size_t padded = (static_cast<std::size_t>(*length) + 3) & ~std::size_t{3};
    if (!r.skip(std::min(padded - 4, r.remaining())).ok()) break;
  }
  if (only_data_flow) return {};
  return trace::concat(*source, " → ", *destination, ": ", chunks);
}

}  // namespace lucid::sctp
