#include "dtls/transport.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/time.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "common/trace.h"

namespace lucid::dtls {
namespace {

// RFC 8827 §6.5: forward secrecy (ECDHE) and TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, which every
// WebRTC endpoint must support; all suites here are AEAD (RFC 7525 §4.2). AES-128-GCM comes first
// because Wireshark/tshark 4.0 can decrypt it from a key log and cannot decrypt ChaCha20-Poly1305
// (shared/BROWSERS.md). The ECDHE-RSA suites let lucid, as a client, talk to a peer with an RSA
// certificate.
constexpr const char* kCipherList =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384";

// The largest plaintext one TLS record carries (RFC 5246 §6.2.1).
constexpr std::size_t kMaxRecordPlaintext = 16384;
// How many datagrams to keep from a peer that starts before we do.
constexpr std::size_t kMaxEarlyInput = 16;

}  // namespace

std::string_view to_string(State state) {
  switch (state) {
    case State::New: return "new";
    case State::Connecting: return "connecting";
    case State::Connected: return "connected";
    case State::Closed: return "closed";
    case State::Failed: return "failed";
  }
  return "?";
}

// ---- OpenSSL's callbacks -------------------------------------------------------------------

struct Transport::Callbacks {
  static Transport& of(const SSL* ssl) { return *static_cast<Transport*>(SSL_get_app_data(ssl)); }

  // The write side is a tiny BIO of our own rather than a memory BIO: a memory BIO would glue
  // consecutive writes into one stream and lose where one datagram ends. OpenSSL writes exactly
  // one datagram per BIO_write (it packs records up to the MTU and flushes), so each write here
  // becomes one entry for poll_transmit().
  static int bio_write(BIO* bio, const char* data, int size) {
    auto* transport = static_cast<Transport*>(BIO_get_data(bio));
    transport->outgoing_.emplace_back(data, data + size);
    return size;
  }
  static long bio_ctrl(BIO*, int command, long, void*) {
    switch (command) {
      case BIO_CTRL_FLUSH: return 1;                   // nothing is buffered here
      case BIO_CTRL_DGRAM_QUERY_MTU: return 0;         // no probing: the MTU is set explicitly
      case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD: return 0;  // the MTU given is the UDP payload size
      default: return 0;
    }
  }
  static int bio_create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
  }
  static const BIO_METHOD* datagram_method() {
    static const detail::OpenSslPtr<BIO_METHOD> method = [] {
      detail::OpenSslPtr<BIO_METHOD> m(
          BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "lucid datagrams"));
      if (!m || !BIO_meth_set_write(m.get(), bio_write) || !BIO_meth_set_ctrl(m.get(), bio_ctrl) ||
          !BIO_meth_set_create(m.get(), bio_create))
        detail::throw_openssl_error("BIO_meth_new");
      return m;
    }();
    return method.get();
  }

  // RFC 5763 §5 / RFC 8827 §6.5: the certificate is self-signed, so there is no chain to check;
  // what authenticates the peer is that its certificate hashes to the a=fingerprint from its SDP.
  // This replaces OpenSSL's chain verification entirely.
  static int verify_certificate(X509_STORE_CTX* store, void*) {
    auto* ssl =
        static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    Transport& t = of(ssl);
    X509* certificate = X509_STORE_CTX_get0_cert(store);
    if (certificate == nullptr) {
      t.verify_failure_ = "the peer sent no certificate";
      X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
      return 0;
    }
    const Status match = check_fingerprint(certificate, t.remote_fingerprints_);
    if (!match) {
      LUCID_TRACE("dtls", "checking the peer's certificate against a=fingerprint from its SDP: ",
                  match.error().message(), " -> refusing the handshake");
      t.verify_failure_ = match.error().message();
      // Mapped by OpenSSL to the bad_certificate alert, which tells the peer why.
      X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
      return 0;
    }
    t.remote_fingerprint_ = fingerprint_of(certificate, HashFunction::Sha256);
    LUCID_TRACE("dtls", "checking the peer's certificate against a=fingerprint from its SDP: ",
                t.remote_fingerprint_->to_sdp(), " matches");
    return 1;
  }

  static void message(int write_p, int, int content_type, const void* buf, std::size_t len,
                      SSL* ssl, void*) {
    if (!trace::enabled("dtls")) return;
    Transport& t = of(ssl);
    const std::string line = t.narrator_.describe(
        write_p == 1, content_type, BytesView(static_cast<const std::uint8_t*>(buf), len));
    if (!line.empty()) trace::emit("dtls", line);
  }

  static void info(const SSL* ssl, int where, int value) {
    if ((where & SSL_CB_ALERT) == 0) return;
    Transport& t = of(ssl);
    const bool received = (where & SSL_CB_READ) != 0;
    const std::string level = SSL_alert_type_string_long(value);
    const std::string description = SSL_alert_desc_string_long(value);
    LUCID_TRACE("dtls", received ? "received alert " : "sent alert ", level, " ", description);
    // RFC 5246 §7.2: a fatal alert ends the connection; remember why for the Failed event.
    if (received && level == "fatal")
      t.alert_received_ = "the peer sent a fatal alert: " + description;
  }

  // OpenSSL's DTLS timer (DTLS_set_timer_cb): called with 0 when a flight is first sent, and
  // with the last wait (in microseconds) each time that wait ran out; returns the next wait.
  static unsigned int retransmission_timer(SSL* ssl, unsigned int previous_us) {
    const TransportOptions& o = of(ssl).options_;
    const auto us = [](Duration d) {
      return static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(d).count());
    };
    if (previous_us == 0) return static_cast<unsigned int>(us(o.initial_retransmission_timeout));
    // RFC 6347 §4.2.4.1: double the wait on each expiry (up to our maximum).
    return static_cast<unsigned int>(
        std::min<std::uint64_t>(2 * std::uint64_t{previous_us}, us(o.max_retransmission_timeout)));
  }

  static void key_log(const SSL* ssl, const char* line) {
    Transport& t = of(ssl);
    if (!t.options_.key_log) return;
    t.options_.key_log->write_line(line);
    LUCID_TRACE("dtls", "key log: wrote the master secret for this session to ",
                t.options_.key_log->path());
  }
};

