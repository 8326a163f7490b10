// dtls_peer: lucid's side of the DTLS browser tests (issue 5), run by tests/interop/harness.py.
//
//   dtls_peer --offer  [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE]  (lucid-offers)
//   dtls_peer --answer [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE] (browser-offers)
//
// The harness's contract (one-line blobs, non-trickle, runs until stdin ends) is InteropPeer's
// (tests/interop/interop_peer.h). This program prints the connection state as it changes and,
// when ICE and DTLS are both up, the DTLS details as RESULT lines: dtls_role, cipher, srtp,
// extended_master_secret, remote_fingerprint, and last dtls=connected. SCTP runs inside DTLS
// afterwards, but this test only asks about DTLS.
#include <string>

#include "interop/interop_peer.h"

using namespace lucid;

namespace {

// What lucid's DTLS transport agreed with the browser's.
void report_dtls(const dtls::Transport& dtls) {
  testing::result("dtls_role", dtls::to_string(dtls.role()));
  testing::result("cipher", dtls.cipher_suite());
  testing::result("srtp", dtls.srtp_keys() ? dtls::to_string(dtls.srtp_keys()->profile) : "none");
  testing::result("extended_master_secret", dtls.extended_master_secret() ? "yes" : "no");
  testing::result("remote_fingerprint",
                  dtls.remote_fingerprint() ? dtls.remote_fingerprint()->to_sdp() : "");
  // Last: the page waits for this line.
  testing::result("dtls", "connected");
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = testing::parse_interop_peer_options(argc, argv);
  if (!options || !options->rest.empty()) return testing::print_usage("dtls_peer");
  testing::InteropPeer peer("dtls_peer", *options);

  peer.pc().on_ice_connection_state_change = [](IceConnectionState state) {
    testing::say(std::string("ice-connection-state: ") + to_string(state));
  };
  bool reported_connected = false;
  peer.pc().on_connection_state_change = [&](PeerConnectionState state) {
    testing::say(std::string("connection-state: ") + to_string(state));
    const dtls::Transport* dtls = peer.pc().connection().dtls_transport();
    if (dtls == nullptr) return;
    if (state == PeerConnectionState::Failed && dtls->state() == dtls::State::Failed)
      testing::result("dtls", "failed");
    if (state == PeerConnectionState::Connected && !reported_connected) {
      reported_connected = true;
      report_dtls(*dtls);
    }
  };
  return peer.run();
}
