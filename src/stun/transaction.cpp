#include "stun/transaction.h"

#include <algorithm>
#include <stdexcept>

#include "common/trace.h"

namespace lucid::stun {

namespace {
std::int64_t ms(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}
}  // namespace

ClientTransaction::ClientTransaction(Bytes request, TransactionId id, Timestamp now,
                                     TransactionConfig config)
    : request_(std::move(request)),
      id_(id),
      config_(config),
      started_(now),
      next_(now),
      interval_(config.rto) {
  if (config_.rc < 1 || config_.rm < 1 || config_.rto <= Duration::zero())
    throw std::invalid_argument("TransactionConfig needs rc >= 1, rm >= 1 and a positive rto");
}

std::optional<Bytes> ClientTransaction::poll_transmit() {
  if (state_ != State::Waiting || !transmit_due_) return std::nullopt;
  transmit_due_ = false;
  ++sent_;
  // RFC 8489 §6.2.1: after the last of Rc requests, wait Rm * RTO for a response.
  if (sent_ == config_.rc) interval_ = config_.rto * config_.rm;
  const Timestamp send_time = next_;
  next_ = send_time + interval_;
  // Times in traces count from the start of the transaction, as RFC 8489 §6.2.1 describes them.
  if (sent_ < config_.rc) {
    LUCID_TRACE("stun", "sending request ", to_hex(id_), " (", sent_, " of ", config_.rc, ") at +",
                ms(send_time - started_), " ms; if no response comes, sending again at +",
                ms(next_ - started_), " ms");
  } else {
    LUCID_TRACE("stun", "sending request ", to_hex(id_), " for the last time (", sent_, " of ",
                config_.rc, ") at +", ms(send_time - started_), " ms; giving up at +",
                ms(next_ - started_), " ms");
  }
  return request_;
}

std::optional<Timestamp> ClientTransaction::poll_timeout() const {
  if (state_ != State::Waiting) return std::nullopt;
  return next_;
}

void ClientTransaction::handle_timeout(Timestamp now) {
  if (state_ != State::Waiting || transmit_due_ || now < next_) return;
  if (sent_ < config_.rc) {
    // RFC 8489 §6.2.1: the RTO doubles after each retransmission.
    // The next send is timed from now, so a caller that wakes up late shifts the schedule
    // rather than sending a burst.
    transmit_due_ = true;
    interval_ = std::min(interval_ * 2, std::max(config_.max_rto, config_.rto));
    next_ = now;
    return;
  }
  state_ = State::TimedOut;
  error_ = fail("no response after " + std::to_string(sent_) + " requests over " +
                std::to_string(ms(now - started_)) + " ms");
  LUCID_TRACE("stun", "transaction ", to_hex(id_), " timed out: ", error_->what);
}

bool ClientTransaction::handle_response(const Message& response, Timestamp now) {
  // RFC 8489 §6.3.3/§6.3.4: a response is matched to its request by the transaction id.
  if (!response.is_response() || response.transaction_id() != id_) return false;
  if (state_ != State::Waiting) return true;  // a late duplicate of a response already taken
  state_ = State::Answered;
  response_ = response;
  LUCID_TRACE("stun", "transaction ", to_hex(id_), " answered by a ",
              method_name(response.method()), " ", class_name(response.message_class()), " after ",
              ms(now - started_), " ms and ", sent_, sent_ == 1 ? " request" : " requests");
  return true;
}

}  // namespace lucid::stun
