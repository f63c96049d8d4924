#!/bin/bash
# Takes the screenshots in data/screenshots/: every screen in Spanish,
# French and Quechua, default and high contrast, on a private 1280x1024 Xvfb,
# and in Spanish at 200 % text there and on a 1080x1920 one; then the
# on-screen keyboard in every layout (Guaraní over the Spanish pages until
# po/gn.po is built), default and high contrast, and in Spanish on a portrait
# 1080x1920 screen.
# With "screens" or "keyboard" (or "documents") only those.
#   tests/take-screenshots.sh [BUILD_DIR] [screens|keyboard|documents]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-_build}
only=${2:-}
out=data/screenshots
mkdir -p "$out"
export VENTANILLA_LOCALEDIR="$PWD/$build/po" GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export LC_ALL=C.UTF-8 GSETTINGS_BACKEND=memory
if [[ -z $only || $only == screens ]]; then
  for args in "es" "es high-contrast" "fr" "fr high-contrast" "qu" "qu high-contrast" "es 200"; do
    # shellcheck disable=SC2086
    tests/run-with-display.sh "$build/tests/vt-screenshots" "$out" $args
  done
  # Every screen at 200 % on a portrait screen too (issue 18).
  VT_TEST_SCREEN=1080x1920x24 tests/run-with-display.sh "$build/tests/vt-screenshots" "$out" es 200
fi
if [[ -z $only || $only == keyboard ]]; then
  for language in es pt_BR fr ht en qu es:gn; do
    layout=${language#*:}
    ui=${language%%:*}
    [[ $layout == pt_BR ]] && layout=pt
    for contrast in "" high-contrast; do
      # shellcheck disable=SC2086
      tests/run-with-display.sh "$build/tests/vt-screenshots" "$out" "$ui" $contrast "keyboard:$layout"
    done
  done
  for contrast in "" high-contrast; do
    # shellcheck disable=SC2086
    VT_TEST_SCREEN=1080x1920x24 tests/run-with-display.sh "$build/tests/vt-screenshots" "$out" es $contrast keyboard
  done
fi
[[ -n $only && $only != documents ]] && exit 0
# Documents (photo, scan, USB stick, signature, voice): 100 %, 200 % and
# high contrast.
for args in "es" "es 200" "es high-contrast" "fr high-contrast"; do
  # shellcheck disable=SC2086
  tests/run-with-display.sh "$build/tests/vt-document-screenshots" "$out" $args
done
# A location question and its review (issue 20): 100 %, high contrast, 200 %.
VT_SOURCE_ROOT="$PWD" VT_GEO_SCREENSHOT_DIR="$PWD/$out" tests/run-with-display.sh "$build/tests/test-geo-view" -p /vt/geo-view/street-problem
