// lucid::dtls — the DTLS layer of a WebRTC PeerConnection.
//
// DTLS 1.2 (RFC 6347) over the ICE transport, keyed for WebRTC:
//   RFC 5763  DTLS-SRTP framework: self-signed certificates, a=fingerprint, a=setup roles
//   RFC 5764  the use_srtp extension and the SRTP keys exported from the handshake (§4.1.2, §4.2)
//   RFC 8122  a=fingerprint syntax and which hash to check (§5)
//   RFC 8827  WebRTC security: DTLS 1.2, ECDHE, AEAD suites, extended master secret (§6.5)
//   RFC 8842  a=setup in offers and answers (§5)
//
// What is here, one idea per file:
//   certificate.h      Certificate: ECDSA P-256 self-signed, generated or supplied;
//   check_fingerprint() fingerprint.h      Fingerprint: the a=fingerprint value
//   (sha-1/256/384/512), parse and write role.h             Setup/Role: a=setup values and who
//   becomes the DTLS client transport.h        Transport: one DTLS association, sans-IO; events
//   Connected, ApplicationData,
//                      Closed, Failed
//   srtp_keys.h        SrtpKeys: the SRTP master keys and salts for src/srtp
//   keylog.h           KeyLog: NSS key log lines (CLIENT_RANDOM ...) for Wireshark
//   handshake_trace.h  how the `dtls` trace names the handshake flights
//   openssl.h          RAII for OpenSSL handles, readable OpenSSL errors
//
// docs/dtls.md walks through a real handshake with the trace and a decrypted capture.
#pragma once

#include "dtls/certificate.h"
#include "dtls/fingerprint.h"
#include "dtls/keylog.h"
#include "dtls/role.h"
#include "dtls/srtp_keys.h"
#include "dtls/transport.h"
