#!/bin/bash
# The Debian package under a real systemd: a Debian 12 container made with
# debootstrap from Debian's archive and booted with `systemd-nspawn -b`.
# Inside it (packaging/boot-test-inside.sh), as a technician following
# packaging/README.md would: install the previous package and upgrade to
# this tree's, configure, set the clerk PIN, enable the units and reboot;
# then check that the kiosk came up by itself under Cage as the ventanilla
# user, that the sync timer fires and delivers an application to an
# OpenRosa server (the project's test server, on the host: the container
# shares its network), the maintenance exit, the hardening scores, the
# guide's day-to-day commands, an update and the purge.  Not part of
# `meson test` (it needs root and the network, and takes minutes); TAP on
# standard output, "# timing" lines per phase.
#
# A container has no virtual terminals and no GPU, so a drop-in gives the
# kiosk unit wlroots' headless backend and no tty; everything else is the
# package's own unit.
#
# Usage: packaging/boot-test.sh [--previous DEB | --no-previous] [--deb DEB]
#                               [--host-root] [--build-dir DIR] [--out DIR] [--keep]
#   --previous DEB  upgrade from this package (default: build the one of
#                   VT_PREVIOUS_REF, the 0.1.0 package before the kiosk
#                   session was reworked)
#   --no-previous   install this tree's package on a fresh system only
#   --deb DEB       this tree's package (default: built with
#                   packaging/build-deb.sh as version <changelog>+boottest)
#   --host-root     boot this machine's own Debian 12 instead of a
#                   debootstrap'ed one: its root file system read-only
#                   under an overlay in memory, so nothing is downloaded
#                   and nothing written to it.  The package's dependencies
#                   must be installed here (packaging/deps.sh); apt-get
#                   update and the SSH server's installation are left out.
#                   CI's smoke run (a minute, no network but the loopback).
#   --build-dir DIR a meson build of this tree, for the test OpenRosa
#                   server (default: _build)
#   --out DIR       where the log and screenshots go (default: _boot)
#   --keep          keep the container's root directory
# Environment: VT_BOOT_CACHE (default /var/tmp/ventanilla-boot-test): the
# debootstrap'ed base and downloaded packages, reused by later runs.
# Needs: root, systemd-container, debootstrap (packaging/deps-deb.sh).
# Exit status: 0 all checks passed, 1 some failed, 2 usage, 77 skipped
# (systemd-nspawn cannot make a container on this machine, or with
# --host-root its root cannot be put under an overlay).
set -uo pipefail

cd "$(dirname "$0")/.."
root_dir=$PWD
previous=""
no_previous=0
deb=""
build_dir=_build
out=_boot
keep=0
host_root=0
previous_ref=${VT_PREVIOUS_REF:-fb1b01d}
cache=${VT_BOOT_CACHE:-/var/tmp/ventanilla-boot-test}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --previous) previous=$(realpath "$2"); shift 2 ;;
    --no-previous) no_previous=1; shift ;;
    --deb) deb=$(realpath "$2"); shift 2 ;;
    --host-root) host_root=1; shift ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--previous DEB | --no-previous] [--deb DEB] [--host-root] [--build-dir DIR] [--out DIR] [--keep]" >&2
       exit 2 ;;
  esac
done

if [[ $(id -u) -ne 0 ]]; then
  echo "$0: run as root (debootstrap and systemd-nspawn need it)" >&2
  exit 2
fi
tools="systemd-nspawn dpkg-deb"
[[ $host_root -eq 1 ]] || tools="$tools debootstrap"
for tool in $tools; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is missing: packaging/deps-deb.sh" >&2; exit 2; }
done

