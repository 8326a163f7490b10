// The browser SDP corpus (tests/data/sdp/README.md): real offers and answers from Chromium 156
// and Firefox ESR 153, captured by the interop harness. Each must parse, write back as the same
// bytes, and give the typed values that ICE, DTLS and SCTP will read from it.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sdp/sdp.h"

using namespace lucid;
using namespace lucid::sdp;

namespace {

std::string read_corpus(const std::string& name) {
  std::ifstream in(std::string(LUCID_TEST_DATA_DIR) + "/sdp/" + name, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Description parse_corpus(const std::string& name) {
  auto parsed = parse(read_corpus(name));
  INFO(name << ": " << (parsed ? "" : parsed.error().message()));
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

const std::vector<std::string> kCorpus = {
    "chromium156_datachannel_offer.sdp", "chromium156_av_offer.sdp", "chromium156_datachannel_answer.sdp",
    "firefox153_datachannel_offer.sdp",  "firefox153_av_offer.sdp",  "firefox153_datachannel_answer.sdp",
};

std::vector<std::string> mids_of(const Description& d) {
  std::vector<std::string> mids;
  for (const auto& m : d.media) mids.push_back(m.mid.value_or("(none)"));
  return mids;
}

}  // namespace

TEST_CASE("every browser SDP in the corpus writes back as the exact bytes the browser sent") {
  for (const auto& name : kCorpus) {
    const std::string text = read_corpus(name);
    INFO(name);
    REQUIRE(text.find("\r\n") != std::string::npos);  // the capture kept CRLF
    CHECK(write(parse_corpus(name)) == text);
  }
}

TEST_CASE("Chromium's data channel offer: one SCTP section with a media-level fingerprint") {
  const Description d = parse_corpus("chromium156_datachannel_offer.sdp");
  CHECK(d.origin.username == "-");
  CHECK(d.origin.address == "127.0.0.1");
  REQUIRE(d.bundle_group() != nullptr);
  CHECK(d.bundle_group()->mids == std::vector<std::string>{"0"});
  CHECK(d.extmap_allow_mixed);
  REQUIRE(d.msid_semantic.has_value());
  CHECK(d.msid_semantic->semantic == "WMS");
  CHECK(d.fingerprints.empty());  // Chromium writes it in the m= section

  REQUIRE(d.media.size() == 1);
  const MediaDescription& m = d.media[0];
  CHECK(m.media == "application");
  CHECK(m.proto == "UDP/DTLS/SCTP");
  CHECK(m.formats == std::vector<std::string>{"webrtc-datachannel"});
  CHECK(m.is_data_channel());
  CHECK(m.mid == "0");
  CHECK(m.sctp_port == 5000);
  CHECK(m.max_message_size == 262144u);
  CHECK(m.setup == Setup::Actpass);
  CHECK(m.ice_options == std::vector<std::string>{"trickle"});
  CHECK(m.ice_ufrag == "PghX");
  CHECK(m.ice_pwd == "2MAK6hAwT4mrJp3jdR3zdALi");
  REQUIRE(m.fingerprints.size() == 1);
  CHECK(m.fingerprints[0].hash_function == "sha-256");
  CHECK(m.fingerprints[0].value.size() == 32);
  CHECK(m.fingerprints[0].hex().substr(0, 8) == "6A:C7:D2");
  CHECK_FALSE(m.end_of_candidates);  // Chromium does not write it

  REQUIRE(m.candidates.size() == 4);
  const Candidate& udp = m.candidates[0];
  CHECK(udp.foundation == "2473545649");
  CHECK(udp.transport == "udp");
  CHECK(udp.priority == 2122260223u);
  CHECK(udp.address == "10.77.0.1");
  CHECK(udp.port == m.port);  // the m= line carries the default candidate's port
  CHECK(udp.type == CandidateType::Host);
  CHECK(udp.extension("generation") == "0");
  CHECK(udp.extension("network-id") == "1");
  const Candidate& tcp = m.candidates[2];
  CHECK(tcp.is_tcp());
  CHECK(tcp.port == 9);
  CHECK(tcp.tcp_type == TcpType::Active);
}

TEST_CASE("Firefox's data channel offer: session-level fingerprint, end-of-candidates, 1 GiB messages") {
  const Description d = parse_corpus("firefox153_datachannel_offer.sdp");
  CHECK(d.origin.username == "mozilla...THIS_IS_SDPARTA-99.0");
  CHECK(d.origin.address == "0.0.0.0");
  REQUIRE(d.fingerprints.size() == 1);  // Firefox writes it at session level
  CHECK(d.fingerprints[0].hash_function == "sha-256");
  CHECK(d.fingerprints[0].value.size() == 32);
  CHECK(d.ice_options == std::vector<std::string>{"trickle"});
  CHECK(d.direction == Direction::SendRecv);

  REQUIRE(d.media.size() == 1);
  const MediaDescription& m = d.media[0];
  CHECK(m.proto == "UDP/DTLS/SCTP");
  CHECK(m.is_data_channel());
  CHECK(m.mid == "0");
  CHECK(m.sctp_port == 5000);
  CHECK(m.max_message_size == 1073741823u);
  CHECK(m.setup == Setup::Actpass);
  CHECK(m.end_of_candidates);
  CHECK(m.fingerprints.empty());
  // RFC 8122 §5: a section without its own fingerprint uses the session's.
  CHECK(d.fingerprints_for(m) == d.fingerprints);
  CHECK(d.ice_options_for(m) == std::vector<std::string>{"trickle"});
  CHECK(d.ice_ufrag_for(m) == "9ac72099");

  REQUIRE(m.candidates.size() == 2);
  CHECK(m.candidates[0].transport == "UDP");  // Firefox writes it in capitals
  CHECK(m.candidates[0].is_udp());
  CHECK(m.candidates[0].extensions.empty());
  CHECK(m.candidates[1].is_tcp());
  CHECK(m.candidates[1].tcp_type == TcpType::Active);
  CHECK(m.candidates[1].port == 9);
}

TEST_CASE("the browsers' audio and video offers: two bundled RTP sections with rtcp-mux") {
  for (const char* name : {"chromium156_av_offer.sdp", "firefox153_av_offer.sdp"}) {
    INFO(name);
    const Description d = parse_corpus(name);
    REQUIRE(d.bundle_group() != nullptr);
    CHECK(d.bundle_group()->mids == std::vector<std::string>{"0", "1"});
    REQUIRE(d.media.size() == 2);
    CHECK(mids_of(d) == std::vector<std::string>{"0", "1"});
    CHECK(d.media[0].media == "audio");
    CHECK(d.media[1].media == "video");
    for (const auto& m : d.media) {
      CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
      CHECK(m.rtcp_mux);
      CHECK_FALSE(m.is_data_channel());
      CHECK(d.setup_for(m) == Setup::Actpass);
      REQUIRE(d.fingerprints_for(m).size() == 1);
      CHECK(d.fingerprints_for(m)[0].hash_function == "sha-256");
      CHECK(d.ice_options_for(m) == std::vector<std::string>{"trickle"});
      CHECK(m.candidates.size() == 4);
      CHECK(m.ssrc_groups.size() == (m.media == "video" ? 1u : 0u));
    }
    const MediaDescription& video = d.media[1];
    REQUIRE(video.ssrc_groups.size() == 1);
    CHECK(video.ssrc_groups[0].semantics == "FID");
    CHECK(video.ssrc_groups[0].ssrcs.size() == 2);
  }
}

TEST_CASE("Chromium's audio offer: opus on payload type 111 with its fmtp and feedback") {
  const Description d = parse_corpus("chromium156_av_offer.sdp");
  const MediaDescription& audio = d.media[0];
  CHECK(audio.formats == std::vector<std::string>{"111", "63", "9", "0", "8", "13", "110", "126"});
  const RtpMap* opus = audio.rtpmap(111);
  REQUIRE(opus != nullptr);
  CHECK(opus->encoding_name == "opus");
  CHECK(opus->clock_rate == 48000);
  CHECK(opus->channels == 2u);
  CHECK(audio.rtcp_rsize);
  REQUIRE_FALSE(audio.fmtps.empty());
  CHECK(audio.fmtps[0].format == "111");
  CHECK(audio.fmtps[0].parameters == "minptime=10;useinbandfec=1");
  CHECK(audio.other_attribute("rtcp") == "9 IN IP4 0.0.0.0");
  CHECK(audio.extmaps.size() == 4);
  CHECK(d.media[1].rtpmap(96)->encoding_name == "VP8");
}

TEST_CASE("Firefox's audio offer: opus on 109, candidates for component 2 as well") {
  const Description d = parse_corpus("firefox153_av_offer.sdp");
  const MediaDescription& audio = d.media[0];
  const RtpMap* opus = audio.rtpmap(109);
  REQUIRE(opus != nullptr);
  CHECK(opus->encoding_name == "opus");
  CHECK(opus->channels == 2u);
  CHECK(audio.end_of_candidates);
  CHECK(audio.candidates[2].component == 2);
  REQUIRE(audio.extmaps.size() == 4);
  CHECK(audio.extmaps[1].direction == Direction::RecvOnly);
  CHECK(audio.extmaps[1].uri == "urn:ietf:params:rtp-hdrext:csrc-audio-level");
  CHECK(d.media[1].rtpmap(120)->encoding_name == "VP8");
}

TEST_CASE("each browser's answer to the other's data channel offer takes the DTLS client role") {
  // RFC 8842 §5.3: answering an actpass offer, both browsers choose active.
  for (const char* name : {"chromium156_datachannel_answer.sdp", "firefox153_datachannel_answer.sdp"}) {
    INFO(name);
    const Description d = parse_corpus(name);
    REQUIRE(d.media.size() == 1);
    const MediaDescription& m = d.media[0];
    CHECK(m.mid == "0");
    CHECK(m.is_data_channel());
    CHECK_FALSE(m.is_rejected());
    CHECK(d.setup_for(m) == Setup::Active);
    CHECK(m.sctp_port == 5000);
    REQUIRE(d.fingerprints_for(m).size() == 1);
    CHECK(d.fingerprints_for(m)[0].value.size() == 32);
    CHECK_FALSE(m.candidates.empty());
  }
  CHECK(parse_corpus("chromium156_datachannel_answer.sdp").media[0].max_message_size == 262144u);
  CHECK(parse_corpus("firefox153_datachannel_answer.sdp").media[0].max_message_size == 1073741823u);
}
