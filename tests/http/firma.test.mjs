// firma.test.mjs - `areavasta firma verifica` on files signed by the test
// itself with the openssl command line (tests/lib/firma.mjs: a test CA in
// a generated ETSI TS 119 612 list, a CA left out, Italian-style signer
// certificates): each case gives the expected valida/motivo; the content
// extracted from a .p7m is the signed bytes; the signed PDF's verdict is
// compared with poppler's pdfsig on the same files; the trusted list is
// stored in the installation (`firma tsl`) and used with --db; broken
// inputs (not a signature, a DER bomb, a 20 MB envelope) never crash.
// FIRMA_GRANDE=1 also runs a 200 MB envelope (refused by size, quickly).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newDatabase, sql as sqlOn } from '../lib/server.mjs';
import { makeFixtures, ocspFixtures, tslXml, CONTENT } from '../lib/firma.mjs';

let f;
let root;
const sha = (b) => createHash('sha256').update(b).digest('hex');

function verifica(file, ...args) {
  const r = cli(['firma', 'verifica', file, ...args]);
  assert.ok(r.status === 0 || r.status === 1, `${file}: exit ${r.status} ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  assert.equal(r.status, out.firmato && out.valida ? 0 : 1, 'exit code follows the verdict');
  return out;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-firma-'));
  f = makeFixtures(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('a CAdES .p7m by a qualified signer: valid, with the Italian fields read from the certificate', () => {
  const out = verifica(f.p7m, '--tsl', f.tsl);
  assert.equal(out.formato, 'CAdES');
  assert.equal(out.valida, true);
  assert.equal(out.livelli, 1);
  assert.equal(out.firmatari.length, 1);
  const s = out.firmatari[0];
  assert.equal(s.nome, 'Mario Rossi');
  assert.equal(s.codice_fiscale, 'RSSMRA80A01H501U');
  assert.equal(s.organizzazione, 'Edilizia Rossi SRL');
  assert.equal(s.valida, true);
  assert.equal(s.motivo, null);
  assert.equal(s.revoca, 'revoca non verificabile (il certificato non indica un servizio OCSP)');
  // The certificate as openssl itself reads it (an independent check).
  const pem = f.signers.rossi.pem;
  const serial = execFileSync('openssl', ['x509', '-in', pem, '-noout', '-serial']).toString().trim().split('=')[1];
  assert.equal(s.certificato.numero_serie, serial.replace(/^0+/, ''));
  const end = new Date(execFileSync('openssl', ['x509', '-in', pem, '-noout', '-enddate']).toString().trim().split('=')[1]);
  assert.equal(s.certificato.valido_al, end.toISOString().replace('.000Z', 'Z'));
  assert.equal(s.certificato.qualificato, true);
  assert.equal(s.certificato.uso_chiave, 'nonRepudiation');
  assert.match(s.certificato.emittente, /CN=CA Prova Firma Qualificata/);
  // The signing-time attribute, as openssl cms prints it.
  const dump = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', f.p7m]).toString();
  const utc = dump.match(/UTCTIME:(\w+ +\d+ [\d:]+ \d+ GMT)/)[1];
  assert.equal(s.ora_firma, new Date(utc).toISOString().replace('.000Z', 'Z'));
  // The content: size and digest of the signed bytes.
  assert.deepEqual(out.contenuto, { byte: Buffer.byteLength(CONTENT), sha256: sha(Buffer.from(CONTENT)) });
});

test('--estrai writes the signed content as bytes; detached and nested envelopes', () => {
  const outFile = join(root, 'estratto.txt');
  let out = verifica(f.nested, '--tsl', f.tsl, '--estrai', outFile);
  assert.equal(readFileSync(outFile, 'utf8'), CONTENT);
  assert.equal(out.livelli, 2);
  assert.equal(out.valida, true);
  // outer envelope first: Anna Bianchi signed the .p7m Mario Rossi signed
  assert.deepEqual(out.firmatari.map((s) => [s.livello, s.nome, s.valida]), [[1, 'Anna Bianchi', true], [2, 'Mario Rossi', true]]);
  // openssl extracts the same content from the outer level
  const inner = execFileSync('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', f.nested, '-binary'], { stdio: ['pipe', 'pipe', 'pipe'] });
  assert.equal(sha(inner), sha(readFileSync(f.p7m)));
  // detached: valid with the file, "contenuto assente" without it, altered with another
  out = verifica(f.detached, '--tsl', f.tsl, '--staccato', f.doc);
  assert.equal(out.valida, true);
  out = verifica(f.detached, '--tsl', f.tsl);
  assert.equal(out.valida, false);
  assert.match(out.firmatari[0].motivo, /contenuto assente/);
  const other = join(root, 'altro.txt');
  writeFileSync(other, CONTENT.replace('12,345', '19,345'));
  out = verifica(f.detached, '--tsl', f.tsl, '--staccato', other);
  assert.equal(out.firmatari[0].motivo, 'contenuto alterato');
  // a .p7m saved as base64 text, bare or as PEM (openssl cms -outform PEM)
  const b64 = join(root, 'base64.p7m');
  writeFileSync(b64, readFileSync(f.p7m).toString('base64').replace(/(.{64})/g, '$1\r\n'));
  out = verifica(b64, '--tsl', f.tsl);
  assert.equal(out.valida, true);
  assert.equal(out.contenuto.sha256, sha(Buffer.from(CONTENT)));
  const pem = join(root, 'pem.p7m');
  execFileSync('openssl', ['cms', '-cmsout', '-inform', 'DER', '-in', f.p7m, '-outform', 'PEM', '-out', pem]);
  assert.match(readFileSync(pem, 'utf8'), /^-----BEGIN CMS-----/);
  assert.equal(verifica(pem, '--tsl', f.tsl).valida, true);
  // two parallel signers
  out = verifica(f.two, '--tsl', f.tsl);
  assert.equal(out.valida, true);
  assert.deepEqual(out.firmatari.map((s) => s.codice_fiscale).sort(), ['BNCNNA75B41F205X', 'RSSMRA80A01H501U']);
});

test('nesting is followed to 4 levels; a fifth is refused with its reason', () => {
  let cur = f.p7m;
  for (let lvl = 2; lvl <= 5; lvl++) {
    const next = join(root, `annidata-${lvl}.p7m`);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-cades', '-md', 'sha256', '-in', cur,
      '-signer', f.signers.bianchi.pem, '-inkey', f.signers.bianchi.key, '-outform', 'DER', '-out', next]);
    cur = next;
    const out = verifica(cur, '--tsl', f.tsl);
    if (lvl <= 4) {
      assert.equal(out.livelli, lvl);
      assert.equal(out.valida, true, `level ${lvl}`);
      assert.equal(out.contenuto.sha256, sha(Buffer.from(CONTENT)));
    } else {
      assert.equal(out.livelli, 4);
      assert.equal(out.valida, false);
      assert.equal(out.motivo, 'buste annidate oltre il limite di 4 livelli');
    }
  }
});

test('each defect gives its motivo, and the file as a whole is not valid', () => {
  const cases = [
    [f.tampered, 'contenuto alterato'],
    [f.expired, 'certificato scaduto alla data di verifica'],
    [f.foreign, 'emittente non attendibile'],
    [f.nonqc, 'certificato non qualificato'],
    [f.wrongku, 'uso della chiave non valido per la firma'],
  ];
  for (const [file, motivo] of cases) {
    const out = verifica(file, '--tsl', f.tsl);
    assert.equal(out.firmato, true, file);
    assert.equal(out.valida, false, file);
    assert.equal(out.firmatari[0].valida, false, file);
    assert.equal(out.firmatari[0].motivo, motivo, file);
  }
  // the expired signer was valid on a day inside its certificate's life...
  const old = readFileSync(f.signers.scaduto.pem);
  const start = new Date(execFileSync('openssl', ['x509', '-noout', '-startdate'], { input: old }).toString().trim().split('=')[1]);
  const inside = new Date(start.getTime() + 5 * 86400e3).toISOString().slice(0, 10);
  let out = verifica(f.expired, '--tsl', f.tsl, '--data', inside);
  assert.equal(out.valida, true, JSON.stringify(out));
  // ...and with --data after its end it is "scaduto alla data della firma"
  out = verifica(f.p7m, '--tsl', f.tsl, '--data', '2031-01-01');
  assert.equal(out.firmatari[0].motivo, 'certificato scaduto alla data della firma');
  // without any list nobody is trusted, and the reason says why
  out = verifica(f.p7m);
  assert.match(out.firmatari[0].motivo, /emittente non attendibile \(nessun elenco di fiducia caricato\)/);
  // a CA withdrawn from the list (status withdrawn) is not trusted
  const withdrawn = join(root, 'tsl-revocata.xml');
  writeFileSync(withdrawn, tslXml([f.ca, f.other], { status: 'withdrawn' }));
  assert.equal(cli(['firma', 'verifica', f.p7m, '--tsl', withdrawn]).status, 1);
  assert.match(cli(['firma', 'verifica', f.p7m, '--tsl', withdrawn]).stderr, /non contiene servizi/);
  // the other CA added to the list: its signer becomes trusted
  const both = join(root, 'tsl-due.xml');
  writeFileSync(both, tslXml([f.ca, f.other]));
  assert.equal(verifica(f.foreign, '--tsl', both).valida, true);
  // a signing time after the deadline
  out = verifica(f.p7m, '--tsl', f.tsl, '--termine', '2020-01-01T12:00');
  assert.equal(out.firmatari[0].motivo, 'firma successiva al termine');
  assert.equal(verifica(f.p7m, '--tsl', f.tsl, '--termine', '2099-01-01T12:00').valida, true);
});

test('not a signature, a DER bomb, a truncated envelope: an answer, never a crash', () => {
  for (const file of [f.notsig, f.bomb]) {
    const out = verifica(file, '--tsl', f.tsl);
    assert.equal(out.firmato, false);
    assert.equal(out.valida, false);
    assert.match(out.motivo, /non è una busta firmata/);
    assert.deepEqual(out.firmatari, []);
  }
  const der = readFileSync(f.p7m);
  for (const n of [1, 10, 100, der.length >> 1, der.length - 1]) {
    const cut = join(root, `tronco-${n}.p7m`);
    writeFileSync(cut, der.subarray(0, n));
    const out = verifica(cut, '--tsl', f.tsl);
    assert.equal(out.valida, false, `cut at ${n}`);
  }
  // a PDF without signatures
  const pdf = join(root, 'semplice.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
  assert.equal(verifica(pdf, '--tsl', f.tsl).motivo, 'il PDF non contiene firme digitali');
});

test('PAdES: the signed PDF is verified over its /ByteRange, and poppler agrees', () => {
  const pdfsig = (file) => execFileSync('pdfsig', [file]).toString();
  let out = verifica(f.pdf, '--tsl', f.tsl);
  assert.equal(out.formato, 'PAdES');
  assert.equal(out.valida, true);
  assert.equal(out.firmatari[0].codice_fiscale, 'RSSMRA80A01H501U');
  let p = pdfsig(f.pdf);
  assert.match(p, /Signature Validation: Signature is Valid\./);
  assert.match(p, /Signer Certificate Common Name: Mario Rossi/);
  assert.match(p, /Total document signed/);
  // one byte changed inside the signed range: both say the digest differs
  out = verifica(f.pdfTampered, '--tsl', f.tsl);
  assert.equal(out.valida, false);
  assert.equal(out.firmatari[0].motivo, 'contenuto alterato');
  p = pdfsig(f.pdfTampered);
  assert.match(p, /Signature Validation: Digest Mismatch\./);
  // bytes appended after the signature: poppler says not the total document
  const appended = join(root, 'aggiunto.pdf');
  writeFileSync(appended, Buffer.concat([readFileSync(f.pdf), Buffer.from('% aggiunta\n')]));
  out = verifica(appended, '--tsl', f.tsl);
  assert.equal(out.valida, false);
  assert.equal(out.firmatari[0].motivo, 'il PDF è stato modificato dopo la firma');
  assert.doesNotMatch(pdfsig(appended), /Total document signed/);
});

test('the trusted list is stored in the installation and used with --db; a bad list is refused', () => {
  const d = newDatabase();
  try {
    // no list loaded yet: verification works and says nobody is trusted
    let out = verifica(f.p7m, '--db', d.db);
    assert.match(out.firmatari[0].motivo, /nessun elenco di fiducia/);
    const bad = join(root, 'non-tsl.xml');
    writeFileSync(bad, '<?xml version="1.0"?><altro/>');
    let r = cli(['firma', 'tsl', bad, '--db', d.db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /non contiene servizi CA\/QC/);
    writeFileSync(bad, '<non chiuso');
    assert.match(cli(['firma', 'tsl', bad, '--db', d.db]).stderr, /non è un documento XML valido/);
    assert.equal(sqlOn(d.db, 'SELECT COUNT(*) FROM firma_tsl').trim(), '0');
    r = cli(['firma', 'tsl', f.tsl, '--db', d.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 servizi \(territorio IT/);
    assert.equal(sqlOn(d.db, 'SELECT sha256 FROM firma_tsl').trim(), sha(readFileSync(f.tsl)));
    assert.equal(sqlOn(d.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'firma.tsl'").trim(), '1');
    out = verifica(f.p7m, '--db', d.db);
    assert.equal(out.valida, true);
    assert.equal(cli(['firma', 'verifica', f.p7m, '--db', d.db, '--tsl', f.tsl]).status, 2);
  } finally {
    d.drop();
  }
});

test('OCSP: a trusted signer\'s responder is asked; revoked, good, unreachable, and never without --senza-ocsp', async () => {
  const port = 20000 + (process.pid % 20000);
  const o = ocspFixtures(f, port);
  // unreachable first: nothing listens yet
  let out = verifica(o.buono, '--tsl', f.tsl);
  assert.equal(out.valida, true);
  assert.match(out.firmatari[0].revoca, /^revoca non verificabile \(servizio OCSP non raggiungibile/);
  const responder = spawn('openssl', ['ocsp', '-index', o.index, '-port', String(port), '-rsigner', f.ca,
    '-rkey', join(f.caDir, 'ca.key'), '-CA', f.ca, '-ignore_err'], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50; i++) {
      out = verifica(o.buono, '--tsl', f.tsl);
      if (!/non raggiungibile/.test(out.firmatari[0].revoca)) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.equal(out.valida, true);
    assert.match(out.firmatari[0].revoca, /^non revocato \(OCSP, \d{4}-\d\d-\d\dT/);
    out = verifica(o.revocato, '--tsl', f.tsl);
    assert.equal(out.valida, false);
    assert.equal(out.firmatari[0].motivo, 'certificato revocato');
    assert.match(out.firmatari[0].revoca, /^revocato il \d{4}-\d\d-\d\dT[\d:]+Z \(OCSP\)$/);
    // before the revocation (a reference date in the past) it was valid
    const yesterday = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
    assert.equal(verifica(o.revocato, '--tsl', f.tsl, '--data', yesterday).valida, true);
    // --senza-ocsp: nothing asked, and it says so
    out = verifica(o.revocato, '--tsl', f.tsl, '--senza-ocsp');
    assert.equal(out.firmatari[0].revoca, 'revoca non verificabile');
    // an untrusted signer: its responder is never asked
    out = verifica(f.foreign, '--tsl', f.tsl);
    assert.equal(out.firmatari[0].revoca, 'revoca non verificabile');
  } finally {
    responder.kill();
  }
});

test('usage', () => {
  assert.equal(cli(['firma', '--help']).status, 0);
  assert.equal(cli(['firma']).status, 2);
  assert.equal(cli(['firma', 'verifica']).status, 2);
  assert.equal(cli(['firma', 'verifica', f.p7m, '--nessuna']).status, 2);
  const r = cli(['firma', 'verifica', f.p7m, '--data', '31/02/2026']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /data/);
  assert.equal(cli(['firma', 'verifica', join(root, 'manca.p7m')]).status, 1);
});

// A large attached envelope: 20 MB here; 200 MB with FIRMA_GRANDE=1.
function bigEnvelope(mb) {
  const doc = join(root, `grande-${mb}.bin`);
  const fd = openSync(doc, 'w');
  const chunk = Buffer.alloc(1 << 20, 0x41);
  for (let i = 0; i < mb; i++) writeSync(fd, chunk);
  closeSync(fd);
  const out = `${doc}.p7m`;
  execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-cades', '-md', 'sha256', '-in', doc,
    '-signer', f.signers.rossi.pem, '-inkey', f.signers.rossi.key, '-outform', 'DER', '-out', out]);
  rmSync(doc);
  return out;
}

test('a 20 MB .p7m is verified whole', () => {
  const big = bigEnvelope(20);
  const t0 = Date.now();
  const out = verifica(big, '--tsl', f.tsl);
  assert.equal(out.valida, true);
  assert.equal(out.contenuto.byte, 20 << 20);
  assert.ok(Date.now() - t0 < 60000);
  rmSync(big);
});

test('a 200 MB .p7m is refused by size with a clear reason (FIRMA_GRANDE=1)', { skip: !process.env.FIRMA_GRANDE }, () => {
  const big = bigEnvelope(200);
  const out = verifica(big, '--tsl', f.tsl);
  assert.equal(out.valida, false);
  assert.match(out.motivo, /file troppo grande per la verifica \(oltre 128 MiB\)/);
  rmSync(big);
});
