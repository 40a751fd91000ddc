#!/bin/sh
# Render treatylint's HTML report of a draft and screenshot it with headless Chromium.
#
#   benchmarks/screenshot_report.sh [DRAFT] [OUT.png] [WIDTHxHEIGHT]
#   benchmarks/screenshot_report.sh --diff OLD NEW [OUT.png] [WIDTHxHEIGHT]     # treatylint diff -f html
#   benchmarks/screenshot_report.sh --history R1 R2 ... -- [OUT.png] [WIDTHxHEIGHT]
#
# The README's diff picture: --diff benchmarks/blind/rounds-A/r1-zero-draft.txt
# benchmarks/blind/rounds-A/r2-consolidated.txt docs/img/diff-html.png 1280x1500; docs/diff.md's
# history picture: --history benchmarks/blind/rounds-A/r[1-4]-* -- docs/img/history-html.png 1280x1100.
#
# Defaults: corpora/sample-draft.txt, docs/img/html-report.png (the README's picture) and a
# 1400x1900 window, tall enough to show the preamble, the chapters and the flagged Article 4.
# Needs Debian's chromium (apt-get update && apt-get install -y chromium). No network is used:
# the report is self-contained and Chromium runs with background networking, component updates
# and sync turned off. TREATYLINT="python -m treatylint" runs it from a checkout.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
treatylint=${TREATYLINT:-treatylint}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "${1:-}" in
--diff)
    old=$2 new=$3
    out=${4:-"$here/docs/img/diff-html.png"}
    size=${5:-1280x1500}
    (cd "$here" && $treatylint diff "$old" "$new" --isolated --format html --output "$work/report.html") ;;
--history)
    shift
    rounds=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do rounds="$rounds $1"; shift; done
    [ $# -gt 0 ] && shift
    out=${1:-"$here/docs/img/history-html.png"}
    size=${2:-1280x1100}
    # shellcheck disable=SC2086 # the rounds are words
    (cd "$here" && $treatylint history $rounds --isolated --format html --output "$work/report.html") ;;
*)
    draft=${1:-"$here/corpora/sample-draft.txt"}
    out=${2:-"$here/docs/img/html-report.png"}
    size=${3:-1400x1900}
    (cd "$here" && $treatylint check "$draft" --no-cache --format html --output "$work/report.html" --exit-zero >/dev/null) ;;
esac
mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size="$(echo "$size" | tr x ,)" \
    --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "$out"
