// ImpairedPath: two fresh network namespaces, A and B, joined only through lucid-impair-relay
// (relay_main.cpp), so that every packet between them is delayed, limited, lost, reordered or
// duplicated as asked — the real-socket counterpart of tests/support's in-memory network.
//
//   namespace A: tun 10.203.0.1/24 ─┐                         ┌─ tun 10.203.0.2/24 :namespace B
//                                   └─ lucid-impair-relay ────┘
//                                      (A->B and B->A impaired separately, seeded)
//
// Both namespaces get unique names (the process id and a counter) and are deleted again, with
// the relay stopped, when the object goes. Needs root and /dev/net/tun (unavailable() says
// why not). A thread enters A or B (setns) to open its sockets there; a socket stays in the
// namespace it was opened in, so one thread can then drive peers in both.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "common/address.h"
#include "impair/impairment.h"

namespace lucid::impair {

struct PathOptions {
  Impairment a_to_b;
  Impairment b_to_a;
  std::uint64_t seed = 1;
  // The relay program; by default the one this build made.
  std::string relay = LUCID_IMPAIR_RELAY;
};

class ImpairedPath {
 public:
  // Why this machine cannot make a path (not root, no /dev/net/tun, no relay), or nullopt.
  static std::optional<std::string> unavailable(const std::string& relay = LUCID_IMPAIR_RELAY);

  // Creates the namespaces, starts the relay and wires it in; throws std::runtime_error (with
  // what failed) after undoing what it had done.
  explicit ImpairedPath(PathOptions options);
  ~ImpairedPath();
  ImpairedPath(const ImpairedPath&) = delete;
  ImpairedPath& operator=(const ImpairedPath&) = delete;

  IpAddress address_a() const { return *IpAddress::parse("10.203.0.1"); }
  IpAddress address_b() const { return *IpAddress::parse("10.203.0.2"); }
  const std::string& namespace_a() const { return ns_a_; }
  const std::string& namespace_b() const { return ns_b_; }

  // Moves the calling thread into namespace A or B, or back to the one it was in before.
  void enter_a();
  void enter_b();
  void leave();

  // Stops the relay and returns what it printed about the packets it carried.
  std::string stop_relay();

 private:
  void enter(const std::string& ns);
  void tear_down();

  std::string ns_a_, ns_b_, tun_a_, tun_b_;
  pid_t relay_pid_ = -1;
  int relay_stdin_ = -1;   // closing it also stops the relay
  int relay_stderr_ = -1;
  int home_ = -1;  // the namespace of the thread that made the path
  std::string relay_report_;
};

}  // namespace lucid::impair
