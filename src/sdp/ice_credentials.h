// ICE credentials: the username fragment and password each side puts in its description
// (a=ice-ufrag, a=ice-pwd, RFC 8839 §5.4). The other side uses them to build and check the
// MESSAGE-INTEGRITY of its connectivity checks (RFC 8445 §7.2.2).
#pragma once

#include <string>
#include <string_view>

#include "common/random.h"
#include "common/result.h"

namespace lucid::sdp {

struct IceCredentials {
  std::string ufrag;  // 4 to 256 ice-chars
  std::string pwd;    // 22 to 256 ice-chars

  // Fresh random credentials: an 8-character ufrag (48 random bits, RFC 8445 §5.3 asks for
  // at least 24) and a 24-character pwd (144 bits, at least 128 asked).
  static IceCredentials generate(Random& random);

  bool operator==(const IceCredentials&) const = default;
};

// RFC 8839 §5.4: ice-ufrag = 4*256ice-char, ice-pwd = 22*256ice-char.
Status check_ice_ufrag(std::string_view ufrag);
Status check_ice_pwd(std::string_view pwd);

}  // namespace lucid::sdp
