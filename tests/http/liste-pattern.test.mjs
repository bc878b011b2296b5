// liste-pattern.test.mjs - every list route of the API on the one list
// pattern (docs/internals/lists.md, issue 11), table-driven: for each route,
// with the role that may read it,
//  - the pages by cursor (?after= the previous page's "next") cover exactly
//    the rows of one big page, in its order, and so do the pages by offset;
//  - a row inserted between two pages is neither skipped nor makes another
//    row repeat, and every row there before is still seen once;
//  - the envelope: total, total_esatto, total_tipo (esatto | minimo |
//    stima, total_esatto exactly when esatto), limit, offset, next;
//  - a malformed cursor, another list's cursor, a cursor made with other
//    filters, after with offset, limit 0 and limit 100000: 400 with the
//    field, on both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, sql, sqlRows } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const PIVA = '01234567897'; // the demo's operator: offers, invitations, albo
const now = () => Math.floor(Date.now() / 1000);
let srv;
const who = {};
const uid = {};
let seq = 0;

// GET as the given client (null: anonymous); {status, body}.
async function get(client, path) {
  if (!client) return api(srv.url, path);
  return client.call('GET', path);
}

before(async () => {
  srv = await startServer();
  const users = {
    admin: ['admin', 'provincia:024'],
    sua: ['sua_officer', 'provincia:024'],
    operator: ['operator', `operatore:${PIVA}`],
    comune: ['comune', 'comune:024116'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    const email = `liste.${k}.${process.pid}@example.org`;
    uid[k] = addUser(srv.db, email, role, ente);
    who[k] = await login(srv.url, email);
  }
  // Rows enough for several pages of 2 in the lists the demo keeps short.
  for (let i = 0; i < 5; i++) {
    insert.notifiche();
    insert.tokens();
    insert.chiarimenti();
    insert.verbali();
  }
  // The operator's bids on the demo's other lots, its invitations to the
  // other tenders, its entries in other Provinces' albo.
  const t = now();
  const lots = sqlRows(srv.db, `SELECT id, gara_id FROM sua_lotto WHERE id NOT IN
    (SELECT lotto_id FROM sua_offerta WHERE operatore = '${PIVA}') ORDER BY id`);
  for (const { id: l, gara_id: g } of lots.slice(0, 4)) {
    sql(srv.db, `INSERT INTO sua_offerta (gara_id, lotto_id, operatore, ragione_sociale, stato, presentata_at)
      VALUES (${g}, ${l}, '${PIVA}', 'Impresa di prova', 'presentata', ${t})`);
  }
  const gare = sqlRows(srv.db, `SELECT id FROM sua_gara WHERE id NOT IN
    (SELECT gara_id FROM sua_invito WHERE partita_iva = '${PIVA}') ORDER BY id`);
  for (const { id: g } of gare.slice(0, 3)) insert.invito(g);
  for (const p of ['028', '015', '001']) insert.albo(p);
  for (let i = 0; i < 3; i++) await insert.richiesta();
});
after(async () => { await srv.stop(); });

// One new row of each list seeded here, by SQL (the same on both backends).
const insert = {
  notifiche() {
    sql(srv.db, `INSERT INTO notifica (user_id, oggetto, testo, created)
      VALUES (${uid.sua}, 'Avviso ${++seq}', 'Testo', ${now()})`);
  },
  tokens() {
    sql(srv.db, `INSERT INTO api_token (token_hash, user_id, name, prefix, created)
      VALUES ('hash-${process.pid}-${++seq}', ${uid.operator}, 'token ${seq}', 'avt_${seq}', ${now()})`);
  },
  chiarimenti() {
    sql(srv.db, `INSERT INTO sua_chiarimento (gara_id, domanda, chiesto_at)
      VALUES (1, 'Domanda ${++seq}', ${now()})`);
  },
  verbali() {
    sql(srv.db, `INSERT INTO sua_verbale (gara_id, provincia, titolo, sha256, size, pagine, created)
      VALUES (1, '024', 'Verbale ${++seq}', '${'a'.repeat(64)}', 10, 1, ${now()})`);
  },
  invito(g) {
    sql(srv.db, `INSERT INTO sua_invito (gara_id, albo_id, partita_iva, modo, ordine, created)
      VALUES (${g}, 1, '${PIVA}', 'selezione', ${++seq}, ${now()})`);
  },
  albo(p) {
    const t = now();
    sql(srv.db, `INSERT INTO sua_albo (provincia, partita_iva, codice_fiscale, ragione_sociale, pec,
      comune, indirizzo, legale_nome, legale_cf, stato, created, updated)
      VALUES ('${p}', '${PIVA}', '${PIVA}', 'Impresa di prova', 'impresa@pec.example.org',
      '${p}001', 'Via Roma 1', 'Mario Rossi', 'RSSMRA85T10A562S', 'approvato', ${t}, ${t})`);
  },
  // A bid on a new lot of tender 1 (one bid per lot and operator).
  offerta() {
    const t = now();
    sql(srv.db, `INSERT INTO sua_lotto (gara_id, numero, oggetto, cpv, importo_cents, comune)
      SELECT 1, MAX(numero) + 1, 'Lotto di prova', '79713000-5', 100000, '024116' FROM sua_lotto WHERE gara_id = 1;
      INSERT INTO sua_offerta (gara_id, lotto_id, operatore, ragione_sociale, stato, presentata_at)
      SELECT 1, MAX(id), '${PIVA}', 'Impresa di prova', 'presentata', ${t} FROM sua_lotto;`);
  },
  // An invitation to a new draft tender (one per tender and operator).
  invitoNuovo() {
    const t = now();
    sql(srv.db, `INSERT INTO sua_gara (provincia, stato, oggetto, tipo, created, updated)
      VALUES ('024', 'bozza', 'Gara di prova ${++seq}', 'servizi', ${t}, ${t});
      INSERT INTO sua_invito (gara_id, albo_id, partita_iva, modo, ordine, created)
      SELECT MAX(id), 1, '${PIVA}', 'selezione', 1, ${t} FROM sua_gara;`);
  },
  // An entry in one more Province's albo (one per Province).
  alboNuovo() {
    insert.albo(String(40 + (++seq % 50)).padStart(3, '0'));
  },
  async richiesta() {
    const r = await who.comune.call('POST', '/api/v1/sua/comuni/024116/richieste', {
      oggetto: `Richiesta ${++seq}`, tipo: 'servizi', cpv: '79713000-5', importo_cents: 4500000,
      sicurezza_cents: 0, investimento: false, fonte: 'proprie', rup_nome: 'Anna Bianchi',
      rup_email: 'anna.bianchi@example.org',
      data_aggiudicazione: new Date(Date.now() + 100 * 86400000).toISOString().slice(0, 10),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  },
  users() {
    addUser(srv.db, `liste.nuovo.${++seq}.${process.pid}@example.org`, 'comune', 'comune:024116');
  },
};

// The table: every list route (docs/internals/lists.md, "Every list").
// path: with its filters; as: who reads; key: an item's identity; big: the
// limit of the one big page (at most the route's maximum); other: the same
// list with other filters (its cursor must be refused); add: inserts a row.
const ROUTES = [
  { path: '/api/v1/regioni', key: (i) => i.codice },
  { path: '/api/v1/province', key: (i) => i.codice, big: 500, other: '/api/v1/province?rso=1' },
  { path: '/api/v1/comuni?provincia=VI', key: (i) => i.codice_istat, big: 500, other: '/api/v1/comuni?provincia=PD' },
  { path: '/api/v1/comuni?provincia=VI&q=san', key: (i) => i.codice_istat, other: '/api/v1/comuni?provincia=VI&q=sa' },
  { path: '/api/v1/rete', key: (i) => i.provincia.codice },
  { path: '/api/v1/gare', key: (i) => i.id },
  { path: '/api/v1/comuni/024116/gare', key: (i) => i.id },
  // OCDS's release package: the standard's shape (releases, links.next), the
  // pattern's cursor in next.
  { path: '/api/v1/ocds/releases', key: (i) => i.id, items: 'releases', ocds: true },
  { path: '/api/v1/audit/checkpoints', key: (i) => i.id ?? i.seq },
  { path: '/api/v1/audit?action=user.create', as: 'admin', big: 200, key: (i) => i.seq, other: '/api/v1/audit' },
  { path: '/api/v1/users', as: 'admin', key: (i) => i.id, add: 'users' },
  { path: '/api/v1/notifiche', as: 'sua', key: (i) => i.id, add: 'notifiche' },
  { path: '/api/v1/auth/tokens', as: 'operator', key: (i) => i.id, add: 'tokens' },
  { path: '/api/v1/sua/gare', as: 'sua', key: (i) => i.id },
  { path: '/api/v1/sua/richieste', as: 'comune', key: (i) => i.id, add: 'richiesta' },
  { path: '/api/v1/sua/richieste', as: 'sua', key: (i) => i.id },
  { path: '/api/v1/sua/convenzioni', as: 'sua', key: (i) => i.id },
  { path: '/api/v1/sua/albo', as: 'sua', key: (i) => i.id },
  { path: '/api/v1/sua/gare/1/chiarimenti', as: 'sua', key: (i) => i.id, add: 'chiarimenti', other: '/api/v1/sua/gare/2/chiarimenti' },
  { path: '/api/v1/sua/gare/1/verbali', as: 'sua', key: (i) => i.id, add: 'verbali', other: '/api/v1/sua/gare/2/verbali' },
  { path: '/api/v1/sua/ricevute', as: 'operator', key: (i) => i.offerta, add: 'offerta' },
  { path: `/api/v1/sua/operatori/${PIVA}/inviti`, as: 'operator', key: (i) => i.gara_id, add: 'invitoNuovo' },
  { path: `/api/v1/sua/operatori/${PIVA}/albo`, as: 'operator', key: (i) => i.id, add: 'alboNuovo' },
];

const withq = (path, q) => `${path}${path.includes('?') ? '&' : '?'}${q}`;

function checkEnvelope(body, path, r = {}) {
  if (r.ocds) {
    assert.ok(Array.isArray(body.releases) && 'next' in body, `${path}: a release package`);
    return;
  }
  for (const k of ['items', 'total', 'total_esatto', 'total_tipo', 'limit', 'offset', 'next'])
    assert.ok(k in body, `${path}: ${k} missing`);
  assert.ok(['esatto', 'minimo', 'stima'].includes(body.total_tipo), `${path}: total_tipo ${body.total_tipo}`);
  assert.equal(body.total_esatto, body.total_tipo === 'esatto', `${path}: total_esatto and total_tipo`);
}

// Every page by cursor of path with limit; the keys in order.
async function walk(client, r, limit, onFirst) {
  const keys = [];
  let page = await get(client, withq(r.path, `limit=${limit}`));
  for (let n = 0; ; n++) {
    assert.equal(page.status, 200, `${r.path}: ${JSON.stringify(page.body)}`);
    checkEnvelope(page.body, r.path, r);
    const items = page.body[r.items ?? 'items'];
    assert.ok(items.length <= limit);
    keys.push(...items.map(r.key));
    if (!page.body.next) break;
    assert.equal(items.length, limit, `${r.path}: a page before the last is full`);
    if (n === 0 && onFirst) await onFirst();
    assert.ok(n < 1000, 'the walk ends');
    page = await get(client, withq(r.path, `limit=${limit}&after=${encodeURIComponent(page.body.next)}`));
  }
  return keys;
}

for (const r of ROUTES) {
  test(`${r.path} (${r.as ?? 'anonimo'}): cursor pages = one big page = offset pages`, async () => {
    const client = r.as ? who[r.as] : null;
    const big = await get(client, withq(r.path, `limit=${r.big ?? 100}`));
    assert.equal(big.status, 200, JSON.stringify(big.body));
    checkEnvelope(big.body, r.path, r);
    const all = big.body[r.items ?? 'items'].map(r.key);
    assert.ok(all.length >= 1, `${r.path}: some rows to walk`);
    assert.equal(big.body.next, null, `${r.path}: the big page holds every row`);
    if (big.body.total_tipo === 'esatto') assert.equal(big.body.total, all.length);
    assert.equal(new Set(all).size, all.length, `${r.path}: no key twice`);
    const limit = all.length > 6 ? 3 : 2;
    assert.deepEqual(await walk(client, r, limit), all, `${r.path}: by cursor`);
    const byOffset = [];
    for (let off = 0; off < all.length; off += limit) {
      const p = await get(client, withq(r.path, `limit=${limit}&offset=${off}`));
      assert.equal(p.status, 200);
      if (!r.ocds) assert.equal(p.body.offset, off);
      byOffset.push(...p.body[r.items ?? 'items'].map(r.key));
    }
    assert.deepEqual(byOffset, all, `${r.path}: by offset`);
  });

  test(`${r.path}: bad cursors and limits are a 400 with the field`, async () => {
    const client = r.as ? who[r.as] : null;
    const field = async (q, f) => {
      const res = await get(client, withq(r.path, q));
      const e = assertEnvelope(assert, res, 400);
      assert.equal(e.field, f, `${r.path}?${q}: ${JSON.stringify(res.body)}`);
    };
    await field('after=non-un-cursore!', 'after');
    await field('after=QUJD', 'after');
    // A cursor of another list.
    const regioni = await api(srv.url, '/api/v1/regioni?limit=1');
    const otherList = r.path.startsWith('/api/v1/regioni')
      ? (await api(srv.url, '/api/v1/province?limit=1')).body.next
      : regioni.body.next;
    assert.ok(otherList);
    await field(`after=${encodeURIComponent(otherList)}`, 'after');
    // The same list with other filters.
    if (r.other) {
      const o = await get(client, withq(r.other, 'limit=1'));
      assert.equal(o.status, 200, JSON.stringify(o.body));
      if (o.body.next) await field(`limit=1&after=${encodeURIComponent(o.body.next)}`, 'after');
    }
    await field('limit=0', 'limit');
    await field('limit=100000', 'limit');
    await field('limit=-1', 'limit');
    await field('limit=due', 'limit');
    await field('offset=-1', 'offset');
    const p1 = await get(client, withq(r.path, 'limit=1'));
    if (p1.body.next) await field(`offset=1&after=${encodeURIComponent(p1.body.next)}`, 'after');
  });

  if (r.add) {
    test(`${r.path}: rows inserted between two pages, none skipped or repeated`, async () => {
      const client = r.as ? who[r.as] : null;
      const before = (await get(client, withq(r.path, 'limit=100'))).body.items.map(r.key);
      assert.ok(before.length >= 3, `${r.path}: ${before.length} rows`);
      const seen = await walk(client, r, 2, async () => { await insert[r.add](); await insert[r.add](); });
      assert.equal(new Set(seen).size, seen.length, `${r.path}: a row repeated: ${seen}`);
      for (const k of before) assert.ok(seen.includes(k), `${r.path}: row ${k} skipped`);
      const afterAll = (await get(client, withq(r.path, 'limit=100'))).body.items.map(r.key);
      assert.equal(afterAll.length, before.length + 2, `${r.path}: the two rows were added`);
      // Every row seen is in the list's order of the final list.
      const pos = seen.map((k) => afterAll.indexOf(k));
      assert.ok(pos.every((p, i) => p >= 0 && (i === 0 || p > pos[i - 1])), `${r.path}: order ${pos}`);
    });
  }
}

test('total_tipo: a capped count is "minimo", a counted one "esatto"', async () => {
  const all = await api(srv.url, '/api/v1/comuni?limit=1');
  assert.equal(all.body.total_tipo, 'esatto');
  assert.equal(all.body.total_esatto, true);
  // The regions are read whole: counted.
  const reg = await api(srv.url, '/api/v1/regioni?limit=5');
  assert.equal(reg.body.total, 20);
  assert.equal(reg.body.total_tipo, 'esatto');
  assert.equal(reg.body.items.length, 5);
});
