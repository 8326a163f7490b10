// JSEP offer and answer for data channels (RFC 9429 §5.2.1, §5.3.1).
#include <catch2/catch.hpp>

#include "sdp/jsep_offer_answer.h"
#include "sdp/parser.h"
#include "sdp/writer.h"
#include "sdp_files.h"

using namespace lucid;
using namespace lucid::sdp;
using lucid::sdp::test::read_corpus;

namespace {

LocalParameters local_parameters() {
  SeededRandom random(7);
  LocalParameters local;
  local.ice = IceCredentials::generate(random);
  Fingerprint fp;
  fp.hash_function = "sha-256";
  for (int i = 0; i < 32; ++i) fp.value.push_back(static_cast<std::uint8_t>(i));
  local.fingerprints = {fp};
  return local;
}

// Parses what we wrote: lucid's own output must satisfy lucid's own parser.
Description reparsed(const Description& d) {
  auto parsed = parse(write(d));
  if (!parsed) FAIL(parsed.error().message());
  return *parsed;
}

Description answer_to(const std::string& corpus_file, Setup role = Setup::Active) {
  auto offer = parse(read_corpus(corpus_file));
  REQUIRE(offer.ok());
  SeededRandom random(1);
  return reparsed(create_answer(*offer, local_parameters(), new_origin(random), role));
}

}  // namespace

TEST_CASE("ICE credentials have RFC 8839 lengths and only ice-chars") {
  SeededRandom random(42);
  for (int i = 0; i < 50; ++i) {
    IceCredentials c = IceCredentials::generate(random);
    CHECK(check_ice_ufrag(c.ufrag).ok());
    CHECK(check_ice_pwd(c.pwd).ok());
    CHECK(c.ufrag.size() == 8);
    CHECK(c.pwd.size() == 24);
  }
  SeededRandom a(1), b(1), other(2);
  CHECK(IceCredentials::generate(a) == IceCredentials::generate(b));
  CHECK_FALSE(IceCredentials::generate(a) == IceCredentials::generate(other));
}

TEST_CASE("the offer has one data channel section with everything JSEP asks for") {
  SeededRandom random(3);
  LocalParameters local = local_parameters();
  Origin origin = new_origin(random);
  CHECK(origin.session_id < (1ull << 63));
  Description offer = reparsed(create_offer(local, origin));

  CHECK(offer.origin.session_id == origin.session_id);
  CHECK(offer.session_name == "-");
  REQUIRE(offer.bundle_group());
  CHECK(offer.bundle_group()->mids == std::vector<std::string>{"0"});
  REQUIRE(offer.media.size() == 1);
  const MediaDescription& m = offer.media[0];
  CHECK(m.media == "application");
  CHECK(m.port == 9);
  CHECK(m.proto == "UDP/DTLS/SCTP");
  CHECK(m.formats == std::vector<std::string>{"webrtc-datachannel"});
  REQUIRE(m.connection);
  CHECK(m.connection->to_string() == "IN IP4 0.0.0.0");
  CHECK(m.mid == "0");
  CHECK(m.ice_ufrag == local.ice.ufrag);
  CHECK(m.ice_pwd == local.ice.pwd);
  CHECK(m.ice_options == std::vector<std::string>{"trickle"});
  CHECK(m.fingerprints == local.fingerprints);
  CHECK(m.setup == Setup::Actpass);
  CHECK(m.sctp_port == 5000);
  CHECK(m.max_message_size == 262144u);
  CHECK(m.candidates.empty());  // they trickle
  CHECK(find_data_channel(offer) == 0u);
}

TEST_CASE("the offer's text has the lines in the order a learner reads them") {
  SeededRandom random(3);
  std::string text = write(create_offer(local_parameters(), new_origin(random)));
  auto at = [&](const char* line) { return text.find(line); };
  CHECK(text.starts_with("v=0\r\no=- "));
  CHECK(at("s=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n") != std::string::npos);
  CHECK(at("a=fingerprint:sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F\r\n") != std::string::npos);
  CHECK(text.ends_with("a=setup:actpass\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"));
}

