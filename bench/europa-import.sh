#!/bin/sh
# europa-import.sh - the import of a portal bulk dump of about 130 MB
# (grantsTenders.json's size, EUROPA.md §3.6) with `areavasta import bandi
# --formato sedia-dump`: prints the wall time and the peak RSS measured by
# /usr/bin/time -v (target: RSS under 100 MB, the file is streamed).  The
# dump is generated here in the real file's shape (docs/europa.md "The
# dump's real shape": 11,162 entries, one in eleven a procurement tender
# of "type" 0, pretty-printed with " : " and four-space indents, deadline
# days at midnight UTC, about 12 KB an entry), never committed.  Runs the
# release build.
#   bench/europa-import.sh [ENTRIES]
set -eu
cd "$(dirname "$0")/.."
N=${1:-11162}
BIN=build/areavasta
[ -x "$BIN" ] || make -s "$BIN"
[ -x /usr/bin/time ] || { echo "serve /usr/bin/time (apt-get install time)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$N" "$TMP/grantsTenders.json" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
filler = ("Expected Outcome: projects are expected to contribute to the "
          "outcomes of the destination and of the work programme. ") * 104
stati = ["Open", "Forthcoming", "Closed", "Under evaluation"]
progs = ["HORIZON", "LIFE", "CERV", "DIGITAL", "CEF", "ERASMUS+"]
ids = {"HORIZON": 43108390, "LIFE": 43252405, "CERV": 43251589,
       "DIGITAL": 43152860, "CEF": 43251567, "ERASMUS+": 43353764}
with open(path, "w") as f:
    f.write('{\n  "fundingData" : {\n    "GrantTenderObj" : [ ')
    for i in range(n):
        two = i % 9 == 0
        e = {
            "type": 0 if i % 11 == 5 else 1,
            "identifier": "BENCH-%s-2027-%05d" % (progs[i % 6], i),
            "title": "Topic di prova numero %d per la misura dell'import" % i,
            "callTitle": "Call %d" % (i // 20),
            "ccm2Id": 50000000 + i,
            "status": {"abbreviation": stati[i % 4]},
            "frameworkProgramme": {"id": ids[progs[i % 6]], "abbreviation": progs[i % 6]},
            "deadlineDatesLong": [1807142400000 + (i % 200) * 86400000] + ([1820880000000] if two else []),
            "plannedOpeningDateLong": 1795000000000,
            "actions": [{"submissionProcedure": {"abbreviation": "two-stage" if two else "single-stage"}}],
            "tags": ["tag%d" % (i % 50), "energia", "clima"],
            "keywords": ["parola%d" % (i % 300)],
            "latestInfos": [{"lastChangeDate": "2026-04-15T15:31:59.992", "content": filler}],
        }
        if i:
            f.write(", ")
        f.write(json.dumps(e, indent=4, separators=(",", " : ")))
    f.write(" ]\n  }\n}")
PY
SIZE=$(stat -c %s "$TMP/grantsTenders.json")
"$BIN" init --db "$TMP/bench.db" >/dev/null 2>&1
/usr/bin/time -v "$BIN" import bandi --db "$TMP/bench.db" --formato sedia-dump \
	"$TMP/grantsTenders.json" >"$TMP/out" 2>"$TMP/time"
echo "dump: $N voci, $((SIZE / 1048576)) MB"
grep -E '^(nuovi|import|voci)' "$TMP/out"
awk -F': ' '/Elapsed \(wall clock\)/ {print "tempo: " $2} /Maximum resident/ {printf "RSS massimo: %d MB\n", $2 / 1024}' "$TMP/time"
