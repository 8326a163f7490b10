// Target 6, ice_agent: an ice::Agent in the checking state (credentials and one remote host
// candidate, as tests/ice/entry_point_test.cpp builds it) fed a sequence of datagrams through
// handle_input, the one entry point of the stack (RFC 7983 classifier, then STUN).
//
// Input: frames (frames.h). Flags of each frame:
//   bits 0-1  where it comes from: the candidate's address, a new address (peer-reflexive),
//             a STUN server's, or the candidate's address on another local socket
//   bit 2     sign it: if the frame parses as STUN, it is re-encoded with the right
//             MESSAGE-INTEGRITY (our pwd for a request, the peer's for a response) and
//             FINGERPRINT, and a response takes the transaction id of a check the agent sent,
//             so it gets past authentication into checks.cpp, nomination and consent
//   bits 3-7  how much fake time passes before it (0-31 × 100 ms; timers fire on the way)
//
// Reaches: src/ice/agent.cpp, classify.cpp, checks.cpp (requests, responses, role conflicts,
// peer-reflexive candidates, nomination), consent.cpp, checklist.cpp, src/stun parse/integrity.
#include <vector>

#include "common/random.h"
#include "fuzz_check.h"
#include "frames.h"
#include "ice/agent.h"
#include "stun/credentials.h"
#include "stun/message.h"

using namespace lucid;
using namespace lucid::ice;

namespace {

SocketAddress addr(const char* text) { return *SocketAddress::parse(text); }

const SocketAddress kLocal = addr("192.0.2.1:5000");
const SocketAddress kLocal2 = addr("192.0.2.1:5001");
const SocketAddress kPeer = addr("192.0.2.2:6000");
const SocketAddress kOther = addr("198.51.100.7:7000");
const SocketAddress kStunServer = addr("203.0.113.1:3478");
const Credentials kRemote{"REMo", "remote-password-0123456789"};

// Re-encodes a STUN message so that the agent's authentication accepts it.
Bytes sign(const stun::Message& m, const Agent& agent, const std::vector<stun::TransactionId>& sent) {
  stun::TransactionId id = m.transaction_id();
  if (m.is_response() && !sent.empty()) id = sent[id[0] % sent.size()];
  stun::Message out(m.method(), m.message_class(), id);
  for (const auto& a : m.attributes()) out.add(a);
  stun::EncodeOptions o;
  o.integrity_key = stun::short_term_key(m.is_request() ? agent.local_credentials().pwd : kRemote.pwd);
  o.fingerprint = true;
  return stun::encode(out, o);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SeededRandom random(size);
  AgentConfig config;
  config.role = (size & 1) ? Role::Controlling : Role::Controlled;
  config.local_credentials = Credentials{"LOCl", "local-password-0123456789"};
  config.stun_servers = {kStunServer};
  Agent agent(config, random);
  Timestamp now = at_ms(0);
  agent.add_local_interface_address(kLocal, now);
  agent.add_local_interface_address(kLocal2, now);
  agent.gather(now);
  agent.set_remote_credentials(kRemote, now);
  agent.add_remote_candidate(make_host_candidate(kPeer, 65535), now);

  std::vector<stun::TransactionId> sent;
  const auto drain = [&] {
    while (auto t = agent.poll_transmit()) {
      if (auto m = stun::parse(t->data); m && m->is_request()) {
        sent.push_back(m->transaction_id());
        if (sent.size() > 64) sent.erase(sent.begin());
      }
    }
    while (agent.poll_event()) {
    }
  };
  drain();

  fuzz::Frames frames(fuzz::bytes(data, size));
  while (auto frame = frames.next()) {
    const Timestamp until = now + std::chrono::milliseconds(100 * (frame->flags >> 3));
    while (auto due = agent.poll_timeout()) {
      if (*due > until) break;
      now = std::max(now, *due);
      agent.handle_timeout(now);
      drain();
    }
    now = until;
    static const SocketAddress* const kFrom[4][2] = {
        {&kLocal, &kPeer}, {&kLocal, &kOther}, {&kLocal, &kStunServer}, {&kLocal2, &kPeer}};
    const auto& [local, remote] = kFrom[frame->flags & 3];
    Bytes bytes(frame->data.begin(), frame->data.end());
    if (frame->flags & 4) {
      if (auto m = stun::parse(bytes)) bytes = sign(*m, agent, sent);
    }
    const Datagram datagram{*local, *remote, std::move(bytes)};
    if (auto up = agent.handle_input(datagram, now)) {
      // What goes up points into the datagram (ice/agent.h: Payload).
      LUCID_FUZZ_CHECK(up->data.data() >= datagram.data.data() &&
                       up->data.data() + up->data.size() <= datagram.data.data() + datagram.data.size());
    }
    drain();
    (void)agent.state();
    (void)agent.selected_pair();
  }
  if (agent.state() != AgentState::Closed) {
    (void)agent.send(Bytes{22, 254, 253});
    agent.close();
  }
  drain();
  return 0;
}
