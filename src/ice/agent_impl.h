// The inside of ice::Agent, shared by the .cpp files that each implement one part of it:
//   agent.cpp      commands, the pacing timer, agent states, data
//   gathering.cpp  host and server-reflexive candidates (RFC 8445 §5.1.1)
//   checks.cpp     connectivity checks sent and answered, roles, nomination (§7, §8)
//   consent.cpp    consent freshness on the selected pair (RFC 7675)
// Not part of the public API: include ice/agent.h.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "ice/agent.h"
#include "ice/checklist.h"
#include "stun/binding_responder.h"
#include "stun/message.h"
#include "stun/transaction.h"

namespace lucid::ice {

class Agent::Impl {
 public:
  Impl(AgentConfig config, Random& random);

  // ---- agent.cpp ----
  // Runs everything that may be due after any input: the paced check/gather slot, pending
  // nomination, state. Every public entry point ends with it.
  void drive(Timestamp now);
  void update_state(Timestamp now, const std::string& reason = {});
  void set_state(AgentState next, const std::string& reason);
  void emit(Event event) { events_.push_back(std::move(event)); }
  void transmit(const SocketAddress& local, const SocketAddress& remote, Bytes data) {
    transmits_.push_back(Datagram{local, remote, std::move(data)});
  }
  bool controlling() const { return role_ == Role::Controlling; }
  // Whether a pair of the current check list is nominated (regular nomination is over).
  bool nominated_in_this_generation() const {
    for (const auto& p : checklist_.pairs())
      if (p.nominated) return true;
    return false;
  }
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);
  std::optional<Payload> handle_input(const Datagram& datagram, Timestamp now);
  void handle_stun(BytesView datagram, const SocketAddress& remote, const SocketAddress& local,
                   Timestamp now);
  void add_remote_candidate(const Candidate& candidate, Timestamp now);
  void restart(Timestamp now, std::optional<Credentials> new_local);
  // Pairs one local (host) candidate with every remote candidate, or the reverse.
  void pair_local(const Candidate& local);
  void pair_remote(const Candidate& remote);

  // ---- gathering.cpp ----
  void add_interface(const SocketAddress& address, Timestamp now);
  void start_gathering(Timestamp now);
  // Host candidate for an interface, plus server-reflexive requests queued for it.
  void gather_on(const SocketAddress& base, std::uint16_t local_preference);
  // Starts one queued request to a STUN server; true if there was one (uses the Ta slot).
  bool start_next_gather(Timestamp now);
  bool handle_gather_response(const stun::Message& response, const SocketAddress& from,
                              Timestamp now);
  void gather_timeouts(Timestamp now);
  void check_gathering_complete();
  void add_local_candidate(Candidate candidate);

  // ---- checks.cpp ----
  // Sends the check the check list chooses, if any; true if one went out (uses the Ta slot).
  bool start_next_check(Timestamp now);
  void send_check(CandidatePair& pair, bool use_candidate, Timestamp now);
  void handle_request(BytesView datagram, const SocketAddress& remote, const SocketAddress& local,
                      Timestamp now);
  bool handle_check_response(const stun::Message& response, const SocketAddress& from,
                             const SocketAddress& local, Timestamp now);
  void check_timeouts(Timestamp now);
  void maybe_nominate(Timestamp now);
  void select(CandidatePair& pair, Timestamp now);
  void switch_role(Role role, const char* why);
  stun::Message build_binding_request(const Credentials& local, const Credentials& remote,
                                      std::uint32_t priority, bool use_candidate);

  // ---- consent.cpp ----
  void start_consent(Timestamp now);
  // Something arrived on the selected pair (any datagram: STUN, DTLS, RTP): it is alive.
  void note_received(Timestamp now);
  bool on_selected_pair(const SocketAddress& local, const SocketAddress& remote) const;
  void consent_timers(Timestamp now);
  void send_consent_check(Timestamp now);
  Timestamp next_consent_check() const;
  Duration consent_period();
  bool handle_consent_response(const stun::Message& response, const SocketAddress& from,
                               Timestamp now);
  std::optional<Timestamp> consent_deadline() const;

  // ---- state ----
  AgentConfig config_;
  // "a: " when the agent has a name, so that two agents in one trace can be told apart.
  std::string who_;
  Random& random_;
  Role role_;
  std::uint64_t tie_breaker_;
  Credentials local_credentials_;
  std::optional<Credentials> remote_credentials_;
  stun::BindingResponder responder_;
  AgentState state_ = AgentState::New;
  GatheringState gathering_state_ = GatheringState::New;
  bool remote_end_of_candidates_ = false;

  struct Interface {
    SocketAddress address;
    std::uint16_t local_preference;
  };
  std::vector<Interface> interfaces_;
  std::vector<Candidate> local_candidates_;
  std::vector<Candidate> remote_candidates_;
  bool remote_candidate_limit_reported_ = false;  // kMaxRemoteCandidates said once per generation
  CheckList checklist_;

  // A request to a STUN server for a server-reflexive candidate (§5.1.1.2).
  struct GatherRequest {
    SocketAddress base;
    SocketAddress server;
    std::uint16_t local_preference;
    std::optional<stun::ClientTransaction> transaction;  // empty while waiting for its Ta slot
  };
  std::vector<GatherRequest> gathers_;

  // A connectivity check in flight (§7.2.4).
  struct Check {
    stun::ClientTransaction transaction;
    std::uint32_t pair_id;
    SocketAddress local;
    SocketAddress remote;
    Bytes key;  // the remote password it was signed with; the response must use it too
    Role role;  // the role the request announced (§7.2.5.1 compares it on a 487)
    bool use_candidate;
    Timestamp sent_at;
    // §7.3.1.4: replaced by a triggered check; not retransmitted, but a late answer still counts.
    bool cancelled = false;
  };
  std::vector<Check> checks_;

  // Regular nomination (§8.1.1): when the first pair became valid in this check list.
  std::optional<Timestamp> first_valid_at_;

  // The pair data flows on, with the credentials it was checked with: after restart() it keeps
  // working with the old ones until a pair of the new generation is selected (RFC 8445 §9).
  struct Selected {
    CandidatePair pair;
    Credentials local;
    Credentials remote;
    // RFC 7675 §5.1: 30 s without an answer; nothing may be sent on this pair any more.
    bool consent_expired = false;
  };
  std::optional<Selected> selected_;
  // The previous generation's responder, kept while the old selected pair is in use.
  std::optional<stun::BindingResponder> previous_responder_;

  // Consent freshness (RFC 7675) on the selected pair.
  struct ConsentRequest {
    stun::TransactionId id;
    Timestamp sent_at;
  };
  std::deque<ConsentRequest> consent_requests_;
  Timestamp last_consent_;   // the last signed answer to a consent check (RFC 7675: 30 s)
  Timestamp last_received_;  // the last datagram of any kind on the selected pair (W3C: 5 s)
  std::optional<Timestamp> next_consent_;  // the regular check, every 4-6 s
  // While the last check is unanswered: when the next one goes out, and the wait after it.
  std::optional<Timestamp> consent_resend_at_;
  Duration consent_resend_wait_{};

  // Pacing (§14.2): when the last paced transaction started.
  std::optional<Timestamp> last_paced_;

  std::deque<Datagram> transmits_;
  std::deque<Event> events_;
};

}  // namespace lucid::ice
