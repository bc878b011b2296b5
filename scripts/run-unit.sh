#!/bin/sh
# Runs every Criterion unit-test binary given as argument (sanitizer build).
# Criterion lets a LeakSanitizer report pass (ARCHITECTURE.md A4), so the
# output is also scanned for sanitizer reports.  Prints a summary line.
# The PostgreSQL engine's tests (tests/unit/db/pg_test.c) get a throw-away
# cluster and a fresh database in AREAVASTA_TEST_PG; it is always stopped.
set -u
cd "$(dirname "$0")/.."
pgdir=$(mktemp -d)
trap 'scripts/pg-test-cluster.sh stop "$pgdir/pg" >/dev/null 2>&1; rmdir "$pgdir" 2>/dev/null; true' EXIT
trap 'exit 130' INT TERM
conninfo=$(scripts/pg-test-cluster.sh start "$pgdir/pg") || {
	echo "unit: cannot start a PostgreSQL cluster" >&2
	exit 1
}
scripts/pg-test-cluster.sh createdb "$pgdir/pg" av_unit >/dev/null || exit 1
export AREAVASTA_TEST_PG="${conninfo% dbname=*} dbname=av_unit"
passed=0
failed=0
log=$(mktemp)
for t in "$@"; do
	if "$t" --jobs 2 >"$log" 2>&1 && ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
		passed=$((passed + 1))
		tail -n 1 "$log" | sed "s|^|$(basename "$t"): |"
	else
		failed=$((failed + 1))
		echo "FAILED: $t"
		cat "$log"
	fi
done
rm -f "$log"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
