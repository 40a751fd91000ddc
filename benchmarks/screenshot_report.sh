#!/bin/sh
# Render treatylint's HTML report of a draft and screenshot it with headless Chromium.
#
#   benchmarks/screenshot_report.sh [DRAFT] [OUT.png] [WIDTHxHEIGHT]
#
# Defaults: corpora/sample-draft.txt, docs/img/html-report.png (the README's picture) and a
# 1400x1900 window, tall enough to show the preamble, the chapters and the flagged Article 4.
# Needs Debian's chromium (apt-get update && apt-get install -y chromium). No network is used:
# the report is self-contained and Chromium runs with background networking, component updates
# and sync turned off. TREATYLINT="python -m treatylint" runs it from a checkout.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
draft=${1:-"$here/corpora/sample-draft.txt"}
out=${2:-"$here/docs/img/html-report.png"}
size=${3:-1400x1900}
treatylint=${TREATYLINT:-treatylint}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here" && $treatylint check "$draft" --no-cache --format html --output "$work/report.html" --exit-zero >/dev/null)
mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size="$(echo "$size" | tr x ,)" \
    --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "$out"
