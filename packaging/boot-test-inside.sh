#!/bin/bash
# The checks packaging/boot-test.sh runs inside its container, as root,
# from a oneshot unit once multi-user.target is up.  The first boot installs
# the package (the previous one, then an upgrade), configures it as the
# guide says and reboots; the second checks the kiosk that came up by
# itself, then runs the guide's day-to-day commands, an update and the
# removal.  Appends TAP to /root/vt/check.tap; /root/vt holds the packages,
# the server's address and the drop-ins boot-test.sh put there, and
# "offline" when the container is the host's own system (--host-root),
# which has the package's dependencies and downloads nothing.
set -uo pipefail
cd /root/vt
boot=$(($(cat boots 2>/dev/null || echo 0) + 1))
echo "$boot" >boots
exec >>check.tap 2>>check.err
n=$(cat count 2>/dev/null || echo 0)
ok () { n=$((n + 1)); echo "$n" >count; echo "ok $n - $1"; }
skip () { n=$((n + 1)); echo "$n" >count; echo "ok $n - $1 # SKIP $2"; }
offline () { [[ -e offline ]]; }
not_ok () {
  n=$((n + 1)); echo "$n" >count; echo "not ok $n - $1"
  if [[ $# -gt 1 ]]; then printf '%s\n' "$2" | tail -n 30 | sed 's/^/# /'; fi
}
check () { local d=$1 o; shift; if o=$("$@" 2>&1); then ok "$d"; else not_ok "$d" "$o"; fi; }
t0=$SECONDS
timing () { echo "# timing: boot $boot: $1: $((SECONDS - t0)) s"; t0=$SECONDS; }
export DEBIAN_FRONTEND=noninteractive
# An update keeps the technician's ventanilla.conf, as pressing Enter at
# dpkg's question about it does.
apt_install () { apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"; }
ctl () { runuser -u ventanilla -- ventanilla-ctl "$@"; }

# until COMMAND…: up to 60 s for it to succeed.
until_ok () {
  local deadline=$((SECONDS + 60))
  until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || return 1; sleep 0.5; done
}
prop () { systemctl show -P "$2" "$1"; }
# The kiosk's login session's runtime directory, where Cage's socket goes.
run_dir () { echo "/run/user/$(id -u ventanilla)"; }
kiosk_up () {
  [[ "$(systemctl is-active ventanilla-kiosk.service)" == active ]] &&
    pgrep -u ventanilla -x ventanilla >/dev/null && test -S "$(run_dir)/wayland-0"
}
kiosk_down () {
  [[ "$(systemctl is-active ventanilla-kiosk.service)" == inactive ]] && ! pgrep -x cage >/dev/null
}
restarts () { prop ventanilla-kiosk.service NRestarts; }
# getty@tty1 cannot run in a container (no /dev/tty0), but each start of it
# checks its conditions, and says when.
getty_checked () { prop getty@tty1.service ConditionTimestampMonotonic; }
getty_before=""
getty_asked () { [[ "$(getty_checked)" != "$getty_before" ]]; }
# A screenshot once the kiosk has drawn (a black screen compresses to a
# few kilobytes).
drawn () {
  runuser -u ventanilla -- env XDG_RUNTIME_DIR="$(run_dir)" WAYLAND_DISPLAY=wayland-0 \
    grim "$(run_dir)/shot.png" && [[ $(stat -c %s "$(run_dir)/shot.png") -gt 30000 ]]
}
shot () { until_ok drawn && mv "$(run_dir)/shot.png" "$1"; }
container_dropin () {
  mkdir -p /etc/systemd/system/ventanilla-kiosk.service.d
  cp kiosk-container.conf /etc/systemd/system/ventanilla-kiosk.service.d/container.conf
  systemctl daemon-reload
}
# Steps 2 and 3 of the guide, sed for the editor.
configure () {
  # (The test server speaks plain http on the loopback: allowed by name.)
  sed -i -e "s|^url=.*|url=$(cat server-url)\nallow-http=true|" -e '/^allow-http=/d' \
    /etc/ventanilla/ventanilla.conf
  printf 'secret\n' >/etc/ventanilla/password
  chown ventanilla:ventanilla /etc/ventanilla/password
  chmod 600 /etc/ventanilla/password
}

if [[ $boot -eq 1 ]]; then
  offline || apt-get update -qq >/dev/null
  # For screenshots from the compositor's side.
  command -v grim >/dev/null || apt-get install -y -qq --no-install-recommends grim >/dev/null 2>&1
  timing "apt update, grim"

  if [[ -f previous.deb ]]; then
    check "the previous package installs (apt install ./previous.deb)" apt_install ./previous.deb
    configure
    container_dropin
    systemctl enable ventanilla-kiosk.service ventanilla-sync.timer >/dev/null 2>&1
    systemctl start ventanilla-sync.timer ventanilla-kiosk.service
    cage_said () { journalctl -b -t cage --no-pager -o cat | grep -q .; }
    until_ok cage_said
    echo "# previous package: kiosk $(systemctl is-active ventanilla-kiosk.service)," \
         "timer $(systemctl is-active ventanilla-sync.timer); its Cage said:"
    journalctl -b -t cage --no-pager -o cat | head -n 4 | sed 's/^/#   /'
    timing "previous package installed and started"
    check "the upgrade to this tree's package installs (apt install ./new.deb)" apt_install ./new.deb
    timing "upgraded"
    check "after the upgrade the kiosk runs, under this tree's unit" until_ok kiosk_up
    check "after the upgrade the sync timer is active" test "$(systemctl is-active ventanilla-sync.timer)" = active
  else
    # (This machine's own system may have the kiosk installed already.)
    if offline && dpkg -s ventanilla >/dev/null 2>&1; then
      apt-get purge -y -qq ventanilla >/dev/null 2>&1
      rm -rf /var/lib/ventanilla
    fi
    check "this tree's package installs on a fresh system (apt install ./new.deb)" apt_install ./new.deb
    configure
    container_dropin
    check "nothing runs before the units are enabled" test "$(systemctl is-active ventanilla-kiosk.service)" != active
  fi

  mkdir -p /home/clerk && echo "a clerk's notes" >/home/clerk/notes
  show=$(ctl config show 2>&1)
  if grep -qx '# data directory: /var/lib/ventanilla' <<<"$show" && grep -qx "url=$(cat server-url)" <<<"$show"; then
    ok "runuser -u ventanilla -- ventanilla-ctl config show: the server, and the unit's data directory /var/lib/ventanilla"
  else
    not_ok "runuser -u ventanilla -- ventanilla-ctl config show: the server, and the unit's data directory" "$show"
  fi
  check "runuser -u ventanilla -- ventanilla-ctl clerk set-pin (the PIN on standard input)" \
    sh -c "printf '2468\n' | runuser -u ventanilla -- ventanilla-ctl clerk set-pin"
  check "systemctl enable ventanilla-kiosk.service ventanilla-sync.timer" \
    systemctl enable ventanilla-kiosk.service ventanilla-sync.timer
  check "systemctl set-default graphical.target" systemctl set-default graphical.target
  timing "configured"
  journalctl -b --no-pager >journal-boot1.txt
  touch rebooting
  echo "# reboot"
  systemctl --no-block reboot
  exit 0
fi

rm -f rebooting
# ---------------------------------------------------------------- second boot
if until_ok kiosk_up; then
  ok "after the reboot the kiosk comes up by itself: Cage and ventanilla as ventanilla, Wayland socket in its session's /run/user/UID"
else
  not_ok "after the reboot the kiosk comes up by itself" \
    "$(systemctl status ventanilla-kiosk --no-pager -n 0; journalctl -u ventanilla-kiosk -b --no-pager -n 40)"
fi
up_restarts=$(restarts)
up_pid=$(prop ventanilla-kiosk.service MainPID)
check "the sync timer is active after the reboot" test "$(systemctl is-active ventanilla-sync.timer)" = active
timing "kiosk up"

pid=$(pgrep -u ventanilla -x ventanilla | head -n 1)
environ=$( [[ -n "$pid" ]] && tr '\0' '\n' </proc/"$pid"/environ)
if grep -qx 'LANG=C.UTF-8' <<<"$environ" && grep -qx "XDG_RUNTIME_DIR=$(run_dir)" <<<"$environ"; then
  ok "the kiosk runs with LANG=C.UTF-8 and its login session's runtime directory as XDG_RUNTIME_DIR"
else
  not_ok "the kiosk runs with LANG=C.UTF-8 and its login session's runtime directory as XDG_RUNTIME_DIR" "$environ"
fi
# No one's home: /home and /root are empty as the kiosk sees them
# (/root holds this test's files, /home a user's).
if [[ -n "$pid" && -n "$(ls -A /root)" && -n "$(ls -A /home)" ]] &&
   [[ -z "$(ls -A /proc/"$pid"/root/root 2>/dev/null)" && -z "$(ls -A /proc/"$pid"/root/home 2>/dev/null)" ]]; then
  ok "the kiosk sees neither /home nor /root"
else
  not_ok "the kiosk sees neither /home nor /root" "$(ls -la /proc/"$pid"/root/home /proc/"$pid"/root/root 2>&1)"
fi
if loginctl list-sessions --no-legend | grep -q ventanilla; then
  ok "the kiosk has a logind session (PAMName=login)"
else
  not_ok "the kiosk has a logind session (PAMName=login)" "$(loginctl list-sessions)"
fi
check "grim's screenshot of the kiosk from inside the container" shot kiosk.png

for goal in "ventanilla-sync.service 3.0" "ventanilla-kiosk.service 6.0"; do
  read -r unit limit <<<"$goal"
  score=$(systemd-analyze security --no-pager "$unit" 2>&1 |
    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p')
  if awk -v s="$score" -v m="$limit" 'BEGIN { exit !(s != "" && s + 0 <= m + 0) }'; then
    ok "systemd-analyze security $unit on the running system: $score (goal: $limit or lower)"
  else
    not_ok "systemd-analyze security $unit on the running system: ${score:-?} (goal: $limit or lower)"
  fi
done

# ---- the sync timer fires: skipped while the kiosk runs
mkdir -p /etc/systemd/system/ventanilla-sync.timer.d
cp timer-quick.conf /etc/systemd/system/ventanilla-sync.timer.d/quick.conf
systemctl daemon-reload
cursor=$(journalctl -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
systemctl restart ventanilla-sync.timer
skipped () {
  journalctl --after-cursor="$cursor" -u ventanilla-sync.service --no-pager -o cat |
    grep -q "Skipped due to 'exec-condition'"
}
if until_ok skipped; then
  ok "the sync timer fires while the kiosk runs, and the sync job skips (the kiosk sends by itself)"
else
  not_ok "the sync timer fires while the kiosk runs, and the sync job skips" \
    "$(systemctl list-timers --all --no-pager; journalctl -b -u ventanilla-sync.service --no-pager -n 20)"
fi
# The checks above took seconds; a kiosk that crashed would have been
# restarted by now (RestartSec=2).
if kiosk_up && [[ "$(restarts)" == "$up_restarts" && "$(prop ventanilla-kiosk.service MainPID)" == "$up_pid" ]]; then
  ok "the kiosk stayed up meanwhile, never restarted"
else
  not_ok "the kiosk stayed up meanwhile, never restarted" "$(journalctl -u ventanilla-kiosk -b --no-pager -n 30)"
fi
timing "sync skipped while the kiosk runs"

# ---- the guide: maintenance from the office (SSH), the kiosk stopped
if offline && ! dpkg -s openssh-server >/dev/null 2>&1; then
  skip "apt install openssh-server" "nothing is downloaded in this machine's own system"
else
  check "apt install openssh-server" apt_install openssh-server
  check "the SSH server runs" until_ok systemctl is-active --quiet ssh.service
fi
check "systemctl stop ventanilla-kiosk.service" systemctl stop ventanilla-kiosk.service
check "the kiosk and Cage have stopped" until_ok kiosk_down
timing "stopped over SSH"

# An application queued while the kiosk is stopped (a citizen's, queued
# by ventanilla-ctl here), then the guide's day-to-day commands.
id=$(ctl enqueue street_problem.xml --answers street_problem.json 2>/dev/null)
echo "$id" >delivered-id
check "runuser -u ventanilla -- ventanilla-ctl queue" sh -c 'runuser -u ventanilla -- ventanilla-ctl queue | grep -i queued'
check "runuser -u ventanilla -- ventanilla-ctl export --to /var/lib/ventanilla" ctl export --to /var/lib/ventanilla
bundle=$(ls /var/lib/ventanilla/ventanilla-*.vtbundle 2>/dev/null | head -n 1)
# (/mnt stands for the USB stick: a container cannot mount one.)
check "mv /var/lib/ventanilla/ventanilla-*.vtbundle /mnt/" mv /var/lib/ventanilla/ventanilla-*.vtbundle /mnt/
check "runuser -u ventanilla -- ventanilla-ctl import /mnt/ventanilla-….vtbundle (the same queue: nothing twice)" \
  ctl import "/mnt/$(basename "${bundle:-none}")"
sent () { ctl queue --json | grep -q '"sent" *: *1'; }
if [[ "$id" == uuid:* ]] && until_ok sent && [[ "$(prop ventanilla-sync.service Result)" == success ]]; then
  ok "the sync timer fires with the kiosk stopped and delivers the queued application ($id)"
else
  not_ok "the sync timer fires with the kiosk stopped and delivers the queued application" \
    "${id:-no id}; $(ctl queue --json); $(journalctl -b -u ventanilla-sync.service --no-pager -n 30)"
fi
check "runuser -u ventanilla -- ventanilla-ctl sync --drain --timeout 600" ctl sync --drain --timeout 600
check "runuser -u ventanilla -- ventanilla-ctl forms pull" ctl forms pull
check "ventanilla-ctl form check (a demo form)" ventanilla-ctl form check /usr/share/ventanilla/forms/street_problem.xml
check "journalctl -u ventanilla-kiosk" sh -c 'journalctl -u ventanilla-kiosk --no-pager | grep ventanilla'
check "journalctl -u ventanilla-kiosk -b" sh -c 'journalctl -u ventanilla-kiosk -b --no-pager | grep ventanilla'
check "journalctl -u ventanilla-sync (shows the delivery)" sh -c 'journalctl -u ventanilla-sync --no-pager | grep "sent 1"'
check "systemctl status ventanilla-kiosk ventanilla-sync.timer" \
  sh -c 'systemctl status ventanilla-kiosk ventanilla-sync.timer --no-pager; [ $? -le 3 ]'
timing "day-to-day commands"

# ---- back on, restart, and the clerk's maintenance exit
check "systemctl start ventanilla-kiosk.service" systemctl start ventanilla-kiosk.service
check "the kiosk is back" until_ok kiosk_up
getty_before=$(getty_checked)
systemctl restart ventanilla-kiosk.service
if until_ok kiosk_up && ! getty_asked; then
  ok "systemctl restart ventanilla-kiosk: the kiosk is back, no getty@tty1 in between"
else
  not_ok "systemctl restart ventanilla-kiosk: the kiosk is back, no getty@tty1 in between" \
    "$(journalctl -b -u ventanilla-kiosk -u getty@tty1 --no-pager -n 30)"
fi
# The clerk's button cannot be pressed in here: a stand-in for the kiosk
# ends with 80 through the package's session script and Cage.
printf '[Service]\nExecStart=\nExecStart=/usr/libexec/ventanilla/ventanilla-kiosk-session /bin/sh -c "exit 80"\n' \
  >/etc/systemd/system/ventanilla-kiosk.service.d/zz-maintenance.conf
systemctl daemon-reload
getty_before=$(getty_checked)
before=$(restarts)
systemctl restart ventanilla-kiosk.service
# A service about to be restarted is "activating (auto-restart)", not
# inactive; a failed one is "failed".
if until_ok kiosk_down && [[ "$(prop ventanilla-kiosk.service Result)" == success &&
   "$(prop ventanilla-kiosk.service ExecMainStatus)" == 80 && "$(restarts)" == "$before" ]] &&
   until_ok getty_asked; then
  ok "a kiosk that ends with 80 (maintenance) stays stopped, not failed, not restarted, and tty1 gets a text login"
else
  not_ok "a kiosk that ends with 80 (maintenance) stays stopped, not failed, not restarted, and tty1 gets a text login" \
    "$(systemctl status ventanilla-kiosk --no-pager -n 20)"
fi
rm /etc/systemd/system/ventanilla-kiosk.service.d/zz-maintenance.conf
systemctl daemon-reload
check "systemctl start ventanilla-kiosk.service after the maintenance exit" systemctl start ventanilla-kiosk.service
check "the kiosk is up again" until_ok kiosk_up
check "systemctl disable ventanilla-kiosk.service" systemctl disable ventanilla-kiosk.service
check "systemctl enable ventanilla-kiosk.service" systemctl enable ventanilla-kiosk.service
timing "restart, maintenance exit"

# ---- updating: what runs is restarted, what was stopped stays stopped
old_pid=$(prop ventanilla-kiosk.service MainPID)
check "apt install ./new.deb, an update while the kiosk runs (--reinstall: the same version)" \
  apt_install --reinstall ./new.deb
if until_ok kiosk_up && [[ "$(prop ventanilla-kiosk.service MainPID)" != "$old_pid" ]] &&
   [[ "$(systemctl is-active ventanilla-sync.timer)" == active ]]; then
  ok "an update restarts the running kiosk with the new program; the sync timer stays active"
else
  not_ok "an update restarts the running kiosk with the new program; the sync timer stays active" \
    "$(systemctl status ventanilla-kiosk ventanilla-sync.timer --no-pager -n 10)"
fi
systemctl stop ventanilla-kiosk.service
apt_install --reinstall ./new.deb >/dev/null 2>&1
if [[ "$(systemctl is-active ventanilla-kiosk.service)" == inactive &&
      "$(systemctl is-active ventanilla-sync.timer)" == active ]]; then
  ok "an update leaves a kiosk stopped for maintenance stopped"
else
  not_ok "an update leaves a kiosk stopped for maintenance stopped" "$(systemctl status ventanilla-kiosk --no-pager -n 10)"
fi
systemctl start ventanilla-kiosk.service
until_ok kiosk_up
timing "updates"

# ---- removing it
check "runuser -u ventanilla -- ventanilla-ctl queue: nothing queued before the purge" \
  sh -c "runuser -u ventanilla -- ventanilla-ctl queue --json | grep '\"queued\" *: *0'"
check "apt purge ventanilla" apt-get purge -y -qq ventanilla
# (The kiosk user's systemd --user, which its login session started, ends
# seconds after the session: UserStopDelaySec=.)
no_user_processes () { ! pgrep -u ventanilla >/dev/null; }
if until_ok kiosk_down && [[ "$(systemctl is-active ventanilla-sync.timer)" != active ]] &&
   until_ok no_user_processes && test -d /var/lib/ventanilla && test ! -e /etc/ventanilla/password; then
  ok "after the purge nothing of the kiosk runs, the password is gone, /var/lib/ventanilla is kept"
else
  not_ok "after the purge nothing of the kiosk runs, the password is gone, /var/lib/ventanilla is kept" \
    "$(systemctl status ventanilla-kiosk ventanilla-sync.timer --no-pager -n 5; pgrep -a -u ventanilla; ls -l /etc/ventanilla)"
fi
check "rm -r /var/lib/ventanilla" rm -r /var/lib/ventanilla
timing "purged"

journalctl -b --no-pager >journal.txt
echo "# poweroff"
