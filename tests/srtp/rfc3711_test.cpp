// RFC 3711 Appendix B, computed by hand with OpenSSL's AES and HMAC, and checked against
// what libsrtp (through srtp::Session) writes.
//
// libsrtp hides the session keys it derives, so a test cannot ask it for them. Instead this
// file does the RFC's arithmetic itself, checks it against the RFC's tables (B.2: the AES-CM
// keystream, B.3: the key derivation), and then builds the SRTP packet from those session
// keys by hand (§3.1, §4.1.1, §4.2) — which must be, byte for byte, what Session protects
// from the same master key and salt. The master key and salt of B.3 are the ones libsrtp's
// own reference packet uses (session_test.cpp).
#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/hex.h"
#include "srtp/srtp.h"

using namespace lucid;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

// AES-128 in counter mode from a 16-byte initial counter: the keystream for `n` bytes
// (RFC 3711 §4.1.1: each block is AES(key, IV + i)).
Bytes aes_cm_keystream(const Bytes& key, const Bytes& iv, std::size_t n) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  REQUIRE(EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, key.data(), iv.data()) == 1);
  Bytes zeros(n, 0), out(n + 16);
  int len = 0;
  REQUIRE(EVP_EncryptUpdate(ctx, out.data(), &len, zeros.data(), static_cast<int>(n)) == 1);
  EVP_CIPHER_CTX_free(ctx);
  out.resize(static_cast<std::size_t>(len));
  return out;
}

// RFC 3711 §4.3.1 with a key derivation rate of 0: x = label << 48 XOR master_salt, and the
// key is the AES-CM keystream under the master key from IV = x * 2^16.
Bytes derive(const Bytes& master_key, const Bytes& master_salt, std::uint8_t label, std::size_t n) {
  Bytes iv = master_salt;  // 14 bytes: bits 111..0
  iv[7] ^= label;          // label << 48 lands in byte 7 of the 112-bit value
  iv.push_back(0);
  iv.push_back(0);         // * 2^16
  return aes_cm_keystream(master_key, iv, n);
}

}  // namespace

TEST_CASE("RFC 3711 B.2: the AES-CM keystream for session key 2B7E... and salt F0F1...") {
  const Bytes iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");  // salt * 2^16, SSRC 0, index 0
  CHECK(to_hex(aes_cm_keystream(hex("2B7E151628AED2A6ABF7158809CF4F3C"), iv, 48)) ==
        to_hex(hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB"
                   "41E95B3BB0A2E8DD477901E4FCA894C0")));
}

TEST_CASE("RFC 3711 B.3 key derivation, and libsrtp's SRTP packet is built from exactly those keys") {
  const Bytes master_key = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  const Bytes master_salt = hex("0EC675AD498AFEEBB6960B3AABE6");
  // §4.3.2: label 0 encryption key, 1 authentication key, 2 salt.
  const Bytes cipher_key = derive(master_key, master_salt, 0x00, 16);
  const Bytes auth_key = derive(master_key, master_salt, 0x01, 20);
  const Bytes cipher_salt = derive(master_key, master_salt, 0x02, 14);
  CHECK(to_hex(cipher_key) == "c61e7a93744f39ee10734afe3ff7a087");
  CHECK(to_hex(auth_key) == "cebe321f6ff7716b6fd4ab49af256a156d38baa4");
  CHECK(to_hex(cipher_salt) == "30cbbc08863d8c85d49db34a9ae1");

  // The packet by hand: seq 0x1234, SSRC 0xcafebabe, ROC 0, so index i = 0x1234.
  const Bytes rtp = hex("800f1234 decafbad cafebabe abababababababababababababababab");
  // §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
  Bytes iv = cipher_salt;
  iv.push_back(0);
  iv.push_back(0);
  const std::uint8_t ssrc[4] = {0xca, 0xfe, 0xba, 0xbe};
  for (int b = 0; b < 4; ++b) iv[4 + b] ^= ssrc[b];
  iv[12] ^= 0x12;  // the 48-bit index sits in bytes 8..13: 0000 0000 1234
  iv[13] ^= 0x34;
  const Bytes keystream = aes_cm_keystream(cipher_key, iv, 16);
  Bytes by_hand(rtp.begin(), rtp.begin() + 12);
  for (std::size_t b = 0; b < 16; ++b) by_hand.push_back(rtp[12 + b] ^ keystream[b]);
  // §4.2: HMAC-SHA1 over the authenticated portion (header and encrypted payload) and the
  // 32-bit ROC, cut to 80 bits.
  Bytes authenticated = by_hand;
  for (int b = 0; b < 4; ++b) authenticated.push_back(0);  // ROC 0
  unsigned char mac[20];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), auth_key.data(), static_cast<int>(auth_key.size()), authenticated.data(),
       authenticated.size(), mac, &mac_len);
  REQUIRE(mac_len == 20);
  by_hand.insert(by_hand.end(), mac, mac + 10);

  auto session = srtp::Session::create(srtp::Profile::Aes128CmHmacSha1_80, {master_key, master_salt},
                                       {master_key, master_salt});
  REQUIRE(session.ok());
  CHECK(to_hex(session->protect_rtp(rtp).value()) == to_hex(by_hand));
}
