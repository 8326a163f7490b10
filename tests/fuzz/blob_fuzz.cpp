// Target 4, blob: what a person pastes into the copy-paste tutorial (src/sdp/description_blob.h):
// a base64 blob of {"type":..,"sdp":..}, the JSON itself, or plain SDP, through decode_blob and
// from_json; then encode_blob/to_json of what was read.
//
// Reaches: src/sdp/description_blob.cpp (the JSON reader with its escapes and surrogate pairs),
// src/common/base64.cpp, src/sdp/session_description.cpp.
// Invariants: what to_json writes, from_json reads back as equal; what encode_blob writes,
// decode_blob reads back as equal.
#include <string>

#include "fuzz_check.h"
#include "sdp/description_blob.h"

using namespace lucid;
using namespace lucid::sdp;

namespace {

void check_round_trip(const SessionDescription& d) {
  auto from_json_again = from_json(to_json(d));
  LUCID_FUZZ_CHECK(from_json_again.ok());
  LUCID_FUZZ_CHECK(*from_json_again == d);
  auto from_blob_again = decode_blob(encode_blob(d), SdpType::Answer);
  LUCID_FUZZ_CHECK(from_blob_again.ok());
  LUCID_FUZZ_CHECK(*from_blob_again == d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text(data, size);
  if (auto d = decode_blob(text, SdpType::Offer)) check_round_trip(*d);
  if (auto d = from_json(text)) check_round_trip(*d);
  return 0;
}
