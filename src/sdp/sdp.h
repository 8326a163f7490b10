// lucid::sdp — the Session Description Protocol as WebRTC uses it. The table of contents.
//
// sdp is a pure text format: it knows no other layer. peer turns what it reads into ICE
// candidates and credentials, the DTLS fingerprint and role, and the SCTP port.
//
// Standards:
//   RFC 8866  SDP: the grammar of v= o= s= t= m= c= b= a= lines            parser.h, writer.h
//   RFC 8839  ICE in SDP: a=candidate, a=ice-ufrag/pwd/options/lite       candidate.h, ice_credentials.h
//   RFC 8840  Trickle ICE: a=ice-options:trickle, a=end-of-candidates
//   RFC 8841  SCTP over DTLS in SDP: UDP/DTLS/SCTP, a=sctp-port, a=max-message-size
//   RFC 8122  a=fingerprint, with RFC 5763 (DTLS-SRTP framework) and     fingerprint.h
//   RFC 8842  a=setup for DTLS: who sends the ClientHello
//   RFC 8843  BUNDLE: a=group:BUNDLE, a=mid
//   RFC 9429  JSEP: the offers and answers a browser makes               jsep_offer_answer.h
//   RFC 3264  the offer/answer model: one answer section per offered one, port 0 rejects
//
// Reading and writing:
//   parse(text) -> Result<Description>      "line 14: a=candidate: port 70000 out of range"
//   write(description) -> text              parse-then-write gives back a browser's text
//   Candidate::parse / to_string            one trickled candidate, as addIceCandidate gets it
//
// The model (description.h): Description (session part) with MediaDescription per m= section.
//
// Offer and answer (jsep_offer_answer.h):
//   create_offer(local, origin)             one data channel section, setup actpass
//   create_answer(offer, local, origin)     mirrors the offer; accepts the data channel, rejects the rest
//
// What a received description may be (offer_answer_rules.h), checked before anything changes:
//   check_offer(offer)                      no a=setup:holdconn, groups name existing mids
//   check_answer(offer, answer)             the offer's m= sections, media, protos, mids; BUNDLE
//
// What peer reads from the remote description (remote_transport.h):
//   read_remote_transport(remote, type)     ICE credentials and candidates, fingerprints, setup,
//                                           SCTP port and max-message-size, checked
//
// Copy-paste (description_blob.h): SessionDescription {type, sdp} <-> base64(JSON) or plain SDP.
#pragma once

#include "sdp/attributes.h"
#include "sdp/candidate.h"
#include "sdp/description.h"
#include "sdp/description_blob.h"
#include "sdp/fingerprint.h"
#include "sdp/ice_credentials.h"
#include "sdp/jsep_offer_answer.h"
#include "sdp/offer_answer_rules.h"
#include "sdp/parser.h"
#include "sdp/remote_transport.h"
#include "sdp/session_description.h"
#include "sdp/writer.h"
