#!/bin/sh
# HTTP benchmark (prints figures, asserts nothing).
#   1. wrk, 64 connections, 10 s: GET /api/v1/comuni?provincia=$SIGLA&limit=100
#   2. the same response bytes saved as a file and served as a static asset
#      by the same server: the ratio shows what the API path costs over a
#      plain buffer answer
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
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=0

"$bin" demo --db "$tmp/bench.db" >/dev/null
mkdir -p "$tmp/web"

start_ns=$(date +%s%N)
"$bin" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --web "$tmp/web" >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=""
while [ -z "$port" ]; do
	port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
done
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do :; done
ready_ns=$(date +%s%N)
sleep 1
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

api="/api/v1/comuni?provincia=$sigla&limit=100"
curl -sf "http://127.0.0.1:$port$api" >"$tmp/web/comuni.json"
kill $pid; wait $pid 2>/dev/null || true
# restart so the static table contains the saved response
"$bin" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --web "$tmp/web" >"$tmp/out" 2>/dev/null &
pid=$!
port=""
while [ -z "$port" ]; do
	port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
done
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do :; done

run() { wrk -t"$wthreads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port$1"; }
run "$api" >"$tmp/api.txt"
run "/comuni.json" >"$tmp/static.txt"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
api_rps=$(rps "$tmp/api.txt")
static_rps=$(rps "$tmp/static.txt")
bytes=$(wc -c <"$tmp/web/comuni.json")

echo "response: $bytes bytes ($sigla, limit=100); wrk -t$wthreads -c$conns -d$duration"
echo "api     GET $api: $api_rps req/s, p99 $(p99 "$tmp/api.txt")"
echo "static  GET /comuni.json: $static_rps req/s, p99 $(p99 "$tmp/static.txt")"
echo "ratio   api/static: $(awk -v a="$api_rps" -v s="$static_rps" 'BEGIN {printf "%.2f", a / s}')"
echo "binary  $(stat -c %s "$bin") bytes ($bin)"
echo "idle    RSS $rss_kb KiB"
echo "startup $(( (ready_ns - start_ns) / 1000000 )) ms from exec to first /healthz 200"
