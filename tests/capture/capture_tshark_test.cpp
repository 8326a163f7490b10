// A real session, captured and decrypted: two PeerHosts on 127.0.0.1 open a data channel and send
// one message; one host writes the capture (PeerHostOptions::pcap_path) and the DTLS key log
// (PeerConnectionConfiguration::key_log). tshark, given the key log and a rule saying the DTLS
// payload is SCTP, must show the DCEP DATA_CHANNEL_OPEN and the message text — the recipe of
// docs/wireshark.md. Without the key log it must show neither: what makes them visible is the
// decryption, not a plaintext leak.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include "common/hex.h"
#include "net/event_loop.h"
#include "net/peer_host.h"
#include "support/run_command.h"

using namespace lucid;
using namespace lucid::net;
namespace fs = std::filesystem;

namespace {

const std::string kMessage = "lucid says hello through DTLS";
const std::string kAnswerPrefix = "got: ";
const std::string kLabel = "capture-chat";

// tshark's output (its exit status is not what the tests ask about).
std::string run(const std::string& command) { return testing::run_command(command).output; }

// tshark 4.0 ignores a dtlsdecrypttablefile rule (and so never hands the decrypted records to
// SCTP) unless its key file loads as an RSA private key, although with a key log the key is
// never used. Any RSA key will do.
void write_throwaway_rsa_key(const fs::path& path) {
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  REQUIRE(key);
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "w"), std::fclose);
  REQUIRE(file);
  REQUIRE(PEM_write_PrivateKey(file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
}

struct Capture {
  fs::path dir;
  fs::path pcap, keys, rsa_key;
  std::vector<SocketAddress> dtls_addresses;  // both ends of the DTLS association
};

// Runs the session and returns where its files are.
Capture capture_a_session() {
  Capture c;
  c.dir = fs::temp_directory_path() / ("lucid-capture-" + std::to_string(::getpid()));
  fs::create_directories(c.dir);
  c.pcap = c.dir / "session.pcap";
  c.keys = c.dir / "session.keys";
  c.rsa_key = c.dir / "throwaway-rsa.key";
  write_throwaway_rsa_key(c.rsa_key);

  EventLoop loop;
  PeerHostOptions loopback;
  loopback.interfaces.only = {*IpAddress::parse("127.0.0.1")};
  PeerHostOptions capturing = loopback;
  capturing.pcap_path = c.pcap.string();
  PeerConnectionConfiguration a_config;
  a_config.name = "a";
  a_config.key_log = std::make_shared<dtls::KeyLog>(c.keys.string());
  PeerConnectionConfiguration b_config;
  b_config.name = "b";

  PeerHost a(loop, std::move(a_config), capturing);
  PeerHost b(loop, std::move(b_config), loopback);
  c.dtls_addresses = {a.local_addresses().front(), b.local_addresses().front()};

  auto chat = a.create_data_channel(kLabel);
  chat->on_open = [&] { chat->send(kMessage); };
  // b answers, and a waits for the answer: by then a has also received b's DATA_CHANNEL_ACK
  // (sent before the answer, on the same ordered stream), so the capture holds it too.
  std::string answer;
  chat->on_message = [&](const MessageEvent& m) { answer = m.text(); };
  std::shared_ptr<net::HostedDataChannel> bs;
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    bs = channel;
    channel->on_message = [&](const MessageEvent& m) { bs->send(kAnswerPrefix + m.text()); };
  };

  const auto gathered = [](const PeerHost& h) {
    return h.connection().ice_gathering_state() == IceGatheringState::Complete;
  };
  a.set_local_description(a.create_offer());
  REQUIRE(loop.run_until([&] { return gathered(a); }, std::chrono::seconds(5)));
  REQUIRE(b.set_remote_description(*a.connection().local_description()).ok());
  b.set_local_description(b.create_answer());
  REQUIRE(loop.run_until([&] { return gathered(b); }, std::chrono::seconds(5)));
  REQUIRE(a.set_remote_description(*b.connection().local_description()).ok());
  REQUIRE(loop.run_until([&] { return answer == kAnswerPrefix + kMessage; },
                         std::chrono::seconds(10)));
  return c;  // the hosts go now, closing the capture file
}

// The tshark command line of docs/wireshark.md: the key log, and one "this DTLS carries SCTP"
// rule per end of the association.
std::string tshark(const Capture& c, bool with_keys, const std::string& filter_and_fields) {
  std::string command = std::string(LUCID_TSHARK) + " -n -r '" + c.pcap.string() + "'";
  if (with_keys) {
    command += " -o 'tls.keylog_file:" + c.keys.string() + "'";
    // The rules claim the two ports for DTLS; STUN on them is still found by its heuristic.
    command += " -o udp.try_heuristic_first:TRUE";
    for (const auto& address : c.dtls_addresses)
      command += " -o 'uat:dtlsdecrypttablefile:\"" + address.ip.to_string() + "\",\"" +
                 std::to_string(address.port) + "\",\"sctp\",\"" + c.rsa_key.string() + "\",\"\"'";
  }
  return run(command + " " + filter_and_fields + " 2>/dev/null");
}

}  // namespace

TEST_CASE("with the key log, tshark shows the DCEP DATA_CHANNEL_OPEN and the message text") {
  const Capture c = capture_a_session();
  REQUIRE(fs::file_size(c.keys) > 0);

  // RFC 8832 §5.1: DATA_CHANNEL_OPEN is message type 0x03, and it carries the label.
  const std::string dcep =
      tshark(c, true, "-Y rtcdc -T fields -e rtcdc.message_type -e rtcdc.label");
  CHECK(dcep.find("3\t" + kLabel + "\n") != std::string::npos);
  // ... answered by DATA_CHANNEL_ACK, type 0x02.
  CHECK(dcep.find("2\t\n") != std::string::npos);

  // PPID 51 is WebRTC String (RFC 8831 §8): the message, as the bytes sent.
  const std::string text =
      tshark(c, true, "-Y sctp.data_payload_proto_id==51 -T fields -e data.data");
  const std::string answer = kAnswerPrefix + kMessage;
  CHECK(text == to_hex(Bytes(kMessage.begin(), kMessage.end())) + "\n" +
                    to_hex(Bytes(answer.begin(), answer.end())) + "\n");

  // The ICE checks on the same ports are still STUN.
  CHECK_FALSE(tshark(c, true, "-Y stun").empty());
  fs::remove_all(c.dir);
}

TEST_CASE("without the key log, the same capture shows STUN and DTLS but no DCEP and no text") {
  const Capture c = capture_a_session();
  CHECK_FALSE(tshark(c, false, "-Y stun").empty());
  CHECK_FALSE(tshark(c, false, "-Y dtls").empty());
  CHECK(tshark(c, false, "-Y rtcdc").empty());
  CHECK(tshark(c, false, "-Y sctp").empty());
  fs::remove_all(c.dir);
}
