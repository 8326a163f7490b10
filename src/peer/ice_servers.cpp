#include "peer/ice_servers.h"

#include <charconv>
#include <string>

namespace lucid {

Result<SocketAddress> parse_stun_url(std::string_view url) {
  const std::string text(url);
  if (is_turn_url(url)) return fail("TURN is not supported yet", text);
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

bool is_turn_url(std::string_view url) {
  return url.starts_with("turn:") || url.starts_with("turns:");
}

Result<TurnUrl> parse_turn_url(std::string_view url) {
  const std::string text(url);
  TurnUrl out;
  if (url.starts_with("turns:")) {
    out.secure = true;
    url.remove_prefix(6);
  } else if (url.starts_with("turn:")) {
    url.remove_prefix(5);
  } else {
    return fail("not a turn: URL", text);
  }

  // RFC 7065 §3.1: turnURI = scheme ":" host [ ":" port ] [ "?transport=" transport ].
  if (const auto query = url.find('?'); query != std::string_view::npos) {
    const std::string_view parameter = url.substr(query + 1);
    if (!parameter.starts_with("transport=") || parameter.size() == 10)
      return fail("the only query a turn: URL takes is ?transport=udp or ?transport=tcp", text);
    out.transport = std::string(parameter.substr(10));
    url = url.substr(0, query);
  }
  // The host: an IPv6 literal in brackets, or everything up to the port's colon.
  std::string_view host;
  std::string_view after;
  if (url.starts_with('[')) {
    const auto close = url.find(']');
    if (close == std::string_view::npos) return fail("an IPv6 host needs its closing ]", text);
    host = url.substr(1, close - 1);
    if (!IpAddress::parse(host)) return fail("not an IPv6 address between [ and ]", text);
    after = url.substr(close + 1);
  } else {
    const auto colon = url.find(':');
    host = url.substr(0, colon);
    after = colon == std::string_view::npos ? std::string_view() : url.substr(colon);
  }
  if (host.empty()) return fail("a turn: URL needs a host", text);
  out.host = std::string(host);
  if (!after.empty()) {
    if (after.front() != ':') return fail("unexpected text after the host", text);
    const std::string_view digits = after.substr(1);
    unsigned port = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
        port == 0 || port > 65535)
      return fail("the port must be a number from 1 to 65535", text);
    out.port = static_cast<std::uint16_t>(port);
  }
  return out;
}

}  // namespace lucid
