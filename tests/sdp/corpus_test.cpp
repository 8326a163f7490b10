// Real SDPs from browsers and other stacks (tests/data/sdp/README.md says where each came from):
// each parses, writes back byte for byte, and gives the typed values a peer needs.
#include <algorithm>
#include <catch2/catch.hpp>

#include "sdp/parser.h"
#include "sdp/writer.h"
#include "sdp_files.h"

using namespace lucid;
using namespace lucid::sdp;
using lucid::sdp::test::corpus_files;
using lucid::sdp::test::read_corpus;

namespace {

Description parse_file(const std::string& name) {
  auto parsed = parse(read_corpus(name));
  INFO(name);
  if (!parsed) FAIL(parsed.error().message());
  return *parsed;
}

}  // namespace

TEST_CASE("every SDP in the corpus parses and writes back byte for byte") {
  auto files = corpus_files();
  REQUIRE(files.size() >= 10);
  for (const auto& name : files) {
    INFO(name);
    std::string text = read_corpus(name);
    // Captured browser SDPs end every line with CRLF; the corpus keeps them so (.gitattributes).
    REQUIRE(text.find("\r\n") != std::string::npos);
    auto parsed = parse(text);
    REQUIRE(parsed.ok());
    CHECK(write(*parsed) == text);
  }
}

TEST_CASE("LF-only SDP parses and is written back with CRLF") {
  std::string crlf = read_corpus("firefox_datachannel_offer.sdp");
  std::string lf = crlf;
  lf.erase(std::remove(lf.begin(), lf.end(), '\r'), lf.end());
  auto parsed = parse(lf);
  REQUIRE(parsed.ok());
  CHECK(write(*parsed) == crlf);
}

TEST_CASE("Chromium data channel offer: mDNS host candidate, media-level ICE and DTLS") {
  Description d = parse_file("chromium_datachannel_mdns_offer.sdp");
  CHECK(d.origin.session_id == 4640010796743273391ull);
  CHECK(d.origin.session_version == 2);
  REQUIRE(d.bundle_group());
  CHECK(d.bundle_group()->mids == std::vector<std::string>{"0"});
  CHECK(d.extmap_allow_mixed);
  REQUIRE(d.msid_semantic);
  CHECK(d.msid_semantic->semantic == "WMS");
  REQUIRE(d.media.size() == 1);
  const MediaDescription& m = d.media[0];
  CHECK(m.is_data_channel());
  CHECK(m.proto == "UDP/DTLS/SCTP");
  CHECK(m.mid == "0");
  CHECK(d.ice_ufrag_for(m) == "OpDk");
  CHECK(d.ice_pwd_for(m) == "OPd9GWsmjbN25gJMosh+0wjg");
  CHECK(d.ice_options_for(m) == std::vector<std::string>{"trickle"});
  REQUIRE(d.fingerprints_for(m).size() == 1);
  CHECK(d.fingerprints_for(m)[0].hash_function == "sha-256");
  CHECK(d.fingerprints_for(m)[0].value.size() == 32);
  CHECK(d.fingerprints_for(m)[0].value[0] == 0x5D);
  CHECK(d.setup_for(m) == Setup::Actpass);
  CHECK(m.sctp_port == 5000);
  CHECK(m.max_message_size == 262144u);
  REQUIRE(m.candidates.size() == 1);
  const Candidate& c = m.candidates[0];
  CHECK(c.is_mdns());
  CHECK_FALSE(c.ip());
  CHECK(c.address == "c17ad899-fc88-4380-9152-8a02ba055a45.local");
  CHECK(c.port == 58111);
  CHECK(c.priority == 2113937151u);
  CHECK(c.extension("network-cost") == "999");
  CHECK_FALSE(m.end_of_candidates);
}

TEST_CASE("Firefox data channel offer: session-level fingerprint, TCP candidates, end-of-candidates") {
  Description d = parse_file("firefox_datachannel_offer.sdp");
  CHECK(d.origin.username == "mozilla...THIS_IS_SDPARTA-58.0.1");
  CHECK(d.direction == Direction::SendRecv);
  CHECK(d.ice_options == std::vector<std::string>{"trickle"});
  REQUIRE(d.fingerprints.size() == 1);
  REQUIRE(d.media.size() == 1);
  const MediaDescription& m = d.media[0];
  CHECK(m.fingerprints.empty());
  CHECK(d.fingerprints_for(m)[0].hash_function == "sha-256");
  CHECK(m.mid == "sdparta_0");
  CHECK(m.is_data_channel());
  CHECK(m.port == 45791);
  CHECK(m.connection->address == "192.168.99.58");
  CHECK(m.max_message_size == 1073741823u);
  CHECK(m.ice_ufrag == "9889e0c4");
  CHECK(m.end_of_candidates);
  REQUIRE(m.candidates.size() == 4);
  CHECK(m.candidates[1].ip()->is_v6());
  CHECK(m.candidates[2].is_tcp());
  CHECK(m.candidates[2].tcp_type == TcpType::Active);
  CHECK(m.candidates[2].port == 9);
  CHECK(m.candidates[0].transport == "UDP");
}

