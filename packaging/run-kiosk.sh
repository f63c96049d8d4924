#!/bin/sh
# Builds Ventanilla and starts the kiosk from the build tree with the
# bundled demo services.  Without a display (a bare server) it starts a
# private Xvfb; set DISPLAY or WAYLAND_DISPLAY to use your own.
set -eu

cd "$(dirname "$0")/.."
build_dir=_build
[ -d "$build_dir" ] || meson setup "$build_dir"
meson compile -C "$build_dir"

data_dir=${VT_DATA_DIR:-$PWD/_demo/data}
mkdir -p "$data_dir"
export VENTANILLA_LOCALEDIR="$PWD/$build_dir/po"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting the kiosk on a private Xvfb (:77)." >&2
  echo "Take a look with: import -display :77 -window root shot.png" >&2
  Xvfb :77 -screen 0 1280x1024x24 -nolisten tcp &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT INT TERM
  export DISPLAY=:77
fi

"$build_dir/src/app/ventanilla" --data-dir "$data_dir" --demo "$@"
