// Malformed and hostile SDP: each case is refused with the line number and what is wrong,
// never a crash, never an exception.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sdp/parser.h"

using namespace lucid;
using namespace lucid::sdp;

namespace {

// A valid session part (lines 1-4) and data channel m= line (line 5); cases append to it.
const std::string kSession = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
const std::string kData = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n";
const std::string kCandidate = "a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host";

// "AA:AA:...": a well-formed sha-256 fingerprint value.
std::string sha256_hex() {
  std::string hex = "AA";
  for (int i = 1; i < 32; ++i) hex += ":AA";
  return hex;
}

struct Case {
  const char* name;
  std::string sdp;
  std::string error;  // the whole message: "line N: what"
};

std::vector<Case> cases() {
  return {
      {"empty input", "", "empty SDP: expected v=0 as the first line"},
      {"only line endings", "\r\n\r\n", "empty SDP: expected v=0 as the first line"},
      {"wrong first line", "o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n",
       "line 1: the first line must be v=0, found 'o=- 1 1 IN IP4 127.0.0.1'"},
      {"not SDP at all", "<html>\r\n", "line 1: expected <type>=<value>, found '<html>'"},
      {"version 1", "v=1\r\n", "line 1: unsupported SDP version '1' (only v=0 exists)"},
      {"missing t=", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n" + kData,
       "line 4: the session part has no t= line"},
      {"missing o= and everything else", "v=0\r\n", "line 1: the session part has no o= line"},
      {"o= with five fields", "v=0\r\no=- 1 IN IP4 127.0.0.1\r\n", "line 2: o= line: needs username, session id, version, network type, address type and address"},
      {"o= session id not a number", "v=0\r\no=- x1 1 IN IP4 127.0.0.1\r\n", "line 2: o= line: session id 'x1' is not a number"},
      {"empty s=", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=\r\n", "line 3: s= must not be empty (WebRTC writes s=-)"},
      {"two s= lines", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\ns=-\r\n", "line 4: a second s= line"},
      {"lines out of order", "v=0\r\ns=-\r\no=- 1 1 IN IP4 127.0.0.1\r\n",
       "line 3: o= cannot come after s= (RFC 8866 §5 fixes the order of lines)"},
      {"v= again", kSession + "v=0\r\n", "line 5: v= may only be the first line"},
      {"unknown line type", kSession + "x=whatever\r\n", "line 5: unknown line type 'x='"},
      {"upper-case line type", kSession + "A=sendrecv\r\n", "line 5: expected <type>=<value>, found 'A=sendrecv'"},
      {"m= line without formats", kSession + "m=audio 9 RTP/AVP\r\n",
       "line 5: m= line: needs media, port, proto and at least one format"},
      {"m= line port 70000", kSession + "m=audio 70000 RTP/AVP 0\r\n", "line 5: m= line: port 70000 out of range"},
      {"m= line port not a number", kSession + "m=audio nine RTP/AVP 0\r\n", "line 5: m= line: port 'nine' is not a number"},
      {"m= line double space", kSession + "m=audio 9  RTP/AVP 0\r\n",
       "line 5: m= line: fields must be separated by exactly one space"},
      {"c= after a= in a section", kSession + kData + "a=mid:0\r\nc=IN IP4 0.0.0.0\r\n",
       "line 7: c= cannot come after a= (RFC 8866 §5 fixes the order of lines)"},
      {"session-level line in a section", kSession + kData + "s=-\r\n",
       "line 6: s= is a session-level line and cannot appear after m="},
      {"candidate port 70000", kSession + kData + "a=mid:0\r\na=candidate:1 1 udp 2122260223 192.0.2.1 70000 typ host\r\n",
       "line 7: a=candidate: port 70000 out of range"},
      {"candidate with too few fields", kSession + kData + "a=candidate:1 1 udp 2122260223 192.0.2.1 50000\r\n",
       "line 6: a=candidate: needs foundation, component, transport, priority, address, port and typ; found 6 fields"},
      {"candidate with an unknown type", kSession + kData + "a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ cloud\r\n",
       "line 6: a=candidate: typ 'cloud' is not host, srflx, prflx or relay"},
      {"candidate priority 0", kSession + kData + "a=candidate:1 1 udp 0 192.0.2.1 50000 typ host\r\n",
       "line 6: a=candidate: priority 0 out of range"},
      {"candidate priority above 2^31-1", kSession + kData + "a=candidate:1 1 udp 2147483648 192.0.2.1 50000 typ host\r\n",
       "line 6: a=candidate: priority 2147483648 out of range"},
      {"candidate component 300", kSession + kData + "a=candidate:1 300 udp 1 192.0.2.1 50000 typ host\r\n",
       "line 6: a=candidate: component 300 out of range"},
      {"candidate address with bad characters", kSession + kData + "a=candidate:1 1 udp 1 bad_host! 50000 typ host\r\n",
       "line 6: a=candidate: address 'bad_host!' is neither an IP address nor a host name"},
      {"candidate rport 65536", kSession + kData + "a=candidate:1 1 udp 1 192.0.2.1 5 typ srflx raddr 10.0.0.1 rport 65536\r\n",
       "line 6: a=candidate: rport 65536 out of range"},
      {"candidate extension without a value", kSession + kData + kCandidate + " generation\r\n",
       "line 6: a=candidate: extension 'generation' has no value"},
      {"candidate foundation too long", kSession + kData + "a=candidate:" + std::string(33, 'f') + " 1 udp 1 192.0.2.1 5 typ host\r\n",
       "line 6: a=candidate: foundation 'fffffffffffffffffffffffffffffffff' is not 1 to 32 ice-chars"},
      {"candidate bad tcptype", kSession + kData + "a=candidate:1 1 tcp 1 192.0.2.1 9 typ host tcptype sideways\r\n",
       "line 6: a=candidate: tcptype 'sideways' is not active, passive or so"},
      {"media attribute before any m=", kSession + "a=mid:0\r\n",
       "line 5: a=mid: is a media-level attribute and appears before the first m= line"},
      {"candidate before any m=", kSession + kCandidate + "\r\n",
       "line 5: a=candidate: is a media-level attribute and appears before the first m= line"},
      {"sctp-port before any m=", kSession + "a=sctp-port:5000\r\n",
       "line 5: a=sctp-port: is a media-level attribute and appears before the first m= line"},
      {"group inside a section", kSession + kData + "a=group:BUNDLE 0\r\n",
       "line 6: a=group: is a session-level attribute and appears in a media section"},
      {"the same mid twice", kSession + kData + "a=mid:0\r\n" + kData + "a=mid:0\r\n",
       "line 8: a=mid: '0' is already used on line 6"},
      {"a=mid twice in one section", kSession + kData + "a=mid:0\r\na=mid:1\r\n",
       "line 7: a=mid: appears twice in one section"},
      {"a=mid without a value", kSession + kData + "a=mid\r\n", "line 6: a=mid: needs a value"},
      {"bad setup", kSession + kData + "a=setup:sideways\r\n",
       "line 6: a=setup: 'sideways' is not active, passive, actpass or holdconn"},
      {"flag with a value", kSession + kData + "a=rtcp-mux:yes\r\n", "line 6: a=rtcp-mux: takes no value"},
      {"two directions", kSession + kData + "a=sendrecv\r\na=recvonly\r\n",
       "line 7: a=recvonly: a second direction attribute in one section"},
      {"short fingerprint", kSession + "a=fingerprint:sha-256 AB:CD\r\n",
       "line 5: a=fingerprint: sha-256 fingerprint has 2 bytes, expected 32"},
      {"fingerprint with an unknown hash", kSession + "a=fingerprint:crc32 AB:CD:EF:01\r\n",
       "line 5: a=fingerprint: unknown hash function 'crc32'"},
      {"fingerprint that is not hex", kSession + "a=fingerprint:sha-1 XY\r\n",
       "line 5: a=fingerprint: fingerprint 'XY' is not colon-separated hex"},
      {"ice-pwd too short", kSession + "a=ice-pwd:short\r\n",
       "line 5: a=ice-pwd: has 5 characters, expected 22 to 256"},
      {"ice-ufrag with a character outside ice-char", kSession + "a=ice-ufrag:ab-cd\r\n",
       "line 5: a=ice-ufrag: 'ab-cd' has characters other than ice-chars"},
      {"sctp-port 70000", kSession + kData + "a=sctp-port:70000\r\n", "line 6: a=sctp-port: port 70000 out of range"},
      {"max-message-size not a number", kSession + kData + "a=max-message-size:lots\r\n",
       "line 6: a=max-message-size: size 'lots' is not a number"},
      {"rtpmap payload type 200", kSession + "m=video 9 RTP/AVP 96\r\na=rtpmap:200 VP8/90000\r\n",
       "line 6: a=rtpmap: payload type 200 out of range"},
      {"rtpmap without clock rate", kSession + "m=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8\r\n",
       "line 6: a=rtpmap: expected <encoding name>/<clock rate>[/<parameters>], found 'VP8'"},
      {"attribute with an empty name", kSession + "a=:value\r\n", "line 5: attribute name '' is not a token"},
      {"NUL byte", kSession + std::string("a=tool:x\0y\r\n", 12), "line 5: contains a NUL byte"},
      {"CR inside a line", kSession + "a=tool:x\ry\r\n", "line 5: contains a CR that does not end the line"},
      {"empty line in the middle", "v=0\r\n\r\no=- 1 1 IN IP4 127.0.0.1\r\n", "line 2: expected <type>=<value>, found ''"},
      {"garbage after the last CRLF", kSession + kData + "\x01\x02garbage",
       "line 6: expected <type>=<value>, found '\\x01\\x02garbage'"},
      {"r= before t=", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nr=7d 1h 0 25h\r\n", "line 4: r= must follow a t= line"},
  };
}

}  // namespace

TEST_CASE("malformed and hostile SDP is refused with the line and what is wrong") {
  for (const Case& c : cases()) {
    INFO(c.name);
    Result<Description> result = parse(c.sdp);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message() == c.error);
  }
}

TEST_CASE("a NUL byte in the middle of an SDP is caught even with valid lines around it") {
  std::string sdp = kSession + kData;
  sdp[20] = '\0';  // inside the o= line
  auto result = parse(sdp);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message() == "line 2: contains a NUL byte");
}

TEST_CASE("an overlong line is refused before it is looked at") {
  std::string sdp = kSession + "a=tool:" + std::string(5000, 'x') + "\r\n";
  auto result = parse(sdp);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message() == "line 5: line is 5007 bytes long, more than the 4096 allowed");
}

