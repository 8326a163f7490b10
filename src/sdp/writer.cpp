#include "sdp/writer.h"

#include <set>
#include <utility>

namespace lucid::sdp {

namespace {

using Lines = std::vector<std::string>;

// How many lines of `kind` a section holds, and the text of the index-th one. Kinds that a
// section does not have report 0. The attributes both levels share come first.
std::size_t count_common(const CommonAttributes& s, AttributeKind kind) {
  switch (kind) {
    case AttributeKind::IceUfrag: return s.ice_ufrag ? 1 : 0;
    case AttributeKind::IcePwd: return s.ice_pwd ? 1 : 0;
    case AttributeKind::IceOptions: return s.ice_options.empty() ? 0 : 1;
    case AttributeKind::Fingerprint: return s.fingerprints.size();
    case AttributeKind::Setup: return s.setup ? 1 : 0;
    case AttributeKind::Direction: return s.direction ? 1 : 0;
    case AttributeKind::Extmap: return s.extmaps.size();
    case AttributeKind::ExtmapAllowMixed: return s.extmap_allow_mixed ? 1 : 0;
    case AttributeKind::EndOfCandidates: return s.end_of_candidates ? 1 : 0;
    case AttributeKind::Other: return s.other_attributes.size();
    default: return 0;
  }
}

std::string join_options(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& option : options) out += (out.empty() ? "" : " ") + option;
  return out;
}

std::string line_common(const CommonAttributes& s, AttributeKind kind, std::size_t i) {
  switch (kind) {
    case AttributeKind::IceUfrag: return "a=ice-ufrag:" + *s.ice_ufrag;
    case AttributeKind::IcePwd: return "a=ice-pwd:" + *s.ice_pwd;
    case AttributeKind::IceOptions: return "a=ice-options:" + join_options(s.ice_options);
    case AttributeKind::Fingerprint: return "a=fingerprint:" + s.fingerprints[i].to_string();
    case AttributeKind::Setup: return "a=setup:" + std::string(to_string(*s.setup));
    case AttributeKind::Direction: return "a=" + std::string(to_string(*s.direction));
    case AttributeKind::Extmap: return "a=extmap:" + s.extmaps[i].to_string();
    case AttributeKind::ExtmapAllowMixed: return "a=extmap-allow-mixed";
    case AttributeKind::EndOfCandidates: return "a=end-of-candidates";
    case AttributeKind::Other: return "a=" + s.other_attributes[i];
    default: return {};
  }
}

std::size_t count(const Description& d, AttributeKind kind) {
  switch (kind) {
    case AttributeKind::Group: return d.groups.size();
    case AttributeKind::IceLite: return d.ice_lite ? 1 : 0;
    case AttributeKind::MsidSemantic: return d.msid_semantic ? 1 : 0;
    default: return count_common(d, kind);
  }
}

std::string line(const Description& d, AttributeKind kind, std::size_t i) {
  switch (kind) {
    case AttributeKind::Group: return "a=group:" + d.groups[i].to_string();
    case AttributeKind::IceLite: return "a=ice-lite";
    case AttributeKind::MsidSemantic: return "a=msid-semantic:" + d.msid_semantic->to_string();
    default: return line_common(d, kind, i);
  }
}

std::size_t count(const MediaDescription& m, AttributeKind kind) {
  switch (kind) {
    case AttributeKind::Mid: return m.mid ? 1 : 0;
    case AttributeKind::BundleOnly: return m.bundle_only ? 1 : 0;
    case AttributeKind::RtcpMux: return m.rtcp_mux ? 1 : 0;
    case AttributeKind::RtcpRsize: return m.rtcp_rsize ? 1 : 0;
    case AttributeKind::Rtpmap: return m.rtpmaps.size();
    case AttributeKind::RtcpFb: return m.rtcp_feedback.size();
    case AttributeKind::Fmtp: return m.fmtps.size();
    case AttributeKind::SsrcGroup: return m.ssrc_groups.size();
    case AttributeKind::Ssrc: return m.ssrcs.size();
    case AttributeKind::Msid: return m.msids.size();
    case AttributeKind::Rid: return m.rids.size();
    case AttributeKind::Simulcast: return m.simulcast ? 1 : 0;
    case AttributeKind::SctpPort: return m.sctp_port ? 1 : 0;
    case AttributeKind::Sctpmap: return m.sctpmap ? 1 : 0;
    case AttributeKind::MaxMessageSize: return m.max_message_size ? 1 : 0;
    case AttributeKind::Candidate: return m.candidates.size();
    default: return count_common(m, kind);
  }
}

std::string line(const MediaDescription& m, AttributeKind kind, std::size_t i) {
  switch (kind) {
    case AttributeKind::Mid: return "a=mid:" + *m.mid;
    case AttributeKind::BundleOnly: return "a=bundle-only";
    case AttributeKind::RtcpMux: return "a=rtcp-mux";
    case AttributeKind::RtcpRsize: return "a=rtcp-rsize";
    case AttributeKind::Rtpmap: return "a=rtpmap:" + m.rtpmaps[i].to_string();
    case AttributeKind::RtcpFb: return "a=rtcp-fb:" + m.rtcp_feedback[i].to_string();
    case AttributeKind::Fmtp: return "a=fmtp:" + m.fmtps[i].to_string();
    case AttributeKind::SsrcGroup: return "a=ssrc-group:" + m.ssrc_groups[i].to_string();
    case AttributeKind::Ssrc: return "a=ssrc:" + m.ssrcs[i].to_string();
    case AttributeKind::Msid: return "a=msid:" + m.msids[i].to_string();
    case AttributeKind::Rid: return "a=rid:" + m.rids[i].to_string();
    case AttributeKind::Simulcast: return "a=simulcast:" + m.simulcast->to_string();
    case AttributeKind::SctpPort: return "a=sctp-port:" + std::to_string(*m.sctp_port);
    case AttributeKind::Sctpmap: return "a=sctpmap:" + m.sctpmap->to_string();
    case AttributeKind::MaxMessageSize: return "a=max-message-size:" + std::to_string(*m.max_message_size);
    case AttributeKind::Candidate: return "a=candidate:" + m.candidates[i].value();
    default: return line_common(m, kind, i);
  }
}

// lucid's order for a= lines that have no slot (all of them, in a description built in code).
// Chromium's order, roughly: identity and transport first, then codecs, then SCTP.
constexpr AttributeKind kSessionOrder[] = {
    AttributeKind::Group, AttributeKind::IceLite, AttributeKind::IceUfrag, AttributeKind::IcePwd,
    AttributeKind::IceOptions, AttributeKind::Fingerprint, AttributeKind::Setup,
    AttributeKind::Direction, AttributeKind::ExtmapAllowMixed, AttributeKind::MsidSemantic,
    AttributeKind::Extmap, AttributeKind::EndOfCandidates, AttributeKind::Other};

constexpr AttributeKind kMediaOrder[] = {
    AttributeKind::Mid, AttributeKind::BundleOnly, AttributeKind::IceUfrag, AttributeKind::IcePwd,
    AttributeKind::IceOptions, AttributeKind::Fingerprint, AttributeKind::Setup,
    AttributeKind::Direction, AttributeKind::Msid, AttributeKind::ExtmapAllowMixed,
    AttributeKind::Extmap, AttributeKind::RtcpMux, AttributeKind::RtcpRsize, AttributeKind::Rtpmap,
    AttributeKind::RtcpFb, AttributeKind::Fmtp, AttributeKind::SsrcGroup, AttributeKind::Ssrc,
    AttributeKind::Rid, AttributeKind::Simulcast, AttributeKind::SctpPort, AttributeKind::Sctpmap,
    AttributeKind::MaxMessageSize, AttributeKind::Candidate, AttributeKind::EndOfCandidates,
    AttributeKind::Other};

// The a= lines of one section: first in the parsed order, then whatever has no slot.
template <typename Section, std::size_t N>
void write_attributes(const Section& section, const AttributeKind (&order)[N], Lines& out) {
  std::set<std::pair<AttributeKind, std::size_t>> written;
  for (const auto& slot : section.attribute_order) {
    if (slot.index >= count(section, slot.kind)) continue;  // removed since parsing
    if (!written.insert({slot.kind, slot.index}).second) continue;
    out.push_back(line(section, slot.kind, slot.index));
  }
  for (AttributeKind kind : order) {
    for (std::size_t i = 0; i < count(section, kind); ++i) {
      if (written.insert({kind, i}).second) out.push_back(line(section, kind, i));
    }
  }
}

void write_media(const MediaDescription& m, Lines& out) {
  // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  std::string m_line = "m=" + m.media + ' ' + std::to_string(m.port);
  if (m.port_count) m_line += '/' + std::to_string(*m.port_count);
  m_line += ' ' + m.proto;
  for (const auto& format : m.formats) m_line += ' ' + format;
  out.push_back(std::move(m_line));
  // RFC 8866 §5: media-level lines in the order i= c= b= k= a=.
  if (m.information) out.push_back("i=" + *m.information);
  if (m.connection) out.push_back("c=" + m.connection->to_string());
  for (const auto& b : m.bandwidths) out.push_back("b=" + b.to_string());
  for (const auto& field : m.other_fields) out.push_back(field);
  write_attributes(m, kMediaOrder, out);
}

}  // namespace

