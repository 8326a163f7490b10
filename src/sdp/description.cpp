#include "sdp/description.h"

#include "sdp/text.h"

namespace lucid::sdp {

std::optional<std::string_view> CommonAttributes::other_attribute(std::string_view name) const {
  for (const auto& line : other_attributes) {
    auto [key, value] = detail::split_once(line, ':');
    if (key == name) return value.value_or(std::string_view{});
  }
  return std::nullopt;
}

bool MediaDescription::is_data_channel() const {
  if (media != "application") return false;
  // RFC 8841 §4.1: "UDP/DTLS/SCTP" and "TCP/DTLS/SCTP" with the fmt "webrtc-datachannel".
  if (proto == "UDP/DTLS/SCTP" || proto == "TCP/DTLS/SCTP") {
    return formats.size() == 1 && formats[0] == "webrtc-datachannel";
  }
  // draft-ietf-mmusic-sctp-sdp-05: "DTLS/SCTP <port>" plus a=sctpmap:<port> webrtc-datachannel.
  if (proto == "DTLS/SCTP") return sctpmap && sctpmap->app == "webrtc-datachannel";
  return false;
}

std::uint16_t MediaDescription::effective_sctp_port() const {
  if (sctp_port) return *sctp_port;
  if (sctpmap) return sctpmap->port;
  return 5000;
}

std::uint64_t MediaDescription::effective_max_message_size() const {
  return max_message_size.value_or(65536);
}

const RtpMap* MediaDescription::rtpmap(std::uint8_t payload_type) const {
  for (const auto& map : rtpmaps) {
    if (map.payload_type == payload_type) return &map;
  }
  return nullptr;
}

const Group* Description::bundle_group() const {
  for (const auto& group : groups) {
    if (group.semantics == "BUNDLE") return &group;
  }
  return nullptr;
}

const MediaDescription* Description::find_media(std::string_view mid) const {
  for (const auto& m : media) {
    if (m.mid && *m.mid == mid) return &m;
  }
  return nullptr;
}

std::optional<std::string> Description::ice_ufrag_for(const MediaDescription& m) const {
  return m.ice_ufrag ? m.ice_ufrag : ice_ufrag;
}

std::optional<std::string> Description::ice_pwd_for(const MediaDescription& m) const {
  return m.ice_pwd ? m.ice_pwd : ice_pwd;
}

const std::vector<Fingerprint>& Description::fingerprints_for(const MediaDescription& m) const {
  return m.fingerprints.empty() ? fingerprints : m.fingerprints;
}

std::optional<Setup> Description::setup_for(const MediaDescription& m) const {
  return m.setup ? m.setup : setup;
}

const std::vector<std::string>& Description::ice_options_for(const MediaDescription& m) const {
  return m.ice_options.empty() ? ice_options : m.ice_options;
}

}  // namespace lucid::sdp
