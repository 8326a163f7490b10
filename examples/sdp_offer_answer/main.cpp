// sdp_offer_answer: the descriptions lucid sends, printed as SDP and as a copy-paste blob.
//
//   sdp_offer_answer                 prints an offer with one data channel section
//   sdp_offer_answer answer FILE     reads an offer (SDP, JSON or base64 blob; "-" for stdin)
//                                    and prints lucid's answer to it
//
// Exit status: 0 (also for --help, --version); 1 if the offer cannot be read or parsed; 2 on bad
// arguments.
//
// Until the dtls layer exists, the fingerprint is made up (random bytes): the SDP around it is
// exactly what lucid will send.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "lucid/version.h"
#include "sdp/sdp.h"

using namespace lucid;
using namespace lucid::sdp;

namespace {

LocalParameters local_parameters(Random& random) {
  LocalParameters local;
  local.ice = IceCredentials::generate(random);
  Fingerprint stand_in;
  stand_in.hash_function = "sha-256";
  stand_in.value.resize(32);
  random.fill(stand_in.value);
  local.fingerprints = {stand_in};
  return local;
}

void print(const SessionDescription& description) {
  std::cout << "--- " << to_string(description.type) << " (SDP) ---\n";
  // Show the line endings a reader would not see.
  std::string shown = description.sdp;
  for (std::size_t at = 0; (at = shown.find("\r\n", at)) != std::string::npos; at += 2) shown.replace(at, 2, "\n");
  std::cout << shown;
  std::cout << "--- " << to_string(description.type) << " (copy-paste blob) ---\n"
            << encode_blob(description) << "\n";
}

std::string read_all(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    text << in.rdbuf();
  }
  return text.str();
}

}  // namespace

constexpr const char* kUsage = "usage: sdp_offer_answer [answer FILE|-]\n";

int main(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << kUsage << "\n"
              << "Without arguments prints an offer with one data channel section; with\n"
                 "`answer FILE` reads an offer (SDP, JSON or base64 blob; - for stdin) and prints\n"
                 "lucid's answer to it. Each as SDP and as the copy-paste blob.\n"
                 "  --version   print lucid's version\n";
    return 0;
  }
  if (argc == 2 && std::string(argv[1]) == "--version") {
    std::cout << "sdp_offer_answer (lucid) " << lucid::version() << "\n";
    return 0;
  }
  Random& random = crypto_random();
  LocalParameters local = local_parameters(random);
  Origin origin = new_origin(random);

  if (argc == 1) {
    print({SdpType::Offer, write(create_offer(local, origin))});
    return 0;
  }
  if (argc == 3 && std::string(argv[1]) == "answer") {
    auto pasted = decode_blob(read_all(argv[2]), SdpType::Offer);
    if (!pasted) {
      std::fprintf(stderr, "not a description: %s\n", pasted.error().message().c_str());
      return 1;
    }
    if (pasted->type != SdpType::Offer) {
      std::fprintf(stderr, "expected an offer, got %s\n", std::string(to_string(pasted->type)).c_str());
      return 1;
    }
    auto offer = parse(pasted->sdp);
    if (!offer) {
      std::fprintf(stderr, "the offer is not valid SDP: %s\n", offer.error().message().c_str());
      return 1;
    }
    print({SdpType::Answer, write(create_answer(*offer, local, origin))});
    return 0;
  }
  std::fprintf(stderr, "sdp_offer_answer: unexpected arguments\n%s", kUsage);
  return 2;
}
