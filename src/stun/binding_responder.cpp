#include "stun/binding_responder.h"

#include "common/trace.h"
#include "stun/credentials.h"
#include "stun/integrity.h"

namespace lucid::stun {

BindingResponder::BindingResponder(BindingResponderConfig config) : config_(std::move(config)) {}

EncodeOptions BindingResponder::options(bool with_integrity) const {
  EncodeOptions o;
  if (with_integrity && config_.password) o.integrity_key = short_term_key(*config_.password);
  o.fingerprint = config_.fingerprint;
  return o;
}

Bytes BindingResponder::success_response(const Message& request,
                                         const SocketAddress& source) const {
  // RFC 8489 §6.3.1.1 / RFC 8445 §7.3.1.2: the success response carries the source transport
  // address of the request in XOR-MAPPED-ADDRESS; with short-term credentials it is signed
  // with the same password.
  Message response = Message::response_to(request, MessageClass::SuccessResponse);
  response.add(XorMappedAddress{source});
  if (!config_.software.empty()) response.add(Software{config_.software});
  return encode(response, options(true));
}

Bytes BindingResponder::error_response(const Message& request, std::uint16_t code,
                                       std::string reason, bool with_integrity,
                                       std::vector<std::uint16_t> unknown_attributes) const {
  Message response = Message::response_to(request, MessageClass::ErrorResponse);
  response.add(ErrorCode{code, std::move(reason)});
  // RFC 8489 §6.3.1.1: a 420 lists the attributes that were not understood.
  if (!unknown_attributes.empty()) response.add(UnknownAttributes{std::move(unknown_attributes)});
  if (!config_.software.empty()) response.add(Software{config_.software});
  return encode(response, options(with_integrity));
}

BindingResponder::Outcome BindingResponder::handle(BytesView datagram,
                                                   const SocketAddress& source) const {
  Outcome outcome;
  auto parsed = parse(datagram);
  if (!parsed) {
    // RFC 8489 §6.3: a message that is not well formed is discarded without a reply.
    outcome.reason = parsed.error();
    return outcome;
  }
  outcome.request = std::move(*parsed);
  const Message& request = *outcome.request;
  const std::string id = to_hex(request.transaction_id());

  if (request.method() != Method::Binding || !request.is_request()) {
    // Responses and indications are never answered (RFC 8489 §6.3.2-§6.3.4).
    outcome.reason = fail("not a Binding request but a " + method_name(request.method()) + " " +
                          std::string(class_name(request.message_class())));
    return outcome;
  }

  auto refuse = [&](std::uint16_t code, std::string reason, bool with_integrity,
                    std::vector<std::uint16_t> unknown = {}) {
    LUCID_TRACE("stun", "answering Binding request ", id, " from ", source.to_string(), " with ",
                code, " ", reason);
    outcome.reason = fail(std::to_string(code) + " " + reason);
    outcome.reply =
        error_response(request, code, std::move(reason), with_integrity, std::move(unknown));
    return outcome;
  };

  if (config_.password) {
    // RFC 8489 §9.1.3: with short-term credentials a request needs USERNAME and MESSAGE-INTEGRITY;
    // without either it is a 400, with an unknown USERNAME or a wrong HMAC a 401, and neither
    // error response carries MESSAGE-INTEGRITY (the client's key was not accepted).
    const Username* username = request.get<Username>();
    if (username == nullptr || !has_integrity(request))
      return refuse(error::kBadRequest, "Bad Request", false);
    if (config_.username_prefix) {
      // RFC 8445 §7.3: USERNAME is "local-ufrag:remote-ufrag" from the responder's view.
      const std::string prefix = *config_.username_prefix + ":";
      if (username->value.compare(0, prefix.size(), prefix) != 0)
        return refuse(error::kUnauthorized, "Unauthorized", false);
    }
    if (!verify_integrity(request, short_term_key(*config_.password)))
      return refuse(error::kUnauthorized, "Unauthorized", false);
  }

  // RFC 8489 §6.3.1: once authenticated, a request with comprehension-required attributes we do
  // not understand gets 420 with UNKNOWN-ATTRIBUTES listing them.
  if (auto unknown = request.unknown_comprehension_required(); !unknown.empty())
    return refuse(error::kUnknownAttribute, "Unknown Attribute", true, std::move(unknown));

  LUCID_TRACE("stun", "answering Binding request ", id, ": you are ", source.to_string());
  outcome.accepted = true;
  outcome.reply = success_response(request, source);
  return outcome;
}

}  // namespace lucid::stun