TEST_CASE("answer to a Chromium-shaped data channel offer") {
  Description answer = answer_to("chromium_datachannel_mdns_offer.sdp");
  REQUIRE(answer.media.size() == 1);
  const MediaDescription& m = answer.media[0];
  CHECK(m.port == 9);
  CHECK(m.mid == "0");
  CHECK(m.proto == "UDP/DTLS/SCTP");
  CHECK(m.setup == Setup::Active);  // offer said actpass; lucid takes the client role
  CHECK(m.sctp_port == 5000);
  CHECK(m.max_message_size == 262144u);
  CHECK(m.ice_ufrag == local_parameters().ice.ufrag);
  CHECK(answer.bundle_group()->mids == std::vector<std::string>{"0"});
  CHECK(answer_to("chromium_datachannel_mdns_offer.sdp", Setup::Passive).media[0].setup == Setup::Passive);
}

TEST_CASE("answer to an audio+video+data offer rejects the media and accepts the data") {
  // Safari's offer has Chromium's shape: audio, video, data in one BUNDLE group, actpass.
  Description answer = answer_to("safari_audio_video_data_offer.sdp");
  REQUIRE(answer.media.size() == 3);
  CHECK(answer.media[0].media == "audio");
  CHECK(answer.media[0].port == 0);
  CHECK(answer.media[0].is_rejected());
  CHECK(answer.media[0].mid == "audio");
  CHECK(answer.media[0].proto == "UDP/TLS/RTP/SAVPF");
  CHECK_FALSE(answer.media[0].formats.empty());
  CHECK_FALSE(answer.media[0].ice_ufrag);
  CHECK(answer.media[1].media == "video");
  CHECK(answer.media[1].port == 0);
  CHECK(answer.media[1].mid == "video");
  CHECK(answer.media[2].media == "application");
  CHECK(answer.media[2].port == 9);
  CHECK(answer.media[2].mid == "data");
  CHECK(answer.media[2].setup == Setup::Active);
  CHECK(answer.bundle_group()->mids == std::vector<std::string>{"data"});
  CHECK(find_data_channel(answer) == 2u);
}

TEST_CASE("answer to a Chromium-shaped audio+video+data offer") {
  Description answer = answer_to("handwritten_chromium_shaped_av_data_offer.sdp");
  REQUIRE(answer.media.size() == 3);
  CHECK(answer.media[0].media == "audio");
  CHECK(answer.media[0].port == 0);
  CHECK(answer.media[0].mid == "0");
  CHECK(answer.media[1].media == "video");
  CHECK(answer.media[1].port == 0);
  CHECK(answer.media[1].mid == "1");
  CHECK(answer.media[1].formats == std::vector<std::string>{"96", "97", "98", "99"});
  const MediaDescription& data = answer.media[2];
  CHECK(data.port == 9);
  CHECK(data.mid == "2");
  CHECK(data.proto == "UDP/DTLS/SCTP");
  CHECK(data.setup == Setup::Active);
  CHECK(data.sctp_port == 5000);
  CHECK(answer.bundle_group()->mids == std::vector<std::string>{"2"});
}

TEST_CASE("answer to a Firefox-shaped audio+video+data offer") {
  // Firefox puts the fingerprint at session level; the setup is per section.
  Description answer = answer_to("handwritten_firefox_shaped_av_data_offer.sdp");
  REQUIRE(answer.media.size() == 3);
  CHECK(answer.media[0].is_rejected());
  CHECK(answer.media[1].is_rejected());
  CHECK(answer.media[0].mid == "0");
  CHECK(answer.media[1].mid == "1");
  CHECK(answer.media[2].port == 9);
  CHECK(answer.media[2].mid == "2");
  CHECK(answer.media[2].setup == Setup::Active);
  CHECK(answer.media[2].max_message_size == 262144u);
  CHECK(answer.bundle_group()->mids == std::vector<std::string>{"2"});
  CHECK_FALSE(answer.direction);  // lucid does not copy the offer's session-level a=sendrecv
}

