// The W3C errors of the RTCPeerConnection API, in one place. A call the current state does not
// allow throws InvalidStateError, as the browser rejects it with a DOMException of that name;
// where the browser throws TypeError, lucid throws std::invalid_argument, and SyntaxError (a
// malformed ice server URL) is std::invalid_argument too. Errors that come from the far side
// (a bad description, a bad candidate line) are never thrown: they are returned as a Status.
#pragma once

#include <stdexcept>

namespace lucid {

// DOMException "InvalidStateError" (webrtc-pc §4.4.1, §6.2): setRemoteDescription(answer) in
// the stable state, addIceCandidate before a remote description, send() on a channel that is
// not open, createDataChannel on a closed connection.
class InvalidStateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace lucid
