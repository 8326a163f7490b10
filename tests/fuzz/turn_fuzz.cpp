// Target 9, turn: a turn::Client whose Allocate has been challenged (401 with REALM and NONCE
// handled, the signed Allocate sent), fed a sequence of datagrams "from the server" through
// handle_input, with commands and fake time between them.
//
// Input: frames (frames.h). Flags of each frame:
//   bit 0     sign it: if the frame parses as STUN, it is re-encoded as a response to one of the
//             requests the client sent (its method and transaction id) with the long-term key
//             and FINGERPRINT, so that it gets past matching and integrity into responses.cpp
//   bits 1-2  a command first: 1 create_permission, 2 bind_channel, 3 send (to one of two peers)
//   bits 3-7  how much fake time passes before it (0-31 × 20 s: refreshes, expiry, RTOs fire)
// After the last frame the client is closed.
//
// Reaches: src/turn/client.cpp, responses.cpp, channel_data.cpp, and src/stun's parse,
// integrity and credentials (401/438 with PASSWORD-ALGORITHMS).
// Invariants besides "no crash": what handle_input hands back points into the datagram; a
// failed or closed client has no timer and sends nothing more.
#include <vector>

#include "common/random.h"
#include "frames.h"
#include "fuzz_check.h"
#include "stun/credentials.h"
#include "stun/message.h"
#include "turn/turn.h"

using namespace lucid;
using namespace lucid::turn;

namespace {

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

const SocketAddress kServer = addr("192.0.2.1:3478");
const SocketAddress kPeers[2] = {addr("198.51.100.7:50000"), addr("198.51.100.8:40000")};

struct Sent {
  stun::Method method;
  stun::TransactionId id;
};

Bytes sign(const stun::Message& m, const std::vector<Sent>& sent, const Bytes& key) {
  stun::Method method = m.method();
  stun::TransactionId id = m.transaction_id();
  stun::MessageClass klass = m.message_class();
  if (!sent.empty()) {
    const Sent& s = sent[id[0] % sent.size()];
    method = s.method;
    id = s.id;
    if (klass == stun::MessageClass::Request || klass == stun::MessageClass::Indication)
      klass = stun::MessageClass::SuccessResponse;
  }
  stun::Message out(method, klass, id);
  for (const auto& a : m.attributes()) out.add(a);
  stun::EncodeOptions o;
  o.integrity_key = key;
  o.fingerprint = true;
  return stun::encode(out, o);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Bytes key = stun::long_term_key("user", "example.org", "pass");
  SeededRandom random(size);
  ClientConfig config;
  config.username = "user";
  config.password = "pass";
  Client client(kServer, config, random);
  Timestamp now = at_ms(0);

  std::vector<Sent> sent;
  const auto drain = [&] {
    while (auto t = client.poll_transmit()) {
      if (auto m = stun::parse(*t); m && m->is_request()) {
        sent.push_back({m->method(), m->transaction_id()});
        if (sent.size() > 32) sent.erase(sent.begin());
      }
    }
    while (client.poll_event()) {
    }
  };

  // Allocating: the first Allocate, its 401 challenge, and the signed Allocate sent.
  client.allocate(now);
  auto first = client.poll_transmit();
  LUCID_FUZZ_CHECK(first.has_value());
  auto request = stun::parse(*first);
  LUCID_FUZZ_CHECK(request.ok());
  stun::Message challenge = stun::Message::response_to(*request, stun::MessageClass::ErrorResponse);
  challenge.add(stun::ErrorCode{401, "Unauthorized"});
  challenge.add(stun::Realm{"example.org"});
  challenge.add(stun::Nonce{"fuzz-nonce"});
  (void)client.handle_input(stun::encode(challenge), now);
  drain();
  LUCID_FUZZ_CHECK(client.state() == State::Allocating);

  fuzz::Frames frames(fuzz::bytes(data, size));
  while (auto frame = frames.next()) {
    const Timestamp until = now + std::chrono::seconds(20 * (frame->flags >> 3));
    while (auto due = client.poll_timeout()) {
      if (*due > until) break;
      now = std::max(now, *due);
      client.handle_timeout(now);
      drain();
    }
    now = until;
    const SocketAddress& peer = kPeers[frame->flags >> 7];
    switch ((frame->flags >> 1) & 3) {
      case 1: client.create_permission(peer.ip, now); break;
      case 2: (void)client.bind_channel(peer, now); break;
      case 3: (void)client.send(peer, frame->data); break;
      default: break;
    }
    drain();  // so that a request the command sent can be answered by this very frame
    Bytes bytes(frame->data.begin(), frame->data.end());
    if (frame->flags & 1) {
      if (auto m = stun::parse(bytes)) bytes = sign(*m, sent, key);
    }
    if (auto got = client.handle_input(bytes, now)) {
      LUCID_FUZZ_CHECK(got->data.data() >= bytes.data() &&
                       got->data.data() + got->data.size() <= bytes.data() + bytes.size());
    }
    drain();
    if (client.state() == State::Failed || client.state() == State::Closed) {
      LUCID_FUZZ_CHECK(!client.poll_timeout().has_value());
      LUCID_FUZZ_CHECK(!client.send(peer, Bytes{1, 2, 3}));
      LUCID_FUZZ_CHECK(!client.poll_transmit().has_value());
    }
  }
  client.close(now);
  drain();
  return 0;
}
