#!/bin/sh
# check-generated.sh - the C tables generated from shipped data are what
# their generator makes of that data now (then clang-format, as every
# source): a change to the data or the script without regenerating fails
# `make lint`.  Today: src/modules/pcp/errori_anac_tab.c from
# data/anac/errori.json (scripts/gen-errori-anac.py).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.c"' EXIT
python3 scripts/gen-errori-anac.py data/anac/errori.json "$tmp.c" >/dev/null
clang-format --assume-filename=src/modules/pcp/errori_anac_tab.c "$tmp.c" >"$tmp"
if ! cmp -s "$tmp" src/modules/pcp/errori_anac_tab.c; then
	echo "check-generated: src/modules/pcp/errori_anac_tab.c is not what" \
		"scripts/gen-errori-anac.py makes of data/anac/errori.json:" \
		"run it, then clang-format -i the table" >&2
	exit 1
fi
echo "check-generated: ok (errori_anac_tab.c)"
