#include "sctp/usrsctp_library.h"

#include <usrsctp.h>

#include "common/trace.h"
#include "sctp/association.h"

namespace lucid::sctp {
namespace {

// The lock outlives every library object: usrsctp's state outlives them too when it cannot
// be finished yet (see ~UsrsctpLibrary).
std::recursive_mutex& usrsctp_mutex() {
  static std::recursive_mutex mutex;
  return mutex;
}

// Guarded by usrsctp_mutex().
std::weak_ptr<UsrsctpLibrary> g_library;
UsrsctpLibrary* g_current = nullptr;
bool g_usrsctp_running = false;

}  // namespace

std::shared_ptr<UsrsctpLibrary> UsrsctpLibrary::acquire() {
  std::lock_guard guard(usrsctp_mutex());
  if (auto existing = g_library.lock()) return existing;
  auto library = std::make_shared<UsrsctpLibrary>(Token{});
  g_library = library;
  return library;
}

UsrsctpLibrary::UsrsctpLibrary(Token) {
  g_current = this;
  if (g_usrsctp_running) return;  // left running by an earlier owner (see the destructor)
  // Port 0: no SCTP-over-UDP encapsulation socket; lucid carries SCTP inside DTLS (RFC 8261).
  // No debug printer: lucid's own trace says what happens.
  usrsctp_init_nothreads(0, &UsrsctpLibrary::on_output, nullptr);
  // SCTP over DTLS has no use for ECN or IP-address management; keep usrsctp quiet on both.
  usrsctp_sysctl_set_sctp_ecn_enable(0);
  usrsctp_sysctl_set_sctp_asconf_enable(0);
  usrsctp_sysctl_set_sctp_auto_asconf(0);
  g_usrsctp_running = true;
  LUCID_TRACE("sctp", "usrsctp started without threads: lucid drives its timers");
}

UsrsctpLibrary::~UsrsctpLibrary() {
  std::lock_guard guard(usrsctp_mutex());
  // Another thread may have made a new owner between our last reference going and this lock;
  // then usrsctp is that owner's to keep.
  if (g_current != this) return;
  g_current = nullptr;
  // A closed socket can linger in usrsctp until its "inpcb kill" timer (a few ticks) has run,
  // and usrsctp_finish refuses while any socket remains. Give those timers a few ticks.
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (usrsctp_finish() == 0) {
      g_usrsctp_running = false;
      LUCID_TRACE("sctp", "usrsctp finished: no association is left in the process");
      return;
    }
    usrsctp_handle_timers(static_cast<std::uint32_t>(kTick.count() / 1000));
  }
  // Still busy: leave it running for the next owner rather than tear down live state.
  LUCID_TRACE("sctp", "usrsctp still holds closing sockets; it stays initialised");
}

std::unique_lock<std::recursive_mutex> UsrsctpLibrary::lock() {
  return std::unique_lock(usrsctp_mutex());
}

void UsrsctpLibrary::register_association(void* address, Association* association) {
  std::lock_guard guard(usrsctp_mutex());
  associations_[address] = association;
  usrsctp_register_address(address);
}

void UsrsctpLibrary::deregister_association(void* address) {
  std::lock_guard guard(usrsctp_mutex());
  usrsctp_deregister_address(address);
  associations_.erase(address);
}

void UsrsctpLibrary::advance_to(Timestamp now) {
  std::lock_guard guard(usrsctp_mutex());
  if (!clock_) {
    clock_ = now;
    return;
  }
  if (now <= *clock_) return;  // another association already moved the clock this far
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - *clock_);
  if (elapsed.count() == 0) return;  // keep the sub-millisecond rest for next time
  *clock_ += elapsed;
  usrsctp_handle_timers(static_cast<std::uint32_t>(elapsed.count()));
}

Timestamp UsrsctpLibrary::next_tick() const {
  std::lock_guard guard(usrsctp_mutex());
  return clock_.value_or(Timestamp{}) + kTick;
}

int UsrsctpLibrary::on_output(void* address, void* buffer, std::size_t length, std::uint8_t,
                              std::uint8_t) {
  // Called by usrsctp, on the calling thread, while usrsctp_mutex() is held by that call.
  if (g_current == nullptr) return 0;
  auto it = g_current->associations_.find(address);
  if (it == g_current->associations_.end()) return 0;  // its Association is gone: drop
  const auto* bytes = static_cast<const std::uint8_t*>(buffer);
  it->second->queue_transmit(BytesView(bytes, length));
  return 0;
}

}  // namespace lucid::sctp
