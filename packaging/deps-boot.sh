#!/bin/sh
# What packaging/boot-test.sh needs beyond packaging/deps.sh and
# packaging/deps-deb.sh: debootstrap to make a Debian 12 container and
# systemd-nspawn to boot it.  Run as root, or as a user with sudo.
set -eu

boot_deps="
  debootstrap systemd-container
"

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $sudo apt-get install -y --no-install-recommends $boot_deps; then
  $sudo apt-get update
  # shellcheck disable=SC2086
  $sudo apt-get install -y --no-install-recommends $boot_deps
fi
