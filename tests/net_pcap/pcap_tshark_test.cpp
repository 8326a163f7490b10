// What tshark reads from a capture lucid wrote: a STUN Binding request and its success response
// (encoded by src/stun) and a DTLS record, over IPv4 and over IPv6, with lucid's checksums
// verified by tshark itself. Needs the tshark program (scripts/setup installs it).
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "net/pcap_writer.h"
#include "stun/message.h"
#include "support/run_command.h"

using namespace lucid;
using namespace lucid::net;

namespace {

// tshark's output (its exit status is not what the tests ask about).
std::string run(const std::string& command) { return testing::run_command(command).output; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A DTLS 1.2 record (RFC 6347 §4.1) carrying the start of a ClientHello (§4.2.2): what the first
// datagram of a DTLS handshake looks like. Only the headers need to be right for the dissector.
Bytes dtls_client_hello() {
  ByteWriter hello;
  hello.write_u16(0xfefd);   // client_version DTLS 1.2
  hello.write_zeros(32);     // random
  hello.write_u8(0);         // session id: empty
  hello.write_u8(0);         // cookie: empty
  hello.write_u16(2);        // cipher suites: one
  hello.write_u16(0xc02b);   // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
  hello.write_u8(1);         // compression methods: null
  hello.write_u8(0);
  const Bytes body = hello.take();

  ByteWriter record;
  record.write_u8(22);        // content type: handshake
  record.write_u16(0xfefd);   // DTLS 1.2
  record.write_u16(0);        // epoch
  record.write_u16(0);        // sequence number, 48 bits
  record.write_u32(0);
  record.write_u16(static_cast<std::uint16_t>(12 + body.size()));
  record.write_u8(1);         // handshake type: client_hello
  record.write_u8(0);         // length, 24 bits
  record.write_u16(static_cast<std::uint16_t>(body.size()));
  record.write_u16(0);        // message_seq
  record.write_u8(0);         // fragment_offset, 24 bits
  record.write_u16(0);
  record.write_u8(0);         // fragment_length, 24 bits
  record.write_u16(static_cast<std::uint16_t>(body.size()));
  record.write_bytes(body);
  return record.take();
}

// Writes request, response and DTLS between `client` and `server`, then asks tshark, with
// checksum verification on, for one line per packet.
std::vector<std::string> capture_and_dissect(const SocketAddress& client,
                                             const SocketAddress& server, const char* name) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("lucid-tshark-" + std::to_string(::getpid()) + "-" + name + ".pcap");
  SeededRandom random(7);
  const stun::Message request = stun::Message::request(stun::Method::Binding, random);
  stun::Message response =
      stun::Message::response_to(request, stun::MessageClass::SuccessResponse);
  response.add(stun::XorMappedAddress{client});
  stun::EncodeOptions with_fingerprint;
  with_fingerprint.fingerprint = true;
  {
    auto writer = PcapWriter::open(path.string());
    REQUIRE(writer.ok());
    REQUIRE(writer->write_datagram(at_ms(1000), client, server,
                                   stun::encode(request, with_fingerprint)).ok());
    REQUIRE(writer->write_datagram(at_ms(1002), server, client,
                                   stun::encode(response, with_fingerprint)).ok());
    REQUIRE(writer->write_datagram(at_ms(1010), client, server, dtls_client_hello()).ok());
  }
  const std::string ip = client.ip.is_v4() ? "ip" : "ipv6";
  const std::string out = run(
      std::string(LUCID_TSHARK) + " -r " + path.string() +
      " -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE"
      " -T fields -E separator=@ -e " + ip + ".src -e udp.srcport -e udp.dstport"
      " -e udp.checksum.status -e ip.checksum.status -e stun.type -e stun.att.ipv4 -e stun.att.ipv6"
      " -e dtls.record.content_type -e dtls.handshake.type -e _ws.expert.severity 2>/dev/null");
  std::filesystem::remove(path);
  return lines_of(out);
}

}  // namespace

TEST_CASE("tshark shows the STUN binding exchange and the DTLS record in an IPv4 capture") {
  const auto client = *SocketAddress::parse("10.0.0.1:50000");
  const auto server = *SocketAddress::parse("10.0.0.2:50001");
  const auto lines = capture_and_dissect(client, server, "v4");
  INFO(Catch::Detail::stringify(lines));
  REQUIRE(lines.size() == 3);
  // Fields, separated by @: source address, ports, UDP checksum status and IPv4 header checksum
  // status (1 = good, 0 = bad, 2 = unverified), STUN type, XOR-MAPPED-ADDRESS (v4, v6), DTLS
  // content type, handshake type, expert info severity (empty: nothing malformed).
  CHECK(lines[0] == "10.0.0.1@50000@50001@1@1@0x0001@@@@@");
  CHECK(lines[1] == "10.0.0.2@50001@50000@1@1@0x0101@10.0.0.1@@@@");
  CHECK(lines[2] == "10.0.0.1@50000@50001@1@1@@@@22@1@");
}

TEST_CASE("tshark shows the STUN binding exchange and the DTLS record in an IPv6 capture") {
  const auto client = *SocketAddress::parse("[2001:db8::1]:50000");
  const auto server = *SocketAddress::parse("[2001:db8::2]:50001");
  const auto lines = capture_and_dissect(client, server, "v6");
  INFO(Catch::Detail::stringify(lines));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "2001:db8::1@50000@50001@1@@0x0001@@@@@");
  CHECK(lines[1] == "2001:db8::2@50001@50000@1@@0x0101@@2001:db8::1@@@");
  CHECK(lines[2] == "2001:db8::1@50000@50001@1@@@@@22@1@");
}
