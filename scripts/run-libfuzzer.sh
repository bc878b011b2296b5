#!/bin/sh
# `make fuzz`: runs each libFuzzer target the Makefile built (build/fuzzer/
# fuzz/<name>_fuzz) for FUZZ_SECONDS (default 30) on its corpus.  Not part
# of `make check`: the corpus replay is.  New interesting inputs land in the
# corpus folder; commit the ones worth keeping.
set -eu
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
for bin in "$@"; do
	name=$(basename "$bin")
	corpus=fuzz/corpus/${name%_fuzz}
	mkdir -p "$corpus"
	echo "== $name ($secs s)"
	"$bin" -max_total_time="$secs" "$corpus"
done
