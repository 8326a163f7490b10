// A STUN client transaction over UDP, sans-IO (RFC 8489 §6.2.1).
//
// UDP may lose the request or the response, so the client sends again: first after RTO, then
// after 2*RTO, 4*RTO, ... until it has sent Rc requests in all; after the last one it waits
// Rm*RTO more and then gives up. With the defaults (RTO 500 ms, Rc 7, Rm 16) a request goes out
// at 0, 500, 1500, 3500, 7500, 15500 and 31500 ms and the transaction times out at 39500 ms.
//
// The transaction owns no socket and reads no clock: the caller sends what poll_transmit()
// gives, calls handle_timeout(now) when poll_timeout() says, and passes every parsed response
// to handle_response(); a response belongs to the transaction whose id it carries.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "common/result.h"
#include "common/sans_io.h"
#include "common/time.h"
#include "stun/message.h"

namespace lucid::stun {

struct TransactionConfig {
  Duration rto = std::chrono::milliseconds(500);  // RFC 8489 §6.2.1: initial RTO, default 500 ms
  int rc = 7;                                     // requests sent in all (the first + 6 resends)
  int rm = 16;                                    // after the last send, wait rm * rto
  // The doubling stops here (RFC 8489 §6.2.1 has none; libwebrtc's StunRequest caps it at 8 s):
  // on a lossy path a long wait between two sends is time lost.
  Duration max_rto = Duration::max();
};

class ClientTransaction {
 public:
  enum class State {
    Waiting,   // sent (or about to be); waiting for a response
    Answered,  // a success or error response with our transaction id arrived
    TimedOut,  // Rc sends and no response: the request failed
  };

  // Starts the transaction at `now`: `request` is the encoded request (with its integrity and
  // fingerprint already in it), `id` its transaction id. The first send is due immediately.
  ClientTransaction(Bytes request, TransactionId id, Timestamp now, TransactionConfig config = {});

  const TransactionId& id() const { return id_; }
  State state() const { return state_; }

  // The datagram to send now, if any: the request when a (re)transmission is due.
  std::optional<Bytes> poll_transmit();
  // When handle_timeout() must next be called; nullopt once the transaction is over.
  std::optional<Timestamp> poll_timeout() const;
  // Moves time on: schedules the next retransmission, or times out after the last wait.
  void handle_timeout(Timestamp now);
  // Offers a parsed message. Returns true if it is a response to this transaction (same
  // transaction id, a response class); the transaction is then Answered. Others return false.
  bool handle_response(const Message& response, Timestamp now);

  // How many times the request has been handed out by poll_transmit() so far.
  int transmissions() const { return sent_; }
  // The response, once Answered (it may be an error response: check its class).
  const std::optional<Message>& response() const { return response_; }
  // Why it failed, once TimedOut: "no response after 7 requests over 39500 ms".
  const std::optional<Error>& error() const { return error_; }

 private:
  Bytes request_;
  TransactionId id_;
  TransactionConfig config_;
  State state_ = State::Waiting;
  Timestamp started_;
  Timestamp next_;     // when the next send (or the final timeout) is due
  Duration interval_;  // the wait after the send that is due at next_
  bool transmit_due_ = true;
  int sent_ = 0;
  std::optional<Message> response_;
  std::optional<Error> error_;
};

// Not a whole layer: no handle_input (its owner matches responses by transaction id and passes
// them to handle_response) and no events (state() says how it ended). It has the timer half.
static_assert(SansIoTimer<ClientTransaction, Bytes>);

}  // namespace lucid::stun