TEST_CASE("huge input is refused by its size alone") {
  std::string sdp = kSession;
  while (sdp.size() <= 300000) sdp += "a=tool:padding\r\n";
  auto result = parse(sdp);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message() == "SDP is " + std::to_string(sdp.size()) + " bytes, more than the 262144 allowed");
  // The limits are the caller's to choose.
  CHECK(parse(sdp, ParseLimits{1 << 20, 4096}).ok());
}

TEST_CASE("every truncation and every single-byte change of a real SDP parses or fails cleanly") {
  const std::string sdp = kSession + "a=group:BUNDLE 0\r\n" + kData + "c=IN IP4 0.0.0.0\r\na=mid:0\r\n" +
                          "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n" +
                          "a=fingerprint:sha-256 " + sha256_hex() + "\r\n" + kCandidate +
                          " raddr 10.0.0.1 rport 9 generation 0\r\na=sctp-port:5000\r\n";
  std::size_t failures = 0;
  for (std::size_t cut = 0; cut <= sdp.size(); ++cut) {
    auto result = parse(std::string_view(sdp).substr(0, cut));
    if (!result) ++failures;
  }
  const char replacements[] = {'\0', '\r', '\n', ' ', ':', '=', '9', 'x', '\xff'};
  for (std::size_t i = 0; i < sdp.size(); ++i) {
    for (char r : replacements) {
      std::string changed = sdp;
      changed[i] = r;
      auto result = parse(changed);
      if (!result) {
        ++failures;
        CHECK(result.error().message().rfind("line ", 0) == 0);  // every error names its line
      }
    }
  }
  CHECK(failures > 0);
  CHECK(parse(sdp).ok());  // and the unchanged text is fine
}
