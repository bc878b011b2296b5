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
import { join } from 'node:path';
import { startServer, api, assertEnvelope, cli, sql, sqlRows, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import {
  validateReleasePackage, validateRecordPackage, validateRelease, assertValid, LOTS_EXTENSION, BIDS_EXTENSION,
} from '../lib/ocds.mjs';

let srv;
let sua; // sua_officer of Vicenza
before(async () => {
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(srv.db, 'sua.ocds@example.org', 'sua_officer', 'provincia:024');
  sua = await login(srv.url, 'sua.ocds@example.org');
});
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
    + `"lots":[{"id":"1","title":"Lotto","status":"active","value":{"amount":${amountText},"currency":"EUR"}}]}}`;
}

// Seeds tenders (one draft) and 5 releases: A gets 3, B 2; dates 1000 s
// apart, later than the demo's own releases (its tenders are published
// when the demo is built); pre: the release ids there were before.
const T0 = 1893481200; // 2030-01-01T07:00:00Z
let seeded;
function seed() {
  if (seeded) return seeded;
  const pre = sqlRows(srv.db, 'SELECT release_id FROM sua_ocds_release ORDER BY id').map((r) => r.release_id);
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
  seeded = { a, b, draft, pre };
  return seeded;
}

// The release ids of a package, in order.
const ids = (pkg) => pkg.releases.map((r) => r.id);

