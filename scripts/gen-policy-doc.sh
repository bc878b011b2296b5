#!/bin/sh
# Rewrites the table of docs/access-policy.md between its BEGIN/END markers
# from `areavasta routes --policy` (the policy table in the code).  Run after
# adding a route or changing src/identity/policy.c; check-docs.sh fails
# while the document and the code disagree.
set -eu
cd "$(dirname "$0")/.."
bin=${AREAVASTA_BIN:-build/areavasta}
doc=docs/access-policy.md
tmp=$(mktemp)
"$bin" routes --policy >"$tmp.table"
awk -v table="$tmp.table" '
	/<!-- BEGIN POLICY -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
	/<!-- END POLICY -->/ { skip = 0 }
	!skip { print }
' "$doc" >"$tmp"
mv "$tmp" "$doc"
rm -f "$tmp.table"
