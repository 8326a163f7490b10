#include "sdp/attributes.h"

#include "sdp/text.h"

namespace lucid::sdp {

using detail::is_token;
using detail::number_error;
using detail::parse_uint;
using detail::quote;
using detail::split;
using detail::split_once;

namespace {

// Fields separated by exactly one space, each non-empty (RFC 8866 §5: "a single space").
Result<std::vector<std::string_view>> fields_of(std::string_view value, std::size_t at_least,
                                                std::string_view what_is_needed) {
  auto fields = split(value, ' ');
  for (auto field : fields) {
    if (field.empty()) return fail("fields must be separated by exactly one space");
  }
  if (fields.size() < at_least) return fail("needs " + std::string(what_is_needed));
  return fields;
}

std::string join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string_view to_string(Setup setup) {
  switch (setup) {
    case Setup::Active: return "active";
    case Setup::Passive: return "passive";
    case Setup::Actpass: return "actpass";
    case Setup::Holdconn: return "holdconn";
  }
  return "actpass";
}

std::optional<Setup> parse_setup(std::string_view text) {
  if (text == "active") return Setup::Active;
  if (text == "passive") return Setup::Passive;
  if (text == "actpass") return Setup::Actpass;
  if (text == "holdconn") return Setup::Holdconn;
  return std::nullopt;
}

std::string_view to_string(Direction direction) {
  switch (direction) {
    case Direction::SendRecv: return "sendrecv";
    case Direction::SendOnly: return "sendonly";
    case Direction::RecvOnly: return "recvonly";
    case Direction::Inactive: return "inactive";
  }
  return "sendrecv";
}

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "sendrecv") return Direction::SendRecv;
  if (text == "sendonly") return Direction::SendOnly;
  if (text == "recvonly") return Direction::RecvOnly;
  if (text == "inactive") return Direction::Inactive;
  return std::nullopt;
}

Result<Origin> Origin::parse(std::string_view value) {
  auto fields = fields_of(value, 6, "username, session id, version, network type, address type and address");
  if (!fields) return fields.error();
  if (fields->size() != 6) return fail("has " + std::to_string(fields->size()) + " fields, expected 6");
  const auto& f = *fields;
  Origin o;
  o.username = std::string(f[0]);
  // RFC 8866 §5.2: sess-id and sess-version are numeric strings; JSEP keeps them in 64 bits.
  auto id = parse_uint(f[1], UINT64_MAX);
  if (!id) return fail(number_error("session id", f[1]));
  auto version = parse_uint(f[2], UINT64_MAX);
  if (!version) return fail(number_error("session version", f[2]));
  o.session_id = *id;
  o.session_version = *version;
  o.network_type = std::string(f[3]);
  o.address_type = std::string(f[4]);
  o.address = std::string(f[5]);
  return o;
}

std::string Origin::to_string() const {
  return username + ' ' + std::to_string(session_id) + ' ' + std::to_string(session_version) +
         ' ' + network_type + ' ' + address_type + ' ' + address;
}

Result<Connection> Connection::parse(std::string_view value) {
  auto fields = fields_of(value, 3, "network type, address type and address");
  if (!fields) return fields.error();
  if (fields->size() != 3) return fail("has " + std::to_string(fields->size()) + " fields, expected 3");
  const auto& f = *fields;
  if (!is_token(f[0]) || !is_token(f[1])) return fail("network and address types must be tokens");
  return Connection{std::string(f[0]), std::string(f[1]), std::string(f[2])};
}

std::string Connection::to_string() const {
  return network_type + ' ' + address_type + ' ' + address;
}

Result<Bandwidth> Bandwidth::parse(std::string_view value) {
  auto [type, amount] = split_once(value, ':');
  if (!amount || !is_token(type)) return fail("expected <bwtype>:<bandwidth>, found " + quote(value));
  auto number = parse_uint(*amount, UINT64_MAX);
  if (!number) return fail(number_error("bandwidth", *amount));
  return Bandwidth{std::string(type), *number};
}

std::string Bandwidth::to_string() const { return type + ':' + std::to_string(value); }

Result<Timing> Timing::parse(std::string_view value) {
  auto fields = fields_of(value, 2, "start and stop times");
  if (!fields) return fields.error();
  if (fields->size() != 2) return fail("has " + std::to_string(fields->size()) + " fields, expected 2");
  auto start = parse_uint((*fields)[0], UINT64_MAX);
  if (!start) return fail(number_error("start time", (*fields)[0]));
  auto stop = parse_uint((*fields)[1], UINT64_MAX);
  if (!stop) return fail(number_error("stop time", (*fields)[1]));
  return Timing{*start, *stop};
}

std::string Timing::to_string() const {
  return std::to_string(start) + ' ' + std::to_string(stop);
}

