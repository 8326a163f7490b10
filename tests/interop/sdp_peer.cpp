// sdp_peer: lucid's side of the SDP acceptance tests (issue 3), run by tests/interop/harness.py.
//
//   sdp_peer --offer    (role lucid-offers)   prints lucid's offer as a blob line, reads the
//                                             browser's answer line and parses it
//   sdp_peer --answer   (role browser-offers) reads the browser's offer line, parses it, prints
//                                             lucid's answer as a blob line
//
// It speaks the harness's contract (tests/interop/README.md), the same one-line blobs as the
// copy-paste tutorial: base64 of {"type":"offer"|"answer","sdp":"..."}. What it parsed is told
// in "RESULT key=value" lines, which the tests check; the SDP it wrote and read goes to stderr.
// No ICE, DTLS or SCTP runs here: the browser only has to accept the description.
#include <cstdio>
#include <exception>
#include <optional>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include "common/random.h"
#include "dtls/certificate.h"
#include "peer/signaling_state.h"
#include "sdp/sdp.h"

namespace {

using namespace lucid;
using namespace lucid::sdp;

void result(std::string_view key, std::string_view value) {
  std::cout << "RESULT " << key << '=' << value << std::endl;
}

// "0,1,2": the mids of the m= sections, in order ("-" for a section without one).
std::string mids(const Description& description) {
  std::string text;
  for (const auto& m : description.media) {
    if (!text.empty()) text += ',';
    text += m.mid.value_or("-");
  }
  return text;
}

std::size_t candidate_count(const Description& description) {
  std::size_t count = 0;
  for (const auto& m : description.media) count += m.candidates.size();
  return count;
}

// What lucid read from the browser's description: the transport peer will use
// (sdp/remote_transport.h). The page compares these with the SDP it wrote itself.
bool report_transport(std::string_view name, const Description& remote, SdpType type) {
  const std::string prefix(name);
  auto transport = read_remote_transport(remote, type);
  if (!transport) {
    result(prefix + "_transport", transport.error().message());
    return false;
  }
  result(prefix + "_ice_ufrag", transport->ice_ufrag);
  result(prefix + "_ice_pwd", transport->ice_pwd);
  result(prefix + "_fingerprint", transport->fingerprints.empty() ? "none" : transport->fingerprints[0].to_string());
  result(prefix + "_setup", to_string(transport->setup));
  result(prefix + "_sctp_port", std::to_string(transport->sctp_port));
  result(prefix + "_max_message_size", std::to_string(transport->max_message_size));
  result(prefix + "_transport_candidates", std::to_string(transport->candidates.size()));
  // Last: the page reads RESULT lines until it sees this one.
  result(prefix + "_transport", "ok");
  return true;
}

LocalParameters local_parameters() {
  LocalParameters local;
  local.ice = IceCredentials::generate(crypto_random());
  local.fingerprints.push_back(Fingerprint{"sha-256", dtls::Certificate::generate().fingerprint().value});
  return local;
}

// Reads one line from stdin and decodes the blob the browser sent; nullopt (after saying why on
// stderr) if stdin ended or the line is not a description of the expected type.
std::optional<Description> read_remote(SdpType expected, std::string_view name) {
  std::string line;
  if (!std::getline(std::cin, line)) {
    std::cerr << "sdp_peer: stdin ended before the " << name << " came\n";
    return std::nullopt;
  }
  auto blob = decode_blob(line, expected);
  if (!blob) {
    std::cerr << "sdp_peer: the " << name << " line is not a description: " << blob.error().message() << '\n';
    return std::nullopt;
  }
  if (blob->type != expected) {
    std::cerr << "sdp_peer: expected an " << name << ", got type " << to_string(blob->type) << '\n';
    return std::nullopt;
  }
  std::cerr << "sdp_peer: the browser's " << name << ":\n" << blob->sdp;
  auto parsed = parse(blob->sdp);
  if (!parsed) {
    std::cerr << "sdp_peer: cannot parse the browser's " << name << ": " << parsed.error().message() << '\n';
    return std::nullopt;
  }
  return std::move(parsed).value();
}

// lucid offers (RFC 9429 §5.2.1), the browser answers.
int offer() {
  SignalingStateMachine signaling;
  const Description local = create_offer(local_parameters(), new_origin(crypto_random()));
  const std::string text = write(local);
  signaling.set_local_description(SdpType::Offer);
  std::cerr << "sdp_peer: lucid's offer:\n" << text;
  std::cout << encode_blob({SdpType::Offer, text}) << std::endl;

  const auto answer = read_remote(SdpType::Answer, "answer");
  result("answer_parsed", answer ? "true" : "false");
  if (!answer) return 1;
  signaling.set_remote_description(SdpType::Answer);
  result("answer_mids", mids(*answer));
  result("answer_candidates", std::to_string(candidate_count(*answer)));
  result("signaling_state", to_string(signaling.state()));
  return report_transport("answer", *answer, SdpType::Answer) ? 0 : 1;
}

// The browser offers, lucid answers (RFC 9429 §5.3.1).
int answer() {
  SignalingStateMachine signaling;
  const auto remote = read_remote(SdpType::Offer, "offer");
  result("offer_parsed", remote ? "true" : "false");
  if (!remote) return 1;
  signaling.set_remote_description(SdpType::Offer);
  result("offer_mids", mids(*remote));
  result("offer_candidates", std::to_string(candidate_count(*remote)));
  if (!report_transport("offer", *remote, SdpType::Offer)) return 1;

  const Description local = create_answer(*remote, local_parameters(), new_origin(crypto_random()));
  const std::string text = write(local);
  signaling.set_local_description(SdpType::Answer);
  std::cerr << "sdp_peer: lucid's answer:\n" << text;
  result("signaling_state", to_string(signaling.state()));
  std::cout << encode_blob({SdpType::Answer, text}) << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc == 2 ? argv[1] : "";
  try {
    if (mode == "--offer") return offer();
    if (mode == "--answer") return answer();
  } catch (const std::exception& e) {
    std::cerr << "sdp_peer: " << e.what() << '\n';
    return 1;
  }
  std::cerr << "usage: sdp_peer --offer | --answer  (run by tests/interop/harness.py)\n";
  return 2;
}