// ---- construction ----------------------------------------------------------------------------

Transport::Transport(Role role, Certificate certificate, TransportOptions options)
    : role_(role),
      certificate_(std::move(certificate)),
      options_(std::move(options)),
      narrator_(role) {
  if (!options_.key_log) options_.key_log = KeyLog::from_environment();

  context_.reset(SSL_CTX_new(DTLS_method()));
  if (!context_) detail::throw_openssl_error("SSL_CTX_new");
  SSL_CTX* ctx = context_.get();
  // DTLS 1.2 only (RFC 8827 §6.5); DTLS 1.0 lacks the AEAD suites.
  SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION);
  if (SSL_CTX_use_certificate(ctx, certificate_.x509()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, certificate_.private_key()) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1)
    detail::throw_openssl_error("loading the certificate");
  if (SSL_CTX_set_cipher_list(ctx, kCipherList) != 1)
    detail::throw_openssl_error("SSL_CTX_set_cipher_list");
  // RFC 5764 §4.1.1: offer use_srtp. (This OpenSSL call returns 0 on success.)
  if (SSL_CTX_set_tlsext_use_srtp(ctx, kSrtpProfileList) != 0)
    detail::throw_openssl_error("use_srtp");
  // Both ends present certificates (RFC 5763 §5); the check is the fingerprint, not a CA.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, Callbacks::verify_certificate, nullptr);
  // Extended master secret (RFC 7627) is on by default in OpenSSL 3 and required by RFC 8827 §6.5.
  // No renegotiation, no session tickets or cache: each PeerConnection does one full handshake.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
                               SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_QUERY_MTU);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_info_callback(ctx, Callbacks::info);
  if (options_.key_log) SSL_CTX_set_keylog_callback(ctx, Callbacks::key_log);

  ssl_.reset(SSL_new(ctx));
  if (!ssl_) detail::throw_openssl_error("SSL_new");
  SSL_set_app_data(ssl_.get(), this);
  SSL_set_msg_callback(ssl_.get(), Callbacks::message);
  DTLS_set_timer_cb(ssl_.get(), Callbacks::retransmission_timer);

  incoming_ = BIO_new(BIO_s_mem());
  BIO* outgoing = BIO_new(Callbacks::datagram_method());
  if (incoming_ == nullptr || outgoing == nullptr) {
    BIO_free(incoming_);
    BIO_free(outgoing);
    detail::throw_openssl_error("BIO_new");
  }
  // An empty memory BIO means "no datagram yet, try later", not end of file.
  BIO_set_mem_eof_return(incoming_, -1);
  BIO_set_data(outgoing, this);
  SSL_set_bio(ssl_.get(), incoming_, outgoing);  // ssl_ owns both from here

  // RFC 6347 §4.1.1: DTLS must fit each record in one datagram; tell OpenSSL the size instead of
  // letting it probe (SSL_OP_NO_QUERY_MTU above).
  if (DTLS_set_link_mtu(ssl_.get(), static_cast<long>(options_.mtu)) != 1)
    throw std::invalid_argument("dtls::Transport: MTU " + std::to_string(options_.mtu) +
                                " is too small");
}

Transport::~Transport() = default;

Fingerprint Transport::local_fingerprint(HashFunction hash) const {
  return certificate_.fingerprint(hash);
}

