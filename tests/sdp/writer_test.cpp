// Writing: what was parsed comes back as it was; what is changed in the model is written the
// way lucid writes it, in its place.
#include <catch2/catch.hpp>

#include "sdp/parser.h"
#include "sdp/writer.h"
#include "sdp_files.h"

using namespace lucid::sdp;
using lucid::sdp::test::read_corpus;

TEST_CASE("an edited typed field changes only its own line") {
  std::string text = read_corpus("chromium_datachannel_mdns_offer.sdp");
  auto parsed = parse(text);
  REQUIRE(parsed.ok());
  Description d = *parsed;
  d.media[0].ice_ufrag = "wxyz";
  std::string expected = text;
  expected.replace(expected.find("a=ice-ufrag:OpDk"), 16, "a=ice-ufrag:wxyz");
  CHECK(write(d) == expected);
}

TEST_CASE("a line lucid spells differently keeps its original spelling until it is changed") {
  std::string text = read_corpus("chromium_datachannel_mdns_offer.sdp");
  Description d = *parse(text);
  // Chromium writes "a=msid-semantic: WMS" with a space; lucid would write "a=msid-semantic:WMS".
  CHECK(write(d).find("a=msid-semantic: WMS\r\n") != std::string::npos);
  d.msid_semantic->identifiers = {"stream"};
  CHECK(write(d).find("a=msid-semantic:WMS stream\r\n") != std::string::npos);
}

TEST_CASE("added candidates and removed attributes are written in their place") {
  std::string text = read_corpus("firefox_datachannel_offer.sdp");
  Description d = *parse(text);
  MediaDescription& m = d.media[0];
  auto extra = Candidate::parse("candidate:9 1 UDP 1686052607 203.0.113.5 45791 typ srflx raddr 192.168.99.58 rport 45791");
  REQUIRE(extra.ok());
  m.candidates.push_back(*extra);
  m.end_of_candidates = false;
  std::string written = write(d);
  CHECK(written.find("a=end-of-candidates") == std::string::npos);
  // The new candidate goes after the parsed lines of the section, the rest keep their order.
  CHECK(written.ends_with("a=max-message-size:1073741823\r\na=candidate:9 1 UDP 1686052607 203.0.113.5 45791 typ srflx raddr 192.168.99.58 rport 45791\r\n"));
  auto again = parse(written);
  REQUIRE(again.ok());
  CHECK(again->media[0].candidates.size() == 5);
}

TEST_CASE("a description built in code is written in RFC 8866 order with CRLF") {
  Description d;
  d.origin.session_id = 42;
  d.groups.push_back({"BUNDLE", {"0"}});
  MediaDescription m;
  m.mid = "0";
  m.connection = Connection{};
  m.sctp_port = 5000;
  d.media.push_back(m);
  CHECK(write(d) ==
        "v=0\r\no=- 42 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:5000\r\n");
}

TEST_CASE("values written differently from lucid's spelling come back as received") {
  // Lower-case fingerprint hex, an upper-case hash name and a leading zero in the session id
  // are all valid; lucid would write upper-case hex, "sha-256" and no leading zero.
  std::string fp = "ab";
  for (int i = 1; i < 32; ++i) fp += ":ab";
  const std::string text = "v=0\r\no=- 0042 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:SHA-256 " + fp + "\r\n";
  auto parsed = parse(text);
  REQUIRE(parsed.ok());
  CHECK(parsed->origin.session_id == 42);
  CHECK(parsed->fingerprints[0].hash_function == "sha-256");
  CHECK(parsed->fingerprints[0].value[0] == 0xAB);
  CHECK(write(*parsed) == text);
  Description changed = *parsed;
  changed.origin.session_version = 2;  // a new version of the description is written lucid's way
  CHECK(write(changed).find("o=- 42 2 IN IP4 127.0.0.1\r\n") != std::string::npos);
  CHECK(write(changed).find("a=fingerprint:SHA-256 ab:ab") != std::string::npos);
}
