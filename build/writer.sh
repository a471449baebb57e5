#!/usr/bin/env bash
# writer.sh — the store's one writer, measured per write: for each build in turn, a fresh copy
# of the county, `bench serve`, its first scheduler pass, `/healthz` for 3 s, then WORKLOAD at
# concurrency 16 for $DURATION (8s), reading the server's `/debug/vars` (`groups`) before and
# after. One line a build: the rate and its ratio to that `/healthz`, p99, writes a group, and
# the writer's time a write — its members' functions, its commits, its log restarts — with how
# busy that kept it, and the server's CPU a request (/proc/PID/stat). The writer's time a write
# moves much less with the machine's speed than a rate does: alternate the builds
# (A B A B) and compare them (docs/performance.md, "Reminders moved in place").
#
#   build/writer.sh OUTDIR WORKLOAD LUOSHI…
#
# OUTDIR holds county.db (made with the first build's `bench gen --scale county --seed 1` if
# missing, as build/acceptance.sh does).
set -eu
OUT=$1 W=$2
shift 2
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR WORKLOAD LUOSHI…" >&2; exit 2; }
DURATION=${DURATION:-8s}
PORT=${PORT:-27641}
PPROF=${PPROF:-27642}
. "$(dirname "$0")/serve.sh"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ ! -f "$OUT/county.db" ]; then
	"$1" bench gen --scale county --seed 1 --now 2026-12-04T09:00:00+08:00 --db "sqlite:$OUT/county.db.new" > "$OUT/gen.log" 2>&1
	mv "$OUT/county.db.new" "$OUT/county.db"
fi
for BIN in "$@"; do
	d=$OUT/writer
	rm -rf "$d"
	mkdir -p "$d"
	cp "$OUT/county.db" "$d/run.db"
	start_server "$BIN" "sqlite:$d/run.db" "$d" "$BIN" 300
	"$BIN" bench load --url http://127.0.0.1:$PORT --workload healthz --concurrency 16 --duration 3s --json "$d/healthz.json" > /dev/null 2>&1
	curl -sf http://127.0.0.1:$PPROF/debug/vars > "$d/vars0.json"
	t0=$(awk '{print $14 + $15}' /proc/$PID/stat)
	"$BIN" bench load --url http://127.0.0.1:$PORT --workload "$W" --concurrency 16 --duration "$DURATION" --json "$d/$W.json" > /dev/null 2>&1
	t1=$(awk '{print $14 + $15}' /proc/$PID/stat)
	curl -sf http://127.0.0.1:$PPROF/debug/vars > "$d/vars1.json"
	python3 - "$d" "$W" "$(basename "$BIN")" $((t1 - t0)) "$(getconf CLK_TCK)" "$DURATION" <<-'EOF'
		import json, sys
		d, w, name, ticks, hz, dur = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
		a = json.load(open(d + "/vars0.json"))["groups"]
		b = json.load(open(d + "/vars1.json"))["groups"]
		r = json.load(open("%s/%s.json" % (d, w)))
		h = json.load(open(d + "/healthz.json"))
		groups = sum(b[k] - a[k] for k in ("1", "2-4", "5-8", "9-16", "17+"))
		writes = sum(b["waited"][k] - a["waited"][k] for k in b["waited"])
		if writes == 0:
		    sys.exit("%s: no writes counted (is %s a write workload?)" % (name, w))
		ms = lambda k: (b[k] - a[k]) / writes
		busy = sum(b[k] - a[k] for k in ("members_ms", "commits_ms", "handovers_ms")) / (1000.0 * float(dur.rstrip("s")))
		print("%-24s %-7s %6.0f req/s (%.1f%% of /healthz %.0f)  p99 %5.1f ms | %4.1f writes a group; "
		      "members %.3f, commits %.3f, restarts %.3f ms a write; writer busy %.0f%% | server CPU %.3f ms a request" % (
		    name, w, r["requests_per_second"], 100 * r["requests_per_second"] / h["requests_per_second"],
		    h["requests_per_second"], r["p99_ms"], writes / max(groups, 1), ms("members_ms"), ms("commits_ms"),
		    ms("handovers_ms"), 100 * busy, 1000.0 * ticks / hz / max(r["requests"], 1)))
	EOF
	kill $PID
	wait $PID 2>/dev/null || true
	trap - EXIT
done
