#!/usr/bin/env bash
# upgrade-fixture.sh N [N…] — make the upgrade test's fixture for schema version N, with the
# code of that version.
#
# The upgrade test (cmd/luoshi, TestUpgradeFromEverySchema) needs one fixture for every schema
# version below the current one. After merging new migrations, run this for every version the
# test names as missing, e.g. after merging 0014:
#
#     build/upgrade-fixture.sh 13
#
# and commit cmd/luoshi/testdata/upgrade/0013/. It needs git, go, curl, jq, gzip and a
# PostgreSQL reachable as LUOSHI_FIXTURE_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres,
# a role that may create databases).
#
# What it does: finds the commit that added migration N (git log --diff-filter=A), checks it
# out in a temporary worktree, builds that commit's luoshi, and with it
#   1. serves the demo county on a new SQLite file and records what the API answers for a few
#      endpoints (answers-sqlite.json.gz), then keeps the file (luoshi.db.gz);
#   2. does the same on a new PostgreSQL database, in a schema named luoshi_fixture, and
#      keeps a pg_dump of that schema as INSERT statements (postgres.sql.gz, answers-postgres.json.gz);
#   3. writes fixture.json (schema, commit, the migrations that commit had, what had to be
#      patched for it to build or to take PostgreSQL, the account, the times the answers were
#      taken) and keeps the SM4 key file both databases were made with
#      (fixture-key — a test key).
# The worktree, the binary and the database are removed at the end, whatever happens.
set -euo pipefail

