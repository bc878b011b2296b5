#!/usr/bin/python3
"""firma_cms.py - CAdES fixtures the openssl command line cannot make,
made with an independent implementation (Debian's python3-asn1crypto for
the CMS structures, python3-cryptography for the signatures), used by
tests/lib/firma.mjs:

  firma_cms.py firma-valore IN.p7m OUT        the first SignerInfo's
                                              signature value (what an
                                              RFC 3161 token imprints)
  firma_cms.py aggiungi-marca IN.p7m TOKEN OUT  adds the token (DER
                                              ContentInfo) as the
                                              signature-time-stamp
                                              unsigned attribute
  firma_cms.py controfirma IN.p7m KEY CERT OUT [--altera]
                                              adds a countersignature
                                              (RFC 5652 11.4) by KEY/CERT
                                              to the first SignerInfo;
                                              --altera imprints another
                                              value (a countersignature
                                              of something else)
"""
import hashlib
import sys
from datetime import datetime, timezone

from asn1crypto import cms, x509, algos
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def load(path):
    with open(path, 'rb') as f:
        return cms.ContentInfo.load(f.read())


def first_signer(ci):
    return ci['content']['signer_infos'][0]


def add_unsigned(si, attr):
    attrs = list(si['unsigned_attrs']) if si['unsigned_attrs'].native is not None else []
    attrs.append(attr)
    si['unsigned_attrs'] = cms.CMSAttributes(attrs)


def save(ci, path):
    with open(path, 'wb') as f:
        f.write(ci.dump(force=True))


def firma_valore(inp, out):
    si = first_signer(load(inp))
    with open(out, 'wb') as f:
        f.write(si['signature'].native)


def aggiungi_marca(inp, token, out):
    ci = load(inp)
    with open(token, 'rb') as f:
        tok = cms.ContentInfo.load(f.read())
    add_unsigned(first_signer(ci), cms.CMSAttribute({
        'type': 'signature_time_stamp_token', 'values': [tok]}))
    save(ci, out)


def controfirma(inp, keyf, certf, out, altera):
    ci = load(inp)
    si = first_signer(ci)
    with open(keyf, 'rb') as f:
        key = serialization.load_pem_private_key(f.read(), None)
    with open(certf, 'rb') as f:
        pem = f.read()
    der = b''.join(__import__('base64').b64decode(l) for l in pem.split(b'\n')
                   if l and not l.startswith(b'-----'))
    cert = x509.Certificate.load(der)
    value = si['signature'].native
    if altera:
        value = value + b'x'
    signed = cms.CMSAttributes([
        cms.CMSAttribute({'type': 'signing_time',
                          'values': [cms.Time({'utc_time': datetime.now(timezone.utc).replace(microsecond=0)})]}),
        cms.CMSAttribute({'type': 'message_digest', 'values': [hashlib.sha256(value).digest()]}),
    ])
    to_sign = signed.dump()  # the SET OF encoding, what is signed
    sig = key.sign(to_sign, ec.ECDSA(hashes.SHA256()))
    counter = cms.SignerInfo({
        'version': 'v1',
        'sid': cms.SignerIdentifier({'issuer_and_serial_number': cms.IssuerAndSerialNumber({
            'issuer': cert.issuer, 'serial_number': cert.serial_number})}),
        'digest_algorithm': algos.DigestAlgorithm({'algorithm': 'sha256'}),
        'signed_attrs': cms.CMSAttributes.load(to_sign),
        'signature_algorithm': algos.SignedDigestAlgorithm({'algorithm': 'sha256_ecdsa'}),
        'signature': sig,
    })
    add_unsigned(si, cms.CMSAttribute({'type': 'counter_signature', 'values': [counter]}))
    sd = ci['content']
    certs = list(sd['certificates']) if sd['certificates'].native is not None else []
    certs.append(cms.CertificateChoices({'certificate': cert}))
    sd['certificates'] = cms.CertificateSet(certs)
    save(ci, out)


def main(argv):
    if argv[1] == 'firma-valore':
        firma_valore(argv[2], argv[3])
    elif argv[1] == 'aggiungi-marca':
        aggiungi_marca(argv[2], argv[3], argv[4])
    elif argv[1] == 'controfirma':
        controfirma(argv[2], argv[3], argv[4], argv[5], '--altera' in argv[6:])
    else:
        sys.exit('comando sconosciuto')


if __name__ == '__main__':
    main(sys.argv)
