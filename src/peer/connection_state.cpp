#include "peer/connection_state.h"

#include "peer/peer_connection.h"

namespace lucid {

const char* to_string(PeerConnectionState state) {
  switch (state) {
    case PeerConnectionState::New: return "new";
    case PeerConnectionState::Connecting: return "connecting";
    case PeerConnectionState::Connected: return "connected";
    case PeerConnectionState::Disconnected: return "disconnected";
    case PeerConnectionState::Failed: return "failed";
    case PeerConnectionState::Closed: return "closed";
  }
  return "?";
}

PeerConnectionState connection_state(bool closed, IceConnectionState ice,
                                     std::optional<dtls::State> dtls) {
  using dtls::State;
  // The rows of webrtc-pc §4.3.3, in its order: the first that applies wins.
  if (closed) return PeerConnectionState::Closed;
  if (ice == IceConnectionState::Failed || dtls == State::Failed)
    return PeerConnectionState::Failed;
  if (ice == IceConnectionState::Disconnected) return PeerConnectionState::Disconnected;
  const bool ice_idle = ice == IceConnectionState::New || ice == IceConnectionState::Closed;
  const bool dtls_idle = !dtls || dtls == State::New || dtls == State::Closed;
  if (ice_idle && dtls_idle) return PeerConnectionState::New;
  if (ice == IceConnectionState::New || ice == IceConnectionState::Checking || !dtls ||
      dtls == State::New || dtls == State::Connecting)
    return PeerConnectionState::Connecting;
  return PeerConnectionState::Connected;
}

}  // namespace lucid
