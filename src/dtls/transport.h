// dtls::Transport: one DTLS 1.2 association, sans-IO (RFC 6347, RFC 5763, RFC 5764, RFC 8827 §6.5).
//
// The W3C RTCDtlsTransport. It sits on top of the ICE transport and under SCTP and SRTP:
// datagrams that ICE's selected pair received and that look like DTLS (RFC 7983: first byte
// 20-63) go into handle_input(); datagrams to send come out of poll_transmit(). OpenSSL does the
// cryptography on memory BIOs; no socket, thread or clock read here (shared/DESIGN.md). One catch:
// OpenSSL 3.0 times its retransmissions with the wall clock (gettimeofday) and has no hook for
// another clock, so poll_timeout() reports OpenSSL's timer (DTLSv1_get_timeout) relative to the
// `now` of the latest call. Callers that drive the transport with the real clock see exact
// timing; the unit tests give OpenSSL their fake clock (tests/support/fake_wall_clock.cpp).
//
// Driving it:
//   dtls::Transport t(dtls::Role::Client, certificate);
//   t.set_remote_fingerprints({fingerprint_from_remote_sdp});
//   t.start(now);                                  // the client sends its ClientHello
//   loop: t.handle_input(datagram, now) / t.handle_timeout(now) when poll_timeout() is due;
//         send every t.poll_transmit(); handle every t.poll_event();
//   once Connected: t.send(sctp_packet); ApplicationData events carry the peer's packets.
#pragma once

#include <openssl/types.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/sans_io.h"
#include "common/result.h"
#include "common/time.h"
#include "dtls/certificate.h"
#include "dtls/fingerprint.h"
#include "dtls/handshake_trace.h"
#include "dtls/keylog.h"
#include "dtls/openssl.h"
#include "dtls/role.h"
#include "dtls/srtp_keys.h"

namespace lucid::dtls {

// RTCDtlsTransportState (W3C webrtc-pc §5.5.1).
enum class State { New, Connecting, Connected, Closed, Failed };
std::string_view to_string(State state);

struct TransportOptions {
  // Largest datagram lucid writes. 1200 keeps a DTLS record inside any path's MTU, even through
  // a TURN relay and IPv6 (the same figure ICE and SCTP use); OpenSSL's own MTU probing is off.
  std::size_t mtu = 1200;
  // A handshake that has not finished after this long fails, whatever OpenSSL's timer says.
  Duration handshake_timeout = std::chrono::seconds(30);
  // The flight retransmission timer (RFC 6347 §4.2.4.1), given to OpenSSL with
  // DTLS_set_timer_cb: a flight unanswered after `initial_retransmission_timeout` is sent
  // again, each later wait twice the one before, never above `max_retransmission_timeout`.
  // The defaults are the RFC's; a PeerConnection sets its own (peer/transport_stack.cpp).
  Duration initial_retransmission_timeout = std::chrono::milliseconds(1000);
  Duration max_retransmission_timeout = std::chrono::seconds(60);
  // Where to write the NSS key log. When null, $SSLKEYLOGFILE is used if it is set.
  std::shared_ptr<KeyLog> key_log;
};

// Events, in the order they happened.
struct Connected {
  std::optional<SrtpKeys> srtp_keys;  // empty when the peer did not negotiate use_srtp
  std::string cipher_suite;           // OpenSSL's name, e.g. "ECDHE-ECDSA-AES128-GCM-SHA256"
};
struct ApplicationData {
  Bytes data;  // one DTLS record's plaintext: for WebRTC, one SCTP packet (RFC 8261)
};
struct Closed {
  bool by_peer = false;  // the peer sent close_notify (else close() was called here)
};
struct Failed {
  // e.g. "fingerprint mismatch: ...", "the peer sent a fatal alert: bad certificate"
  std::string reason;
};
using TransportEvent = std::variant<Connected, ApplicationData, Closed, Failed>;

class Transport {
 public:
  // `role` comes from a=setup (dtls/role.h); `certificate` is this PeerConnection's certificate,
  // whose fingerprint went into the local SDP.
  Transport(Role role, Certificate certificate, TransportOptions options = {});
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  Role role() const { return role_; }
  State state() const { return state_; }
  // What the local SDP's a=fingerprint says.
  Fingerprint local_fingerprint(HashFunction hash = HashFunction::Sha256) const;

