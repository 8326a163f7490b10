#include "srtp/session.h"

#include <srtp2/srtp.h>

#include <cstring>
#include <string>

#include "common/trace.h"

namespace lucid::srtp {

std::string_view to_string(Profile profile) {
  switch (profile) {
    case Profile::AeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM";
    case Profile::Aes128CmHmacSha1_80: return "SRTP_AES128_CM_SHA1_80";
  }
  return "unknown";
}

namespace {

struct Sizes {
  std::size_t key;
  std::size_t salt;
};

// RFC 3711 §8.2 and RFC 5764 §4.1.2: AES-CM has a 128-bit key and a 112-bit salt.
// RFC 7714 §12: AEAD_AES_128_GCM has a 128-bit key and a 96-bit salt.
Sizes sizes_of(Profile profile) {
  return profile == Profile::AeadAes128Gcm ? Sizes{16, 12} : Sizes{16, 14};
}

void set_crypto_policy(Profile profile, srtp_crypto_policy_t* rtp, srtp_crypto_policy_t* rtcp) {
  if (profile == Profile::AeadAes128Gcm) {
    // RFC 7714 §14.2: SRTP_AEAD_AES_128_GCM, a 16-byte tag, RTCP the same.
    srtp_crypto_policy_set_aes_gcm_128_16_auth(rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(rtcp);
  } else {
    // RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80: AES counter mode, HMAC-SHA1 cut to 80 bits.
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtcp);
  }
}

// libsrtp's own words, for the Error and the trace.
std::string explain(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_auth_fail: return "authentication failed: the tag does not match (forged or damaged)";
    case srtp_err_status_replay_fail: return "replayed: this packet was already accepted";
    case srtp_err_status_replay_old: return "replayed or too old: behind the replay window";
    case srtp_err_status_bad_param: return "not an SRTP/SRTCP packet (too short or malformed)";
    case srtp_err_status_no_ctx: return "no SRTP stream for this SSRC";
    case srtp_err_status_cipher_fail: return "decryption failed";
    default: return "libsrtp error " + std::to_string(static_cast<int>(status));
  }
}

Result<srtp_t> make_context(Profile profile, const MasterKey& key, srtp_ssrc_type_t direction) {
  const Sizes sizes = sizes_of(profile);
  if (key.key.size() != sizes.key || key.salt.size() != sizes.salt)
    return fail(std::string(to_string(profile)) + " needs a " + std::to_string(sizes.key) +
                "-byte key and a " + std::to_string(sizes.salt) + "-byte salt, not " +
                std::to_string(key.key.size()) + " and " + std::to_string(key.salt.size()));
  // libsrtp takes the master key and the master salt as one buffer, key first.
  Bytes key_and_salt = key.key;
  key_and_salt.insert(key_and_salt.end(), key.salt.begin(), key.salt.end());

  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof policy);
  set_crypto_policy(profile, &policy.rtp, &policy.rtcp);
  // Any SSRC: one session protects every stream this side sends (audio, video, RTX) with the
  // one DTLS-SRTP key, and unprotects every stream the other side sends (RFC 5764 §4.1).
  policy.ssrc.type = direction;
  policy.key = key_and_salt.data();
  policy.window_size = Session::kReplayWindow;
  // A packet resent after a NACK keeps its sequence number and bytes; libsrtp must let the
  // sender protect it again (the same payload, so no keystream is reused on new data).
  policy.allow_repeat_tx = 1;
  policy.next = nullptr;
  srtp_t context = nullptr;
  const srtp_err_status_t status = srtp_create(&context, &policy);
  if (status != srtp_err_status_ok) return fail("srtp_create: " + explain(status));
  return context;
}

}  // namespace

void Session::ContextDeleter::operator()(srtp_ctx_t_* context) const { srtp_dealloc(context); }

