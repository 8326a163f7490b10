// Two associations run twice with the same seed: how far does the run repeat, packet by packet?
//
// The network (support/sim_network.h) repeats by its seed and clock; usrsctp's randomness
// (verification tags, initial TSNs, cookie secrets) repeats once read_random() is seeded
// (support/seeded_usrsctp_random.h); the state cookie's timestamp repeats because both runs start
// the fake wall clock at the same time. What does not repeat is the HMAC usrsctp signs its state
// cookie with (RFC 9260 §5.1.3): it follows memory addresses (with address-space randomisation
// off, `setarch -R`, it repeats from one process to the next; with it on, it does not; the
// second run in a process repeats it only if it gets the first run's addresses back). The checksum over those packets follows.
#include <catch2/catch.hpp>

#include "common/bytes.h"
#include "sctp/packet_summary.h"
#include "support/seeded_usrsctp_random.h"
#include "test_util.h"
#include "two_associations.h"

using namespace lucid;
using namespace lucid::sctp;
using namespace lucid::sctp::test;
using Sent = lucid::test::SimNetwork::Sent;

namespace {

constexpr std::size_t kSignatureSize = 20;  // usrsctp signs its cookies with HMAC-SHA1

std::size_t u16_at(const Bytes& b, std::size_t at) { return std::size_t{b[at]} << 8 | b[at + 1]; }

// Where each state cookie's signature lies in `packet`: the last bytes of the State Cookie
// parameter of an INIT-ACK, or of the cookie a COOKIE-ECHO echoes (RFC 9260 §3.3.3, §3.3.11).
std::vector<std::size_t> cookie_signatures(const Bytes& packet) {
  std::vector<std::size_t> at;
  for (std::size_t chunk = 12; chunk + 4 <= packet.size();) {  // after the common header
    const std::uint8_t type = packet[chunk];
    const std::size_t length = u16_at(packet, chunk + 2);
    if (length < 4 || chunk + length > packet.size()) break;
    if (type == 10) at.push_back(chunk + length - kSignatureSize);  // COOKIE ECHO
    if (type == 2) {                                                // INIT ACK: find parameter 7
      for (std::size_t p = chunk + 20; p + 4 <= chunk + length;) {
        const std::size_t p_length = u16_at(packet, p + 2);
        if (p_length < 4) break;
        if (u16_at(packet, p) == 7) at.push_back(p + p_length - kSignatureSize);
        p += (p_length + 3) / 4 * 4;
      }
    }
    chunk += (length + 3) / 4 * 4;
  }
  return at;
}

// Whether every byte that differs between `x` and `y` is the checksum (RFC 9260 §3.1, bytes
// 8-11) or a cookie signature.
bool differ_only_in_cookie_signature(const Bytes& x, const Bytes& y) {
  const auto signatures = cookie_signatures(x);
  if (signatures.empty()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i] || (i >= 8 && i < 12)) continue;
    bool in_signature = false;
    for (std::size_t s : signatures) in_signature |= i >= s && i < s + kSignatureSize;
    if (!in_signature) return false;
  }
  return true;
}

// Connect on a path with loss and jitter, 100 messages, close: every packet either side sent.
std::vector<Sent> one_run(std::uint64_t seed) {
  lucid::test::seed_usrsctp_random(seed);
  Impairment wire = lossy(0.05);
  wire.jitter = std::chrono::milliseconds(5);
  TwoAssociations link(wire, seed, TwoAssociations::client_config(),
                       TwoAssociations::server_config(),
                       lucid::test::SimClock(at_ms(0), /*wall_start=*/at_ms(0)));
  std::vector<Sent> packets;
  link.net.tap = [&](const Sent& s) { packets.push_back(s); };
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("chat"));
  for (int n = 0; n < 100; ++n) link.client().send(id, "message " + std::to_string(n));
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 100; }));
  link.client().close();
  link.run_for(std::chrono::seconds(2));
  return packets;
}

}  // namespace

TEST_CASE(
    "the same seed gives the same SCTP packets at the same times, byte for byte but for the "
    "state cookie's signature and the checksum over it") {
  const auto first = one_run(3);
  const auto second = one_run(3);
  REQUIRE(first.size() == second.size());
  CHECK(first.size() > 50);
  std::size_t differing = 0, with_cookie = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    INFO("packet " << i << ": " << summarize_packet(first[i].data));
    REQUIRE(first[i].at == second[i].at);
    REQUIRE(first[i].from == second[i].from);
    REQUIRE(first[i].data.size() == second[i].data.size());
    if (!cookie_signatures(first[i].data).empty()) ++with_cookie;
    if (first[i].data == second[i].data) continue;
    CHECK(differ_only_in_cookie_signature(first[i].data, second[i].data));
    ++differing;
  }
  // The INIT-ACKs and COOKIE-ECHOs were there to differ; whether they did depends on where the
  // second run's usrsctp state landed in memory (the same place, once the first run's sockets
  // are all freed before it starts).
  CHECK(with_cookie >= 2);
  CHECK(differing <= with_cookie);

  // And another seed is another run.
  CHECK(one_run(4) != first);
}
