#!/bin/sh
# Code layout (ARCHITECTURE.md 3.2): every tracked C file must be as
# clang-format (.clang-format, KNF-like) would write it.  Fix with
#   clang-format -i $(git ls-files '*.c' '*.h')
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src tests fuzz -name '*.[ch]')
if ! out=$(clang-format --dry-run -Werror $files 2>&1); then
	echo "$out" | grep -E 'error:' | head -20
	echo "check-format: files differ from clang-format; run: clang-format -i \$(git ls-files '*.c' '*.h')"
	exit 1
fi
echo "check-format: $(echo "$files" | wc -w) files ok"
