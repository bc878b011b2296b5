#!/bin/sh
# HTTP end-to-end tests: node's test runner over tests/http/*.test.mjs, each
# file starting real `areavasta serve` processes (sanitizer build) through
# tests/lib/server.mjs.  The demo database they copy is built first, once.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/test
rm -f build/test/demo-template.db
node -e "import('./tests/lib/server.mjs').then(m => m.demoTemplate())"
exec node --test --test-concurrency=2 --test-reporter=spec tests/http/
