#!/bin/sh
# Build the web UI (web/src -> web/dist) with web/build.mjs.  Called by `make web`.
# Idempotent and fast: does nothing when web/dist is newer than every input.
set -eu
cd "$(dirname "$0")/.."

stamp=build/web.stamp

if [ ! -d node_modules/bootstrap-italia ] || [ ! -d node_modules/esbuild ] || [ ! -d node_modules/d3-geo ] || [ ! -d node_modules/topojson-client ]; then
	echo "build-web: node_modules incomplete, running npm ci" >&2
	npm ci --no-audit --no-fund
fi

if [ -f "$stamp" ] && [ -f web/dist/index.html ] &&
   [ -z "$(find web/src web/build.mjs scripts/build-web.sh package-lock.json \
           -newer "$stamp" -print 2>/dev/null | head -n 1)" ]; then
	exit 0
fi

mkdir -p build
node web/build.mjs
touch "$stamp"
