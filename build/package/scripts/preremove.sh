#!/bin/sh
# luoshi package: before removal (not an upgrade) — stop and disable the units.
set -e
# deb: "remove"; rpm: 0 when erased (1 on an upgrade).
if [ "$1" = remove ] || [ "$1" = 0 ]; then
  if [ -d /run/systemd/system ]; then
    systemctl disable --now luoshi-backup.timer luoshi.service >/dev/null 2>&1 || true
  fi
fi
exit 0
