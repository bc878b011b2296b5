// firma-tsl-url.test.mjs - the trusted list from an address: a local HTTP
// stub run by the test serves lists the test signs with `xmlsec1 --sign`
// (an enveloped signature over the whole document, as AgID's); the
// administrator sets the address and the signing certificate (`firma tsl
// fonte`), and `firma tsl aggiorna` stores the list only when its
// signature verifies with that certificate — tampered, signed by another
// key, unsigned, oversized, unreachable: refused, the previous list kept,
// the outcome recorded and audited.  The periodic job firma_tsl_aggiorna,
// run by a server's workers, does the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binary, newDatabase, sql, startServer } from '../lib/server.mjs';
import { makeFixtures, makeTslSigner, signTsl, tslXml } from '../lib/firma.mjs';

let f, root, stub, port, d;
const served = new Map(); // path -> Buffer
const sha = (b) => createHash('sha256').update(b).digest('hex');

async function run(...args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(binary(), args, { maxBuffer: 1 << 20 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const one = (db, q) => sql(db, q).trim();

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-firma-tsl-'));
  f = makeFixtures(root);
  const agid = makeTslSigner(root, 'AgID prova');
  const other = makeTslSigner(root, 'Altro firmatario');
  f.agid = agid;
  const xml = tslXml([f.ca]);
  const good = readFileSync(signTsl(xml, join(root, 'tsl-buona.xml'), agid));
  served.set('/buona.xml', good);
  // tampered after signing: the CA left out of the list slipped in
  const otherB64 = readFileSync(f.other, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  served.set('/alterata.xml', Buffer.from(good.toString('utf8').replace('<X509Certificate>', `<X509Certificate>${otherB64}</X509Certificate></DigitalId><DigitalId><X509Certificate>`)));
  served.set('/altro-firmatario.xml', readFileSync(signTsl(xml, join(root, 'tsl-altro.xml'), other)));
  served.set('/non-firmata.xml', Buffer.from(xml));
  served.set('/nuova.xml', readFileSync(signTsl(tslXml([f.ca, f.other]), join(root, 'tsl-nuova.xml'), agid)));
  stub = createServer((req, res) => {
    if (req.url === '/grande.xml') {
      res.writeHead(200);
      return res.end(Buffer.alloc((32 << 20) + 1024, 0x20));
    }
    const b = served.get(req.url);
    if (!b) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/xml' }).end(b);
  });
  await new Promise((r) => stub.listen(0, '127.0.0.1', r));
  port = stub.address().port;
  d = newDatabase();
});
after(() => {
  stub.close();
  d.drop();
  rmSync(root, { recursive: true, force: true });
});

const url = (p) => `http://127.0.0.1:${port}${p}`;
const fonte = (p, ...more) => run('firma', 'tsl', 'fonte', '--db', d.db, '--url', url(p), '--certificato', f.agid.pem, ...more);

test('the address and certificate are checked before they are kept', async () => {
  let r = await run('firma', 'tsl', 'fonte', '--db', d.db, '--url', 'ftp://x/tsl.xml', '--certificato', f.agid.pem);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /http o https/);
  r = await run('firma', 'tsl', 'fonte', '--db', d.db, '--url', url('/buona.xml'), '--certificato', f.doc);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /certificato \(PEM\)/);
  r = await fonte('/buona.xml', '--ogni-ore', '9999');
  assert.equal(r.status, 1);
  assert.equal(one(d.db, 'SELECT COUNT(*) FROM firma_tsl_fonte'), '0');
  r = await run('firma', 'tsl', 'aggiorna', '--db', d.db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nessun indirizzo/);
});

