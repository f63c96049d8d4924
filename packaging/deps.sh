#!/bin/sh
# Installs everything Ventanilla needs to build, run and test on Debian 12.
# The one list of dependencies: the README's two commands and CI use it.
# Run as root, or as a user with sudo.
set -eu

build_deps="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libxml2-dev libsqlite3-dev libcurl4-openssl-dev
  libqrencode-dev libjson-glib-dev libsodium-dev libsoup-3.0-dev libssl-dev
  systemd
  libespeak-ng-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgdk-pixbuf-2.0-dev
  libcairo2-dev libsane-dev libpango1.0-dev libcups2-dev libzbar-dev
  libshumate-dev
"
# (systemd: its pkg-config file names the unit directory, and the install
# test runs systemd-analyze verify on the units.  GStreamer, gdk-pixbuf,
# cairo and SANE: documents at the kiosk, camera, voice and scanner;
# espeak-ng and GStreamer: reading pages aloud.
# pango and libcups: the printed receipt, laid out as PDF and handed to
# CUPS by ventanilla-print.  libshumate: the offline map of location
# questions, a GTK 4 map widget drawing tiles from the kiosk's MBTiles file.)
# What the kiosk needs at run time beyond the libraries: fonts that cover
# the languages we ship, icons, and a display server for headless runs;
# GStreamer's plugins for the camera (v4l2src, videoconvert), the voice
# (autoaudiosrc, level, opusenc, oggmux, wavenc) and the test sources the
# suite uses; SANE's backends, its "test" backend among them.
run_deps="
  fonts-dejavu-core fonts-cantarell adwaita-icon-theme librsvg2-common
  sqlite3 ca-certificates
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good libsane1
  espeak-ng-data gstreamer1.0-alsa
"
# (espeak-ng-data: the read-aloud voices; gstreamer1.0-alsa: the sound card.)
# The test suite: a private X server and D-Bus session per GTK test, the
# validators for the desktop file and metainfo, screenshots, pdftotext for the
# receipt PDF test, xdotool for real pointer input (the signature pad, taps
# on the on-screen keyboard) and key presses, python3 with gi's Atspi for
# what a screen reader gets over the AT-SPI bus, the GStreamer and SANE
# test sources (videotestsrc, audiotestsrc, SANE's test backend), the
# voices and sox for the read-aloud tests, the
# kiosk's compositor (Cage, which does not start without Xwayland) and its
# screenshot tool for the full-screen test; cups and cups-pdf for a real
# printer (the print test starts a cupsd of its own with a cups-pdf queue),
# zbarimg to read the printed QR code back, and gdb for the stacks of a UI
# test that hangs (vt_test_start_watchdog()).
test_deps="
  xvfb xauth dbus dbus-x11 at-spi2-core desktop-file-utils appstream
  libxml2-utils imagemagick poppler-utils openssl glib-networking
  xdotool qrencode gstreamer1.0-plugins-base gstreamer1.0-plugins-good libsane1
  python3-gi gir1.2-atspi-2.0 espeak-ng-data sox cage xwayland grim
  cups printer-driver-cups-pdf zbar-tools gdb
"
# CI's fuzzing smoke (tests/fuzz/run-fuzzers.sh): clang and its libFuzzer.
# Not a Build-Depends: the Debian package never fuzzes.
fuzz_deps="
  clang libclang-rt-14-dev
"

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
# shellcheck disable=SC2086
$sudo apt-get install -y --no-install-recommends $build_deps $run_deps $test_deps $fuzz_deps
