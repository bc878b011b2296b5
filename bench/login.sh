#!/bin/sh
# Cost of a login: N sequential POST /api/v1/auth/login against the release
# build (each verifies one argon2id hash, crypto_pwhash OPSLIMIT/MEMLIMIT
# _INTERACTIVE = 2 passes, 64 MiB), and the same for a wrong password (the
# same work, by design).  Prints ms per login.  Env: N (20).
set -eu
cd "$(dirname "$0")/.."
bin=build/areavasta
n=${N:-20}
tmp=$(mktemp -d)
pid=0
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$bin" init --db "$tmp/b.db" >/dev/null
printf 'una-password-per-il-bench\n' >"$tmp/pw"
"$bin" user add --db "$tmp/b.db" --email bench@example.org --name Bench \
	--role upi --ente upi --password-file "$tmp/pw" >/dev/null
"$bin" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --no-web >"$tmp/out" 2>/dev/null &
pid=$!
port=""
while [ -z "$port" ]; do
	port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
done
url="http://127.0.0.1:$port/api/v1/auth/login"
login() {
	curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' \
		-d "{\"email\":\"bench@example.org\",\"password\":\"$1\"}" "$url"
}
login una-password-per-il-bench >/dev/null
t0=$(date +%s%N)
i=0
while [ $i -lt "$n" ]; do login una-password-per-il-bench >/dev/null; i=$((i + 1)); done
t1=$(date +%s%N)
echo "login ok:    $(( (t1 - t0) / n / 1000000 )) ms per login ($n sequential, argon2id 2 passes 64 MiB)"
# wrong passwords (stay under the throttle: 4 per window)
t0=$(date +%s%N)
for i in 1 2 3 4; do login sbagliata-sbagliata >/dev/null; done
t1=$(date +%s%N)
echo "login wrong: $(( (t1 - t0) / 4 / 1000000 )) ms per attempt"