TEST_CASE("answer to a Firefox data channel offer mirrors its mids") {
  Description answer = answer_to("firefox_datachannel_offer.sdp");
  REQUIRE(answer.media.size() == 1);
  CHECK(answer.media[0].mid == "sdparta_0");
  CHECK(answer.media[0].setup == Setup::Active);
  CHECK(answer.bundle_group()->mids == std::vector<std::string>{"sdparta_0"});
}

TEST_CASE("answer to an offer with only audio and video rejects every section") {
  Description answer = answer_to("libdatachannel_audio_video_offer.sdp");
  REQUIRE(answer.media.size() == 2);
  CHECK(answer.media[0].is_rejected());
  CHECK(answer.media[1].is_rejected());
  CHECK(answer.media[0].mid == "0");
  CHECK(answer.media[1].mid == "1");
  CHECK_FALSE(answer.bundle_group());
  CHECK_FALSE(find_data_channel(answer));
}

TEST_CASE("answer to a legacy DTLS/SCTP offer answers in the legacy form") {
  Description answer = answer_to("firefox_legacy_datachannel_offer.sdp");
  const MediaDescription& m = answer.media.at(0);
  CHECK(m.port == 9);
  CHECK(m.proto == "DTLS/SCTP");
  CHECK(m.formats == std::vector<std::string>{"5000"});
  REQUIRE(m.sctpmap);
  CHECK(m.sctpmap->to_string() == "5000 webrtc-datachannel 256");
  CHECK_FALSE(m.sctp_port);
  CHECK(m.is_data_channel());
}

TEST_CASE("the answer's setup follows the offered one (RFC 8842 §5.3)") {
  CHECK(answer_setup(Setup::Actpass, Setup::Active) == Setup::Active);
  CHECK(answer_setup(Setup::Actpass, Setup::Passive) == Setup::Passive);
  CHECK(answer_setup(Setup::Active, Setup::Active) == Setup::Passive);
  CHECK(answer_setup(Setup::Passive, Setup::Passive) == Setup::Active);
  CHECK(answer_setup(std::nullopt, Setup::Active) == Setup::Passive);
  CHECK_FALSE(answer_setup(Setup::Holdconn, Setup::Active));
}

TEST_CASE("an unknown protocol and a second data section are rejected with port 0") {
  std::string offer_text =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a b c\r\n"
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:a\r\na=setup:actpass\r\n"
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:b\r\na=setup:actpass\r\n"
      "m=message 9 TCP/MSRP *\r\na=mid:c\r\n";
  auto offer = parse(offer_text);
  REQUIRE(offer.ok());
  SeededRandom random(1);
  Description answer = reparsed(create_answer(*offer, local_parameters(), new_origin(random)));
  REQUIRE(answer.media.size() == 3);
  CHECK(answer.media[0].port == 9);
  CHECK(answer.media[1].port == 0);
  CHECK(answer.media[2].port == 0);
  CHECK(answer.media[2].proto == "TCP/MSRP");
  CHECK(answer.media[2].formats == std::vector<std::string>{"*"});
  CHECK(answer.bundle_group()->mids == std::vector<std::string>{"a"});
}

TEST_CASE("creating a description without credentials or a fingerprint is a programming error") {
  SeededRandom random(1);
  Origin origin = new_origin(random);
  LocalParameters no_fingerprint = local_parameters();
  no_fingerprint.fingerprints.clear();
  CHECK_THROWS_AS(create_offer(no_fingerprint, origin), std::invalid_argument);
  LocalParameters no_ice = local_parameters();
  no_ice.ice = {};
  CHECK_THROWS_AS(create_offer(no_ice, origin), std::invalid_argument);
  Description offer = create_offer(local_parameters(), origin);
  CHECK_THROWS_AS(create_answer(offer, no_ice, origin), std::invalid_argument);
  CHECK_THROWS_AS(create_answer(offer, local_parameters(), origin, Setup::Actpass), std::invalid_argument);
}