TEST_CASE("Firefox legacy data channel offer: DTLS/SCTP 5000 with a=sctpmap") {
  Description d = parse_file("firefox_legacy_datachannel_offer.sdp");
  const MediaDescription& m = d.media.at(0);
  CHECK(m.proto == "DTLS/SCTP");
  CHECK(m.formats == std::vector<std::string>{"5000"});
  REQUIRE(m.sctpmap);
  CHECK(m.sctpmap->port == 5000);
  CHECK(m.sctpmap->app == "webrtc-datachannel");
  CHECK(m.sctpmap->streams == 256u);
  CHECK_FALSE(m.sctp_port);
  CHECK(m.is_data_channel());
  CHECK(m.effective_sctp_port() == 5000);
}

TEST_CASE("Chromium audio offer: codecs per payload type, ssrc lines and rtcp-mux") {
  Description d = parse_file("chromium_audio_offer.sdp");
  const MediaDescription& m = d.media.at(0);
  CHECK(m.media == "audio");
  CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
  CHECK(m.rtcp_mux);
  const RtpMap* opus = m.rtpmap(111);
  REQUIRE(opus);
  CHECK(opus->encoding_name == "opus");
  CHECK(opus->clock_rate == 48000);
  CHECK(opus->channels == 2u);
  auto fmtp = std::find_if(m.fmtps.begin(), m.fmtps.end(), [](const Fmtp& f) { return f.format == "111"; });
  REQUIRE(fmtp != m.fmtps.end());
  CHECK(fmtp->parameters == "minptime=10;useinbandfec=1");
  REQUIRE_FALSE(m.ssrcs.empty());
  CHECK(m.ssrcs[0].attribute == "cname");
  CHECK(m.other_attribute("rtcp") == "9 IN IP4 0.0.0.0");
  CHECK(m.direction == Direction::SendRecv);
  CHECK_FALSE(m.is_data_channel());
}

TEST_CASE("Chromium video offer: rtcp-fb, rtx fmtp, ssrc-group FID") {
  Description d = parse_file("chromium_video_offer.sdp");
  const MediaDescription& m = d.media.at(0);
  CHECK(m.media == "video");
  CHECK(m.rtcp_rsize);
  CHECK(std::any_of(m.rtcp_feedback.begin(), m.rtcp_feedback.end(), [](const RtcpFeedback& f) {
    return f.type == "nack" && f.parameters == "pli";
  }));
  REQUIRE_FALSE(m.ssrc_groups.empty());
  CHECK(m.ssrc_groups[0].semantics == "FID");
  CHECK(m.ssrc_groups[0].ssrcs.size() == 2);
  CHECK_FALSE(m.extmaps.empty());
}

TEST_CASE("Safari offer: audio, video and a data channel in one BUNDLE group") {
  Description d = parse_file("safari_audio_video_data_offer.sdp");
  REQUIRE(d.media.size() == 3);
  CHECK(d.bundle_group()->mids == std::vector<std::string>{"audio", "video", "data"});
  CHECK(d.media[2].is_data_channel());
  CHECK(d.media[2].mid == "data");
  auto data = d.find_media("data");
  REQUIRE(data);
  CHECK(data->candidates.size() == 3);
  CHECK(data->candidates[2].type == CandidateType::ServerReflexive);
  CHECK(data->candidates[2].related_address == "192.168.0.87");
}

TEST_CASE("libdatachannel offer: session-level ICE and DTLS, comma-separated ice-options") {
  Description d = parse_file("libdatachannel_audio_video_offer.sdp");
  CHECK(d.origin.username == "rtc");
  CHECK(d.setup == Setup::Actpass);
  CHECK(d.ice_ufrag == "teK7");
  CHECK(d.ice_options == std::vector<std::string>{"ice2,trickle"});
  REQUIRE(d.media.size() == 2);
  CHECK(d.ice_pwd_for(d.media[1]) == "AKbQ+WLk8yZFl3T2Hp+Rr9");
  CHECK(d.setup_for(d.media[0]) == Setup::Actpass);
  CHECK(d.media[0].direction == Direction::SendOnly);
  CHECK(d.media[0].end_of_candidates);
  CHECK(d.media[0].rtpmap(111)->encoding_name == "OPUS");
}

TEST_CASE("FreeSWITCH offer: session-level c= line, one non-browser stack") {
  Description d = parse_file("freeswitch_audio_offer.sdp");
  REQUIRE(d.connection);
  CHECK(d.connection->address == "1.2.3.4");
  CHECK(d.session_name == "FreeSWITCH");
  const MediaDescription& m = d.media.at(0);
  CHECK(m.setup == Setup::Active);
  CHECK(m.other_attribute("ptime") == "20");
  CHECK(m.candidates.at(0).foundation == "0560693492");
}
