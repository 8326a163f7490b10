// A TURN server small enough to read in one sitting, for the client's in-memory tests: it
// challenges with 401, checks long-term MESSAGE-INTEGRITY, answers 438 when told the nonce went
// stale, and otherwise answers every request with success (or with the error a test injects).
// It keeps no allocation state beyond what the tests assert on: the requests it saw, and when.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/address.h"
#include "common/time.h"
#include "stun/stun.h"

namespace lucid::test {

class FakeTurnServer {
 public:
  std::string username = "user";
  std::string password = "pass";
  std::string realm = "example.org";
  std::string nonce = "nonce-1";
  SocketAddress relayed = *SocketAddress::parse("203.0.113.1:49152");
  std::uint32_t lifetime = 600;
  // Put PASSWORD-ALGORITHMS (SHA-256, MD5) in the 401, as an RFC 8489 server may.
  bool offer_sha256 = false;
  // An error code to answer a request with instead of success (nullopt: success).
  std::function<std::optional<std::uint16_t>(const stun::Message&)> error_for;

  struct Seen {
    Timestamp at;
    stun::Message message;
  };
  std::vector<Seen> seen;  // every request and indication that parsed, in order

  // The answer to one datagram the client sent, or nothing (indications, garbage).
  std::optional<Bytes> answer(BytesView datagram, const SocketAddress& from, Timestamp now) {
    auto parsed = stun::parse(datagram);
    if (!parsed) return std::nullopt;
    const stun::Message& request = *parsed;
    seen.push_back({now, request});
    if (!request.is_request()) return std::nullopt;

    // RFC 8489 §9.2.4: no integrity → 401 with REALM and NONCE.
    if (!stun::has_integrity(request)) return challenge(request, stun::error::kUnauthorized);
    const auto* user = request.get<stun::Username>();
    const std::uint16_t algorithm = request.has<stun::PasswordAlgorithm>()
                                        ? request.get<stun::PasswordAlgorithm>()->chosen.algorithm
                                        : stun::PasswordAlgorithmEntry::kMd5;
    const Bytes key = stun::long_term_key(username, realm, password, algorithm);
    if (user == nullptr || user->value != username || !stun::verify_integrity(request, key).ok())
      return challenge(request, stun::error::kUnauthorized);
    if (!request.has<stun::Nonce>() || request.get<stun::Nonce>()->value != nonce)
      return challenge(request, stun::error::kStaleNonce);

    if (error_for) {
      if (auto code = error_for(request)) {
        stun::Message error = stun::Message::response_to(request, stun::MessageClass::ErrorResponse);
        error.add(stun::ErrorCode{*code, "injected"});
        return sign(error, key);
      }
    }
    stun::Message ok = stun::Message::response_to(request, stun::MessageClass::SuccessResponse);
    switch (request.method()) {
      case stun::Method::Allocate:
        ok.add(stun::XorRelayedAddress{relayed});
        ok.add(stun::Lifetime{lifetime});
        ok.add(stun::XorMappedAddress{from});
        break;
      case stun::Method::Refresh: {
        const auto* asked = request.get<stun::Lifetime>();
        ok.add(stun::Lifetime{asked && asked->seconds == 0 ? 0 : lifetime});
        break;
      }
      default: break;
    }
    return sign(ok, key);
  }

  // The requests of one method seen so far, and when they came.
  std::vector<Timestamp> times_of(stun::Method method) const {
    std::vector<Timestamp> out;
    for (const Seen& s : seen)
      if (s.message.is_request() && s.message.method() == method) out.push_back(s.at);
    return out;
  }

 private:
  Bytes challenge(const stun::Message& request, std::uint16_t code) {
    stun::Message error = stun::Message::response_to(request, stun::MessageClass::ErrorResponse);
    error.add(stun::ErrorCode{code, code == 401 ? "Unauthorized" : "Stale Nonce"});
    error.add(stun::Realm{realm});
    error.add(stun::Nonce{nonce});
    if (offer_sha256)
      error.add(stun::PasswordAlgorithms{{{stun::PasswordAlgorithmEntry::kSha256, {}},
                                          {stun::PasswordAlgorithmEntry::kMd5, {}}}});
    return stun::encode(error);
  }
  static Bytes sign(const stun::Message& m, const Bytes& key) {
    stun::EncodeOptions o;
    o.integrity_key = key;
    o.fingerprint = true;
    return stun::encode(m, o);
  }
};

}  // namespace lucid::test