void Transport::set_remote_fingerprints(std::vector<Fingerprint> fingerprints) {
  if (state_ != State::New)
    throw std::logic_error("dtls::Transport: remote fingerprints set after start()");
  remote_fingerprints_ = std::move(fingerprints);
}

void Transport::set_initial_retransmission_timeout(Duration timeout) {
  if (state_ != State::New)
    throw std::logic_error("dtls::Transport: retransmission timeout set after start()");
  options_.initial_retransmission_timeout = timeout;
}

void Transport::start(Timestamp now) {
  if (state_ != State::New) throw std::logic_error("dtls::Transport: start() called twice");
  if (remote_fingerprints_.empty())
    throw std::logic_error("dtls::Transport: start() before set_remote_fingerprints()");
  now_ = now;
  state_ = State::Connecting;
  handshake_deadline_ = now + options_.handshake_timeout;
  LUCID_TRACE("dtls", "starting the handshake as DTLS ", to_string(role_),
              " (a=setup:", role_ == Role::Client ? "active" : "passive", "), MTU ", options_.mtu,
              "; the peer's certificate must hash to ", remote_fingerprints_.front().to_sdp());
  if (role_ == Role::Client)
    SSL_set_connect_state(ssl_.get());
  else
    SSL_set_accept_state(ssl_.get());
  drive();

  std::deque<Bytes> early;
  early.swap(early_input_);
  for (const auto& datagram : early) handle_input(datagram, now);
}

// ---- input -----------------------------------------------------------------------------------

void Transport::handle_input(BytesView datagram, Timestamp now) {
  now_ = now;
  if (datagram.empty()) return;
  switch (state_) {
    case State::New:
      if (early_input_.size() < kMaxEarlyInput)
        early_input_.emplace_back(datagram.begin(), datagram.end());
      LUCID_TRACE("dtls", "keeping a ", datagram.size(), "-byte datagram until start()");
      return;
    case State::Closed:
    case State::Failed:
      LUCID_TRACE("dtls", "ignoring a ", datagram.size(), "-byte datagram: the transport is ",
                  to_string(state_));
      return;
    case State::Connecting:
    case State::Connected: break;
  }
  // One datagram at a time: OpenSSL reads the whole of it as one DTLS "packet" (RFC 6347 §4.1.1
  // allows several records per datagram). Leftovers from a previous one are dropped first.
  (void)BIO_reset(incoming_);
  BIO_write(incoming_, datagram.data(), static_cast<int>(datagram.size()));
  drive();
}

void Transport::drive() {
  if (state_ == State::Connecting) {
    ERR_clear_error();
    const int result = SSL_do_handshake(ssl_.get());
    if (result == 1) {
      on_handshake_complete();
    } else {
      const int error = SSL_get_error(ssl_.get(), result);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        enter_failed(failure_reason("the handshake failed"));
        return;
      }
    }
  }
  if (state_ == State::Connected) read_application_data();
  update_timer();
}

void Transport::on_handshake_complete() {
  // The verify callback has already matched the certificate; checking again here keeps the rule
  // in one obvious place: no Connected without a certificate that matches the SDP.
  X509* peer = SSL_get0_peer_certificate(ssl_.get());
  if (peer == nullptr || !check_fingerprint(peer, remote_fingerprints_)) {
    enter_failed(
        "fingerprint mismatch: the peer's certificate is missing or does not match its SDP");
    return;
  }
  srtp_keys_ = detail::export_srtp_keys(ssl_.get());
  cipher_suite_ = SSL_get_cipher_name(ssl_.get());
  extended_master_secret_ = SSL_get_extms_support(ssl_.get()) == 1;
  state_ = State::Connected;
  LUCID_TRACE("dtls", "handshake complete: cipher suite ", cipher_suite_,
              ", extended master secret ", extended_master_secret_ ? "yes" : "NO",
              ", SRTP profile ",
              srtp_keys_ ? std::string(to_string(srtp_keys_->profile)) : std::string("none"),
              "; exported SRTP keys with label EXTRACTOR-dtls_srtp");
  events_.emplace_back(Connected{srtp_keys_, cipher_suite_});
}

void Transport::read_application_data() {
  Bytes buffer(kMaxRecordPlaintext);
  for (;;) {
    ERR_clear_error();
    const int size = SSL_read(ssl_.get(), buffer.data(), static_cast<int>(buffer.size()));
    if (size > 0) {
      LUCID_TRACE("dtls", "received ", size, " bytes of application data");
      events_.emplace_back(ApplicationData{Bytes(buffer.begin(), buffer.begin() + size)});
      continue;
    }
    const int error = SSL_get_error(ssl_.get(), size);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
    if (error == SSL_ERROR_ZERO_RETURN) {
      // RFC 5246 §7.2.1: answer close_notify with our own close_notify.
      LUCID_TRACE("dtls", "the peer closed the association (close_notify)");
      SSL_shutdown(ssl_.get());
      state_ = State::Closed;
      retransmit_at_.reset();
      events_.emplace_back(Closed{true});
      return;
    }
    enter_failed(failure_reason("reading application data failed"));
    return;
  }
}

