// Hostile remote descriptions, one table: each row spoils lucid's own description in one way and
// is fed as an offer to a fresh PeerConnection and as an answer to a pending offer. A row says
// the exact error setRemoteDescription gives for each, or "" where the RFCs allow what it does
// (then the spoiled description is used). Either way the PeerConnection must not be harmed: after
// a refusal it is in the state it was in and takes the real description, and the two peers
// connect.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "peer/peer_connection.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::TwoPeers;

namespace {

using Edit = std::function<std::string(const std::string&)>;

// The line of `sdp` that starts with `prefix` (without its CRLF); the test fails if none does.
std::size_t line_start(const std::string& sdp, const std::string& prefix) {
  const std::size_t at = sdp.starts_with(prefix) ? 0 : sdp.find("\r\n" + prefix);
  REQUIRE(at != std::string::npos);
  return at == 0 ? 0 : at + 2;
}

// Replaces the first line that starts with `prefix` by `line` ("" removes it).
Edit replace_line(std::string prefix, std::string line) {
  return [prefix, line](const std::string& sdp) {
    const std::size_t start = line_start(sdp, prefix);
    const std::size_t end = sdp.find("\r\n", start) + 2;
    return sdp.substr(0, start) + (line.empty() ? "" : line + "\r\n") + sdp.substr(end);
  };
}
Edit remove_line(std::string prefix) { return replace_line(std::move(prefix), ""); }

// Adds lines at the end: in the (last, data channel) m= section.
Edit append(std::string lines) {
  return [lines](const std::string& sdp) { return sdp + lines; };
}

// Replaces the first `from` by `to`.
Edit replace(std::string from, std::string to) {
  return [from, to](const std::string& sdp) {
    const auto at = sdp.find(from);
    REQUIRE(at != std::string::npos);
    std::string out = sdp;
    return out.replace(at, from.size(), to);
  };
}

// The data channel section again, from its m= line to the end, with mid `mid`.
Edit second_data_section(std::string mid, bool bundle) {
  return [mid, bundle](const std::string& sdp) {
    std::string copy = sdp.substr(line_start(sdp, "m=application"));
    copy = replace_line("a=mid:", "a=mid:" + mid)(copy);
    std::string out = sdp + copy;
    return bundle ? replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 " + mid)(out) : out;
  };
}

std::string candidates(int count) {
  std::string lines;
  for (int i = 0; i < count; ++i)
    lines += "a=candidate:" + std::to_string(1000 + i) + " 1 udp 1 192.0.2." +
             std::to_string(1 + i % 250) + " " + std::to_string(10000 + i) + " typ host\r\n";
  return lines;
}

struct Row {
  const char* name;
  Edit edit;
  std::string as_offer;   // the error for the spoiled offer, "" if it is accepted
  std::string as_answer;  // the error for the spoiled answer, "" if it is accepted
  // When the spoiled offer is accepted, the answer to it goes to the offerer, who sent the real
  // offer: "" if it fits that offer (and the peers connect), else the error the offerer gives.
  std::string offerer_on_that_answer = "";
  // When the spoiled answer is accepted: whether the peers are asserted to connect. false where
  // the edit changes what the answerer itself does not change (its own a=setup), see the row.
  bool answer_connects = true;
};

// What the parser says, where first: "line 9: remote description: a=ice-ufrag: ...", the same
// for lucid's offer and answer (their lines are in the same order).
std::string line(int number, const std::string& what) {
  return "line " + std::to_string(number) + ": remote description: " + what;
}

const std::string kNoIceCredentials =
    "remote description has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)";
const std::string kNoFingerprint =
    "remote description has no a=fingerprint with sha-1/256/384/512 (RFC 8122 §5, RFC 8827 §6.5)";
const std::string kSctpPortZero =
    "remote description: a=sctp-port:0 is not a usable SCTP port (RFC 8841 §5.2, RFC 9260 §3.1)";
const std::string kHoldconn =
    "remote description: m= section 1 (mid '0'): a=setup:holdconn is not allowed with DTLS "
    "(RFC 8842 §5.1)";
const std::string kTwoSections =
    "remote description: the answer has 2 m= section(s) and the offer 1: an answer has one per "
    "offered section (RFC 3264 §6)";
const std::string kMidX =
    "remote description: m= section 1 (mid 'x'): a=mid:'x' answers the offer's a=mid:'0': the "
    "answer keeps the offer's mids (RFC 9429 §5.3.1)";
const std::string kNoDataSection =
    "remote description has no data channel section (m=application ... webrtc-datachannel)";
const std::string kRtp =
    "remote description: m= section 1 (mid '0'): m='application' 'UDP/TLS/RTP/SAVPF' answers the "
    "offer's m=application UDP/DTLS/SCTP: media and proto must be the offer's (RFC 9429 §5.8.3)";
const std::string kTcp =
    "remote description: m= section 1 (mid '0'): m='application' 'TCP/DTLS/SCTP' answers the "
    "offer's m=application UDP/DTLS/SCTP: media and proto must be the offer's (RFC 9429 §5.8.3)";

std::string hex_bytes(const std::string& first, int count) {
  std::string hex = first;
  for (int i = 1; i < count; ++i) hex += ":AA";
  return hex;
}

std::string padded_to(const std::string& sdp, std::size_t size) {
  std::string out = sdp;
  while (out.size() < size) {
    const std::size_t room = size - out.size();
    if (room < 12) {
      out += std::string(room, '\n');  // empty lines at the end are forgiven, not counted
      break;
    }
    out += "a=x-pad:" + std::string(std::min<std::size_t>(4000, room - 10), 'x') + "\r\n";
  }
  return out;
}

std::vector<Row> rows() {
  return {
      // ICE credentials (RFC 8839 §5.4: ufrag 4-256 ice-chars, pwd 22-256)
      {"no a=ice-ufrag", remove_line("a=ice-ufrag:"), kNoIceCredentials, kNoIceCredentials},
      {"no a=ice-pwd", remove_line("a=ice-pwd:"), kNoIceCredentials, kNoIceCredentials},
      {"an a=ice-ufrag of 3 characters", replace_line("a=ice-ufrag:", "a=ice-ufrag:abc"),
       line(9, "a=ice-ufrag: has 3 characters, expected 4 to 256"),
       line(9, "a=ice-ufrag: has 3 characters, expected 4 to 256")},
      {"an a=ice-ufrag of 257 characters",
       replace_line("a=ice-ufrag:", "a=ice-ufrag:" + std::string(257, 'u')),
       line(9, "a=ice-ufrag: has 257 characters, expected 4 to 256"),
       line(9, "a=ice-ufrag: has 257 characters, expected 4 to 256")},
      {"an a=ice-ufrag with a character that is not an ice-char",
       replace_line("a=ice-ufrag:", "a=ice-ufrag:ab!d"),
       line(9, "a=ice-ufrag: 'ab!d' has characters other than ice-chars"),
       line(9, "a=ice-ufrag: 'ab!d' has characters other than ice-chars")},
      {"an a=ice-ufrag that is not UTF-8", replace_line("a=ice-ufrag:", "a=ice-ufrag:ab\xff\xfe"),
       line(9, "a=ice-ufrag: 'ab\\xff\\xfe' has characters other than ice-chars"),
       line(9, "a=ice-ufrag: 'ab\\xff\\xfe' has characters other than ice-chars")},
      {"an a=ice-pwd of 21 characters",
       replace_line("a=ice-pwd:", "a=ice-pwd:" + std::string(21, 'p')),
       line(10, "a=ice-pwd: has 21 characters, expected 22 to 256"),
       line(10, "a=ice-pwd: has 21 characters, expected 22 to 256")},
      // fingerprints (RFC 8122 §5; RFC 8827 §6.5: sha-256 at least). The answer's error says
      // "remote description" twice, as peer_connection.cpp prefixes dtls_parameters' error today.
      {"no a=fingerprint", remove_line("a=fingerprint:"), kNoFingerprint, kNoFingerprint},
      {"an a=fingerprint with an unknown hash function",
       replace("a=fingerprint:sha-256", "a=fingerprint:sha-999"),
       line(12, "a=fingerprint: unknown hash function 'sha-999'"),
       line(12, "a=fingerprint: unknown hash function 'sha-999'")},
      {"only an md5 a=fingerprint",
       replace_line("a=fingerprint:", "a=fingerprint:md5 " + hex_bytes("AA", 16)), kNoFingerprint,
       kNoFingerprint},
      {"an a=fingerprint of 31 bytes for sha-256",
       replace_line("a=fingerprint:", "a=fingerprint:sha-256 " + hex_bytes("AA", 31)),
       line(12, "a=fingerprint: sha-256 fingerprint has 31 bytes, expected 32"),
       line(12, "a=fingerprint: sha-256 fingerprint has 31 bytes, expected 32")},
      {"an a=fingerprint with a byte that is not hex",
       replace_line("a=fingerprint:", "a=fingerprint:sha-256 " + hex_bytes("ZZ", 32)),
       line(12,
            "a=fingerprint: fingerprint 'ZZ:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:A'... is "
            "not colon-separated hex"),
       line(12,
            "a=fingerprint: fingerprint 'ZZ:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:A'... is "
            "not colon-separated hex")},
      // a=setup (RFC 8842 §5.2: an offer may say actpass, active or passive; §5.3: the answer
      // says active or passive; §5.1: never holdconn)
      {"a=setup:actpass", replace_line("a=setup:", "a=setup:actpass"), "",
       "remote answer: a=setup:actpass in an answer: the peer would be both "
       "DTLS client and server"},
      {"a=setup:active", replace_line("a=setup:", "a=setup:active"), "", ""},
      // The answerer itself still says active: with the answer changed on the way, both sides
      // are DTLS clients, so the peers cannot connect.
      {"a=setup:passive", replace_line("a=setup:", "a=setup:passive"), "", "", "", false},
      {"a=setup:holdconn", replace_line("a=setup:", "a=setup:holdconn"), kHoldconn, kHoldconn},
      {"a=setup with an unknown value", replace_line("a=setup:", "a=setup:sideways"),
       line(13, "a=setup: 'sideways' is not active, passive, actpass or holdconn"),
       line(13, "a=setup: 'sideways' is not active, passive, actpass or holdconn")},
      // RFC 4145 §4.1: no a=setup is "active" in an offer and "passive" in an answer, and lucid
      // reads it so (sdp/jsep_offer_answer.cpp, peer/dtls_parameters.cpp). This answerer itself
      // still says active, so with the line removed on the way both sides are DTLS clients.
      {"no a=setup", remove_line("a=setup:"), "", "", "", false},
      // ports and sizes (RFC 8866 §5.14, RFC 8841 §5.2, §6)
      {"an m= port of 70000", replace("m=application 9 ", "m=application 70000 "),
       line(6, "m= line: port 70000 out of range"), line(6, "m= line: port 70000 out of range")},
      // RFC 9260 §3.1: port 0 is no SCTP port (it used to abort the process in usrsctp_connect).
      {"a=sctp-port:0", replace_line("a=sctp-port:", "a=sctp-port:0"), kSctpPortZero,
       kSctpPortZero},
      {"a=sctp-port:65536", replace_line("a=sctp-port:", "a=sctp-port:65536"),
       line(14, "a=sctp-port: port 65536 out of range"),
       line(14, "a=sctp-port: port 65536 out of range")},
      {"a=max-message-size of 2^64",
       replace_line("a=max-message-size:", "a=max-message-size:18446744073709551616"),
       line(15, "a=max-message-size: size 18446744073709551616 out of range"),
       line(15, "a=max-message-size: size 18446744073709551616 out of range")},
      {"a=max-message-size:0 (RFC 8841 §6.1: no limit)",
       replace_line("a=max-message-size:", "a=max-message-size:0"), "", ""},
      {"a negative a=max-message-size",
       replace_line("a=max-message-size:", "a=max-message-size:-1"),
       line(15, "a=max-message-size: size '-1' is not a number"),
       line(15, "a=max-message-size: size '-1' is not a number")},
      // candidates (RFC 8839 §5.1)
      {"a candidate with port 70000",
       append("a=candidate:1 1 udp 2122260223 192.0.2.1 70000 typ host\r\n"),
       line(18, "a=candidate: port 70000 out of range"),
       line(18, "a=candidate: port 70000 out of range")},
      {"a candidate with priority 2^32",
       append("a=candidate:1 1 udp 4294967296 192.0.2.1 5000 typ host\r\n"),
       line(18, "a=candidate: priority 4294967296 out of range"),
       line(18, "a=candidate: priority 4294967296 out of range")},
      {"a candidate for component 0",
       append("a=candidate:1 0 udp 2122260223 192.0.2.1 5000 typ host\r\n"),
       line(18, "a=candidate: component 0 out of range"),
       line(18, "a=candidate: component 0 out of range")},
      {"a candidate of an unknown type",
       append("a=candidate:1 1 udp 2122260223 192.0.2.1 5000 typ bogus\r\n"),
       line(18, "a=candidate: typ 'bogus' is not host, srflx, prflx or relay"),
       line(18, "a=candidate: typ 'bogus' is not host, srflx, prflx or relay")},
      // RFC 8839 §5.1: connection-address may be an FQDN; one lucid cannot resolve is skipped.
      {"a candidate whose address is a name, 999.1.1.1",
       append("a=candidate:1 1 udp 2122260223 999.1.1.1 5000 typ host\r\n"), "", ""},
      {"a thousand candidates that go nowhere", append(candidates(1000)), "", ""},
      // m= sections, mids and BUNDLE (RFC 3264 §6, RFC 5888, RFC 8843)
      {"a second data channel section with the same mid", second_data_section("0", false),
       line(20, "a=mid: '0' is already used on line 8"),
       line(20, "a=mid: '0' is already used on line 8")},
      // An offer may hold two data channel sections: the answer takes the first, rejects the
      // second (RFC 3264 §6), and is then not an answer to the offer that was really sent.
      {"a second data channel section, bundled", second_data_section("1", true), "", kTwoSections,
       kTwoSections},
      {"a=group:BUNDLE naming a mid no section has",
       replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 7"),
       "remote description: a=group:BUNDLE: names mid '7', which no m= section has (RFC 5888 §5)",
       "remote description: a=group:BUNDLE: names mid '7', which the offer did not bundle: an "
       "answer may only bundle what the offer bundled (RFC 8843 §7.3)"},
      {"another mid",
       [](const std::string& sdp) {
         return replace("a=group:BUNDLE 0",
                        "a=group:BUNDLE x")(replace_line("a=mid:", "a=mid:x")(sdp));
       },
       "", kMidX, kMidX},
      {"no m= section",
       [](const std::string& sdp) { return sdp.substr(0, line_start(sdp, "m=application")); },
       "remote description: a=group:BUNDLE: names mid '0', which no m= section has (RFC 5888 §5)",
       "remote description: the answer has 0 m= section(s) and the offer 1: an answer has one "
       "per offered section (RFC 3264 §6)"},
      {"the data channel section rejected with port 0",
       replace("m=application 9 ", "m=application 0 "),
       "remote description has no data channel section (m=application ... webrtc-datachannel)",
       "remote description: a=group:BUNDLE: names mid '0', which the answer rejects with port 0: "
       "a rejected section leaves the BUNDLE group (RFC 8843 §7.3.3)"},
      {"TCP/DTLS/SCTP for UDP/DTLS/SCTP", replace(" UDP/DTLS/SCTP ", " TCP/DTLS/SCTP "), "", kTcp,
       kTcp},
      // text (RFC 8866 §5; §9: text fields such as s= are byte-strings, any byte but NUL, CR, LF)
      {"256 KiB and one byte",
       [](const std::string& sdp) { return padded_to(sdp, 256 * 1024 + 1); },
       "remote description: SDP is 262145 bytes, more than the 262144 allowed",
       "remote description: SDP is 262145 bytes, more than the 262144 allowed"},
      {"a line of 5000 bytes", append("a=x-long:" + std::string(4991, 'x') + "\r\n"),
       line(18, "line is 5000 bytes long, more than the 4096 allowed"),
       line(18, "line is 5000 bytes long, more than the 4096 allowed")},
      {"a NUL byte", append(std::string("a=x-nul:a\0b\r\n", 13)), line(18, "contains a NUL byte"),
       line(18, "contains a NUL byte")},
      {"a bare CR inside a line", append("a=x-cr:a\rb\r\n"),
       line(18, "contains a CR that does not end the line"),
       line(18, "contains a CR that does not end the line")},
      {"s= that is not UTF-8", replace_line("s=", "s=\xc3\x28\xff"), "", ""},
      {"LF line endings only",
       [](const std::string& sdp) {
         std::string out;
         for (char c : sdp)
           if (c != '\r') out += c;
         return out;
       },
       "", ""},
      // more of each kind: credentials, fingerprint case (RFC 8122 §5: hex is case-insensitive),
      // attributes twice, candidates lucid skips (IPv6 is kept; mDNS names and component 2 are
      // skipped by ICE, RFC 8839 §5.1), lines the grammar forbids (RFC 8866 §5.1, §5.2)
      {"an a=ice-ufrag with a space", replace_line("a=ice-ufrag:", "a=ice-ufrag:ab cd"),
       line(9, "a=ice-ufrag: 'ab cd' has characters other than ice-chars"),
       line(9, "a=ice-ufrag: 'ab cd' has characters other than ice-chars")},
      {"an a=ice-pwd of 257 characters",
       replace_line("a=ice-pwd:", "a=ice-pwd:" + std::string(257, 'p')),
       line(10, "a=ice-pwd: has 257 characters, expected 22 to 256"),
       line(10, "a=ice-pwd: has 257 characters, expected 22 to 256")},
      {"our a=fingerprint in lowercase hex",
       [](const std::string& sdp) {
         std::string out = sdp;
         const auto at = out.find("a=fingerprint:sha-256 ") + 22;
         for (auto i = at; out[i] != '\r'; ++i) out[i] = static_cast<char>(std::tolower(out[i]));
         return out;
       },
       "", ""},
      {"two a=setup lines", append("a=setup:active\r\n"),
       line(18, "a=setup: appears twice in one section"),
       line(18, "a=setup: appears twice in one section")},
      {"an a=sctp-port that is not a number", replace_line("a=sctp-port:", "a=sctp-port:abc"),
       line(14, "a=sctp-port: port 'abc' is not a number"),
       line(14, "a=sctp-port: port 'abc' is not a number")},
      {"a=max-message-size:1", replace_line("a=max-message-size:", "a=max-message-size:1"), "", ""},
      {"an IPv6 host candidate",
       append("a=candidate:7 1 udp 2122260223 2001:db8::7 5000 typ host\r\n"), "", ""},
      {"an mDNS candidate", append("a=candidate:8 1 udp 2122260223 abc.local 5000 typ host\r\n"),
       "", ""},
      {"a candidate for component 2",
       append("a=candidate:9 2 udp 2122260223 192.0.2.9 5000 typ host\r\n"), "", ""},
      {"a candidate without typ", append("a=candidate:9 1 udp 2122260223 192.0.2.9 5000\r\n"),
       line(18,
            "a=candidate: needs foundation, component, transport, priority, address, port and typ; "
            "found 6 fields"),
       line(18,
            "a=candidate: needs foundation, component, transport, priority, address, port and typ; "
            "found 6 fields")},
      {"a candidate with a 33-character foundation",
       append("a=candidate:" + std::string(33, 'f') + " 1 udp 1 192.0.2.9 5000 typ host\r\n"),
       line(18, "a=candidate: foundation '" + std::string(33, 'f') + "' is not 1 to 32 ice-chars"),
       line(18, "a=candidate: foundation '" + std::string(33, 'f') + "' is not 1 to 32 ice-chars")},
      {"a relay candidate without raddr",
       append("a=candidate:10 1 udp 16777215 192.0.2.10 5000 typ relay\r\n"), "", ""},
      {"the data section is RTP, not SCTP",
       replace("m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
               "m=application 9 UDP/TLS/RTP/SAVPF 96"),
       kNoDataSection, kRtp},
      {"v=1", replace_line("v=", "v=1"), line(1, "unsupported SDP version '1' (only v=0 exists)"),
       line(1, "unsupported SDP version '1' (only v=0 exists)")},
      {"no o= line", remove_line("o="), line(5, "the session part has no o= line"),
       line(5, "the session part has no o= line")},
      {"two a=mid lines in one section", append("a=mid:1\r\n"),
       line(18, "a=mid: appears twice in one section"),
       line(18, "a=mid: appears twice in one section")},
      {"a c= line with an address of no family", replace_line("c=", "c=IN IP9 0.0.0.0"), "", ""},
      {"an empty BUNDLE group", replace_line("a=group:", "a=group:BUNDLE"), "", ""},
      {"nothing at all", [](const std::string&) { return std::string(); },
       "remote description: empty SDP: expected v=0 as the first line",
       "remote description: empty SDP: expected v=0 as the first line"},
  };
}

bool both_connected(TwoPeers& p) {
  return p.run_until([&] {
    return p.a.connection_state() == PeerConnectionState::Connected &&
           p.b.connection_state() == PeerConnectionState::Connected;
  });
}

std::string result_text(const Status& status) {
  return status.ok() ? "" : status.error().message();
}

}  // namespace

