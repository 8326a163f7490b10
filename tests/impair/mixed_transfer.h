// A mixed-size, checksummed transfer between two lucid peers (net::PeerHost) across an
// ImpairedPath: peer a in namespace A offers, peer b in namespace B answers; a sends messages of
// 1 B to 256 KiB on a reliable ordered channel and a reliable unordered one, and b checks each
// message against what was sent (size and a 64-bit FNV-1a checksum of the content) and, on the
// ordered channel, its place in the sequence. What the bench prints and the test asserts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "impair/impaired_path.h"
#include "peer/connection_state.h"

namespace lucid::impair {

struct TransferOptions {
  // Each channel sends the list of sizes (15 messages, 1 B ... 256 KiB, 702 KiB in all) this
  // many times.
  int rounds = 2;
  // Gives up on connecting, and then on the transfer, after these.
  Duration connect_limit = std::chrono::seconds(60);
  Duration transfer_limit = std::chrono::seconds(300);
  // After the last message, the peers run this long more before the final states are read.
  Duration settle = std::chrono::seconds(2);
};

struct ChannelOutcome {
  std::size_t sent = 0;         // messages
  std::size_t intact = 0;       // arrived with the right size and checksum
  std::size_t corrupted = 0;    // arrived, but match no message sent
  std::size_t out_of_order = 0; // ordered channel: intact, but not the next one expected
  std::uint64_t bytes = 0;      // of the intact messages
  bool complete() const { return intact == sent && corrupted == 0 && out_of_order == 0; }
};

struct TransferOutcome {
  bool connected = false;
  double connect_ms = 0;   // setLocalDescription(offer) to both connection states "connected"
  double transfer_s = 0;   // both channels open to the last message received
  double goodput_bytes_per_s = 0;
  ChannelOutcome ordered, unordered;
  PeerConnectionState state_a = PeerConnectionState::New, state_b = PeerConnectionState::New;
  IceConnectionState ice_a = IceConnectionState::New, ice_b = IceConnectionState::New;
  std::string stopped;  // empty when it ran to the end; otherwise why it stopped
  bool ok() const {
    return connected && stopped.empty() && ordered.complete() && unordered.complete() &&
           state_a == PeerConnectionState::Connected && state_b == PeerConnectionState::Connected;
  }
};

// The messages and bytes one round sends on each channel.
std::size_t messages_per_round();
std::size_t bytes_per_round();

TransferOutcome run_mixed_transfer(ImpairedPath& path, const TransferOptions& options = {});

}  // namespace lucid::impair
