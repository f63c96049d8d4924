#!/bin/sh
# What building the Debian package needs beyond packaging/deps.sh (which
# has the build dependencies proper): debhelper for dpkg-buildpackage,
# lintian to check the result, and debootstrap and systemd-nspawn, in which
# packaging/boot-test.sh boots it.  CI runs both scripts.
# Run as root, or as a user with sudo.
set -eu

deb_deps="
  debhelper dpkg-dev fakeroot lintian
  debootstrap systemd-container
"

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $sudo apt-get install -y --no-install-recommends $deb_deps; then
  $sudo apt-get update
  # shellcheck disable=SC2086
  $sudo apt-get install -y --no-install-recommends $deb_deps
fi
