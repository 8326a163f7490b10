#!/usr/bin/env bash
# Captures the browser SDP corpus in tests/data/sdp with the harness: each browser's data channel
# offer and audio+video offer (fake devices), then each browser's answer to the other's data
# channel offer. Needs root (network namespace). Usage: tests/interop/capture_sdp.sh [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath -m "${1:-$here/../data/sdp}")"
mkdir -p "$out"
harness=("$here/harness.py" --page capture_sdp.html --timeout 30 --artifacts "$out")

for browser in chromium firefox; do
  "${harness[@]}" --browser "$browser" --role browser-offers --fake-media
done
# The pages name files after the browser's major version: chromium156_..., firefox153_...
chromium=chromium$(chromium --version 2>/dev/null | grep -o '[0-9]\+' | head -1)
firefox=firefox$(firefox-esr --version 2>/dev/null | grep -o '[0-9]\+' | head -1)
"${harness[@]}" --browser chromium --role lucid-offers \
  --lucid "$here/sdp_blob.py offer $out/${firefox}_datachannel_offer.sdp"
"${harness[@]}" --browser firefox --role lucid-offers \
  --lucid "$here/sdp_blob.py offer $out/${chromium}_datachannel_offer.sdp"

echo "captured in $out with $(chromium --version 2>/dev/null) and $(firefox-esr --version 2>/dev/null) on $(date -u +%F)"
