#!/bin/sh
# Lists and search benchmark (issue 11; docs/internals/lists.md).  Prints
# figures, asserts nothing.  For each data set and each backend (SQLite,
# and PostgreSQL 15 on a durable throw-away cluster), with the answer
# cache off (--cache-size 0: every request runs the handler and its SQL),
# wrk with each number of connections of $CONNECTIONS (1: one person
# typing; 16; 64) for $DURATION:
#   first   GET /api/v1/comuni?limit=10                 (unfiltered page 1)
#   dD      the same page at depth D, by the cursor of the page before it
#           (?after=: D = half the list, at most 100,000: the deepest
#           ?offset= allows, to fetch the cursor)
#   search  GET /api/v1/comuni?limit=10&q=...  a different query on every
#           request (bench/search.lua), as people type them: 1-8 letters of
#           a word of a name, or a word and the start of the next
# Each line gives req/s, p99 and the server's CPU per request: user +
# system time of the areavasta process (and, on PostgreSQL, of the
# cluster's processes) over the run, divided by the requests answered --
# the figure that stays steady when other work shares the machine.
# Data sets: the 7,894 Comuni of the demo; then the demo plus 10,000 and
# plus 1,000,000 generated rows (bench/gen-righe.py: names made of the
# words of ANAC's tender objects), rebuilt as an import would by
# `areavasta copy`.  The anchor, in the same run: nginx serving the bytes
# of the first page as a static file.
#
# Env: ROWS ("10000 1000000"), DURATION (5s), CONNECTIONS ("1 16 64"),
# NO_PG=1 (SQLite only), KEEP=DIR (keep the generated databases and the
# PostgreSQL cluster in DIR and reuse them on the next run with KEEP=DIR:
# the 1,000,000 rows take 12 minutes to build on both backends; the
# cluster is left running and the next run uses it; stopping it with
# scripts/pg-test-cluster.sh stop DIR/pg removes it, and its databases).
# A kept database is opened by this build, which applies its migrations
# to it.  Needs wrk, nginx-light, python3, PostgreSQL 15
# binaries; about 3 GB of disk under /var/tmp for the 1,000,000 rows.
# Time: a warm-up and 3 scenarios x 3 connection counts, DURATION each,
# for each of the 6 data sets and backends: about 6 minutes with KEEP and
# the defaults (12 more to build the data without).  bench/search-latency.mjs measures the same
# searches one at a time, by kind of query (steadier still).
set -eu
cd "$(dirname "$0")/.."
. bench/nginx-anchor.sh
bin=$PWD/build/areavasta
rows=${ROWS:-10000 1000000}
duration=${DURATION:-5s}
conns=${CONNECTIONS:-1 16 64}
tmp=$(mktemp -d /var/tmp/areavasta-search.XXXXXX)
chmod 0711 "$tmp"
pid=0
npid=0
pgdir=""
keep=${KEEP:-}
[ -z "$keep" ] || mkdir -p "$keep"
cleanup() {
	for p in $pid $npid; do [ "$p" -eq 0 ] || kill "$p" 2>/dev/null || true; done
	[ -z "$pgdir" ] || [ -n "$keep" ] || scripts/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# serve DB with the cache off; sets pid and port.
start() {
	rm -f "$tmp/out"
	"$bin" serve --db "$1" --data-dir "$tmp/data" --listen 127.0.0.1:0 \
		--no-web --cache-size 0 >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	port=""
	while [ -z "$port" ]; do
		kill -0 $pid 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
		port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
	done
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do :; done
}
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=0; }
# wrk with $c connections (and as many threads, at most 2).
wrkrun() {
	t=2
	[ "$c" -ge 2 ] || t=1
	wrk -t$t -c"$c" -d"$duration" --latency "$@"
}
rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errs() { awk '/Non-2xx/ {print " NON-2xx: " $4}' "$1"; }
reqs() { awk '/requests in/ {print $1}' "$1"; }

# CPU ticks (user + system) of the server and, on PostgreSQL, of the
# cluster's processes (the postmaster and its children: the backends).
cpu_ticks() {
	pids=$pid
	if [ "$backend" = PostgreSQL ] && [ -f "$pgdir/data/postmaster.pid" ]; then
		pm=$(head -1 "$pgdir/data/postmaster.pid")
		pids="$pids $pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"
	fi
	t=0
	for p in $pids; do
		v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
		t=$((t + ${v:-0}))
	done
	echo $t
}

# One wrk run of scenario $1 (the rest: wrk's arguments), its line
# appended to $tmp/report.
scenario() {
	sc=$1
	shift
	c0=$(cpu_ticks)
	wrkrun "$@" >"$tmp/run.txt"
	c1=$(cpu_ticks)
	us=$(awk -v t=$((c1 - c0)) -v n="$(reqs "$tmp/run.txt")" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "-" }')
	printf '%-24s %-12s c=%-3s %-8s %7s req/s  p99 %-9s  cpu %4s us/req%s\n' \
		"$label" "$backend" "$c" "$sc" "$(rps "$tmp/run.txt")" \
		"$(p99 "$tmp/run.txt")" "$us" "$(errs "$tmp/run.txt")" >>"$tmp/report"
}

# The cursor of the page before depth $2 of the unfiltered list on port.
cursor_at() {
	depth=$2
	[ "$depth" -le 100000 ] || depth=100000
	curl -sf "http://127.0.0.1:$port/api/v1/comuni?limit=10&offset=$((depth - 10))" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["next"])'
}

