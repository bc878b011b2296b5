#!/bin/sh
# Docs completeness (curl's test1139 idea): every route the binary serves has
# a page in docs/api/ naming it on a line "`METHOD /pattern`", and every
# such line names a route that exists.  Needs build/areavasta.
set -eu
cd "$(dirname "$0")/.."
bin=${AREAVASTA_BIN:-build/areavasta}
routes=$(mktemp)
documented=$(mktemp)
trap 'rm -f "$routes" "$documented"' EXIT
"$bin" routes | awk '{print $1 " " $2}' | sort -u >"$routes"
grep -rhoE '^`(GET|POST|PUT|PATCH|DELETE) /[^`]*`' docs/api/ 2>/dev/null | tr -d '`' | sort -u >"$documented" || true
status=0
missing=$(comm -23 "$routes" "$documented")
extra=$(comm -13 "$routes" "$documented")
if [ -n "$missing" ]; then
	echo "routes without a page in docs/api/ (add a line \`METHOD /path\`):"
	echo "$missing"
	status=1
fi
if [ -n "$extra" ]; then
	echo "docs/api/ documents routes that do not exist:"
	echo "$extra"
	status=1
fi
# The access policy document must be the code's table.
"$bin" routes --policy >"$routes.policy"
sed -n '/<!-- BEGIN POLICY -->/,/<!-- END POLICY -->/p' docs/access-policy.md | sed '1d;$d' >"$documented.policy"
if ! cmp -s "$routes.policy" "$documented.policy"; then
	echo "docs/access-policy.md differs from the code's policy: run scripts/gen-policy-doc.sh"
	diff "$documented.policy" "$routes.policy" | head -20
	status=1
fi
rm -f "$routes.policy" "$documented.policy"
[ $status -eq 0 ] && echo "check-docs: $(wc -l <"$routes") routes documented"
exit $status