Result<Group> Group::parse(std::string_view value) {
  auto fields = fields_of(value, 1, "a semantics such as BUNDLE");
  if (!fields) return fields.error();
  Group g;
  g.semantics = std::string((*fields)[0]);
  if (!is_token(g.semantics)) return fail("semantics " + quote(g.semantics) + " is not a token");
  for (std::size_t i = 1; i < fields->size(); ++i) {
    if (!is_token((*fields)[i])) return fail("mid " + quote((*fields)[i]) + " is not a token");
    g.mids.emplace_back((*fields)[i]);
  }
  return g;
}

std::string Group::to_string() const {
  return mids.empty() ? semantics : semantics + ' ' + join(mids, ' ');
}

Result<MsidSemantic> MsidSemantic::parse(std::string_view value) {
  // Chromium writes "msid-semantic: WMS" with a space after the colon; the writer keeps the
  // original spelling (see Description::original_spellings), so read past it here.
  while (value.starts_with(' ')) value.remove_prefix(1);
  auto fields = fields_of(value, 1, "a semantic such as WMS");
  if (!fields) return fields.error();
  MsidSemantic m;
  m.semantic = std::string((*fields)[0]);
  for (std::size_t i = 1; i < fields->size(); ++i) m.identifiers.emplace_back((*fields)[i]);
  return m;
}

std::string MsidSemantic::to_string() const {
  return identifiers.empty() ? semantic : semantic + ' ' + join(identifiers, ' ');
}

Result<RtpMap> RtpMap::parse(std::string_view value) {
  auto [pt, encoding] = split_once(value, ' ');
  if (!encoding) return fail("needs a payload type and an encoding");
  auto number = parse_uint(pt, 127);  // RFC 3550 §5.1: PT is 7 bits
  if (!number) return fail(number_error("payload type", pt));
  auto parts = split(*encoding, '/');
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || !is_token(parts[0])) {
    return fail("expected <encoding name>/<clock rate>[/<parameters>], found " + quote(*encoding));
  }
  RtpMap map;
  map.payload_type = static_cast<std::uint8_t>(*number);
  map.encoding_name = std::string(parts[0]);
  auto rate = parse_uint(parts[1], UINT32_MAX);
  if (!rate) return fail(number_error("clock rate", parts[1]));
  map.clock_rate = static_cast<std::uint32_t>(*rate);
  if (parts.size() == 3) {
    auto channels = parse_uint(parts[2], UINT32_MAX);
    if (!channels) return fail(number_error("channels", parts[2]));
    map.channels = static_cast<std::uint32_t>(*channels);
  }
  return map;
}

std::string RtpMap::to_string() const {
  std::string out = std::to_string(payload_type) + ' ' + encoding_name + '/' + std::to_string(clock_rate);
  if (channels) out += '/' + std::to_string(*channels);
  return out;
}

Result<Fmtp> Fmtp::parse(std::string_view value) {
  auto [format, parameters] = split_once(value, ' ');
  if (!parameters || !is_token(format)) return fail("expected <format> <parameters>, found " + quote(value));
  return Fmtp{std::string(format), std::string(*parameters)};
}

std::string Fmtp::to_string() const { return format + ' ' + parameters; }

Result<RtcpFeedback> RtcpFeedback::parse(std::string_view value) {
  auto [pt, rest] = split_once(value, ' ');
  if (!rest) return fail("needs a payload type and a feedback type");
  if (pt != "*" && !parse_uint(pt, 127)) return fail(number_error("payload type", pt));
  auto [type, parameters] = split_once(*rest, ' ');
  if (!is_token(type)) return fail("feedback type " + quote(type) + " is not a token");
  return RtcpFeedback{std::string(pt), std::string(type), std::string(parameters.value_or(""))};
}

std::string RtcpFeedback::to_string() const {
  return payload_type + ' ' + type + (parameters.empty() ? "" : ' ' + parameters);
}

Result<Extmap> Extmap::parse(std::string_view value) {
  auto [id_part, rest] = split_once(value, ' ');
  if (!rest) return fail("needs an id and a URI");
  auto [id_text, direction_text] = split_once(id_part, '/');
  // RFC 8285 §5: ids 1-14 (one-byte headers) and 1-255 (two-byte); 4096-4351 in negotiation.
  auto id = parse_uint(id_text, 65535);
  if (!id || *id == 0) return fail(number_error("id", id_text));
  Extmap map;
  map.id = static_cast<std::uint16_t>(*id);
  if (direction_text) {
    map.direction = parse_direction(*direction_text);
    if (!map.direction) return fail("direction " + quote(*direction_text) + " is not sendrecv, sendonly, recvonly or inactive");
  }
  auto [uri, attributes] = split_once(*rest, ' ');
  if (uri.empty() || !detail::is_vchars(uri)) return fail("URI " + quote(uri) + " is not valid");
  map.uri = std::string(uri);
  map.attributes = std::string(attributes.value_or(""));
  return map;
}

std::string Extmap::to_string() const {
  std::string out = std::to_string(id);
  if (direction) out += '/' + std::string(sdp::to_string(*direction));
  out += ' ' + uri;
  if (!attributes.empty()) out += ' ' + attributes;
  return out;
}

