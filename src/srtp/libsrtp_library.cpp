#include "srtp/libsrtp_library.h"

#include <srtp2/srtp.h>

#include <mutex>
#include <stdexcept>

#include "common/trace.h"

namespace lucid::srtp {
namespace {

std::mutex& library_mutex() {
  static std::mutex mutex;
  return mutex;
}
// Guarded by library_mutex().
std::weak_ptr<LibsrtpLibrary> g_library;
LibsrtpLibrary* g_current = nullptr;  // the owner that will shut libsrtp down
bool g_initialised = false;

}  // namespace

std::shared_ptr<LibsrtpLibrary> LibsrtpLibrary::acquire() {
  std::lock_guard guard(library_mutex());
  if (auto existing = g_library.lock()) return existing;
  auto library = std::make_shared<LibsrtpLibrary>(Token{});
  g_library = library;
  return library;
}

LibsrtpLibrary::LibsrtpLibrary(Token) {
  // Called under library_mutex() by acquire().
  g_current = this;
  if (g_initialised) return;  // an owner that is going away has not shut it down yet
  if (srtp_init() != srtp_err_status_ok) throw std::runtime_error("srtp_init failed");
  g_initialised = true;
  LUCID_TRACE("srtp", version(), " initialised");
}

LibsrtpLibrary::~LibsrtpLibrary() {
  // The last share went. Another thread may have made a new owner between that and this lock;
  // then libsrtp is that owner's to keep.
  std::lock_guard guard(library_mutex());
  if (g_current != this) return;
  g_current = nullptr;
  g_initialised = false;
  srtp_shutdown();
  LUCID_TRACE("srtp", "libsrtp shut down: no SRTP session is left in the process");
}

std::string LibsrtpLibrary::version() { return srtp_get_version_string(); }

}  // namespace lucid::srtp
