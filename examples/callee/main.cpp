// callee — the side that answers, in the copy-paste tutorial (docs/tutorial.md).
//
//   callee [--bind ADDR] [--stun stun:HOST:PORT] [--trace LAYERS] [--pcap FILE] [--keylog FILE]
//
// The same steps a web page takes with RTCPeerConnection, one after the other:
//
//   read the offer, setRemoteDescription   the caller's description is the REMOTE one
//   createAnswer, setLocalDescription      our answer is the LOCAL one; ICE gathering starts,
//                                          and with the caller's candidates known, ICE checks
//   (wait for gathering to complete)       non-trickle: the answer then carries every candidate
//   print the answer                       one line on stdout, to paste into `caller` or the page
//   (wait for the datachannel event and for "chat" to open)
//   chat                                   lines typed are sent, messages received are printed
//
// Status lines go to stderr; stdout has only the answer line and "peer: ..." lines.
#include "chat_session.h"

using namespace lucid;

int main(int argc, char** argv) {
  const auto options = examples::parse_options(
      "callee", "Answers a WebRTC offer and chats on the data channel the caller opens.", argc,
      argv);
  examples::ChatSession session("callee", options);
  net::PeerHost& pc = session.pc();

  // The caller made the channel; it reaches us as a datachannel event once SCTP is up.
  std::shared_ptr<net::HostedDataChannel> chat;
  pc.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    chat = std::move(channel);
    session.print_messages_from(*chat);
  };

  // 1. The caller's offer becomes our remote description.
  const auto offer = session.read_remote_description(SdpType::Offer);
  if (!offer) return 1;
  if (auto accepted = pc.set_remote_description(*offer); !accepted)
    return session.fail("the offer was not accepted: " + accepted.error().message());

  // 2. The answer becomes our local description, and gathering starts.
  pc.set_local_description(pc.create_answer());

  // 3. Once every candidate is in it, print it for the caller.
  session.wait_for_ice_gathering_complete();
  session.print_local_description();

  // 4. ICE, DTLS and SCTP connect; the caller's channel arrives and opens.
  if (!session.wait_until("the caller's data channel is open",
                          [&] { return chat && chat->ready_state() == DataChannelState::Open; }))
    return 1;

  // 5. Chat until stdin ends.
  return session.chat(*chat);
}
