#!/usr/bin/env bash
# ceiling.sh — how many creates a second this machine can give at the city on PostgreSQL with
# two writers that share nothing: two `bench serve` of one build, each on its own copy of the
# city, each loaded with `bench load --workload create` at concurrency 8 at the same time (16
# clients in all, as acceptance 5 of issue 15 asks), then one server alone at concurrency 16 in
# the same minutes. Two servers are the best a second writer connection inside one server could
# do (that one would share the audit chain's head, the item numbers and the data version with
# the first), so their sum bounds acceptance 5's create on this machine whatever the write path
# does (docs/performance.md, "The machine's ceiling for creates on PostgreSQL").
#
#   build/ceiling.sh LUOSHI [ROUNDS]
#
# Needs the city's template database $TEMPLATE (default luoshi_acceptance_city), which
# `build/acceptance.sh city` makes, python3, and createdb / dropdb on $PGHOST:$PGPORT as $PGUSER
# (defaults 127.0.0.1, 5432, postgres). Prints one line a round and one for the lone server.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 LUOSHI [ROUNDS]" >&2; exit 2; }
BIN=$1 ROUNDS=${2:-2}
DURATION=${DURATION:-10s}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
TEMPLATE=${TEMPLATE:-luoshi_acceptance_city}
[ -n "$(psql -Atc "SELECT 1 FROM pg_database WHERE datname = '$TEMPLATE'" postgres)" ] ||
	{ echo "$0: no database $TEMPLATE: run build/acceptance.sh city first" >&2; exit 1; }
. "$(dirname "$0")/serve.sh"
DIR=$(mktemp -d)
SERVED=""
cleanup() {
	kill $SERVED 2>/dev/null || true
	wait 2>/dev/null || true
	for s in a b; do dropdb --if-exists "luoshi_ceiling_$s" 2>/dev/null || true; done
	rm -rf "$DIR"
}
port() { [ "$1" = a ] && echo 27571 || echo 27581; }
for s in a b; do
	dropdb --if-exists "luoshi_ceiling_$s" 2>/dev/null
	createdb -S file_copy -T "$TEMPLATE" "luoshi_ceiling_$s" # see build/acceptance.sh
	mkdir -p "$DIR/$s"
	PORT=$(port $s) PPROF=$(($(port $s) + 1))
	# start_server's trap stops the servers if one does not start (the copies are dropped by
	# the next run); once both are up, cleanup stops them and drops the copies.
	start_server "$BIN" "postgres://$PGUSER@$PGHOST:$PGPORT/luoshi_ceiling_$s?sslmode=disable" "$DIR/$s" "server $s" 360
	SERVED="$SERVED $PID"
done
trap cleanup EXIT
show() { # name json…: rate, p99 and errors of each, and their sum
	python3 - "$@" <<-'EOF'
		import json, sys
		name, files = sys.argv[1], sys.argv[2:]
		ds = [json.load(open(f)) for f in files]
		parts = ["%.1f/s (p99 %.1f ms, %d errors)" % (d["requests_per_second"], d["p99_ms"], d["errors"]) for d in ds]
		print("%-14s %s%s" % (name, " + ".join(parts),
		    "  together %.0f/s" % sum(d["requests_per_second"] for d in ds) if len(ds) > 1 else ""))
	EOF
}
r=1
while [ "$r" -le "$ROUNDS" ]; do
	loads=""
	for s in a b; do
		"$BIN" bench load --url "http://127.0.0.1:$(port $s)" --workload create --concurrency 8 \
			--duration "$DURATION" --json "$DIR/$s/create$r.json" > "$DIR/$s/create$r.out" 2>&1 &
		loads="$loads $!"
	done
	for l in $loads; do wait "$l" || { echo "$0: a load failed:" >&2; cat "$DIR"/*/create$r.out >&2; exit 1; }; done
	show "two, round $r" "$DIR/a/create$r.json" "$DIR/b/create$r.json"
	r=$((r + 1))
done
"$BIN" bench load --url "http://127.0.0.1:$(port a)" --workload create --concurrency 16 \
	--duration "$DURATION" --json "$DIR/a/alone.json" > "$DIR/a/alone.out" 2>&1
show "one, c16" "$DIR/a/alone.json"
