// liste-moduli.test.mjs - the lists of the EU-funding, data and albo
// modules on the one list pattern (docs/internals/lists.md "Every list",
// issue 11), table-driven as liste-pattern.test.mjs: for each route, with
// the role that may read it,
//  - the pages by cursor (?after= the previous page's "next") cover exactly
//    the rows of one big page, in its order, and so do the pages by offset;
//  - rows inserted between two pages: none skipped, none repeated;
//  - the envelope: total, total_esatto, total_tipo, limit, offset, next;
//  - a malformed cursor, another list's cursor, a cursor made with other
//    filters (another call, Comune, esito), after with offset, bad limits
//    and offsets: 400 with the field.
// The rows are seeded by SQL written the same for both backends, or through
// the API where the row needs its file (an albo document).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, sql, sqlRows } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const COMUNE = '024116';
const PIVA = '01234567897'; // the demo's operator, in Vicenza's albo
const now = () => Math.floor(Date.now() / 1000);
let srv;
const who = {};
const uid = {};
let seq = 0;
let bando = 0;
let bando2 = 0;
let albo = 0;
let day = 0;
let esito = ''; // the commonest verdict on the call, for the filtered list

async function get(client, path) {
  if (!client) return api(srv.url, path);
  return client.call('GET', path);
}

const pdf = (marker) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

const insert = {
  ricerca() {
    const t = now();
    sql(srv.db, `INSERT INTO eu_ricerca (comune, user_id, nome, created, avvisato_fino)
      VALUES ('${COMUNE}', ${uid.comune}, 'Ricerca ${++seq}', ${t}, ${t})`);
  },
  // The next call not yet marked by the Comune.
  nonPertinente() {
    const [{ id }] = sqlRows(srv.db, `SELECT MIN(id) AS id FROM eu_bando WHERE id NOT IN
      (SELECT bando_id FROM eu_non_pertinente WHERE comune = '${COMUNE}')`);
    sql(srv.db, `INSERT INTO eu_non_pertinente (comune, bando_id, user_id, created)
      VALUES ('${COMUNE}', ${id}, ${uid.comune}, ${now()})`);
  },
  // A digest of one more day (one per Comune and day), days apart.
  digest() {
    const d = new Date(Date.UTC(2026, 0, 5) + 7 * 86400000 * (++day)).toISOString().slice(0, 10);
    sql(srv.db, `INSERT INTO eu_digest (comune, data, creato, nuovi, modificati, in_scadenza, destinatari, html)
      VALUES ('${COMUNE}', '${d}', ${now()}, 1, 0, 0, '[]', '<p>prova</p>')`);
  },
  // A campaign of Vicenza addressed to the Comune.
  campagna() {
    const t = now();
    sql(srv.db, `INSERT INTO dati_campagna (provincia, titolo, scopo, schema_json, scadenza, scadenza_at, created, modified)
      VALUES ('024', 'Raccolta ${++seq}', 'Prova', '{"fields":[]}', '2027-12-31', ${t + 86400 * 365}, ${t}, ${t});
      INSERT INTO dati_campagna_comune (campagna_id, comune)
      SELECT MAX(id), 'comune:${COMUNE}' FROM dati_campagna;`);
  },
  async documento() {
    const fd = new FormData();
    fd.append('tipo', 'altro');
    fd.append('file', new Blob([pdf(`doc ${++seq}`)], { type: 'application/pdf' }), `doc-${seq}.pdf`);
    const r = await fetch(`${srv.url}/api/v1/sua/albo/${albo}/documenti`, {
      method: 'POST', headers: { cookie: `av_session=${who.operator.cookie}`, 'x-csrf-token': who.operator.csrf }, body: fd,
    });
    assert.equal(r.status, 201, await r.text());
  },
};

