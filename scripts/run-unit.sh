#!/bin/sh
# Runs every Criterion unit-test binary given as argument (sanitizer build).
# Criterion lets a LeakSanitizer report pass (ARCHITECTURE.md A4), so the
# output is also scanned for sanitizer reports.  Prints a summary line.
set -u
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
