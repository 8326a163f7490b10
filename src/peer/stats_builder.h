// Builds the getStats records (peer/stats.h) from what the layers expose. Internal to peer.
#pragma once

#include "dtls/transport.h"
#include "ice/agent.h"
#include "peer/data_channel.h"
#include "peer/stats.h"

namespace lucid {

// Everything in TransportStats except the byte and packet counts, which the connection keeps.
// Either pointer may be null (before the descriptions are set).
TransportStats describe_transport(const ice::Agent* agent, const dtls::Transport* dtls);

DataChannelStats describe_channel(const DataChannel& channel, const MessageCounters& counters);

}  // namespace lucid