before(async () => {
  srv = await startServer();
  const users = {
    sape: ['sape_officer', 'provincia:024'],
    comune: ['comune', `comune:${COMUNE}`],
    dati: ['data_officer', 'provincia:024'],
    operator: ['operator', `operatore:${PIVA}`],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    const email = `liste-moduli.${k}.${process.pid}@example.org`;
    uid[k] = addUser(srv.db, email, role, ente);
    who[k] = await login(srv.url, email);
  }
  for (const [k, titolo] of [['b1', 'Bando di prova per le liste'], ['b2', 'Secondo bando di prova']]) {
    const r = await who.sape.call('POST', '/api/v1/bandi', { chiave_fonte: `liste-${k}-${process.pid}`, titolo, stato: 'aperto' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    if (k === 'b1') bando = r.body.id; else bando2 = r.body.id;
  }
  const amm = await who.sape.call('GET', `/api/v1/bandi/${bando}/ammissibilita?provincia=VI&limit=1000`);
  assert.equal(amm.status, 200, JSON.stringify(amm.body));
  const n = {};
  for (const i of amm.body.items) n[i.esito] = (n[i.esito] ?? 0) + 1;
  esito = Object.keys(n).sort((a, b) => n[b] - n[a])[0];
  assert.ok(n[esito] >= 3, JSON.stringify(n));
  [{ id: albo }] = sqlRows(srv.db, `SELECT id FROM sua_albo WHERE partita_iva = '${PIVA}' AND provincia = '024'`);
  for (let i = 0; i < 5; i++) {
    insert.ricerca();
    insert.nonPertinente();
    insert.digest();
    insert.campagna();
    await insert.documento();
  }
});
after(async () => { await srv.stop(); });

// path: with its filters; as: who reads; key: an item's identity; big: the
// one big page's limit; other: the same list with other filters; add: a row.
const ROUTES = [
  { path: `/api/v1/comuni/${COMUNE}/ricerche`, as: 'comune', key: (i) => i.id, add: 'ricerca', other: '/api/v1/comuni/024001/ricerche', otherAs: 'sape' },
  { path: `/api/v1/comuni/${COMUNE}/non-pertinenti`, as: 'comune', big: 500, key: (i) => i.bando_id, add: 'nonPertinente', other: '/api/v1/comuni/024001/non-pertinenti', otherAs: 'sape' },
  { path: `/api/v1/comuni/${COMUNE}/digests`, as: 'comune', key: (i) => i.id, add: 'digest', other: '/api/v1/comuni/024001/digests', otherAs: 'sape' },
  { path: () => `/api/v1/bandi/${bando}/ammissibilita?provincia=VI`, as: 'sape', big: 1000, key: (i) => i.codice_istat, other: () => `/api/v1/bandi/${bando2}/ammissibilita?provincia=VI` },
  { path: () => `/api/v1/bandi/${bando}/ammissibilita?provincia=VI&esito=${esito}`, as: 'sape', big: 1000, key: (i) => i.codice_istat, other: () => `/api/v1/bandi/${bando}/ammissibilita?provincia=VI` },
  { path: `/api/v1/comuni/${COMUNE}/bandi`, as: 'comune', big: 1000, key: (i) => i.bando_id, other: '/api/v1/comuni/024001/bandi', otherAs: 'sape' },
  { path: '/api/v1/dati/province/024/campagne', as: 'dati', key: (i) => i.id, add: 'campagna' },
  { path: `/api/v1/dati/comuni/${COMUNE}/campagne`, as: 'comune', key: (i) => i.id, add: 'campagna', other: '/api/v1/dati/comuni/024001/campagne', otherAs: 'dati' },
  { path: () => `/api/v1/sua/albo/${albo}/documenti`, as: 'operator', big: 50, key: (i) => i.id, add: 'documento' },
  { path: '/api/v1/bandi?stato=previsto', key: (i) => i.id, other: '/api/v1/bandi?stato=chiuso' },
];

const pathOf = (p) => (typeof p === 'function' ? p() : p);
const withq = (path, q) => `${path}${path.includes('?') ? '&' : '?'}${q}`;
const label = (r) => (typeof r.path === 'function' ? r.path.toString().replace(/^\(\) => /, '') : r.path);

function checkEnvelope(body, path) {
  for (const k of ['items', 'total', 'total_esatto', 'total_tipo', 'limit', 'offset', 'next'])
    assert.ok(k in body, `${path}: ${k} missing`);
  assert.ok(['esatto', 'minimo', 'stima'].includes(body.total_tipo), `${path}: total_tipo ${body.total_tipo}`);
  assert.equal(body.total_esatto, body.total_tipo === 'esatto', `${path}: total_esatto and total_tipo`);
}

async function walk(client, r, limit, onFirst) {
  const path = pathOf(r.path);
  const keys = [];
  let page = await get(client, withq(path, `limit=${limit}`));
  for (let n = 0; ; n++) {
    assert.equal(page.status, 200, `${path}: ${JSON.stringify(page.body)}`);
    checkEnvelope(page.body, path);
    const items = page.body.items;
    assert.ok(items.length <= limit);
    keys.push(...items.map(r.key));
    if (!page.body.next) break;
    assert.equal(items.length, limit, `${path}: a page before the last is full`);
    if (n === 0 && onFirst) await onFirst();
    assert.ok(n < 2000, 'the walk ends');
    page = await get(client, withq(path, `limit=${limit}&after=${encodeURIComponent(page.body.next)}`));
  }
  return keys;
}

for (const r of ROUTES) {
  test(`${label(r)} (${r.as ?? 'anonimo'}): cursor pages = one big page = offset pages`, async () => {
    const client = r.as ? who[r.as] : null;
    const path = pathOf(r.path);
    const big = await get(client, withq(path, `limit=${r.big ?? 100}`));
    assert.equal(big.status, 200, JSON.stringify(big.body));
    checkEnvelope(big.body, path);
    const all = big.body.items.map(r.key);
    assert.ok(all.length >= 3, `${path}: rows to walk: ${all.length}`);
    assert.equal(big.body.next, null, `${path}: the big page holds every row`);
    if (big.body.total_tipo === 'esatto') assert.equal(big.body.total, all.length);
    assert.equal(new Set(all).size, all.length, `${path}: no key twice`);
    const limit = all.length > 30 ? 7 : all.length > 6 ? 3 : 2;
    assert.deepEqual(await walk(client, r, limit), all, `${path}: by cursor`);
    const byOffset = [];
    for (let off = 0; off < all.length; off += limit) {
      const p = await get(client, withq(path, `limit=${limit}&offset=${off}`));
      assert.equal(p.status, 200);
      assert.equal(p.body.offset, off);
      byOffset.push(...p.body.items.map(r.key));
    }
    assert.deepEqual(byOffset, all, `${path}: by offset`);
  });

  test(`${label(r)}: bad cursors and limits are a 400 with the field`, async () => {
    const client = r.as ? who[r.as] : null;
    const path = pathOf(r.path);
    const field = async (q, f) => {
      const res = await get(client, withq(path, q));
      const e = assertEnvelope(assert, res, 400);
      assert.equal(e.field, f, `${path}?${q}: ${JSON.stringify(res.body)}`);
    };
    await field('after=non-un-cursore!', 'after');
    await field('after=QUJD', 'after');
    const otherList = (await api(srv.url, '/api/v1/regioni?limit=1')).body.next;
    assert.ok(otherList);
    await field(`after=${encodeURIComponent(otherList)}`, 'after');
    if (r.other) {
      const oc = r.otherAs ? who[r.otherAs] : client;
      const o = await get(oc, withq(pathOf(r.other), 'limit=1'));
      assert.equal(o.status, 200, JSON.stringify(o.body));
      // Another list's rows, or none: a cursor made by hand for it.
      const p1 = await get(client, withq(path, 'limit=1'));
      assert.ok(p1.body.next, `${path}: a next page`);
      if (o.body.next) await field(`limit=1&after=${encodeURIComponent(o.body.next)}`, 'after');
      // ... and this list's cursor on the other: refused there too.
      const back = await get(oc, withq(pathOf(r.other), `limit=1&after=${encodeURIComponent(p1.body.next)}`));
      const e = assertEnvelope(assert, back, 400);
      assert.equal(e.field, 'after');
    }
    await field('limit=0', 'limit');
    await field('limit=100000', 'limit');
    await field('limit=-1', 'limit');
    await field('limit=due', 'limit');
    await field('offset=-1', 'offset');
    await field('offset=99999999', 'offset');
    const p1 = await get(client, withq(path, 'limit=1'));
    assert.equal(p1.status, 200);
    if (p1.body.next) await field(`offset=1&after=${encodeURIComponent(p1.body.next)}`, 'after');
  });

  if (r.add) {
    test(`${label(r)}: rows inserted between two pages, none skipped or repeated`, async () => {
      const client = r.as ? who[r.as] : null;
      const path = pathOf(r.path);
      const before = (await get(client, withq(path, `limit=${r.big ?? 100}`))).body.items.map(r.key);
      assert.ok(before.length >= 3, `${path}: ${before.length} rows`);
      const seen = await walk(client, r, 2, async () => { await insert[r.add](); await insert[r.add](); });
      assert.equal(new Set(seen).size, seen.length, `${path}: a row repeated: ${seen}`);
      for (const k of before) assert.ok(seen.includes(k), `${path}: row ${k} skipped`);
      const afterAll = (await get(client, withq(path, `limit=${r.big ?? 100}`))).body.items.map(r.key);
      assert.equal(afterAll.length, before.length + 2, `${path}: the two rows were added`);
      const pos = seen.map((k) => afterAll.indexOf(k));
      assert.ok(pos.every((p, i) => p >= 0 && (i === 0 || p > pos[i - 1])), `${path}: order ${pos}`);
    });
  }
}

test('the campaigns: another Province\'s officer and another Comune are refused, nothing leaked', async () => {
  addUser(srv.db, `liste-moduli.pd.${process.pid}@example.org`, 'data_officer', 'provincia:028');
  const pd = await login(srv.url, `liste-moduli.pd.${process.pid}@example.org`);
  addUser(srv.db, `liste-moduli.c2.${process.pid}@example.org`, 'comune', 'comune:024001');
  const c2 = await login(srv.url, `liste-moduli.c2.${process.pid}@example.org`);
  for (const [client, path] of [[pd, '/api/v1/dati/province/024/campagne'], [c2, `/api/v1/dati/comuni/${COMUNE}/campagne`],
    [null, '/api/v1/dati/province/024/campagne'], [who.comune, '/api/v1/dati/province/024/campagne']]) {
    const res = await get(client, withq(path, 'limit=1'));
    assert.ok([401, 403, 404].includes(res.status), `${path}: ${res.status}`);
    assert.ok(!JSON.stringify(res.body).includes('Raccolta 1'), `${path}: nothing leaked`);
  }
  // The other Province's own list is empty, and a Vicenza cursor is refused there.
  const own = await pd.call('GET', '/api/v1/dati/province/028/campagne');
  assert.equal(own.status, 200);
  assert.equal(own.body.total, 0);
  const p1 = await who.dati.call('GET', '/api/v1/dati/province/024/campagne?limit=1');
  const res = await pd.call('GET', `/api/v1/dati/province/028/campagne?after=${encodeURIComponent(p1.body.next)}`);
  assert.equal(assertEnvelope(assert, res, 400).field, 'after');
});
