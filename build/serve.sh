# serve.sh — sourced by build/acceptance.sh and build/writer.sh: start a build's `bench serve`
# and wait for its first scheduler pass.
#
#   start_server LUOSHI DB DIR NAME SECONDS
#
# waits for PORT to be free (a server just stopped may still hold it), starts `LUOSHI bench
# serve` on DB (a DSN) with pprof on PPROF, its key file, files and log (server.log) in DIR,
# sets PID and a trap that stops it — and the servers whose PIDs the caller keeps in SERVED —
# when the script exits, and returns once the log shows
# "scheduler: pass" (for a copied database, the back-fill of its reminders); it exits the
# script if the server stops first or no pass comes within SECONDS. NAME names the build in
# those messages.
start_server() {
	local bin=$1 db=$2 dir=$3 name=$4 limit=$5 i=0
	while (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
	"$bin" bench serve --pprof 127.0.0.1:$PPROF --addr 127.0.0.1:$PORT --db "$db" \
		--key-file "$dir/luoshi.key" --files-dir "$dir/files" > "$dir/server.log" 2>&1 &
	PID=$!
	trap 'kill $PID ${SERVED:-} 2>/dev/null || true' EXIT
	i=0
	until grep -q 'scheduler: pass' "$dir/server.log"; do
		kill -0 $PID 2>/dev/null || { echo "$name: the server stopped:" >&2; tail -5 "$dir/server.log" >&2; exit 1; }
		i=$((i + 1))
		[ $i -le $((limit * 5)) ] || { echo "$name: no scheduler pass after $limit s" >&2; exit 1; }
		sleep 0.2
	done
}
