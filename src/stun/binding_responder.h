// The server side of Binding (RFC 8489 §6.3, §6.3.1): answer "what address do you see me at?"
// with XOR-MAPPED-ADDRESS.
//
// Without credentials it is a plain STUN server. With a short-term password it is what an ICE
// agent runs for incoming connectivity checks (RFC 8445 §7.3): a request must carry USERNAME and
// MESSAGE-INTEGRITY keyed with the password, and the answer carries MESSAGE-INTEGRITY too.
// handle() returns the parsed request alongside the reply, so ICE can read PRIORITY,
// USE-CANDIDATE and ICE-CONTROLLING/ICE-CONTROLLED from it. ICE may also build its own answer
// (a 487 Role Conflict, say) from success_response() / error_response().
#pragma once

#include <optional>
#include <string>

#include "common/address.h"
#include "common/bytes.h"
#include "common/result.h"
#include "stun/message.h"

namespace lucid::stun {

struct BindingResponderConfig {
  // Short-term credentials: the password that keys MESSAGE-INTEGRITY (ICE: the local ice-pwd).
  // None: requests need no credentials.
  std::optional<std::string> password;
  // With a password: the USERNAME must start with this followed by ':' (ICE: the local
  // ice-ufrag, RFC 8445 §7.3). None: any USERNAME is accepted.
  std::optional<std::string> username_prefix;
  // Sent as SOFTWARE in every response when not empty.
  std::string software;
  // Whether responses carry FINGERPRINT (ICE requires it, RFC 8445 §7.3).
  bool fingerprint = true;
};

class BindingResponder {
 public:
  explicit BindingResponder(BindingResponderConfig config = {});

  // What became of one datagram.
  struct Outcome {
    // The parsed message, when the datagram was a STUN message at all.
    std::optional<Message> request;
    // True when it was a Binding request that passed every check and got a success response.
    bool accepted = false;
    // The datagram to send back to the source, if any (success or error response).
    std::optional<Bytes> reply;
    // Why it was not accepted (malformed, not a Binding request, failed authentication, ...).
    std::optional<Error> reason;
  };

  // Handles one datagram from `source`. Malformed datagrams, responses and indications get no
  // reply (RFC 8489 §6.3: silently discarded); a Binding request gets a success response with
  // XOR-MAPPED-ADDRESS = source, or the error response RFC 8489 names:
  //   400 Bad Request      — credentials expected but USERNAME or MESSAGE-INTEGRITY missing
  //   401 Unauthorized     — unknown USERNAME or MESSAGE-INTEGRITY does not match
  //   420 Unknown Attribute — unknown comprehension-required attributes (with UNKNOWN-ATTRIBUTES)
  Outcome handle(BytesView datagram, const SocketAddress& source) const;

  // The success response to `request` from `source`: XOR-MAPPED-ADDRESS, SOFTWARE, and
  // MESSAGE-INTEGRITY / FINGERPRINT as configured.
  Bytes success_response(const Message& request, const SocketAddress& source) const;
  // An error response to `request`. `with_integrity`: sign it with the password (RFC 8489
  // §9.1.3: not for 400/401, where the client's credentials were not accepted).
  Bytes error_response(const Message& request, std::uint16_t code, std::string reason,
                       bool with_integrity = false,
                       std::vector<std::uint16_t> unknown_attributes = {}) const;

  const BindingResponderConfig& config() const { return config_; }

 private:
  EncodeOptions options(bool with_integrity) const;

  BindingResponderConfig config_;
};

}  // namespace lucid::stun
