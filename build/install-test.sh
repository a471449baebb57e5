#!/usr/bin/env bash
# install-test.sh DEB — install luoshi's .deb on this machine as a county's IT staff would,
# run the service's command, check /healthz and a login, then purge it and leave the machine
# as it was. CI runs it as root (.ci/run) on the amd64 package build/package.sh made.
#
# There is no systemd in CI's container, so the test runs the unit's own ExecStart line the
# way the unit would: as the luoshi user and group, without new privileges, in the unit's
# WorkingDirectory, with the unit's EnvironmentFile, inside a read-only file system but for
# the data directory — only LUOSHI_ADDR is changed, to a free port. Where systemd-analyze
# exists, the units are verified too.
#
# The first-run story it follows is the one docs/operations.md tells: install; create the
# county and its administrators with luoshi init, run as the luoshi user with the settings
# file; start the service; log in as admin with the one-time password init printed.
set -euo pipefail

deb=${1:?usage: install-test.sh luoshi_VERSION_amd64.deb}
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
[ "$(id -u)" = 0 ] || { echo "install-test: must run as root (dpkg -i)"; exit 1; }
if dpkg -s luoshi >/dev/null 2>&1 || getent passwd luoshi >/dev/null || [ -e /var/lib/luoshi ] || [ -e /etc/luoshi ]; then
  echo "install-test: luoshi is already installed here (package, user, /etc/luoshi or /var/lib/luoshi); not touching it"
  exit 1
fi
start=$(date +%s)
server=""
log=$(mktemp /tmp/luoshi-install-test.XXXXXX)

cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  dpkg --purge luoshi >/dev/null 2>&1 || true
  rm -rf /var/lib/luoshi "$log"
}
trap cleanup EXIT
fail() { echo "install-test: $*"; [ -s "$log" ] && sed 's/^/  luoshi| /' "$log"; exit 1; }

