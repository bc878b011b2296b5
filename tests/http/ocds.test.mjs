// ocds.test.mjs - the OCDS publication (issue 12, item 9): release packages
// (GET /api/v1/ocds/releases), a tender's record package (GET
// /api/v1/ocds/tenders/{id}) and `areavasta export ocds`, every package
// validated against the official OCDS 1.1 schemas with the Lots extension
// (tests/lib/ocds.mjs, ../shared/data/ocds).
//
// "API mechanics" seeds release rows with SQL (paging, since, cursors,
// refusals, verbatim texts, export); the tender flow creates, publishes,
// amends and cancels tenders through the real SUA API, whose transitions
// write the releases (sua_ocds_release_record).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, cli, sql, sqlRows } from '../lib/server.mjs';
import {
  validateReleasePackage, validateRecordPackage, validateRelease, assertValid, LOTS_EXTENSION,
} from '../lib/ocds.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const get = (path) => api(srv.url, path);

// A release as modules/sua/ocds.c writes one (used to seed rows).
function seedRelease(ocid, seq, date, tag, amountText) {
  return `{"ocid":"${ocid}","id":"${ocid}-${seq}","date":"${new Date(date * 1000).toISOString().replace('.000', '')}",`
    + `"tag":["${tag}"],"initiationType":"tender","language":"it",`
    + '"parties":[{"id":"X-ISTAT-024","name":"Provincia di Vicenza","roles":["procuringEntity","buyer"]}],'
    + '"buyer":{"id":"X-ISTAT-024","name":"Provincia di Vicenza"},'
    + `"tender":{"id":"${ocid.split('-').pop()}","title":"Prova","status":"${tag === 'tenderCancellation' ? 'cancelled' : 'active'}",`
    + `"value":{"amount":${amountText},"currency":"EUR"},`
    + `"lots":[{"id":"lotto-1","title":"Lotto","status":"active","value":{"amount":${amountText},"currency":"EUR"}}]}}`;
}

