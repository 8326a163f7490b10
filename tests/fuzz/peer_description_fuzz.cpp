// Target 7, peer_description: a remote description given to a PeerConnection, both ways the
// browser API allows: as an offer to a fresh connection (which then answers it), and as the
// answer to our pending offer. Afterwards a few seconds of fake time pass, so what was accepted
// (ICE credentials and candidates, fingerprints, a=setup, the SCTP port) is used.
//
// Reaches: src/peer/signalling.cpp, transport_stack.cpp, dtls_parameters.cpp, candidates.cpp,
// peer_connection.cpp; src/sdp parse, check_offer, check_answer, read_remote_transport,
// create_answer; the ICE agent's remote candidates and checks (nobody answers them).
// Invariant: set_remote_description never throws on text from the far side (it returns an
// Error) and leaves a state from which the connection still closes.
#include <exception>
#include <string>

#include "common/random.h"
#include "dtls/certificate.h"
#include "fuzz_check.h"
#include "peer/peer_connection.h"

using namespace lucid;

namespace {

PeerConnectionConfiguration config() {
  // Generating a certificate per input would cost more than the rest: one for the whole run.
  static SeededRandom random(7);
  static const dtls::Certificate certificate = dtls::Certificate::generate(random);
  PeerConnectionConfiguration c;
  c.certificate = certificate;
  return c;
}

void run_a_little(PeerConnection& pc, Timestamp& now) {
  for (int i = 0; i < 20; ++i) {
    while (pc.poll_transmit()) {
    }
    while (pc.poll_event()) {
    }
    auto due = pc.poll_timeout();
    if (!due || *due > at_ms(5000)) break;
    now = std::max(now, *due);
    pc.handle_timeout(now);
  }
}

void set_remote(PeerConnection& pc, const SessionDescription& d, Timestamp now) {
  try {
    (void)pc.set_remote_description(d, now);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "set_remote_description threw: %s\n", e.what());
    LUCID_FUZZ_CHECK(!"set_remote_description threw on a remote description");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string sdp(fuzz::text(data, size));
  const auto local = *SocketAddress::parse("10.0.0.1:5000");

  {  // As an offer to a fresh connection, which answers it.
    SeededRandom random(1);
    PeerConnection pc(config(), random);
    pc.add_local_address(local);
    Timestamp now = at_ms(0);
    set_remote(pc, SessionDescription{SdpType::Offer, sdp}, now);
    if (pc.signaling_state() == SignalingState::HaveRemoteOffer) {
      pc.set_local_description(pc.create_answer(), now);
      run_a_little(pc, now);
    }
    pc.close();
  }
  {  // As the answer to our offer.
    SeededRandom random(2);
    PeerConnection pc(config(), random);
    pc.add_local_address(local);
    pc.create_data_channel("chat");
    Timestamp now = at_ms(0);
    pc.set_local_description(pc.create_offer(), now);
    set_remote(pc, SessionDescription{SdpType::Answer, sdp}, now);
    run_a_little(pc, now);
    pc.close();
  }
  return 0;
}
