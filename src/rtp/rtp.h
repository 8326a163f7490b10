// lucid::rtp — the Real-time Transport Protocol: how WebRTC carries audio and video.
//
// Media travels as RTP packets (a 12-byte header that says which source, which codec, which
// packet in order and which instant, then the encoded media) beside RTCP packets (reports on
// what arrived, and feedback: "resend these", "send me a keyframe"). In WebRTC both go on the
// ICE transport's one port, encrypted as SRTP/SRTCP (src/srtp).
//
// Implements RFC 3550 (RTP, RTCP, receiver statistics), RFC 8285 (header extensions),
// RFC 4585 (NACK, PLI), RFC 5104 (FIR), RFC 5506 (reduced-size RTCP), RFC 5761 (rtcp-mux),
// RFC 7741 (VP8 payload), RFC 7587 (Opus payload). Read in this order:
//
//   packet.h               the RTP header and packet: parse(), serialize()
//   header_extension.h     one-byte and two-byte header extensions (RFC 8285 §4.2, §4.3)
//   unwrap.h               16-bit sequence numbers and 32-bit timestamps to 64 bits
//   demux.h                RTP or RTCP on a muxed port (RFC 5761 §4)
//   rtcp.h                 RTCP compound packets: SR, RR, SDES, BYE, NACK, PLI, FIR, the rest
//   receiver_statistics.h  loss and jitter of one source, as an RTCP report block (A.3, A.8)
//   vp8_descriptor.h       the VP8 payload descriptor and key frame bit (RFC 7741 §4.2, §4.3)
//   vp8_packetizer.h       one VP8 frame into packets of an MTU
//   vp8_depacketizer.h     packets back into frames, in order, reordering and loss allowed
//   opus.h                 Opus: one packet per RTP packet, a 48 kHz clock (RFC 7587)
//   send_history.h         the last packets sent, to answer a NACK
//   feedback_responder.h   NACK -> retransmissions, PLI/FIR -> "key frame requested" (sans-IO)
//
// The layer is sans-IO: it never opens a socket or reads the clock. Traces: LUCID_TRACE=rtp.
#pragma once

#include "rtp/demux.h"
#include "rtp/feedback_responder.h"
#include "rtp/header_extension.h"
#include "rtp/opus.h"
#include "rtp/packet.h"
#include "rtp/receiver_statistics.h"
#include "rtp/rtcp.h"
#include "rtp/send_history.h"
#include "rtp/unwrap.h"
#include "rtp/vp8_depacketizer.h"
#include "rtp/vp8_descriptor.h"
#include "rtp/vp8_packetizer.h"
