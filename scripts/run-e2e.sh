#!/bin/sh
# HTTP end-to-end tests: node's test runner over tests/http/*.test.mjs, each
# file starting real `areavasta serve` processes (sanitizer build) through
# tests/lib/server.mjs.  The suite runs twice (issue 9):
#   1. on SQLite: every server serves a copy of the demo file;
#   2. on PostgreSQL: a throw-away cluster (scripts/pg-test-cluster.sh) in a
#      fresh `mktemp -d` directory, every server on its own database made
#      from the template av_demo_template; the cluster is stopped and its
#      directory removed on exit, Ctrl-C or TERM, so nothing is left running.
# The demo database (file or template) is built first, once per backend.
# Exits non-zero if either run failed; prints each run's backend and time.
#
#   AREAVASTA_E2E_BACKENDS="sqlite postgres"   the runs to do (default both)
#   scripts/run-e2e.sh [FILE.test.mjs...]      only these test files
set -eu
cd "$(dirname "$0")/.."
backends=${AREAVASTA_E2E_BACKENDS:-sqlite postgres}
if [ $# -gt 0 ]; then files="$*"; else files=tests/http/; fi
mkdir -p build/test

cluster=
runner=
# The tests' temporary files (node's os.tmpdir()) go under one directory of
# this run, removed at the end whatever happened; 0711 so that the server
# user of a cluster a test starts itself can reach a socket below it.
work=$(mktemp -d)
chmod 0711 "$work"

# stop_runner: the test runner and every process it started (test files,
# servers) are one process group (setsid): TERM, then KILL what is left
# after 5 s (node's runner does not stop on TERM while files run).
stop_runner() {
	[ -n "$runner" ] || return 0
	kill -TERM "-$runner" 2>/dev/null || true
	i=0
	while kill -0 "$runner" 2>/dev/null && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "-$runner" 2>/dev/null || true
	wait "$runner" 2>/dev/null || true
	runner=
}

stop_cluster() {
	if [ -n "$cluster" ]; then
		scripts/pg-test-cluster.sh stop "$cluster" || true
		rm -rf "$cluster"
		cluster=
	fi
}

cleanup() {
	stop_runner
	stop_cluster
	rm -rf "$work"
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM

# run_suite BACKEND: the demo database, then every test file.
run_suite() {
	echo "== e2e backend: $1"
	start=$(date +%s)
	rc=0
	if TMPDIR=$work AREAVASTA_TEST_BACKEND=$1 node -e "import('./tests/lib/server.mjs').then(m => m.demoTemplate())"; then
		# In the background so that INT/TERM run the trap at once (a
		# foreground child would delay it to its end).
		# shellcheck disable=SC2086 # $files is a list
		TMPDIR=$work AREAVASTA_TEST_BACKEND=$1 setsid node --test --test-concurrency=2 --test-reporter=spec $files &
		runner=$!
		wait "$runner" || rc=$?
		runner=
	else
		rc=1
	fi
	end=$(date +%s)
	if [ $rc -eq 0 ]; then
		echo "== e2e backend $1: passed in $((end - start)) s"
	else
		echo "== e2e backend $1: FAILED (exit $rc) after $((end - start)) s"
	fi
	return $rc
}

status=0
failed=
for b in $backends; do
	case "$b" in
	sqlite)
		rm -f build/test/demo-template.db
		unset AREAVASTA_PG_HOST
		run_suite sqlite || { status=1; failed="$failed sqlite"; }
		;;
	postgres)
		cluster=$(mktemp -d)
		if ! scripts/pg-test-cluster.sh start "$cluster" >/dev/null; then
			echo "== e2e backend postgres: FAILED, the cluster did not start"
			status=1
			failed="$failed postgres"
			stop_cluster
			continue
		fi
		AREAVASTA_PG_HOST=$cluster
		export AREAVASTA_PG_HOST
		run_suite postgres || { status=1; failed="$failed postgres"; }
		stop_cluster
		;;
	*)
		echo "run-e2e: unknown backend '$b' (sqlite, postgres)" >&2
		exit 2
		;;
	esac
done
if [ $status -ne 0 ]; then
	echo "== e2e FAILED on:$failed"
fi
exit $status
