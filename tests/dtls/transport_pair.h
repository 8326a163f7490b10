// A DTLS client and server that expect each other's certificates, as two PeerConnections would
// after exchanging SDP (a=fingerprint), for the in-memory transport tests.
#pragma once

#include <string>

#include "common/random.h"
#include "dtls/dtls.h"

namespace lucid::test {

struct Peers {
  SeededRandom random{7};
  dtls::Certificate client_cert = dtls::Certificate::generate(random, "client");
  dtls::Certificate server_cert = dtls::Certificate::generate(random, "server");
  dtls::Transport client;
  dtls::Transport server;

  explicit Peers(dtls::TransportOptions client_options = {},
                 dtls::TransportOptions server_options = {})
      : client(dtls::Role::Client, client_cert, std::move(client_options)),
        server(dtls::Role::Server, server_cert, std::move(server_options)) {
    client.set_remote_fingerprints({server_cert.fingerprint()});
    server.set_remote_fingerprints({client_cert.fingerprint()});
  }
};

inline Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace lucid::test