Session::Session(Profile profile, std::shared_ptr<LibsrtpLibrary> library, Context outbound, Context inbound)
    : profile_(profile), library_(std::move(library)), outbound_(std::move(outbound)), inbound_(std::move(inbound)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

Result<Session> Session::create(Profile profile, const MasterKey& local, const MasterKey& remote) {
  auto library = LibsrtpLibrary::acquire();  // before any libsrtp call
  auto outbound = make_context(profile, local, ssrc_any_outbound);
  if (!outbound) return outbound.error();
  Context out(*outbound);
  auto inbound = make_context(profile, remote, ssrc_any_inbound);
  if (!inbound) return inbound.error();
  Context in(*inbound);
  LUCID_TRACE("srtp", "session with ", to_string(profile), ": protecting with the local master key, ",
              "unprotecting with the remote one");
  return Session(profile, std::move(library), std::move(out), std::move(in));
}

Result<Bytes> Session::protect(Kind kind, BytesView packet) {
  const std::size_t minimum = kind == Kind::Rtp ? 12 : 8;
  if (packet.size() < minimum || packet.size() > 0xFFFF) {
    ++counters_.other_failures;
    return fail(std::string(kind == Kind::Rtp ? "RTP" : "RTCP") + " packet of " + std::to_string(packet.size()) +
                " bytes cannot be protected");
  }
  // libsrtp works in place and appends the tag (and for SRTCP the index): room for both.
  Bytes buffer(packet.size() + SRTP_MAX_TRAILER_LEN + 4);
  std::memcpy(buffer.data(), packet.data(), packet.size());
  int length = static_cast<int>(packet.size());
  const srtp_err_status_t status = kind == Kind::Rtp ? srtp_protect(outbound_.get(), buffer.data(), &length)
                                                     : srtp_protect_rtcp(outbound_.get(), buffer.data(), &length);
  if (status != srtp_err_status_ok) {
    ++counters_.other_failures;
    LUCID_TRACE("srtp", "could not protect ", (kind == Kind::Rtp ? "RTP" : "RTCP"), ": ", explain(status));
    return fail("protect: " + explain(status));
  }
  ++(kind == Kind::Rtp ? counters_.rtp_protected : counters_.rtcp_protected);
  buffer.resize(static_cast<std::size_t>(length));
  return buffer;
}

Result<Bytes> Session::unprotect(Kind kind, BytesView packet) {
  const char* what = kind == Kind::Rtp ? "SRTP" : "SRTCP";
  if (packet.size() > 0xFFFF + SRTP_MAX_TRAILER_LEN + 4) {
    ++counters_.other_failures;
    return fail(std::string(what) + " packet too long");
  }
  Bytes buffer(packet.begin(), packet.end());
  int length = static_cast<int>(buffer.size());
  const srtp_err_status_t status = kind == Kind::Rtp ? srtp_unprotect(inbound_.get(), buffer.data(), &length)
                                                     : srtp_unprotect_rtcp(inbound_.get(), buffer.data(), &length);
  if (status != srtp_err_status_ok) {
    if (status == srtp_err_status_auth_fail)
      ++counters_.authentication_failures;
    else if (status == srtp_err_status_replay_fail || status == srtp_err_status_replay_old)
      ++counters_.replays;
    else
      ++counters_.other_failures;
    LUCID_TRACE("srtp", "dropped an ", what, " packet of ", packet.size(), " bytes: ", explain(status));
    return fail(std::string(what) + " " + explain(status));
  }
  ++(kind == Kind::Rtp ? counters_.rtp_unprotected : counters_.rtcp_unprotected);
  buffer.resize(static_cast<std::size_t>(length));
  return buffer;
}

Result<Bytes> Session::protect_rtp(BytesView rtp) { return protect(Kind::Rtp, rtp); }
Result<Bytes> Session::unprotect_rtp(BytesView srtp) { return unprotect(Kind::Rtp, srtp); }
Result<Bytes> Session::protect_rtcp(BytesView rtcp) { return protect(Kind::Rtcp, rtcp); }
Result<Bytes> Session::unprotect_rtcp(BytesView srtcp) { return unprotect(Kind::Rtcp, srtcp); }

}  // namespace lucid::srtp