test('a list signed by the configured certificate is stored; the refresh is scheduled', async () => {
  let r = await fonte('/buona.xml', '--ogni-ore', '24');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(one(d.db, "SELECT every_seconds FROM job_periodic WHERE kind = 'firma_tsl_aggiorna'"), '86400');
  assert.equal(one(d.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'firma.tsl.fonte'"), '1');
  r = await run('firma', 'tsl', 'aggiorna', '--db', d.db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /aggiornato: 1 servizi/);
  assert.equal(one(d.db, 'SELECT origine || \' \' || riferimento || \' \' || sha256 FROM firma_tsl ORDER BY id DESC LIMIT 1'),
    `url ${url('/buona.xml')} ${sha(served.get('/buona.xml'))}`);
  assert.match(one(d.db, 'SELECT ultimo_esito FROM firma_tsl_fonte'), /^elenco aggiornato/);
  // the stored list is the one verifications use
  const v = JSON.parse(execFileSync(binary(), ['firma', 'verifica', f.p7m, '--db', d.db, '--senza-ocsp']).toString());
  assert.equal(v.valida, true);
});

test('tampered, signed by another key, unsigned, oversized, unreachable: refused, the previous list kept', async () => {
  const cases = [
    ['/alterata.xml', /la firma dell'elenco di fiducia non è valida con il certificato configurato/],
    ['/altro-firmatario.xml', /la firma dell'elenco di fiducia non è valida con il certificato configurato/],
    ['/non-firmata.xml', /non è firmato/],
    ['/grande.xml', /troppo grande/],
    ['/manca.xml', /risposta HTTP 404/],
  ];
  // xmlsec1 itself agrees on the signed ones
  for (const [p, expect] of cases.slice(0, 2)) {
    let ok = true;
    try {
      execFileSync('xmlsec1', ['--verify', '--pubkey-cert-pem', f.agid.pem, '-'], { input: served.get(p), stdio: ['pipe', 'pipe', 'pipe'] });
    } catch { ok = false; }
    assert.equal(ok, false, `xmlsec1 refuses ${p} too (${expect})`);
  }
  const before = one(d.db, 'SELECT COUNT(*) FROM firma_tsl');
  for (const [p, expect] of cases) {
    assert.equal((await fonte(p)).status, 0);
    const r = await run('firma', 'tsl', 'aggiorna', '--db', d.db);
    assert.equal(r.status, 1, p);
    assert.match(r.stderr, expect, p);
    assert.match(one(d.db, 'SELECT ultimo_esito FROM firma_tsl_fonte'), /^elenco rifiutato: /);
  }
  // nobody listening
  const dead = createServer();
  await new Promise((r) => dead.listen(0, '127.0.0.1', r));
  const deadPort = dead.address().port;
  await new Promise((r) => dead.close(r));
  await run('firma', 'tsl', 'fonte', '--db', d.db, '--url', `http://127.0.0.1:${deadPort}/tsl.xml`, '--certificato', f.agid.pem);
  const r = await run('firma', 'tsl', 'aggiorna', '--db', d.db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /non raggiungibile/);
  assert.equal(one(d.db, 'SELECT COUNT(*) FROM firma_tsl'), before, 'nothing stored');
  assert.equal(one(d.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'firma.tsl.rifiutata'"), String(cases.length + 1));
  assert.equal(one(d.db, 'SELECT sha256 FROM firma_tsl ORDER BY id DESC LIMIT 1'), sha(served.get('/buona.xml')));
  // a local file stays the administrator's choice: no signature asked
  const local = await run('firma', 'tsl', f.tsl, '--db', d.db);
  assert.equal(local.status, 0, local.stderr);
});

test('the periodic job, run by the server\'s workers, refreshes the list', async () => {
  assert.equal((await fonte('/nuova.xml', '--ogni-ore', '24')).status, 0);
  const srv = await startServer({ db: d.db, web: false });
  try {
    sql(srv.db, "UPDATE job_periodic SET next_at = 0 WHERE kind = 'firma_tsl_aggiorna'");
    const want = sha(served.get('/nuova.xml'));
    let got = '';
    for (let i = 0; i < 100 && got !== want; i++) {
      await new Promise((r) => setTimeout(r, 200));
      got = one(srv.db, 'SELECT sha256 FROM firma_tsl ORDER BY id DESC LIMIT 1');
    }
    assert.equal(got, want, srv.stderr().slice(-2000));
    assert.equal(one(srv.db, "SELECT state FROM job WHERE kind = 'firma_tsl_aggiorna' ORDER BY id DESC LIMIT 1"), 'done');
    assert.ok(Number(one(srv.db, "SELECT next_at FROM job_periodic WHERE kind = 'firma_tsl_aggiorna'")) > Date.now() / 1000 + 86000);
  } finally {
    await srv.stop();
  }
});
