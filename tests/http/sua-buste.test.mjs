// sua-buste.test.mjs - sealed bids end to end (issue 13, items 3-4): key
// holders enrol, the officer names them and publishes (the tender's key is
// split 2 of 3); operators upload files (encrypted as they stream in),
// submit, replace and withdraw until the deadline, and get receipts
// signed with the platform key, checked here with node:crypto and with
// `areavasta ricevuta verifica`; after the deadline submissions are
// refused, the opening needs 2 of the 3 passphrases, writes envelope C's
// fields in the agreed shape, and the files decrypt intact.  Bad input and
// other roles are refused with nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { PASS, piva, publishedTender, upload, receiptValid } from '../lib/buste.mjs';
import { domanda, EMPTY_ALBO } from '../lib/albo.mjs';

const VI = 'provincia:024';
let srv;
const u = {};
const ids = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));
const sha = (b) => createHash('sha256').update(b).digest('hex');
const tmp = mkdtempSync(join(tmpdir(), 'areavasta-buste-'));
const OPS = [piva(1234567001), piva(1234567002), piva(1234567003)];
const UPLOAD_MAX = 256 * 1024;

before(async () => {
  srv = await startServer({ web: false, args: ['--upload-max', String(UPLOAD_MAX)] });
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  const people = [
    ['rup', 'sua_officer', VI], ['capo', 'sua_officer', VI], ['terzo', 'sua_officer', VI],
    ['pd', 'sua_officer', 'provincia:028'], ['admin', 'admin', VI], ['comune', 'comune', 'comune:024116'],
    ['op0', 'operator', `operatore:${OPS[0]}`], ['op1', 'operator', `operatore:${OPS[1]}`],
    ['op2', 'operator', `operatore:${OPS[2]}`],
    ['comm1', 'commissioner', VI], ['comm2', 'commissioner', VI], ['commpd', 'commissioner', 'provincia:028'],
  ];
  for (const [k, role, ente] of people) ids[k] = addUser(srv.db, `buste-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `buste-${k}@example.org`);
});
after(async () => { await srv.stop(); });

test('key holders enrol a key from a passphrase; only its public half is stored', async () => {
  // Too short: refused, nothing stored.
  let r = await u.rup.call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: 'corta' });
  assert.equal(assertEnvelope(assert, r, 400).field, 'passphrase');
  // An operator is not a holder.
  assertEnvelope(assert, await u.op0.call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[0] }), 403);
  // This test's holders (the demo's three holders have keys of their own).
  const ours = () => `sua_custode_chiave WHERE user_id IN (${ids.rup}, ${ids.capo}, ${ids.terzo})`;
  assert.equal(count(ours()), 0);
  for (const [i, k] of ['rup', 'capo', 'terzo'].entries()) {
    r = await u[k].call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[i] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.registrata, true);
    assert.match(r.body.chiave_pubblica, /^[0-9a-f]{64}$/);
  }
  assert.equal(count(ours()), 3);
  // The passphrase is nowhere in the database or the audit log.
  for (const p of PASS) assert.equal(count(`audit_log WHERE details LIKE '%${p}%'`), 0);
  assert.equal(count(`audit_log WHERE action = 'sua.custode.chiave' AND object_id IN ('${ids.rup}', '${ids.capo}', '${ids.terzo}')`), 3);
});

let gara; // lowest price, 2 of 3
test('naming holders: checks, then publication splits the key among them', async () => {
  // A draft to name holders on.
  const bad = await publishedTender(u.rup, {}); // published with no holders: no electronic bids
  let r = await upload(srv.url, u.op0, `/api/v1/sua/gare/${bad}/lotti/1/buste/A/file`, Buffer.from('x'));
  assert.equal(assertEnvelope(assert, r, 422).field, 'chiave_pubblica');
  // Holders must be officers of the Province with a key.
  r = await u.rup.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'Bozza', tipo: 'lavori' });
  const draft = r.body.id;
  r = await u.rup.call('PUT', `/api/v1/sua/gare/${draft}/buste`, { k: 2, custodi: [ids.rup, ids.pd] });
  assert.equal(assertEnvelope(assert, r, 400).field, 'custodi[1]');
  r = await u.rup.call('PUT', `/api/v1/sua/gare/${draft}/buste`, { k: 3, custodi: [ids.rup, ids.capo] });
  assert.equal(assertEnvelope(assert, r, 400).field, 'k');
  r = await u.rup.call('PUT', `/api/v1/sua/gare/${draft}/buste`, { k: 2, custodi: [ids.rup, ids.rup] });
  assert.equal(assertEnvelope(assert, r, 400).field, 'custodi[1]');
  r = await u.rup.call('PUT', `/api/v1/sua/gare/${draft}/buste`, { k: 2, custodi: [ids.rup, ids.capo], ribasso_decimali: 7 });
  assert.equal(assertEnvelope(assert, r, 400).field, 'ribasso_decimali');
  // Another Province's officer, an operator: refused.
  assertEnvelope(assert, await u.pd.call('PUT', `/api/v1/sua/gare/${draft}/buste`, { k: 2, custodi: [ids.rup, ids.capo] }), 403);
  assertEnvelope(assert, await u.op0.call('PUT', `/api/v1/sua/gare/${draft}/buste`, { k: 2, custodi: [ids.rup, ids.capo] }), 403);
  assert.equal(count(`sua_gara_custode WHERE gara_id = ${draft}`), 0);

  gara = await publishedTender(u.rup, { custodi: [ids.rup, ids.capo, ids.terzo], k: 2, decimali: 3 });
  const row = sql(`SELECT length(chiave_pubblica), custodi_k, offerta_economica, ribasso_decimali FROM sua_gara WHERE id = ${gara}`);
  assert.equal(row, '64|2|ribasso|3');
  assert.equal(count(`sua_gara_custode WHERE gara_id = ${gara} AND quota_sigillata IS NOT NULL`), 3);
  // Settings after publication: refused.
  r = await u.rup.call('PUT', `/api/v1/sua/gare/${gara}/buste`, { k: 2, custodi: [ids.rup, ids.capo] });
  assertEnvelope(assert, r, 422);
  // The public page's text says who can read and when.
  r = await fetch(`${srv.url}/api/v1/gare/${gara}/riservatezza`).then((x) => x.json());
  assert.equal(r.k, 2);
  assert.equal(r.n, 3);
  assert.match(r.lettura, /3 custodi/);
  assert.match(r.lettura, /ne servono 2/);
});

const files = {};
let ricevuta;
test('operators upload encrypted files and submit; the receipt is signed and verifiable offline', async () => {
  const base = `/api/v1/sua/gare/${gara}/lotti/1`;
  files.a = Buffer.from(`DGUE dell'operatore 0 - documento amministrativo\n`.repeat(2000)); // ~100 KB, 2 chunks
  files.c = Buffer.from('Offerta economica: ribasso 12,345 per cento\n');
  let r = await upload(srv.url, u.op0, `${base}/buste/A/file`, files.a, 'dgue.txt');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  files.aId = r.body.id;
  // What is stored is not the file: different digest, longer (header + tags).
  assert.notEqual(r.body.sha256, sha(files.a));
  assert.ok(r.body.byte > files.a.length);
  r = await upload(srv.url, u.op0, `${base}/buste/C/file`, files.c, 'offerta.txt');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  files.cId = r.body.id;
  // Envelope B on a lowest-price tender: refused before a byte is stored.
  const before = count('sua_busta_file');
  r = await upload(srv.url, u.op0, `${base}/buste/B/file`, Buffer.from('tecnica'));
  assert.equal(assertEnvelope(assert, r, 400).field, 'tipo');
  // Wrong lot, unknown envelope kind.
  r = await upload(srv.url, u.op0, `/api/v1/sua/gare/${gara}/lotti/9/buste/A/file`, Buffer.from('x'));
  assert.equal(assertEnvelope(assert, r, 400).field, 'lotto');
  r = await upload(srv.url, u.op0, `${base}/buste/D/file`, Buffer.from('x'));
  assert.equal(assertEnvelope(assert, r, 400).field, 'tipo');
  // Oversized: 413.
  r = await upload(srv.url, u.op0, `${base}/buste/A/file`, Buffer.alloc(UPLOAD_MAX + 1, 65));
  assertEnvelope(assert, r, 413);
  // Not an operator: refused.
  r = await upload(srv.url, u.rup, `${base}/buste/A/file`, Buffer.from('x'));
  assertEnvelope(assert, r, 403);
  assert.equal(count('sua_busta_file'), before);

  // Submit: bad fields first (nothing stored).
  const offer = (c, extra = {}) => u.op0.call('POST', `${base}/offerta`, { ragione_sociale: 'Strade Srl', buste: { A: { note: 'ok' }, C: c }, ...extra });
  const c0 = { ribasso: '12,345', oneri_sicurezza_cents: 150000, costo_manodopera_cents: 9000000 };
  for (const [bad, field] of [
    [{ ...c0, ribasso: '12,3456' }, 'buste.C.ribasso'],
    [{ ...c0, ribasso: '101' }, 'buste.C.ribasso'],
    [{ ...c0, ribasso: 'dodici' }, 'buste.C.ribasso'],
    [{ ...c0, prezzo_cents: 100 }, 'buste.C.prezzo_cents'],
    [{ ribasso: '1', costo_manodopera_cents: 1 }, 'buste.C.oneri_sicurezza_cents'],
  ]) {
    r = await offer(bad);
    assert.equal(assertEnvelope(assert, r, 400).field, field, JSON.stringify(bad));
  }
  r = await u.op0.call('POST', `${base}/offerta`, { ragione_sociale: 'Strade Srl', buste: { A: {}, B: {}, C: c0 } });
  assert.equal(assertEnvelope(assert, r, 400).field, 'buste.B');
  assert.equal(count(`sua_offerta WHERE gara_id = ${gara}`), 0); // the demo tender has its own bids

  r = await offer(c0);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  ricevuta = r.body.ricevuta;
  const content = JSON.parse(ricevuta.contenuto);
  assert.equal(content.gara, gara);
  assert.equal(content.lotto, 1);
  assert.equal(content.operatore, OPS[0]);
  // One digest per encrypted part: fields of A and C, two files.
  assert.equal(content.parti.length, 4);
  const stored = sql(`SELECT sha256 FROM sua_busta_file WHERE id IN (${files.aId}, ${files.cId}) ORDER BY id`).split('\n');
  assert.deepEqual(content.parti.filter((p) => p.parte === 'file').map((p) => p.sha256), stored);
  const envs = sql(`SELECT campi_sha256 FROM sua_busta WHERE offerta_id = ${r.body.offerta} ORDER BY tipo`).split('\n');
  assert.deepEqual(content.parti.filter((p) => p.parte === 'campi').map((p) => p.sha256), envs);
  // The ciphertext on disk has the digest the receipt names (sha256sum of the blob).
  const blob = readFileSync(join(srv.dir, 'blobs', stored[0].slice(0, 2), stored[0].slice(2, 4), stored[0]));
  assert.equal(sha(blob), stored[0]);

  // The platform key, and the signature checked with node:crypto.
  const key = await fetch(`${srv.url}/api/v1/ricevute/chiave-pubblica`).then((x) => x.json());
  assert.equal(key.chiave_pubblica, ricevuta.chiave_pubblica);
  assert.equal(receiptValid(ricevuta, key.chiave_pubblica), true);
  // Offline: the CLI, valid, then tampered (one character of the content).
  const f = join(tmp, 'ricevuta.json');
  const kf = join(tmp, 'chiave.json');
  writeFileSync(f, JSON.stringify(ricevuta));
  writeFileSync(kf, JSON.stringify(key));
  let v = cli(['ricevuta', 'verifica', f, '--chiave', kf]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /ricevuta valida/);
  const tampered = { ...ricevuta, contenuto: ricevuta.contenuto.replace(`"lotto":1`, `"lotto":2`) };
  assert.notEqual(tampered.contenuto, ricevuta.contenuto);
  writeFileSync(f, JSON.stringify(tampered));
  v = cli(['ricevuta', 'verifica', f, '--chiave', kf]);
  assert.equal(v.status, 1);
  assert.match(v.stderr, /alterata/);
  assert.equal(receiptValid(tampered, key.chiave_pubblica), false);
  // A receipt signed by another key: refused against the platform's.
  writeFileSync(kf, '11'.repeat(32));
  writeFileSync(f, JSON.stringify(ricevuta));
  v = cli(['ricevuta', 'verifica', f, '--chiave', kf]);
  assert.equal(v.status, 1);

  // The operator's receipts list; another operator sees none of them.
  r = await u.op0.call('GET', '/api/v1/sua/ricevute');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.items[0].ricevuta.firma, ricevuta.firma);
  assert.equal((await u.op1.call('GET', '/api/v1/sua/ricevute')).body.items.length, 0);
  assertEnvelope(assert, await u.rup.call('GET', '/api/v1/sua/ricevute'), 403);
});