# as_luoshi CMD…: run as the unit does — user and group luoshi, no new privileges, the
# settings file in the environment, in the data directory — and, where a mount namespace can
# be made (unshare), in the unit's sandbox: the whole file system read-only
# (ProtectSystem=strict) but the data directory (ReadWritePaths), and a /tmp of its own
# (PrivateTmp). A luoshi that wrote anywhere else would fail here as under systemd.
sandbox=(unshare --mount sh -c 'mount --make-rprivate / && mount --rbind / / && mount -o remount,bind,ro / &&
  mount --bind /var/lib/luoshi /var/lib/luoshi && mount -o remount,bind,rw /var/lib/luoshi &&
  mount -t tmpfs -o mode=1777 tmpfs /tmp && exec "$@"' sh)
as_luoshi() {
  # Called in a subshell ($(…) or &): exec all the way down, so that its pid is luoshi's.
  cd /var/lib/luoshi
  umask 0027
  exec "${sandbox[@]}" setpriv --reuid=luoshi --regid=luoshi --init-groups --no-new-privs \
    sh -c 'set -a; . /etc/luoshi/luoshi.conf; set +a; [ -n "${ADDR_OVERRIDE:-}" ] && export LUOSHI_ADDR=$ADDR_OVERRIDE; exec "$@"' sh "$@"
}

dpkg -i "$deb" >/dev/null || fail "dpkg -i failed"

# What the package put in place.
getent passwd luoshi >/dev/null || fail "no luoshi user"
[ "$(stat -c '%U:%G %a' /var/lib/luoshi)" = "luoshi:luoshi 750" ] || fail "/var/lib/luoshi is $(stat -c '%U:%G %a' /var/lib/luoshi), want luoshi:luoshi 750"
[ "$(stat -c '%U:%G %a' /etc/luoshi/luoshi.conf)" = "root:luoshi 640" ] || fail "/etc/luoshi/luoshi.conf is $(stat -c '%U:%G %a' /etc/luoshi/luoshi.conf), want root:luoshi 640"
unit=/usr/lib/systemd/system/luoshi.service
for want in 'User=luoshi' 'ProtectSystem=strict' 'ReadWritePaths=/var/lib/luoshi' 'NoNewPrivileges=yes' 'Restart=on-failure' 'KillSignal=SIGTERM'; do
  grep -qx "$want" "$unit" || fail "$unit lacks $want"
done
version=$(luoshi version)
want_version=$(dpkg-query -W -f '${Version}' luoshi)
grep -q "^luoshi ${want_version%-*}$" <<<"$version" || fail "luoshi version says: $version; the package is $want_version"
grep -Eq '^commit: [0-9a-f]{40}' <<<"$version" || fail "luoshi version has no commit: $version"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify /usr/lib/systemd/system/luoshi.service /usr/lib/systemd/system/luoshi-backup.service \
    /usr/lib/systemd/system/luoshi-backup.timer || fail "systemd-analyze verify found problems"
else
  echo "install-test: systemd-analyze is not installed; the units were not verified"
fi

if ! "${sandbox[@]}" sh -c '! touch /etc/luoshi/.sandbox-probe 2>/dev/null && touch /var/lib/luoshi/.sandbox-probe' 2>/dev/null; then
  echo "install-test: no mount namespace here; luoshi runs without the unit's read-only sandbox"
  sandbox=()
fi
rm -f /etc/luoshi/.sandbox-probe /var/lib/luoshi/.sandbox-probe

# First run: the county and its administrators, as the luoshi user with the settings.
init=$(as_luoshi luoshi init --region-code 420117 --region-name 测试县 2>&1) || fail "luoshi init: $init"
password=$(awk '$1 == "admin" {print $3}' <<<"$init")
[ -n "$password" ] || fail "luoshi init printed no password for admin: $init"
[ "$(stat -c '%U %a' /var/lib/luoshi/luoshi.key)" = "luoshi 600" ] || fail "key file is $(stat -c '%U %a' /var/lib/luoshi/luoshi.key)"

# An upgrade (here: the same package again) keeps the settings an operator changed and the
# data directory as it was.
echo '# changed by the install test' >>/etc/luoshi/luoshi.conf
dpkg -i "$deb" >/dev/null || fail "dpkg -i over the installed package failed"
grep -qx '# changed by the install test' /etc/luoshi/luoshi.conf || fail "the upgrade replaced the changed /etc/luoshi/luoshi.conf"
[ "$(stat -c '%U:%G %a' /var/lib/luoshi)" = "luoshi:luoshi 750" ] || fail "after the upgrade /var/lib/luoshi is $(stat -c '%U:%G %a' /var/lib/luoshi)"
[ -f /var/lib/luoshi/luoshi.db ] || fail "the upgrade lost the database"

# Start the unit's command line.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADDR_OVERRIDE=127.0.0.1:$port as_luoshi $exec_start >"$log" 2>&1 &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 150); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || fail "the service stopped"
  sleep 0.2
done
health=$(curl -fsS "$base/healthz") || fail "/healthz did not answer"
[ "$(ps -o user=,comm= -p "$server" | tr -s ' ')" = "luoshi luoshi" ] || fail "the service does not run as luoshi: $(ps -o user=,comm= -p "$server")"
login=$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/login")
[ "$(tail -n1 <<<"$login")" = 200 ] || fail "login as admin: $login"
token=$(sed '$d' <<<"$login" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("token") or "")')
[ -n "$token" ] || fail "login answered no token: $login"

# Graceful stop, as systemd's KillSignal does it.
kill -TERM "$server"
wait "$server" || fail "the service exited with an error on SIGTERM"
server=""
grep -q 'luoshi stopped' "$log" || fail "no graceful stop"

# Purge, and nothing of luoshi left but the data directory the package keeps by design.
# (dpkg warns that it leaves the data directory, which is what the package means it to do.)
dpkg --purge luoshi >/dev/null 2>"$log" || fail "dpkg --purge failed"
for path in /usr/bin/luoshi /etc/luoshi "$unit"; do
  [ ! -e "$path" ] || fail "$path is left after purge"
done
! getent passwd luoshi >/dev/null || fail "the luoshi user is left after purge"
! getent group luoshi >/dev/null || fail "the luoshi group is left after purge"
[ -f /var/lib/luoshi/luoshi.db ] || fail "purge removed the county's database; it must keep it"
rm -rf /var/lib/luoshi
echo "install-test: ok — $(basename "$deb") installed, /healthz $health, admin logged in, stopped, purged ($(($(date +%s) - start)) s)"
