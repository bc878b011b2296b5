#!/bin/sh
# Banned C functions (curl's checksrc idea): unbounded or locale/global-state
# traps.  Greps code, not comments, in src/, tests/unit/ and fuzz/.
set -u
cd "$(dirname "$0")/.."
banned='strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|localtime|gmtime|strncpy|strncat|asctime|ctime'
hits=$(grep -rnE "(^|[^_a-zA-Z0-9])($banned)[[:space:]]*\(" src tests/unit fuzz --include='*.c' --include='*.h' \
	| grep -vE '^\S+:[0-9]+:\s*(\*|/\*)' || true)
if [ -n "$hits" ]; then
	echo "banned functions used:"
	echo "$hits"
	exit 1
fi
echo "check-banned: ok"
