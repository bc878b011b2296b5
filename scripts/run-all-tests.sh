#!/bin/sh
# Every test layer in order, fast failures first; stops at the first failing
# layer and says which.  Called by `make check` after the builds.
set -u
cd "$(dirname "$0")/.."
status=0
for layer in unit fuzz-replay e2e browser; do
	echo "== $layer"
	if ! make --no-print-directory "$layer"; then
		echo "== $layer FAILED"
		status=1
		break
	fi
done
if [ "$status" -eq 0 ]; then
	echo "== all test layers passed"
fi
exit $status
