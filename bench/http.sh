#!/bin/sh
# HTTP benchmark (prints figures, asserts nothing).
#   1. wrk, 64 connections, 10 s: GET /api/v1/comuni?provincia=$SIGLA&limit=100
#      with the answer cache off (--cache-size 0: every request runs the
#      handler, "cold") and on (the default: "warm")
#   2. the anchor, in the same run: nginx (Debian's nginx-light, 2 workers,
#      access log off) serving the same response bytes as a static file;
#      and the same bytes as a static asset of our own server
#   3. binary size, idle RSS, time from exec to the first /healthz answer
#   4. writes: PUT /api/v1/rete/{sigla} (one audited transaction each,
#      76 Provinces in turn) with an API token, wrk -c8; then
#      `audit verify` on the result
# Uses the release build and a fresh demo database.  Env: SIGLA (VI),
# DURATION (10s), CONNECTIONS (64), THREADS (2).
#
#   bench/http.sh --db postgresql://...   (or a libpq conninfo)
# also runs 1 (cold and warm) and 4 on that PostgreSQL database, which must
# be empty (the demo is loaded into it), beside the SQLite figures of the
# same run.  For honest figures give it a durable cluster
# (scripts/pg-test-cluster.sh start DIR --durable).
set -eu
cd "$(dirname "$0")/.."
. bench/nginx-anchor.sh
bin=build/areavasta
pgdb=""
if [ "${1:-}" = "--db" ] && [ -n "${2:-}" ]; then
	pgdb=$2
elif [ $# -gt 0 ]; then
	echo "uso: bench/http.sh [--db postgresql://...]" >&2
	exit 2
fi
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
# DB: the database served (the SQLite file unless set).
start() {
	# The previous server's out must not be read for this one's port.
	rm -f "$tmp/out"
	"$bin" serve --db "${DB:-$tmp/bench.db}" --data-dir "$tmp/data" \
		--listen 127.0.0.1:0 --web "$tmp/web" "$@" >"$tmp/out" 2>/dev/null &
	pid=$!
	port=""
	while [ -z "$port" ]; do
		port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
	done
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do :; done
}
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=0; }
run() { wrk -t"$wthreads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$2$1"; }

"$bin" demo --db "$tmp/bench.db" >"$tmp/demo.txt"
mkdir -p "$tmp/web" "$tmp/data"
# The demo's upi user edits any Province of the network.
upi_password=$(awk '$1 == "upi@demo.areavasta.example" {print $2}' "$tmp/demo.txt")

# An API token of the upi user on the running server (port).
token() {
	curl -sf -c "$tmp/jar" -H 'content-type: application/json' \
		-d "{\"email\":\"upi@demo.areavasta.example\",\"password\":\"$upi_password\"}" \
		"http://127.0.0.1:$port/api/v1/auth/login" >"$tmp/login.json"
	csrf=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$tmp/login.json")
	curl -sf -b "$tmp/jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
		-d '{"name":"bench","expires_days":1}' "http://127.0.0.1:$port/api/v1/auth/tokens" |
		sed 's/.*"token":"\([^"]*\)".*/\1/'
}

