// The one owner of libsrtp's process-wide state.
//
// libsrtp keeps global state that srtp_init() sets up and srtp_shutdown() tears down: its
// table of cipher and authentication types and its debug modules. Every Session holds a
// share of this owner, so the first Session in the process initialises libsrtp and the last
// one to go shuts it down; nothing else in lucid calls srtp_init or srtp_shutdown (the same
// shape as sctp/usrsctp_library.h for usrsctp).
//
// Unlike usrsctp, libsrtp has no timers, threads or clock: a session is plain state that
// protect and unprotect calls change, so the layer is sans-IO without any help.
#pragma once

#include <memory>
#include <string>

namespace lucid::srtp {

class LibsrtpLibrary {
 public:
  // The shared owner, created (and libsrtp initialised) on first use. Throws
  // std::runtime_error if srtp_init fails, which only a broken installation does.
  static std::shared_ptr<LibsrtpLibrary> acquire();
  ~LibsrtpLibrary();
  LibsrtpLibrary(const LibsrtpLibrary&) = delete;
  LibsrtpLibrary& operator=(const LibsrtpLibrary&) = delete;

  // "libsrtp2 2.5.0", for traces and docs.
  static std::string version();

 private:
  struct Token {};

 public:
  explicit LibsrtpLibrary(Token);
};

}  // namespace lucid::srtp
