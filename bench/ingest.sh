#!/bin/sh
# P3 of issue 15: ingest of an ANAC-format CIG CSV (61 columns, ';',
# quoted) into areavasta's tabular store, against `sqlite3 .import` and
# DuckDB (@duckdb/node-api) on the same file, in one run.  Prints, for
# each: wall seconds, CPU seconds (user+sys: the machine is shared, so
# wall time depends on the others' load; CPU time does not; it is the
# sum over threads: areavasta reads and writes on two, DuckDB uses all
# cores, so CPU may exceed wall), MB/s on
# both, peak RSS (/usr/bin/time -v's "Maximum resident set size") and the
# time of a per-Province aggregate (count and sum of importo_lotto grouped
# by provincia) over the loaded table: areavasta's through its API
# (GET /api/v1/dati/risorse/1/aggrega), the others in their own shell.  Prints figures, asserts nothing.
# Targets: ingest time <= DuckDB's, RSS < 100 MB, aggregate < 100 ms.
# Env: SIZE (bytes or 100MB/1GB; default 1080MB, ~1.2 M rows), DIR (default
# /var/tmp/areavasta-bench; the generated file stays there, never in git).
set -eu
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1080MB}
DIR=${DIR:-/var/tmp/areavasta-bench}
SAMPLE=../shared/data/anac/cig_csv_sample_20231001.csv
case $SIZE in
*GB) bytes=$(( ${SIZE%GB} * 1000000000 )) ;;
*MB) bytes=$(( ${SIZE%MB} * 1000000 )) ;;
*) bytes=$SIZE ;;
esac
mkdir -p "$DIR"
csv=$DIR/anac-$bytes.csv
make -s build/areavasta >/dev/null
[ -f "$csv" ] || python3 bench/gen-anac.py "$SAMPLE" "$csv" "$bytes"
mb=$(( $(stat -c %s "$csv") / 1000000 ))
echo "file: $csv ($mb MB, $(( $(wc -l <"$csv") - 1 )) righe)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# time -f: wall, user, sys, max RSS (KB)
measure() {
	/usr/bin/time -f '%e %U %S %M' -o "$DIR/time.out" "$@" >/dev/null
	read -r wall user sys rss <"$DIR/time.out"
	cpu=$(echo "$user + $sys" | bc)
	printf '%-16s wall %6.2f s (%5.0f MB/s)  cpu %6.2f s (%5.0f MB/s)' \
	    "$name" "$wall" "$(echo "$mb / $wall" | bc -l)" "$cpu" \
	    "$(echo "$mb / $cpu" | bc -l)"
	printf '  RSS %5d MB' $(( rss / 1024 ))
}
# best of 3 of a query in the sqlite3 shell, in ms
sqlite_ms() {
	best=
	for _ in 1 2 3; do
		t=$(printf '.timer on\n%s;\n' "$2" | sqlite3 "$1" 2>&1 |
		    sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | tail -1)
		ms=$(echo "$t * 1000" | bc)
		if [ -z "$best" ] || [ "$(echo "$ms < $best" | bc)" = 1 ]; then
			best=$ms
		fi
	done
	echo "$best"
}

# areavasta: `import csv` into a fresh database with one dataset.
db=$DIR/areavasta.db
rm -f "$db" "$db"-wal "$db"-shm "$db".audit-key
build/areavasta init --db "$db" >/dev/null
sqlite3 "$db" "INSERT INTO dati_dataset (ente, nome, identificativo, titolo,
  descrizione, created, modified) VALUES ('provincia:001', 'cig-bench',
  'bench:1', 'CIG', 'bench', 0, 0)"
name=areavasta measure build/areavasta import csv --db "$db" --dataset 1 "$csv"
# the aggregate through the API, as a client asks it (curl)
sqlite3 "$db" "UPDATE dati_dataset SET stato = 'pubblicato'"
port=${PORT:-18977}
spid=
trap 'kill $spid 2>/dev/null || true' EXIT
start_server() {
	build/areavasta serve --db "$db" --listen 127.0.0.1:$port --no-web \
	    >>"$DIR/serve.log" 2>&1 &
	spid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
		sleep 0.5
	done
	# one record read first, so that the timed question is the first
	# aggregate, not the server's first request
	curl -s -o /dev/null "http://127.0.0.1:$port/api/3/action/datastore_search?resource_id=1&limit=1"
}
stop_server() {
	kill $spid
	wait $spid 2>/dev/null || true
}
agg_url="http://127.0.0.1:$port/api/v1/dati/risorse/1/aggrega?group_by=provincia&sum=importo_lotto"
first_ms() {
	echo "$(curl -s -o /dev/null -w '%{time_total}' "$agg_url") * 1000" | bc
}
# The import queued the per-group summary (job dati_riassunto): the
# server's workers build it after the load.
start_server
for _ in $(seq 1 1200); do
	[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM job WHERE kind =
	    'dati_riassunto' AND state IN ('queued', 'running')")" = 0 ] && break
	sleep 0.5
done
job_s=$(sqlite3 "$db" "SELECT MAX(finished - started) FROM job WHERE kind =
    'dati_riassunto'")
stop_server
# The first answer by a scan (the summary moved aside; a fresh server, so
# the answers' cache is empty), then from the summary, then cached.
sqlite3 "$db" "CREATE TABLE ria_keep AS SELECT * FROM dati_tabella_riassunto;
    DELETE FROM dati_tabella_riassunto"
start_server
scan=$(first_ms)
stop_server
sqlite3 "$db" "INSERT INTO dati_tabella_riassunto SELECT * FROM ria_keep;
    DROP TABLE ria_keep"
start_server
first=$(first_ms)
best=
for _ in 1 2 3; do
	t=$(curl -s -o /dev/null -w '%{time_total}' "$agg_url")
	ms=$(echo "$t * 1000" | bc)
	if [ -z "$best" ] || [ "$(echo "$ms < $best" | bc)" = 1 ]; then
		best=$ms
	fi
done
stop_server
printf '  aggregate (API, exact decimals): first %s ms by a scan, first %s ms from the summary (built in %s s after the load), %s ms again (cached)\n' \
    "$scan" "$first" "$job_s" "$best"

# sqlite3 .import, the shell's own loader, default settings.
sdb=$DIR/sqlite3.db
rm -f "$sdb"
name="sqlite3 .import" measure sqlite3 "$sdb" -cmd ".mode csv" \
    -cmd ".separator ;" ".import $csv t"
printf '  aggregate %s ms\n' "$(sqlite_ms "$sdb" "SELECT provincia, count(*), sum(CAST(importo_lotto AS REAL)) FROM t GROUP BY provincia")"

# DuckDB through its Node API (dev dependency, benchmark only).
name=duckdb measure sh -c "node bench/duckdb-ingest.mjs '$csv' '$DIR/duck.db' >'$DIR/duck.out'"
sed -n 's/.*agg_ms=\([0-9.]*\).*/  aggregate \1 ms/p' "$DIR/duck.out"
sed -n 's/^load_s=\([0-9.]*\).*/  (DuckDB load alone, in process: \1 s)/p' "$DIR/duck.out"
rm -f "$DIR/time.out"
