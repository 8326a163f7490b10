// An SRTP session: protect what this side sends and unprotect what the other side sends, for
// RTP and RTCP both (RFC 3711; AES-GCM by RFC 7714), on libsrtp.
//
//   SRTP packet = RTP header (clear) | payload (encrypted) | authentication tag
//   SRTCP packet = first 8 bytes (clear) | rest (encrypted) | E + SRTCP index | tag
//
// The header stays readable so that the network and the receiver can route the packet; only
// the payload is hidden, and the tag covers header and payload, so a changed bit anywhere is
// caught (RFC 3711 §3.1, §3.4). A receiver also refuses a packet it has already accepted, by
// its index in a sliding window (replay protection, §3.3.2).
//
// Keys come from DTLS (RFC 5764 §4.2): the DTLS client protects with the client_write pair and
// the server with the server_write pair. This layer knows nothing of DTLS; peer hands the pairs
// over (peer/srtp_keying.h). Each master key and salt go into libsrtp, which derives the session
// keys from them (RFC 3711 §4.3).
//
// Every failure from the wire is a value: unprotect returns an Error and counts it (a forged or
// damaged packet fails authentication; a repeated one fails the replay check); nothing throws.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "srtp/libsrtp_library.h"

struct srtp_ctx_t_;

namespace lucid::srtp {

// The two profiles WebRTC uses (RFC 5764 §4.1.2, RFC 7714 §14.2). DTLS's use_srtp negotiates
// one (dtls::SrtpProfile); peer/srtp_keying.h maps it to this.
enum class Profile { AeadAes128Gcm, Aes128CmHmacSha1_80 };

// The names dtls and OpenSSL give them: "SRTP_AEAD_AES_128_GCM", "SRTP_AES128_CM_SHA1_80".
std::string_view to_string(Profile profile);

// One direction's master key and master salt.
struct MasterKey {
  Bytes key;   // 16 bytes for both profiles
  Bytes salt;  // 14 bytes for AES-CM, 12 for AES-GCM
};

// What a session has done, for getStats and for a learner to watch.
struct Counters {
  std::uint64_t rtp_protected = 0;
  std::uint64_t rtp_unprotected = 0;
  std::uint64_t rtcp_protected = 0;
  std::uint64_t rtcp_unprotected = 0;
  std::uint64_t authentication_failures = 0;  // tag did not match: forged or damaged
  std::uint64_t replays = 0;                  // already accepted, or older than the window
  std::uint64_t other_failures = 0;           // too short to be SRTP, and the like
};

class Session {
 public:
  // The replay window (RFC 3711 §3.3.2 asks for at least 64). Larger, because a packet resent
  // after a NACK arrives well behind the newest one and must still be accepted.
  static constexpr unsigned long kReplayWindow = 1024;

  // Protects with `local`, unprotects with `remote`. Refuses keys of the wrong sizes.
  static Result<Session> create(Profile profile, const MasterKey& local, const MasterKey& remote);

  // RTP in, SRTP out (the tag appended). Fails only on a packet too short to be RTP.
  Result<Bytes> protect_rtp(BytesView rtp);
  // SRTP in, RTP out. Fails, counted and traced, on a bad tag or a replay.
  Result<Bytes> unprotect_rtp(BytesView srtp);
  Result<Bytes> protect_rtcp(BytesView rtcp);
  Result<Bytes> unprotect_rtcp(BytesView srtcp);

  Profile profile() const { return profile_; }
  const Counters& counters() const { return counters_; }

  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  ~Session();

 private:
  struct ContextDeleter {
    void operator()(srtp_ctx_t_* context) const;
  };
  using Context = std::unique_ptr<srtp_ctx_t_, ContextDeleter>;
  Session(Profile profile, std::shared_ptr<LibsrtpLibrary> library, Context outbound, Context inbound);
  enum class Kind { Rtp, Rtcp };
  Result<Bytes> protect(Kind kind, BytesView packet);
  Result<Bytes> unprotect(Kind kind, BytesView packet);

  Profile profile_;
  std::shared_ptr<LibsrtpLibrary> library_;  // declared first: destroyed after the contexts
  Context outbound_;
  Context inbound_;
  Counters counters_;
};

}  // namespace lucid::srtp
