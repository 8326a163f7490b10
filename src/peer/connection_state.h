// RTCPeerConnectionState (W3C webrtc-pc §4.3.3): one word for the whole connection, made from
// the ICE transport's state and the DTLS transport's state. A browser shows "connected" only
// when both are: ICE found a path and DTLS has keys.
#pragma once

#include <optional>

#include "dtls/transport.h"
#include "ice/agent.h"

namespace lucid {

using IceConnectionState = ice::AgentState;  // RTCIceConnectionState (peer_connection.h)

enum class PeerConnectionState { New, Connecting, Connected, Disconnected, Failed, Closed };
const char* to_string(PeerConnectionState state);  // "new", "connecting", ...

// webrtc-pc §4.3.3's table, for one ICE transport and one DTLS transport (or none yet).
PeerConnectionState connection_state(bool closed, IceConnectionState ice,
                                     std::optional<dtls::State> dtls);

}  // namespace lucid
