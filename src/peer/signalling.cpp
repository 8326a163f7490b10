#include "peer/signalling.h"

#include <stdexcept>

#include "common/trace.h"
#include "sdp/offer_answer_rules.h"
#include "sdp/parser.h"
#include "sdp/writer.h"

namespace lucid {

Signalling::Signalling(sdp::LocalParameters local, sdp::Origin origin, const std::string& name,
                       std::deque<PeerConnectionEvent>& events)
    : local_parameters_(std::move(local)), origin_(origin), name_(name), events_(events) {}

SessionDescription Signalling::create_offer() {
  machine_.check_create_offer();
  const sdp::Description offer = sdp::create_offer(local_parameters_, next_origin());
  LUCID_TRACE("pc", prefix(), "created an offer with one data channel section (mid 0), ice-ufrag ",
              local_parameters_.ice.ufrag);
  return {SdpType::Offer, sdp::write(offer)};
}

SessionDescription Signalling::create_answer() {
  machine_.check_create_answer();
  const sdp::Description answer =
      sdp::create_answer(*remote_, local_parameters_, next_origin());
  LUCID_TRACE("pc", prefix(), "created an answer, ice-ufrag ", local_parameters_.ice.ufrag);
  return {SdpType::Answer, sdp::write(answer)};
}

ice::Role Signalling::set_local_description(const SessionDescription& description) {
  if (description.type == SdpType::Rollback || description.type == SdpType::Pranswer)
    throw std::invalid_argument(
        "setLocalDescription: rollback and pranswer are not supported yet");
  // A local description is text we wrote (create_offer/create_answer); failing to read it is a
  // programming mistake, not a network error.
  auto parsed = sdp::parse(description.sdp);
  if (!parsed) throw std::invalid_argument("setLocalDescription: " + parsed.error().message());
  const auto section = sdp::find_data_channel(*parsed);
  if (!section) throw std::invalid_argument("setLocalDescription: no data channel section");

  const SignalingState before = machine_.state();
  change_state(before, machine_.set_local_description(description.type));
  local_ = std::move(*parsed);
  local_type_ = description.type;
  local_section_ = *section;
  // RFC 9429 §5.2/§5.3 and RFC 8445 §6.1.1: the offerer is the controlling agent.
  return description.type == SdpType::Offer ? ice::Role::Controlling : ice::Role::Controlled;
}

Result<RemoteIce> Signalling::set_remote_description(const SessionDescription& description) {
  if (description.type == SdpType::Rollback || description.type == SdpType::Pranswer)
    throw std::invalid_argument(
        "setRemoteDescription: rollback and pranswer are not supported yet");
  auto parsed = sdp::parse(description.sdp);
  if (!parsed) return fail("remote description: " + parsed.error().what, parsed.error().where);
  // What an offer may carry and what an answer to our offer may be (sdp/offer_answer_rules.h).
  Status rules = Ok{};
  if (description.type == SdpType::Offer) rules = sdp::check_offer(*parsed);
  if (description.type == SdpType::Answer && machine_.state() == SignalingState::HaveLocalOffer)
    rules = sdp::check_answer(*local_, *parsed);
  if (!rules) return fail("remote description: " + rules.error().message());
  const auto index = sdp::find_data_channel(*parsed);
  if (!index)
    return fail(
        "remote description has no data channel section (m=application ... webrtc-datachannel)");
  const sdp::MediaDescription& section = parsed->media[*index];
  const auto ufrag = parsed->ice_ufrag_for(section);
  const auto pwd = parsed->ice_pwd_for(section);
  if (!ufrag || !pwd)
    return fail("remote description has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)");
  // DTLS needs the peer's fingerprint and, in an answer, a usable a=setup: check before
  // anything changes, so that a bad description leaves the connection as it was.
  if (description.type == SdpType::Answer && local_) {
    auto dtls = lucid::dtls_parameters(*local_, local_->media[local_section_], *parsed, section,
                                       true);
    if (!dtls) return dtls.error();  // it says which description is wrong
  } else if (auto fingerprints = remote_fingerprints(*parsed, section); !fingerprints) {
    return fingerprints.error();
  }
  // RFC 9260 §3.1: SCTP port 0 is not a port; usrsctp refuses to connect to it. The SDP
  // grammar allows 0-65535 (RFC 8841 §5.2), so the check is ours, before anything changes.
  if (section.effective_sctp_port() == 0)
    return fail(std::string("remote description: ") +
                (section.sctp_port ? "a=sctp-port:0" : "a=sctpmap port 0") +
                " is not a usable SCTP port (RFC 8841 §5.2, RFC 9260 §3.1)");

  const SignalingState before = machine_.state();
  change_state(before, machine_.set_remote_description(description.type));
  remote_ = std::move(*parsed);
  remote_type_ = description.type;
  remote_section_ = *index;
  LUCID_TRACE("pc", prefix(), "remote ", sdp::to_string(description.type), ": ice-ufrag ", *ufrag,
              ", ", section.candidates.size(), " candidate(s)",
              section.end_of_candidates ? ", end-of-candidates" : "");

  const sdp::MediaDescription& accepted = remote_->media[remote_section_];
  return RemoteIce{
      description.type == SdpType::Offer ? ice::Role::Controlled : ice::Role::Controlling,
      ice::Credentials{*ufrag, *pwd}, accepted.candidates, accepted.end_of_candidates,
      remote_->ice_lite};
}

bool Signalling::remote_mid_matches(const std::optional<std::string>& mid) const {
  if (!remote_ || !mid) return true;
  const auto& own = remote_->media[remote_section_].mid;
  return !own || *own == *mid;
}

Result<DtlsParameters> Signalling::dtls_parameters() const {
  return lucid::dtls_parameters(*local_, local_->media[local_section_], *remote_,
                                remote_->media[remote_section_], local_type_ == SdpType::Offer);
}

// RFC 8841: the ports are each side's a=sctp-port; the remote a=max-message-size bounds what we
// send, ours what we accept.
SctpParameters Signalling::sctp_parameters() const {
  const sdp::MediaDescription& local = local_->media[local_section_];
  const sdp::MediaDescription& remote = remote_->media[remote_section_];
  return SctpParameters{local.effective_sctp_port(), remote.effective_sctp_port(),
                        local.effective_max_message_size(), remote.effective_max_message_size()};
}

std::optional<SessionDescription> Signalling::local_description(
    const std::vector<sdp::Candidate>& gathered, bool gathering_complete) const {
  if (!local_) return std::nullopt;
  // W3C webrtc-pc §4.4.1.6: the local description carries the candidates gathered so far.
  sdp::Description with_candidates = *local_;
  sdp::MediaDescription& section = with_candidates.media[local_section_];
  section.candidates.insert(section.candidates.end(), gathered.begin(), gathered.end());
  section.end_of_candidates = gathering_complete;
  return SessionDescription{local_type_, sdp::write(with_candidates)};
}

std::optional<SessionDescription> Signalling::remote_description() const {
  if (!remote_) return std::nullopt;
  return SessionDescription{remote_type_, sdp::write(*remote_)};
}

std::optional<std::string> Signalling::local_mid() const {
  if (!local_) return std::string("0");  // what create_offer will write
  return local_->media[local_section_].mid;
}

void Signalling::close() {
  machine_.close();
}

void Signalling::change_state(SignalingState before, SignalingState next) {
  if (next == before) return;
  LUCID_TRACE("pc", prefix(), "signalingstatechange: ", to_string(before), " -> ",
              to_string(next));
  events_.push_back(SignalingStateChangeEvent{next});
}

sdp::Origin Signalling::next_origin() {
  sdp::Origin o = origin_;
  ++origin_.session_version;
  return o;
}

}  // namespace lucid
