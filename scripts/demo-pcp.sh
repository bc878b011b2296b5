#!/bin/sh
# scripts/demo-pcp.sh [DB] [GARA]: takes a demo tender through the whole
# PCP lifecycle (docs/pcp-ciclo.md "In the demo") against the bundled PDND
# and PCP stubs, with one command, after `make demo` has made var/demo.db.
#   - a PDND key pair for the demo in var/pcp-demo/ (0600), the stubs
#     (tests/stubs/pcp-demo.mjs) on 127.0.0.1:8111 and :8112
#     (PCP_DEMO_PORT_PDND, PCP_DEMO_PORT_PCP);
#   - `areavasta pcp config set` for Vicenza (provincia:024), collaudo;
#   - the demo tenders are below the EU threshold: tender GARA (default 1)
#     is made an EU tender first (its lots become 6 M euro each), so that
#     the demo shows the eForms and TED path;
#   - `areavasta pcp ciclo` as RUP RSSMRA80A01H501U (SPID level 2): P1_16,
#     CIGs, the notice published;
#   - then the tender moves on through the SUA's routes on the server
#     (scripts/demo-pcp-fasi.mjs): the bids close, the lots are awarded, the
#     contracts signed and the RUP's statements saved; the server's hook
#     sends S2, A1_29, SC1 and I1 per lot by itself.  The server is the one
#     `make demo` runs (AREAVASTA_URL, default http://127.0.0.1:8080), or
#     one started here for the while when nothing answers there.
# DB may be a PostgreSQL conninfo (the SQL then goes through psql).
# Prints the final timeline (JSON).  AREAVASTA_BIN: the binary.
set -eu
cd "$(dirname "$0")/.."
db=${1:-var/demo.db}
gara=${2:-1}
bin=${AREAVASTA_BIN:-build/areavasta}
url=${AREAVASTA_URL:-http://127.0.0.1:8080}
port_pdnd=${PCP_DEMO_PORT_PDND:-8111}
port_pcp=${PCP_DEMO_PORT_PCP:-8112}
q() {
	case "$db" in
	postgres://* | postgresql://* | *dbname=*)
		psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1" ;;
	*) sqlite3 -cmd '.timeout 10000' "$db" "$1" ;;
	esac
}
dir=${PCP_DEMO_DIR:-var/pcp-demo}
case "$dir" in /*) ;; *) dir=$(pwd)/$dir ;; esac
umask 077
mkdir -p "$dir"
[ -f "$dir/pdnd.pem" ] || openssl genpkey -algorithm RSA \
	-pkeyopt rsa_keygen_bits:2048 -out "$dir/pdnd.pem" 2>/dev/null
chmod 600 "$dir/pdnd.pem"
openssl pkey -in "$dir/pdnd.pem" -pubout -out "$dir/pdnd-pub.pem"
client=$(cat /proc/sys/kernel/random/uuid)
purpose=$(cat /proc/sys/kernel/random/uuid)
node tests/stubs/pcp-demo.mjs --client-key "$dir/pdnd-pub.pem" --kid demo \
	--client-id "$client" --purpose "$purpose" --port-pdnd "$port_pdnd" \
	--port-pcp "$port_pcp" >"$dir/stub.log" 2>&1 &
pid=$!
srv=
trap 'kill $pid $srv 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q '^PCP ' "$dir/stub.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || { cat "$dir/stub.log" >&2; exit 1; }
	sleep 0.2
done
pcp=http://127.0.0.1:$port_pcp
es=""
for c in comunicaAppalto:ComunicaAppalto gestioneUtenti:GestioneUtenti \
	serviziComuni:ServiziComuni pubblicaAvviso:PubblicaAvviso \
	comunicaPostPubblicazione:ComunicaPostPubblicazione; do
	es="$es --eservice ${c%%:*}=$purpose,$pcp/${c#*:}/v1"
done
# The Province's codice fiscale (Vicenza's), which the schede name as the
# stazione appaltante, when the demo has none yet; the same in the PDND
# configuration (the tracking JWS).
sa_cf=00496080243
if "$bin" istanza show --db "$db" | grep -q '"codice_fiscale": ""'; then
	"$bin" istanza set --db "$db" codice_fiscale "$sa_cf" >/dev/null
else
	sa_cf=$("$bin" istanza show --db "$db" |
		sed -n 's/.*"codice_fiscale": "\([0-9]*\)".*/\1/p')
fi
# shellcheck disable=SC2086
"$bin" pcp config set --db "$db" --ente provincia:024 \
	--ambiente collaudo --client-id "$client" --kid demo \
	--chiave "$dir/pdnd.pem" \
	--token-url "http://127.0.0.1:$port_pdnd/token.oauth2" \
	--sa-cf "$sa_cf" --sa-ausa 0000240001 --centro-costo SUA-01 \
	--piattaforma PADDEMO --componente AV01 $es >/dev/null
# (once, an open procedure only - a negotiated one stays national: the
# demo's lots carry CIGs typed by hand, PCP assigns them)
q "UPDATE sua_lotto SET importo_cents = 600000000 WHERE gara_id = $gara
	AND NOT EXISTS (SELECT 1 FROM pcp_ciclo WHERE gara_id = $gara)
	AND EXISTS (SELECT 1 FROM sua_gara WHERE id = $gara
		AND procedura = 'aperta')" >/dev/null
q "UPDATE sua_lotto SET cig = NULL WHERE gara_id = $gara
	AND NOT EXISTS (SELECT 1 FROM pcp_ciclo WHERE gara_id = $gara)" >/dev/null
echo "1. pubblicazione del bando su PCP (areavasta pcp ciclo)..." >&2
"$bin" pcp ciclo --db "$db" --gara "$gara" --ambiente collaudo \
	--cf RSSMRA80A01H501U --ruolo RP --loa 3 --idp SPID --attesa 120 \
	>"$dir/ciclo-bando.json"
echo "   CIG: $(q "SELECT numero || '=' || cig FROM sua_lotto WHERE gara_id = $gara ORDER BY numero" | tr '\n' ' ')" >&2
if ! curl -fsS -o /dev/null "$url/healthz" 2>/dev/null; then
	listen=${url#http://}
	"$bin" serve --db "$db" --listen "$listen" >"$dir/server.log" 2>&1 &
	srv=$!
	i=0
	until curl -fsS -o /dev/null "$url/healthz" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$dir/server.log" >&2; exit 1; }
		sleep 0.2
	done
fi
echo "2. aggiudicazione, contratto e avvio dell'esecuzione (server $url)..." >&2
node scripts/demo-pcp-fasi.mjs --url "$url" --db "$db" --gara "$gara" \
	--bin "$bin" --dir "$dir"