TEST_CASE("a hostile offer is refused with its error or accepted, and the peers still connect") {
  for (const Row& row : rows()) {
    DYNAMIC_SECTION(row.name) {
      TwoPeers p;
      p.a.set_local_description(p.a.create_offer(), p.now());
      REQUIRE(
          p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));
      const SessionDescription offer = *p.a.local_description();
      const Status spoiled =
          p.b.set_remote_description({SdpType::Offer, row.edit(offer.sdp)}, p.now());
      CHECK(result_text(spoiled) == row.as_offer);
      if (!spoiled.ok()) {
        CHECK(p.b.signaling_state() == SignalingState::Stable);
        CHECK_FALSE(p.b.remote_description().has_value());
        REQUIRE(p.b.set_remote_description(offer, p.now()).ok());
      }
      p.b.set_local_description(p.b.create_answer(), p.now());
      REQUIRE(
          p.run_until([&] { return p.b.ice_gathering_state() == IceGatheringState::Complete; }));
      const Status answered = p.a.set_remote_description(*p.b.local_description(), p.now());
      const std::string expected = spoiled.ok() ? row.offerer_on_that_answer : "";
      CHECK(result_text(answered) == expected);
      if (expected.empty()) CHECK(both_connected(p));
    }
  }
}

TEST_CASE("a hostile answer is refused with its error or accepted, and the peers still connect") {
  for (const Row& row : rows()) {
    DYNAMIC_SECTION(row.name) {
      TwoPeers p;
      std::optional<Status> spoiled;
      SignalingState after = SignalingState::Closed;
      REQUIRE(p.exchange_descriptions([&](SessionDescription& answer) {
        const std::string text = row.edit(answer.sdp);
        if (row.as_answer.empty()) {
          answer.sdp = text;  // allowed: it is the answer a is given
          return;
        }
        spoiled = p.a.set_remote_description({SdpType::Answer, text}, p.now());
        after = p.a.signaling_state();
      }));
      if (!row.as_answer.empty()) {
        REQUIRE(spoiled.has_value());
        CHECK(result_text(*spoiled) == row.as_answer);
        CHECK(after == SignalingState::HaveLocalOffer);
      }
      if (!row.as_answer.empty() || row.answer_connects) CHECK(both_connected(p));
    }
  }
}

// RFC 4145 §4.1: "The default value of the setup attribute in an offer/answer exchange is
// 'active' in the offer and 'passive' in the answer." An answerer that leaves a=setup out is the
// DTLS server, so the offerer becomes the client and sends the ClientHello.
TEST_CASE("an answer without a=setup makes its answerer the DTLS server and the offerer the client") {
  TwoPeers p;
  REQUIRE(p.exchange_descriptions([&](SessionDescription& answer) {
    answer.sdp = remove_line("a=setup:")(answer.sdp);
    REQUIRE(answer.sdp.find("a=setup:") == std::string::npos);
  }));
  REQUIRE(p.run_until([&] { return !p.a.get_stats().transport.dtls_role.empty(); }));
  CHECK(p.a.get_stats().transport.dtls_role == "client");
}
