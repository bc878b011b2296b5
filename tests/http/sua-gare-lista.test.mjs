// sua-gare-lista.test.mjs - the list GET /api/v1/sua/gare as a range of
// an index (issue 11, docs/internals/lists.md "/sua/gare"), on both
// backends.  Tenders of Vicenza, Padova and Verona are stored interleaved
// (straight into sua_gara: the list reads rows, how they were made does
// not matter here), then:
//  1. an officer of one Province (the statement of one Province, 0058)
//     and an officer of two (the comma-list statement) read their list by
//     `next` (limit 3) and by ?offset=, without and with ?stato=: the same
//     sequence, equal to the model computed here from the stored rows
//     (their Provinces' tenders, newest id first), with an exact total;
//  2. tenders of every Province inserted between two pages: the walk
//     neither skips nor repeats a tender of the list as it was;
//  3. Padova's officer sees none of Vicenza's tenders, a Comune's user and
//     an anonymous caller are refused; a cursor of another stato's list
//     or of another list is a 400 on `after`;
//  4. on SQLite the plan of a page of one Province (the statement's
//     WHERE and ORDER BY, written here) is a range of sua_gara
//     (provincia, id) (or (provincia, stato, id)), with no sort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKEND, api, assertEnvelope, cli, sql as sqlOn, sqlRows, startServer,
} from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const VI = '024';
const PD = '028';
const VR = '023';
const enc = encodeURIComponent;

let srv;
let vi; // sua_officer of Vicenza
let viPd; // sua_officer of Vicenza and Padova
let pd; // sua_officer of Padova
let comune; // a Comune's user of Vicenza

const STATI = ['bozza', 'pubblicata', 'chiusa', 'annullata'];
let made = 0;

// n tenders, the Provinces and states in turn; returns nothing (ids are read back).
function insert(n, provs) {
  const rows = [];
  for (let i = 0; i < n; i++, made++) {
    const p = provs[made % provs.length];
    const s = STATI[made % STATI.length];
    rows.push(`('${p}', '${s}', 'Gara di prova ${made}', 'servizi', 0, 1700000000, 1700000000)`);
  }
  sqlOn(srv.db, 'INSERT INTO sua_gara (provincia, stato, oggetto, tipo, versione, created, updated) VALUES '
    + `${rows.join(', ')};`);
}

// The model: the tenders of these Provinces (and stato), newest first.
function model(provs, stato) {
  const inList = provs.map((p) => `'${p}'`).join(', ');
  return sqlRows(srv.db, `SELECT id FROM sua_gara WHERE provincia IN (${inList})`
    + `${stato ? ` AND stato = '${stato}'` : ''} ORDER BY id DESC`).map((r) => Number(r.id));
}

before(async () => {
  srv = await startServer({ web: false });
  addUser(srv.db, 'lista.vi@example.org', 'sua_officer', `provincia:${VI}`);
  const id = addUser(srv.db, 'lista.vipd@example.org', 'sua_officer', `provincia:${VI}`);
  assert.ok(id > 0);
  addUser(srv.db, 'lista.pd@example.org', 'sua_officer', `provincia:${PD}`);
  addUser(srv.db, 'lista.comune@example.org', 'comune', 'comune:024116');
  const r = cli(['user', 'grant', '--db', srv.db, '--email', 'lista.vipd@example.org',
    '--role', 'sua_officer', '--ente', `provincia:${PD}`]);
  assert.equal(r.status, 0, r.stderr);
  insert(40, [VI, PD, VR, VI, PD]);
  vi = await login(srv.url, 'lista.vi@example.org');
  viPd = await login(srv.url, 'lista.vipd@example.org');
  pd = await login(srv.url, 'lista.pd@example.org');
  comune = await login(srv.url, 'lista.comune@example.org');
});
after(async () => { await srv.stop(); });

