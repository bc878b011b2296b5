#!/usr/bin/python3
# spid-test-cert.py - a key and a self-signed certificate with the profile
# AgID's "Avviso SPID n.29 v3" asks of a public-administration SP, made by
# spid-compliant-certificates (kept in ../shared/tools/spid-sp-test): the
# same generator AgID publishes, without its on-line IPA look-up (no
# network in tests; a real SP's IPA code is checked by AgID anyway).
#
#   spid-test-cert.py OUTDIR ENTITY_ID IPA_CODE ORG_NAME [LOCALITY]
#
# writes OUTDIR/sp.key (0600), OUTDIR/sp.crt, OUTDIR/sp.csr.
import os
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
shared = pathlib.Path(os.environ.get('AREAVASTA_SHARED', here.parent.parent / 'shared'))
sys.path.insert(0, str(shared / 'tools' / 'spid-sp-test'))

import importlib  # noqa: E402

g = importlib.import_module('spid_compliant_certificates.generator.generate')

out, entity_id, ipa, org = sys.argv[1:5]
locality = sys.argv[5] if len(sys.argv) > 5 else 'Roma'
outdir = pathlib.Path(out)
outdir.mkdir(parents=True, exist_ok=True)
cert_opts = {
    'common_name': org, 'days': 730, 'entity_id': entity_id,
    'locality_name': locality, 'org_id': f'PA:IT-{ipa}', 'org_name': org,
    'sector': 'public',
}
crypto_opts = {
    'key_size': 3072, 'md_alg': 'sha256', 'key_out': outdir / 'sp.key',
    'csr_out': outdir / 'sp.csr', 'crt_out': outdir / 'sp.crt',
}
key = g.gen_private_key(crypto_opts['key_size'], crypto_opts['key_out'])
os.chmod(crypto_opts['key_out'], 0o600)
g.gen_csr(key, cert_opts, crypto_opts)
g.gen_self_signed(key, cert_opts, crypto_opts)
print(outdir / 'sp.crt')
