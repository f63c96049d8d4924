#!/bin/bash
# Builds the libFuzzer targets of tests/fuzz with clang and runs each for a
# while; CI runs every target for 60 s, long runs (an hour and more) use
# the same command with --seconds.  See tests/fuzz/README.md.
#
# Usage: tests/fuzz/run-fuzzers.sh [--seconds N] [--jobs J] [--build DIR]
#                                  [--work DIR] [--coverage] [TARGET...]
#   --seconds N  how long each target runs (default 60; 0 with --coverage:
#                only measure the corpora the work folder holds)
#   --jobs J     targets run at once (default 2)
#   --timeout S  one input taking longer is a finding (default 25; raise it
#                for long runs at nice 19 on a busy machine, which can stall
#                a process that long)
#   --build DIR  the clang build (default _build-fuzz)
#   --work DIR   corpora, crashes and logs, kept between runs so a corpus
#                grows (default _build-fuzz/work)
#   --coverage   afterwards, the line coverage of src/core that each
#                target's corpus reaches (llvm-cov; builds _build-fuzz-cov)
#   TARGET       bundle config form-list manifest receipt response xform xpath
#                (default: all)
# Prints per target "RESULT fuzz-<target> <execs> execs <cov> cov <ft> ft
# <n> corpus <crashes> crashes"; exits 1 if a target crashed, naming the
# input and the command that replays it.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
seconds=60
jobs=2
timeout=25
build=_build-fuzz
work=
coverage=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --coverage) coverage=1; shift ;;
    -*) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
work=${work:-$build/work}
[ ${#targets[@]} -gt 0 ] || targets=(bundle config form-list manifest receipt response xform xpath)

if ! command -v clang >/dev/null; then
  echo "clang is not installed (packaging/deps.sh installs it)" >&2
  exit 1
fi

if [ -d "$build" ]; then
  # A target added since the last run is found only after this.
  meson setup --reconfigure "$build" >/dev/null
else
  CC=clang meson setup "$build" -Dfuzzing=true -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
meson compile -C "$build" "${targets[@]/#/fuzz-}" >/dev/null

mkdir -p "$work"
python3 tests/fuzz/make-corpus.py "$root" "$work/seeds" >/dev/null

max_len () {
  case "$1" in
    xform) echo 131072 ;;
    bundle) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

run_one () {
  local target=$1
  local corpus="$work/corpus/$target" artifacts="$work/crashes/$target/" log="$work/$target.log"
  local dict=()
  mkdir -p "$corpus" "$artifacts"
  case "$target" in
    xpath) dict=(-dict=tests/fuzz/xpath.dict) ;;
    xform) cat tests/fuzz/xform.dict tests/fuzz/xpath.dict >"$work/xform-all.dict"
           dict=(-dict="$work/xform-all.dict") ;;
  esac
  # Leaks are findings too: a kiosk runs for months (VT_FUZZ_ASAN_OPTIONS
  # overrides this where LeakSanitizer cannot run).
  ASAN_OPTIONS=${VT_FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz-$target" "$corpus" "$work/seeds/$target" \
      -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout="$timeout" -rss_limit_mb=2560 \
      -artifact_prefix="$artifacts" -print_final_stats=1 "${dict[@]}" >"$log" 2>&1 || true
}
export -f run_one max_len
export build work seconds timeout

status=0
targets_run=()
if [ "$seconds" -gt 0 ] || [ "$coverage" -eq 0 ]; then
  printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
  targets_run=("${targets[@]}")
fi

for target in "${targets_run[@]}"; do
  log="$work/$target.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(find "$work/corpus/$target" -type f | wc -l)
  crashes=$(find "$work/crashes/$target" -type f | wc -l)
  echo "RESULT fuzz-$target ${execs:-0} execs ${cov:-0} cov ${ft:-0} ft $corpus corpus $crashes crashes"
  if [ "$crashes" -gt 0 ] || ! grep -q '^stat::number_of_executed_units' "$log"; then
    status=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5 || true
    for input in "$work/crashes/$target"/*; do
      [ -f "$input" ] || continue
      echo "  crash: $input"
      echo "  replay: $build/tests/fuzz/fuzz-$target $input   (keep it: tests/fixtures/fuzz/$target/)"
    done
    [ "$crashes" -gt 0 ] || echo "  the fuzzer did not finish: see $log"
  fi
done

if [ "$coverage" -eq 1 ]; then
  cov_build=_build-fuzz-cov
  if [ -d "$cov_build" ]; then
    meson setup --reconfigure "$cov_build" >/dev/null
  else
    CC=clang CFLAGS="-fprofile-instr-generate -fcoverage-mapping" LDFLAGS="-fprofile-instr-generate" \
      meson setup "$cov_build" -Dbuildtype=debug >/dev/null
  fi
  meson compile -C "$cov_build" $(printf 'fuzz-%s-replay ' "${targets[@]}") >/dev/null
  for target in "${targets[@]}"; do
    rm -f "$work/$target.profraw"
    LLVM_PROFILE_FILE="$work/$target.profraw" \
      "$cov_build/tests/fuzz/fuzz-$target-replay" "$work/corpus/$target" "$work/seeds/$target" >/dev/null 2>&1 || true
    llvm-profdata merge -sparse "$work/$target.profraw" -o "$work/$target.profdata"
    echo "COVERAGE fuzz-$target: lines of src/core its corpus runs, per file it reaches, and in all:"
    llvm-cov report "$cov_build/tests/fuzz/fuzz-$target-replay" -instr-profile="$work/$target.profdata" 2>/dev/null |
      awk 'NF >= 10 && $1 ~ /src\/core\// && $8 > 0 && $8 != $9 {
             sub (/.*src\/core\//, "", $1); lines += $8; missed += $9
             printf "  %-28s %6.1f %% of %5d lines\n", $1, 100 * ($8 - $9) / $8, $8 }
           END { if (lines > 0) printf "  %-28s %6.1f %% of %5d lines\n", "(these files)", 100 * (lines - missed) / lines, lines }'
  done
fi
exit $status
