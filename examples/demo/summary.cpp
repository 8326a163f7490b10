#include "summary.h"

#include <cstdio>

namespace lucid::demo {
namespace {

double ms(std::chrono::microseconds d) { return static_cast<double>(d.count()) / 1000.0; }

void bytes_row(const char* layer, const net::LayerBytes& a, const net::LayerBytes& b,
               const char* unit) {
  std::printf("  %-34s %8llu (%3llu %-9s) %8llu (%3llu %-9s)\n", layer,
              static_cast<unsigned long long>(a.bytes), static_cast<unsigned long long>(a.units),
              unit, static_cast<unsigned long long>(b.bytes),
              static_cast<unsigned long long>(b.units), unit);
}

}  // namespace

void print_phases(const std::vector<Phase>& phases) {
  std::printf("\n  %-34s %12s %12s %12s\n", "phase", "from (ms)", "to (ms)", "took (ms)");
  for (const auto& p : phases)
    std::printf("  %-34s %12.3f %12.3f %12.3f\n", p.name.c_str(), ms(p.start), ms(p.end),
                ms(p.end - p.start));
}

void print_bytes(const net::PeerHost& alice, const net::PeerHost& bob) {
  const net::Traffic& a = alice.traffic_sent();
  const net::Traffic& b = bob.traffic_sent();
  std::printf("\n  %-34s %26s %26s\n", "UDP payload bytes sent", "alice", "bob");
  bytes_row("STUN (ICE checks, consent)", a.stun, b.stun, "datagrams");
  bytes_row("DTLS handshake (+CCS, alerts)", a.dtls_handshake, b.dtls_handshake, "records");
  bytes_row("DTLS application data (SCTP)", a.dtls_application_data, b.dtls_application_data,
            "records");
  if (a.other.bytes + b.other.bytes > 0) bytes_row("other", a.other, b.other, "datagrams");
  std::printf("  %-34s %8llu (%3llu %-9s) %8llu (%3llu %-9s)\n", "total",
              static_cast<unsigned long long>(a.bytes),
              static_cast<unsigned long long>(a.datagrams),
              "datagrams", static_cast<unsigned long long>(b.bytes),
              static_cast<unsigned long long>(b.datagrams), "datagrams");
}

void print_stats(const std::string& name, const net::PeerHost& host) {
  const PeerConnectionStats stats = host.get_stats();
  const TransportStats& t = stats.transport;
  std::printf("\n  %s.get_stats()\n", name.c_str());
  std::printf("    transport      %llu packets / %llu bytes sent, %llu / %llu received\n",
              static_cast<unsigned long long>(t.packets_sent),
              static_cast<unsigned long long>(t.bytes_sent),
              static_cast<unsigned long long>(t.packets_received),
              static_cast<unsigned long long>(t.bytes_received));
  std::printf("    ice            %s, %s\n", t.ice_state.c_str(), t.ice_role.c_str());
  if (t.selected_candidate_pair) {
    const auto& pair = *t.selected_candidate_pair;
    char rtt[32] = "not measured";
    if (pair.current_round_trip_time)
      std::snprintf(rtt, sizeof rtt, "%.3f ms", ms(*pair.current_round_trip_time));
    std::printf("    selected pair  %s <-> %s%s, round-trip time %s\n",
                pair.local_candidate.c_str(), pair.remote_candidate.c_str(),
                pair.nominated ? " (nominated)" : "", rtt);
  }
  std::printf("    dtls           %s as %s, %s, %s\n", t.dtls_state.c_str(), t.dtls_role.c_str(),
              t.tls_version.c_str(), t.dtls_cipher.c_str());
  std::printf("    fingerprints   ours   %s\n", t.local_fingerprint.c_str());
  std::printf("                   theirs %s\n", t.remote_fingerprint.c_str());
  for (const auto& c : stats.data_channels)
    std::printf("    channel \"%s\" (stream %d, %s): %llu messages / %llu bytes sent, "
                "%llu / %llu received\n",
                c.label.c_str(), c.data_channel_identifier ? int(*c.data_channel_identifier) : -1,
                c.state.c_str(), static_cast<unsigned long long>(c.counters.messages_sent),
                static_cast<unsigned long long>(c.counters.bytes_sent),
                static_cast<unsigned long long>(c.counters.messages_received),
                static_cast<unsigned long long>(c.counters.bytes_received));
}

}  // namespace lucid::demo
