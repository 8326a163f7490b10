// What a received description may be: what a remote offer may not carry, and how an answer must
// match the offer it answers. Checked before setRemoteDescription changes anything, so that a
// description the RFCs do not allow is refused with the rule it breaks, and the connection stays
// as it was.
//
//   check_offer(offer)            RFC 8842 §5.1: no a=setup:holdconn for DTLS
//                                 RFC 5888 §5: a=group names only mids of this description
//   check_answer(offer, answer)   RFC 3264 §6, RFC 9429 §5.8.3: one m= section per offered one,
//                                 same media and proto; RFC 9429 §5.3.1: the offer's mids;
//                                 RFC 8843 §7.3: BUNDLE only what the offer bundled, no rejected
//                                 section; RFC 8842 §5.1 as for the offer
//
// An error names the m= section ("m= section 2 (mid 1)") or the a=group line as its position,
// and its text says which rule was broken.
#pragma once

#include "common/result.h"
#include "sdp/description.h"

namespace lucid::sdp {

// The rules an offer from the peer must follow that the parser cannot see line by line.
Status check_offer(const Description& offer);

// The rules an answer must follow to be an answer to `offer` (the offer we sent).
Status check_answer(const Description& offer, const Description& answer);

}  // namespace lucid::sdp
