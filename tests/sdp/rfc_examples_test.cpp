// Examples printed in the RFCs, read field by field.
#include <catch2/catch.hpp>

#include "sdp/fingerprint.h"
#include "sdp/parser.h"
#include "sdp/writer.h"

using namespace lucid::sdp;

TEST_CASE("RFC 8866 section 5 example parses into the fields the RFC describes") {
  const std::string text =
      "v=0\r\n"
      "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n"
      "s=Call to John Smith\r\n"
      "i=SDP Offer #1\r\n"
      "u=http://www.jdoe.example.com/home.html\r\n"
      "e=Jane Doe <jane@jdoe.example.com>\r\n"
      "p=+1 617 555-6011\r\n"
      "c=IN IP4 198.51.100.1\r\n"
      "t=0 0\r\n"
      "m=audio 49170 RTP/AVP 0\r\n"
      "m=audio 49180 RTP/AVP 0\r\n"
      "m=video 51372 RTP/AVP 99\r\n"
      "c=IN IP6 2001:db8::2\r\n"
      "a=rtpmap:99 h263-1998/90000\r\n";
  auto parsed = parse(text);
  REQUIRE(parsed.ok());
  const Description& d = *parsed;
  CHECK(d.origin.username == "jdoe");
  CHECK(d.origin.session_id == 3724394400u);
  CHECK(d.origin.session_version == 3724394405u);
  CHECK(d.origin.address == "198.51.100.1");
  CHECK(d.session_name == "Call to John Smith");
  CHECK(d.information == "SDP Offer #1");
  CHECK(d.uri == "http://www.jdoe.example.com/home.html");
  CHECK(d.emails == std::vector<std::string>{"Jane Doe <jane@jdoe.example.com>"});
  CHECK(d.phones == std::vector<std::string>{"+1 617 555-6011"});
  CHECK(d.connection->address == "198.51.100.1");
  CHECK(d.timing.start == 0);
  CHECK(d.timing.stop == 0);
  REQUIRE(d.media.size() == 3);
  CHECK(d.media[0].port == 49170);
  CHECK(d.media[1].port == 49180);
  CHECK(d.media[2].media == "video");
  CHECK(d.media[2].formats == std::vector<std::string>{"99"});
  CHECK(d.media[2].connection->address_type == "IP6");
  CHECK(d.media[2].connection->address == "2001:db8::2");
  CHECK(d.media[2].rtpmap(99)->encoding_name == "h263-1998");
  CHECK(d.media[2].rtpmap(99)->clock_rate == 90000u);
  CHECK(write(d) == text);
}

TEST_CASE("RFC 8122 section 5 fingerprint example") {
  auto fp = Fingerprint::parse("SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
  REQUIRE(fp.ok());
  CHECK(fp->hash_function == "sha-1");
  REQUIRE(fp->value.size() == 20);
  CHECK(fp->value.front() == 0x4A);
  CHECK(fp->value.back() == 0xAB);
  CHECK(fp->hex() == "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
}
