#!/bin/sh
# Builds Ventanilla and starts the kiosk from the build tree with the
# bundled demo services, delivering to a local OpenRosa demo server
# (packaging/demo-server.sh, the project's test server on 127.0.0.1) so
# applications can be seen leaving the queue.  Pass --config FILE to use
# your own server instead.  Without a display (a bare server) it starts a
# private Xvfb; set DISPLAY or WAYLAND_DISPLAY to use your own.
set -eu

cd "$(dirname "$0")/.."
build_dir=_build
[ -d "$build_dir" ] || meson setup "$build_dir"
meson compile -C "$build_dir"

data_dir=${VT_DATA_DIR:-$PWD/_demo/data}
mkdir -p "$data_dir"
export VENTANILLA_LOCALEDIR="$PWD/$build_dir/po"

own_config=no
for arg in "$@"; do
  case "$arg" in
    -c|--config|--config=*) own_config=yes ;;
  esac
done

cleanup () {
  if [ "$own_config" = no ]; then
    packaging/demo-server.sh status || true
    packaging/demo-server.sh stop >/dev/null || true
  fi
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$own_config" = no ]; then
  packaging/demo-server.sh start
  set -- --config "$PWD/_demo/ventanilla.conf" "$@"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting the kiosk on a private Xvfb (:77)." >&2
  echo "Take a look with: import -display :77 -window root shot.png" >&2
  Xvfb :77 -screen 0 1280x1024x24 -nolisten tcp &
  xvfb_pid=$!
  export DISPLAY=:77
  tries=0
  until [ -S /tmp/.X11-unix/X77 ]; do
    tries=$((tries + 1))
    [ $tries -le 100 ] || { echo "Xvfb did not start" >&2; exit 1; }
    sleep 0.1
  done
fi

"$build_dir/src/app/ventanilla" --data-dir "$data_dir" --demo "$@"
