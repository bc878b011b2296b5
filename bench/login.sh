#!/bin/sh
# Logins under load: what 200 concurrent logins do to everyone else.
#
#   1. cost of one login: N sequential POST /api/v1/auth/login (each verifies
#      one argon2id hash, crypto_pwhash OPSLIMIT/MEMLIMIT_INTERACTIVE =
#      2 passes, 64 MiB), and the same for a wrong password (same work);
#   2. anchor: /healthz latency (median, p95) on the idle server;
#   3. 200 clients (bench/login-load.mjs, each from its own 127.0.x.y)
#      posting correct logins for SECONDS_LOAD while a second client times
#      /healthz one request after the other: its median and p95 beside the
#      anchor, the logins' status codes, and the server's peak RSS (VmHWM).
#      With the default thread pool and with --threads 32; the clients
#      retry a 503 at once (the worst case), then after its Retry-After (as
#      the web UI does).
# Prints figures and asserts nothing.  Env: N (20), SECONDS_LOAD (10),
# CONNECTIONS (200).
set -eu
cd "$(dirname "$0")/.."
bin=build/areavasta
n=${N:-20}
seconds=${SECONDS_LOAD:-10}
conns=${CONNECTIONS:-200}
tmp=$(mktemp -d)
pid=0
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$bin" init --db "$tmp/b.db" >/dev/null
printf 'una-password-per-il-bench\n' >"$tmp/pw"
"$bin" user add --db "$tmp/b.db" --email bench@example.org --name Bench \
	--role upi --ente upi --password-file "$tmp/pw" >/dev/null
body='{"email":"bench@example.org","password":"una-password-per-il-bench"}'

start_server() {
	"$bin" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --no-web "$@" \
		>"$tmp/out" 2>/dev/null &
	pid=$!
	port=""
	while [ -z "$port" ]; do
		port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null |
			head -1 | cut -d: -f2 || true)
	done
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do :; done
}
stop_server() {
	kill $pid
	wait $pid 2>/dev/null || true
}
login() {
	curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' \
		-d "{\"email\":\"${2:-bench@example.org}\",\"password\":\"$1\"}" \
		"http://127.0.0.1:$port/api/v1/auth/login"
}
# Times /healthz sequentially until the file $1 exists (or $2 requests);
# prints "median p95 count" in milliseconds.
healthz_latency() {
	: >"$tmp/lat"
	i=0
	while [ ! -e "$1" ] && [ $i -lt "$2" ]; do
		curl -s -o /dev/null -m 60 -w '%{time_total}\n' \
			"http://127.0.0.1:$port/healthz" >>"$tmp/lat" || true
		i=$((i + 1))
	done
	sort -n "$tmp/lat" | awk '{ v[NR] = $1 * 1000 }
		END { if (NR == 0) { print "- - 0"; exit }
		      m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.95 + 0.999)]
		      if (p == "") p = v[NR]
		      printf "%.1f %.1f %d\n", m, p, NR }'
}

start_server
login una-password-per-il-bench >/dev/null
t0=$(date +%s%N)
i=0
while [ $i -lt "$n" ]; do login una-password-per-il-bench >/dev/null; i=$((i + 1)); done
t1=$(date +%s%N)
echo "login ok:    $(( (t1 - t0) / n / 1000000 )) ms per login ($n sequential, argon2id 2 passes 64 MiB)"
t0=$(date +%s%N)
# (an unknown account: the same work, and no failures left on bench@)
for i in 1 2 3 4; do login sbagliata-sbagliata nessuno@example.org >/dev/null; done
t1=$(date +%s%N)
echo "login wrong: $(( (t1 - t0) / 4 / 1000000 )) ms per attempt"
stop_server

under_load() {
	label=$1
	shift
	start_server "$@"
	set -- $(healthz_latency "$tmp/never" 200)
	echo "$label idle:   /healthz median $1 ms, p95 $2 ms ($3 requests)   <- anchor"
	rm -f "$tmp/done"
	(RETRY=$retry node bench/login-load.mjs \
		"http://127.0.0.1:$port/api/v1/auth/login" \
		"$conns" "$seconds" "$body" >"$tmp/load.json" 2>&1
	 touch "$tmp/done") &
	lpid=$!
	sleep 1
	set -- $(healthz_latency "$tmp/done" 100000)
	wait $lpid || true
	hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
	echo "$label load:   /healthz median $1 ms, p95 $2 ms ($3 requests) during $conns concurrent logins for ${seconds}s"
	echo "$label logins: $(cat "$tmp/load.json"); peak RSS $((hwm / 1024)) MiB"
	stop_server
}
retry=now
under_load "threads=default, retry at once       "
under_load "threads=32, retry at once            " --threads 32
retry=honour
under_load "threads=default, retry after Retry-After"
under_load "threads=32, retry after Retry-After     " --threads 32
