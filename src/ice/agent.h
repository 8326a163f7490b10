// ice::Agent — Interactive Connectivity Establishment, the way WebRTC finds a path between peers.
//
// Table of contents (the RFCs this folder implements):
//   RFC 8445  ICE: candidates (candidate.h), pairs (candidate_pair.h), the check list
//             (checklist.h), gathering (gathering.cpp), connectivity checks, roles and
//             nomination (checks.cpp), states and pacing (agent.cpp)
//   RFC 8838  Trickle ICE: candidates in both directions at any time, end-of-candidates
//   RFC 7675  Consent freshness: a check every ~5 s on the selected pair, sooner while one is
//             unanswered; 30 s without an answer and the agent stops sending; 5 s with nothing
//             received and it is disconnected (consent.cpp)
//   RFC 8489  STUN, used by all of the above (src/stun)
// agent_impl.h holds the agent's state, shared by those .cpp files. docs/ice.md walks through
// a run.
//
// Sans-IO (shared/DESIGN.md): the agent never opens a socket or reads a clock. The caller
//   1. binds a UDP socket per local interface and tells the agent its address
//      (add_local_interface_address), then calls gather();
//   2. passes the peer's credentials and candidates as signalling delivers them;
//   3. feeds EVERY datagram that arrives on those sockets to handle_input() — the one entry
//      point of the stack for datagrams — calls handle_timeout() when poll_timeout() says so,
//      and after each call drains poll_transmit() (send each datagram from its `local` socket
//      to `remote`) and poll_event().
//
// The one entry point: handle_input() classifies the datagram once (RFC 7983, ice/classify.h).
// STUN stays here (checks, answers, consent); DTLS and RTP/RTCP are handed back up as a Payload
// with the pair they arrived on, for the layer above. This is also where a TURN allocation's
// ChannelData and Data indications will be unwrapped before classification (RFC 8656 §11-§12),
// once a local candidate can be relayed. Data going out goes through send(), which uses the
// selected pair.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"
#include "common/random.h"
#include "common/time.h"
#include "ice/candidate.h"
#include "common/datagram.h"
#include "common/sans_io.h"
#include "ice/candidate_pair.h"
#include "ice/classify.h"

