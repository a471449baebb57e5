#!/usr/bin/env bash
# paired.sh — two builds measured at the same moment: for a machine whose speed moves more
# within minutes than a change moves a request (docs/performance.md, "The writer's log writes
# gathered"). Each round, both builds serve their own copy of the county at once and a load
# tool drives each at concurrency 16 for $DURATION (10s), started together; one line a build
# a round: req/s, p50 and p99 ms. The rates are a fraction of a lone run's (two servers and
# two load tools share the cores): compare the two builds of a round, never across rounds.
#
#   build/paired.sh OUTDIR A B WORKLOAD [ROUNDS]
#
# OUTDIR holds county.db (made here with A's `bench gen --scale county --seed 1` if missing,
# as build/acceptance.sh does). Run it a second time with A and B swapped: the build started
# first may have an edge.
set -eu
OUT=$1 A=$2 B=$3 W=$4 R=${5:-3}
DURATION=${DURATION:-10s}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ ! -f "$OUT/county.db" ]; then
	"$A" bench gen --scale county --seed 1 --now 2026-12-04T09:00:00+08:00 --db "sqlite:$OUT/county.db.new" > "$OUT/gen.log" 2>&1
	mv "$OUT/county.db.new" "$OUT/county.db"
fi
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for r in $(seq "$R"); do
	pids=()
	i=0
	for bin in "$A" "$B"; do
		i=$((i + 1))
		d=$OUT/pair-$i
		rm -rf "$d"
		mkdir -p "$d"
		cp "$OUT/county.db" "$d/run.db"
		"$bin" bench serve --pprof 127.0.0.1:$((27610 + i)) --addr 127.0.0.1:$((27600 + i)) --db "sqlite:$d/run.db" \
			--key-file "$d/luoshi.key" --files-dir "$d/files" > "$d/server.log" 2>&1 &
		pids+=($!)
	done
	n=0
	until grep -q 'scheduler: pass' "$OUT/pair-1/server.log" && grep -q 'scheduler: pass' "$OUT/pair-2/server.log"; do
		n=$((n + 1))
		[ $n -le 1500 ] || { echo "no scheduler pass after 5 minutes:" >&2; tail -2 "$OUT"/pair-*/server.log >&2; exit 1; }
		sleep 0.2
	done
	loads=()
	for i in 1 2; do
		"$A" bench load --url http://127.0.0.1:$((27600 + i)) --workload "$W" --concurrency 16 --duration "$DURATION" \
			--json "$OUT/pair-$i/load.json" > "$OUT/pair-$i/load.out" 2>&1 &
		loads+=($!)
	done
	wait "${loads[@]}"
	i=0
	for bin in "$A" "$B"; do
		i=$((i + 1))
		python3 - "$OUT/pair-$i/load.json" "$r" "$(basename "$bin")" "$W" <<-'PY'
			import json, sys
			d = json.load(open(sys.argv[1]))
			print("%s %-24s %-8s %7.0f req/s  p50 %6.1f  p99 %6.1f ms  errors %d" % (sys.argv[2], sys.argv[3], sys.argv[4],
			    d["requests_per_second"], d["p50_ms"], d["p99_ms"], d["errors"]))
		PY
	done
	kill "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null || true
done
