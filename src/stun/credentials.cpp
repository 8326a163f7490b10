#include "stun/credentials.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "common/trace.h"
#include "stun/integrity.h"

namespace lucid::stun {

Bytes short_term_key(std::string_view password) { return Bytes(password.begin(), password.end()); }

Bytes long_term_key(std::string_view username, std::string_view realm, std::string_view password,
                    std::uint16_t algorithm) {
  const std::string input =
      std::string(username) + ":" + std::string(realm) + ":" + std::string(password);
  const EVP_MD* md = algorithm == PasswordAlgorithmEntry::kSha256 ? EVP_sha256() : EVP_md5();
  Bytes digest(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &len, md, nullptr) != 1) {
    throw std::runtime_error("OpenSSL digest failed");
  }
  digest.resize(len);
  return digest;
}

LongTermClient::LongTermClient(std::string username, std::string password)
    : username_(std::move(username)), password_(std::move(password)) {}

bool LongTermClient::handle_error_response(const Message& response) {
  const ErrorCode* error = response.get<ErrorCode>();
  if (response.message_class() != MessageClass::ErrorResponse || error == nullptr) return false;
  const Realm* realm = response.get<Realm>();
  const Nonce* nonce = response.get<Nonce>();

  if (error->code == error::kUnauthorized) {
    // RFC 8489 §9.2.5: a 401 to a request that carried no credentials is the challenge; one to
    // a request that did means the credentials are wrong, and trying again will not help.
    if (sent_with_credentials_ || realm == nullptr || nonce == nullptr) {
      LUCID_TRACE("stun", "401 Unauthorized although credentials were sent: giving up");
      return false;
    }
    // RFC 8489 §9.2.5: with PASSWORD-ALGORITHMS, use the first algorithm we support; if we
    // support none, do not retry.
    if (const auto* offered = response.get<PasswordAlgorithms>()) {
      const PasswordAlgorithmEntry* chosen = nullptr;
      for (const auto& entry : offered->algorithms)
        if (entry.algorithm == PasswordAlgorithmEntry::kMd5 ||
            entry.algorithm == PasswordAlgorithmEntry::kSha256) {
          chosen = &entry;
          break;
        }
      if (chosen == nullptr) {
        LUCID_TRACE("stun", "401 offers only password algorithms lucid does not know: giving up");
        return false;
      }
      offered_ = *offered;
      algorithm_ = chosen->algorithm;
    }
    realm_ = realm->value;
    nonce_ = nonce->value;
    key_ = long_term_key(username_, *realm_, password_, algorithm_);
    LUCID_TRACE("stun", "401 challenge: realm \"", *realm_, "\", nonce \"", *nonce_, "\"",
                offered_ ? (algorithm_ == PasswordAlgorithmEntry::kSha256
                                ? ", password algorithm SHA-256"
                                : ", password algorithm MD5")
                         : "",
                "; the next request carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY");
    return true;
  }
  if (error->code == error::kStaleNonce && nonce != nullptr) {
    // RFC 8489 §9.2.5: 438 Stale Nonce — retry with the NONCE (and REALM) from this response.
    if (realm != nullptr && realm->value != realm_) {
      realm_ = realm->value;
      key_ = long_term_key(username_, *realm_, password_, algorithm_);
    }
    if (!realm_) return false;
    nonce_ = nonce->value;
    LUCID_TRACE("stun", "438 Stale Nonce: retrying with the new nonce \"", *nonce_, "\"");
    return true;
  }
  return false;
}

void LongTermClient::add_credentials(Message& request) {
  if (!has_credentials()) return;
  request.add(Username{username_});
  request.add(Realm{*realm_});
  request.add(Nonce{*nonce_});
  if (offered_) {
    request.add(*offered_);
    request.add(PasswordAlgorithm{PasswordAlgorithmEntry{algorithm_, {}}});
  }
  sent_with_credentials_ = true;
}

EncodeOptions LongTermClient::encode_options() const {
  EncodeOptions options;
  if (has_credentials()) options.integrity_key = key_;
  options.integrity_sha256 = has_credentials() && offered_.has_value();
  return options;
}

}  // namespace lucid::stun