namespace lucid::ice {

// RFC 8445 §6.1.1: the controlling agent nominates; in WebRTC the offerer is controlling.
enum class Role : std::uint8_t { Controlling, Controlled };

// W3C RTCIceTransportState, which maps RFC 8445's states for one stream.
enum class AgentState : std::uint8_t {
  New,           // no remote candidates or credentials yet
  Checking,      // checks are running, no pair selected
  Connected,     // a pair is selected; more candidates may still come or checks still run
  Completed,     // selected pair, the peer sent end-of-candidates and no check is left
  Failed,        // every pair failed, or consent was lost (RFC 7675 §5.1)
  Disconnected,  // nothing received on the selected pair for 5 s; recovers when traffic returns
  Closed,        // close() was called
};

// W3C RTCIceGatheringState.
enum class GatheringState : std::uint8_t { New, Gathering, Complete };

const char* to_string(Role role);
const char* to_string(AgentState state);
const char* to_string(GatheringState state);

// RFC 8445 §5.3: ice-ufrag and ice-pwd, exchanged by signalling.
struct Credentials {
  std::string ufrag;  // at least 4 ice-chars
  std::string pwd;    // at least 22 ice-chars
  // Fresh random credentials (ufrag of 4+ and pwd of 22+ ice-chars, RFC 8839 §5.4).
  static Credentials generate(Random& random);
};

struct AgentConfig {
  Role role = Role::Controlling;
  // Shown before every trace line of this agent ("a: check ..."); empty for none.
  std::string name;
  // Our credentials; generated from `random` when not given.
  std::optional<Credentials> local_credentials;
  // STUN servers asked for server-reflexive candidates (RFC 8445 §5.1.1.2).
  std::vector<SocketAddress> stun_servers;
  // RFC 8445 §14.2: pacing, one new STUN transaction every Ta.
  Duration ta = std::chrono::milliseconds(50);
  // RFC 8445 §14.3: check RTO = max(500 ms, Ta * (waiting + in-progress pairs)); doubling on
  // each retransmission (RFC 8489 §6.2.1) but never past max_check_rto, given up after
  // max_check_retransmissions. RFC 8489's own schedule (Rc 7: sends at 0, 0.5, 1.5, 3.5, 7.5,
  // 15.5, 31.5 s) leaves 8 and 16 s gaps: at 30% loss each way a check and its answer both get
  // through only 1 time in 2, so a pair (or the nomination of the one pair there is) could
  // wait half a minute, or fail while the path works. Browsers do not wait so: libwebrtc caps
  // STUN's doubling (StunRequest, STUN_MAX_RTO) and pings a pair that is not yet writable every
  // few tens of ms. Here the wait stops growing at 1 s: sends at 0, 0.5, 1.5, 2.5, ... 13.5 s,
  // and the pair fails at 15.5 s (a dead path fails sooner than RFC 8489's 39.5 s), with a
  // chance of 0.51^15 (1 in 24,000) at 30% loss. Measured in bench/setup_under_loss.
  Duration min_check_rto = std::chrono::milliseconds(500);
  Duration max_check_rto = std::chrono::seconds(1);
  int max_check_retransmissions = 14;
  // Server-reflexive gathering gives up on a silent STUN server after this many retransmissions.
  int max_gather_retransmissions = 4;
  // Regular nomination (§8.1.1): once a pair is valid, the controlling agent waits at most this
  // long for better pairs to finish their checks before it nominates the best valid pair.
  Duration nomination_delay = std::chrono::milliseconds(1000);
  // RFC 7675 §5.1: consent checks every 5 s, randomized to 0.8-1.2 times that.
  Duration consent_interval = std::chrono::seconds(5);
  // An unanswered consent check is followed by a new one after this, then twice as long, ...
  // up to half of consent_interval (RFC 8489 §6.2.1's initial RTO and doubling; each one a new
  // transaction, RFC 7675 §5.1), so that loss alone does not let consent expire.
  Duration consent_rto = std::chrono::milliseconds(500);
  // RFC 7675 §5.1: no successful answer for 30 s means consent is lost.
  Duration consent_timeout = std::chrono::seconds(30);
  // Nothing at all received on the selected pair (DTLS, RTP, STUN) for this long →
  // Disconnected (W3C), until something arrives. An idle pair is probed after half of it.
  Duration disconnected_timeout = std::chrono::seconds(5);
  // RFC 8445 §6.1.2.5: the check list is limited.
  std::size_t max_pairs = 100;
};

// How many remote candidates the agent keeps; further ones are ignored (said once in the `ice`
// trace). A remote candidate is only of use in a pair, and a check list holds at most 100 pairs
// (RFC 8445 §6.1.2.5: the limit is there so that a peer cannot make us send checks without end);
// an honest peer signals a handful (browsers: a host candidate per interface, a server-reflexive
// and a relayed one per server). So 100 keeps everything a real peer sends, and caps what a flood
// of signalled or trickled candidates costs at 100 candidates (and pairs), not one per line.
inline constexpr std::size_t kMaxRemoteCandidates = 100;

// What handle_input() hands up: a datagram that is not for ICE, classified once (RFC 7983),
// with the pair it arrived on. `data` points into the datagram given to handle_input().
struct Payload {
  PacketClass kind;                      // Dtls or RtpRtcp
  BytesView data;
  const CandidatePair* pair = nullptr;  // nullptr: from an address no pair has (yet)
};

// Events, drained with poll_event().
struct LocalCandidateEvent {  // a local candidate to signal to the peer (RFC 8838 trickle)
  Candidate candidate;
};
struct GatheringStateEvent {  // Complete means: signal end-of-candidates
  GatheringState state;
};
struct StateChangeEvent {
  AgentState state;
  std::string reason;  // a sentence for the learner, e.g. "consent lost: no answer for 30 s"
};
struct SelectedPairEvent {  // data now flows on this pair
  Candidate local;
  Candidate remote;
};
using Event =
    std::variant<LocalCandidateEvent, GatheringStateEvent, StateChangeEvent, SelectedPairEvent>;

class Agent {
 public:
  // `random` must outlive the agent (transaction ids, tie-breaker, jitter, credentials).
  Agent(AgentConfig config, Random& random);
  ~Agent();
  // Movable (a moved-from agent may only be destroyed or assigned to), not copyable.
  Agent(Agent&&) noexcept;
  Agent& operator=(Agent&&) noexcept;

