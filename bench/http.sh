#!/bin/sh
# HTTP benchmark (prints figures, asserts nothing).
#   1. wrk, 64 connections, 10 s: GET /api/v1/comuni?provincia=$SIGLA&limit=100
#      with the answer cache off (--cache-size 0: every request runs the
#      handler, "cold") and on (the default: "warm")
#   2. the anchor, in the same run: nginx (Debian's nginx-light, 2 workers,
#      access log off) serving the same response bytes as a static file;
#      and the same bytes as a static asset of our own server
#   3. binary size, idle RSS, time from exec to the first /healthz answer
# Uses the release build and a fresh demo database.  Env: SIGLA (VI),
# DURATION (10s), CONNECTIONS (64), THREADS (2).
set -eu
cd "$(dirname "$0")/.."
bin=build/areavasta
sigla=${SIGLA:-VI}
duration=${DURATION:-10s}
conns=${CONNECTIONS:-64}
wthreads=${THREADS:-2}
tmp=$(mktemp -d)
pid=0
npid=0
# (kill 0 would signal our own process group: only real pids.)
cleanup() {
	for p in $pid $npid; do [ "$p" -eq 0 ] || kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# serve with extra options, waiting for its port; sets pid and port.
start() {
	"$bin" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --web "$tmp/web" "$@" >"$tmp/out" 2>/dev/null &
	pid=$!
	port=""
	while [ -z "$port" ]; do
		port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
	done
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do :; done
}
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=0; }
run() { wrk -t"$wthreads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$2$1"; }

"$bin" demo --db "$tmp/bench.db" >/dev/null
mkdir -p "$tmp/web"

start_ns=$(date +%s%N)
start
ready_ns=$(date +%s%N)
sleep 1
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
api="/api/v1/comuni?provincia=$sigla&limit=100"
curl -sf "http://127.0.0.1:$port$api" >"$tmp/web/comuni.json"
stop

# The anchor: nginx serving the same bytes, on a free port.
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/nginx"
{
	# As root, workers would run as nobody, who cannot read $tmp.
	[ "$(id -u)" -eq 0 ] && echo "user root;"
	echo "daemon off; worker_processes 2; pid $tmp/nginx/nginx.pid;"
	echo "error_log $tmp/nginx/error.log warn;"
	echo "events { worker_connections 1024; }"
	echo "http { access_log off; types { application/json json; }"
	for d in client_body proxy fastcgi uwsgi scgi; do echo "  ${d}_temp_path $tmp/nginx;"; done
	echo "  server { listen 127.0.0.1:$nport; root $tmp/web; } }"
} >"$tmp/nginx/nginx.conf"
/usr/sbin/nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>/dev/null &
npid=$!
tries=0
until curl -sf "http://127.0.0.1:$nport/comuni.json" >/dev/null; do
	tries=$((tries + 1))
	[ $tries -lt 500 ] || { echo "nginx did not start:" >&2; cat "$tmp/nginx/error.log" >&2; exit 1; }
	sleep 0.01
done
run "/comuni.json" "$nport" >"$tmp/nginx.txt"
kill $npid; wait $npid 2>/dev/null || true
npid=0

start --cache-size 0
run "$api" "$port" >"$tmp/cold.txt"
stop
# Restarted, so the static table contains the saved response.
start
run "$api" "$port" >"$tmp/warm.txt"
run "/comuni.json" "$port" >"$tmp/static.txt"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
pct() { awk -v a="$(rps "$1")" -v s="$(rps "$2")" 'BEGIN {printf "%.0f%%", 100 * a / s}'; }
bytes=$(wc -c <"$tmp/web/comuni.json")

echo "response: $bytes bytes ($sigla, limit=100); wrk -t$wthreads -c$conns -d$duration"
echo "anchor  nginx GET /comuni.json (same bytes): $(rps "$tmp/nginx.txt") req/s, p99 $(p99 "$tmp/nginx.txt")"
echo "cold    GET $api (--cache-size 0): $(rps "$tmp/cold.txt") req/s, p99 $(p99 "$tmp/cold.txt"), $(pct "$tmp/cold.txt" "$tmp/nginx.txt") of nginx"
echo "warm    GET $api (cached): $(rps "$tmp/warm.txt") req/s, p99 $(p99 "$tmp/warm.txt"), $(pct "$tmp/warm.txt" "$tmp/nginx.txt") of nginx"
echo "static  GET /comuni.json from areavasta: $(rps "$tmp/static.txt") req/s, p99 $(p99 "$tmp/static.txt")"
echo "binary  $(stat -c %s "$bin") bytes ($bin)"
echo "idle    RSS $rss_kb KiB"
echo "startup $(( (ready_ns - start_ns) / 1000000 )) ms from exec to first /healthz 200"
