#include "dtls/openssl.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace lucid::dtls::detail {

void OpenSslFree::operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
void OpenSslFree::operator()(X509* p) const { X509_free(p); }
void OpenSslFree::operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
void OpenSslFree::operator()(SSL* p) const { SSL_free(p); }
void OpenSslFree::operator()(BIO* p) const { BIO_free(p); }
void OpenSslFree::operator()(BIO_METHOD* p) const { BIO_meth_free(p); }
void OpenSslFree::operator()(BIGNUM* p) const { BN_free(p); }

std::string drain_openssl_errors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out;
}

void throw_openssl_error(const std::string& what) {
  const std::string errors = drain_openssl_errors();
  throw std::runtime_error(errors.empty() ? what : what + ": " + errors);
}

}  // namespace lucid::dtls::detail