  // ---- local side ----
  // Our ufrag/pwd, to put in the SDP (a=ice-ufrag, a=ice-pwd).
  const Credentials& local_credentials() const;
  Role role() const;
  // Sets the role once signalling decides it (JSEP: the offerer controls; facing an ice-lite
  // peer we must). Pair priorities are recomputed. A role conflict repairs a wrong guess too.
  void set_role(Role role);
  // RFC 8445 §16.1: the tie-breaker sent in ICE-CONTROLLING/ICE-CONTROLLED.
  std::uint64_t tie_breaker() const;
  // A socket the caller has bound; becomes a host candidate (reported when gathering).
  void add_local_interface_address(const SocketAddress& address, Timestamp now);
  // Starts gathering: host candidates are reported at once, server-reflexive ones as STUN
  // servers answer; then GatheringStateEvent{Complete}.
  void gather(Timestamp now);
  GatheringState gathering_state() const;
  const std::vector<Candidate>& local_candidates() const;

  // ---- remote side (any order, any time: RFC 8838) ----
  // The peer's a=ice-ufrag/a=ice-pwd. Changing the ufrag needs restart() first (throws
  // std::logic_error otherwise): when the peer restarts ICE, restart this agent too.
  void set_remote_credentials(const Credentials& remote, Timestamp now);
  // Pairs it with our candidates and starts checks. Only `address` (or `hostname`), `type`,
  // `priority`, `foundation` and `component` of a remote candidate matter. A named (mDNS
  // `.local`) candidate is skipped with a trace, as is one for another component or without a
  // usable address; the peer's real address is then learned from its checks (peer-reflexive).
  // UDP only: the caller drops TCP candidates.
  void add_remote_candidate(const Candidate& candidate, Timestamp now);
  // RFC 8838 §13: the peer has no more candidates (a=end-of-candidates).
  void end_of_remote_candidates(Timestamp now);
  const std::vector<Candidate>& remote_candidates() const;

  // ---- I/O, sans-IO style ----
  // Every datagram that arrived on the socket bound to `datagram.local` (an address given to
  // add_local_interface_address) from `datagram.remote`. STUN is handled here; DTLS and
  // RTP/RTCP come back as the Payload for the layer above; anything else is dropped with a
  // trace line. Any bytes are safe: malformed or unauthentic STUN is traced and dropped.
  std::optional<Payload> handle_input(const Datagram& datagram, Timestamp now);
  void handle_timeout(Timestamp now);
  // When handle_timeout() should next be called; nullopt when nothing is scheduled. It may be
  // in the past (a check is due now): then call handle_timeout() at once.
  std::optional<Timestamp> poll_timeout() const;
  std::optional<Datagram> poll_transmit();
  std::optional<Event> poll_event();

  // ---- data and life ----
  // Queues `data` (DTLS, RTP, ...) on the selected pair. Returns false, sending nothing, when
  // there is no selected pair or consent was lost (RFC 7675 §5.1: stop sending).
  bool send(BytesView data);
  // The pair data flows on, if any.
  const CandidatePair* selected_pair() const;
  AgentState state() const;
  // RFC 8445 §9: new credentials, a new check list and fresh gathering. The old selected pair
  // keeps carrying data until a new one is selected. Returns the new local credentials.
  const Credentials& restart(Timestamp now, std::optional<Credentials> new_local = std::nullopt);
  // Stops everything; state Closed; nothing more is sent.
  void close();

  // Every pair, for inspection (debugger, tests, stats).
  const std::vector<CandidatePair>& pairs() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

static_assert(SansIo<Agent, const Datagram&, Datagram>);

}  // namespace lucid::ice
