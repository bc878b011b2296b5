#!/bin/sh
# Sealed-bid throughput (prints figures, asserts nothing): OPS concurrent
# operators (default 200) each submit BIDS bids (default 2) through the HTTP
# API - a SIZE-byte file (default 100 KB) uploaded into envelope A,
# encrypted as it streams in, then the bid's fields, which commit and return
# the signed receipt - with a libcurl-multi load generator
# (bench/bids-load.c).  Prints bids/s and p50/p99 latency of a whole bid,
# and the anchor measured in the same run: the same requests against
# Debian's nginx answering 200 to every POST (the transport's ceiling on
# this machine).  Release build, SQLite, fresh demo database.
# Env: OPS, BIDS, SIZE.
set -eu
cd "$(dirname "$0")/.."
bin=${BIN:-build/areavasta}
OPS=${OPS:-200}
BIDS=${BIDS:-2}
SIZE=${SIZE:-102400}
tmp=$(mktemp -d)
pid=0
npid=0
cleanup() {
	for p in $pid $npid; do [ "$p" -eq 0 ] || kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
. bench/bids-setup.sh
mkdir -p build/bench
gcc -O2 -o build/bench/bids-load bench/bids-load.c $(pkg-config --cflags --libs libcurl)

bids_setup
mkdir -p "$tmp/ricevute"
build/bench/bids-load "$url" "$gara" "$tmp/tokens" "$OPS" "$BIDS" "$SIZE" "$tmp/ricevute" || true
echo "receipts written: $(ls "$tmp/ricevute" | wc -l), bids stored: $(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM sua_offerta")"

# The anchor: nginx answering every POST at once (it reads and drops the body).
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/nginx"
{
	[ "$(id -u)" -eq 0 ] && echo "user root;"
	echo "daemon off; worker_processes 2; pid $tmp/nginx/nginx.pid; error_log $tmp/nginx/error.log warn;"
	echo "events { worker_connections 1024; }"
	echo "http { access_log off; client_max_body_size 1m; client_body_buffer_size 1m;"
	for d in client_body proxy fastcgi uwsgi scgi; do echo "  ${d}_temp_path $tmp/nginx;"; done
	echo "  server { listen 127.0.0.1:$nport; location / { return 200 '{}'; } } }"
} >"$tmp/nginx/nginx.conf"
/usr/sbin/nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>/dev/null &
npid=$!
until curl -s "http://127.0.0.1:$nport/" >/dev/null; do sleep 0.01; done
build/bench/bids-load "http://127.0.0.1:$nport" "$gara" "$tmp/tokens" "$OPS" "$BIDS" "$SIZE" "$tmp/ricevute" --anchor || true

# A second anchor: how many write+fsync per second this disk allows (a bid
# costs two committed transactions plus the file's and its directories'
# fsyncs), on the same file system as the data directory.
python3 - "$tmp/fsync.bin" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)
n, t0 = 200, time.time()
for i in range(n):
    os.write(fd, b"x" * 4096)
    os.fsync(fd)
print("anchor fsync: %.0f write+fsync/s on the data directory's file system" % (n / (time.time() - t0)))
PY

opened=$(bids_open)
echo "after the deadline, envelope A opened with 2 of 3 holders: $opened"
"$bin" audit verify --db "$tmp/b.db" | tail -1
