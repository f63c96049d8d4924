#!/bin/bash
# Runs one GTK test with a display of its own: a private Xvfb and a private
# D-Bus session, so a bare `meson test` works on a machine with no display
# and tests never share one server.  --screen WxHxD (first) or
# VT_TEST_SCREEN sets its size: 1280x1024x24 unless told, 1080x1920x24 for
# a portrait kiosk.
set -euo pipefail

if [[ ${1:-} == --screen ]]; then
  export VT_TEST_SCREEN=$2
  shift 2
fi

# GIO's own local file system and mount list, never gvfs: where gvfs is
# installed (CI's machine has it) the private session bus would start its
# daemons and volume monitors, which inherit G_DEBUG=fatal-warnings and die
# on their first warning (UDisks2VolumeMonitor did, under test-touch).  A
# USB stick is a stand-in directory in the tests (VtRemovable).
export GIO_USE_VFS=local GIO_USE_VOLUME_MONITOR=unix

if [[ -n "${VT_TEST_DISPLAY:-}" ]]; then
  export DISPLAY="$VT_TEST_DISPLAY"
  exec dbus-run-session -- "$@"
fi

tmp=$(mktemp -d)
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkfifo "$tmp/display"
# -displayfd picks a free display number and writes it once the server is
# ready; reading the fifo blocks until then, with no polling.
Xvfb -displayfd 3 -screen 0 "${VT_TEST_SCREEN:-1280x1024x24}" -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
if ! read -r -t 30 number <"$tmp/display"; then
  echo "Bail out! Xvfb did not start: $(cat "$tmp/xvfb.log")"
  exit 1
fi
export DISPLAY=":$number"
dbus-run-session -- "$@"
