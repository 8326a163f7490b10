// lucid::srtp — Secure RTP: how WebRTC encrypts and authenticates its media.
//
// RTP and RTCP packets (src/rtp) are protected before they leave and unprotected when they
// arrive: payload encrypted, header and payload authenticated, replays refused. The keys are
// not negotiated here: the DTLS handshake agrees on a profile (use_srtp) and exports the
// master keys (RFC 5764, dtls/srtp_keys.h), and peer hands them over (peer/srtp_keying.h);
// this layer gives them to libsrtp and knows nothing of DTLS.
//
// Implements, on libsrtp 2, RFC 3711 (SRTP, SRTCP) with the two profiles WebRTC offers:
// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2) and SRTP_AEAD_AES_128_GCM (RFC 7714). Read:
//
//   session.h          a Session: protect/unprotect for RTP and RTCP, its counters
//   libsrtp_library.h  the one owner of libsrtp's process-wide srtp_init/srtp_shutdown
//
// The layer is sans-IO (libsrtp has no clock or thread). Traces: LUCID_TRACE=srtp.
#pragma once

#include "srtp/libsrtp_library.h"
#include "srtp/session.h"
