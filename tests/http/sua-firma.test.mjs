// sua-firma.test.mjs - the signatures of the bid envelopes' files (issue
// 18, item 4): operators upload signed files (.p7m, a signed PDF, a
// tampered one, one by a signer outside the trusted list, an unsigned
// file) sealed in envelope A; nothing is verified while the envelope is
// sealed; the opening queues a job that verifies each decrypted file
// against the trusted list the administrator loaded (`firma tsl`), and
// the RUP's and the assigned commissioner's views show signer, validity
// and motivo beside each file.  Objects x entes: another Province's
// officer, an unassigned commissioner, an operator, a Comune, anonymous -
// refused, nothing leaked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { PASS, piva, publishedTender, upload } from '../lib/buste.mjs';
import { makeFixtures } from '../lib/firma.mjs';

const VI = 'provincia:024';
let srv;
let f;
let root;
// The second after the fixtures were signed (their signing-time): the
// tenders' deadline is set after it, or a fast run would find every
// signature "successiva al termine".
let signedBy;
const u = {};
const ids = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const OPS = [piva(1234568001), piva(1234568002)];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-sua-firma-'));
  f = makeFixtures(root);
  signedBy = Math.ceil(Date.now() / 1000);
  srv = await startServer({ web: false });
  let r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['firma', 'tsl', f.tsl, '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const people = [
    ['rup', 'sua_officer', VI], ['capo', 'sua_officer', VI], ['terzo', 'sua_officer', VI],
    ['pd', 'sua_officer', 'provincia:028'], ['comune', 'comune', 'comune:024116'],
    ['op0', 'operator', `operatore:${OPS[0]}`], ['op1', 'operator', `operatore:${OPS[1]}`],
    ['comm1', 'commissioner', VI], ['comm2', 'commissioner', VI],
  ];
  for (const [k, role, ente] of people) ids[k] = addUser(srv.db, `firma-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `firma-${k}@example.org`);
  for (const [i, k] of ['rup', 'capo', 'terzo'].entries()) {
    r = await u[k].call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[i] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
});
after(async () => {
  await srv.stop();
  rmSync(root, { recursive: true, force: true });
});

async function waitFor(cond, what) {
  for (let i = 0; i < 200; i++) {
    const v = await cond();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`timeout: ${what}`);
}

test('envelope files: verified after the opening, never before; shown beside each file to RUP and commission', async () => {
  const gara = await publishedTender(u.rup, { criterio: 'oepv', custodi: [ids.rup, ids.capo, ids.terzo], k: 2 });
  const base = `/api/v1/sua/gare/${gara}/lotti/1`;
  const files = [
    [u.op0, 'offerta.txt.p7m', f.p7m],
    [u.op0, 'offerta.pdf', f.pdf],
    [u.op0, 'dgue.txt', f.doc],
    [u.op1, 'alterato.p7m', f.tampered],
    [u.op1, 'estraneo.p7m', f.foreign],
  ];
  const fileIds = {};
  for (const [who, name, path] of files) {
    const r = await upload(srv.url, who, `${base}/buste/A/file`, readFileSync(path), name);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  for (const [who, nome] of [[u.op0, 'Edilizia Rossi SRL'], [u.op1, 'Neri SNC']]) {
    const r = await who.call('POST', `${base}/offerta`, { ragione_sociale: nome, buste: { A: {}, B: { note: 'vedi relazione' }, C: { ribasso: '10,000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 } } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  // Sealed: nothing verified, no job queued.
  assert.equal(sql('SELECT COUNT(*) FROM firma_verifica'), '0');
  assert.equal(sql("SELECT COUNT(*) FROM job WHERE kind = 'sua_firma_buste'"), '0');
  const termine = Math.max(Math.floor(Date.now() / 1000) - 5, signedBy + 1);
  while (Date.now() / 1000 < termine + 1.1) await new Promise((res) => setTimeout(res, 100));
  sql(`UPDATE sua_gara SET termine_offerte = ${termine} WHERE id = ${gara}`);
  const keys = [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[1] }];
  let r = await u.rup.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'A', custodi: keys });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.file, files.length);
  // The job runs after the opening and stores one result per file.
  await waitFor(() => sql("SELECT state FROM job WHERE kind = 'sua_firma_buste'") === 'done', 'signature job');
  assert.equal(sql('SELECT COUNT(*) FROM firma_verifica'), String(files.length));
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'firma.verifica'"), String(files.length));
  // The RUP's view: the verdict beside each file.
  r = await u.rup.call('GET', `/api/v1/sua/gare/${gara}/buste`);
  assert.equal(r.status, 200);
  const byName = {};
  for (const o of r.body.offerte.filter((x) => x.busta === 'A')) for (const x of o.file) { byName[x.nome] = x; fileIds[x.nome] = x.id; }
  assert.deepEqual(Object.keys(byName).sort(), files.map((x) => x[1]).sort());
  const exp = {
    'offerta.txt.p7m': [true, true, 'Mario Rossi', null, 'CAdES'],
    'offerta.pdf': [true, true, 'Mario Rossi', null, 'PAdES'],
    'dgue.txt': [false, false, null, /non è una busta firmata/, null],
    'alterato.p7m': [true, false, 'Mario Rossi', /^contenuto alterato$/, 'CAdES'],
    'estraneo.p7m': [true, false, 'Luca Neri', /^emittente non attendibile$/, 'CAdES'],
  };
  for (const [name, [firmato, valida, nome, motivo, formato]] of Object.entries(exp)) {
    const s = byName[name].firma;
    assert.ok(s, name);
    assert.equal(s.firmato, firmato, name);
    assert.equal(s.valida, valida, `${name} ${JSON.stringify(s)}`);
    assert.equal(s.nome, nome, name);
    assert.equal(s.formato, formato, name);
    if (motivo) assert.match(s.motivo, motivo, name);
    else assert.equal(s.motivo, null, name);
  }
  assert.equal(byName['offerta.txt.p7m'].firma.codice_fiscale, 'RSSMRA80A01H501U');
  // The whole result of one file, and the same CLI answer on the same bytes
  // (reference date: the upload's day, as the job uses).
  const id = fileIds['offerta.txt.p7m'];
  r = await u.rup.call('GET', `/api/v1/sua/gare/${gara}/buste/file/${id}/firma`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.firmatari[0].codice_fiscale, 'RSSMRA80A01H501U');
  assert.equal(r.body.firmatari[0].certificato.qualificato, true);
  assert.equal(typeof r.body.verificato_at, 'number');
  const c = JSON.parse(cli(['firma', 'verifica', f.p7m, '--db', srv.db]).stdout);
  assert.deepEqual(r.body.contenuto, c.contenuto);
  assert.deepEqual(r.body.firmatari.map((s) => s.certificato), c.firmatari.map((s) => s.certificato));
  // Objects x entes: another Province's officer, an operator (even the one
  // who uploaded), a Comune, an unassigned commissioner: refused; anonymous 401.
  const path = `/api/v1/sua/gare/${gara}/buste/file/${id}/firma`;
  for (const who of [u.pd, u.op0, u.comune, u.comm1]) {
    const x = await who.call('GET', path);
    assert.ok([403, 404].includes(x.status), `${who.user.email}: ${x.status}`);
    assert.equal(JSON.stringify(x.body).includes('Rossi'), false);
  }
  const anon = await fetch(srv.url + path);
  assert.equal(anon.status, 401);
  assert.equal((await u.pd.call('GET', `/api/v1/sua/gare/${gara}/buste`)).status, 403);
  // The assigned commissioner sees it; another tender's id does not leak.
  r = await u.rup.call('POST', `/api/v1/sua/gare/${gara}/commissari`, { user_id: ids.comm1, presidente: true });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await u.comm1.call('GET', path);
  assert.equal(r.status, 200);
  assert.equal(r.body.firmatari[0].nome, 'Mario Rossi');
  assert.equal((await u.comm2.call('GET', path)).status, 403);
  const other = await publishedTender(u.rup, { custodi: [ids.rup, ids.capo, ids.terzo], k: 2 });
  assertEnvelope(assert, await u.rup.call('GET', `/api/v1/sua/gare/${other}/buste/file/${id}/firma`), 404);
  // bad ids: 400/404, nothing else
  assert.ok([400, 404].includes((await u.rup.call('GET', `/api/v1/sua/gare/${gara}/buste/file/abc/firma`)).status));
  assertEnvelope(assert, await u.rup.call('GET', `/api/v1/sua/gare/${gara}/buste/file/999999/firma`), 404);
  // audit verify passes.
  const a = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(a.status, 0, a.stdout + a.stderr);
});
