// firma.mjs - signed-file fixtures made at test time with the openssl
// command line (no key is ever committed): a test CA listed in a generated
// ETSI TS 119 612 trusted list, a second CA left out of it, signers with
// Italian-style certificates (serialNumber TINIT-<codice fiscale>,
// qcStatements QcCompliance, nonRepudiation), and the envelopes: CAdES
// attached, detached, nested, two signers, tampered, a signed PDF.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const QC = 'DER:30:0a:30:08:06:06:04:00:8e:46:01:01'; // SEQ{SEQ{QcCompliance}}
export const CONTENT = 'Offerta economica - ribasso 12,345% - firmata dal legale rappresentante\n';

export function ossl(args, opts = {}) {
  return execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

function caConfig(dir) {
  return `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/newcerts
serial = ${dir}/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
countryName = optional
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ qualificato ]
keyUsage = critical, nonRepudiation
1.3.6.1.5.5.7.1.3 = ${QC}
[ non_qualificato ]
keyUsage = critical, nonRepudiation
[ uso_errato ]
keyUsage = critical, keyEncipherment
1.3.6.1.5.5.7.1.3 = ${QC}
`;
}

export function makeCa(root, name) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'newcerts'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'ca.cnf'), caConfig(dir));
  // self-signed through `openssl ca -selfsign`, valid since 2020 (so
  // that signers of past years chain to it at their dates)
  ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.csr'),
    '-subj', `/C=IT/O=${name}/CN=${name} Firma Qualificata`]);
  ossl(['ca', '-batch', '-notext', '-preserveDN', '-selfsign', '-config', join(dir, 'ca.cnf'),
    '-keyfile', join(dir, 'ca.key'), '-extensions', 'ca_ext', '-startdate', '20200101000000Z',
    '-enddate', '20391231000000Z', '-in', join(dir, 'ca.csr'), '-out', join(dir, 'ca.pem')]);
  return dir;
}

// A signer's certificate from ca; cf the codice fiscale; ext a section above.
export function makeSigner(root, ca, id, { cn, cf, org, ext = 'qualificato', start, end }) {
  const key = join(root, `${id}.key`), csr = join(root, `${id}.csr`), pem = join(root, `${id}.pem`);
  ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key,
    '-out', csr, '-subj', `/C=IT/O=${org}/CN=${cn}/serialNumber=TINIT-${cf}`]);
  ossl(['ca', '-batch', '-notext', '-preserveDN', '-config', join(ca, 'ca.cnf'), '-cert', join(ca, 'ca.pem'),
    '-keyfile', join(ca, 'ca.key'), '-extensions', ext, '-startdate', start, '-enddate', end,
    '-in', csr, '-out', pem]);
  return { key, pem };
}