// Seeds tenders (one draft) and 5 releases: A gets 3, B 2; dates 1000 s apart.
const T0 = 1796108400; // 2026-12-01T07:00:00Z
let seeded;
function seed() {
  if (seeded) return seeded;
  const ids = [];
  for (const stato of ['pubblicata', 'pubblicata', 'bozza']) {
    sql(srv.db, `INSERT INTO sua_gara (provincia, stato, oggetto, tipo, created, updated)
      VALUES ('024', '${stato}', 'Prova OCDS', 'servizi', 0, 0)`);
    ids.push(Number(sqlRows(srv.db, 'SELECT MAX(id) AS id FROM sua_gara')[0].id));
  }
  const [a, b, draft] = ids;
  const rows = [
    [a, 1, 'tender', '12345.67'], [b, 1, 'tender', '0.10'], [a, 2, 'tenderAmendment', '12345.67'],
    [b, 2, 'tenderCancellation', '0.10'], [a, 3, 'tenderAmendment', '300000000001.02'],
  ];
  rows.forEach(([g, seq, tag, amount], i) => {
    const ocid = `ocds-areavasta-${g}`;
    const json = seedRelease(ocid, seq, T0 + i * 1000, tag, amount).replace(/'/g, "''");
    sql(srv.db, `INSERT INTO sua_ocds_release (gara_id, release_id, ocid, data, tag, json)
      VALUES (${g}, '${ocid}-${seq}', '${ocid}', ${T0 + i * 1000}, '${tag}', '${json}')`);
  });
  seeded = { a, b, draft };
  return seeded;
}

// The release ids of a package, in order.
const ids = (pkg) => pkg.releases.map((r) => r.id);

test('API mechanics: a release package of every release, valid, verbatim', async () => {
  const { a, b } = seed();
  const r = await get('/api/v1/ocds/releases');
  assert.equal(r.status, 200);
  assertValid(validateReleasePackage(r.body), 'pacchetto di release');
  r.body.releases.forEach((x) => assertValid(validateRelease(x), x.id));
  assert.equal(r.body.version, '1.1');
  assert.deepEqual(r.body.extensions, [LOTS_EXTENSION]);
  assert.match(r.body.uri, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ocds\/releases$/);
  assert.equal(typeof r.body.publisher.name, 'string');
  assert.ok(r.body.publisher.name.length > 0);
  // publishedDate: the newest release's date (T0 + 4000 s).
  assert.equal(r.body.publishedDate, '2026-12-01T08:06:40Z');
  assert.deepEqual(ids(r.body), [
    `ocds-areavasta-${a}-1`, `ocds-areavasta-${b}-1`, `ocds-areavasta-${a}-2`,
    `ocds-areavasta-${b}-2`, `ocds-areavasta-${a}-3`]);
  assert.equal(r.body.next, null);
  assert.equal(r.body.links, undefined);
  // The stored texts as written: amounts keep their decimal text.
  const raw = await (await fetch(`${srv.url}/api/v1/ocds/releases`)).text();
  assert.ok(raw.includes('"amount":300000000001.02,'));
  assert.ok(raw.includes('"amount":0.10,'));
});

test('API mechanics: pages by links.next and by next, same as by offset', async () => {
  seed();
  const all = ids((await get('/api/v1/ocds/releases')).body);
  const byLink = [];
  let url = `${srv.url}/api/v1/ocds/releases?limit=2`;
  let pages = 0;
  while (url) {
    const r = await api('', url);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assertValid(validateReleasePackage(r.body), `pagina ${pages + 1}`);
    assert.ok(r.body.releases.length <= 2);
    byLink.push(...ids(r.body));
    if (r.body.next !== null) {
      assert.match(r.body.links.next, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ocds\/releases\?after=[A-Za-z0-9_-]+&limit=2$/);
      assert.ok(r.body.links.next.includes(`after=${r.body.next}`));
    }
    url = r.body.links ? r.body.links.next : null;
    pages++;
  }
  assert.equal(pages, 3);
  assert.deepEqual(byLink, all);
  const byOffset = [];
  for (let off = 0; off < all.length; off += 2) {
    byOffset.push(...ids((await get(`/api/v1/ocds/releases?limit=2&offset=${off}`)).body));
  }
  assert.deepEqual(byOffset, all);
});

test('API mechanics: since= keeps the releases dated then or later, in pages too', async () => {
  const { a, b } = seed();
  // T0 + 2000 s = 07:33:20Z = 08:33:20 in Rome.
  for (const since of ['2026-12-01T07:33:20Z', '2026-12-01T08:33:20+01:00', '2026-12-01T08:33:20']) {
    const r = await get(`/api/v1/ocds/releases?since=${encodeURIComponent(since)}`);
    assert.equal(r.status, 200, since);
    assert.deepEqual(ids(r.body), [`ocds-areavasta-${a}-2`, `ocds-areavasta-${b}-2`, `ocds-areavasta-${a}-3`], since);
    assert.match(r.body.uri, /\/api\/v1\/ocds\/releases\?since=2026-12-01T07:33:20Z$/);
  }
  const p1 = await get('/api/v1/ocds/releases?since=2026-12-01T07:33:20Z&limit=2');
  assert.ok(p1.body.links.next.includes('since=2026-12-01T07:33:20Z&after='));
  const p2 = await api('', p1.body.links.next);
  assert.deepEqual(ids(p2.body), [`ocds-areavasta-${a}-3`]);
  // A cursor made for another since= is refused.
  const bad = await get(`/api/v1/ocds/releases?after=${p1.body.next}`);
  assert.equal(assertEnvelope(assert, bad, 400).field, 'after');
  // Nothing after the newest: an empty page (not a valid package: OCDS
  // wants at least one release; documented).
  const none = await get('/api/v1/ocds/releases?since=2030-01-01T00:00:00Z');
  assert.equal(none.status, 200);
  assert.deepEqual(none.body.releases, []);
  assert.equal(none.body.next, null);
});

test('API mechanics: bad input is a 400 naming the parameter', async () => {
  seed();
  for (const [q, field] of [
    ['since=ieri', 'since'], ['since=2026-13-01T00:00:00Z', 'since'], ['since=2026-12-01T24:00:00Z', 'since'],
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=x', 'limit'], ['offset=-1', 'offset'],
    ['after=nonuncursore', 'after'], ['after=abc&offset=2', 'after'], ['q=x', 'q'],
  ]) {
    const r = await get(`/api/v1/ocds/releases?${q}`);
    const e = assertEnvelope(assert, r, 400);
    assert.ok(e.field === field || (q.startsWith('after=abc') && e.field === 'offset'), `${q}: ${e.field}`);
  }
  const r = await api(srv.url, '/api/v1/ocds/releases', { method: 'POST' });
  assert.equal(r.status, 405);
});

test('API mechanics: a record package per published tender; drafts and others are 404', async () => {
  const { a, b, draft } = seed();
  const r = await get(`/api/v1/ocds/tenders/${a}`);
  assert.equal(r.status, 200);
  assertValid(validateRecordPackage(r.body), 'pacchetto di record');
  assert.match(r.body.uri, new RegExp(`/api/v1/ocds/tenders/${a}$`));
  assert.equal(r.body.records.length, 1);
  const rec = r.body.records[0];
  assert.equal(rec.ocid, `ocds-areavasta-${a}`);
  assert.deepEqual(rec.releases.map((x) => x.id), [1, 2, 3].map((n) => `ocds-areavasta-${a}-${n}`));
  assert.deepEqual(rec.compiledRelease.tag, ['compiled']);
  assert.equal(rec.compiledRelease.id, `ocds-areavasta-${a}-compiled`);
  assert.equal(rec.compiledRelease.date, rec.releases[2].date);
  assert.equal(rec.compiledRelease.tender.value.amount, 300000000001.02);
  const raw = await (await fetch(`${srv.url}/api/v1/ocds/tenders/${a}`)).text();
  assert.ok(raw.slice(raw.indexOf('"compiledRelease"')).includes('"amount":300000000001.02,'));
  const rb = await get(`/api/v1/ocds/tenders/${b}`);
  assert.equal(rb.body.records[0].compiledRelease.tender.status, 'cancelled');
  for (const id of [draft, 999999, 'abc', '-1', '0', '1e3']) {
    const x = await get(`/api/v1/ocds/tenders/${id}`);
    assertEnvelope(assert, x, 404, 'not_found');
  }
  const q = await get(`/api/v1/ocds/tenders/${a}?x=1`);
  assertEnvelope(assert, q, 400);
});

test('API mechanics: export ocds prints the same package, all or one tender', async () => {
  const { a, draft } = seed();
  let c = cli(['export', 'ocds', '--db', srv.db]);
  assert.equal(c.status, 0, c.stderr);
  const all = JSON.parse(c.stdout);
  assertValid(validateReleasePackage(all), 'export ocds');
  assert.deepEqual(ids(all), ids((await get('/api/v1/ocds/releases')).body));
  assert.ok(c.stdout.includes('"amount":300000000001.02,'));
  assert.match(all.uri, /^urn:areavasta:ocds-areavasta:export$/);
  c = cli(['export', 'ocds', '--db', srv.db, '--tender', String(a), '--uri', 'https://example.org/ocds/a.json']);
  assert.equal(c.status, 0, c.stderr);
  const one = JSON.parse(c.stdout);
  assertValid(validateReleasePackage(one), 'export ocds --tender');
  assert.equal(one.uri, 'https://example.org/ocds/a.json');
  assert.deepEqual(ids(one), [1, 2, 3].map((n) => `ocds-areavasta-${a}-${n}`));
  c = cli(['export', 'ocds', '--db', srv.db, '--tender', String(draft)]);
  assert.equal(c.status, 1);
  assert.match(c.stderr, /non ha release OCDS/);
  assert.equal(c.stdout, '');
  for (const args of [['--tender', 'abc'], ['--tender', '0'], ['--formato', 'x'], ['extra']]) {
    c = cli(['export', 'ocds', '--db', srv.db, ...args]);
    assert.equal(c.status, 2, args.join(' '));
  }
  c = cli(['export', 'csv', '--db', srv.db]);
  assert.equal(c.status, 2);
});
