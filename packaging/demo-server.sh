#!/bin/sh
# A local OpenRosa server (the project's test server, behaving like ODK
# Central) on 127.0.0.1, publishing the demo forms of data/forms, so the
# kiosk has somewhere to deliver applications.  It writes a kiosk
# configuration pointing at it.
#
#   packaging/demo-server.sh start    # background; prints the URL and the config
#   packaging/demo-server.sh status   # how many applications it has received
#   packaging/demo-server.sh stop
#   packaging/demo-server.sh run      # foreground (Ctrl-C stops it)
#
# Then: packaging/run-kiosk.sh --config _demo/ventanilla.conf
# or:   _build/src/ctl/ventanilla-ctl --config _demo/ventanilla.conf \
#         --data-dir _demo/data sync --drain --timeout 60
# Environment: VT_DEMO_PORT (default: any free port), VT_DEMO_DIR (_demo).
set -eu

cd "$(dirname "$0")/.."
build_dir=${VT_BUILD_DIR:-_build}
demo_dir=${VT_DEMO_DIR:-$PWD/_demo}
port=${VT_DEMO_PORT:-0}
server="$build_dir/tests/openrosa-test-server"
pid_file="$demo_dir/server.pid"
url_file="$demo_dir/server-url"
db="$demo_dir/server.db"
conf="$demo_dir/ventanilla.conf"

build () {
  [ -d "$build_dir" ] || meson setup "$build_dir" >/dev/null
  meson compile -C "$build_dir" >/dev/null
}

running () {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

write_config () {
  url=$(cat "$url_file")
  cat > "$conf" <<CONF
# Written by packaging/demo-server.sh: a kiosk delivering to the local
# demo server.  Plain http on loopback only; a real kiosk uses https.
[server]
url=$url
allow-http=true

[sync]
retry-min-seconds=2
retry-max-seconds=30
interval-seconds=10
CONF
}

case "${1:-start}" in
  start)
    build
    mkdir -p "$demo_dir"
    if running; then
      echo "The demo server is already running: $(cat "$url_file")"
      exit 0
    fi
    rm -f "$url_file"
    nohup "$server" --port "$port" --db "$db" --forms-dir data/forms \
      --url-file "$url_file" >"$demo_dir/server.log" 2>&1 &
    echo $! > "$pid_file"
    tries=0
    while [ ! -s "$url_file" ]; do
      tries=$((tries + 1))
      if [ $tries -gt 100 ] || ! running; then
        echo "The demo server did not start; see $demo_dir/server.log" >&2
        exit 1
      fi
      sleep 0.1
    done
    write_config
    echo "Demo OpenRosa server: $(cat "$url_file")"
    echo "Kiosk configuration:  $conf"
    echo "Start the kiosk with: packaging/run-kiosk.sh --config $conf"
    ;;
  run)
    build
    mkdir -p "$demo_dir"
    rm -f "$url_file"
    ( while [ ! -s "$url_file" ]; do sleep 0.1; done; write_config
      echo "Kiosk configuration: $conf" ) &
    exec "$server" --port "$port" --db "$db" --forms-dir data/forms --url-file "$url_file"
    ;;
  status)
    if running; then
      echo "running: $(cat "$url_file")"
    else
      echo "not running"
    fi
    if [ -f "$db" ]; then
      echo "applications received: $(sqlite3 "$db" 'SELECT count(*) FROM submissions')"
    fi
    ;;
  stop)
    if running; then
      kill "$(cat "$pid_file")"
      echo "stopped"
    fi
    rm -f "$pid_file"
    ;;
  *)
    echo "Usage: $0 [start | run | status | stop]" >&2
    exit 2
    ;;
esac