// caPems: paths of CA/QC certificates, or { pem, type } for another
// service type (e.g. 'TSA/QTST').
export function tslXml(caPems, { status = 'granted' } = {}) {
  const svc = (item) => {
    const pem = typeof item === 'string' ? item : item.pem;
    const type = typeof item === 'string' ? 'CA/QC' : item.type;
    const b64 = readFileSync(pem, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return `<TSPService><ServiceInformation>
<ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/${type}</ServiceTypeIdentifier>
<ServiceName><Name xml:lang="it">CA di prova</Name></ServiceName>
<ServiceDigitalIdentity><DigitalId><X509Certificate>${b64}</X509Certificate></DigitalId></ServiceDigitalIdentity>
<ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${status}</ServiceStatus>
<StatusStartingTime>2020-01-01T00:00:00Z</StatusStartingTime>
</ServiceInformation></TSPService>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" TSLTag="http://uri.etsi.org/19612/TSLTag">
<SchemeInformation><TSLVersionIdentifier>5</TSLVersionIdentifier><TSLSequenceNumber>1</TSLSequenceNumber>
<SchemeTerritory>IT</SchemeTerritory><ListIssueDateTime>2026-11-30T00:00:00Z</ListIssueDateTime></SchemeInformation>
<TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name xml:lang="it">Certificatore di prova</Name></TSPName></TSPInformation>
<TSPServices>${caPems.map(svc).join('\n')}</TSPServices></TrustServiceProvider></TrustServiceProviderList>
</TrustServiceStatusList>
`;
}

export function sign(inFile, outFile, signers, { detached = false } = {}) {
  const args = ['cms', '-sign', '-binary', '-cades', '-md', 'sha256', '-in', inFile, '-outform', 'DER', '-out', outFile];
  if (!detached) args.push('-nodetach');
  for (const s of signers) args.push('-signer', s.pem, '-inkey', s.key);
  ossl(args);
  return outFile;
}

// A minimal PDF with one signature field whose /Contents holds a CMS
// signature (openssl cms, detached) over the /ByteRange; xref offsets exact.
export function signedPdf(path, signer) {
  const HEX = 16384;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>',
    '<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /F 132 /T (Firma1) /P 3 0 R /V 5 0 R >>',
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0000000000 0000000000 0000000000 0000000000] /Contents <${'0'.repeat(HEX)}> /M (D:20261201120000Z) >>`,
  ];
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(body.length); body += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  let buf = Buffer.from(body, 'latin1');
  const cStart = buf.indexOf('/Contents <') + '/Contents '.length; // at '<'
  const cEnd = cStart + HEX + 2; // after '>'
  const br = [0, cStart, cEnd, buf.length - cEnd];
  const brText = `[${br.map((n) => String(n).padStart(10, '0')).join(' ')}]`;
  const brAt = buf.indexOf('/ByteRange ') + '/ByteRange '.length;
  buf.write(brText, brAt, 'latin1');
  const signed = Buffer.concat([buf.subarray(0, cStart), buf.subarray(cEnd)]);
  writeFileSync(`${path}.range`, signed);
  sign(`${path}.range`, `${path}.sig`, [signer], { detached: true });
  const hex = readFileSync(`${path}.sig`).toString('hex');
  if (hex.length > HEX) throw new Error('signature larger than the placeholder');
  buf.write(hex, cStart + 1, 'latin1');
  writeFileSync(path, buf);
  return path;
}

// Two signers whose certificates name an OCSP responder on 127.0.0.1:port
// (the CA's own, `openssl ocsp`), one of them revoked in the CA's index;
// returns the envelopes they signed.
export function ocspFixtures(f, port) {
  const cnf = join(f.caDir, 'ca.cnf');
  writeFileSync(cnf, `${readFileSync(cnf, 'utf8')}[ qualificato_ocsp ]
keyUsage = critical, nonRepudiation
1.3.6.1.5.5.7.1.3 = ${QC}
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${port}/
`);
  const now = Date.now();
  const ymd = (ms) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '').slice(2) + '000000Z';
  const win = { start: ymd(now - 86400e3 * 30), end: ymd(now + 86400e3 * 365), ext: 'qualificato_ocsp' };
  const buono = makeSigner(f.root, f.caDir, 'ocsp-buono', { cn: 'Giulia Verdi', cf: 'VRDGLI80A41H501Z', org: 'Verdi SRL', ...win });
  const revocato = makeSigner(f.root, f.caDir, 'ocsp-revocato', { cn: 'Piero Neri', cf: 'NREPRI70A01H501T', org: 'Neri SRL', ...win });
  ossl(['ca', '-config', cnf, '-cert', f.ca, '-keyfile', join(f.caDir, 'ca.key'), '-revoke', revocato.pem, '-crl_reason', 'keyCompromise']);
  return {
    buono: sign(f.doc, join(f.root, 'ocsp-buono.p7m'), [buono]),
    revocato: sign(f.doc, join(f.root, 'ocsp-revocato.p7m'), [revocato]),
    index: join(f.caDir, 'index.txt'),
  };
}

// Every fixture under root; returns their paths.
export function makeFixtures(root) {
  mkdirSync(root, { recursive: true });
  const ca = makeCa(root, 'CA Prova');
  const other = makeCa(root, 'CA Estranea');
  const now = new Date();
  const ymd = (d) => d.toISOString().slice(0, 10).replace(/-/g, '').slice(2) + '000000Z';
  const past = new Date(now.getTime() - 86400e3 * 30), future = new Date(now.getTime() + 86400e3 * 365);
  const old1 = new Date(now.getTime() - 86400e3 * 400), old2 = new Date(now.getTime() - 86400e3 * 200);
  const win = { start: ymd(past), end: ymd(future) };
  const s = {
    rossi: makeSigner(root, ca, 'rossi', { cn: 'Mario Rossi', cf: 'RSSMRA80A01H501U', org: 'Edilizia Rossi SRL', ...win }),
    bianchi: makeSigner(root, ca, 'bianchi', { cn: 'Anna Bianchi', cf: 'BNCNNA75B41F205X', org: 'Edilizia Rossi SRL', ...win }),
    scaduto: makeSigner(root, ca, 'scaduto', { cn: 'Paolo Verdi', cf: 'VRDPLA70C10L219K', org: 'Verdi SPA', start: ymd(old1), end: ymd(old2) }),
    estraneo: makeSigner(root, other, 'estraneo', { cn: 'Luca Neri', cf: 'NRELCU82D15A662Z', org: 'Neri SNC', ...win }),
    nonqc: makeSigner(root, ca, 'nonqc', { cn: 'Sara Gialli', cf: 'GLLSRA90E50H501A', org: 'Gialli SRL', ext: 'non_qualificato', ...win }),
    uso: makeSigner(root, ca, 'uso', { cn: 'Marco Blu', cf: 'BLUMRC85H10F839B', org: 'Blu SRL', ext: 'uso_errato', ...win }),
  };
  const f = { root, caDir: ca, ca: join(ca, 'ca.pem'), other: join(other, 'ca.pem') };
  f.tsl = join(root, 'tsl.xml');
  writeFileSync(f.tsl, tslXml([f.ca]));
  f.doc = join(root, 'offerta.txt');
  writeFileSync(f.doc, CONTENT);
  f.p7m = sign(f.doc, join(root, 'offerta.txt.p7m'), [s.rossi]);
  f.detached = sign(f.doc, join(root, 'offerta.txt.p7s'), [s.rossi], { detached: true });
  f.nested = sign(f.p7m, join(root, 'offerta.txt.p7m.p7m'), [s.bianchi]);
  f.two = sign(f.doc, join(root, 'due-firme.txt.p7m'), [s.rossi, s.bianchi]);
  f.expired = sign(f.doc, join(root, 'scaduto.p7m'), [s.scaduto]);
  f.foreign = sign(f.doc, join(root, 'estraneo.p7m'), [s.estraneo]);
  f.nonqc = sign(f.doc, join(root, 'nonqc.p7m'), [s.nonqc]);
  f.wrongku = sign(f.doc, join(root, 'uso.p7m'), [s.uso]);
  // tampered: one character of the content inside the envelope
  const der = readFileSync(f.p7m);
  const at = der.indexOf(Buffer.from('12,345'));
  if (at < 0) throw new Error('content not found in the envelope');
  const t = Buffer.from(der);
  t[at] = '9'.charCodeAt(0);
  f.tampered = join(root, 'alterato.p7m');
  writeFileSync(f.tampered, t);
  f.notsig = join(root, 'non-firmato.p7m');
  writeFileSync(f.notsig, 'questo non è un file firmato\n');
  // a DER bomb: nested constructed SEQUENCEs claiming huge lengths
  const bomb = [];
  for (let i = 0; i < 2000; i++) bomb.push(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff);
  f.bomb = join(root, 'bomba.p7m');
  writeFileSync(f.bomb, Buffer.from(bomb));
  f.pdf = signedPdf(join(root, 'offerta.pdf'), s.rossi);
  const pdf = readFileSync(f.pdf);
  const pt = Buffer.from(pdf);
  const m = pt.indexOf(Buffer.from('/MediaBox [0 0 595 842]'));
  pt.write('/MediaBox [0 0 595 843]', m, 'latin1');
  f.pdfTampered = join(root, 'offerta-alterata.pdf');
  writeFileSync(f.pdfTampered, pt);
  f.signers = s;
  return f;
}

const PY = join(import.meta.dirname, 'firma_cms.py');
const py = (...args) => execFileSync('/usr/bin/python3', [PY, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });

// A time-stamping authority: its own CA ("TSA Prova", to be listed as a
// TSA/QTST service) and a TSA certificate with the critical timeStamping
// extended key usage; `openssl ts -reply` answers with it.
export function makeTsa(root, name = 'TSA Prova') {
  const ca = makeCa(root, name);
  const cnf = join(ca, 'ca.cnf');
  writeFileSync(cnf, `${readFileSync(cnf, 'utf8')}[ tsa_ext ]
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
`);
  const key = join(ca, 'tsa.key'), csr = join(ca, 'tsa.csr'), pem = join(ca, 'tsa.pem');
  ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key,
    '-out', csr, '-subj', `/C=IT/O=${name}/CN=${name} Marca Temporale`]);
  ossl(['ca', '-batch', '-notext', '-preserveDN', '-config', cnf, '-cert', join(ca, 'ca.pem'),
    '-keyfile', join(ca, 'ca.key'), '-extensions', 'tsa_ext', '-startdate', '20200101000000Z',
    '-enddate', '20391231000000Z', '-in', csr, '-out', pem]);
  writeFileSync(join(ca, 'tsaserial'), '01\n');
  writeFileSync(join(ca, 'tsa.cnf'), `[ tsa ]
default_tsa = tsa1
[ tsa1 ]
dir = ${ca}
serial = ${ca}/tsaserial
crypto_device = builtin
signer_cert = ${pem}
signer_key = ${key}
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`);
  return { dir: ca, ca: join(ca, 'ca.pem'), pem, key, cnf: join(ca, 'tsa.cnf') };
}

// CAdES-T: the envelope inp with an RFC 3161 token by tsa on the first
// signature's value (the query and the token made by \`openssl ts\`, the
// attribute added by firma_cms.py); imprint: other bytes to time-stamp
// instead (a token that belongs to something else).
export function addTimestamp(inp, out, tsa, { imprint } = {}) {
  const sig = `${out}.sig`, tsq = `${out}.tsq`, tok = `${out}.tst`;
  py('firma-valore', inp, sig);
  if (imprint) writeFileSync(sig, imprint);
  ossl(['ts', '-query', '-data', sig, '-sha256', '-cert', '-out', tsq]);
  ossl(['ts', '-reply', '-config', tsa.cnf, '-queryfile', tsq, '-token_out', '-out', tok]);
  py('aggiungi-marca', inp, tok, out);
  return { file: out, token: tok, sig };
}

// A countersignature by signer (key/pem) on the first signature of inp.
export function addCountersignature(inp, out, signer, { altera = false } = {}) {
  py('controfirma', inp, signer.key, signer.pem, out, ...(altera ? ['--altera'] : []));
  return out;
}

// Two signers whose certificates name a CRL at http://127.0.0.1:port/ca.crl
// (and no OCSP responder), one revoked; the CA's CRL made by `openssl ca
// -gencrl` (DER) and one made by the CA left out of the list (a CRL signed
// by someone else); one envelope signed by both signers.
export function crlFixtures(f, port) {
  const cnf = join(f.caDir, 'ca.cnf');
  writeFileSync(cnf, `${readFileSync(cnf, 'utf8')}[ qualificato_crl ]
keyUsage = critical, nonRepudiation
1.3.6.1.5.5.7.1.3 = ${QC}
crlDistributionPoints = URI:http://127.0.0.1:${port}/ca.crl
`);
  const now = Date.now();
  const ymd = (ms) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '').slice(2) + '000000Z';
  const win = { start: ymd(now - 86400e3 * 30), end: ymd(now + 86400e3 * 365), ext: 'qualificato_crl' };
  const buono = makeSigner(f.root, f.caDir, 'crl-buono', { cn: 'Elena Russo', cf: 'RSSLNE80A41H501X', org: 'Russo SRL', ...win });
  const revocato = makeSigner(f.root, f.caDir, 'crl-revocato', { cn: 'Carlo Gallo', cf: 'GLLCRL70A01H501S', org: 'Gallo SRL', ...win });
  ossl(['ca', '-config', cnf, '-cert', f.ca, '-keyfile', join(f.caDir, 'ca.key'), '-revoke', revocato.pem, '-crl_reason', 'keyCompromise']);
  const crl = (dir, ca, out) => {
    ossl(['ca', '-gencrl', '-config', join(dir, 'ca.cnf'), '-cert', ca, '-keyfile', join(dir, 'ca.key'),
      '-crldays', '7', '-md', 'sha256', '-out', `${out}.pem`]);
    ossl(['crl', '-in', `${out}.pem`, '-outform', 'DER', '-out', out]);
    return out;
  };
  const otherDir = join(f.root, 'CA Estranea');
  return {
    buono: sign(f.doc, join(f.root, 'crl-buono.p7m'), [buono]),
    revocato: sign(f.doc, join(f.root, 'crl-revocato.p7m'), [revocato]),
    entrambi: sign(f.doc, join(f.root, 'crl-entrambi.p7m'), [buono, revocato]),
    revocatoPem: revocato.pem,
    crl: crl(f.caDir, f.ca, join(f.root, 'ca.crl')),
    crlEstranea: crl(otherDir, f.other, join(f.root, 'estranea.crl')),
  };
}

// The trusted list signed as AgID signs it (an enveloped XML signature
// over the whole document, URI=""), by `xmlsec1 --sign` with a key the
// test makes: returns { key, pem } of the list's signer.
export function makeTslSigner(root, name = 'Firmatario TSL') {
  const key = join(root, `${name}.key`), pem = join(root, `${name}.pem`);
  ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', pem, '-days', '30',
    '-subj', `/C=IT/O=AgID di prova/CN=${name}`]);
  return { key, pem };
}

export function signTsl(xml, out, signer) {
  const tpl = `${out}.tpl.xml`;
  const sig = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="firma-tsl">
<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>
<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>
<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>`;
  writeFileSync(tpl, xml.replace('</TrustServiceStatusList>', `${sig}\n</TrustServiceStatusList>`));
  execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${signer.key},${signer.pem}`, '--output', out, tpl],
    { stdio: ['pipe', 'pipe', 'pipe'] });
  return out;
}
