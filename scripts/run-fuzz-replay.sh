#!/bin/sh
# Replays the committed corpus of each fuzz target (gcc + ASan/UBSan build
# of the target with fuzz/replay.c as main).
set -u
passed=0
failed=0
for t in "$@"; do
	name=$(basename "$t")
	corpus=fuzz/corpus/${name%_fuzz}
	[ -d "$corpus" ] || corpus=fuzz/corpus/$name
	if [ ! -d "$corpus" ]; then
		echo "FAILED: $name has no corpus in fuzz/corpus/"
		failed=$((failed + 1))
		continue
	fi
	if out=$("$t" "$corpus" 2>&1) && ! echo "$out" | grep -qE 'Sanitizer|runtime error:'; then
		passed=$((passed + 1))
		echo "$name: $out"
	else
		failed=$((failed + 1))
		echo "FAILED: $name"
		echo "$out" | tail -40
	fi
done
echo "fuzz-replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
