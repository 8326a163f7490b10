// The typed model of one SDP session description (RFC 8866 §5): the session part and one
// MediaDescription per m= section, with the fields WebRTC uses as typed values.
//
// Keeping the text as it was: every a= line lucid does not model is kept in `other_attributes`,
// the order of the a= lines is kept in `attribute_order`, and lines that lucid would spell
// differently (Chromium's "a=msid-semantic: WMS" with a space, lower-case hex in a fingerprint)
// are remembered in Description::original_spellings. So parse-then-write of a browser's SDP
// gives the same text, and editing a typed field still changes what is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/attributes.h"
#include "sdp/candidate.h"
#include "sdp/fingerprint.h"

namespace lucid::sdp {

// The a= lines lucid models. `Other` is an attribute kept as text in other_attributes.
enum class AttributeKind : std::uint8_t {
  // session or media level
  IceUfrag, IcePwd, IceOptions, Fingerprint, Setup, Direction, Extmap, ExtmapAllowMixed,
  EndOfCandidates,
  // session level only
  Group, IceLite, MsidSemantic,
  // media level only
  Mid, BundleOnly, RtcpMux, RtcpRsize, Rtpmap, RtcpFb, Fmtp, SsrcGroup, Ssrc, Msid, Rid,
  Simulcast, SctpPort, Sctpmap, MaxMessageSize, Candidate,
  Other,
};

// One a= line's place in a section: which kind, and which element of that kind's field (0 for
// single-valued fields). The writer follows these; fields added in code that have no slot are
// written after them.
struct AttributeSlot {
  AttributeKind kind;
  std::size_t index;
};

// Attributes that RFC 8866 and the WebRTC RFCs allow at session level or media level. A value at
// media level overrides the session-level one (RFC 8839 §5.4 for the ICE credentials, RFC 8122
// §5 for fingerprints); Description's *_for() functions apply that rule.
struct CommonAttributes {
  std::optional<std::string> ice_ufrag;     // a=ice-ufrag (RFC 8839 §5.4)
  std::optional<std::string> ice_pwd;       // a=ice-pwd
  std::vector<std::string> ice_options;     // a=ice-options:trickle (RFC 8839 §5.6)
  std::vector<Fingerprint> fingerprints;    // a=fingerprint (RFC 8122 §5), one per hash function
  std::optional<Setup> setup;               // a=setup (RFC 8842)
  std::optional<Direction> direction;       // a=sendrecv / sendonly / recvonly / inactive
  std::vector<Extmap> extmaps;              // a=extmap (RFC 8285)
  bool extmap_allow_mixed = false;          // a=extmap-allow-mixed (RFC 8285 §6)
  bool end_of_candidates = false;           // a=end-of-candidates (RFC 8840 §8.2)
  // Every a= line lucid does not model, without "a=": "rtcp:9 IN IP4 0.0.0.0", "tls-id:...".
  std::vector<std::string> other_attributes;
  // The order of the a= lines as parsed; empty for descriptions built in code.
  std::vector<AttributeSlot> attribute_order;

  // The value of an unmodelled attribute: "rtcp" -> "9 IN IP4 0.0.0.0"; "" for a flag.
  std::optional<std::string_view> other_attribute(std::string_view name) const;
};

// One m= section (RFC 8866 §5.14) and its lines.
struct MediaDescription : CommonAttributes {
  std::string media = "application";  // "audio", "video", "application"
  std::uint16_t port = 9;             // 0 = rejected (RFC 3264 §6), 9 = discard (RFC 8839 §4.2.1.2)
  std::optional<std::uint16_t> port_count;  // "m=audio 49170/2 ..." (rare)
  std::string proto = "UDP/DTLS/SCTP";
  std::vector<std::string> formats = {"webrtc-datachannel"};

  std::optional<std::string> information;  // i=
  std::optional<Connection> connection;    // c=
  std::vector<Bandwidth> bandwidths;       // b=
  std::vector<std::string> other_fields;   // k= lines, kept as written

