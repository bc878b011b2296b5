// sua-riservatezza.test.mjs - confidentiality of sealed bids (issue 13,
// "Confidentiality"): before the deadline every bid route, as every role
// (admin included) and anonymous, refuses the contents; a marker string in
// a submitted file and in an envelope's fields appears nowhere in the data
// directory or the database (files grepped byte by byte, the database
// dumped: sqlite3 .dump or pg_dump); an attacker with the database, the
// data directory and the server's key file, serving them on a server of
// its own with the deadline moved, still cannot open the bids with fewer
// than k passphrases; after the deadline, with k passphrases, the same
// file decrypts intact (SHA-256 equal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn, sqlDump, SHARED, BACKEND } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { PASS, piva, publishedTender, upload } from '../lib/buste.mjs';

const VI = 'provincia:024';
const MARKER = `MARCATORE-RISERVATO-${randomBytes(8).toString('hex')}`;
// The sealed discount as text, but not the seconds of a timestamp
// ("…:21.125431Z" in the audit log or a PostgreSQL time: digit, colon).
const DISCOUNT = /(?<!\d:)21[.,]125/;
const NOTE_MARKER = `NOTA-RISERVATA-${randomBytes(8).toString('hex')}`;
const sha = (b) => createHash('sha256').update(b).digest('hex');
let srv;
const u = {};
const ids = {};
let gara;
let fileId;
let content;
const OP = piva(2234567001);

function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const s = statSync(p);
    if (s.isDirectory()) out.push(...filesUnder(p));
    else if (s.isFile()) out.push(p);
  }
  return out;
}

// Every file of the data directory (and the SQLite files) read as bytes.
function markerOnDisk(marker) {
  const hits = [];
  for (const f of filesUnder(srv.dir)) if (readFileSync(f).includes(marker)) hits.push(f);
  return hits;
}

before(async () => {
  srv = await startServer({ web: false });
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  const people = [
    ['rup', 'sua_officer', VI], ['capo', 'sua_officer', VI], ['terzo', 'sua_officer', VI],
    ['pd', 'sua_officer', 'provincia:028'], ['admin', 'admin', VI], ['comm', 'commissioner', VI],
    ['comune', 'comune', 'comune:024116'], ['op', 'operator', `operatore:${OP}`],
    ['altro', 'operator', `operatore:${piva(2234567002)}`],
  ];
  for (const [k, role, ente] of people) ids[k] = addUser(srv.db, `ris-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `ris-${k}@example.org`);
  for (const [i, k] of ['rup', 'capo', 'terzo'].entries()) {
    const e = await u[k].call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[i] });
    assert.equal(e.status, 200);
  }
  gara = await publishedTender(u.rup, { custodi: [ids.rup, ids.capo, ids.terzo], k: 2 });
  // ~300 KB: several secretstream chunks, the marker in the middle and at both ends.
  content = Buffer.concat([Buffer.from(MARKER), randomBytes(150000), Buffer.from(`\n${MARKER}\n`), Buffer.alloc(150000, 32), Buffer.from(MARKER)]);
  const up = await upload(srv.url, u.op, `/api/v1/sua/gare/${gara}/lotti/1/buste/A/file`, content, `${MARKER}.bin`);
  assert.equal(up.status, 201, JSON.stringify(up.body));
  fileId = up.body.id;
  const s = await u.op.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/offerta`, {
    ragione_sociale: 'Riservata Srl',
    buste: { A: { note: NOTE_MARKER }, C: { ribasso: '21,125', oneri_sicurezza_cents: 1, costo_manodopera_cents: 2 } },
  });
  assert.equal(s.status, 201, JSON.stringify(s.body));
});
after(async () => { await srv.stop(); });

