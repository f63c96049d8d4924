#!/bin/bash
# The kiosk inside Cage, the compositor of ventanilla-kiosk.service, with
# wlroots' headless backend: what the compositor is asked for and what it
# does (the client's Wayland log, WAYLAND_DEBUG=client), screenshots taken
# from the compositor's side (grim), and the kiosk session script that
# carries the kiosk's exit status through Cage.  TAP; meson test suite
# 'cage'.  Screenshots are kept in VT_SHOTS_DIR for a person to look at.
#
# Seen with Debian 12's cage 0.1.4 (wlroots 0.15): the headless output is
# 1280x720; a window that covers one output exactly is shown by direct
# scan-out, which grim reads back black, so the screenshots come from a
# run with two outputs, over which Cage spreads a full-screen window.
#
# Environment (tests/meson.build): VT_APP, VT_SESSION, VT_SHOTS_DIR,
# VENTANILLA_LOCALEDIR.
set -uo pipefail

n=0
failures=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1))
  echo "not ok $n - $1"
  failures=$((failures + 1))
  if [[ $# -gt 1 && -n "$2" ]]; then printf '%s\n' "$2" | tail -n 40 | sed 's/^/# /'; fi
}

for tool in cage grim Xwayland convert; do
  if ! command -v "$tool" >/dev/null; then
    not_ok "$tool is installed (packaging/deps.sh installs it)"
    echo "1..$n"
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vt-cage.XXXXXX")
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$VT_SHOTS_DIR"

# Cage refuses to run as root ("Unable to drop root"): as root, the kiosk
# runs as nobody, as it runs as its own user on a kiosk.
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  chown nobody:nogroup "$tmp"
fi
chmod 0700 "$tmp"

# in_cage NAME OUTPUTS COMMAND…: COMMAND under Cage in the background, its
# Wayland log in $tmp/NAME.log; each run has a runtime directory of its own.
in_cage () {
  local name=$1 outputs=$2
  shift 2
  mkdir -p "$tmp/$name/run" "$tmp/$name/home"
  chmod 0700 "$tmp/$name/run"
  [[ ${#as_user[@]} -eq 0 ]] || chown -R nobody:nogroup "$tmp/$name"
  : >"$tmp/$name.log"
  "${as_user[@]}" env -i PATH=/usr/bin:/bin HOME="$tmp/$name/home" LANG=C.UTF-8 \
    XDG_RUNTIME_DIR="$tmp/$name/run" XDG_CONFIG_HOME="$tmp/$name/home/config" \
    XDG_DATA_HOME="$tmp/$name/home/data" VENTANILLA_LOCALEDIR="$VENTANILLA_LOCALEDIR" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
    WLR_HEADLESS_OUTPUTS="$outputs" GSK_RENDERER=cairo NO_AT_BRIDGE=1 \
    cage -- env WAYLAND_DEBUG=client "$@" >"$tmp/$name.log" 2>&1 &
  pids+=($!)
  cage_pid=$!
}

# The client's Wayland log read back: the output layout's size (outputs
# side by side), and the toplevel's requests and configure events.
output_size () {
  sed -n 's/.*wl_output@[0-9]*\.mode([0-9]*, \([0-9]*\), \([0-9]*\), .*/\1 \2/p' "$1" |
    awk '{ w += $1; if ($2 > h) h = $2 } END { if (w) print w "x" h }'
}
configured_size () {
  sed -n 's/.*xdg_toplevel@[0-9]*\.configure(\([0-9]*\), \([0-9]*\), .*/\1x\2/p' "$1" |
    grep -v '^0x0$' | tail -n 1
}
# The size of the last buffer committed (GTK draws its first frame at the
# monitor's size before Cage's configure, and need not draw again after).
shown_size () {
  awk '
    /create_buffer\(/ {
      s = $0; sub(/.*create_buffer\(new id wl_buffer@[0-9]+, [0-9]+, /, "", s)
      split(s, a, ", "); pending = a[1] "x" a[2]
    }
    /wl_surface@[0-9]+\.commit\(\)/ && pending != "" { size = pending }
    END { print size }' "$1"
}
geometry () {
  sed -n 's/.*xdg_surface@[0-9]*\.set_window_geometry(\(.*\))$/\1/p' "$1" | tail -n 1
}

# Waits, up to 20 s, for Cage's configure (acknowledged) and a frame of
# that size on screen.
wait_shown () {
  local log=$1 deadline=$((SECONDS + 20)) size
  while ((SECONDS < deadline)); do
    size=$(configured_size "$log")
    if [[ -n "$size" && "$(shown_size "$log")" == "$size" ]] &&
       grep -q 'xdg_surface@[0-9]*\.ack_configure([2-9]\|[1-9][0-9]' "$log"; then
      return 0
    fi
    kill -0 "$cage_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

screenshot () {
  local name=$1 shot="$VT_SHOTS_DIR/$2"
  rm -f "$shot"
  "${as_user[@]}" env XDG_RUNTIME_DIR="$tmp/$name/run" WAYLAND_DISPLAY=wayland-0 \
    grim "$tmp/$name/run/shot.png" 2>&1 && cp "$tmp/$name/run/shot.png" "$shot"
}

# check_screenshot NAME FILE WHAT: grim's screenshot, not of one colour
# (the compositor drew the window), kept as VT_SHOTS_DIR/FILE.
check_screenshot () {
  local name=$1 shot="$VT_SHOTS_DIR/$2" what=$3 out deviation
  if out=$(screenshot "$name" "$2"); then
    deviation=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null)
  fi
  if awk -v d="${deviation:-0}" 'BEGIN { exit !(d > 0.01) }'; then
    ok "$name: grim's screenshot shows $what ($shot)"
  else
    not_ok "$name: grim's screenshot shows $what" "$out"
    return 1
  fi
}

# check_fullscreen NAME: what the compositor was asked for and what it did.
check_fullscreen () {
  local name=$1 log="$tmp/$1.log" output configured shown
  if grep -q 'xdg_toplevel@[0-9]*\.set_fullscreen(' "$log" &&
     ! grep -q 'xdg_toplevel@[0-9]*\.unset_fullscreen(' "$log"; then
    ok "$name: the kiosk asks Cage for full screen and never takes it back"
  else
    not_ok "$name: the kiosk asks Cage for full screen and never takes it back" \
      "$(grep -E 'xdg_toplevel@[0-9]+\.(set|unset)_(fullscreen|maximized)' "$log")"
  fi
  output=$(output_size "$log")
  configured=$(configured_size "$log")
  shown=$(shown_size "$log")
  if [[ -n "$output" && "$configured" == "$output" && "$shown" == "$output" &&
        "$(geometry "$log")" == "0, 0, ${output%x*}, ${output#*x}" ]]; then
    ok "$name: Cage sizes the window to the screen ($output), drawn edge to edge"
  else
    not_ok "$name: Cage sizes the window to the screen (${output:-?}), drawn edge to edge" \
      "configured ${configured:-none}, last frame ${shown:-none}, window geometry $(geometry "$log")"
  fi
}

stop_cage () {
  kill "$cage_pid" 2>/dev/null
  wait "$cage_pid" 2>/dev/null
}

# The kiosk's files: a configuration, and one with a mistake on line 2.
data="$tmp/data"
mkdir -p "$data"
printf '[kiosk]\nlanguages=es;pt_BR;en;fr;ht\ndata-dir=%s\n' "$data" >"$tmp/good.conf"
printf '[server]\nurl=central.example.org\n[kiosk]\nlanguages=es;pt_BR;en;fr;ht\ndata-dir=%s\n' \
  "$data" >"$tmp/broken.conf"
[[ ${#as_user[@]} -eq 0 ]] || chown -R nobody:nogroup "$data" "$tmp"/*.conf

# ------------------------------------------------- the Welcome page, one screen
in_cage welcome 1 "$VT_APP" --config "$tmp/good.conf"
if wait_shown "$tmp/welcome.log"; then
  ok "welcome: the kiosk draws its first frame under Cage"
  check_fullscreen welcome
else
  not_ok "welcome: the kiosk draws its first frame under Cage" "$(cat "$tmp/welcome.log")"
fi
stop_cage

# ------------------------------------------------- the same, two screens, a screenshot
in_cage welcome2 2 "$VT_APP" --config "$tmp/good.conf"
if wait_shown "$tmp/welcome2.log"; then
  check_fullscreen welcome2
  if check_screenshot welcome2 cage-welcome.png "the kiosk"; then
    # A maximised window would have GTK's light title bar on top.
    corner=$(convert "$VT_SHOTS_DIR/cage-welcome.png" -format '%[fx:int(255*p{4,4}.intensity)]' info:)
    if [[ -n "$corner" && "$corner" -lt 48 ]]; then
      ok "welcome2: the kiosk's own dark top bar is at the screen's top edge, no title bar"
    else
      not_ok "welcome2: the kiosk's own dark top bar is at the screen's top edge, no title bar" \
        "grey level at (4, 4): ${corner:-?} of 255"
    fi
  fi
else
  not_ok "welcome2: the kiosk draws its first frame under Cage" "$(cat "$tmp/welcome2.log")"
fi
stop_cage

# ------------------------------------------------- a mistake in the configuration
in_cage broken 2 "$VT_APP" --config "$tmp/broken.conf"
if wait_shown "$tmp/broken.log"; then
  check_fullscreen broken
  check_screenshot broken cage-out-of-service.png "the Out of service page"
  # Still up once it has drawn (Cage would have ended with it), and the
  # mistake is in the log (the journal, under systemd), with its line.
  if kill -0 "$cage_pid" 2>/dev/null &&
     grep -q "Out of service: $tmp/broken.conf:2: \[server\] url" "$tmp/broken.log"; then
    ok "broken: the kiosk stays up, its mistake logged with file and line"
  else
    not_ok "broken: the kiosk stays up, its mistake logged with file and line" \
      "$(grep -v ' -> \|^\[' "$tmp/broken.log")"
  fi
else
  not_ok "broken: the kiosk stays up and draws the Out of service page" "$(cat "$tmp/broken.log")"
fi
stop_cage

# ------------------------------------------------- the session script's exit status
# ventanilla-kiosk-session runs PROGRAM under Cage and ends as PROGRAM
# did; Cage 0.1.4 itself always ends with 0, which would have the unit
# restart a kiosk a clerk left for maintenance (80).
# session_status NAME [VAR=VALUE…] PROGRAM…: the session script's exit
# status, run as its unit runs it (RUNTIME_DIRECTORY $tmp/NAME), with the
# environment variables given.
session_status () {
  local name=$1
  shift
  local vars=()
  while [[ "$1" == *=* ]]; do vars+=("$1"); shift; done
  mkdir -p "$tmp/$name"
  chmod 0700 "$tmp/$name"
  [[ ${#as_user[@]} -eq 0 ]] || chown nobody:nogroup "$tmp/$name"
  "${as_user[@]}" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 RUNTIME_DIRECTORY="$tmp/$name" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 "${vars[@]}" \
    timeout 60 sh "$VT_SESSION" "$@" >"$tmp/$name.log" 2>&1
  echo $?
}
for case in "maintenance 80 exit 80" "closed 0 exit 0" "crash 139 kill -SEGV \$\$"; do
  read -r name expected script <<<"$case"
  status=$(session_status "session-$name" /bin/sh -c "$script")
  if [[ "$status" == "$expected" ]]; then
    ok "session: a kiosk that ends with $expected ($name) ends the session with $expected through Cage"
  else
    not_ok "session: a kiosk that ends with $expected ($name) ends the session with $expected through Cage" \
      "status $status; $(cat "$tmp/session-$name.log")"
  fi
done
# The socket goes in the login session's runtime directory (pam_systemd's
# XDG_RUNTIME_DIR, shared with the session's D-Bus and sound), and in the
# unit's own where there is none or it cannot be written.
mkdir -p "$tmp/session-run"
chmod 0700 "$tmp/session-run"
[[ ${#as_user[@]} -eq 0 ]] || chown nobody:nogroup "$tmp/session-run"
socket_in () { echo 'test -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" && test "$XDG_RUNTIME_DIR" = '"$1"; }
for case in "session-own XDG_RUNTIME_DIR=$tmp/session-run $tmp/session-run the login session's runtime directory" \
            "session-none XDG_RUNTIME_DIR=$tmp/nowhere \$RUNTIME_DIRECTORY the unit's runtime directory when the session has none"; do
  read -r name var dir what <<<"$case"
  status=$(session_status "$name" "$var" /bin/sh -c "$(socket_in "$dir")")
  if [[ "$status" == 0 ]]; then
    ok "session: Cage's Wayland socket is in $what"
  else
    not_ok "session: Cage's Wayland socket is in $what" "status $status; $(cat "$tmp/$name.log")"
  fi
done
# A stop (SIGTERM to the session script, KillMode=mixed) ends the kiosk,
# then Cage by itself (Cage 0.1.4 signalled itself aborts), and the script
# by the same signal, which systemd counts as a clean stop.
mkdir -p "$tmp/session-stop"
chmod 0700 "$tmp/session-stop"
[[ ${#as_user[@]} -eq 0 ]] || chown nobody:nogroup "$tmp/session-stop"
"${as_user[@]}" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 RUNTIME_DIRECTORY="$tmp/session-stop" \
  WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
  sh "$VT_SESSION" /bin/sleep 600 >"$tmp/session-stop.log" 2>&1 &
session_pid=$!
pids+=($session_pid)
deadline=$((SECONDS + 20))
until [[ -s "$tmp/session-stop/kiosk.pid" ]] || ((SECONDS > deadline)); do sleep 0.1; done
kiosk_pid=$(cat "$tmp/session-stop/kiosk.pid" 2>/dev/null)
cage_child=$(pgrep -P "$session_pid" -x cage)
kill -TERM "$session_pid"
wait "$session_pid"
status=$?
if [[ $status -eq 143 && -n "$kiosk_pid" && -n "$cage_child" ]] &&
   ! kill -0 "$kiosk_pid" 2>/dev/null && ! kill -0 "$cage_child" 2>/dev/null &&
   ! grep -q 'Assertion' "$tmp/session-stop.log"; then
  ok "session: a stop ends the kiosk, then Cage without aborting, and the session by SIGTERM"
else
  not_ok "session: a stop ends the kiosk, then Cage without aborting, and the session by SIGTERM" \
    "status $status, kiosk ${kiosk_pid:-?}, cage ${cage_child:-?}; $(cat "$tmp/session-stop.log")"
fi
if status=$(env -u RUNTIME_DIRECTORY sh "$VT_SESSION" /bin/true 2>&1; echo "status $?") &&
   [[ "$status" == *"ventanilla-kiosk.service"*"status 2" ]]; then
  ok "session: outside its unit it says so and ends with 2"
else
  not_ok "session: outside its unit it says so and ends with 2" "$status"
fi

echo "1..$n"
[[ $failures -eq 0 ]]
