#!/bin/sh
# luoshi package: after unpacking — the data directory (only luoshi may enter it), the
# settings' owner, and systemd told of the units. A first install starts nothing: the county
# is created with luoshi init first (docs/operations.md). An upgrade restarts a running
# server, which applies the new migrations as it starts.
set -e
install -d -o luoshi -g luoshi -m 0750 /var/lib/luoshi
chown root:luoshi /etc/luoshi /etc/luoshi/luoshi.conf
chmod 0750 /etc/luoshi
chmod 0640 /etc/luoshi/luoshi.conf
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  # deb: "configure" with the previous version; rpm: 2 on an upgrade.
  if { [ "$1" = configure ] && [ -n "$2" ]; } || [ "$1" = 2 ]; then
    systemctl try-restart luoshi.service || true
  fi
fi
exit 0