if [ $# -gt 1 ]; then # several versions: one after the other
  for v in "$@"; do "$0" "$v"; done
  exit
fi
if [ $# -ne 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SCHEMA_VERSION… (e.g. 13 14 15)" >&2
  exit 2
fi
n=$((10#$1))
NNNN=$(printf %04d "$n")
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"

commit=$(git log --diff-filter=A --format=%H -- "internal/store/migrations/sqlite/${NNNN}_*" | tail -1)
if [ -z "$commit" ]; then
  echo "no commit adds internal/store/migrations/sqlite/${NNNN}_*" >&2
  exit 1
fi
out="$root/cmd/luoshi/testdata/upgrade/$NNNN"
pg_admin=${LUOSHI_FIXTURE_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
pg_db="luoshi_fixture_${NNNN}_$$"
password='Ls-Fixture9Upgrade7a' # every demo account's; a test fixture's, nothing else's
username=duchashi               # the supervision office (督查室): reads every item and letter
port=$((20000 + n * 10 + RANDOM % 10))
tmp=$(mktemp -d "/tmp/luoshi-fixture-$NNNN.XXXXXX")
wt="$tmp/src"
server=""

cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  psql "$pg_admin" -q -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "schema $n: commit $commit"
git -C "$root" worktree add --detach "$wt" "$commit" >/dev/null
patched="" # what was changed in the old code to make the fixture at all
# Some early commits name cmdBench, whose file was committed only later (bench.go): such a
# commit gets a stub of it, which the fixture never calls; nothing else is changed.
if grep -q 'cmdBench' "$wt/cmd/luoshi/main.go" && ! grep -qs 'func cmdBench' "$wt"/cmd/luoshi/*.go; then
  cat >"$wt/cmd/luoshi/zz_fixture_stub.go" <<'GO'
package main

import (
	"context"
	"errors"
	"io"
)

func cmdBench(context.Context, []string, io.Writer, io.Writer) error {
	return errors.New("bench: not in this commit")
}
GO
  patched="cmd/luoshi/zz_fixture_stub.go: a stub of cmdBench, whose file this commit lacks"
fi
(cd "$wt" && CGO_ENABLED=0 go build -o "$tmp/luoshi" ./cmd/luoshi)
applied=$(git -C "$wt" ls-tree --name-only HEAD internal/store/migrations/sqlite/ | sed -E 's#.*/0*([0-9]+)_.*#\1#' | paste -sd, -)

# The flags this version's serve has: early versions had no key file, no attachments and no
# PostgreSQL.
help=$("$tmp/luoshi" serve -h 2>&1 || true)
extra=()
grep -q -- '-key-file' <<<"$help" && extra+=(--key-file "$tmp/luoshi.key")
grep -q -- '-files-dir' <<<"$help" && extra+=(--files-dir "$tmp/files")
has_postgres=false
grep -q 'postgres' <<<"$help" && has_postgres=true
# Schema 5's store already spoke PostgreSQL while its flag check still wanted sqlite:FILE:
# such a commit gets that one check widened, and the fixture says so (patched).
if ! $has_postgres && [ -f "$wt/internal/store/postgres.go" ] &&
  grep -q 'if !strings.HasPrefix(c.DB, "sqlite:") || len(c.DB) == len("sqlite:") {' "$wt/cmd/luoshi/config.go"; then
  sed -i 's#if !strings.HasPrefix(c.DB, "sqlite:") || len(c.DB) == len("sqlite:") {#if !strings.HasPrefix(c.DB, "postgres://") \&\& (!strings.HasPrefix(c.DB, "sqlite:") || len(c.DB) == len("sqlite:")) {#' \
    "$wt/cmd/luoshi/config.go"
  (cd "$wt" && CGO_ENABLED=0 go build -o "$tmp/luoshi" ./cmd/luoshi)
  has_postgres=true
  patched="${patched:+$patched; }cmd/luoshi/config.go: validate accepts postgres:// (the store of this commit has PostgreSQL)"
fi

# serve DSN LOG: start the old luoshi with the demo county and wait for /healthz.
serve() {
  "$tmp/luoshi" serve --addr "127.0.0.1:$port" --db "$1" --demo --demo-password "$password" \
    "${extra[@]}" >"$2" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$2" >&2; echo "luoshi stopped" >&2; exit 1; fi
    sleep 0.5
  done
  cat "$2" >&2
  echo "luoshi did not answer /healthz" >&2
  exit 1
}

stop() {
  kill -TERM "$server"
  wait "$server" || true
  server=""
}

# record FILE: log in and keep the answers of a few endpoints as one JSON object
# {"GET path": answer}; endpoints this version does not have (404) are left out.
record() {
  local base="http://127.0.0.1:$port" token paths=() path
  token=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\":\"$username\",\"password\":\"$password\"}" "$base/api/v1/login" | jq -r .token)
  get() { curl -sS -H "Authorization: Bearer $token" -w '\n%{http_code}' "$base$1"; }
  first_id() { # first_id PATH JQ: the id of the first record a list answers
    local body
    body=$(get "$1")
    [ "$(tail -n1 <<<"$body")" = 200 ] || return 0
    sed '$d' <<<"$body" | jq -r "$2 // empty"
  }
  paths=(/api/v1/me /api/v1/units /api/v1/leaders /api/v1/items /api/v1/targets/letters
    /api/v1/proposals /api/v1/meetings /api/v1/bulletins)
  local id
  id=$(first_id /api/v1/items '.items[0].id')
  [ -n "$id" ] && paths+=("/api/v1/items/$id" "/api/v1/items/$id/events")
  id=$(first_id /api/v1/targets/letters '(.letters // .items // .)[0].id')
  [ -n "$id" ] && paths+=("/api/v1/targets/letters/$id")
  id=$(first_id /api/v1/proposals '(.proposals // .items // .)[0].id')
  [ -n "$id" ] && paths+=("/api/v1/proposals/$id")
  echo '{}' >"$1"
  for path in "${paths[@]}"; do
    local body code
    body=$(get "$path")
    code=$(tail -n1 <<<"$body")
    if [ "$code" = 200 ]; then
      sed '$d' <<<"$body" | jq --arg k "GET $path" --slurpfile all "$1" -n '$all[0] + {($k): input}' >"$1.new"
      mv "$1.new" "$1"
    fi
  done
  gzip -9n "$1"
}

mkdir -p "$out"
rm -f "$out"/*

# SQLite.
serve "sqlite:$tmp/luoshi.db" "$tmp/sqlite.log"
at_sqlite=$(date +%s%3N)
record "$out/answers-sqlite.json"
stop
gzip -9n <"$tmp/luoshi.db" >"$out/luoshi.db.gz"

# PostgreSQL: the same, in a schema of its own so that the test can load it into any schema.
# A version whose luoshi could not use PostgreSQL made no PostgreSQL database to upgrade.
at_postgres=null
if $has_postgres; then
psql "$pg_admin" -q -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE $pg_db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
pg_url=$(sed -E "s#/[^/?]*(\?|$)#/$pg_db\1#" <<<"${pg_admin#postgres://}")
pg_url="postgres://$pg_url"
psql "$pg_url" -q -c "CREATE SCHEMA luoshi_fixture"
sep='?'; [[ $pg_url == *\?* ]] && sep='&'
serve "$pg_url${sep}search_path=luoshi_fixture&sslmode=disable" "$tmp/postgres.log"
at_postgres=$(date +%s%3N)
record "$out/answers-postgres.json"
stop
pg_dump --schema=luoshi_fixture --no-owner --no-privileges --no-comments --inserts "$pg_url" |
  grep -v '^\\' | gzip -9n >"$out/postgres.sql.gz"
fi

# Not luoshi.key: the repository ignores *.key.
[ -f "$tmp/luoshi.key" ] && cp "$tmp/luoshi.key" "$out/fixture-key"
jq -n --argjson schema "$n" --arg commit "$commit" --arg username "$username" --arg password "$password" \
  --argjson migrations "[$applied]" --arg patched "$patched" \
  --argjson at_sqlite "$at_sqlite" --argjson at_postgres "$at_postgres" \
  '{schema: $schema, commit: $commit, migrations: $migrations, patched: $patched, username: $username, password: $password,
    answered_at_ms: {sqlite: $at_sqlite, postgres: $at_postgres}}' >"$out/fixture.json"
du -sh "$out"