Result<Ssrc> Ssrc::parse(std::string_view value) {
  auto [id, rest] = split_once(value, ' ');
  auto number = parse_uint(id, UINT32_MAX);
  if (!number) return fail(number_error("ssrc", id));
  if (!rest || rest->empty()) return fail("needs an attribute after the ssrc");
  auto [attribute, attribute_value] = split_once(*rest, ':');
  if (!is_token(attribute)) return fail("attribute " + quote(attribute) + " is not a token");
  Ssrc ssrc{static_cast<std::uint32_t>(*number), std::string(attribute), std::nullopt};
  if (attribute_value) ssrc.value = std::string(*attribute_value);
  return ssrc;
}

std::string Ssrc::to_string() const {
  std::string out = std::to_string(ssrc) + ' ' + attribute;
  if (value) out += ':' + *value;
  return out;
}

Result<SsrcGroup> SsrcGroup::parse(std::string_view value) {
  auto fields = fields_of(value, 1, "a semantics such as FID");
  if (!fields) return fields.error();
  SsrcGroup group;
  group.semantics = std::string((*fields)[0]);
  if (!is_token(group.semantics)) return fail("semantics " + quote(group.semantics) + " is not a token");
  for (std::size_t i = 1; i < fields->size(); ++i) {
    auto ssrc = parse_uint((*fields)[i], UINT32_MAX);
    if (!ssrc) return fail(number_error("ssrc", (*fields)[i]));
    group.ssrcs.push_back(static_cast<std::uint32_t>(*ssrc));
  }
  return group;
}

std::string SsrcGroup::to_string() const {
  std::string out = semantics;
  for (auto ssrc : ssrcs) out += ' ' + std::to_string(ssrc);
  return out;
}

Result<Msid> Msid::parse(std::string_view value) {
  auto fields = fields_of(value, 1, "a stream id");
  if (!fields) return fields.error();
  if (fields->size() > 2) return fail("has " + std::to_string(fields->size()) + " fields, expected 1 or 2");
  Msid msid{std::string((*fields)[0]), std::nullopt};
  if (fields->size() == 2) msid.track_id = std::string((*fields)[1]);
  return msid;
}

std::string Msid::to_string() const { return track_id ? stream_id + ' ' + *track_id : stream_id; }

Result<Rid> Rid::parse(std::string_view value) {
  auto fields = fields_of(value, 2, "an id and a direction");
  if (!fields) return fields.error();
  if (fields->size() > 3) return fail("has " + std::to_string(fields->size()) + " fields, expected 2 or 3");
  const auto& f = *fields;
  if (f[1] != "send" && f[1] != "recv") return fail("direction " + quote(f[1]) + " is not send or recv");
  Rid rid{std::string(f[0]), std::string(f[1]), std::nullopt};
  if (f.size() == 3) rid.restrictions = std::string(f[2]);
  return rid;
}

std::string Rid::to_string() const {
  return id + ' ' + direction + (restrictions ? ' ' + *restrictions : "");
}

Result<Simulcast> Simulcast::parse(std::string_view value) {
  auto fields = fields_of(value, 2, "send or recv and a list of rids");
  if (!fields) return fields.error();
  if (fields->size() != 2 && fields->size() != 4) return fail("expected send/recv followed by rids, once or twice");
  Simulcast simulcast;
  for (std::size_t i = 0; i < fields->size(); i += 2) {
    std::string_view direction = (*fields)[i];
    std::string& slot = direction == "send" ? simulcast.send : simulcast.recv;
    if ((direction != "send" && direction != "recv") || !slot.empty()) {
      return fail("expected send or recv (each once), found " + quote(direction));
    }
    slot = std::string((*fields)[i + 1]);
  }
  return simulcast;
}

std::string Simulcast::to_string() const {
  if (send.empty()) return "recv " + recv;
  return recv.empty() ? "send " + send : "send " + send + " recv " + recv;
}

Result<Sctpmap> Sctpmap::parse(std::string_view value) {
  auto fields = fields_of(value, 2, "a port and an application");
  if (!fields) return fields.error();
  if (fields->size() > 3) return fail("has " + std::to_string(fields->size()) + " fields, expected 2 or 3");
  const auto& f = *fields;
  auto port = parse_uint(f[0], 65535);
  if (!port) return fail(number_error("port", f[0]));
  Sctpmap map{static_cast<std::uint16_t>(*port), std::string(f[1]), std::nullopt};
  if (f.size() == 3) {
    auto streams = parse_uint(f[2], 65535);
    if (!streams) return fail(number_error("streams", f[2]));
    map.streams = static_cast<std::uint32_t>(*streams);
  }
  return map;
}

std::string Sctpmap::to_string() const {
  std::string out = std::to_string(port) + ' ' + app;
  if (streams) out += ' ' + std::to_string(*streams);
  return out;
}

}  // namespace lucid::sdp