  std::optional<std::string> mid;          // a=mid (RFC 5888 §4, RFC 8843)
  bool bundle_only = false;                // a=bundle-only (RFC 8843 §6)
  bool rtcp_mux = false;                   // a=rtcp-mux (RFC 5761)
  bool rtcp_rsize = false;                 // a=rtcp-rsize (RFC 5506)
  std::vector<RtpMap> rtpmaps;             // a=rtpmap, per payload type
  std::vector<RtcpFeedback> rtcp_feedback; // a=rtcp-fb
  std::vector<Fmtp> fmtps;                 // a=fmtp
  std::vector<SsrcGroup> ssrc_groups;      // a=ssrc-group
  std::vector<Ssrc> ssrcs;                 // a=ssrc
  std::vector<Msid> msids;                 // a=msid
  std::vector<Rid> rids;                   // a=rid
  std::optional<Simulcast> simulcast;      // a=simulcast
  std::optional<std::uint16_t> sctp_port;  // a=sctp-port (RFC 8841 §5.2)
  std::optional<Sctpmap> sctpmap;          // a=sctpmap (legacy DTLS/SCTP form)
  std::optional<std::uint64_t> max_message_size;  // a=max-message-size (RFC 8841 §6)
  std::vector<Candidate> candidates;       // a=candidate (RFC 8839 §5.1)

  // RFC 3264 §6: port 0 rejects a section, except a bundle-only one (RFC 8843 §6).
  bool is_rejected() const { return port == 0 && !bundle_only; }
  // An SCTP data channel section: UDP/DTLS/SCTP or TCP/DTLS/SCTP with webrtc-datachannel
  // (RFC 8841 §4), or the legacy DTLS/SCTP form with an a=sctpmap.
  bool is_data_channel() const;
  // The SCTP port: a=sctp-port, else the legacy a=sctpmap or m= format, else 5000 (RFC 8841 §5.2).
  std::uint16_t effective_sctp_port() const;
  // a=max-message-size, else 65536 (RFC 8841 §6.1: the default when the attribute is absent).
  std::uint64_t effective_max_message_size() const;
  const RtpMap* rtpmap(std::uint8_t payload_type) const;
};

// A whole session description: v=, o=, s=, t= and the session-level attributes, then the media.
struct Description : CommonAttributes {
  Origin origin;                        // o=
  std::string session_name = "-";       // s= ("-" in WebRTC, RFC 9429 §5.2.1)
  std::optional<std::string> information;  // i=
  std::optional<std::string> uri;          // u=
  std::vector<std::string> emails;         // e=
  std::vector<std::string> phones;         // p=
  std::optional<Connection> connection;    // c=
  std::vector<Bandwidth> bandwidths;       // b=
  Timing timing;                           // the first t=
  std::vector<std::string> other_fields;   // r=, more t=, z=, k= lines, kept as written

  std::vector<Group> groups;               // a=group (RFC 5888), BUNDLE in WebRTC
  bool ice_lite = false;                   // a=ice-lite (RFC 8839 §5.3)
  std::optional<MsidSemantic> msid_semantic;

  std::vector<MediaDescription> media;

  // Lines as they were received, keyed by how lucid writes the same value: when a typed value is
  // still what was parsed, the writer puts back the received text (see the header comment).
  std::map<std::string, std::string> original_spellings;

  // The a=group:BUNDLE group, if any (RFC 8843).
  const Group* bundle_group() const;
  // The media section with this mid.
  const MediaDescription* find_media(std::string_view mid) const;
  // The effective values for one section: its own, else the session-level ones.
  std::optional<std::string> ice_ufrag_for(const MediaDescription& m) const;
  std::optional<std::string> ice_pwd_for(const MediaDescription& m) const;
  const std::vector<Fingerprint>& fingerprints_for(const MediaDescription& m) const;
  std::optional<Setup> setup_for(const MediaDescription& m) const;
  const std::vector<std::string>& ice_options_for(const MediaDescription& m) const;
};

}  // namespace lucid::sdp