  // The a=fingerprint values of the remote SDP. The peer's certificate must hash to one of them
  // (RFC 8122 §5), or the handshake fails with "fingerprint mismatch". Call before start().
  void set_remote_fingerprints(std::vector<Fingerprint> fingerprints);
  // The first wait of the flight timer (TransportOptions::initial_retransmission_timeout), for
  // a caller that learns the path's round trip after construction (ICE); before start().
  void set_initial_retransmission_timeout(Duration timeout);

  // Begins the handshake: a client writes its ClientHello, a server waits for one. Datagrams
  // that arrived before start() (a fast peer's ClientHello) are processed now. Throws
  // std::logic_error if called twice or before set_remote_fingerprints().
  void start(Timestamp now);

  // One received UDP payload. Never throws for what the network sent; garbage is discarded.
  void handle_input(BytesView datagram, Timestamp now);
  // The next datagram to send to the peer.
  std::optional<Bytes> poll_transmit();
  std::optional<TransportEvent> poll_event();
  // When handle_timeout() should next be called (retransmission or the handshake deadline).
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);

  // Sends one application data record (an SCTP packet). Throws std::logic_error unless the state
  // is connected; an error for data larger than a record can carry (16384 bytes). The record is
  // not cut to the MTU: SCTP sizes its packets to fit (RFC 8261 §5), DTLS adds 29 bytes (AES-GCM).
  Status send(BytesView data);
  // Sends close_notify (when connected) and moves to closed. Does nothing if already closed/failed.
  void close();

  // After Connected:
  const std::optional<SrtpKeys>& srtp_keys() const { return srtp_keys_; }
  const std::string& cipher_suite() const { return cipher_suite_; }
  bool extended_master_secret() const { return extended_master_secret_; }
  // The sha-256 fingerprint of the certificate the peer presented (and that matched).
  const std::optional<Fingerprint>& remote_fingerprint() const { return remote_fingerprint_; }

  // How many times the retransmission timer resent a flight (for tests and the trace).
  std::size_t retransmissions() const { return retransmissions_; }

 private:
  struct Callbacks;  // OpenSSL's C callbacks, defined in transport.cpp
  friend struct Callbacks;

  void drive();
  void on_handshake_complete();
  void read_application_data();
  void update_timer();
  void enter_failed(std::string reason);
  std::string failure_reason(const std::string& fallback);

  Role role_;
  Certificate certificate_;
  TransportOptions options_;
  State state_ = State::New;
  std::vector<Fingerprint> remote_fingerprints_;

  detail::OpenSslPtr<SSL_CTX> context_;
  detail::OpenSslPtr<SSL> ssl_;
  BIO* incoming_ = nullptr;     // memory BIO that handle_input() fills; owned by ssl_
  std::deque<Bytes> outgoing_;  // datagrams OpenSSL wrote, one per write (see transport.cpp)
  std::deque<TransportEvent> events_;
  std::deque<Bytes> early_input_;  // datagrams received before start()

  Timestamp now_{};
  std::optional<Timestamp> retransmit_at_;
  Timestamp handshake_deadline_{};
  std::size_t retransmissions_ = 0;

  std::string verify_failure_;  // why the certificate check refused the peer
  std::string alert_received_;  // the last fatal alert from the peer, in words
  detail::HandshakeNarrator narrator_;

  std::optional<SrtpKeys> srtp_keys_;
  std::string cipher_suite_;
  bool extended_master_secret_ = false;
  std::optional<Fingerprint> remote_fingerprint_;
};

static_assert(SansIo<Transport, BytesView, Bytes>);

}  // namespace lucid::dtls
