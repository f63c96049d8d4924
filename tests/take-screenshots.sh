#!/bin/bash
# Takes the screenshots in data/screenshots/: every screen in Spanish and
# French, default and high contrast, on a private 1280x1024 Xvfb.
#   tests/take-screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-_build}
out=data/screenshots
mkdir -p "$out"
export VENTANILLA_LOCALEDIR="$PWD/$build/po" GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export LC_ALL=C.UTF-8 GSETTINGS_BACKEND=memory
for args in "es" "es high-contrast" "fr" "fr high-contrast"; do
  # shellcheck disable=SC2086
  tests/run-with-display.sh "$build/tests/vt-screenshots" "$out" $args
done
# Documents (photo, scan, USB stick, signature, voice): 100 %, 200 % and
# high contrast.
for args in "es" "es 200" "es high-contrast" "fr high-contrast"; do
  # shellcheck disable=SC2086
  tests/run-with-display.sh "$build/tests/vt-document-screenshots" "$out" $args
done
