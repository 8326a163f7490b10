// ice_peer: lucid's side of the ICE browser tests (issue 4), run by tests/interop/harness.py.
//
//   ice_peer --offer|--answer [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE]
//
// --offer for the role lucid-offers (lucid is a "caller"), --answer for browser-offers (a
// "callee").
//
// The harness's contract (one-line blobs, non-trickle, runs until stdin ends) is InteropPeer's
// (tests/interop/interop_peer.h). This program prints the ICE connection state as it changes
// and "RESULT ice=connected" the first time ICE connects.
//
// Issue 7's examples/caller and examples/callee replace it; they keep this shape and add the
// data channel chat. DTLS and SCTP run after ICE too, but this test only asks about ICE.
#include <string>

#include "interop/interop_peer.h"

using namespace lucid;

int main(int argc, char** argv) {
  const auto options = testing::parse_interop_peer_options(argc, argv);
  if (!options || !options->rest.empty()) return testing::print_usage("ice_peer");
  testing::InteropPeer peer("ice_peer", *options);

  bool reported_connected = false;
  peer.pc().on_ice_connection_state_change = [&](IceConnectionState state) {
    testing::say(std::string("ice-connection-state: ") + to_string(state));
    if (!reported_connected &&
        (state == IceConnectionState::Connected || state == IceConnectionState::Completed)) {
      reported_connected = true;
      testing::result("ice", "connected");
    }
  };
  return peer.run();
}