// The whole list by `next`; between(n) runs after page n (1-based).
async function byCursor(who, query, limit, between = () => {}) {
  const ids = [];
  let cur = null;
  let total = null;
  for (let n = 1; ; n++) {
    assert.ok(n < 200, 'walk without end');
    const r = await who.call('GET', `/api/v1/sua/gare?limit=${limit}${query}${cur ? `&after=${enc(cur)}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (total === null) total = r.body;
    ids.push(...r.body.items.map((x) => x.id));
    if (r.body.next === null) break;
    assert.equal(r.body.items.length, limit, 'a page with next is full');
    cur = r.body.next;
    between(n);
  }
  return { ids, first: total };
}

async function byOffset(who, query, limit) {
  const ids = [];
  for (let off = 0; ; off += limit) {
    const r = await who.call('GET', `/api/v1/sua/gare?limit=${limit}&offset=${off}${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    ids.push(...r.body.items.map((x) => x.id));
    if (r.body.next === null) break;
  }
  return ids;
}

test('one Province and two: by cursor, by offset and the model agree, with and without stato', async () => {
  for (const [who, provs] of [[vi, [VI]], [viPd, [VI, PD]], [pd, [PD]]]) {
    for (const stato of [null, ...STATI]) {
      const q = stato ? `&stato=${stato}` : '';
      const want = model(provs, stato);
      assert.ok(want.length > 0, `${provs} ${stato}: the data have rows`);
      const cur = await byCursor(who, q, 3);
      assert.deepEqual(cur.ids, want, `${provs} ${stato}: by cursor`);
      assert.equal(cur.first.total, want.length);
      assert.equal(cur.first.total_esatto, true);
      assert.deepEqual(await byOffset(who, q, 3), want, `${provs} ${stato}: by offset`);
    }
  }
});

test('tenders inserted between pages: none of the list skipped or repeated', async () => {
  for (const [who, provs] of [[vi, [VI]], [viPd, [VI, PD]]]) {
    for (const stato of [null, 'bozza']) {
      const q = stato ? `&stato=${stato}` : '';
      const want = model(provs, stato);
      const { ids } = await byCursor(who, q, 3, () => insert(2, [VI, PD, VR]));
      // New tenders have larger ids: they sort before the cursor.
      assert.deepEqual(ids, want, `${provs} ${stato}: walk across inserts`);
    }
  }
});

test('scope: another Province, a Comune, anonymous; foreign cursors are a 400 on after', async () => {
  const viIds = new Set(model([VI]));
  const p = await byCursor(pd, '', 5);
  assert.ok(p.ids.length > 0);
  assert.ok(p.ids.every((id) => !viIds.has(id)), 'Padova sees none of Vicenza\'s');
  const c = await comune.call('GET', '/api/v1/sua/gare');
  assert.equal(c.status, 403);
  assert.ok(!JSON.stringify(c.body).includes('Gara di prova'));
  const anon = await api(srv.url, '/api/v1/sua/gare');
  assert.equal(anon.status, 401);
  const bozze = await vi.call('GET', '/api/v1/sua/gare?limit=2&stato=bozza');
  assert.ok(bozze.body.next);
  const wrong = await vi.call('GET', `/api/v1/sua/gare?limit=2&after=${enc(bozze.body.next)}`);
  assertEnvelope(assert, wrong, 400);
  assert.equal(wrong.body.error.field, 'after');
  const comuni = await api(srv.url, '/api/v1/comuni?limit=2');
  const foreign = await vi.call('GET', `/api/v1/sua/gare?limit=2&after=${enc(comuni.body.next)}`);
  assertEnvelope(assert, foreign, 400);
  assert.equal(foreign.body.error.field, 'after');
});

test('SQLite: the page of one Province is a range of an index, not a scan', { skip: BACKEND !== 'sqlite' }, () => {
  const page = (stato) => 'EXPLAIN QUERY PLAN SELECT g.id FROM sua_gara g WHERE g.provincia = \'024\''
    + `${stato ? ' AND g.stato = \'bozza\'' : ''} AND g.id < 9223372036854775807 ORDER BY g.id DESC LIMIT 11`;
  const plan = (stato) => sqlOn(srv.db, page(stato)); // sqlite3's tree of the plan
  assert.match(plan(false), /SEARCH g USING (COVERING )?INDEX sua_gara_provincia_id \(provincia=\? AND id<\?\)/);
  assert.match(plan(true), /SEARCH g USING (COVERING )?INDEX sua_gara_provincia \(provincia=\? AND stato=\? AND id<\?\)/);
  assert.doesNotMatch(plan(false) + plan(true), /TEMP B-TREE/);
});
