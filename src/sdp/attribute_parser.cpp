#include "sdp/attribute_parser.h"

#include <string>

#include "sdp/ice_credentials.h"
#include "sdp/text.h"

namespace lucid::sdp::detail {

namespace {

struct Known {
  std::string_view name;
  AttributeKind kind;
};

constexpr Known kKnown[] = {
    {"ice-ufrag", AttributeKind::IceUfrag},
    {"ice-pwd", AttributeKind::IcePwd},
    {"ice-options", AttributeKind::IceOptions},
    {"fingerprint", AttributeKind::Fingerprint},
    {"setup", AttributeKind::Setup},
    {"sendrecv", AttributeKind::Direction},
    {"sendonly", AttributeKind::Direction},
    {"recvonly", AttributeKind::Direction},
    {"inactive", AttributeKind::Direction},
    {"extmap", AttributeKind::Extmap},
    {"extmap-allow-mixed", AttributeKind::ExtmapAllowMixed},
    {"end-of-candidates", AttributeKind::EndOfCandidates},
    {"group", AttributeKind::Group},
    {"ice-lite", AttributeKind::IceLite},
    {"msid-semantic", AttributeKind::MsidSemantic},
    {"mid", AttributeKind::Mid},
    {"bundle-only", AttributeKind::BundleOnly},
    {"rtcp-mux", AttributeKind::RtcpMux},
    {"rtcp-rsize", AttributeKind::RtcpRsize},
    {"rtpmap", AttributeKind::Rtpmap},
    {"rtcp-fb", AttributeKind::RtcpFb},
    {"fmtp", AttributeKind::Fmtp},
    {"ssrc-group", AttributeKind::SsrcGroup},
    {"ssrc", AttributeKind::Ssrc},
    {"msid", AttributeKind::Msid},
    {"rid", AttributeKind::Rid},
    {"simulcast", AttributeKind::Simulcast},
    {"sctp-port", AttributeKind::SctpPort},
    {"sctpmap", AttributeKind::Sctpmap},
    {"max-message-size", AttributeKind::MaxMessageSize},
    {"candidate", AttributeKind::Candidate},
};

using Value = std::optional<std::string_view>;

Error twice() { return fail("appears twice in one section"); }

Result<std::string_view> need(Value value) {
  if (!value || value->empty()) return fail("needs a value");
  return *value;
}

// A flag attribute (a=rtcp-mux): no value, at most once.
Result<std::size_t> set_flag(bool& flag, Value value) {
  if (value) return fail("takes no value");
  if (flag) return twice();
  flag = true;
  return std::size_t{0};
}

// A single-valued attribute parsed by T::parse.
template <typename T>
Result<std::size_t> set_once(std::optional<T>& field, Value value) {
  auto text = need(value);
  if (!text) return text.error();
  if (field) return twice();
  auto parsed = T::parse(*text);
  if (!parsed) return parsed.error();
  field = std::move(*parsed);
  return std::size_t{0};
}

// A repeatable attribute parsed by T::parse.
template <typename T>
Result<std::size_t> append(std::vector<T>& field, Value value) {
  auto text = need(value);
  if (!text) return text.error();
  auto parsed = T::parse(*text);
  if (!parsed) return parsed.error();
  field.push_back(std::move(*parsed));
  return field.size() - 1;
}

Result<std::size_t> set_number(std::optional<std::uint64_t>& field, Value value, std::uint64_t max,
                               std::string_view what) {
  auto text = need(value);
  if (!text) return text.error();
  if (field) return twice();
  auto number = parse_uint(*text, max);
  if (!number) return fail(number_error(what, *text));
  field = *number;
  return std::size_t{0};
}

Result<std::size_t> set_credential(std::optional<std::string>& field, Value value,
                                   Status (*check)(std::string_view)) {
  auto text = need(value);
  if (!text) return text.error();
  if (field) return twice();
  auto ok = check(*text);
  if (!ok) return ok.error();
  field = std::string(*text);
  return std::size_t{0};
}

Result<std::size_t> apply_common(CommonAttributes& s, AttributeKind kind, std::string_view name,
                                 Value value) {
  switch (kind) {
    case AttributeKind::IceUfrag: return set_credential(s.ice_ufrag, value, check_ice_ufrag);
    case AttributeKind::IcePwd: return set_credential(s.ice_pwd, value, check_ice_pwd);
    case AttributeKind::IceOptions: {
      // RFC 8839 §5.6: ice-options = ice-option-tag *(SP ice-option-tag)
      auto text = need(value);
      if (!text) return text.error();
      if (!s.ice_options.empty()) return twice();
      for (auto tag : split(*text, ' ')) {
        // A token by RFC 8839; libdatachannel writes "ice2,trickle", so accept any VCHARs.
        if (tag.empty() || !is_vchars(tag)) return fail("option " + quote(tag) + " is not valid");
        s.ice_options.emplace_back(tag);
      }
      return std::size_t{0};
    }
    case AttributeKind::Fingerprint: return append(s.fingerprints, value);
    case AttributeKind::Setup: {
      auto text = need(value);
      if (!text) return text.error();
      if (s.setup) return twice();
      s.setup = parse_setup(*text);
      if (!s.setup) return fail(quote(*text) + " is not active, passive, actpass or holdconn");
      return std::size_t{0};
    }
    case AttributeKind::Direction:
      if (value) return fail("takes no value");
      if (s.direction) return fail("a second direction attribute in one section");
      s.direction = parse_direction(name);
      return std::size_t{0};
    case AttributeKind::Extmap: return append(s.extmaps, value);
    case AttributeKind::ExtmapAllowMixed: return set_flag(s.extmap_allow_mixed, value);
    case AttributeKind::EndOfCandidates: return set_flag(s.end_of_candidates, value);
    default: break;
  }
  // AttributeKind::Other: kept exactly as written, without "a=".
  s.other_attributes.push_back(std::string(name) + (value ? ":" + std::string(*value) : ""));
  return s.other_attributes.size() - 1;
}

}  // namespace

AttributeKind attribute_kind(std::string_view name) {
  for (const auto& known : kKnown) {
    if (known.name == name) return known.kind;
  }
  return AttributeKind::Other;
}

// These two rely on the grouping of AttributeKind in description.h: kinds for both levels, then
// session-only kinds (Group...), then media-only kinds (Mid...), then Other.
bool allowed_at_session_level(AttributeKind kind) {
  return kind < AttributeKind::Mid || kind == AttributeKind::Other;
}

bool allowed_at_media_level(AttributeKind kind) {
  return kind < AttributeKind::Group || kind >= AttributeKind::Mid;
}

Result<std::size_t> apply_attribute(Description& d, AttributeKind kind, std::string_view name,
                                    Value value) {
  switch (kind) {
    case AttributeKind::Group: return append(d.groups, value);
    case AttributeKind::IceLite: return set_flag(d.ice_lite, value);
    case AttributeKind::MsidSemantic: return set_once(d.msid_semantic, value);
    default: return apply_common(d, kind, name, value);
  }
}

Result<std::size_t> apply_attribute(MediaDescription& m, AttributeKind kind, std::string_view name,
                                    Value value) {
  switch (kind) {
    case AttributeKind::Mid: {
      // RFC 8843 §7.1 / RFC 5888 §4: identification-tag = token.
      auto text = need(value);
      if (!text) return text.error();
      if (m.mid) return twice();
      if (!is_token(*text)) return fail(quote(*text) + " is not a token");
      m.mid = std::string(*text);
      return std::size_t{0};
    }
    case AttributeKind::BundleOnly: return set_flag(m.bundle_only, value);
    case AttributeKind::RtcpMux: return set_flag(m.rtcp_mux, value);
    case AttributeKind::RtcpRsize: return set_flag(m.rtcp_rsize, value);
    case AttributeKind::Rtpmap: return append(m.rtpmaps, value);
    case AttributeKind::RtcpFb: return append(m.rtcp_feedback, value);
    case AttributeKind::Fmtp: return append(m.fmtps, value);
    case AttributeKind::SsrcGroup: return append(m.ssrc_groups, value);
    case AttributeKind::Ssrc: return append(m.ssrcs, value);
    case AttributeKind::Msid: return append(m.msids, value);
    case AttributeKind::Rid: return append(m.rids, value);
    case AttributeKind::Simulcast: return set_once(m.simulcast, value);
    case AttributeKind::SctpPort: {
      // RFC 8841 §5.2: sctp-port = port (0 to 65535)
      std::optional<std::uint64_t> port;
      if (m.sctp_port) return twice();
      auto index = set_number(port, value, 65535, "port");
      if (!index) return index.error();
      m.sctp_port = static_cast<std::uint16_t>(*port);
      return index;
    }
    case AttributeKind::Sctpmap: return set_once(m.sctpmap, value);
    case AttributeKind::MaxMessageSize:
      // RFC 8841 §6: max-message-size = 1*DIGIT; 0 means "no limit" (§6.1).
      return set_number(m.max_message_size, value, UINT64_MAX, "size");
    case AttributeKind::Candidate: {
      auto text = need(value);
      if (!text) return text.error();
      auto candidate = Candidate::parse(*text);
      if (!candidate) return candidate.error();
      m.candidates.push_back(std::move(*candidate));
      return m.candidates.size() - 1;
    }
    default: return apply_common(m, kind, name, value);
  }
}

}  // namespace lucid::sdp::detail
