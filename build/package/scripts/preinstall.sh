#!/bin/sh
# luoshi package: before unpacking — the system user and group luoshi the service runs as.
set -e
if ! getent group luoshi >/dev/null; then
  groupadd --system luoshi
fi
if ! getent passwd luoshi >/dev/null; then
  nologin=$(command -v nologin || echo /bin/false)
  useradd --system --gid luoshi --home-dir /var/lib/luoshi --no-create-home \
    --shell "$nologin" --comment "luoshi (落实) server" luoshi
fi
exit 0
