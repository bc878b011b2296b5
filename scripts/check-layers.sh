#!/bin/sh
# Layers that read one way (docs/internals/layers.md).  Fails when:
#  1. a file includes a header of a higher layer.  The order, lowest first:
#       core < db, store, jobs < valid, json < audit < registry < identity
#         < http
#         < modules < cli, main.c
#     A handler or route file of audit/, registry/ or identity/
#     (*handlers.[ch], routes.c) is the HTTP edge of its service and sits
#     with the modules: it alone of its directory may include http/.
#     valid/ is pure (no database): it may not include db/.
#  2. a file includes another directory's *_sql.h (a module's statements
#     are internal; only src/cli/sql_tables.c lists them all);
#  3. the SQL text of a file names a table owned by another directory.
#     Ownership comes from the migrations: the tables a migration creates
#     belong to the directory its name says (NNNN_<owner>[_what].sql, owner
#     src/<owner>/ or src/modules/<owner>/), or to the one a first-line
#     comment "-- owner: <dir>" names; a few historical names are mapped
#     below.  The one exception is src/cli/copy_sql.c, the statements of
#     `areavasta copy`, which copies every table;
#  4. a module's statement table (const struct sql_def <x>_sql[...]) is not
#     listed in src/cli/sql_tables.c (serve would not prepare it at
#     start-up), or a statement is a static sql_def outside a table.
set -eu
cd "$(dirname "$0")/.."

status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Historical migration names that are not a directory: name -> owner dir.
alias_owner() {
	case "$1" in
	cpv) echo src/modules/vocab ;;
	throttle) echo src/identity ;;
	*) echo "" ;;
	esac
}

