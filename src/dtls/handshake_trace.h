// Narrates the DTLS handshake in the `dtls` trace, one line per message, as RFC 6347 draws it.
//
// OpenSSL reports every handshake message it sends or receives through SSL_set_msg_callback;
// this turns the message type byte into the message's name, its flight, and a few words on why
// it is there. The flights of a full DTLS 1.2 handshake (RFC 6347 §4.2.4, Figure 1):
//
//   client                                   server
//   1  ClientHello                 -------->
//                                  <-------- 2  HelloVerifyRequest        (only if the server
//   3  ClientHello (with cookie)   -------->                               asks for a cookie)
//                                  <-------- 4  ServerHello, Certificate, ServerKeyExchange,
//                                               CertificateRequest, ServerHelloDone
//   5  Certificate, ClientKeyExchange,
//      CertificateVerify, [ChangeCipherSpec], Finished  -------->
//                                  <-------- 6  [ChangeCipherSpec], Finished
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "dtls/role.h"

namespace lucid::dtls::detail {

// RFC 5246 §7.4 / RFC 6347 §4.3.2 handshake type names: 1 -> "ClientHello", 3 ->
// "HelloVerifyRequest", ... "handshake type N" for anything else.
std::string handshake_message_name(std::uint8_t type);

// Remembers enough of the handshake so far to number the flights.
class HandshakeNarrator {
 public:
  explicit HandshakeNarrator(Role role) : role_(role) {}

  // One record's content as OpenSSL reports it: `sent` or received, its TLS content type
  // (20 ChangeCipherSpec, 21 alert, 22 handshake) and the bytes (a handshake message starts with
  // its type). Returns the trace sentence, or an empty string for things not worth narrating.
  std::string describe(bool sent, int content_type, BytesView message);

  // While the retransmission timer resends a flight, sent messages are marked "again".
  void set_retransmitting(bool on) { retransmitting_ = on; }

 private:
  Role role_;
  bool retransmitting_ = false;
  bool cookie_requested_ = false;
};

}  // namespace lucid::dtls::detail
