// What an sctp::Association reports through poll_event(), named after the W3C events that
// peer::DataChannel and PeerConnection turn them into.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "common/bytes.h"
#include "sctp/ppid.h"

namespace lucid::sctp {

enum class AssociationState { Connecting, Established, Closed };
const char* to_string(AssociationState state);

// INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK are done (W3C RTCSctpTransport "connected"); the
// stream counts are what the two ends agreed (RFC 9260 §5.1.1).
struct AssociationEstablished {
  std::uint16_t inbound_streams;
  std::uint16_t outbound_streams;
};
// The association ended (ABORT, SHUTDOWN, retransmissions exhausted); every channel closed.
struct AssociationClosed {
  std::string reason;
};
// The remote opened a channel with DATA_CHANNEL_OPEN (W3C "datachannel" event).
struct ChannelCreated {
  std::uint16_t id;
};
// A channel became open (W3C "open").
struct ChannelOpened {
  std::uint16_t id;
};
// A whole message arrived on a channel (W3C "message").
struct MessageReceived {
  std::uint16_t id;
  MessageKind kind;
  Bytes data;
};
// bufferedAmount fell to or below the threshold (W3C "bufferedamountlow").
struct BufferedAmountLow {
  std::uint16_t id;
};
// The remote began closing the channel: it reset its outgoing stream (RFC 8831 §6.7), and ours
// is reset in answer once what we queued has gone (W3C "closing").
struct ChannelClosing {
  std::uint16_t id;
};
// The channel is closed in both directions; its id may be reused (W3C "close").
struct ChannelClosed {
  std::uint16_t id;
};
// Something went wrong on a channel that the application should hear of (W3C "error").
struct ChannelError {
  std::uint16_t id;
  std::string what;
};
using Event = std::variant<AssociationEstablished, AssociationClosed, ChannelCreated, ChannelOpened,
                           MessageReceived, BufferedAmountLow, ChannelClosing, ChannelClosed,
                           ChannelError>;

}  // namespace lucid::sctp
