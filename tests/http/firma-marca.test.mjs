// firma-marca.test.mjs - CAdES-T and countersignatures through
// `areavasta firma verifica`: RFC 3161 tokens made by a test TSA run with
// `openssl ts -reply` (its CA listed as a TSA/QTST service of a generated
// trusted list), countersignatures made with an independent CMS
// implementation (python3-asn1crypto + python3-cryptography,
// tests/lib/firma_cms.py).  Every verdict is checked against a second
// reading where one exists: `openssl ts -verify` on the same token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../lib/server.mjs';
import { makeFixtures, makeTsa, addTimestamp, addCountersignature, tslXml } from '../lib/firma.mjs';

let f, root, tsa, tslTsa, tslSenzaTsa;

function verifica(file, ...args) {
  const r = cli(['firma', 'verifica', file, '--senza-ocsp', ...args]);
  assert.ok(r.status === 0 || r.status === 1, `${file}: exit ${r.status} ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  assert.equal(r.status, out.firmato && out.valida ? 0 : 1, 'exit code follows the verdict');
  return out;
}

// openssl's own verdict on a token over the bytes it should imprint.
function opensslTs(token, data, caFile) {
  try {
    execFileSync('openssl', ['ts', '-verify', '-data', data, '-in', token, '-token_in', '-CAfile', caFile],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-firma-marca-'));
  f = makeFixtures(root);
  tsa = makeTsa(root);
  tslTsa = join(root, 'tsl-tsa.xml');
  writeFileSync(tslTsa, tslXml([f.ca, { pem: tsa.ca, type: 'TSA/QTST' }]));
  tslSenzaTsa = f.tsl; // the CA/QC only
});
after(() => rmSync(root, { recursive: true, force: true }));

test('CAdES-T: a token by a listed TSA on the signature value is valid, with its time and issuer', () => {
  const t = addTimestamp(f.p7m, join(root, 'marca.p7m'), tsa);
  assert.equal(opensslTs(t.token, t.sig, tsa.ca), true, 'openssl ts agrees');
  const out = verifica(t.file, '--tsl', tslTsa);
  assert.equal(out.valida, true);
  const m = out.firmatari[0].marca_temporale;
  assert.equal(m.valida, true);
  assert.equal(m.motivo, null);
  assert.match(m.emittente, /CN=TSA Prova Marca Temporale/);
  // the token's genTime as openssl prints it
  const txt = execFileSync('openssl', ['ts', '-reply', '-in', t.token, '-token_in', '-text', '-token_out']).toString();
  const gen = txt.match(/Time stamp: (.+)/)[1].trim();
  assert.equal(m.ora, new Date(gen).toISOString().replace('.000Z', 'Z'));
  // the signer without a token has none
  assert.equal(verifica(f.p7m, '--tsl', tslTsa).firmatari[0].marca_temporale, null);
});

test('the token is the reference time: a certificate expired at --data was valid when time-stamped', () => {
  const t = addTimestamp(f.p7m, join(root, 'marca-rif.p7m'), tsa);
  const later = new Date(Date.now() + 86400e3 * 800).toISOString().slice(0, 10); // after valido_al
  const plain = verifica(f.p7m, '--tsl', tslTsa, '--data', later);
  assert.equal(plain.valida, false);
  assert.match(plain.firmatari[0].motivo, /certificato scaduto alla data/);
  const stamped = verifica(t.file, '--tsl', tslTsa, '--data', later);
  assert.equal(stamped.firmatari[0].marca_temporale.valida, true);
  assert.equal(stamped.valida, true, JSON.stringify(stamped.firmatari[0]));
  // a token whose TSA the list does not name is no reference
  const untrusted = verifica(t.file, '--tsl', tslSenzaTsa, '--data', later);
  assert.equal(untrusted.firmatari[0].marca_temporale.valida, false);
  assert.equal(untrusted.firmatari[0].marca_temporale.motivo, 'emittente della marca temporale non attendibile');
  assert.match(untrusted.firmatari[0].motivo, /certificato scaduto alla data/);
});

test('a token on other bytes, a token by an unlisted TSA, a tampered token: each says why', () => {
  const other = addTimestamp(f.p7m, join(root, 'marca-altra.p7m'), tsa, { imprint: Buffer.from('altro documento') });
  let out = verifica(other.file, '--tsl', tslTsa);
  assert.equal(out.firmatari[0].marca_temporale.valida, false);
  assert.equal(out.firmatari[0].marca_temporale.motivo, 'marca temporale non riferita a questa firma');
  // openssl agrees: the token does not imprint this signature value
  const real = join(root, 'marca-altra.realsig');
  execFileSync('/usr/bin/python3', [join(import.meta.dirname, '../lib/firma_cms.py'), 'firma-valore', f.p7m, real]);
  assert.equal(opensslTs(other.token, real, tsa.ca), false);
  // the signature itself stays valid (the token is reported, not counted)
  assert.equal(out.firmatari[0].valida, true);

  const foreignTsa = makeTsa(root, 'TSA Estranea');
  const ft = addTimestamp(f.p7m, join(root, 'marca-estranea.p7m'), foreignTsa);
  out = verifica(ft.file, '--tsl', tslTsa);
  assert.equal(out.firmatari[0].marca_temporale.motivo, 'emittente della marca temporale non attendibile');
  assert.equal(opensslTs(ft.token, ft.sig, tsa.ca), false, 'openssl: not by the listed TSA either');

  // one byte of the token's signed TSTInfo changed (its serial number)
  const good = addTimestamp(f.p7m, join(root, 'marca-b.p7m'), tsa);
  const der = Buffer.from(readFileSync(good.file));
  const pol = Buffer.from('06092b06010401868d1f01', 'hex'); // policy OID 1.3.6.1.4.1.99999.1 inside TSTInfo
  const at = der.indexOf(pol);
  assert.ok(at > 0, 'policy OID in the token');
  der[at + pol.length - 1] ^= 0x02;
  const tampered = join(root, 'marca-alterata.p7m');
  writeFileSync(tampered, der);
  out = verifica(tampered, '--tsl', tslTsa);
  assert.equal(out.firmatari[0].marca_temporale.valida, false);
  assert.match(out.firmatari[0].marca_temporale.motivo, /^marca temporale alterata$/);
});

test('countersignatures: verified over the countersigned signature value, listed under their signer', () => {
  const c = addCountersignature(f.p7m, join(root, 'controfirma.p7m'), f.signers.bianchi);
  let out = verifica(c, '--tsl', f.tsl);
  assert.equal(out.valida, true);
  assert.equal(out.firmatari.length, 1);
  assert.equal(out.firmatari[0].nome, 'Mario Rossi');
  assert.equal(out.firmatari[0].valida, true, 'adding an unsigned attribute leaves the signature valid');
  const cs = out.firmatari[0].controfirme;
  assert.equal(cs.length, 1);
  assert.equal(cs[0].nome, 'Anna Bianchi');
  assert.equal(cs[0].codice_fiscale, 'BNCNNA75B41F205X');
  assert.equal(cs[0].valida, true);
  assert.equal(cs[0].certificato.qualificato, true);
  assert.ok(cs[0].ora_firma);
  // two countersignatures (the second by a signer outside the list)
  const c2 = addCountersignature(c, join(root, 'controfirme-due.p7m'), f.signers.estraneo);
  out = verifica(c2, '--tsl', f.tsl);
  assert.deepEqual(out.firmatari[0].controfirme.map((s) => [s.nome, s.valida, s.motivo]),
    [['Anna Bianchi', true, null], ['Luca Neri', false, 'emittente non attendibile']]);
  assert.equal(out.firmatari[0].valida, true, 'the signer keeps its own verdict');
  assert.equal(out.valida, false, 'the file is not valid while a countersignature is not');
});

test('a countersignature of something else, or with its signature broken, is not valid', () => {
  const wrong = addCountersignature(f.p7m, join(root, 'controfirma-altra.p7m'), f.signers.bianchi, { altera: true });
  let out = verifica(wrong, '--tsl', f.tsl);
  assert.equal(out.firmatari[0].controfirme[0].valida, false);
  assert.equal(out.firmatari[0].controfirme[0].motivo, 'controfirma non riferita a questa firma');
  assert.equal(out.valida, false);
  // flip a byte inside the countersignature's signed attributes (its messageDigest)
  const c = addCountersignature(f.p7m, join(root, 'controfirma-b.p7m'), f.signers.bianchi);
  const sig = join(root, 'controfirma-b.sig');
  execFileSync('/usr/bin/python3', [join(import.meta.dirname, '../lib/firma_cms.py'), 'firma-valore', f.p7m, sig]);
  const md = createHash('sha256').update(readFileSync(sig)).digest();
  const der = Buffer.from(readFileSync(c));
  const at = der.indexOf(md);
  assert.ok(at > 0, 'the countersignature imprints the signature value');
  der[at] ^= 0x01;
  const bad = join(root, 'controfirma-rotta.p7m');
  writeFileSync(bad, der);
  out = verifica(bad, '--tsl', f.tsl);
  assert.equal(out.firmatari[0].controfirme[0].valida, false);
  assert.equal(out.firmatari[0].controfirme[0].motivo, 'contenuto alterato (firma non corrispondente)');
  assert.equal(out.firmatari[0].valida, true);
});
