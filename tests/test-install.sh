#!/bin/bash
# `meson install` into a temporary DESTDIR, then checks the tree: every file
# in place, the desktop file and metainfo valid, the configuration loadable
# by the installed ventanilla-ctl and never overwritten, the systemd units
# accepted by `systemd-analyze verify`, the Flatpak manifest well-formed and
# no more permissive than it should be, and the Debian Build-Depends equal to
# packaging/deps.sh.  TAP output; run by meson test (suite 'install').
#
# Environment (set by tests/meson.build): VT_MESON, VT_BUILD_ROOT,
# VT_SOURCE_ROOT, VT_VERSION, VT_PREFIX, VT_BINDIR, VT_DATADIR, VT_LOCALEDIR, VT_MANDIR,
# VT_LIBEXECDIR, VT_SYSCONFDIR, VT_UNITDIR ('no' when units are not installed).
set -uo pipefail

n=0
failures=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok () {
  n=$((n + 1))
  echo "not ok $n - $1"
  failures=$((failures + 1))
  if [[ $# -gt 1 && -n "$2" ]]; then
    printf '%s\n' "$2" | sed 's/^/# /'
  fi
}

# check DESCRIPTION COMMAND…: ok when the command succeeds; its output is
# shown as a TAP comment when it does not.
check () {
  local desc=$1 out
  shift
  if out=$("$@" 2>&1); then
    ok "$desc"
  else
    not_ok "$desc" "$out"
  fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vt-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
src="$VT_SOURCE_ROOT"
app_id=org.ventanilla.Kiosk
pkgdatadir="$VT_DATADIR/ventanilla"
etc="$VT_SYSCONFDIR/ventanilla"

install_into () {
  "$VT_MESON" install -C "$VT_BUILD_ROOT" --no-rebuild --quiet --destdir "$1"
}

# ---------------------------------------------------------------- install
if out=$(install_into "$dest" 2>&1); then
  ok "meson install --destdir"
else
  not_ok "meson install --destdir" "$out"
  echo "1..$n"
  exit 1
fi

# ---------------------------------------------------------------- the tree
for exe in ventanilla ventanilla-ctl; do
  check "program $VT_BINDIR/$exe installed and executable" test -x "$dest$VT_BINDIR/$exe"
done
# The receipt's print helper, where the installed kiosk looks for it.
check "program $VT_LIBEXECDIR/ventanilla-print installed and executable" \
  test -x "$dest$VT_LIBEXECDIR/ventanilla-print"

expected_files=(
  "$VT_DATADIR/applications/$app_id.desktop"
  "$VT_DATADIR/metainfo/$app_id.metainfo.xml"
  "$VT_DATADIR/icons/hicolor/scalable/apps/$app_id.svg"
  "$VT_DATADIR/doc/ventanilla/ventanilla.conf.example"
  "$VT_MANDIR/man1/ventanilla.1"
  "$VT_MANDIR/man1/ventanilla-ctl.1"
  "$etc/ventanilla.conf"
  "$etc/password"
)
for f in "${expected_files[@]}"; do
  check "file $f installed" test -f "$dest$f"
done

while read -r lang; do
  [[ -z "$lang" || "$lang" == \#* ]] && continue
  check "translation $lang installed" \
    test -s "$dest$VT_LOCALEDIR/$lang/LC_MESSAGES/ventanilla-$lang.mo"
done <"$src/po/LINGUAS"

# Resources are compiled into the program, not installed beside it: each
# file the GResource manifest names is found inside the binary.
resources_out=""
resource_names=$(python3 -c '
import sys, xml.etree.ElementTree as ET
for f in ET.parse(sys.argv[1]).iter("file"):
    print(f.get("alias") or f.text.strip())' "$src/ui/ventanilla.gresource.xml")
for name in $resource_names; do
  grep -q -a -F "$(basename "$name")" "$dest$VT_BINDIR/ventanilla" ||
    resources_out+="not in the program: $name"$'\n'
done
if [[ -n "$(find "$dest" -name '*.gresource')" ]]; then
  resources_out+="a .gresource file was installed"$'\n'
fi
if [[ -z "$resources_out" ]]; then
  ok "resources compiled into ventanilla"
else
  not_ok "resources compiled into ventanilla" "$resources_out"
fi

# The staged tree stands for the installed one: the program reads its
# catalogues there.
if out=$(VENTANILLA_LOCALEDIR="$dest$VT_LOCALEDIR" "$dest$VT_BINDIR/ventanilla" --version 2>&1) &&
   [[ "$out" == "ventanilla $VT_VERSION" ]]; then
  ok "installed ventanilla runs (--version)"
else
  not_ok "installed ventanilla runs (--version)" "$out"
fi

# The demo forms: every file of data/forms, byte for byte, and nothing else.
check "forms directory $pkgdatadir/forms installed" test -d "$dest$pkgdatadir/forms"
forms_ok=1
forms_out=""
while IFS= read -r -d '' f; do
  rel=${f#"$src/data/forms/"}
  if ! cmp -s "$f" "$dest$pkgdatadir/forms/$rel"; then
    forms_ok=0
    forms_out+="missing or different: $rel"$'\n'
  fi
done < <(find "$src/data/forms" -type f ! -name .keep -print0)
if [[ -n "$(find "$dest$pkgdatadir" -name .keep)" ]]; then
  forms_ok=0
  forms_out+="a .keep placeholder was installed"$'\n'
fi
if [[ $forms_ok -eq 1 ]]; then
  ok "demo forms installed as in data/forms"
else
  not_ok "demo forms installed as in data/forms" "$forms_out"
fi

# Screenshots: the metainfo names the stable file names, and whichever of
# them data/screenshots holds are installed.
for shot in welcome question receipt; do
  if grep -q "screenshots/$shot.png</image>" "$dest$VT_DATADIR/metainfo/$app_id.metainfo.xml"; then
    ok "metainfo shows screenshot $shot.png"
  else
    not_ok "metainfo shows screenshot $shot.png"
  fi
  if [[ -f "$src/data/screenshots/$shot.png" ]]; then
    check "screenshot $shot.png installed" \
      cmp -s "$src/data/screenshots/$shot.png" "$dest$pkgdatadir/screenshots/$shot.png"
  fi
done

# ---------------------------------------------------------------- validators
check "desktop-file-validate" \
  desktop-file-validate "$dest$VT_DATADIR/applications/$app_id.desktop"
check "appstreamcli validate --no-net" \
  appstreamcli validate --no-net --explain "$dest$VT_DATADIR/metainfo/$app_id.metainfo.xml"

desktop="$dest$VT_DATADIR/applications/$app_id.desktop"
if grep -qx 'Exec=ventanilla' "$desktop" && grep -qx "Icon=$app_id" "$desktop"; then
  ok "desktop file starts the installed program with the installed icon"
else
  not_ok "desktop file starts the installed program with the installed icon" "$(cat "$desktop")"
fi

release=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' \
  "$dest$VT_DATADIR/metainfo/$app_id.metainfo.xml" | head -n 1)
if [[ "$release" == "$VT_VERSION" ]]; then
  ok "metainfo's latest release is $VT_VERSION"
else
  not_ok "metainfo's latest release is $VT_VERSION" "found: $release"
fi

# ---------------------------------------------------------------- configuration
mode_of () { stat -c '%a' "$1"; }
if [[ "$(mode_of "$dest$etc/ventanilla.conf")" == 644 ]]; then
  ok "ventanilla.conf is mode 644"
else
  not_ok "ventanilla.conf is mode 644" "$(ls -l "$dest$etc/ventanilla.conf")"
fi
if [[ "$(mode_of "$dest$etc/password")" == 600 && ! -s "$dest$etc/password" ]]; then
  ok "password file is empty and mode 600"
else
  not_ok "password file is empty and mode 600" "$(ls -l "$dest$etc/password")"
fi

# The installed file is one the installed ventanilla-ctl reads without a
# single warning, and it points at the installed password file.
if out=$("$dest$VT_BINDIR/ventanilla-ctl" --config "$dest$etc/ventanilla.conf" \
           --data-dir "$tmp/data" config show 2>"$tmp/config.err") &&
   [[ ! -s "$tmp/config.err" ]] &&
   grep -qx "password-file=$etc/password" <<<"$out"; then
  ok "installed ventanilla.conf loads cleanly, password-file=$etc/password"
else
  not_ok "installed ventanilla.conf loads cleanly, password-file=$etc/password" \
    "$out$(cat "$tmp/config.err")"
fi

# A second install (an upgrade) keeps what the municipality wrote.
echo "# edited by the municipality" >>"$dest$etc/ventanilla.conf"
printf 's3cret\n' >"$dest$etc/password"
if out=$(install_into "$dest" 2>&1) &&
   [[ "$(tail -n 1 "$dest$etc/ventanilla.conf")" == "# edited by the municipality" ]] &&
   [[ "$(cat "$dest$etc/password")" == s3cret ]] &&
   [[ "$(mode_of "$dest$etc/password")" == 600 ]]; then
  ok "reinstalling keeps the edited ventanilla.conf and password"
else
  not_ok "reinstalling keeps the edited ventanilla.conf and password" "$out"
fi

# ---------------------------------------------------------------- systemd units
if [[ "$VT_UNITDIR" == no ]]; then
  echo "ok $((n += 1)) - systemd units # SKIP -Dsystemdsystemunitdir=no"
else
  units="$dest$VT_UNITDIR"
  for u in ventanilla-kiosk.service ventanilla-sync.service ventanilla-sync.timer; do
    check "unit $u installed in $VT_UNITDIR" test -f "$units/$u"
  done

  kiosk="$units/ventanilla-kiosk.service"
  sync="$units/ventanilla-sync.service"
  session="$VT_LIBEXECDIR/ventanilla/ventanilla-kiosk-session"
  check "kiosk session $session installed and executable" test -x "$dest$session"
  kiosk_ok=1
  for line in \
    "ExecStart=$session $VT_BINDIR/ventanilla --config $etc/ventanilla.conf" \
    "User=ventanilla" "PAMName=login" "TTYPath=/dev/tty1" "Restart=always" \
    "RuntimeDirectory=ventanilla-kiosk" "Environment=LANG=C.UTF-8" \
    "SuccessExitStatus=80" "RestartPreventExitStatus=80" \
    "ExecStopPost=+/bin/sh -c 'if [ \"\$EXIT_STATUS\" = 80 ]; then exec systemctl --no-block start getty@tty1.service; fi'" \
    "Conflicts=getty@tty1.service" "StartLimitIntervalSec=0" "WantedBy=graphical.target"; do
    grep -qxF "$line" "$kiosk" || { kiosk_ok=0; echo "# kiosk unit lacks: $line"; }
  done
  if [[ $kiosk_ok -eq 1 ]]; then ok "kiosk unit runs Cage on tty1 as ventanilla, restarted unless left for maintenance"; else not_ok "kiosk unit runs Cage on tty1 as ventanilla, restarted unless left for maintenance"; fi
  # The data directory comes from the configuration (as for ventanilla-ctl),
  # and the shipped one names the unit's StateDirectory.
  if ! grep -q -- '--data-dir' "$kiosk" "$sync" && grep -qx 'StateDirectory=ventanilla' "$kiosk" &&
     grep -qx 'data-dir=/var/lib/ventanilla' "$dest$etc/ventanilla.conf"; then
    ok "units take the data directory from the configuration: /var/lib/ventanilla"
  else
    not_ok "units take the data directory from the configuration: /var/lib/ventanilla"
  fi

  if grep -qxF "ExecStart=$VT_BINDIR/ventanilla-ctl --config $etc/ventanilla.conf sync --once" "$sync" &&
     grep -q '^ExecCondition=.*! systemctl --quiet is-active ventanilla-kiosk.service' "$sync" &&
     grep -qxF "User=ventanilla" "$sync"; then
    ok "sync unit runs sync --once only while the kiosk is not active"
  else
    not_ok "sync unit runs sync --once only while the kiosk is not active" "$(cat "$sync")"
  fi

  # systemd-analyze verify checks that each program named exists: point
  # the units at the DESTDIR's programs.  Any message at all (an unknown
  # key, a bad value) fails the check, not only the exit code.
  mkdir -p "$tmp/units"
  for u in "$units"/ventanilla-*; do
    sed -e "s|=$VT_LIBEXECDIR/|=$dest$VT_LIBEXECDIR/|" -e "s|$VT_BINDIR/|$dest$VT_BINDIR/|g" \
      "$u" >"$tmp/units/$(basename "$u")"
  done

  if ! command -v systemd-analyze >/dev/null; then
    not_ok "systemd-analyze verify (systemd-analyze is not installed: packaging/deps.sh)"
  else
    verify () { systemd-analyze verify --man=no "$@" 2>&1; }
    if out=$(verify "$tmp"/units/ventanilla-*) && [[ -z "$out" ]]; then
      ok "systemd-analyze verify: units clean"
    else
      not_ok "systemd-analyze verify: units clean" "$out"
    fi

    # The check itself must be able to fail: a misspelt key and a missing
    # program are both reported.
    mkdir -p "$tmp/broken"
    sed -e 's/^Restart=always/Restrat=always/' "$tmp/units/ventanilla-kiosk.service" \
      >"$tmp/broken/ventanilla-kiosk.service"
    if out=$(verify "$tmp/broken/ventanilla-kiosk.service"); [[ "$out" == *Restrat* ]]; then
      ok "systemd-analyze verify reports a misspelt key"
    else
      not_ok "systemd-analyze verify reports a misspelt key" "$out"
    fi
    sed -e "s|$dest$VT_BINDIR/ventanilla-ctl|$tmp/nowhere/ventanilla-ctl|" \
      "$tmp/units/ventanilla-sync.service" >"$tmp/broken/ventanilla-sync.service"
    if ! out=$(verify "$tmp/broken/ventanilla-sync.service"); then
      ok "systemd-analyze verify reports a missing program"
    else
      not_ok "systemd-analyze verify reports a missing program" "$out"
    fi

    # Hardening as systemd scores it (0 safest, 10 most exposed): the sync
    # job needs the network and its data directory only; the kiosk also
    # the screen, input and the GPU.
    exposure () {
      systemd-analyze security --offline=true --no-pager "$1" 2>&1 |
        sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p'
    }
    within () { awk -v s="$1" -v m="$2" 'BEGIN { exit !(s != "" && s + 0 <= m + 0) }'; }
    for goal in "ventanilla-sync.service 3.0" "ventanilla-kiosk.service 6.0"; do
      set -- $goal
      score=$(exposure "$tmp/units/$1")
      if within "$score" "$2"; then
        ok "systemd-analyze security $1: $score (goal: $2 or lower)"
      else
        not_ok "systemd-analyze security $1: ${score:-no score} (goal: $2 or lower)" \
          "$(systemd-analyze security --offline=true --no-pager "$tmp/units/$1" 2>&1 | grep -v '✓')"
      fi
    done
    # The score can fail: without its hardening the kiosk is exposed.
    sed -e '/^UMask=/,/^\[Install\]/{/^\[Install\]/!d}' "$tmp/units/ventanilla-kiosk.service" \
      >"$tmp/broken/ventanilla-kiosk.service"
    score=$(exposure "$tmp/broken/ventanilla-kiosk.service")
    if [[ -n "$score" ]] && ! within "$score" 6.0; then
      ok "systemd-analyze security scores the kiosk without hardening above 6.0 ($score)"
    else
      not_ok "systemd-analyze security scores the kiosk without hardening above 6.0 (${score:-no score})"
    fi
  fi
fi

# ---------------------------------------------------------------- Flatpak
# It cannot be built here (no Flathub): check it is well-formed and asks for
# the network, the display and the sound server (reading aloud; PipeWire
# serves the PulseAudio socket too), nothing more.
manifest="$src/packaging/flatpak/$app_id.json"
check "Flatpak manifest well-formed, sandbox limited to network, display and sound" \
  python3 - "$manifest" "$app_id" <<'EOF'
import json, re, sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path) as f:
    m = json.load(f)
problems = []
if m.get("app-id") != app_id:
    problems.append("app-id is %r" % m.get("app-id"))
if m.get("command") != "ventanilla":
    problems.append("command is %r" % m.get("command"))
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    problems.append("not the GNOME runtime and SDK")
wanted = {"--share=network", "--share=ipc", "--socket=wayland",
          "--socket=fallback-x11", "--socket=pulseaudio", "--device=dri"}
got = set(m.get("finish-args", []))
if got != wanted:
    problems.append("finish-args: extra %s, missing %s"
                    % (sorted(got - wanted), sorted(wanted - got)))
modules = m.get("modules", [])
names = [mod.get("name") if isinstance(mod, dict) else mod for mod in modules]
for need in ("libsodium", "libqrencode", "sane-backends", "espeak-ng", "ventanilla"):
    if need not in names:
        problems.append("no module %s" % need)
if names and names[-1] != "ventanilla":
    problems.append("ventanilla is not the last module")
for mod in modules:
    if not isinstance(mod, dict):
        continue
    if mod.get("name") == "ventanilla":
        if mod.get("buildsystem") != "meson" or "-Dtests=false" not in mod.get("config-opts", []):
            problems.append("ventanilla is not built with meson -Dtests=false")
    for s in mod.get("sources", []):
        if s.get("type") == "archive":
            if not s.get("url", "").startswith("https://"):
                problems.append("%s: source not over https" % mod.get("name"))
            if not re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")):
                problems.append("%s: source without a sha256" % mod.get("name"))
if problems:
    print("\n".join(problems))
    sys.exit(1)
EOF

# ---------------------------------------------------------------- Debian
# Build-Depends name exactly the packages of packaging/deps.sh (build and
# test lists), the test-only ones marked <!nocheck>.
control="$src/packaging/debian/control"
deps_list () {
  sed -n "/^$1=\"/,/\"/p" "$src/packaging/deps.sh" | tr -d '"' | sed "s/^$1=//" |
    tr ' ' '\n' | grep -v '^$' | sort -u
}
build_depends=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$control" | sed -e '$d' -e 's/^Build-Depends://' |
  tr ',' '\n' | sed -e 's/^ *//' -e 's/ *$//' | grep -v '^$')
bd_names () { sed -e 's/ .*//' | grep -v -e '^debhelper-compat$' | sort -u; }
deps_all=$( (deps_list build_deps; deps_list test_deps) | grep -v '^build-essential$' | sort -u)
control_all=$(bd_names <<<"$build_depends")
duplicated=$(sed -e 's/ .*//' <<<"$build_depends" | sort | uniq -d)
if [[ -z "$duplicated" ]]; then
  ok "debian/control names each Build-Depends once"
else
  not_ok "debian/control names each Build-Depends once" "twice: $duplicated"
fi
if [[ "$deps_all" == "$control_all" ]]; then
  ok "debian/control Build-Depends match packaging/deps.sh"
else
  not_ok "debian/control Build-Depends match packaging/deps.sh" \
    "$(diff <(echo "$deps_all") <(echo "$control_all") | sed -e 's/^</only in deps.sh:/' -e 's/^>/only in control:/' | grep only)"
fi
nocheck_ok=1
for p in $(deps_list test_deps) libsoup-3.0-dev; do
  grep -qxF "$p <!nocheck>" <<<"$build_depends" || { nocheck_ok=0; echo "# not marked <!nocheck>: $p"; }
done
if [[ $nocheck_ok -eq 1 ]]; then ok "test-only Build-Depends marked <!nocheck>"; else not_ok "test-only Build-Depends marked <!nocheck>"; fi

changelog_version=$(sed -n '1s/^ventanilla (\([^)]*\)).*/\1/p' "$src/packaging/debian/changelog")
if [[ "$changelog_version" == "$VT_VERSION" ]]; then
  ok "debian/changelog is at version $VT_VERSION"
else
  not_ok "debian/changelog is at version $VT_VERSION" "found: $changelog_version"
fi

echo "1..$n"
[[ $failures -eq 0 ]]