test('replace and withdraw before the deadline', async () => {
  const base = `/api/v1/sua/gare/${gara}/lotti/1`;
  const c = { ribasso: '8,5', oneri_sicurezza_cents: 1, costo_manodopera_cents: 2 };
  let r = await u.op1.call('POST', `${base}/offerta`, { ragione_sociale: 'Asfalti Spa', buste: { A: {}, C: c } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const first = r.body.offerta;
  r = await u.op1.call('POST', `${base}/offerta`, { ragione_sociale: 'Asfalti Spa', buste: { A: {}, C: { ...c, ribasso: '9' } } });
  assert.equal(r.status, 201);
  assert.equal(JSON.parse(r.body.ricevuta.contenuto).sostituisce, first);
  assert.equal(sql(`SELECT stato FROM sua_offerta WHERE id = ${first}`), 'sostituita');
  assert.equal(count(`sua_offerta WHERE operatore = '${OPS[1]}' AND stato = 'presentata'`), 1);
  // op2 submits, then withdraws.
  r = await u.op2.call('POST', `${base}/offerta`, { ragione_sociale: 'Ponti Snc', buste: { A: {}, C: c } });
  assert.equal(r.status, 201);
  r = await u.op2.call('DELETE', `${base}/offerta`);
  assert.equal(r.status, 200);
  assertEnvelope(assert, await u.op2.call('DELETE', `${base}/offerta`), 404);
  assert.equal(count(`sua_offerta WHERE operatore = '${OPS[2]}' AND stato = 'ritirata'`), 1);
  assert.equal(count(`audit_log WHERE action IN ('sua.offerta.presenta', 'sua.offerta.ritira') AND object_type = 'sua_offerta' AND object_id IN (SELECT CAST(id AS TEXT) FROM sua_offerta WHERE gara_id = ${gara})`), 5);
});

test('double submission: five at once from one operator leave exactly one current bid', async () => {
  const base = `/api/v1/sua/gare/${gara}/lotti/2`;
  const c = { ribasso: '3', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 };
  const rs = await Promise.all([1, 2, 3, 4, 5].map((k) => u.op1.call('POST', `${base}/offerta`, { ragione_sociale: `Asfalti Spa ${k}`, buste: { A: {}, C: c } })));
  for (const r of rs) assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(count(`sua_offerta o JOIN sua_lotto l ON l.id = o.lotto_id WHERE l.numero = 2 AND o.gara_id = ${gara} AND o.operatore = '${OPS[1]}' AND o.stato = 'presentata'`), 1);
  assert.equal(count(`sua_offerta o JOIN sua_lotto l ON l.id = o.lotto_id WHERE l.numero = 2 AND o.gara_id = ${gara} AND o.operatore = '${OPS[1]}' AND o.stato = 'sostituita'`), 4);
  // Each receipt names a distinct bid, and each replaced the one before.
  const contents = rs.map((r) => JSON.parse(r.body.ricevuta.contenuto)).sort((a, b) => a.offerta - b.offerta);
  assert.equal(new Set(contents.map((x) => x.offerta)).size, 5);
  for (let i = 1; i < 5; i++) assert.equal(contents[i].sostituisce, contents[i - 1].offerta);
});

test('before the deadline nobody reads a bid: opening and listings refused', async () => {
  const all = [u.rup, u.capo, u.admin, u.pd, u.comune, u.op0];
  for (const who of all) {
    const r = await who.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'A', custodi: [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[1] }] });
    assert.ok([403, 422].includes(r.status), `${r.status}`);
    const l = await who.call('GET', `/api/v1/sua/gare/${gara}/buste`);
    if (l.status === 200) assert.equal(l.body.offerte, null);
    const d = await who.call('GET', `/api/v1/sua/gare/${gara}/buste/file/${files.aId}`);
    assert.ok([403, 404].includes(d.status));
  }
  assert.equal(count('sua_busta WHERE aperta_at IS NOT NULL OR campi IS NOT NULL'), 0);
  assert.equal(count('sua_busta_file WHERE chiave IS NOT NULL'), 0);
});