namespace detail {

std::vector<std::string> canonical_lines(const Description& d) {
  Lines out;
  // RFC 8866 §5: v= o= s= i= u= e= p= c= b= t= r= z= k= a=, in that order.
  out.push_back("v=0");
  out.push_back("o=" + d.origin.to_string());
  out.push_back("s=" + d.session_name);
  if (d.information) out.push_back("i=" + *d.information);
  if (d.uri) out.push_back("u=" + *d.uri);
  for (const auto& e : d.emails) out.push_back("e=" + e);
  for (const auto& p : d.phones) out.push_back("p=" + p);
  if (d.connection) out.push_back("c=" + d.connection->to_string());
  for (const auto& b : d.bandwidths) out.push_back("b=" + b.to_string());
  out.push_back("t=" + d.timing.to_string());
  for (const auto& field : d.other_fields) out.push_back(field);
  write_attributes(d, kSessionOrder, out);
  for (const auto& m : d.media) write_media(m, out);
  return out;
}

}  // namespace detail

std::string write(const Description& description) {
  std::string text;
  for (const auto& canonical : detail::canonical_lines(description)) {
    auto original = description.original_spellings.find(canonical);
    text += original != description.original_spellings.end() ? original->second : canonical;
    text += "\r\n";  // RFC 8866 §5: lines end with CRLF
  }
  return text;
}

}  // namespace lucid::sdp
