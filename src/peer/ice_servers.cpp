#include "peer/ice_servers.h"

#include <string>

namespace lucid {

Result<SocketAddress> parse_stun_url(std::string_view url) {
  const std::string text(url);
  if (url.starts_with("turn:") || url.starts_with("turns:"))
    return fail("TURN is not supported yet", text);
  if (url.starts_with("stuns:")) return fail("STUN over TLS is not supported", text);
  if (!url.starts_with("stun:")) return fail("not a stun: URL", text);

  // RFC 7064 §3.1: stunURI = scheme ":" host [ ":" port ]; no "//", no query.
  std::string_view rest = url.substr(5);
  if (auto with_port = SocketAddress::parse(rest)) return *with_port;
  // No port: an address alone (IPv6 in brackets).
  if (rest.size() > 2 && rest.front() == '[' && rest.back() == ']')
    rest = rest.substr(1, rest.size() - 2);
  if (auto ip = IpAddress::parse(rest))
    return SocketAddress{*ip, 3478};  // RFC 7064 §3.2 default port
  return fail("the host must be an IP address (lucid resolves no names)", text);
}

}  // namespace lucid
