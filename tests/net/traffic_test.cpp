#include <catch2/catch.hpp>

#include "net/traffic.h"

using namespace lucid;
using lucid::net::Traffic;

namespace {

// A DTLS 1.2 record (RFC 6347 §4.1): type, version fefd, epoch, sequence number, length, body.
Bytes record(std::uint8_t type, std::size_t body_size) {
  Bytes out = {type, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 7};
  out.push_back(static_cast<std::uint8_t>(body_size >> 8));
  out.push_back(static_cast<std::uint8_t>(body_size));
  out.resize(out.size() + body_size, 0xab);
  return out;
}

Bytes join(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("a STUN datagram counts as STUN", "[net][traffic]") {
  Traffic traffic;
  Bytes binding_request(20, 0);
  binding_request[1] = 0x01;  // type 0x0001: first byte 0, RFC 7983's STUN range
  traffic.count(binding_request);
  CHECK(traffic.datagrams == 1);
  CHECK(traffic.bytes == 20);
  CHECK(traffic.stun.bytes == 20);
  CHECK(traffic.stun.units == 1);
  CHECK(traffic.dtls_handshake.bytes == 0);
}

TEST_CASE("a DTLS datagram is split by record content type", "[net][traffic]") {
  Traffic traffic;
  // A flight like the server's last: ChangeCipherSpec (20) and an encrypted Finished (22), then
  // a datagram carrying an SCTP packet in application data (23).
  traffic.count(join(record(20, 1), record(22, 40)));
  traffic.count(record(23, 100));
  CHECK(traffic.datagrams == 2);
  CHECK(traffic.bytes == (13 + 1) + (13 + 40) + (13 + 100));
  CHECK(traffic.dtls_handshake.bytes == (13 + 1) + (13 + 40));
  CHECK(traffic.dtls_handshake.units == 2);
  CHECK(traffic.dtls_application_data.bytes == 13 + 100);
  CHECK(traffic.dtls_application_data.units == 1);
  CHECK(traffic.other.bytes == 0);
}

TEST_CASE("a DTLS record cut short counts as other, not as DTLS", "[net][traffic]") {
  Traffic traffic;
  Bytes cut = record(23, 100);
  cut.resize(50);
  traffic.count(join(record(22, 10), cut));
  CHECK(traffic.dtls_handshake.bytes == 23);
  CHECK(traffic.dtls_application_data.bytes == 0);
  CHECK(traffic.other.bytes == 50);
  CHECK(traffic.bytes == 73);
}

TEST_CASE("RTP and unknown datagrams count as other", "[net][traffic]") {
  Traffic traffic;
  traffic.count(Bytes{0x80, 0x60, 0, 1});
  traffic.count(Bytes{0xff});
  CHECK(traffic.other.units == 2);
  CHECK(traffic.other.bytes == 5);
  CHECK(traffic.stun.bytes + traffic.dtls_handshake.bytes + traffic.dtls_application_data.bytes ==
        0);
}
