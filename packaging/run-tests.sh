#!/bin/sh
# Builds Ventanilla in _build and runs the whole test suite, headless: GTK
# tests start their own Xvfb (tests/run-with-display.sh).
# Usage: packaging/run-tests.sh [BUILD_DIR [MESON_SETUP_OPTIONS…]]
set -eu

cd "$(dirname "$0")/.."
build_dir=${1:-_build}
[ $# -gt 0 ] && shift

if [ -d "$build_dir" ]; then
  meson setup --reconfigure "$build_dir" "$@" >/dev/null
else
  meson setup "$build_dir" "$@"
fi
meson compile -C "$build_dir"
meson test -C "$build_dir" --print-errorlogs --num-processes "${VT_TEST_JOBS:-2}"