test('API mechanics: a release package of every release, valid, verbatim', async () => {
  const { a, b, pre } = seed();
  const r = await get('/api/v1/ocds/releases');
  assert.equal(r.status, 200);
  assertValid(validateReleasePackage(r.body), 'pacchetto di release');
  r.body.releases.forEach((x) => assertValid(validateRelease(x), x.id));
  assert.equal(r.body.version, '1.1');
  assert.deepEqual(r.body.extensions, [LOTS_EXTENSION, BIDS_EXTENSION]);
  assert.match(r.body.uri, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ocds\/releases$/);
  assert.equal(typeof r.body.publisher.name, 'string');
  assert.ok(r.body.publisher.name.length > 0);
  // publishedDate: the newest release's date (T0 + 4000 s).
  assert.equal(r.body.publishedDate, '2030-01-01T08:06:40Z');
  assert.deepEqual(ids(r.body), [...pre,
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
  assert.equal(pages, Math.ceil(all.length / 2));
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
  for (const since of ['2030-01-01T07:33:20Z', '2030-01-01T08:33:20+01:00', '2030-01-01T08:33:20']) {
    const r = await get(`/api/v1/ocds/releases?since=${encodeURIComponent(since)}`);
    assert.equal(r.status, 200, since);
    assert.deepEqual(ids(r.body), [`ocds-areavasta-${a}-2`, `ocds-areavasta-${b}-2`, `ocds-areavasta-${a}-3`], since);
    assert.match(r.body.uri, /\/api\/v1\/ocds\/releases\?since=2030-01-01T07:33:20Z$/);
  }
  const p1 = await get('/api/v1/ocds/releases?since=2030-01-01T07:33:20Z&limit=2');
  assert.ok(p1.body.links.next.includes('since=2030-01-01T07:33:20Z&after='));
  const p2 = await api('', p1.body.links.next);
  assert.deepEqual(ids(p2.body), [`ocds-areavasta-${a}-3`]);
  // A cursor made for another since= is refused.
  const bad = await get(`/api/v1/ocds/releases?after=${p1.body.next}`);
  assert.equal(assertEnvelope(assert, bad, 400).field, 'after');
  // Nothing after the newest: an empty page (not a valid package: OCDS
  // wants at least one release; documented).
  const none = await get('/api/v1/ocds/releases?since=2031-01-01T00:00:00Z');
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

// ---- the tender flow through the real SUA API ----------------------------

const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const lotto = (over = {}) => ({
  oggetto: 'Manutenzione straordinaria strade comunali', cpv: '45233141-9',
  importo_cents: 400000001, sicurezza_cents: 5000099, comune: '024116', ...over,
});

const BOUNDARY = '----areavasta-ocds-boundary-7fQ2';
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n', 'latin1');

// Attaches a PDF to a tender (POST /api/v1/sua/gare/{id}/documenti).
async function attach(id, name, tipo) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\n${tipo}\r\n`
      + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    PDF, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const res = await fetch(`${srv.url}/api/v1/sua/gare/${id}/documenti`, {
    method: 'POST',
    headers: { cookie: `av_session=${sua.cookie}`, 'x-csrf-token': sua.csrf, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
  });
  const out = await res.json();
  assert.equal(res.status, 201, JSON.stringify(out));
  return out.id;
}

// Creates and publishes a tender of Vicenza with these lots (and these
// documents, [name, tipo], attached to the draft); its body.
async function publish(oggetto, lotti, docs = []) {
  const r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto, tipo: 'lavori', lotti });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  r.body.documenti = [];
  for (const [name, tipo] of docs) r.body.documenti.push(await attach(id, name, tipo));
  const d = {
    termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY),
    prima_seduta: iso(Date.now() + 46 * DAY),
  };
  const e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, { procedura: 'aperta', criterio: 'prezzo', data_invio: today(), ...d });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  const p = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return { ...p.body, documenti: r.body.documenti };
}

// The record package of a tender, validated; its record.
async function record(id) {
  const r = await get(`/api/v1/ocds/tenders/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertValid(validateRecordPackage(r.body), `pacchetto di record della gara ${id}`);
  r.body.records[0].releases.forEach((x) => assertValid(validateRelease(x), x.id));
  assertValid(validateRelease(r.body.records[0].compiledRelease), 'compiledRelease');
  return r.body.records[0];
}

const releaseCount = () => Number(sqlRows(srv.db, 'SELECT COUNT(*) AS n FROM sua_ocds_release')[0].n);

test('tender flow: publish, amend twice, cancel; each change one valid release', async () => {
  // A draft has no OCDS data; a refused publication stores no release.
  const draft = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'Bozza OCDS', tipo: 'servizi', lotti: [lotto({ cig: 'A005544DD8' })] });
  assert.equal(draft.status, 201);
  const before = releaseCount();
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${draft.body.id}/pubblica`), 422);
  assertEnvelope(assert, await get(`/api/v1/ocds/tenders/${draft.body.id}`), 404);
  assert.equal(releaseCount(), before);

  const g = await publish('Strade di Vicenza e Agugliaro', [
    lotto({ cig: 'A005FC04C3' }),
    lotto({ oggetto: 'Strade di Agugliaro', cig: 'A007F7819A', comune: '024001', cpv: '45000000', importo_cents: 10, sicurezza_cents: 0 }),
  ], [['Bando di gara.pdf', 'bando'], ['Capitolato speciale.pdf', 'capitolato'], ['Planimetrie.pdf', 'altro']]);
  assert.equal(releaseCount(), before + 1);
  let rec = await record(g.id);
  const ocid = `ocds-areavasta-${g.id}`;
  assert.equal(rec.ocid, ocid);
  assert.equal(rec.releases.length, 1);
  let r1 = rec.releases[0];
  assert.equal(r1.id, `${ocid}-1`);
  assert.deepEqual(r1.tag, ['tender']);
  const t = r1.tender;
  assert.equal(t.id, String(g.id));
  assert.equal(t.title, 'Strade di Vicenza e Agugliaro');
  assert.equal(t.status, 'active');
  assert.equal(t.procurementMethod, 'open');
  assert.equal(t.procurementMethodDetails, 'Procedura aperta (art. 71 d.lgs. 36/2023)');
  assert.equal(t.mainProcurementCategory, 'works');
  assert.equal(t.awardCriteria, 'priceOnly');
  assert.equal(Date.parse(t.tenderPeriod.endDate), Date.parse(g.termine_offerte));
  assert.equal(Date.parse(t.enquiryPeriod.endDate), Date.parse(g.termine_chiarimenti));
  assert.equal(Date.parse(t.tenderPeriod.startDate), Date.parse(g.pubblicata_at));
  assert.match(t.tenderPeriod.endDate, /\+0[12]:00$/);
  // Parties: the Province (no codice fiscale set for the installation yet:
  // ISTAT code only) as SUA and buyer of two Comuni, each Comune by its
  // codice fiscale from the SITUAS file.
  assert.deepEqual(r1.parties.map((p) => [p.id, p.roles]), [
    ['X-ISTAT-024', ['procuringEntity', 'buyer']],
    ['IT-CF-00516890241', ['buyer']],
    ['IT-CF-00543330245', ['buyer']]]);
  assert.equal(r1.parties[0].identifier, undefined);
  assert.deepEqual(r1.parties[0].additionalIdentifiers, [{ scheme: 'X-ISTAT', id: '024', legalName: 'Provincia di Vicenza' }]);
  assert.deepEqual(r1.parties[1].identifier, { scheme: 'IT-CF', id: '00516890241', legalName: 'Comune di Vicenza' });
  assert.deepEqual(r1.buyer, { id: 'X-ISTAT-024', name: 'Provincia di Vicenza' });
  assert.deepEqual(t.procuringEntity, r1.buyer);
  assert.deepEqual(t.lots.map((l) => [l.id, l.status, l.value.amount]), [['1', 'active', 4050001.00], ['2', 'active', 0.10]]);
  assert.match(t.lots[0].description, /CIG A005FC04C3.*Comune di Vicenza.*50\.000,99 euro/);
  assert.deepEqual(t.items.map((i) => [i.id, i.relatedLot, i.classification.scheme, i.classification.id]),
    [['1', '1', 'CPV', '45233141-9'], ['2', '2', 'CPV', '45000000-7']]);
  assert.match(t.items[0].classification.description, /\w/);
  // The documents attached to the draft, public with the tender.
  assert.deepEqual(t.documents.map((d) => [d.id, d.documentType, d.title, d.format]), [
    [`documento-${g.documenti[0]}`, 'tenderNotice', 'Bando di gara.pdf', 'application/pdf'],
    [`documento-${g.documenti[1]}`, 'technicalSpecifications', 'Capitolato speciale.pdf', 'application/pdf'],
    [`documento-${g.documenti[2]}`, undefined, 'Planimetrie.pdf', 'application/pdf']]);
  assert.ok(t.documents[0].description.endsWith(`/api/v1/documenti/${g.documenti[0]}/contenuto`));
  assert.equal((await sua.call('GET', `/api/v1/documenti/${g.documenti[0]}`)).status, 200);
  // Exact money: 4,000,000.01 + 50,000.99 + 0.10 euro.
  const raw = await (await fetch(`${srv.url}/api/v1/ocds/tenders/${g.id}`)).text();
  assert.ok(raw.includes('"value":{"amount":4050001.10,"currency":"EUR"}'), raw.slice(0, 300));
  assert.ok(raw.includes('"amount":0.10,'));

  // The installation's codice fiscale identifies the Province from now on.
  const c = cli(['istanza', 'set', '--db', srv.db, 'codice_fiscale', '00496080243']);
  assert.equal(c.status, 0, c.stderr);

  // Amendment 1: a later deadline.
  const later = iso(Date.parse(g.termine_offerte) + 7 * DAY);
  const seduta = iso(Date.parse(g.prima_seduta) + 7 * DAY);
  let a = await sua.call('PUT', `/api/v1/sua/gare/${g.id}`, { termine_offerte: later, prima_seduta: seduta, motivo_rettifica: 'Proroga per sopralluoghi' });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  // Refused amendment: no release.
  const n = releaseCount();
  a = await sua.call('PUT', `/api/v1/sua/gare/${g.id}`, { termine_offerte: iso(Date.parse(g.termine_offerte) - DAY), motivo_rettifica: 'Anticipo' });
  assertEnvelope(assert, a, 422);
  assert.equal(releaseCount(), n);
  // Amendment 2: a CIG corrected; the lot keeps its OCDS id.
  a = await sua.call('PUT', `/api/v1/sua/gare/${g.id}`, {
    lotti: [lotto({ cig: 'A005FC04C3' }), lotto({ oggetto: 'Strade di Agugliaro', cig: 'A0080D94E7', comune: '024001', cpv: '45000000', importo_cents: 10, sicurezza_cents: 0 })],
    motivo_rettifica: 'Correzione CIG',
  });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  rec = await record(g.id);
  assert.deepEqual(rec.releases.map((x) => [x.id, x.tag[0]]), [
    [`${ocid}-1`, 'tender'], [`${ocid}-2`, 'tenderAmendment'], [`${ocid}-3`, 'tenderAmendment']]);
  // The first release is as it was: history is not rewritten.
  assert.deepEqual(rec.releases[0], r1);
  const r2 = rec.releases[1];
  assert.equal(r2.parties[0].id, 'IT-CF-00496080243');
  assert.equal(r2.parties[0].identifier.id, '00496080243');
  assert.equal(Date.parse(r2.tender.tenderPeriod.endDate), Date.parse(later));
  assert.deepEqual(r2.tender.amendments.map((m) => [m.id, m.rationale, m.releaseID, m.amendsReleaseID]),
    [['rettifica-1', 'Proroga per sopralluoghi', `${ocid}-2`, `${ocid}-1`]]);
  assert.deepEqual(r2.tender.amendments[0].changes.map((ch) => ch.property).sort(), ['prima_seduta', 'termine_offerte']);
  assert.equal(Date.parse(r2.tender.amendments[0].changes.find((ch) => ch.property === 'termine_offerte').former_value),
    Date.parse(g.termine_offerte));
  const r3 = rec.releases[2];
  assert.deepEqual(r3.tender.amendments.map((m) => [m.id, m.releaseID || null]),
    [['rettifica-1', null], ['rettifica-2', `${ocid}-3`]]);
  assert.deepEqual(r3.tender.lots.map((l) => l.id), ['1', '2']);
  assert.match(r3.tender.lots[1].description, /CIG A0080D94E7/);
  // Compiled: both amendments with their links, two lots, the new deadline.
  const cr = rec.compiledRelease;
  assert.equal(cr.tender.lots.length, 2);
  assert.deepEqual(cr.tender.amendments.map((m) => [m.id, m.releaseID]),
    [['rettifica-1', `${ocid}-2`], ['rettifica-2', `${ocid}-3`]]);
  assert.equal(cr.tender.tenderPeriod.endDate, r3.tender.tenderPeriod.endDate);
  assert.equal(cr.parties.length, 4, 'the Province under its old and new id');

  // Cancelled: a tenderCancellation release.
  const x = await sua.call('POST', `/api/v1/sua/gare/${g.id}/annulla`, { motivo: 'Finanziamento revocato' });
  assert.equal(x.status, 200, JSON.stringify(x.body));
  rec = await record(g.id);
  const r4 = rec.releases[3];
  assert.equal(r4.id, `${ocid}-4`);
  assert.deepEqual(r4.tag, ['tenderCancellation']);
  assert.equal(r4.tender.status, 'cancelled');
  assert.deepEqual(r4.tender.lots.map((l) => l.status), ['cancelled', 'cancelled']);
  assert.deepEqual(r4.tender.documents.slice(3).map((d) => [d.documentType, d.description]), [['cancellationDetails', 'Finanziamento revocato']]);
  assert.equal(r4.tender.documents.length, 4);
  assert.equal(rec.compiledRelease.tender.status, 'cancelled');

  // A draft cancelled: still nothing published.
  const m = releaseCount();
  assert.equal((await sua.call('POST', `/api/v1/sua/gare/${draft.body.id}/annulla`, { motivo: 'Doppione' })).status, 200);
  assert.equal(releaseCount(), m);
  assertEnvelope(assert, await get(`/api/v1/ocds/tenders/${draft.body.id}`), 404);
});

test('tender flow: one Comune is the buyer; the ocid prefix setting; everything published validates', async () => {
  const g = await publish('Scuola di Asiago', [lotto({ cig: 'A00518EDE1', comune: '024009' })]);
  let rec = await record(g.id);
  assert.deepEqual(rec.releases[0].buyer, { id: 'IT-CF-84001350242', name: 'Comune di Asiago' });
  assert.deepEqual(rec.releases[0].parties[0].roles, ['procuringEntity']);

  // A registered prefix: new tenders use it, published ones keep theirs.
  let c = cli(['impostazioni', 'set', '--db', srv.db, 'ocds.prefisso', 'OCDS-XYZ']);
  assert.equal(c.status, 1);
  c = cli(['impostazioni', 'set', '--db', srv.db, 'ocds.prefisso', 'ocds-x7k2p9']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout)['ocds.prefisso'], 'ocds-x7k2p9');
  const h = await publish('Palestra', [lotto({ cig: 'A003270025' })]);
  assert.equal((await record(h.id)).ocid, `ocds-x7k2p9-${h.id}`);
  const later = iso(Date.parse(g.termine_offerte) + DAY);
  const a = await sua.call('PUT', `/api/v1/sua/gare/${g.id}`, { termine_offerte: later, prima_seduta: iso(Date.parse(g.prima_seduta) + DAY), motivo_rettifica: 'Proroga' });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  rec = await record(g.id);
  assert.deepEqual(rec.releases.map((x) => x.id), [`ocds-areavasta-${g.id}-1`, `ocds-areavasta-${g.id}-2`]);
  c = cli(['impostazioni', 'set', '--db', srv.db, 'ocds.prefisso', 'ocds-areavasta']);
  assert.equal(c.status, 0, c.stderr);

  // Every page of every release, every record, and the export: valid.
  const seen = [];
  let url = `${srv.url}/api/v1/ocds/releases?limit=3`;
  while (url) {
    const r = await api('', url);
    assert.equal(r.status, 200);
    assertValid(validateReleasePackage(r.body), url);
    r.body.releases.forEach((x) => assertValid(validateRelease(x), x.id));
    seen.push(...r.body.releases);
    url = r.body.links ? r.body.links.next : null;
  }
  const stored = sqlRows(srv.db, 'SELECT release_id, gara_id FROM sua_ocds_release ORDER BY id');
  assert.deepEqual(seen.map((x) => x.id), stored.map((x) => x.release_id));
  for (const gid of new Set(stored.map((x) => x.gara_id))) await record(gid);
  c = cli(['export', 'ocds', '--db', srv.db]);
  assert.equal(c.status, 0, c.stderr);
  const pkg = JSON.parse(c.stdout);
  assertValid(validateReleasePackage(pkg), 'export ocds');
  assert.deepEqual(pkg.releases, seen);
  assert.equal(pkg.publisher.uid, '00496080243');
  c = cli(['export', 'ocds', '--db', srv.db, '--tender', String(h.id)]);
  assert.equal(c.status, 0, c.stderr);
  assertValid(validateReleasePackage(JSON.parse(c.stdout)), 'export ocds --tender');
});