// ---- output and time -------------------------------------------------------------------------

std::optional<Bytes> Transport::poll_transmit() {
  if (outgoing_.empty()) return std::nullopt;
  Bytes datagram = std::move(outgoing_.front());
  outgoing_.pop_front();
  return datagram;
}

std::optional<TransportEvent> Transport::poll_event() {
  if (events_.empty()) return std::nullopt;
  TransportEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

std::optional<Timestamp> Transport::poll_timeout() const {
  if (state_ == State::Connecting) {
    if (retransmit_at_) return std::min(*retransmit_at_, handshake_deadline_);
    return handshake_deadline_;
  }
  if (state_ == State::Connected) return retransmit_at_;
  return std::nullopt;
}

void Transport::update_timer() {
  // DTLSv1_get_timeout gives the time left on OpenSSL's retransmission timer (RFC 6347 §4.2.4.1:
  // by default 1 s at first, doubled on each expiry up to 60 s; the wait is ours, see
  // Callbacks::retransmission_timer), or 0 when no flight awaits an answer.
  timeval left{};
  if (state_ == State::Connecting || state_ == State::Connected) {
    if (DTLSv1_get_timeout(ssl_.get(), &left) == 1) {
      retransmit_at_ =
          now_ + std::chrono::seconds(left.tv_sec) + std::chrono::microseconds(left.tv_usec);
      return;
    }
  }
  retransmit_at_.reset();
}

void Transport::handle_timeout(Timestamp now) {
  now_ = now;
  if (state_ == State::Connecting && now >= handshake_deadline_) {
    enter_failed(
        "handshake timed out: not complete after " +
        std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(options_.handshake_timeout).count()) +
        " s (" + std::to_string(retransmissions_) + " retransmissions, no answer from the peer)");
    return;
  }
  if (retransmit_at_ && now >= *retransmit_at_) {
    LUCID_TRACE("dtls", "retransmission timer expired at ", to_ms(now),
                " ms: no answer to the last flight yet");
    ERR_clear_error();
    narrator_.set_retransmitting(true);
    const int result = DTLSv1_handle_timeout(ssl_.get());
    narrator_.set_retransmitting(false);
    if (result > 0) {
      ++retransmissions_;
    } else if (result < 0) {
      // OpenSSL gives up after 12 expiries without an answer (DTLS1_TMO_ALERT_COUNT).
      enter_failed(failure_reason("handshake timed out: OpenSSL gave up after " +
                                  std::to_string(retransmissions_) + " retransmissions"));
      return;
    }
  }
  if (state_ == State::Connecting || state_ == State::Connected) drive();
}

// ---- commands --------------------------------------------------------------------------------

Status Transport::send(BytesView data) {
  if (state_ != State::Connected)
    throw std::logic_error("dtls::Transport::send while " + std::string(to_string(state_)));
  if (data.empty()) return Ok{};
  if (data.size() > kMaxRecordPlaintext)
    return fail("application data of " + std::to_string(data.size()) +
                " bytes does not fit one record (max " + std::to_string(kMaxRecordPlaintext) + ")");
  ERR_clear_error();
  const int written = SSL_write(ssl_.get(), data.data(), static_cast<int>(data.size()));
  if (written <= 0) return fail("SSL_write failed: " + detail::drain_openssl_errors());
  return Ok{};
}

void Transport::close() {
  if (state_ == State::Closed || state_ == State::Failed) return;
  if (state_ == State::Connected) {
    LUCID_TRACE("dtls", "closing: sending close_notify");
    SSL_shutdown(ssl_.get());
  }
  state_ = State::Closed;
  retransmit_at_.reset();
  events_.emplace_back(Closed{false});
}

void Transport::enter_failed(std::string reason) {
  LUCID_TRACE("dtls", "failed: ", reason);
  state_ = State::Failed;
  retransmit_at_.reset();
  events_.emplace_back(Failed{std::move(reason)});
}

std::string Transport::failure_reason(const std::string& fallback) {
  // The most specific explanation first: our own certificate check, then the peer's alert, then
  // whatever OpenSSL put on its error queue.
  const std::string errors = detail::drain_openssl_errors();
  if (!verify_failure_.empty()) return verify_failure_;
  if (!alert_received_.empty()) return alert_received_;
  return errors.empty() ? fallback : fallback + " (" + errors + ")";
}

}  // namespace lucid::dtls
