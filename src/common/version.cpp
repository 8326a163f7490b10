#include "lucid/version.h"

namespace lucid {

// Compiled into lucid_common, so this is the version of the library, not of the headers a
// program was compiled with (LUCID_VERSION_STRING there).
std::string_view version() { return LUCID_VERSION_STRING; }

}  // namespace lucid
