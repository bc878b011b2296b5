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
cleanup() {
	if [ -n "$cluster" ]; then
		scripts/pg-test-cluster.sh stop "$cluster" || true
		rm -rf "$cluster"
		cluster=
	fi
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM

# run_suite BACKEND: the demo database, then every test file.
run_suite() {
	echo "== e2e backend: $1"
	start=$(date +%s)
	rc=0
	AREAVASTA_TEST_BACKEND=$1 node -e "import('./tests/lib/server.mjs').then(m => m.demoTemplate())" &&
		# shellcheck disable=SC2086 # $files is a list
		AREAVASTA_TEST_BACKEND=$1 node --test --test-concurrency=2 --test-reporter=spec $files ||
		rc=$?
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
		scripts/pg-test-cluster.sh start "$cluster" >/dev/null
		AREAVASTA_PG_HOST=$cluster
		export AREAVASTA_PG_HOST
		run_suite postgres || { status=1; failed="$failed postgres"; }
		cleanup
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