# Layer number of a path under src/ (file or included header).
layer_of() {
	f=$1
	base=${f##*/}
	edge=0
	case "$base" in
	*handlers.c | *handlers.h | routes.c) edge=1 ;;
	esac
	case "$f" in
	src/core/* | src/version.h) echo 0 ;;
	src/db/* | src/store/*) echo 1 ;;
	# The job engine sits with db (modules report progress through it);
	# its route and its table of kinds (which names modules) are edges.
	src/jobs/kinds.c) echo 7 ;;
	src/jobs/*) if [ $edge = 1 ]; then echo 7; else echo 1; fi ;;
	src/valid/* | src/json/*) echo 2 ;;
	src/audit/*) if [ $edge = 1 ]; then echo 7; else echo 3; fi ;;
	src/modules/registry/*) if [ $edge = 1 ]; then echo 7; else echo 4; fi ;;
	src/identity/*) if [ $edge = 1 ]; then echo 7; else echo 5; fi ;;
	src/http/*) echo 6 ;;
	src/modules/*) echo 7 ;;
	src/cli/* | src/main.c) echo 8 ;;
	*) echo 9 ;;
	esac
}

# ---- 1 and 2: includes ------------------------------------------------
find src -name '*.c' -o -name '*.h' | grep -v '^src/db/migrations/' | sort >"$tmp/files"
while read -r f; do
	lf=$(layer_of "$f")
	dir=${f%/*}
	grep -oE '^#include "[^"]+"' "$f" | sed 's/^#include "//; s/"$//' |
		while read -r inc; do
			case "$inc" in
			*/*) h="src/$inc" ;;
			*) h="$dir/$inc" ;;
			esac
			lh=$(layer_of "$h")
			if [ "$lh" -gt "$lf" ]; then
				echo "$f: includes $inc, a higher layer"
			fi
			# valid/ is pure: no database, no I/O (core only).
			case "$f:$h" in
			src/valid/*:src/db/*)
				echo "$f: includes $inc: valid/ holds pure checks only (a lookup is a module's)"
				;;
			esac
			case "$inc" in
			*_sql.h)
				if [ "${h%/*}" != "$dir" ] && [ "$f" != src/cli/sql_tables.c ]; then
					echo "$f: includes $inc, another module's statements (call its functions)"
				fi
				;;
			esac
		done
done <"$tmp/files" >"$tmp/inc"
if [ -s "$tmp/inc" ]; then
	echo "check-layers: includes against the layer order:"
	cat "$tmp/inc"
	status=1
fi

# ---- 3: table ownership ----------------------------------------------
: >"$tmp/owners"
for m in src/db/migrations/sqlite/*.sql; do
	name=${m##*/}
	name=${name%.sql}
	word=${name#*_}
	word=${word%%_*}
	owner=$(sed -n '1s/^-- owner: *\([^ ]*\).*/\1/p' "$m")
	if [ -z "$owner" ]; then
		if [ -d "src/$word" ]; then
			owner=src/$word
		elif [ -d "src/modules/$word" ]; then
			owner=src/modules/$word
		else
			owner=$(alias_owner "$word")
		fi
	fi
	if [ -z "$owner" ] || [ ! -d "$owner" ]; then
		echo "check-layers: cannot tell which directory owns $m: name it" \
			"NNNN_<module>_what.sql or begin it with '-- owner: src/...'"
		status=1
		continue
	fi
	grep -ioE 'create (virtual )?table (if not exists )?[a-z_][a-z0-9_]*' "$m" |
		awk -v o="$owner" '{print tolower($NF), o}' >>"$tmp/owners"
	# A migration may give one of its tables to another directory with a
	# line "-- table owner: <table> <dir>" (the later line wins below).
	sed -n 's/^-- table owner: *\([a-z_][a-z0-9_]*\) *\([^ ]*\).*/\1 \2/p' "$m" \
		>>"$tmp/owners"
done

# The SQL of each file: its string literals, adjacent ones joined.
while read -r f; do
	case "$f" in
	# `areavasta copy` moves a whole installation, so its statements
	# name every table by design; tests/unit/cli/copy_list_test.c keeps
	# the list complete when a migration adds a table or a column.
	src/cli/copy_sql.c) continue ;;
	*.c) ;;
	*) continue ;;
	esac
	owndir=${f%/*}
	awk '
	{ text = text $0 "\n" }
	END {
		n = length(text); out = ""; inq = 0
		for (i = 1; i <= n; i++) {
			c = substr(text, i, 1)
			if (inq) {
				if (c == "\\") { out = out substr(text, i, 2); i++; continue }
				if (c == "\"") { inq = 0; continue }
				out = out c
			} else if (c == "\"") {
				inq = 1
			} else if (c == "/" && substr(text, i + 1, 1) == "*") {
				j = index(substr(text, i + 2), "*/")
				if (j == 0) break
				i = i + j + 2
			} else if (c == "\x27") {
				# a character literal: skip it
				if (substr(text, i + 1, 1) == "\\") i += 3; else i += 2
			}
		}
		print out
	}' "$f" | tr 'A-Z' 'a-z' |
		grep -oE '(from|join|into|update|table)[[:space:]]+[a-z_][a-z0-9_]*' |
		awk '{print $2}' | sort -u |
		while read -r t; do
			o=$(awk -v t="$t" '$1 == t {o = $2} END {print o}' "$tmp/owners")
			if [ -n "$o" ] && [ "$o" != "$owndir" ]; then
				echo "$f: SQL names table '$t' of $o (call its functions)"
			fi
		done
done <"$tmp/files" >"$tmp/sql"
if [ -s "$tmp/sql" ]; then
	echo "check-layers: SQL reading another module's tables:"
	cat "$tmp/sql"
	status=1
fi

# ---- 4: statement tables prepared at start-up ------------------------
grep -rhoE '^const struct sql_def [a-z_]+_sql\[' src --include='*.c' |
	sed 's/^const struct sql_def //; s/\[$//' | sort -u >"$tmp/tables"
while read -r t; do
	if ! grep -qE "[{ ]$t," src/cli/sql_tables.c; then
		echo "check-layers: $t is not listed in src/cli/sql_tables.c"
		status=1
	fi
done <"$tmp/tables"
# The DAL's own statements (schema_version, sizes) stay in src/db/; the
# health check's SELECT 1 names no table.
hits=$(grep -rn 'static const struct sql_def' src --include='*.c' |
	grep -vE '^src/db/|^src/http/core_routes\.c:' || true)
if [ -n "$hits" ]; then
	echo "check-layers: statements outside their module's table (move them"
	echo "into <module>_sql.c so serve prepares them at start-up):"
	echo "$hits"
	status=1
fi

if [ $status = 0 ]; then
	echo "check-layers: ok ($(wc -l <"$tmp/files") files," \
		"$(wc -l <"$tmp/owners") tables, $(wc -l <"$tmp/tables") statement tables)"
fi
exit $status
