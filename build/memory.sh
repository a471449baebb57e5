#!/bin/sh
# memory.sh — the server's resident memory through the county's workloads and a login burst
# (issue 15, acceptance 4; docs/performance.md, "Memory" and "Login memory").
#
#   build/memory.sh LUOSHI PRISTINE.db OUTDIR [serve flags…]
#
# Copies PRISTINE.db (luoshi bench gen --scale county --seed 1 --now 2026-12-04T09:00:00+08:00)
# to OUTDIR/run.db, starts `LUOSHI bench serve` on it, waits for the scheduler's first pass,
# then runs `bench load` for each of $WORKLOADS (default: list detail stats report create mixed)
# at concurrency 16 for $DURATION (8s), then 200 concurrent logins of the supervisor by curl and
# by `bench load --workload login --concurrency 200`. Every 100 ms it samples /proc/PID/status
# (VmRSS, VmHWM, RssAnon, RssFile) into OUTDIR/samples.csv, and every 200 ms the Go heap from
# /debug/vars into OUTDIR/heap.csv, and after each phase a heap profile (OUTDIR/PHASE.heap).
# It prints, per phase, the requests, the server's CPU a request (utime+stime from
# /proc/PID/stat), the largest VmRSS and the VmHWM after the phase; for the logins, the
# statuses, how many answers carried Retry-After and the server's CPU for the whole burst.
# $PREFIX is put before the server and the load tool (e.g. "taskset -c 0 nice -n 10").
# Needs curl and jq.
set -eu
BIN=$1 PRISTINE=$2 OUT=$3
shift 3
WORKLOADS=${WORKLOADS:-list detail stats report create mixed}
DURATION=${DURATION:-8s}
PREFIX=${PREFIX:-}
PORT=${PORT:-27461}
PPROF=${PPROF:-27462}
URL=http://127.0.0.1:$PORT
mkdir -p "$OUT"
cp "$PRISTINE" "$OUT/run.db"
rm -f "$OUT/run.db-wal" "$OUT/run.db-shm" "$OUT/run.db.audit-head"
echo start > "$OUT/phase"
# shellcheck disable=SC2086
$PREFIX "$BIN" bench serve --pprof 127.0.0.1:$PPROF --db "sqlite:$OUT/run.db" --addr 127.0.0.1:$PORT \
	--key-file "$OUT/luoshi.key" --files-dir "$OUT/files" "$@" > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
(
	while kill -0 $PID 2>/dev/null; do
		printf '%s,%s,%s\n' "$(date +%s.%N)" "$(cat "$OUT/phase")" \
			"$(awk '/^(VmRSS|VmHWM|RssAnon|RssFile):/{v[$1] = $2} END {printf "%s,%s,%s,%s", v["VmRSS:"], v["VmHWM:"], v["RssAnon:"], v["RssFile:"]}' /proc/$PID/status 2>/dev/null)"
		sleep 0.1
	done
) > "$OUT/samples.csv" &
(
	while kill -0 $PID 2>/dev/null; do
		curl -s "http://127.0.0.1:$PPROF/debug/vars" 2>/dev/null |
			jq -r --arg p "$(cat "$OUT/phase")" '[now, $p, .memstats.HeapAlloc, .memstats.HeapInuse, .memstats.HeapIdle, .memstats.HeapReleased, .memstats.HeapSys, .memstats.Sys, .memstats.NextGC, .memstats.NumGC, .memstats.StackInuse] | @csv' 2>/dev/null || true
		sleep 0.2
	done
) > "$OUT/heap.csv" &
until grep -q 'scheduler: pass' "$OUT/server.log"; do
	kill -0 $PID || { cat "$OUT/server.log"; exit 1; }
	sleep 0.5
done
sleep 1
cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }
hwm() { awk '/^VmHWM:/{printf "%.1f", $2 / 1024}' /proc/$PID/status; }
maxrss() { awk -F, -v p="$1" '$2 == p && $3 > m {m = $3} END {printf "%.1f", m / 1024}' "$OUT/samples.csv"; }
hz=$(getconf CLK_TCK)
printf '%-8s %10s %12s %12s %10s %s\n' phase requests cpu-ms/req maxRSS-MB VmHWM-MB "load average"
printf '%-8s %10s %12s %12s %10s %s\n' start - - "$(maxrss start)" "$(hwm)" "$(cut -d' ' -f1-3 /proc/loadavg)"
for w in $WORKLOADS; do
	echo "$w" > "$OUT/phase"
	c0=$(cpu)
	# shellcheck disable=SC2086
	$PREFIX "$BIN" bench load --url "$URL" --workload "$w" --concurrency 16 --duration "$DURATION" \
		--json "$OUT/$w.json" > "$OUT/$w.txt" 2>&1
	c1=$(cpu)
	curl -s "http://127.0.0.1:$PPROF/debug/pprof/heap" > "$OUT/$w.heap" || true
	n=$(jq .requests "$OUT/$w.json" 2>/dev/null || echo 0)
	printf '%-8s %10s %12s %12s %10s %s\n' "$w" "$n" \
		"$(awk -v c=$((c1 - c0)) -v n="$n" -v hz="$hz" 'BEGIN {if (n > 0) printf "%.3f", c * 1000 / hz / n; else print "-"}')" \
		"$(maxrss "$w")" "$(hwm)" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
echo curl > "$OUT/phase"
c0=$(cpu)
# shellcheck disable=SC2086
seq 200 | $PREFIX xargs -P 200 -I{} curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
	-d '{"username":"r001_dc","password":"Bench@2026"}' "$URL/api/v1/login" > "$OUT/curl.headers"
c1=$(cpu)
codes=$(awk '/^HTTP/{print $2}' "$OUT/curl.headers" | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
retry=$(grep -ci '^retry-after' "$OUT/curl.headers" || true)
printf '%-8s %10s %12s %12s %10s %s\n' curl "$codes" "Retry-After×$retry $(((c1 - c0) * 1000 / hz))ms" "$(maxrss curl)" "$(hwm)" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo burst > "$OUT/phase"
c0=$(cpu)
# shellcheck disable=SC2086
$PREFIX "$BIN" bench load --url "$URL" --workload login --concurrency 200 --requests 200 --duration 60s \
	--json "$OUT/burst.json" > "$OUT/burst.txt" 2>&1 || true
c1=$(cpu)
printf '%-8s %10s %12s %12s %10s %s\n' burst "$(grep -o "busy[^·]*" "$OUT/burst.txt" | head -1)" "$(((c1 - c0) * 1000 / hz))ms" "$(maxrss burst)" "$(hwm)" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo done > "$OUT/phase"
sleep 1
curl -s "http://127.0.0.1:$PPROF/debug/pprof/heap" > "$OUT/done.heap" || true
curl -s "http://127.0.0.1:$PPROF/debug/vars" | jq -c .answers > "$OUT/answers.json" || true
echo "process VmHWM $(hwm) MB"
