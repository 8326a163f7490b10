// lucid::sctp — SCTP and WebRTC data channels. Start reading here.
//
// Standards:
//   RFC 8261  DTLS encapsulation of SCTP packets: SCTP runs inside DTLS application data
//   RFC 8831  WebRTC data channels: one channel = one stream id in both directions, PPIDs,
//             ordered/unordered, partial reliability, closing by stream reset
//   RFC 8832  DCEP, the Data Channel Establishment Protocol: DATA_CHANNEL_OPEN / _ACK
//   RFC 8841  SDP for SCTP over DTLS: a=sctp-port, a=max-message-size
//   RFC 6525  SCTP stream reconfiguration (the stream reset that closes a channel)
//   RFC 3758  PR-SCTP, partial reliability (maxRetransmits, maxPacketLifeTime)
//   RFC 9260  SCTP itself — done by usrsctp, the library browsers used for years
//
// What is where:
//   association.h      sctp::Association — the sans-IO association with its channel table:
//                      handle_input / poll_transmit / poll_event / poll_timeout /
//                      handle_timeout, create_channel / send / close_channel
//   events.h           what poll_event() reports: AssociationEstablished, ChannelCreated,
//                      ChannelOpened, MessageReceived, BufferedAmountLow, ChannelClosed, ...
//   stream.h           sctp::Stream, ChannelInit — one channel's stream pair: its options
//                      (label, protocol, ordered, maxRetransmits), bufferedAmount, and where
//                      it is in opening (DCEP) and closing (stream reset)
//   dcep.h             sctp::dcep — DATA_CHANNEL_OPEN / DATA_CHANNEL_ACK encode and parse,
//                      written by hand against RFC 8832 §5
//   ppid.h             sctp::Ppid — payload protocol identifiers 50/51/53/56/57
//   usrsctp_library.h  sctp::UsrsctpLibrary — the one owner of usrsctp's process-wide state
//   packet_summary.h   a one-line trace description of an SCTP packet ("INIT", "RE-CONFIG")
//
// Traces: LUCID_TRACE=sctp (handshake, stream resets, flow) and LUCID_TRACE=dcep (OPEN/ACK).
// docs/sctp.md walks through a real exchange.
#pragma once

#include "sctp/association.h"
#include "sctp/stream.h"
#include "sctp/dcep.h"
#include "sctp/events.h"
#include "sctp/ppid.h"
