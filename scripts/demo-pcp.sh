#!/bin/sh
# scripts/demo-pcp.sh [DB] [GARA]: takes a demo tender through the PCP
# lifecycle (docs/pcp-ciclo.md) against the bundled PDND and PCP stubs,
# with one command, after `make demo` has made var/demo.db (SQLite).
#   - a PDND key pair for the demo in var/pcp-demo/ (0600), the stubs
#     (tests/stubs/pcp-demo.mjs) on 127.0.0.1:8111 and :8112;
#   - `areavasta pcp config set` for Vicenza (provincia:024), collaudo;
#   - the demo tenders are below the EU threshold and areavasta generates
#     only the EU call scheda (P1_16) today, so tender GARA (default 1) is
#     made an EU tender first: its lots become 6 M euro each (SQLite only);
#   - `areavasta pcp ciclo` as RUP RSSMRA80A01H501U (SPID level 2), which
#     prints the timeline; the CIGs are then on the lots (public page, OCDS).
set -eu
cd "$(dirname "$0")/.."
db=${1:-var/demo.db}
gara=${2:-1}
dir=var/pcp-demo
umask 077
mkdir -p "$dir"
[ -f "$dir/pdnd.pem" ] || openssl genpkey -algorithm RSA \
	-pkeyopt rsa_keygen_bits:2048 -out "$dir/pdnd.pem" 2>/dev/null
chmod 600 "$dir/pdnd.pem"
openssl pkey -in "$dir/pdnd.pem" -pubout -out "$dir/pdnd-pub.pem"
client=$(cat /proc/sys/kernel/random/uuid)
purpose=$(cat /proc/sys/kernel/random/uuid)
node tests/stubs/pcp-demo.mjs --client-key "$dir/pdnd-pub.pem" --kid demo \
	--client-id "$client" --purpose "$purpose" >"$dir/stub.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q '^PCP ' "$dir/stub.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || { cat "$dir/stub.log" >&2; exit 1; }
	sleep 0.2
done
pcp=http://127.0.0.1:8112
es=""
for c in comunicaAppalto:ComunicaAppalto gestioneUtenti:GestioneUtenti \
	serviziComuni:ServiziComuni pubblicaAvviso:PubblicaAvviso \
	comunicaPostPubblicazione:ComunicaPostPubblicazione; do
	es="$es --eservice ${c%%:*}=$purpose,$pcp/${c#*:}/v1"
done
# shellcheck disable=SC2086
build/areavasta pcp config set --db "$db" --ente provincia:024 \
	--ambiente collaudo --client-id "$client" --kid demo \
	--chiave "$(pwd)/$dir/pdnd.pem" \
	--token-url http://127.0.0.1:8111/token.oauth2 \
	--sa-cf 80004550242 --sa-ausa 0000240001 --centro-costo SUA-01 \
	--piattaforma PADDEMO --componente AV01 $es >/dev/null
sqlite3 "$db" "UPDATE sua_lotto SET importo_cents = 600000000 WHERE gara_id = $gara"
build/areavasta pcp ciclo --db "$db" --gara "$gara" --ambiente collaudo \
	--cf RSSMRA80A01H501U --ruolo RP --loa 3 --idp SPID --attesa 120
