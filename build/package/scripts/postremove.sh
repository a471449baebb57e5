#!/bin/sh
# luoshi package: after removal. The data directory /var/lib/luoshi — the county's database,
# key file, attachments and backups — is never deleted by the package, not even on purge:
# remove it by hand once it is surely not needed. A purge (deb) also removes the settings
# directory and the luoshi user and group.
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
if [ "$1" = purge ]; then
  rm -rf /etc/luoshi
  if getent passwd luoshi >/dev/null; then userdel luoshi || true; fi
  if getent group luoshi >/dev/null; then groupdel luoshi || true; fi
  if [ -d /var/lib/luoshi ]; then
    echo "luoshi: /var/lib/luoshi (database, key, attachments, backups) is kept; remove it by hand if it is not needed"
  fi
fi
exit 0
