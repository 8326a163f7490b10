// The copy-paste form: base64 of {"type":..., "sdp":...}, as browser tutorials make it.
#include <catch2/catch.hpp>

#include "common/base64.h"
#include "sdp/description_blob.h"
#include "sdp/parser.h"
#include "sdp_files.h"

using namespace lucid;
using namespace lucid::sdp;

TEST_CASE("a description survives the blob round trip") {
  SessionDescription offer{SdpType::Offer, test::read_corpus("chromium_datachannel_mdns_offer.sdp")};
  std::string blob = encode_blob(offer);
  CHECK(blob.find_first_of("\r\n \"{") == std::string::npos);  // one line, nothing to escape
  auto back = decode_blob(blob, SdpType::Answer);
  REQUIRE(back.ok());
  CHECK(*back == offer);
  CHECK(to_json(SessionDescription{SdpType::Answer, "v=0\r\n"}) == R"({"type":"answer","sdp":"v=0\r\n"})");
}

TEST_CASE("a blob made in the browser with btoa(JSON.stringify(desc)) decodes") {
  // btoa(JSON.stringify({type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"})),
  // evaluated by node (the same JSON.stringify and btoa a browser page calls). JSON.stringify
  // escapes CR and LF as \r and \n.
  const char* blob = "eyJ0eXBlIjoib2ZmZXIiLCJzZHAiOiJ2PTBcclxubz0tIDEgMiBJTiBJUDQgMTI3LjAuMC4xXHJcbnM9LVxyXG50PTAgMFxyXG4ifQ==";
  auto decoded = decode_blob(blob, SdpType::Answer);
  REQUIRE(decoded.ok());
  CHECK(decoded->type == SdpType::Offer);
  CHECK(decoded->sdp == "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
  CHECK(parse(decoded->sdp).ok());
}

TEST_CASE("the JSON reader takes any key order, whitespace, escapes and extra keys") {
  auto json = from_json(" {\n  \"sdp\" : \"v=0\\r\\na=x:\\\"q\\\"\\\\\\/\\u00e9\\ud83d\\ude00\\r\\n\",\t\"extra\": \"ignored\", \"type\":\"pranswer\" } ");
  REQUIRE(json.ok());
  CHECK(json->type == SdpType::Pranswer);
  CHECK(json->sdp == "v=0\r\na=x:\"q\"\\/\xc3\xa9\xf0\x9f\x98\x80\r\n");
  // Our writer escapes what JSON requires and nothing else.
  CHECK(to_json({SdpType::Offer, "a\"b\\c\td\x01"}) == R"({"type":"offer","sdp":"a\"b\\c\td\u0001"})");
  auto back = from_json(to_json({SdpType::Rollback, "a\"b\\c\td\x01\xc3\xa9"}));
  REQUIRE(back.ok());
  CHECK(back->sdp == "a\"b\\c\td\x01\xc3\xa9");
  CHECK(from_json(R"({"type":"rollback"})")->sdp.empty());
}

TEST_CASE("plain SDP is accepted as it is pasted, and bad input says why") {
  auto plain = decode_blob("\n  v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\n", SdpType::Answer);
  REQUIRE(plain.ok());
  CHECK(plain->type == SdpType::Answer);
  CHECK(plain->sdp == "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

  // base64 of the SDP alone, as some tutorials do
  auto bare = decode_blob(base64_encode(to_bytes("v=0\r\n")), SdpType::Offer);
  REQUIRE(bare.ok());
  CHECK(bare->sdp == "v=0\r\n");

  CHECK(from_json(R"({"type":"offer")").error().message() == "JSON character 15: expected ',' or '}'");
  CHECK(from_json(R"({"type":"greeting","sdp":""})").error().message() ==
        "JSON \"type\" 'greeting' is not offer, pranswer, answer or rollback");
  CHECK(from_json(R"({"sdp":""})").error().message() == "JSON has no \"type\"");
  CHECK(from_json(R"({"type":"offer","sdp":"\ud83d"})").error().message() ==
        "JSON character 29: a high surrogate without its low half");
  CHECK(from_json(R"({"type":"offer","sdp":"a)" "\n" R"("})").error().message() ==
        "JSON character 25: unescaped control character in a string");
  CHECK(from_json(R"({"type":"offer","sdp":3})").error().message() == "JSON character 22: expected a string");
  CHECK(from_json(R"({"type":"offer"} trailing)").error().message() == "JSON character 17: text after the object");
  CHECK_FALSE(decode_blob("not base64 at all!", SdpType::Offer).ok());
  CHECK(decode_blob(base64_encode(to_bytes("hello")), SdpType::Offer).error().message() ==
        "the base64 blob holds neither JSON nor SDP");
}
