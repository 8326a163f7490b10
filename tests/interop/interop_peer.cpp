#include "interop/interop_peer.h"

#include <unistd.h>

#include <iostream>
#include <utility>

#include "common/trace.h"
#include "dtls/keylog.h"
#include "sdp/description_blob.h"

namespace lucid::testing {

void say(const std::string& line) {
  std::cout << line << std::endl;  // flushed: the harness waits for whole lines
}

void result(std::string_view key, std::string_view value) {
  say("RESULT " + std::string(key) + "=" + std::string(value));
}

std::optional<InteropPeerOptions> parse_interop_peer_options(int argc, char** argv) {
  InteropPeerOptions options;
  bool role_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool takes_value = arg == "--stun" || arg == "--bind" || arg == "--trace" ||
                             arg == "--keylog";
    if (takes_value && i + 1 >= argc) return std::nullopt;
    if (arg == "--offer" || arg == "--answer") {
      options.offer = arg == "--offer";
      role_given = true;
    } else if (arg == "--stun") {
      options.stun.push_back(argv[++i]);
    } else if (arg == "--bind") {
      auto ip = IpAddress::parse(argv[++i]);
      if (!ip) return std::nullopt;
      options.bind.push_back(*ip);
    } else if (arg == "--trace") {
      options.trace = argv[++i];
    } else if (arg == "--keylog") {
      options.keylog = argv[++i];
    } else {
      options.rest.push_back(arg);
    }
  }
  if (!role_given) return std::nullopt;
  return options;
}

int print_usage(std::string_view program, std::string_view extra) {
  std::cerr << "usage: " << program
            << " --offer|--answer [--stun stun:IP:PORT] [--bind ADDR] [--trace LAYERS]"
               " [--keylog FILE]"
            << (extra.empty() ? "" : " ") << extra << '\n';
  return 2;
}

InteropPeer::InteropPeer(std::string program, const InteropPeerOptions& options)
    : program_(std::move(program)), offer_(options.offer) {
  if (!options.trace.empty()) trace::enable(options.trace);
  PeerConnectionConfiguration configuration;
  configuration.ice_servers = options.stun;
  if (!options.keylog.empty())
    configuration.key_log = std::make_shared<dtls::KeyLog>(options.keylog);
  net::PeerHostOptions host_options;
  host_options.interfaces.only = options.bind;
  pc_ = std::make_unique<net::PeerHost>(loop_, configuration, host_options);

  // Non-trickle: the description goes out once, when gathering is complete, with every candidate.
  pc_->on_ice_gathering_state_change = [this](IceGatheringState state) {
    if (state == IceGatheringState::Complete)
      say(sdp::encode_blob(*pc_->connection().local_description()));
  };
}

InteropPeer::~InteropPeer() = default;

int InteropPeer::run() {
  loop_.watch_readable(STDIN_FILENO, [this] { on_stdin_readable(); });
  if (offer_) pc_->set_local_description(pc_->create_offer());
  loop_.run();
  loop_.unwatch(STDIN_FILENO);
  pc_->close();
  return failed_ ? 1 : 0;
}

void InteropPeer::on_stdin_readable() {
  char chunk[4096];
  const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
  if (n <= 0) {
    loop_.stop();  // the harness closes stdin when the page has reported
    return;
  }
  partial_line_.append(chunk, static_cast<std::size_t>(n));
  for (std::size_t end; !failed_ && (end = partial_line_.find('\n')) != std::string::npos;) {
    const std::string line = partial_line_.substr(0, end);
    partial_line_.erase(0, end + 1);
    if (line.empty()) continue;
    if (!described_)
      take_remote_description(line);
    else if (on_line)
      on_line(line);
    else
      std::cerr << program_ << ": ignored a line after the description: " << line << '\n';
  }
}

void InteropPeer::take_remote_description(const std::string& line) {
  const SdpType expected = offer_ ? SdpType::Answer : SdpType::Offer;
  auto description = sdp::decode_blob(line, expected);
  if (!description || description->type != expected)
    return fail("expected an " + std::string(sdp::to_string(expected)) + " blob");
  if (auto status = pc_->set_remote_description(*description); !status)
    return fail("setRemoteDescription: " + status.error().message());
  described_ = true;
  if (!offer_) pc_->set_local_description(pc_->create_answer());
}

void InteropPeer::fail(const std::string& why) {
  std::cerr << program_ << ": " << why << '\n';
  failed_ = true;
  loop_.stop();
}

}  // namespace lucid::testing
