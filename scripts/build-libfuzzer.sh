#!/bin/sh
# `make fuzz`: builds each fuzz/<name>_fuzz.c with clang's libFuzzer and runs
# it for FUZZ_SECONDS (default 30) on its corpus.  Not part of `make check`:
# the corpus replay is.  New interesting inputs land in the corpus folder.
set -eu
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
mkdir -p build/fuzz
srcs=$(find src -name '*.c' ! -name main.c | sort)
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -g -O1 $(pkg-config --cflags libmicrohttpd jansson sqlite3 libsodium gmp zlib libmagic)"
libs="$(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium gmp zlib libmagic) -lcsv -lpthread -lm"
# The minutes' PDF (libharu, no .pc file) and the notifications' SMTP.
libs="$libs -lhpdf $(pkg-config --libs libcurl)"
scripts/embed-migrations.sh build/gen/migrations_sqlite.c
for f in fuzz/*_fuzz.c; do
	name=$(basename "$f" .c)
	corpus=fuzz/corpus/${name%_fuzz}
	mkdir -p "$corpus"
	# shellcheck disable=SC2086
	clang $cflags -fsanitize=fuzzer,address,undefined -o build/fuzz/$name "$f" $srcs build/gen/migrations_sqlite.c $libs
	build/fuzz/$name -max_total_time="$secs" "$corpus"
done
