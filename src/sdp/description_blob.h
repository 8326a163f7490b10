// The copy-paste form of a session description that many WebRTC tutorials use: one line of
// base64 of the JSON the browser makes with JSON.stringify(pc.localDescription),
//   btoa(JSON.stringify(desc))  ->  eyJ0eXBlIjoib2ZmZXIiLCJzZHAiOiJ2PTBcclxu...
// so that a whole offer fits in a text box and survives chat programs that eat line breaks.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/session_description.h"

namespace lucid::sdp {

// {"type":"offer","sdp":"v=0\r\n..."}: what JSON.stringify gives for an RTCSessionDescription.
std::string to_json(const SessionDescription& description);
// Reads that object: keys in any order, any JSON whitespace, escapes (\r \n \" \\ \/ \uXXXX
// with surrogate pairs). Other keys are ignored if their values are strings.
Result<SessionDescription> from_json(std::string_view json);

// base64 (RFC 4648 §4) of to_json: the one-line blob.
std::string encode_blob(const SessionDescription& description);

// Reads what a person pasted: a base64 blob, the JSON itself, or plain SDP text (starting with
// "v="), which carries no type, so `type_if_plain_sdp` supplies it. Surrounding whitespace and
// line breaks inside a blob are ignored.
Result<SessionDescription> decode_blob(std::string_view text, SdpType type_if_plain_sdp);

}  // namespace lucid::sdp
