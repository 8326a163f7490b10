// Credentials: where the integrity key comes from (RFC 8489 §9).
//
// Short-term (§9.1), used by ICE: both sides already share a password through signalling
// (a=ice-pwd in SDP), and the key is the password itself.
// Long-term (§9.2), used by TURN: the server challenges with 401, REALM and NONCE; the client
// answers with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY keyed with
// MD5(username ":" realm ":" password); a 438 says the nonce went stale, try again with the new one.
// An RFC 8489 server may also offer PASSWORD-ALGORITHMS (MD5, SHA-256) in its 401: the client
// then picks the first it supports, echoes the list, names its choice in PASSWORD-ALGORITHM, and
// keys with that algorithm's hash (§9.2.2, §9.2.5).
//
// lucid does not apply the OpaqueString/SASLprep profile to passwords (RFC 8489 §9.1.1, §9.2.2):
// passwords are used as the bytes given. ICE passwords are ASCII, where the profile changes nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "stun/message.h"

namespace lucid::stun {

// RFC 8489 §9.1.1: the short-term key is the password.
Bytes short_term_key(std::string_view password);

// RFC 8489 §9.2.2: the long-term key is MD5(username ":" realm ":" password), 16 bytes, or with
// PASSWORD-ALGORITHM SHA-256 the SHA-256 of the same string, 32 bytes.
Bytes long_term_key(std::string_view username, std::string_view realm, std::string_view password,
                    std::uint16_t algorithm = PasswordAlgorithmEntry::kMd5);

// The client side of the long-term mechanism (RFC 8489 §9.2.3, §9.2.5), one per server.
//
//   LongTermClient auth("user", "pass");
//   Message req = Message::request(Method::Allocate, random);
//   auth.add_credentials(req);                 // nothing yet: the first request goes without
//   send(encode(req, auth.encode_options()));
//   ... 401 arrives:  if (auth.handle_error_response(resp)) resend a new request, with credentials
class LongTermClient {
 public:
  LongTermClient(std::string username, std::string password);

  // Reads an error response. 401 with REALM and NONCE (the first time), or 438 with a new
  // NONCE: remembers realm and nonce and returns true, meaning "send the request again".
  // Anything else, or a second 401 after credentials were sent: false, the request failed.
  bool handle_error_response(const Message& response);

  // Whether a realm and nonce are known, so requests can carry credentials.
  bool has_credentials() const { return realm_.has_value(); }

  // Adds USERNAME, REALM, NONCE (when has_credentials()) to a request about to be sent.
  void add_credentials(Message& request);

  // MESSAGE-INTEGRITY with the long-term key when has_credentials(); otherwise no integrity.
  // When the server offered PASSWORD-ALGORITHMS (so it speaks RFC 8489), MESSAGE-INTEGRITY-SHA256
  // as well: an RFC 8489 server checks the SHA-256 one, an RFC 5389 server ignores it (§14.6).
  EncodeOptions encode_options() const;

  // The algorithm the key was made with (MD5 unless the server offered SHA-256 first).
  std::uint16_t algorithm() const { return algorithm_; }

  const std::optional<std::string>& realm() const { return realm_; }
  const std::optional<std::string>& nonce() const { return nonce_; }
  // The key; only valid when has_credentials().
  const Bytes& key() const { return key_; }

 private:
  std::string username_;
  std::string password_;
  std::optional<std::string> realm_;
  std::optional<std::string> nonce_;
  Bytes key_;
  std::optional<PasswordAlgorithms> offered_;  // the server's list, echoed in every request
  std::uint16_t algorithm_ = PasswordAlgorithmEntry::kMd5;
  bool sent_with_credentials_ = false;
};

}  // namespace lucid::stun
