// A real coturn STUN/TURN server for integration tests: started on 127.0.0.1 at a free port
// with no config file, its user database and log in a fresh temporary directory, and stopped
// (SIGTERM, then SIGKILL) when the object goes away — also when a test fails or throws.
//
//   lucid::testing::Coturn coturn;
//   const std::uint16_t port = coturn.start("user", "pass", "lucid.test");
//   ... send STUN/TURN to coturn.address() ...
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "common/address.h"

namespace lucid::testing {

class Coturn {
 public:
  Coturn() = default;
  ~Coturn();
  Coturn(const Coturn&) = delete;
  Coturn& operator=(const Coturn&) = delete;

  // Whether `turnserver` is installed (scripts/setup installs the Debian package coturn).
  static bool available();

  // Starts turnserver with long-term credentials user:password in `realm`, relaying on
  // 127.0.0.1 and allowed to relay to loopback peers. Returns when the server answers a STUN
  // Binding request (no fixed sleep), with its port. Throws std::runtime_error, including
  // coturn's log, if it does not come up.
  std::uint16_t start(const std::string& user, const std::string& password,
                      const std::string& realm);

  // Stops the server (idempotent; the destructor calls it).
  void stop();

  bool running() const { return pid_ > 0; }
  std::uint16_t port() const { return port_; }
  // 127.0.0.1:port.
  SocketAddress address() const;
  // Everything coturn has logged so far (its stdout and stderr), verbose: a line per request it
  // processed ("incoming packet ALLOCATE processed, success") and per session refreshed.
  std::string log() const;

 private:
  bool launch(std::uint16_t port, const std::string& user, const std::string& password,
              const std::string& realm);
  bool answers_binding(int attempts);

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string dir_;
};

}  // namespace lucid::testing
