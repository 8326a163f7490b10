// The one owner of usrsctp's process-wide state.
//
// usrsctp is a whole SCTP stack with global state: one set of sysctls, one timer wheel, one
// output callback for every AF_CONN association in the process. This class is the only code
// that touches that state:
//   - the first Association to exist initialises usrsctp with usrsctp_init_nothreads, so
//     usrsctp starts no timer thread and no receive thread (sans-IO, shared/DESIGN.md); the
//     last one to go away finishes it. usrsctp (0.9.5 and its master alike) still starts one
//     "SCTP iterator" thread there, which sleeps until iterator work is queued: only dynamic
//     address changes (ASCONF) and SCTP_SENDALL sends queue any, and lucid uses neither
//     (addresses are registered with dynamic_add = 0, ASCONF is switched off);
//   - time moves only when an Association's handle_timeout(now) calls advance_to(now), which
//     passes the elapsed milliseconds to usrsctp_handle_timers; many associations driven by
//     the same clock advance usrsctp's clock once. usrsctp also reads gettimeofday() itself
//     (RTT samples, and which chunks a T3-rtx timeout resends), so `now` must move with the
//     wall clock: true for src/net's steady clock; tests replace gettimeofday (docs/sctp.md);
//   - usrsctp calls one output function for every packet of every association; it receives
//     the AF_CONN address the association was bound with, and the registry here turns that
//     address back into the Association that queues the packet.
// Every call into usrsctp holds one process-wide lock, so associations driven from different
// threads do not race on usrsctp or on each other's queues (usrsctp calls the output function
// of *any* association from inside another's timers).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "common/time.h"

namespace lucid::sctp {

class Association;

class UsrsctpLibrary {
 public:
  // usrsctp's own timer thread ticks every 10 ms; poll_timeout() asks to be woken as often.
  static constexpr Duration kTick = std::chrono::milliseconds(10);

  // The shared owner, created (and usrsctp initialised) on first use.
  static std::shared_ptr<UsrsctpLibrary> acquire();
  ~UsrsctpLibrary();
  UsrsctpLibrary(const UsrsctpLibrary&) = delete;
  UsrsctpLibrary& operator=(const UsrsctpLibrary&) = delete;

  // Held around every call into usrsctp and every touch of an association's queues.
  std::unique_lock<std::recursive_mutex> lock();

  // Routes packets usrsctp emits for AF_CONN `address` to `association`.
  void register_association(void* address, Association* association);
  void deregister_association(void* address);

  // Moves usrsctp's clock to `now` (never backwards) and fires the timers that are due.
  void advance_to(Timestamp now);
  // When usrsctp next wants to run its timers: one tick after the last time it did.
  Timestamp next_tick() const;

 private:
  struct Token {};

 public:
  explicit UsrsctpLibrary(Token);

 private:
  static int on_output(void* address, void* buffer, std::size_t length, std::uint8_t tos,
                       std::uint8_t set_df);

  std::map<void*, Association*> associations_;
  std::optional<Timestamp> clock_;  // usrsctp's "now", in lucid's time
};

}  // namespace lucid::sctp