# The three scenarios at each number of connections on the server of
# data set $1 (rows $2, queries $3), backend $backend.
measure() {
	label=$1
	n=$2
	deep=$((n / 2))
	[ "$deep" -le 100000 ] || deep=100000
	cur=$(cursor_at "$port" "$deep")
	# Warm-up, not reported: a server just started on a large file has
	# neither its pages mapped nor its statements prepared.
	c=16
	wrkrun -s bench/search.lua "http://127.0.0.1:$port" -- "$3" >/dev/null
	for c in $conns; do
		scenario first "http://127.0.0.1:$port/api/v1/comuni?limit=10"
		scenario "d$deep" "http://127.0.0.1:$port/api/v1/comuni?limit=10&after=$cur"
		scenario search -s bench/search.lua "http://127.0.0.1:$port" -- "$3"
	done
}

# The Comuni's queries: 1-8 letters of each word of each name, shuffled.
comuni_queries() {
	python3 - "$1" <<-'PY'
		import random, sqlite3, sys
		qs = set()
		for (name,) in sqlite3.connect(sys.argv[1]).execute(
		        "SELECT REPLACE(nome_search, '|', ' ') FROM comune WHERE attivo = 1"):
		    w = name.split()
		    for word in w:
		        for k in range(1, min(len(word), 8) + 1):
		            qs.add(word[:k])
		    if len(w) > 1:
		        qs.add(w[0] + ' ' + w[1][:3])
		qs = sorted(qs)
		random.Random(7).shuffle(qs)
		print('\n'.join(qs))
	PY
}

mkdir -p "$tmp/data"
"$bin" demo --db "$tmp/comuni.db" >/dev/null
comuni_queries "$tmp/comuni.db" >"$tmp/q-comuni.txt"
: >"$tmp/report"

if [ -z "${NO_PG:-}" ]; then
	pgdir=${keep:+$keep/pg}
	pgdir=${pgdir:-$tmp/pg}
	# A kept cluster a previous run left running is used as it is.
	if [ -z "$keep" ] || ! psql -X -q -h "$pgdir" -U areavasta -d postgres \
		-c 'SELECT 1' >/dev/null 2>&1; then
		scripts/pg-test-cluster.sh start "$pgdir" --durable >/dev/null
	fi
fi
pgdb() { echo "host=$pgdir user=areavasta dbname=$1"; }

# The anchor: nginx serving the first page's bytes.
start "$tmp/comuni.db"
mkdir -p "$tmp/web"
curl -sf "http://127.0.0.1:$port/api/v1/comuni?limit=10" >"$tmp/web/first.json"
stop
nginx_start "$tmp/web" first.json
c=64
wrkrun "http://127.0.0.1:$nport/first.json" >"$tmp/nginx.txt"
kill $npid
wait $npid 2>/dev/null || true
npid=0

# One data set on both backends: $1 label, $2 SQLite file, $3 rows,
# $4 queries.
dataset() {
	start "$2"
	backend=SQLite
	measure "$1" "$3" "$4"
	stop
	if [ -n "$pgdir" ]; then
		name=av_$(echo "$1" | tr -cd 'a-z0-9')
		if [ -n "$keep" ] && [ -f "$keep/$name.copied" ]; then
			echo "$1: PostgreSQL database kept from a previous run" >>"$tmp/notes"
		else
			scripts/pg-test-cluster.sh createdb "$pgdir" "$name" >/dev/null
			t0=$(date +%s)
			"$bin" copy --from "$2" --to "$(pgdb "$name")" --yes >/dev/null
			echo "$1: copied to PostgreSQL in $(($(date +%s) - t0)) s" >>"$tmp/notes"
			[ -z "$keep" ] || : >"$keep/$name.copied"
		fi
		start "$(pgdb "$name")"
		backend=PostgreSQL
		measure "$1" "$3" "$4"
		stop
	fi
}

: >"$tmp/notes"
dataset "comuni 7894" "$tmp/comuni.db" 7894 "$tmp/q-comuni.txt"
for n in $rows; do
	dir=${keep:-$tmp}
	if [ -n "$keep" ] && [ -f "$keep/rows-$n.db" ] && [ -f "$keep/q-$n.txt" ]; then
		echo "rows $((n + 7894)): SQLite database kept from a previous run" >>"$tmp/notes"
	else
		cp "$tmp/comuni.db" "$tmp/gen-$n.db"
		python3 bench/gen-righe.py "$tmp/gen-$n.db" "$n" >"$dir/q-$n.txt"
		t0=$(date +%s)
		# The copy rebuilds the positions and search indexes, as an import.
		rm -f "$dir/rows-$n.db"*
		"$bin" copy --from "$tmp/gen-$n.db" --to "$dir/rows-$n.db" --yes >/dev/null
		rm -f "$tmp/gen-$n.db"
		echo "rows $((n + 7894)): SQLite built in $(($(date +%s) - t0)) s, $(($(stat -c %s "$dir/rows-$n.db") >> 20)) MiB" >>"$tmp/notes"
	fi
	dataset "rows $((n + 7894))" "$dir/rows-$n.db" "$((n + 7894))" "$dir/q-$n.txt"
	[ -n "$keep" ] || rm -f "$tmp/rows-$n.db"*
done

echo "wrk -d$duration with c connections (2 threads; 1 at c=1), answer cache off (--cache-size 0), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "anchor nginx GET /first.json (the same bytes as page 1 of the Comuni), c=64: $(rps "$tmp/nginx.txt") req/s, p99 $(p99 "$tmp/nginx.txt")"
echo "data set                 backend      conns scenario   rate        p99              server CPU"
cat "$tmp/report"
cat "$tmp/notes"
