#!/bin/sh
# Render treatylint's HTML report of a draft and screenshot it with headless Chromium.
#
#   benchmarks/screenshot_report.sh [DRAFT] [OUT.png]
#
# The window is tall enough to show the preamble and the first flagged articles (Budapest: 2 and 3).
# Defaults: the Budapest Convention from ../shared/corpora/treaties and docs/html-report.png.
# Needs Debian's chromium (optional dev step: apt-get update && apt-get install -y chromium).
# No network is used: the report is self-contained and Chromium runs with background
# networking, component updates and sync turned off.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
draft=${1:-"$here/../shared/corpora/treaties/convention-on-cybercrime-BWBV0001839.txt"}
out=${2:-"$here/docs/html-report.png"}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
treatylint check "$draft" --format html --output "$work/report.html" --exit-zero >/dev/null
mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1400,3400 \
    --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "$out"