mkdir -p "$out" "$cache/archives/partial"
out=$(realpath "$out")
rm -f "$out"/*.png "$out"/container.log "$out"/check.tap "$out"/journal*.txt
work=$(mktemp -d "${TMPDIR:-/var/tmp}/ventanilla-boot.XXXXXX")
started=$SECONDS
phase_start=$SECONDS
timing () {
  echo "# timing: $1: $((SECONDS - phase_start)) s"
  phase_start=$SECONDS
}
server_pid=""
cleanup () {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null
  if mountpoint -q "$work/nspawn-run" 2>/dev/null; then umount "$work/nspawn-run"; fi
  for mount in "$work/root" "$work/overlay"; do
    if mountpoint -q "$mount" 2>/dev/null; then umount "$mount"; fi
  done
  if [[ $keep -eq 1 ]]; then
    echo "# kept: $work/root"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

fail_early () {
  echo "not ok 1 - $1"
  echo "1..1"
  exit 1
}

# ------------------------------------------------------------ packages
version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
if [[ -z "$deb" ]]; then
  VT_DEB_VERSION="$version+boottest" packaging/build-deb.sh "$work/new" >"$work/build-new.log" 2>&1 ||
    { tail -n 30 "$work/build-new.log"; fail_early "this tree's package builds"; }
  deb=$(ls "$work"/new/ventanilla_*+boottest_*.deb)
fi
if [[ $no_previous -eq 0 && -z "$previous" ]]; then
  mkdir -p "$work/previous-src"
  git -C "$root_dir" archive "$previous_ref" | tar -x -C "$work/previous-src" ||
    fail_early "the previous package's source ($previous_ref) is in git"
  (cd "$work/previous-src" && packaging/build-deb.sh "$work/previous") >"$work/build-previous.log" 2>&1 ||
    { tail -n 30 "$work/build-previous.log"; fail_early "the previous package ($previous_ref) builds"; }
  previous=$(ls "$work"/previous/ventanilla_*.deb)
fi
echo "# this tree: $(basename "$deb")${previous:+; previous: $(basename "$previous")}"
timing "packages built"

# ------------------------------------------------------------ the container
if [[ $host_root -eq 1 ]]; then
  # This machine's root file system (only that: not the file systems
  # mounted on it) under an overlay whose upper half is in memory; it
  # stays mounted across the container's reboot.
  [[ -x /usr/lib/systemd/systemd ]] || fail_early "this machine has systemd to boot (--host-root)"
  mkdir -p "$work/overlay" "$work/root"
  # A machine that cannot mount an overlay cannot make this container:
  # skipped, as where nspawn cannot run (below).
  if ! overlay=$( { mount -t tmpfs -o mode=0755 tmpfs "$work/overlay" &&
                    mkdir "$work/overlay/upper" "$work/overlay/work" &&
                    mount -t overlay overlay \
                      -o "lowerdir=/,upperdir=$work/overlay/upper,workdir=$work/overlay/work" "$work/root"; } 2>&1); then
    echo "1..0 # SKIP this machine's root cannot be put under an overlay here: $overlay"
    exit 77
  fi
  # A container image's policy-rc.d (Docker's "exit 101") keeps package
  # scripts from starting or stopping services; a PC has none.
  rm -f "$work/root/usr/sbin/policy-rc.d"
  timing "container root: this machine's, under an overlay"
else
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  mirror=${mirror:-http://deb.debian.org/debian}
  if [[ ! -x "$cache/base/usr/lib/systemd/systemd" ]]; then
    rm -rf "$cache/base"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm "$cache/base" "$mirror" \
      >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log"; fail_early "debootstrap bookworm"; }
    timing "debootstrap (first run; cached in $cache/base)"
  fi
  cp -a "$cache/base" "$work/root"
  timing "container root copied"
fi

vt="$work/root/root/vt"
mkdir -p "$vt"
cp "$deb" "$vt/new.deb"
[[ -n "$previous" ]] && cp "$previous" "$vt/previous.deb"
[[ $host_root -eq 1 ]] && touch "$vt/offline"
cp data/forms/street_problem.xml tests/fixtures/answers/street_problem.json "$vt/"

# The test OpenRosa server on the host's loopback, which the container shares.
[[ -x "$build_dir/tests/openrosa-test-server" ]] ||
  { meson setup "$build_dir" >/dev/null && meson compile -C "$build_dir" tests/openrosa-test-server >/dev/null; } ||
  fail_early "the test OpenRosa server builds ($build_dir)"
"$build_dir/tests/openrosa-test-server" --port 0 --db "$work/server.db" --forms-dir data/forms \
  --url-file "$work/server-url" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [[ -s "$work/server-url" ]] && break; sleep 0.1; done
[[ -s "$work/server-url" ]] || fail_early "the test OpenRosa server starts"
cp "$work/server-url" "$vt/server-url"

cat >"$vt/kiosk-container.conf" <<'EOF'
# The container has no virtual terminal and no GPU: wlroots' headless
# backend (two outputs, which grim can read back), no tty.
[Unit]
ConditionPathExists=
[Service]
TTYPath=
StandardInput=null
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 WLR_HEADLESS_OUTPUTS=2
EOF
cat >"$vt/timer-quick.conf" <<'EOF'
# Every 20 s rather than every five minutes, so the test sees it fire.
[Timer]
OnActiveSec=5s
OnUnitActiveSec=20s
RandomizedDelaySec=0
AccuracySec=1s
EOF

install -m 0755 packaging/boot-test-inside.sh "$vt/check.sh"

cat >"$work/root/etc/systemd/system/vt-boot-check.service" <<'UNIT'
[Unit]
Description=Ventanilla boot test
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/root/vt/check.sh
# Powers off when done (or when the checks fail), unless they rebooted.
ExecStopPost=/bin/sh -c '[ -e /root/vt/rebooting ] || systemctl --no-block poweroff'
TimeoutStartSec=20min
[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/vt-boot-check.service \
  "$work/root/etc/systemd/system/multi-user.target.wants/vt-boot-check.service"
echo ventanilla-boot-test >"$work/root/etc/hostname"

# nspawn needs this directory when the host's PID 1 is not systemd.
mkdir -p "$work/nspawn-run"
if [[ ! -d /run/systemd/system ]] && ! mountpoint -q /run/systemd/nspawn; then
  mkdir -p /run/systemd/nspawn
  mount -t tmpfs tmpfs /run/systemd/nspawn
fi
timing "container prepared"

# Where containers cannot be made at all (no privilege for namespaces),
# there is no systemd to boot: say so, as a TAP skip and status 77, rather
# than fail the package.  One that can run a command and not boot fails.
if ! probe=$(systemd-nspawn -q --register=no --keep-unit -D "$work/root" /bin/true 2>&1 </dev/null); then
  echo "1..0 # SKIP systemd-nspawn cannot run a container here: $(tail -n 3 <<<"$probe" | tr '\n' ' ')"
  exit 77
fi

# Booted until it powers off; a reboot inside ends nspawn with 133, and it
# is booted again, as a PC would be.
: >"$out/container.log"
for boot in 1 2 3; do
  timeout 25m systemd-nspawn -q --register=no --keep-unit -D "$work/root" \
    --bind="$cache/archives:/var/cache/apt/archives" -b >>"$out/container.log" 2>&1 </dev/null
  status=$?
  timing "container boot $boot, until it $( [[ $status -eq 133 ]] && echo rebooted || echo "powered off (status $status)")"
  [[ $status -eq 133 ]] || break
done

cp "$vt/check.tap" "$out/check.tap" 2>/dev/null
cp "$vt"/*.png "$vt"/journal*.txt "$out/" 2>/dev/null
if [[ ! -s "$out/check.tap" ]]; then
  tail -n 40 "$out/container.log"
  fail_early "the container booted and ran its checks (see $out/container.log)"
fi

# What the server received: the application the sync timer sent.
m=$(grep -c '^ok\|^not ok' "$out/check.tap")
cat "$out/check.tap"
id=$(cat "$vt/delivered-id" 2>/dev/null)
received=1
if [[ -n "$id" ]] && sqlite3 "$work/server.db" "SELECT count(*) FROM submissions WHERE instance_id = '$id'" 2>/dev/null | grep -qx 1; then
  echo "ok $((m + 1)) - the OpenRosa server received the application once ($id)"
  received=0
else
  echo "not ok $((m + 1)) - the OpenRosa server received the application once (${id:-none})"
fi
echo "1..$((m + 1))"
echo "# timing: total: $((SECONDS - started)) s"
echo "# screenshots and the container's journal: $out"
[[ $received -eq 0 ]] && ! grep -q '^not ok' "$out/check.tap"
