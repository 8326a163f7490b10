// One seeded two-peer session, run twice: what reaches the wire must be the same run.
//
// What makes a run repeat, layer by layer:
//   - the network: its seed (loss, jitter, duplication) and its clock (support/sim_network.h);
//   - ICE/STUN: each PeerConnection's SeededRandom (credentials, tie-breaker, transaction ids);
//   - DTLS: OpenSSL's randomness (hello randoms, ECDHE keys, ECDSA nonces, GCM IVs) drawn from a
//     seed (support/seeded_openssl_random.h), OpenSSL's timers on the fake wall clock, and the
//     same two certificates (their validity dates come from time(), which nothing here fakes);
//   - SCTP: usrsctp's read_random() drawn from a seed (support/seeded_usrsctp_random.h), and the
//     same fake wall times in both runs (its cookies carry one), which is why each run starts
//     the wall clock at the same time, after the last run's associations are gone.
// What does not repeat: the HMAC usrsctp signs its state cookie with follows memory addresses
// (tests/sctp/determinism_test.cpp pins it down to those 20 bytes and the checksum), so the
// DTLS records carrying the INIT-ACKs and COOKIE-ECHOs differ, in their bytes only.
#include <catch2/catch.hpp>

#include "dtls/certificate.h"
#include "peer/peer_connection.h"
#include "support/seeded_openssl_random.h"
#include "support/seeded_usrsctp_random.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::named;
using lucid::testing::TwoPeers;
using Sent = lucid::test::SimNetwork::Sent;

namespace {

// RFC 7983 §7: what the first byte says a datagram is.
enum class Kind { stun, dtls, other };
constexpr std::uint8_t kApplicationData = 23;  // RFC 5246 §6.2.1 ContentType: SCTP rides in these
Kind kind_of(const Bytes& d) {
  if (!d.empty() && d[0] <= 3) return Kind::stun;
  if (!d.empty() && d[0] >= 20 && d[0] <= 63) return Kind::dtls;
  return Kind::other;
}

struct Certificates {
  SeededRandom random{99};
  dtls::Certificate a = dtls::Certificate::generate(random, "a");
  dtls::Certificate b = dtls::Certificate::generate(random, "b");
};

struct Session {
  std::vector<Sent> wire;  // every datagram either peer put on the wire
  Timestamp connected;     // when both were connected, which waits for SCTP
};

// A session on a path with loss, jitter and duplication: connect, open a channel, 100 messages
// each way, close.
Session one_session(std::uint64_t seed, const Certificates& certificates) {
  const test::SeededOpenSslRandom openssl_random(seed);
  test::seed_usrsctp_random(seed);
  PeerConnectionConfiguration config_a = named("a");
  PeerConnectionConfiguration config_b = named("b");
  config_a.certificate = certificates.a;
  config_b.certificate = certificates.b;
  TwoPeers p(config_a, config_b, seed, test::SimClock(at_ms(0), /*wall_start=*/at_ms(0)));
  p.net.everywhere.delay = std::chrono::milliseconds(15);
  p.net.everywhere.jitter = std::chrono::milliseconds(10);
  p.net.everywhere.loss = 0.05;
  p.net.everywhere.duplicate = 0.02;
  Session session;
  p.net.tap = [&session](const Sent& d) { session.wire.push_back(d); };

  auto chat = p.a.create_data_channel("chat");
  REQUIRE(p.exchange_descriptions());
  std::shared_ptr<DataChannel> at_b;
  p.on_event = [&](PeerConnection&, const PeerConnectionEvent& e) {
    if (auto* d = std::get_if<DataChannelEvent>(&e)) at_b = d->channel;
  };
  REQUIRE(p.run_until(
      [&] {
        return p.a.connection_state() == PeerConnectionState::Connected &&
               p.b.connection_state() == PeerConnectionState::Connected;
      },
      std::chrono::minutes(2)));
  session.connected = p.now();
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open && at_b; }));
  for (int n = 0; n < 100; ++n) {
    chat->send("from a " + std::to_string(n));
    at_b->send("from b " + std::to_string(n));
  }
  auto messages = [](const std::vector<PeerConnectionEvent>& log) {
    int n = 0;
    for (const auto& e : log) n += std::holds_alternative<DataChannelMessageEvent>(e);
    return n;
  };
  REQUIRE(p.run_until([&] { return messages(p.events_a) == 100 && messages(p.events_b) == 100; },
                      std::chrono::minutes(2)));
  chat->close();
  p.run_until([] { return false; }, std::chrono::seconds(2));
  return session;
}

}  // namespace

TEST_CASE(
    "the same seed gives the same datagrams at the same times between the same endpoints, byte for "
    "byte for STUN, the DTLS handshake and all SCTP traffic after the SCTP handshake") {
  const Certificates certificates;
  const Session first = one_session(7, certificates);
  const Session second = one_session(7, certificates);
  REQUIRE(first.connected == second.connected);

  std::size_t stun = 0, handshake = 0, same_sctp = 0, cookie_records = 0;
  REQUIRE(first.wire.size() == second.wire.size());
  for (std::size_t i = 0; i < first.wire.size(); ++i) {
    const Sent& x = first.wire[i];
    const Sent& y = second.wire[i];
    INFO("datagram " << i << " of " << first.wire.size() << ", sent at " << to_ms(x.at)
                     << " ms, first byte " << int(x.data.empty() ? -1 : x.data[0]));
    REQUIRE(x.at == y.at);
    REQUIRE(x.from == y.from);
    REQUIRE(x.to == y.to);
    REQUIRE(x.data.size() == y.data.size());
    const Kind kind = kind_of(x.data);
    REQUIRE(kind != Kind::other);
    if (kind == Kind::stun) {
      CHECK(x.data == y.data);
      ++stun;
    } else if (x.data[0] != kApplicationData) {
      CHECK(x.data == y.data);  // handshake, ChangeCipherSpec, alert
      ++handshake;
    } else if (x.data == y.data) {
      ++same_sctp;
    } else {
      // Only the SCTP handshake's records may differ: they carry the state cookie.
      CHECK(x.at <= first.connected);
      ++cookie_records;
    }
  }
  CHECK(stun >= 4);            // a check and its answer each way, at least
  CHECK(handshake >= 4);       // the DTLS flights
  CHECK(same_sctp > 100);      // the messages, their acknowledgements, the close
  CHECK(cookie_records <= 6);  // the two INIT-ACKs and the COOKIE-ECHO, and any resent

  // And another seed is another run.
  CHECK(one_session(8, certificates).wire != first.wire);
}
