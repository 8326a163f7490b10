#include "sdp/offer_answer_rules.h"

#include <algorithm>
#include <string>

#include "sdp/text.h"

namespace lucid::sdp {

namespace {

using detail::quote;

// "m= section 2 (mid '1')": the position of an error, counting m= sections from 1 as they are
// written.
std::string section_name(const MediaDescription& m, std::size_t index) {
  std::string name = "m= section " + std::to_string(index + 1);
  if (m.mid) name += " (mid " + quote(*m.mid) + ")";
  return name;
}

std::string mid_or_none(const std::optional<std::string>& mid) {
  return mid ? "a=mid:" + quote(*mid) : std::string("no a=mid");
}

// A section whose transport is DTLS: SCTP over DTLS (RFC 8841 §4) or DTLS-SRTP, whose protos
// are written UDP/TLS/RTP/SAVP(F) (RFC 5764 §8).
bool negotiates_dtls(const MediaDescription& m) {
  return m.proto.find("DTLS") != std::string::npos || m.proto.starts_with("UDP/TLS/");
}

// RFC 8842 §5.1: "endpoints MUST NOT use the SDP 'setup' attribute 'holdconn' value when
// negotiating a DTLS association" (unlike TCP and TLS, a DTLS association has no "hold").
Status check_no_holdconn(const Description& d) {
  for (std::size_t i = 0; i < d.media.size(); ++i) {
    const MediaDescription& m = d.media[i];
    if (m.is_rejected() || !negotiates_dtls(m)) continue;
    if (d.setup_for(m) == Setup::Holdconn)
      return fail("a=setup:holdconn is not allowed with DTLS (RFC 8842 §5.1)", section_name(m, i));
  }
  return Ok{};
}

}  // namespace

Status check_offer(const Description& offer) {
  if (auto setup = check_no_holdconn(offer); !setup) return setup;
  // RFC 5888 §5: a group lists m= sections of this description by their mids; a mid that no
  // section has leaves a transport (for BUNDLE) that nothing describes.
  for (const Group& group : offer.groups) {
    for (const std::string& mid : group.mids) {
      if (!offer.find_media(mid))
        return fail("names mid " + quote(mid) + ", which no m= section has (RFC 5888 §5)",
                    "a=group:" + group.semantics);
    }
  }
  return Ok{};
}

Status check_answer(const Description& offer, const Description& answer) {
  // RFC 3264 §6 and RFC 9429 §5.8.3: "the number of m= sections MUST exactly match the number of
  // m= sections in the associated offer"; sections are matched by their order.
  if (answer.media.size() != offer.media.size())
    return fail("the answer has " + std::to_string(answer.media.size()) +
                " m= section(s) and the offer " + std::to_string(offer.media.size()) +
                ": an answer has one per offered section (RFC 3264 §6)");
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    const MediaDescription& offered = offer.media[i];
    const MediaDescription& answered = answer.media[i];
    // RFC 9429 §5.8.3: media type and proto "MUST exactly match" those of the offered section.
    if (answered.media != offered.media || answered.proto != offered.proto)
      return fail("m=" + quote(answered.media) + " " + quote(answered.proto) +
                      " answers the offer's m=" + offered.media + " " + offered.proto +
                      ": media and proto must be the offer's (RFC 9429 §5.8.3)",
                  section_name(answered, i));
    // RFC 9429 §5.3.1: the answer's section carries the mid of the offered one, so that both
    // sides mean the same section by it (BUNDLE, trickled candidates).
    if (offered.mid && answered.mid != offered.mid)
      return fail(mid_or_none(answered.mid) + " answers the offer's a=mid:" + quote(*offered.mid) +
                      ": the answer keeps the offer's mids (RFC 9429 §5.3.1)",
                  section_name(answered, i));
  }
  if (auto setup = check_no_holdconn(answer); !setup) return setup;

  // RFC 8843 §7.3: the answer's BUNDLE group holds only sections the offer put in its BUNDLE
  // group, and (§7.3.3) none that the answer rejects.
  const Group* offered_bundle = offer.bundle_group();
  for (const Group& group : answer.groups) {
    if (group.semantics != "BUNDLE") continue;
    for (const std::string& mid : group.mids) {
      const bool offered =
          offered_bundle && std::find(offered_bundle->mids.begin(), offered_bundle->mids.end(),
                                      mid) != offered_bundle->mids.end();
      if (!offered)
        return fail("names mid " + quote(mid) +
                        ", which the offer did not bundle: an answer may only bundle what the "
                        "offer bundled (RFC 8843 §7.3)",
                    "a=group:BUNDLE");
      const MediaDescription* m = answer.find_media(mid);
      if (m && m->is_rejected())
        return fail("names mid " + quote(mid) +
                        ", which the answer rejects with port 0: a rejected section leaves the "
                        "BUNDLE group (RFC 8843 §7.3.3)",
                    "a=group:BUNDLE");
    }
  }
  return Ok{};
}

}  // namespace lucid::sdp