test('after the deadline: late bids refused; opening needs k right passphrases', async () => {
  sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 5} WHERE id = ${gara}`);
  const base = `/api/v1/sua/gare/${gara}/lotti/1`;
  const offers = count('sua_offerta');
  let r = await u.op2.call('POST', `${base}/offerta`, { ragione_sociale: 'Ponti Snc', buste: { A: {}, C: { ribasso: '1', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 } } });
  assert.equal(assertEnvelope(assert, r, 422).field, 'termine_offerte');
  r = await upload(srv.url, u.op2, `${base}/buste/A/file`, Buffer.from('tardi'));
  assert.equal(assertEnvelope(assert, r, 422).field, 'termine_offerte');
  assertEnvelope(assert, await u.op1.call('DELETE', `${base}/offerta`), 422);
  assert.equal(count('sua_offerta'), offers);

  const open = (custodi, who = u.rup, busta = 'C') => who.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { busta, custodi });
  // One holder: not enough.
  r = await open([{ user_id: ids.rup, passphrase: PASS[0] }]);
  assert.equal(assertEnvelope(assert, r, 422).field, 'custodi');
  // A wrong passphrase.
  r = await open([{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: 'frase sbagliata ma lunga' }]);
  assert.equal(assertEnvelope(assert, r, 422).field, 'custodi[1]');
  // The same holder twice.
  r = await open([{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.rup, passphrase: PASS[0] }]);
  assertEnvelope(assert, r, 422);
  // Not a holder.
  r = await open([{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.admin, passphrase: PASS[1] }]);
  assert.equal(assertEnvelope(assert, r, 422).field, 'custodi[1]');
  // B on a lowest-price tender; another Province's officer.
  assert.equal(assertEnvelope(assert, await open([], u.rup, 'B'), 400).field, 'custodi');
  assertEnvelope(assert, await open([{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[1] }], u.pd), 403);
  assert.equal(count('sua_busta WHERE aperta_at IS NOT NULL'), 0);
  // Each refused attempt with passphrases is in the audit log (never the
  // passphrases themselves).
  assert.equal(count("audit_log WHERE action = 'sua.offerta.apertura_rifiutata'"), 4);
  for (const p of PASS) assert.equal(count(`audit_log WHERE details LIKE '%${p}%'`), 0);

  // Two of three (by e-mail for one): opened.
  r = await open([{ user_id: ids.terzo, passphrase: PASS[2] }, { email: 'buste-capo@example.org', passphrase: PASS[1] }]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.buste_aperte, 3); // op0 and op1 on lot 1, op1 on lot 2
  const campi = JSON.parse(sql(`SELECT b.campi FROM sua_busta b JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.operatore = '${OPS[0]}' AND b.tipo = 'C'`));
  assert.deepEqual(campi, { ribasso: '12.345', oneri_sicurezza_cents: 150000, costo_manodopera_cents: 9000000 });
  const c1 = JSON.parse(sql(`SELECT b.campi FROM sua_busta b JOIN sua_offerta o ON o.id = b.offerta_id JOIN sua_lotto l ON l.id = o.lotto_id WHERE l.numero = 1 AND o.operatore = '${OPS[1]}' AND o.stato = 'presentata' AND b.tipo = 'C'`));
  assert.equal(c1.ribasso, '9.000');
  // Envelope A is still sealed; its file cannot be downloaded yet.
  assert.equal(count('sua_busta WHERE tipo = \'A\' AND aperta_at IS NOT NULL'), 0);
  assertEnvelope(assert, await u.rup.call('GET', `/api/v1/sua/gare/${gara}/buste/file/${files.aId}`), 404);
  // The C file decrypts intact.
  let d = await fetch(`${srv.url}/api/v1/sua/gare/${gara}/buste/file/${files.cId}`, { headers: { cookie: `av_session=${u.rup.cookie}` } });
  assert.equal(d.status, 200);
  assert.equal(sha(Buffer.from(await d.arrayBuffer())), sha(files.c));
  r = await open([{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[1] }], u.rup, 'A');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  d = await fetch(`${srv.url}/api/v1/sua/gare/${gara}/buste/file/${files.aId}`, { headers: { cookie: `av_session=${u.rup.cookie}` } });
  assert.equal(d.status, 200);
  const got = Buffer.from(await d.arrayBuffer());
  assert.equal(got.length, files.a.length);
  assert.equal(sha(got), sha(files.a));
  assert.equal(d.headers.get('x-content-sha256'), sha(files.a));
  // Another Province's officer and the operator cannot download.
  assertEnvelope(assert, await u.pd.call('GET', `/api/v1/sua/gare/${gara}/buste/file/${files.aId}`), 403);
  assertEnvelope(assert, await u.op0.call('GET', `/api/v1/sua/gare/${gara}/buste/file/${files.aId}`), 403);
  // The officer's list now shows the bids with their opened fields.
  r = await u.rup.call('GET', `/api/v1/sua/gare/${gara}/buste`);
  assert.equal(r.status, 200);
  assert.ok(r.body.offerte.some((o) => o.busta === 'C' && o.campi.ribasso === '12.345'));
  // The opened envelope A lists its file (name and size as uploaded).
  const a0 = r.body.offerte.find((o) => o.busta === 'A' && o.operatore === OPS[0]);
  // (each file also carries its signature check, tests/http/sua-firma.test.mjs)
  assert.deepEqual(a0.file.map(({ id, nome, byte }) => ({ id, nome, byte })), [{ id: files.aId, nome: 'dgue.txt', byte: files.a.length }]);
  assert.equal(count(`audit_log WHERE action = 'sua.offerta.apertura'`), 2);
  // audit verify passes.
  const a = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(a.status, 0, a.stdout + a.stderr);
});

test('OEPV: envelope B exists, C stays sealed until the technical evaluation is closed', async () => {
  const g = await publishedTender(u.rup, { criterio: 'oepv', custodi: [ids.rup, ids.capo, ids.terzo], k: 2, decimali: 2 });
  const base = `/api/v1/sua/gare/${g}/lotti/2`;
  let r = await upload(srv.url, u.op0, `${base}/buste/B/file`, Buffer.from('relazione tecnica'));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await u.op0.call('POST', `${base}/offerta`, { ragione_sociale: 'Strade Srl', buste: { A: {}, C: { ribasso: '3,5', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 } } });
  assert.equal(assertEnvelope(assert, r, 400).field, 'buste.B');
  r = await u.op0.call('POST', `${base}/offerta`, { ragione_sociale: 'Strade Srl', buste: { A: {}, B: { note: 'vedi relazione' }, C: { ribasso: '3,5', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 } } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 5} WHERE id = ${g}`);
  const keys = [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[1] }];
  r = await u.rup.call('POST', `/api/v1/sua/gare/${g}/apertura`, { lotto: 2, busta: 'C', custodi: keys });
  assert.equal(assertEnvelope(assert, r, 422).field, 'busta');
  r = await u.rup.call('POST', `/api/v1/sua/gare/${g}/apertura`, { lotto: 2, busta: 'B', custodi: keys });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.buste_aperte, 1);
  assert.equal(r.body.file, 1);
  // The opened technical file: the commissioner assigned to the tender
  // downloads it intact; another commissioner of the Province, one of
  // another Province and an operator are refused.
  const fb = Number(sql(`SELECT f.id FROM sua_busta_file f JOIN sua_busta b ON b.id = f.busta_id JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.gara_id = ${g} AND b.tipo = 'B'`));
  const get = (who) => fetch(`${srv.url}/api/v1/sua/gare/${g}/buste/file/${fb}`, { headers: { cookie: `av_session=${who.cookie}` } });
  assert.equal((await get(u.comm1)).status, 403); // not assigned yet
  r = await u.rup.call('POST', `/api/v1/sua/gare/${g}/commissari`, { user_id: ids.comm1, presidente: true });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  let d = await get(u.comm1);
  assert.equal(d.status, 200);
  assert.equal(sha(Buffer.from(await d.arrayBuffer())), sha(Buffer.from('relazione tecnica')));
  d = await get(u.comm2);
  assert.equal(d.status, 403);
  assert.match((await d.json()).error.message, /commissione/);
  assert.equal((await get(u.commpd)).status, 403);
  assert.equal((await get(u.op0)).status, 403);
  assert.equal((await get(u.rup)).status, 200);
  sql(`UPDATE sua_lotto SET tecnica_chiusa_at = ${Math.floor(Date.now() / 1000)} WHERE gara_id = ${g} AND numero = 2`);
  r = await u.rup.call('POST', `/api/v1/sua/gare/${g}/apertura`, { lotto: 2, busta: 'C', custodi: keys });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const campi = JSON.parse(sql(`SELECT b.campi FROM sua_busta b JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.gara_id = ${g} AND b.tipo = 'C'`));
  assert.deepEqual(campi, { ribasso: '3.50', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 });
});

