// Target 2, sdp: any text through sdp::parse (RFC 8866 §5 and the WebRTC attribute grammars),
// then write → parse again, then what peer does with a remote description before anything
// changes: check_offer, read_remote_transport, and lucid's own answer to it.
//
// Reaches: src/sdp/parser.cpp, attribute_parser.cpp, attributes.cpp, candidate.cpp,
// fingerprint.cpp, text.cpp, writer.cpp, offer_answer_rules.cpp, remote_transport.cpp,
// jsep_offer_answer.cpp.
// Invariants besides "no crash": write() never throws on a parsed description; what it writes
// parses again, to the same typed values, and writes the same text (a fixpoint after one
// round); an answer lucid makes to an offer it accepts passes lucid's own check_answer.
#include <exception>
#include <string>

#include "common/random.h"
#include "fuzz_check.h"
#include "sdp/sdp.h"

using namespace lucid;
using namespace lucid::sdp;

namespace {

void check_same_common(const CommonAttributes& x, const CommonAttributes& y) {
  LUCID_FUZZ_CHECK(x.ice_ufrag == y.ice_ufrag);
  LUCID_FUZZ_CHECK(x.ice_pwd == y.ice_pwd);
  LUCID_FUZZ_CHECK(x.ice_options == y.ice_options);
  LUCID_FUZZ_CHECK(x.fingerprints == y.fingerprints);
  LUCID_FUZZ_CHECK(x.setup == y.setup);
  LUCID_FUZZ_CHECK(x.direction == y.direction);
  LUCID_FUZZ_CHECK(x.end_of_candidates == y.end_of_candidates);
  LUCID_FUZZ_CHECK(x.other_attributes == y.other_attributes);
}

// The values ICE, DTLS and SCTP read must survive a write and a parse.
void check_same(const Description& x, const Description& y) {
  check_same_common(x, y);
  LUCID_FUZZ_CHECK(x.session_name == y.session_name);
  LUCID_FUZZ_CHECK(x.ice_lite == y.ice_lite);
  LUCID_FUZZ_CHECK(x.groups.size() == y.groups.size());
  for (std::size_t i = 0; i < x.groups.size(); ++i) {
    LUCID_FUZZ_CHECK(x.groups[i].semantics == y.groups[i].semantics);
    LUCID_FUZZ_CHECK(x.groups[i].mids == y.groups[i].mids);
  }
  LUCID_FUZZ_CHECK(x.media.size() == y.media.size());
  for (std::size_t i = 0; i < x.media.size(); ++i) {
    const MediaDescription& a = x.media[i];
    const MediaDescription& b = y.media[i];
    check_same_common(a, b);
    LUCID_FUZZ_CHECK(a.media == b.media);
    LUCID_FUZZ_CHECK(a.port == b.port);
    LUCID_FUZZ_CHECK(a.port_count == b.port_count);
    LUCID_FUZZ_CHECK(a.proto == b.proto);
    LUCID_FUZZ_CHECK(a.formats == b.formats);
    LUCID_FUZZ_CHECK(a.mid == b.mid);
    LUCID_FUZZ_CHECK(a.bundle_only == b.bundle_only);
    LUCID_FUZZ_CHECK(a.sctp_port == b.sctp_port);
    LUCID_FUZZ_CHECK(a.max_message_size == b.max_message_size);
    LUCID_FUZZ_CHECK(a.candidates == b.candidates);
  }
}

std::string write_or_die(const Description& d) {
  try {
    return write(d);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write threw: %s\n", e.what());
    LUCID_FUZZ_CHECK(!"write() threw on a parsed description");
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = parse(fuzz::text(data, size));
  if (!first) {
    (void)first.error().message();
    return 0;
  }
  const std::string text = write_or_die(*first);
  auto second = parse(text);
  if (!second) std::fprintf(stderr, "second parse: %s\n", second.error().message().c_str());
  LUCID_FUZZ_CHECK(second.ok());
  check_same(*first, *second);
  LUCID_FUZZ_CHECK(write_or_die(*second) == text);

  for (auto type : {SdpType::Offer, SdpType::Answer, SdpType::Pranswer})
    (void)read_remote_transport(*first, type);
  for (const auto& m : first->media) {
    (void)m.is_data_channel();
    (void)m.effective_sctp_port();
    (void)m.effective_max_message_size();
    (void)first->ice_options_for(m);
    (void)first->fingerprints_for(m);
  }

  if (check_offer(*first).ok()) {
    static SeededRandom random(15);
    static const LocalParameters local = [] {
      LocalParameters p;
      p.ice = IceCredentials::generate(random);
      p.fingerprints.push_back(*Fingerprint::parse(
          "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:2B:5B:9A:8E:"
          "E7:CC:1A:22:FE:41:1E"));
      return p;
    }();
    const Description answer = create_answer(*first, local, new_origin(random));
    auto answer_parsed = parse(write_or_die(answer));
    LUCID_FUZZ_CHECK(answer_parsed.ok());
    const Status fits = check_answer(*first, *answer_parsed);
    if (!fits) std::fprintf(stderr, "check_answer: %s\n", fits.error().message().c_str());
    LUCID_FUZZ_CHECK(fits.ok());
  }
  return 0;
}
