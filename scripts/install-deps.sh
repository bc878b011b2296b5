#!/bin/sh
# Installs what building, the demo and the tests need on Debian 12, as root:
# Debian packages (only the missing ones, apt-get update only if needed) and
# the npm packages of package-lock.json.  Safe to run again: does nothing
# when everything is there.
set -eu
cd "$(dirname "$0")/.."

# tzdata: tests/unit/core/legal_time_test.c checks Europe/Rome against it.
# python3-icalendar: tests/http/europa-ics.test.mjs parses the calendar feed.
# python3-openpyxl: tests/http/dati-esporta.test.mjs reads the XLSX export.
# libssl-dev: libcrypto's RS256 for PDND and ANAC (src/modules/pcp/jose.c).
# libxml2: the eForms notices (modules/pcp); xmllint, python3-lxml, -yaml,
# -jsonschema: tests/http/pcp-eforms.test.mjs validates them (XSD, ANAC schemas).
# libssl-dev, libxml2-dev: digital signatures (OpenSSL CMS) and the trusted
# list (modules/firma); poppler-utils' pdfsig checks the signed PDFs' tests.
# libcurl's GnuTLS flavour: libraptor2-dev (the catalogue's RDF) depends on
# libcurl4-gnutls-dev, which Debian will not install beside the OpenSSL one.
PKGS="build-essential pkg-config git ca-certificates
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql libsodium-dev
libcsv-dev libgmp-dev zlib1g-dev libcriterion-dev openssl libmagic-dev libxlsxwriter-dev
chromium wrk clang clang-format libclang-rt-14-dev nginx-light
tzdata
libhpdf-dev poppler-utils libcurl4-gnutls-dev libgfshare-dev
python3-icalendar
libraptor2-dev raptor2-utils
libpcre2-dev
python3-openpyxl
libssl-dev
libxml2-dev libxml2-utils python3-lxml python3-yaml python3-jsonschema
liblasso3-dev libxmlsec1-dev xmlsec1 python3-pysaml2 python3-xmlschema python3-jinja2
python3-requests python3-cryptography python3-asn1crypto python3-iso3166 python3-ruamel.yaml python3-packaging"
# libzip-dev: the campaigns' .xlsx answers (src/modules/dati/xlsx_read.c).
PKGS="$PKGS libzip-dev"
# libfreexl-dev: the campaigns' .xls answers (src/modules/dati/xls_read.c);
# python3-xlwt writes the .xls of the tests (tests/http/dati-xls.test.mjs).
PKGS="$PKGS libfreexl-dev python3-xlwt"
# libgsf-1-dev: the .xls compound file read before FreeXL to bound its
# sheets' claimed size (src/modules/dati/xls_bound.c).
PKGS="$PKGS libgsf-1-dev"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
# Node.js may come from another packaging (with npm inside): only ask
# Debian for it when the commands are missing.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: missing Debian packages:$missing" >&2
		echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
		exit 1
	fi
	echo "install-deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# Packages that ship a service (nginx) must not start it: the tests
	# start their own on free ports, and a busy port 80 would fail the
	# install.  invoke-rc.d asks policy-rc.d; 101 means "do not start".
	policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		trap 'rm -f "$policy"' EXIT
	fi
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages: the web UI's assets, the demo's ISTAT file, playwright-core.
stamp=node_modules/.areavasta-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
	echo "install-deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
	touch "$stamp"
fi