test('before the deadline every bid route refuses the contents, as every role and anonymous', async () => {
  const anon = { call: (m, p, b) => fetch(srv.url + p, { method: m, headers: b ? { 'content-type': 'application/json' } : {}, body: b ? JSON.stringify(b) : undefined }).then(async (r) => ({ status: r.status, body: await r.text() })) };
  const keys = [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[1] }];
  const who = { admin: u.admin, rup: u.rup, capo: u.capo, pd: u.pd, comm: u.comm, comune: u.comune, op: u.op, altro: u.altro, anon };
  const routes = [
    ['GET', `/api/v1/sua/gare/${gara}/buste`],
    ['GET', `/api/v1/sua/gare/${gara}/buste/file/${fileId}`],
    ['POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'A', custodi: keys }],
    ['POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'C', custodi: keys }],
    ['GET', '/api/v1/sua/ricevute'],
    ['GET', `/api/v1/gare/${gara}/riservatezza`],
    ['GET', `/api/v1/sua/gare/${gara}`],
    ['GET', `/api/v1/gare/${gara}`],
  ];
  for (const [name, w] of Object.entries(who)) {
    for (const [m, p, b] of routes) {
      const r = await w.call(m, p, b);
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      assert.ok(!text.includes(MARKER) && !text.includes(NOTE_MARKER), `${name} ${m} ${p} leaked`);
      assert.ok(!DISCOUNT.test(text), `${name} ${m} ${p} leaked the discount`);
      if (p.includes('/apertura')) assert.ok([401, 403, 422].includes(r.status), `${name} ${p}: ${r.status}`);
      if (p.includes('/buste/file/')) assert.ok([401, 403, 404].includes(r.status), `${name} ${p}: ${r.status}`);
      if (p.endsWith('/buste') && r.status === 200) assert.equal(r.body.offerte, null);
    }
  }
  assert.equal(Number(sqlOn(srv.db, 'SELECT COUNT(*) FROM sua_busta WHERE campi IS NOT NULL OR aperta_at IS NOT NULL').trim()), 0);
});

test('the marker appears nowhere in the data directory or the database', () => {
  assert.deepEqual(markerOnDisk(MARKER), []);
  assert.deepEqual(markerOnDisk(NOTE_MARKER), []);
  const dump = sqlDump(srv.db);
  assert.ok(dump.length > 10000);
  assert.ok(!dump.includes(MARKER), 'file marker in the database dump');
  assert.ok(!dump.includes(NOTE_MARKER), 'field marker in the database dump');
  assert.ok(!DISCOUNT.test(dump));
  // Not even the plaintext's digest: the stored sha256 is the ciphertext's.
  assert.ok(!dump.includes(sha(content)));
  // The blob on disk is the ciphertext the receipt names.
  const stored = sqlOn(srv.db, `SELECT sha256 FROM sua_busta_file WHERE id = ${fileId}`).trim();
  const blob = readFileSync(join(srv.dir, 'blobs', stored.slice(0, 2), stored.slice(2, 4), stored));
  assert.equal(sha(blob), stored);
  assert.ok(blob.length > content.length);
});

test('with the database, the data directory and the key file but fewer than k passphrases, nothing decrypts', async () => {
  // The attacker: on SQLite a server of its own on a copy of the database
  // and the key file beside it (the blobs it would need are the same
  // files); on PostgreSQL the live database itself.  Deadline moved.
  const evil = BACKEND === 'sqlite' ? await startServer({ web: false, db: srv.db }) : null;
  try {
    const target = evil || srv;
    sqlOn(target.db, `UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 10} WHERE id = ${gara}`);
    const officer = await login(target.url, 'ris-rup@example.org');
    const tries = [
      [{ user_id: ids.rup, passphrase: PASS[0] }],
      [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.capo, passphrase: PASS[0] }],
      [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.terzo, passphrase: 'indovinata a caso 12345' }],
      [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.rup, passphrase: PASS[0] }],
      [{ user_id: ids.rup, passphrase: PASS[0] }, { user_id: ids.admin, passphrase: PASS[1] }],
    ];
    for (const custodi of tries) {
      const r = await officer.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'A', custodi });
      assert.equal(r.status, 422, JSON.stringify(r.body));
    }
    assert.equal(Number(sqlOn(target.db, 'SELECT COUNT(*) FROM sua_busta WHERE campi IS NOT NULL').trim()), 0);
    assert.equal(Number(sqlOn(target.db, 'SELECT COUNT(*) FROM sua_busta_file WHERE chiave IS NOT NULL').trim()), 0);
    const d = await officer.call('GET', `/api/v1/sua/gare/${gara}/buste/file/${fileId}`);
    assert.equal(d.status, 404);
    // No CLI command decrypts: the command list names none.
    const help = cli(['--help']);
    assert.ok(!/apri|decifra|apertura/i.test(help.stdout + help.stderr));
  } finally {
    if (evil) await evil.stop();
  }
});

test('after the deadline, with k passphrases, the same content decrypts intact', async () => {
  sqlOn(srv.db, `UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 10} WHERE id = ${gara}`);
  // A restarted server (nothing of the publication left in memory).
  await srv.kill();
  srv = await startServer({ web: false, reuse: srv.db });
  u.rup = await login(srv.url, 'ris-rup@example.org');
  const r = await u.rup.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'A', custodi: [{ user_id: ids.capo, passphrase: PASS[1] }, { user_id: ids.terzo, passphrase: PASS[2] }] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const d = await fetch(`${srv.url}/api/v1/sua/gare/${gara}/buste/file/${fileId}`, { headers: { cookie: `av_session=${u.rup.cookie}` } });
  assert.equal(d.status, 200);
  const got = Buffer.from(await d.arrayBuffer());
  assert.equal(sha(got), sha(content));
  assert.ok(got.includes(MARKER));
  const campi = JSON.parse(sqlOn(srv.db, `SELECT campi FROM sua_busta WHERE tipo = 'A'`).trim());
  assert.equal(campi.note, NOTE_MARKER);
  // Envelope C is still sealed: the discount is not in the database yet.
  assert.ok(!DISCOUNT.test(sqlDump(srv.db)));
  const a = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(a.status, 0, a.stdout + a.stderr);
});
