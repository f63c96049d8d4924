#!/bin/sh
# meson install script: puts the example configuration in place as
# SYSCONFDIR/ventanilla/ventanilla.conf and an empty password file beside it
# (mode 0600), each only when it is not there yet: reinstalling or upgrading
# never overwrites what the municipality wrote.  (Debian's package marks the
# file a conffile and creates the password file in its postinst instead.)
# Usage: install-config.sh EXAMPLE SYSCONFDIR
set -eu

example=$1
sysconfdir=$2

if [ -n "${MESON_INSTALL_DRY_RUN:-}" ]; then
  exit 0
fi

dir="${DESTDIR:-}$sysconfdir/ventanilla"
conf="$dir/ventanilla.conf"
password="$dir/password"

install -d -m 0755 "$dir"

if [ -e "$conf" ]; then
  echo "Keeping $conf as it is; the example is $example"
else
  # The example names /etc/ventanilla/…; under another prefix point it at
  # the files installed here.
  sed "s|/etc/ventanilla/|$sysconfdir/ventanilla/|g" "$example" >"$conf.tmp"
  chmod 0644 "$conf.tmp"
  mv "$conf.tmp" "$conf"
  echo "Installing $conf"
fi

if [ ! -e "$password" ]; then
  # Created with no permission for anyone but its owner, never widened later.
  (umask 077 && : >"$password")
  echo "Installing $password (empty, mode 0600)"
fi
