// OpenSSL handles owned by RAII, and OpenSSL's error queue turned into readable sentences.
//
// Every OpenSSL object lucid creates lives in an OpenSslPtr, so a failure halfway through building
// a certificate or a connection frees what was built (shared/STYLE.md: no raw owning pointers).
#pragma once

#include <openssl/bio.h>
#include <openssl/types.h>

#include <memory>
#include <string>

namespace lucid::dtls::detail {

// One deleter for every OpenSSL type lucid owns; each overload calls that type's _free function.
struct OpenSslFree {
  void operator()(EVP_PKEY* p) const;
  void operator()(X509* p) const;
  void operator()(SSL_CTX* p) const;
  void operator()(SSL* p) const;
  void operator()(BIO* p) const;
  void operator()(BIO_METHOD* p) const;
  void operator()(BIGNUM* p) const;
};

template <typename T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

// Empties OpenSSL's per-thread error queue into one line, e.g.
// "error:0A000086:SSL routines::certificate verify failed". Empty when the queue was empty.
std::string drain_openssl_errors();

// Throws std::runtime_error("<what>: <OpenSSL's errors>") — for failures that mean the process
// cannot make keys or contexts at all (out of memory, broken OpenSSL), not for anything the
// network sent.
[[noreturn]] void throw_openssl_error(const std::string& what);

}  // namespace lucid::dtls::detail
