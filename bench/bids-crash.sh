#!/bin/sh
# Durability of sealed bids under crashes (prints a verdict, exits 1 on a
# violation): ROUNDS times (default 20) the load generator starts OPS
# operators (default 50) submitting BIDS bids each (default 2, 100 KB
# files) and the server is killed with SIGKILL at a random moment of the
# burst, then restarted.  Then every receipt the clients received must
# name a stored bid: its signature valid (`areavasta ricevuta verifica
# --db`), the bid's row present, each encrypted part present with the
# digest the receipt names (the blob's sha256sum, the sealed fields'
# digest); after the deadline envelope A is opened with 2 of 3 holders and
# every current bid's file decrypts to the bytes sent (SHA-256); and
# `audit verify` passes.  Release build, SQLite.  Env: ROUNDS, OPS, BIDS.
set -eu
cd "$(dirname "$0")/.."
bin=${BIN:-build/areavasta}
ROUNDS=${ROUNDS:-20}
OPS=${OPS:-50}
BIDS=${BIDS:-2}
SIZE=102400
tmp=$(mktemp -d)
pid=0
npid=0
lpid=0
cleanup() {
	for p in $pid $lpid; do [ "$p" -eq 0 ] || kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "tmp: $tmp"
. bench/bids-setup.sh
mkdir -p build/bench
gcc -O2 -o build/bench/bids-load bench/bids-load.c $(pkg-config --cflags --libs libcurl)
bids_setup
mkdir -p "$tmp/ricevute"
r=1
while [ $r -le "$ROUNDS" ]; do
	mkdir -p "$tmp/ricevute/$r"
	build/bench/bids-load "$url" "$gara" "$tmp/tokens" "$OPS" "$BIDS" "$SIZE" "$tmp/ricevute/$r" >"$tmp/load.$r" 2>/dev/null &
	lpid=$!
	sleep "$(awk -v s="$r" 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() * 1.5 }')"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	wait "$lpid" 2>/dev/null || true
	lpid=0
	serve_start
	r=$((r + 1))
done
receipts=$(find "$tmp/ricevute" -name '*.json' | wc -l)
echo "rounds: $ROUNDS, receipts received: $receipts, bids stored: $(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM sua_offerta")"

# Every receipt: signature (the CLI), bid row, parts and their digests.
bad=0
mkdir -p "$tmp/solo"
python3 - "$tmp/ricevute" "$tmp/solo" <<'PY'
import glob, json, os, sys
for i, f in enumerate(glob.glob(sys.argv[1] + "/*/*.json")):
    json.dump(json.load(open(f))["ricevuta"], open(os.path.join(sys.argv[2], "%d.json" % i), "w"))
PY
for f in "$tmp"/solo/*.json; do
	if ! "$bin" ricevuta verifica "$f" --db "$tmp/b.db" >/dev/null 2>"$tmp/why"; then
		echo "INVALID receipt $f: $(cat "$tmp/why")"; bad=$((bad + 1))
	fi
done
python3 - "$tmp/ricevute" "$tmp/b.db" "$tmp/data" <<'PY' || bad=$((bad + 1))
import glob, hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
bad = 0
for f in glob.glob(sys.argv[1] + "/*/*.json"):
    c = json.loads(json.load(open(f))["ricevuta"]["contenuto"])
    row = db.execute("SELECT operatore FROM sua_offerta WHERE id = ?", (c["offerta"],)).fetchone()
    if row is None or row[0] != c["operatore"]:
        print("bid %s missing" % c["offerta"]); bad += 1; continue
    for p in c["parti"]:
        if p["parte"] == "file":
            got = db.execute("SELECT sha256 FROM sua_busta_file WHERE id = ?", (p["file"],)).fetchone()
            blob = "%s/blobs/%s/%s/%s" % (sys.argv[3], p["sha256"][:2], p["sha256"][2:4], p["sha256"])
            ok = got is not None and got[0] == p["sha256"] and hashlib.sha256(open(blob, "rb").read()).hexdigest() == p["sha256"]
        else:
            got = db.execute("SELECT campi_sha256 FROM sua_busta WHERE offerta_id = ? AND tipo = ?", (c["offerta"], p["busta"])).fetchone()
            ok = got is not None and got[0] == p["sha256"]
        if not ok:
            print("part %s of bid %s missing or altered" % (p, c["offerta"])); bad += 1
sys.exit(1 if bad else 0)
PY
echo "receipts checked: $receipts, violations: $bad"

# After the deadline: open A, every current bid's file decrypts intact.
want=$(build/bench/bids-load --body $SIZE | sha256sum | cut -d' ' -f1)
echo "opening: $(bids_open)"
files=$(sqlite3 "$tmp/b.db" "SELECT f.id FROM sua_busta_file f JOIN sua_busta b ON b.id = f.busta_id JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.stato = 'presentata'")
n=0; wrong=0
for id in $files; do
	got=$(curl -sf -H "Authorization: Bearer $o1" "$url/api/v1/sua/gare/$gara/buste/file/$id" | sha256sum | cut -d' ' -f1)
	n=$((n + 1))
	[ "$got" = "$want" ] || wrong=$((wrong + 1))
done
echo "current bids' files decrypted: $n, not intact: $wrong"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=0
"$bin" audit verify --db "$tmp/b.db" >"$tmp/audit" 2>&1 && audit=ok || audit=FAILED
echo "audit verify: $audit"
[ "$bad" -eq 0 ] && [ "$wrong" -eq 0 ] && [ "$audit" = ok ] && [ "$n" -gt 0 ]
