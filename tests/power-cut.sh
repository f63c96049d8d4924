#!/bin/bash
# The store through many simulated power cuts (tests/test-power-cut.c):
# 10,000 by default, a few minutes on two cores.  The meson test `power-cut`
# runs a share of them in the suite; this runs the full count, or one
# failing cut again with the command the test printed.
#
# Usage: tests/power-cut.sh [--build DIR] [--cuts N] [--seed S] [--first I]
#   --build DIR  the build directory (default _build; built if needed)
#   --cuts N     how many cuts (default 10000)
#   --seed S     the run's seed (default: a new one, printed)
#   --first I    the first cut's number (default 0), to run one cut again
set -euo pipefail

cd "$(dirname "$0")/.."
build=_build
cuts=10000
seed=
first=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --cuts) cuts=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --first) first=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--cuts N] [--seed S] [--first I]" >&2; exit 2 ;;
  esac
done

[ -d "$build" ] || meson setup "$build" >/dev/null
meson compile -C "$build" test-power-cut >/dev/null

export VT_SOURCE_ROOT="$PWD"
export VT_POWER_CUTS="$cuts"
export VT_POWER_CUT_FIRST="$first"
[ -n "$seed" ] && export VT_POWER_CUT_SEED="$seed"
export G_DEBUG=fatal-warnings
export LC_ALL=C.UTF-8
# The store's "retention: … purged" notes would bury the result lines.
"$build/tests/test-power-cut" -p /vt/power-cut/cuts 2>&1 | grep -v -e '-Message: '
