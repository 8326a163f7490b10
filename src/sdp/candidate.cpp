#include "sdp/candidate.h"

#include "sdp/text.h"

namespace lucid::sdp {

using detail::number_error;
using detail::parse_uint;
using detail::quote;

std::string_view to_string(CandidateType type) {
  switch (type) {
    case CandidateType::Host: return "host";
    case CandidateType::ServerReflexive: return "srflx";
    case CandidateType::PeerReflexive: return "prflx";
    case CandidateType::Relayed: return "relay";
  }
  return "host";
}

std::string_view to_string(TcpType type) {
  switch (type) {
    case TcpType::Active: return "active";
    case TcpType::Passive: return "passive";
    case TcpType::SimultaneousOpen: return "so";
  }
  return "active";
}

bool Candidate::is_udp() const { return detail::equals_ignore_case(transport, "udp"); }
bool Candidate::is_tcp() const { return detail::equals_ignore_case(transport, "tcp"); }

std::optional<IpAddress> Candidate::ip() const { return IpAddress::parse(address); }

bool Candidate::is_mdns() const {
  constexpr std::string_view kLocal = ".local";
  return address.size() > kLocal.size() &&
         detail::equals_ignore_case(address.substr(address.size() - kLocal.size()), kLocal);
}

std::optional<std::string_view> Candidate::extension(std::string_view name) const {
  for (const auto& [key, value] : extensions) {
    if (key == name) return value;
  }
  return std::nullopt;
}

namespace {

// RFC 8866 §9 connection-address for a unicast address: an IP literal or a host name
// (RFC 8839 §5.1 allows an FQDN, which is how mDNS candidates hide a local address).
bool is_address(std::string_view text) {
  if (IpAddress::parse(text)) return true;
  if (text.empty() || text.size() > 253) return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::optional<CandidateType> parse_type(std::string_view text) {
  if (text == "host") return CandidateType::Host;
  if (text == "srflx") return CandidateType::ServerReflexive;
  if (text == "prflx") return CandidateType::PeerReflexive;
  if (text == "relay") return CandidateType::Relayed;
  return std::nullopt;
}

std::optional<TcpType> parse_tcp_type(std::string_view text) {
  if (text == "active") return TcpType::Active;
  if (text == "passive") return TcpType::Passive;
  if (text == "so") return TcpType::SimultaneousOpen;
  return std::nullopt;
}

}  // namespace

Result<Candidate> Candidate::parse(std::string_view text) {
  // Accept what addIceCandidate gets: with or without "a=" and "candidate:", and a line ending.
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
  if (text.starts_with("a=")) text.remove_prefix(2);
  if (text.starts_with("candidate:")) text.remove_prefix(10);
  if (text.empty()) return fail("empty candidate");

  auto fields = detail::split(text, ' ');
  for (auto field : fields) {
    if (field.empty()) return fail("fields must be separated by exactly one space");
  }
  // RFC 8839 §5.1: foundation component transport priority address port "typ" type = 8 fields.
  if (fields.size() < 8) {
    return fail("needs foundation, component, transport, priority, address, port and typ; found " +
                std::to_string(fields.size()) + " fields");
  }

  Candidate c;
  // foundation = 1*32ice-char
  if (fields[0].size() > 32 || !detail::is_ice_chars(fields[0])) {
    return fail("foundation " + quote(fields[0]) + " is not 1 to 32 ice-chars");
  }
  c.foundation = std::string(fields[0]);

  // component-id = 1*3DIGIT, between 1 and 256 (RFC 8839 §5.1).
  auto component = parse_uint(fields[1], 256);
  if (!component || *component == 0) return fail(number_error("component", fields[1]));
  c.component = static_cast<std::uint16_t>(*component);

  // transport = "UDP" / transport-extension (a token); TCP is RFC 6544.
  if (!detail::is_token(fields[2])) return fail("transport " + quote(fields[2]) + " is not a token");
  c.transport = std::string(fields[2]);

  // priority = 1*10DIGIT, a positive integer from 1 to 2^31 - 1 (RFC 8839 §5.1).
  auto priority = parse_uint(fields[3], 0x7FFFFFFF);
  if (!priority || *priority == 0) return fail(number_error("priority", fields[3]));
  c.priority = static_cast<std::uint32_t>(*priority);

  if (!is_address(fields[4])) {
    return fail("address " + quote(fields[4]) + " is neither an IP address nor a host name");
  }
  c.address = std::string(fields[4]);

  auto port = parse_uint(fields[5], 65535);
  if (!port) return fail(number_error("port", fields[5]));
  c.port = static_cast<std::uint16_t>(*port);

  if (fields[6] != "typ") return fail("expected 'typ' after the port, found " + quote(fields[6]));
  auto type = parse_type(fields[7]);
  if (!type) return fail("typ " + quote(fields[7]) + " is not host, srflx, prflx or relay");
  c.type = *type;

  // The rest are name/value pairs: raddr, rport, tcptype, then any cand-extension.
  std::size_t i = 8;
  if ((fields.size() - i) % 2 != 0) {
    return fail("extension " + quote(fields.back()) + " has no value");
  }
  for (; i + 1 < fields.size(); i += 2) {
    std::string_view name = fields[i];
    std::string_view value = fields[i + 1];
    if (name == "raddr") {
      if (!is_address(value)) return fail("raddr " + quote(value) + " is not an address");
      c.related_address = std::string(value);
    } else if (name == "rport") {
      auto rport = parse_uint(value, 65535);
      if (!rport) return fail(number_error("rport", value));
      c.related_port = static_cast<std::uint16_t>(*rport);
    } else if (name == "tcptype") {
      auto tcp = parse_tcp_type(value);
      if (!tcp) return fail("tcptype " + quote(value) + " is not active, passive or so");
      c.tcp_type = *tcp;
    } else {
      // extension-att-name = token, extension-att-value = *VCHAR
      if (!detail::is_token(name)) return fail("extension name " + quote(name) + " is not a token");
      if (!detail::is_vchars(value)) return fail("extension " + std::string(name) + " has a bad value");
      c.extensions.emplace_back(std::string(name), std::string(value));
    }
  }
  return c;
}

std::string Candidate::value() const {
  std::string out = foundation + ' ' + std::to_string(component) + ' ' + transport + ' ' +
                    std::to_string(priority) + ' ' + address + ' ' + std::to_string(port) +
                    " typ " + std::string(sdp::to_string(type));
  if (related_address) out += " raddr " + *related_address;
  if (related_port) out += " rport " + std::to_string(*related_port);
  // tcptype goes first among the extensions, where Chromium and Firefox write it.
  if (tcp_type) out += " tcptype " + std::string(sdp::to_string(*tcp_type));
  for (const auto& [name, value] : extensions) out += ' ' + name + ' ' + value;
  return out;
}

std::string Candidate::to_string() const { return "candidate:" + value(); }

}  // namespace lucid::sdp
