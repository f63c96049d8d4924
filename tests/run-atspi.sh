#!/bin/bash
# A screen reader's view of the kiosk, through the real AT-SPI bus: starts
# the bus and the kiosk (--demo, with the [kiosk] settings given), then
# runs a python3 script that walks the tree as Orca does.  Runs under
# tests/run-with-display.sh (its own Xvfb and D-Bus session).
#   run-atspi.sh VENTANILLA KIOSK-SETTINGS SCRIPT.PY [ARGUMENTS...]
set -euo pipefail

kiosk=$1
settings=$2
script=$3
shift 3
tmp=$(mktemp -d)
bus_pid=
kiosk_pid=
cleanup() {
  [[ -n $kiosk_pid ]] && kill "$kiosk_pid" 2>/dev/null || true
  [[ -n $bus_pid ]] && kill "$bus_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

printf '[kiosk]\n%b\n' "$settings" >"$tmp/ventanilla.conf"

# The bus and its registry talk on stdout, which is the TAP stream here.
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$tmp/bus.log" 2>&1 &
bus_pid=$!

# The accessibility bridge is what is under test: the suite's defaults
# (NO_AT_BRIDGE=1, GTK_A11Y=test) turn it off.
env -u NO_AT_BRIDGE GTK_A11Y=atspi \
  "$kiosk" --demo --data-dir "$tmp/data" --config "$tmp/ventanilla.conf" >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!

status=0
# AT-SPI warns while applications come and go: not fatal here.
env -u G_DEBUG /usr/bin/python3 "$script" "$@" || status=$?
if [[ $status -ne 0 ]]; then
  sed 's/^/# kiosk: /' "$tmp/kiosk.log"
fi
exit $status
