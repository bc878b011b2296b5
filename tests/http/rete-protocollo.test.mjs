// rete-protocollo.test.mjs - the network's adhesion protocol signed by the
// Province's President (issue 18, item 4).  The Province's administrator
// uploads the signed protocol (.p7m and a signed PDF, made by the test with
// openssl, tests/lib/firma.mjs); the job firma_documento verifies it
// against the trusted list loaded with `firma tsl`; the administrator and
// the network's (UPI) read "firmato da ... il ..." or why not.  The newest
// upload is the current protocol.  Objects x entes: another Province's
// administrator, the Province's SUA officer, a Comune, an operator,
// anonymous - refused, nothing leaked, nothing stored; a file that is not a
// PDF nor an envelope: 415.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { makeFixtures } from '../lib/firma.mjs';

const BOUNDARY = '----areavasta-rete-protocollo-K2';
let srv;
let f;
let root;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

async function upload(client, path, name, content) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (client) Object.assign(headers, { cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf });
  const res = await fetch(srv.url + path, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json() };
}

async function verified(client, sigla, docId) {
  for (let i = 0; i < 300; i++) {
    const r = await client.call('GET', `/api/v1/rete/${sigla}/protocollo`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.protocollo && r.body.protocollo.id === docId && r.body.protocollo.firma) return r.body.protocollo;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('timeout: protocol verified');
}

function subjectOf(pem) {
  const out = execFileSync('openssl', ['x509', '-in', pem, '-noout', '-subject', '-nameopt', 'RFC2253'], { encoding: 'utf8' });
  return { cn: /CN=([^,\n]+)/.exec(out)[1], cf: /serialNumber=([^,\n]+)/.exec(out)[1].replace(/^TINIT-/, '') };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-rete-protocollo-'));
  f = makeFixtures(root);
  srv = await startServer({ web: false });
  const r = cli(['firma', 'tsl', f.tsl, '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const people = [
    ['admin', 'admin', 'provincia:024'], ['upi', 'upi', 'upi'], ['adminbs', 'admin', 'provincia:017'],
    ['sua', 'sua_officer', 'provincia:024'], ['comune', 'comune', 'comune:024116'],
    ['operatore', 'operator', 'operatore:01234567897'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `prot-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `prot-${k}@example.org`);
});
after(async () => {
  await srv.stop();
  rmSync(root, { recursive: true, force: true });
});

test('the signed protocol: uploaded, verified, the newest is current, shown to who edits the Province', async () => {
  let r = await u.admin.call('GET', '/api/v1/rete/VI/protocollo');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.protocollo, null);

  const up = await upload(u.admin, '/api/v1/rete/VI/protocollo', 'protocollo-adesione.pdf.p7m', readFileSync(f.p7m));
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.protocollo.mime, 'application/pkcs7-mime');
  let p = await verified(u.admin, 'VI', up.body.protocollo.id);
  const rossi = subjectOf(f.signers.rossi.pem);
  assert.equal(p.firma.valida, true);
  assert.equal(p.firma.nome, rossi.cn);
  assert.equal(p.firma.codice_fiscale, rossi.cf);
  assert.ok(p.firma.ora_firma);
  // The network's administrator sees the same.
  r = await u.upi.call('GET', '/api/v1/rete/VI/protocollo');
  assert.equal(r.body.protocollo.firma.codice_fiscale, rossi.cf);
  const full = await u.upi.call('GET', '/api/v1/rete/VI/protocollo/firma');
  assert.equal(full.status, 200);
  assert.equal(full.body.firmatari[0].certificato.qualificato, true);
  const sha = execFileSync('openssl', ['dgst', '-sha256', '-r', f.doc], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(full.body.contenuto.sha256, sha);

  // A tampered one replaces it: kept, and the page says why.
  const bad = await upload(u.admin, '/api/v1/rete/VI/protocollo', 'protocollo-2.p7m', readFileSync(f.tampered));
  assert.equal(bad.status, 201);
  p = await verified(u.admin, 'VI', bad.body.protocollo.id);
  assert.equal(p.firma.valida, false);
  assert.match(p.firma.motivo, /contenuto alterato/);
  // A signed PDF (PAdES), by the network's administrator.
  const pdf = await upload(u.upi, '/api/v1/rete/VI/protocollo', 'protocollo.pdf', readFileSync(f.pdf));
  assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
  p = await verified(u.upi, 'VI', pdf.body.protocollo.id);
  assert.equal(p.firma.valida, true);
  assert.equal(p.firma.formato, 'PAdES');
  assert.equal(count('audit_log', "action = 'rete.protocollo.carica' AND ente = 'provincia:024'"), 3);
  assert.equal(count('audit_log', "action = 'firma.verifica' AND object_type = 'rete_protocollo' AND ente = 'provincia:024'"), 3);
  // The file is readable by who edits the Province, downloadable even when invalid.
  const dl = await fetch(`${srv.url}/api/v1/documenti/${bad.body.protocollo.id}/contenuto`, { headers: { cookie: `av_session=${u.admin.cookie}` } });
  assert.equal(dl.status, 200);
});

test('objects x entes: refused to anyone who may not edit the Province; not a signed file: 415', async () => {
  const up = await upload(u.admin, '/api/v1/rete/VI/protocollo', 'p.p7m', readFileSync(f.p7m));
  assert.equal(up.status, 201);
  await verified(u.admin, 'VI', up.body.protocollo.id);
  const docs = count('document');
  const audits = count('audit_log');
  for (const who of ['adminbs', 'sua', 'comune', 'operatore']) {
    for (const path of ['/api/v1/rete/VI/protocollo', '/api/v1/rete/VI/protocollo/firma', `/api/v1/documenti/${up.body.protocollo.id}/contenuto`]) {
      const r = await u[who].call('GET', path);
      assert.ok([403, 404].includes(r.status), `${who} ${path}: ${r.status}`);
      assert.ok(!JSON.stringify(r.body ?? '').includes('Rossi'), `${who}: nothing leaked`);
    }
    const r = await upload(u[who], '/api/v1/rete/VI/protocollo', 'x.p7m', readFileSync(f.p7m));
    assert.ok([403, 404].includes(r.status), `${who} POST: ${r.status}`);
  }
  assert.equal((await fetch(`${srv.url}/api/v1/rete/VI/protocollo`)).status, 401);
  assert.equal((await upload(null, '/api/v1/rete/VI/protocollo', 'x.p7m', readFileSync(f.p7m))).status, 401);
  assert.equal(count('document'), docs, 'nothing stored');
  assert.equal(count('audit_log'), audits, 'nothing audited');
  // The other Province's administrator works on their own.
  let r = await u.adminbs.call('GET', '/api/v1/rete/BS/protocollo');
  assert.equal(r.status, 200);
  assert.equal(r.body.protocollo, null);
  r = await u.adminbs.call('GET', '/api/v1/rete/BS/protocollo/firma');
  assert.equal(r.status, 404);
  // Not a PDF nor an envelope.
  const bin = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 0)]);
  r = await upload(u.admin, '/api/v1/rete/VI/protocollo', 'x.p7m', bin);
  assert.equal(r.status, 415);
  r = await upload(u.admin, '/api/v1/rete/VI/protocollo', 'x.p7m', readFileSync(f.notsig));
  assert.equal(r.status, 415);
  assert.equal(count('document'), docs);
  r = await u.admin.call('GET', '/api/v1/rete/ZZ/protocollo');
  assert.equal(r.status, 404);
});
