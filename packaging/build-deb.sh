#!/bin/sh
# Builds Ventanilla's .deb from this source tree, the way a clean checkout
# would: copies the tracked (and new, not ignored) files to a temporary
# directory with packaging/debian as its debian/, runs
# `dpkg-buildpackage -us -uc -b` there (tests off: nocheck), checks the
# package's contents and runs lintian on it when lintian is installed,
# failing on any lintian error.  Leaves the .deb in OUTPUT_DIR.
# Usage: packaging/build-deb.sh [OUTPUT_DIR]      (default: _deb)
# VT_DEB_VERSION=V builds it as version V instead of debian/changelog's
# (packaging/boot-test.sh upgrades to a package newer than the last one).
# Needs: packaging/deps.sh and packaging/deps-deb.sh.
set -eu

cd "$(dirname "$0")/.."
root=$PWD
out=${1:-_deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
work=$(mktemp -d "${TMPDIR:-/tmp}/ventanilla-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
src="$work/ventanilla-$version"
mkdir "$src"

# What a clean checkout has: no build directories, no earlier packages.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$root" ls-files -z --cached --others --exclude-standard |
    tar -C "$root" --null --files-from=- --ignore-failed-read -cf - |
    tar -C "$src" -xf -
else
  tar -C "$root" --exclude='./_build*' --exclude='./build*' --exclude='./_deb' \
    --exclude='./.git' -cf - . | tar -C "$src" -xf -
fi
rm -rf "$src/debian"
cp -a "$src/packaging/debian" "$src/debian"
if [ -n "${VT_DEB_VERSION:-}" ]; then
  { printf 'ventanilla (%s) unstable; urgency=medium\n\n  * Built for a test as %s.\n\n -- %s  %s\n\n' \
      "$VT_DEB_VERSION" "$VT_DEB_VERSION" \
      "$(dpkg-parsechangelog -l packaging/debian/changelog -S Maintainer)" "$(date -R)"
    cat packaging/debian/changelog; } >"$src/debian/changelog"
  version=$VT_DEB_VERSION
fi

echo "=== dpkg-buildpackage in $src"
(
  cd "$src"
  DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" \
    dpkg-buildpackage -us -uc -b -Pnocheck
)

deb=$(ls "$work"/ventanilla_"$version"_*.deb)
cp "$deb" "$work"/ventanilla_"$version"_*.changes "$work"/ventanilla_"$version"_*.buildinfo "$out"/
deb="$out/$(basename "$deb")"

echo "=== Contents of $deb"
listing=$(dpkg-deb --contents "$deb")
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles 2>/dev/null || true)
status=0
for path in ./usr/bin/ventanilla ./usr/bin/ventanilla-ctl \
            ./usr/libexec/ventanilla/ventanilla-kiosk-session \
            ./etc/ventanilla/ventanilla.conf \
            ./lib/systemd/system/ventanilla-kiosk.service \
            ./lib/systemd/system/ventanilla-sync.service \
            ./lib/systemd/system/ventanilla-sync.timer \
            ./usr/share/applications/org.ventanilla.Kiosk.desktop \
            ./usr/share/metainfo/org.ventanilla.Kiosk.metainfo.xml \
            ./usr/share/ventanilla/forms/; do
  if ! printf '%s\n' "$listing" | awk '{print $6}' | grep -qxF "$path"; then
    echo "missing from the package: $path" >&2
    status=1
  fi
done
if printf '%s\n' "$listing" | grep -q './etc/ventanilla/password'; then
  echo "the package ships /etc/ventanilla/password; the postinst must create it" >&2
  status=1
fi
if ! printf '%s\n' "$conffiles" | grep -qxF /etc/ventanilla/ventanilla.conf; then
  echo "/etc/ventanilla/ventanilla.conf is not a conffile" >&2
  status=1
fi
[ $status -eq 0 ] || exit 1
echo "ok: programs, kiosk session, configuration (conffile), units, desktop file, metainfo, forms"

if command -v lintian >/dev/null 2>&1; then
  echo "=== lintian $deb"
  # Errors fail the build; warnings are shown for a person to judge.
  lintian --fail-on error --display-info "$deb"
else
  echo "lintian is not installed (packaging/deps-deb.sh): not checked" >&2
fi

echo "Built $deb"
