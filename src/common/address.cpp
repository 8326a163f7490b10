#include "common/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace lucid {

IpAddress IpAddress::v4(std::array<std::uint8_t, 4> bytes) {
  IpAddress a;
  a.family_ = Family::V4;
  std::memcpy(a.bytes_.data(), bytes.data(), 4);
  return a;
}

IpAddress IpAddress::v6(std::array<std::uint8_t, 16> bytes) {
  IpAddress a;
  a.family_ = Family::V6;
  a.bytes_ = bytes;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  std::array<std::uint8_t, 16> buf{};
  // inet_pton is a pure text parser: it never resolves names.
  if (inet_pton(AF_INET, s.c_str(), buf.data()) == 1) return v4({buf[0], buf[1], buf[2], buf[3]});
  if (inet_pton(AF_INET6, s.c_str(), buf.data()) == 1) return v6(buf);
  return std::nullopt;
}

bool IpAddress::is_loopback() const {
  if (is_v4()) return bytes_[0] == 127;
  static constexpr std::array<std::uint8_t, 16> kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return bytes_ == kLoopback;
}

bool IpAddress::is_link_local() const {
  if (is_v4()) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_unspecified() const {
  for (std::size_t i = 0; i < size(); ++i)
    if (bytes_[i] != 0) return false;
  return true;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

std::optional<SocketAddress> SocketAddress::parse(std::string_view text) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
  }
  auto ip = IpAddress::parse(host);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (!ip || port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535)
    return std::nullopt;
  return SocketAddress{*ip, static_cast<std::uint16_t>(value)};
}

std::string SocketAddress::to_string() const {
  const std::string host = ip.to_string();
  return (ip.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace lucid
