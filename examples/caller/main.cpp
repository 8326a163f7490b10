// caller — the side that makes the offer, in the copy-paste tutorial (docs/tutorial.md).
//
//   caller [--bind ADDR] [--stun stun:HOST:PORT] [--trace LAYERS] [--pcap FILE] [--keylog FILE]
//
// The same steps a web page takes with RTCPeerConnection, one after the other:
//
//   createDataChannel("chat")          the channel to chat on (lucid's offer always has its
//                                      m=application section, channel or not)
//   createOffer, setLocalDescription   our description is the LOCAL one; ICE gathering starts
//   (wait for gathering to complete)   non-trickle: the offer then carries every candidate
//   print the offer                    one line on stdout, to paste into `callee` or the page
//   read the answer, setRemoteDescription
//                                      the callee's description is the REMOTE one; ICE checks,
//                                      then DTLS, then SCTP run
//   (wait for "chat" to open)
//   chat                               lines typed are sent, messages received are printed
//
// Status lines go to stderr; stdout has only the offer line and "peer: ..." lines.
#include "chat_session.h"

using namespace lucid;

int main(int argc, char** argv) {
  const auto options = examples::parse_options(
      "caller", "Makes a WebRTC offer with a data channel \"chat\" and chats over it.", argc, argv);
  examples::ChatSession session("caller", options);
  net::PeerHost& pc = session.pc();

  // 1. The data channel, before the offer: a data channel is what the offer offers.
  const auto chat = pc.create_data_channel("chat");
  session.print_messages_from(*chat);

  // 2. The offer becomes our local description, and gathering starts.
  pc.set_local_description(pc.create_offer());

  // 3. Once every candidate is in it, print it for the other side.
  session.wait_for_ice_gathering_complete();
  session.print_local_description();

  // 4. The callee's answer becomes our remote description: ICE can start its checks.
  const auto answer = session.read_remote_description(SdpType::Answer);
  if (!answer) return 1;
  if (auto accepted = pc.set_remote_description(*answer); !accepted)
    return session.fail("the answer was not accepted: " + accepted.error().message());

  // 5. ICE, DTLS and SCTP connect; the channel opens.
  if (!session.wait_until("the data channel \"chat\" is open",
                          [&] { return chat->ready_state() == DataChannelState::Open; }))
    return 1;

  // 6. Chat until stdin ends.
  return session.chat(*chat);
}