test('negotiated procedure: only invited operators bid, under their albo name', async () => {
  sql(EMPTY_ALBO);
  // op0 and op1 in Vicenza's albo, approved; op2 is not in the albo.
  const albo = {};
  for (const k of ['op0', 'op1']) {
    const p = OPS[Number(k[2])];
    const r = await u[k].call('POST', `/api/v1/sua/operatori/${p}/albo`, domanda({ ragione_sociale: `Registro ${k} S.r.l.`, codice_fiscale: p, cpv: ['45233141-9'] }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    albo[k] = r.body.id;
    assert.equal((await u.rup.call('POST', `/api/v1/sua/albo/${r.body.id}/approva`)).status, 200);
  }
  const g = await publishedTender(u.rup, {
    procedura: 'negoziata_senza_bando', custodi: [ids.rup, ids.capo, ids.terzo],
    before: async (id) => {
      let r = await u.rup.call('PUT', `/api/v1/sua/gare/${id}/inviti/criteri`, { cpv: '45233141-9' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      r = await u.rup.call('POST', `/api/v1/sua/gare/${id}/inviti`, { modo: 'selezione', operatori: [OPS[0], OPS[1]] });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    },
  });
  const base = `/api/v1/sua/gare/${g}/lotti/1`;
  const c = { ribasso: '4', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 };
  const before = [count('sua_offerta'), count('sua_busta_file'), count('audit_log')];
  // Not invited: refused, file and bid, nothing stored.
  let r = await upload(srv.url, u.op2, `${base}/buste/A/file`, Buffer.from('non invitato'));
  let e = assertEnvelope(assert, r, 422);
  assert.equal(e.field, 'operatore');
  assert.match(e.message, /invitat/);
  r = await u.op2.call('POST', `${base}/offerta`, { ragione_sociale: 'Ponti Snc', buste: { A: {}, C: c } });
  assert.equal(assertEnvelope(assert, r, 422).field, 'operatore');
  assert.deepEqual([count('sua_offerta'), count('sua_busta_file'), count('audit_log')], before);
  // Invited: the name comes from the approved albo entry, with or without
  // one in the body.
  r = await upload(srv.url, u.op0, `${base}/buste/A/file`, Buffer.from('invitato'));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await u.op0.call('POST', `${base}/offerta`, { buste: { A: {}, C: c } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(JSON.parse(r.body.ricevuta.contenuto).ragione_sociale, 'Registro op0 S.r.l.');
  assert.equal(sql(`SELECT ragione_sociale FROM sua_offerta WHERE id = ${r.body.offerta}`), 'Registro op0 S.r.l.');
  r = await u.op1.call('POST', `${base}/offerta`, { ragione_sociale: 'Nome inventato Spa', buste: { A: {}, C: c } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(JSON.parse(r.body.ricevuta.contenuto).ragione_sociale, 'Registro op1 S.r.l.');
  // A suspended entry no longer names the bid: the body's name does.
  r = await u.rup.call('POST', `/api/v1/sua/albo/${albo.op1}/sospendi`, { motivo: 'DURC irregolare' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await u.op1.call('POST', `${base}/offerta`, { ragione_sociale: 'Asfalti Spa', buste: { A: {}, C: c } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(JSON.parse(r.body.ricevuta.contenuto).ragione_sociale, 'Asfalti Spa');

  // An open procedure: everyone bids; without an albo entry the name is
  // required in the body.
  const aperta = await publishedTender(u.rup, { custodi: [ids.rup, ids.capo, ids.terzo] });
  const offers = count('sua_offerta');
  r = await u.op2.call('POST', `/api/v1/sua/gare/${aperta}/lotti/1/offerta`, { buste: { A: {}, C: c } });
  assert.equal(assertEnvelope(assert, r, 400).field, 'ragione_sociale');
  assert.equal(count('sua_offerta'), offers);
  r = await u.op2.call('POST', `/api/v1/sua/gare/${aperta}/lotti/1/offerta`, { ragione_sociale: 'Ponti Snc', buste: { A: {}, C: c } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(JSON.parse(r.body.ricevuta.contenuto).ragione_sociale, 'Ponti Snc');
});
