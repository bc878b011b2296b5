# bids-setup.sh - sourced by bench/bids.sh and bench/bids-crash.sh: a demo
# database with the CPV vocabulary, three key holders with enrolled keys, a
# published lowest-price tender of Vicenza (2 of 3 holders) and OPS
# operators with API tokens (written to $tmp/tokens), then a running
# release server (pid, port, url).  The operators and tokens are inserted
# with sqlite3 in one transaction: 200 `user add` would spend a minute on
# password hashing that the bench does not measure.
# Needs: $tmp, $bin, OPS.
PASS1='frase segreta del custode uno'
PASS2='frase segreta del custode due'
PASS3='frase segreta del custode tre'

serve_start() {
	rm -f "$tmp/out"
	"$bin" serve --db "$tmp/b.db" --data-dir "$tmp/data" --listen 127.0.0.1:0 \
		--no-web >"$tmp/out" 2>>"$tmp/err" &
	pid=$!
	port=""
	while [ -z "$port" ]; do
		port=$(grep -o '127.0.0.1:[0-9][0-9]*' "$tmp/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
	done
	url="http://127.0.0.1:$port"
	until curl -sf "$url/healthz" >/dev/null; do :; done
}

# A random API token "avt_" + 43 base64url characters, and its hash.
token() { printf 'avt_%s' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | head -c 43)"; }
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

api() { # METHOD PATH TOKEN [JSON]
	curl -sf -X "$1" -H "Authorization: Bearer $3" -H 'content-type: application/json' \
		${4:+-d "$4"} "$url/api/v1$2"
}

bids_setup() {
	"$bin" demo --db "$tmp/b.db" >/dev/null
	"$bin" import cpv --db "$tmp/b.db" ../shared/data/vocab/cpv_2008.csv >/dev/null 2>&1 ||
		"$bin" import cpv --db "$tmp/b.db" "${AREAVASTA_SHARED:-../shared}/data/vocab/cpv_2008.csv" >/dev/null
	now=$(date +%s)
	: >"$tmp/tokens"
	: >"$tmp/officers"
	{
		echo "BEGIN;"
		for k in 1 2 3; do
			t=$(token)
			echo "$t" >>"$tmp/officers"
			echo "INSERT INTO app_user (email, name, password_hash, must_change_password, created, updated) VALUES ('custode$k@bench.example', 'Custode $k', 'x', 0, $now, $now);"
			echo "INSERT INTO role_grant (user_id, role, ente, granted) VALUES (last_insert_rowid(), 'sua_officer', 'provincia:024', $now);"
			echo "INSERT INTO api_token (token_hash, user_id, name, prefix, created) SELECT '$(sha "$t")', id, 'bench', 'avt_', $now FROM app_user WHERE email = 'custode$k@bench.example';"
		done
		# Operators: partita IVA 7000000000 + i with its check digit.
		python3 - "$OPS" "$now" "$tmp/tokens" <<'PY'
import base64, hashlib, os, sys
n, now, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, 'w') as f:
    for i in range(n):
        b = '7%09d' % i
        d = [int(c) for c in b]
        s = sum(x if j % 2 == 0 else (2 * x - 9 if 2 * x > 9 else 2 * x) for j, x in enumerate(d))
        piva = b + str((10 - s % 10) % 10)
        t = 'avt_' + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')[:43]
        f.write(t + '\n')
        h = hashlib.sha256(t.encode()).hexdigest()
        print(f"INSERT INTO app_user (email, name, password_hash, must_change_password, created, updated) VALUES ('op{i}@bench.example', 'Operatore {i}', 'x', 0, {now}, {now});")
        print(f"INSERT INTO role_grant (user_id, role, ente, granted) VALUES (last_insert_rowid(), 'operator', 'operatore:{piva}', {now});")
        print(f"INSERT INTO api_token (token_hash, user_id, name, prefix, created) SELECT '{h}', id, 'bench', 'avt_', {now} FROM app_user WHERE email = 'op{i}@bench.example';")
PY
		echo "COMMIT;"
	} | sqlite3 "$tmp/b.db"
	serve_start
	o1=$(sed -n 1p "$tmp/officers"); o2=$(sed -n 2p "$tmp/officers"); o3=$(sed -n 3p "$tmp/officers")
	api PUT /sua/custodi/chiave "$o1" "{\"passphrase\":\"$PASS1\"}" >/dev/null
	api PUT /sua/custodi/chiave "$o2" "{\"passphrase\":\"$PASS2\"}" >/dev/null
	api PUT /sua/custodi/chiave "$o3" "{\"passphrase\":\"$PASS3\"}" >/dev/null
	ids=$(sqlite3 "$tmp/b.db" "SELECT group_concat(id) FROM (SELECT id FROM app_user WHERE email LIKE 'custode%@bench.example' ORDER BY id)")
	day=$(TZ=Europe/Rome date +%F)
	iso() { date -u -d "@$(( $(date +%s) + $1 * 86400 ))" +%Y-%m-%dT%H:%M:%SZ; }
	gara=$(api POST /sua/province/024/gare "$o1" '{"oggetto":"Bench: manutenzione strade","tipo":"lavori","lotti":[{"oggetto":"Strade","cpv":"45233141-9","importo_cents":40000000,"sicurezza_cents":500000,"comune":"024116","cig":"B000AA1715"}]}' |
		sed 's/^{"id":\([0-9]*\).*/\1/')
	api PUT "/sua/gare/$gara" "$o1" "{\"procedura\":\"aperta\",\"criterio\":\"prezzo\",\"rup_nome\":\"Bench\",\"data_invio\":\"$day\",\"termine_chiarimenti\":\"$(iso 10)\",\"termine_offerte\":\"$(iso 45)\",\"prima_seduta\":\"$(iso 46)\"}" >/dev/null
	api PUT "/sua/gare/$gara/buste" "$o1" "{\"k\":2,\"custodi\":[$ids]}" >/dev/null
	api POST "/sua/gare/$gara/pubblica" "$o1" >/dev/null
	echo "$gara" >"$tmp/gara"
}

# After the deadline (moved in the database): opens envelope A with two
# holders and prints "opened N".
bids_open() {
	sqlite3 "$tmp/b.db" "UPDATE sua_gara SET termine_offerte = $(( $(date +%s) - 5 )) WHERE id = $gara"
	ids1=$(echo "$ids" | cut -d, -f1); ids2=$(echo "$ids" | cut -d, -f2)
	curl -s -X POST -H "Authorization: Bearer $o1" -H "content-type: application/json" "$url/api/v1/sua/gare/$gara/apertura" -d "{\"busta\":\"A\",\"custodi\":[{\"user_id\":$ids1,\"passphrase\":\"$PASS1\"},{\"user_id\":$ids2,\"passphrase\":\"$PASS2\"}]}"
}
