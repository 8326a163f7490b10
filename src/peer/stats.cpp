#include "peer/stats_builder.h"

namespace lucid {

TransportStats describe_transport(const ice::Agent* agent, const dtls::Transport* dtls) {
  TransportStats stats;
  stats.ice_state = agent ? ice::to_string(agent->state()) : "new";
  if (agent) stats.ice_role = ice::to_string(agent->role());
  if (agent) {
    if (const ice::CandidatePair* pair = agent->selected_pair()) {
      stats.selected_candidate_pair = IceCandidatePairStats{
          pair->local.describe(), pair->remote.describe(), pair->nominated,
          pair->round_trip_time};
    }
  }
  stats.dtls_state = dtls ? std::string(dtls::to_string(dtls->state())) : "new";
  if (!dtls) return stats;
  stats.dtls_role = std::string(dtls::to_string(dtls->role()));
  stats.local_fingerprint = dtls->local_fingerprint().to_sdp();
  if (dtls->state() == dtls::State::Connected) {
    stats.tls_version = "DTLS 1.2";  // the only version lucid speaks (dtls/transport.h)
    stats.dtls_cipher = dtls->cipher_suite();
  }
  if (dtls->remote_fingerprint()) stats.remote_fingerprint = dtls->remote_fingerprint()->to_sdp();
  return stats;
}

DataChannelStats describe_channel(const DataChannel& channel, const MessageCounters& counters) {
  return DataChannelStats{channel.label(), channel.protocol(), channel.id(),
                          to_string(channel.ready_state()), counters};
}

}  // namespace lucid
