// The pcap writer's bytes: the file header, synthesised IPv4/IPv6 and UDP headers, checksums.
// Expected checksums come from outside this code: RFC 1071's worked example, the textbook IPv4
// header whose checksum is b861, and UDP checksums computed independently (Python, struct).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include "common/hex.h"
#include "net/pcap_writer.h"

using namespace lucid;
using namespace lucid::net;

namespace {
SocketAddress address(const char* text) { return *SocketAddress::parse(text); }

Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::uint16_t u16_at(const Bytes& b, std::size_t offset) {
  return static_cast<std::uint16_t>(b.at(offset) << 8 | b.at(offset + 1));
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("lucid-pcap-" + std::to_string(::getpid()) + "-" + name);
}
}  // namespace

TEST_CASE("the Internet checksum of RFC 1071's example words is 220d") {
  // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
  const Bytes words = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  CHECK(internet_checksum(words) == 0x220d);
}

TEST_CASE("the pcap file header is classic libpcap 2.4, snaplen 65535, raw IP link type") {
  CHECK(to_hex(pcap_file_header()) == "d4c3b2a1" "02000400" "00000000" "00000000"
                                      "ffff0000" "65000000");
}

TEST_CASE("an IPv4 datagram gets a 20-byte header with the right length and checksum") {
  // The textbook header 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7: 115 bytes in all,
  // don't-fragment, TTL 64, UDP, 192.168.0.1 -> 192.168.0.199. Our header has exactly that
  // shape, so 87 payload bytes (115 - 20 - 8) must give exactly those bytes.
  const Bytes payload(87, 0xab);
  auto packet = ip_udp_packet(address("192.168.0.1:5000"), address("192.168.0.199:6000"), payload);
  REQUIRE(packet.ok());
  REQUIRE(packet->size() == 115);
  CHECK(to_hex(BytesView(packet->data(), 20)) == "45000073000040004011b861c0a80001c0a800c7");
  // The UDP header: ports, length 8 + 87.
  CHECK(u16_at(*packet, 20) == 5000);
  CHECK(u16_at(*packet, 22) == 6000);
  CHECK(u16_at(*packet, 24) == 95);
  CHECK(Bytes(packet->begin() + 28, packet->end()) == payload);
}

TEST_CASE("the UDP checksum over IPv4 covers the pseudo-header and the payload") {
  auto packet =
      ip_udp_packet(address("10.0.0.1:1234"), address("10.0.0.2:5678"), to_bytes("hello"));
  REQUIRE(packet.ok());
  // Ports 1234 and 5678, length 13, checksum 8cff.
  CHECK(to_hex(BytesView(packet->data() + 20, 8)) == "04d2162e000d8cff");
}

TEST_CASE("an IPv6 datagram gets a 40-byte header and a computed UDP checksum") {
  auto packet = ip_udp_packet(address("[2001:db8::1]:1234"), address("[2001:db8::2]:5678"),
                              to_bytes("hello"));
  REQUIRE(packet.ok());
  REQUIRE(packet->size() == 40 + 8 + 5);
  // Version 6, payload length 13 (UDP header + payload, not the IPv6 header), next header 17,
  // hop limit 64, then the two addresses.
  CHECK(to_hex(BytesView(packet->data(), 8)) == "60000000000d1140");
  CHECK(to_hex(BytesView(packet->data() + 8, 16)) == "20010db8000000000000000000000001");
  CHECK(to_hex(BytesView(packet->data() + 24, 16)) == "20010db8000000000000000000000002");
  // RFC 8200 §8.1: over IPv6 the UDP checksum is mandatory, never 0.
  CHECK(to_hex(BytesView(packet->data() + 40, 8)) == "04d2162e000d458d");
}

TEST_CASE("a datagram between addresses of different families is refused") {
  auto packet = ip_udp_packet(address("10.0.0.1:1"), address("[::1]:2"), to_bytes("x"));
  REQUIRE_FALSE(packet.ok());
  CHECK(packet.error().message().find("different address families") != std::string::npos);
}

TEST_CASE("a payload too large for one packet within the snaplen is refused, the largest fits") {
  const auto from = address("10.0.0.1:1");
  const auto to = address("10.0.0.2:2");
  CHECK(ip_udp_packet(from, to, Bytes(65535 - 28, 0)).ok());
  CHECK_FALSE(ip_udp_packet(from, to, Bytes(65535 - 28 + 1, 0)).ok());
  const auto from6 = address("[::1]:1");
  const auto to6 = address("[::1]:2");
  CHECK(ip_udp_packet(from6, to6, Bytes(65535 - 48, 0)).ok());
  CHECK_FALSE(ip_udp_packet(from6, to6, Bytes(65535 - 48 + 1, 0)).ok());
}

TEST_CASE("a capture file holds the header then one record per datagram, timed by the caller") {
  const auto path = temp_path("records.pcap");
  {
    auto writer = PcapWriter::open(path.string());
    REQUIRE(writer.ok());
    REQUIRE(writer->write_datagram(at_ms(1500), address("10.0.0.1:1234"), address("10.0.0.2:5678"),
                                   to_bytes("hello"))
                .ok());
    REQUIRE(writer->write_datagram(at_ms(2001), address("10.0.0.2:5678"), address("10.0.0.1:1234"),
                                   to_bytes("hi"))
                .ok());
    CHECK(writer->count() == 2);
  }  // closed here: everything must be on disk
  const Bytes file = read_file(path);
  std::filesystem::remove(path);

  REQUIRE(file.size() == 24 + (16 + 33) + (16 + 30));
  CHECK(Bytes(file.begin(), file.begin() + 24) == pcap_file_header());
  // Record 1: 1 s + 500000 us, captured and original length 33, little-endian like the file.
  CHECK(to_hex(BytesView(file.data() + 24, 16)) == "01000000" "20a10700" "21000000" "21000000");
  CHECK(file[40] == 0x45);
  // Record 2: 2 s + 1000 us, 30 bytes; it starts with the IPv4 header from 10.0.0.2.
  const std::size_t second = 24 + 16 + 33;
  CHECK(to_hex(BytesView(file.data() + second, 16)) == "02000000" "e8030000" "1e000000" "1e000000");
  CHECK(to_hex(BytesView(file.data() + second + 16 + 12, 4)) == "0a000002");
}

TEST_CASE("flush puts the records on disk while the writer stays open") {
  const auto path = temp_path("flush.pcap");
  auto writer = PcapWriter::open(path.string());
  REQUIRE(writer.ok());
  REQUIRE(writer->write_datagram(at_ms(0), address("[::1]:1"), address("[::1]:2"), Bytes{1}).ok());
  REQUIRE(writer->flush().ok());
  CHECK(read_file(path).size() == 24 + 16 + 40 + 8 + 1);
  std::filesystem::remove(path);
}

TEST_CASE("opening a capture where no file can be made names the path and the reason") {
  auto writer = PcapWriter::open("/nonexistent-dir/x.pcap");
  REQUIRE_FALSE(writer.ok());
  CHECK(writer.error().message().find("/nonexistent-dir/x.pcap") != std::string::npos);
  CHECK(writer.error().message().find("No such file or directory") != std::string::npos);
}