# wrk script: PUT each Province of the network in turn.
cat >"$tmp/put.lua" <<'LUA'
local siglas = {}
local i = 0
function init(args)
  for s in string.gmatch(args[1], "%a%a") do siglas[#siglas + 1] = s end
  wrk.method = "PUT"
  wrk.headers["content-type"] = "application/json"
  wrk.headers["authorization"] = "Bearer " .. args[2]
end
function request()
  i = i + 1
  local body = '{"aderente":true,"data_adesione":"2021-03-15",' ..
    '"referente":{"nome":"Referente ' .. i .. '","email":"ref@example.org"},' ..
    '"servizi":{"sua":"attivo","europa":"in_avvio","dati":"non_attivo"}}'
  return wrk.format(nil, "/api/v1/rete/" .. siglas[(i % #siglas) + 1], nil, body)
end
LUA

# Scenario 4 on the server running on port, into file $1.
writes() {
	siglas=$(curl -sf "http://127.0.0.1:$port/api/v1/rete" | grep -o '"sigla":"[A-Z][A-Z]"' | cut -d'"' -f4 | tr '\n' ' ')
	tok=$(token)
	wrk -t2 -c8 -d"$duration" --latency -s "$tmp/put.lua" "http://127.0.0.1:$port" -- "$siglas" "$tok" >"$1"
}

start_ns=$(date +%s%N)
start
ready_ns=$(date +%s%N)
sleep 1
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
api="/api/v1/comuni?provincia=$sigla&limit=100"
curl -sf "http://127.0.0.1:$port$api" >"$tmp/web/comuni.json"
stop

# The anchor: nginx serving the same bytes, on a free port.
nginx_start "$tmp/web" comuni.json
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
writes "$tmp/writes.txt"
stop
audit_sqlite=$("$bin" audit verify --db "$tmp/bench.db" 2>&1 | head -1 | cut -c1-40)

if [ -n "$pgdb" ]; then
	"$bin" demo --db "$pgdb" >"$tmp/demo-pg.txt"
	upi_password=$(awk '$1 == "upi@demo.areavasta.example" {print $2}' "$tmp/demo-pg.txt")
	DB=$pgdb start --cache-size 0
	run "$api" "$port" >"$tmp/pg-cold.txt"
	stop
	DB=$pgdb start
	run "$api" "$port" >"$tmp/pg-warm.txt"
	writes "$tmp/pg-writes.txt"
	stop
	audit_pg=$("$bin" audit verify --db "$pgdb" --audit-key "$tmp/data/audit-key" 2>&1 | head -1 | cut -c1-40)
fi

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
pct() { awk -v a="$(rps "$1")" -v s="$(rps "$2")" 'BEGIN {printf "%.0f%%", 100 * a / s}'; }
bytes=$(wc -c <"$tmp/web/comuni.json")

echo "response: $bytes bytes ($sigla, limit=100); wrk -t$wthreads -c$conns -d$duration"
echo "anchor  nginx GET /comuni.json (same bytes): $(rps "$tmp/nginx.txt") req/s, p99 $(p99 "$tmp/nginx.txt")"
echo "cold    GET $api (--cache-size 0): $(rps "$tmp/cold.txt") req/s, p99 $(p99 "$tmp/cold.txt"), $(pct "$tmp/cold.txt" "$tmp/nginx.txt") of nginx"
echo "warm    GET $api (cached): $(rps "$tmp/warm.txt") req/s, p99 $(p99 "$tmp/warm.txt"), $(pct "$tmp/warm.txt" "$tmp/nginx.txt") of nginx"
echo "static  GET /comuni.json from areavasta: $(rps "$tmp/static.txt") req/s, p99 $(p99 "$tmp/static.txt")"
echo "writes  PUT /api/v1/rete/{sigla} (audited), -c8, SQLite: $(rps "$tmp/writes.txt") req/s, p99 $(p99 "$tmp/writes.txt"); audit verify: $audit_sqlite"
if [ -n "$pgdb" ]; then
	echo "pg cold GET $api (--cache-size 0): $(rps "$tmp/pg-cold.txt") req/s, p99 $(p99 "$tmp/pg-cold.txt"), $(pct "$tmp/pg-cold.txt" "$tmp/nginx.txt") of nginx"
	echo "pg warm GET $api (cached): $(rps "$tmp/pg-warm.txt") req/s, p99 $(p99 "$tmp/pg-warm.txt")"
	echo "pg writes PUT /api/v1/rete/{sigla} (audited), -c8, PostgreSQL: $(rps "$tmp/pg-writes.txt") req/s, p99 $(p99 "$tmp/pg-writes.txt"); audit verify: $audit_pg"
fi
echo "binary  $(stat -c %s "$bin") bytes ($bin)"
echo "idle    RSS $rss_kb KiB"
echo "startup $(( (ready_ns - start_ns) / 1000000 )) ms from exec to first /healthz 200"
