#!/bin/sh
# Run the browser tests (tests/browser/*.test.mjs): playwright-core drives
# Debian's Chromium against a real `areavasta serve` started by
# tests/lib/server.mjs.  Exits non-zero on any failure.
set -eu
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "run-browser: $chromium not found; install it with: apt-get install -y chromium" >&2
	exit 1
fi
if [ ! -d node_modules/playwright-core ]; then
	echo "run-browser: node_modules missing; run: npm ci" >&2
	exit 1
fi
scripts/build-web.sh

# The browser tests run on SQLite only (issue 9: the e2e suite covers both).
AREAVASTA_TEST_BACKEND=sqlite exec node --test --test-reporter=spec tests/browser/
