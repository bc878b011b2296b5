#!/bin/sh
# Upload throughput and memory: POST /api/v1/documenti of a SIZE-byte file
# (default 1 GB) generated on the fly (a PDF header and zeros, streamed by
# curl -T - as a chunked multipart body, never stored by the bench), against
# the release build.  Prints MB/s, the server's RSS before and its peak
# (VmHWM, reset after the login) during the upload, and two anchors on the same bytes in the same run: the
# generator into sha256sum (the hash the server computes) and into a file
# on the same disk (cat > file; fsync).  Asserts nothing.  Env: SIZE.
set -eu
cd "$(dirname "$0")/.."
bin=build/areavasta
size=${SIZE:-1000000000}
tmp=$(mktemp -d)
pid=0
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$bin" init --db "$tmp/b.db" >/dev/null
printf 'una-password-per-il-bench\n' >"$tmp/pw"
"$bin" user add --db "$tmp/b.db" --email bench@example.org --name Bench \
	--role upi --ente upi --password-file "$tmp/pw" >/dev/null
"$bin" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --no-web >"$tmp/out" \
	2>/dev/null &
pid=$!
port=""
while [ -z "$port" ]; do
	port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null |
		head -1 | cut -d: -f2 || true)
done
url="http://127.0.0.1:$port"
csrf=$(curl -s -c "$tmp/jar" -H 'content-type: application/json' \
	-d '{"email":"bench@example.org","password":"una-password-per-il-bench"}' \
	"$url/api/v1/auth/login" | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')

# The file: "%PDF-1.7\n" then zeros, size bytes in all.
gen() {
	printf '%%PDF-1.7\n'
	head -c $((size - 9)) /dev/zero
}
body() {
	printf -- '--BENCHBOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\n\r\n'
	gen
	printf '\r\n--BENCHBOUNDARY--\r\n'
}
now() { date +%s%N; }
mbs() { awk -v b="$size" -v ns="$1" 'BEGIN { printf "%.0f", b / 1e6 / (ns / 1e9) }'; }
rss() { awk -v k="$1" '$1 == k ":" { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status"; }

rss_before=$(rss VmRSS)
# The login's argon2id took 64 MiB: reset the peak so that VmHWM is the
# upload's (Linux >= 4.0: "5" to clear_refs resets the high-water mark).
echo 5 >"/proc/$pid/clear_refs"
t0=$(now)
answer=$(body | curl -s -T - -X POST -b "$tmp/jar" -H "X-CSRF-Token: $csrf" \
	-H 'Content-Type: multipart/form-data; boundary=BENCHBOUNDARY' \
	"$url/api/v1/documenti")
t1=$(now)
peak=$(rss VmHWM)
t2=$(now)
want=$(gen | sha256sum | cut -d' ' -f1)
t3=$(now)
gen >"$tmp/anchor.bin"
sync "$tmp/anchor.bin"
t4=$(now)
case $answer in
*"\"sha256\":\"$want\""*) ok="sha256 ok" ;;
*) ok="UNEXPECTED ANSWER: $(echo "$answer" | head -c 200)" ;;
esac
echo "upload $size bytes: $(mbs $((t1 - t0))) MB/s ($(( (t1 - t0) / 1000000 )) ms), $ok"
echo "server RSS: $rss_before before, peak (VmHWM) $peak"
echo "anchor sha256sum of the same bytes: $(mbs $((t3 - t2))) MB/s"
echo "anchor cat > file + sync:           $(mbs $((t4 - t3))) MB/s"
