#include "net/traffic.h"

#include "ice/classify.h"

namespace lucid::net {
namespace {

// RFC 6347 §4.1: type (1), version (2), epoch (2), sequence number (6), length (2).
constexpr std::size_t kDtlsRecordHeaderSize = 13;
constexpr std::uint8_t kApplicationData = 23;

void add(LayerBytes& layer, std::uint64_t bytes) {
  layer.bytes += bytes;
  ++layer.units;
}

}  // namespace

void Traffic::count(BytesView datagram) {
  ++datagrams;
  bytes += datagram.size();
  switch (ice::classify(datagram)) {
    case ice::PacketClass::Stun:
      add(stun, datagram.size());
      return;
    case ice::PacketClass::Dtls:
      break;
    default:
      add(other, datagram.size());
      return;
  }
  ByteReader reader(datagram);
  while (!reader.empty()) {
    const std::size_t start = reader.offset();
    auto type = reader.read_u8();
    auto skipped = reader.skip(10);  // version (2), epoch (2), sequence number (6)
    auto length = reader.read_u16();
    if (!type || !skipped || !length || !reader.skip(*length)) {
      // A record cut short: the rest of the datagram is not DTLS we can account for.
      add(other, datagram.size() - start);
      return;
    }
    add(*type == kApplicationData ? dtls_application_data : dtls_handshake,
        kDtlsRecordHeaderSize + *length);
  }
}

}  // namespace lucid::net
