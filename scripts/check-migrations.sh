#!/bin/sh
# Migrations come in pairs (docs/internals/db.md, issue 9): every file of
# src/db/migrations/sqlite/ has a twin of the same name (same number, same
# name) in src/db/migrations/postgres/ and vice versa, so both backends
# reach the same schema version.  Fails naming each file without its twin.
set -eu
cd "$(dirname "$0")/.."
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in sqlite postgres; do
	if [ ! -d "src/db/migrations/$d" ]; then
		echo "check-migrations: src/db/migrations/$d is missing"
		exit 1
	fi
	for f in "src/db/migrations/$d"/*.sql; do
		[ -e "$f" ] && echo "${f##*/}"
	done | sort >"$tmp/$d"
done
only_sqlite=$(comm -23 "$tmp/sqlite" "$tmp/postgres")
only_postgres=$(comm -13 "$tmp/sqlite" "$tmp/postgres")
if [ -n "$only_sqlite" ]; then
	echo "check-migrations: SQLite migrations without a PostgreSQL twin" \
		"(add src/db/migrations/postgres/<same name>):"
	echo "$only_sqlite" | sed 's/^/  /'
	status=1
fi
if [ -n "$only_postgres" ]; then
	echo "check-migrations: PostgreSQL migrations without a SQLite twin" \
		"(add src/db/migrations/sqlite/<same name>):"
	echo "$only_postgres" | sed 's/^/  /'
	status=1
fi
if [ $status = 0 ]; then
	echo "check-migrations: ok ($(wc -l <"$tmp/sqlite") migrations in both dialects)"
fi
exit $status
