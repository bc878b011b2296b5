// dati-demo.test.mjs - what `areavasta demo` publishes for the data
// service beside the closed campaign's dataset (docs/dati-catalogo.md
// "The demo's file dataset"): a dataset whose resource is a stored CSV
// written from the registry, ingested into the tabular store, with its
// temporal and spatial coverage and contact point.  Read only through the
// public API, as a visitor or a harvester would: package_show, the file
// download (parsed by Python's csv module), datastore_search, the v1
// dataset and /catalogo.ttl.  Expected values come from the registry's
// own table, read here with SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, sqlRows, newDatabase, demoTemplate } from '../lib/server.mjs';
import { parseTurtle } from '../lib/dcat.mjs';

// The demo template's directory holds the blobs of the demo's files (the
// data directory `areavasta demo` used): they move with the database copy,
// as an installation's data directory would (as in demo-gara-oepv).
const DEMO_DATA = fileURLToPath(new URL('../../build/test', import.meta.url));
let srv;
let prov;
let comuni;
const get = (path) => fetch(srv.url + path);

before(async () => {
  demoTemplate();
  const d = newDatabase();
  cpSync(join(DEMO_DATA, 'blobs'), join(d.dir, 'blobs'), { recursive: true });
  srv = await startServer({ reuse: d.db, web: false });
  [{ provincia: prov }] = sqlRows(srv.db, 'SELECT provincia FROM istanza');
  comuni = sqlRows(srv.db, `SELECT codice_istat, nome, codice_catastale, codice_fiscale FROM comune WHERE provincia = '${prov}' AND attivo = 1 ORDER BY codice_istat`);
  assert.ok(comuni.length > 10, 'the demo Province has its Comuni');
});
after(async () => { await srv.stop(); });

test('the demo publishes a dataset with an uploaded CSV, ingested, read back equal to the registry', async () => {
  const r = await get('/api/3/action/package_show?id=comuni-della-provincia');
  assert.equal(r.status, 200);
  const p = (await r.json()).result;
  assert.equal(p.num_resources, 1);
  const res = p.resources[0];
  assert.equal(res.format, 'CSV');
  assert.equal(res.datastore_active, true);
  assert.match(res.url, /\/api\/v1\/dati\/risorse\/\d+\/file$/);

  // The stored file, anonymously, as Python's csv module reads it.
  const f = await fetch(new URL(new URL(res.url).pathname, srv.url));
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /^text\/csv/);
  const text = await f.text();
  const rows = JSON.parse(execFileSync('/usr/bin/python3', ['-c',
    'import csv,io,json,sys; r=list(csv.reader(io.StringIO(sys.stdin.read()), delimiter=";")); '
    + 'print(json.dumps([dict(zip(r[0], row)) for row in r[1:]]))'], { input: text, encoding: 'utf8' }));
  assert.deepEqual(rows.map((x) => [x.codice_istat, x.denominazione, x.codice_catastale, x.codice_fiscale, x.codice_ipa]),
    comuni.map((c) => [c.codice_istat, c.nome, c.codice_catastale, c.codice_fiscale ?? '', `c_${c.codice_catastale.toLowerCase()}`]));

  // The tabular store holds the same records, named by the resource's
  // CKAN id from package_show (a UUID, as a CKAN client takes it) or by
  // its numeric id (the one in its file URL); the answer and its links
  // carry the id as given.
  const rid = res.url.match(/\/risorse\/(\d+)\/file$/)[1];
  assert.match(res.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const byNumber = await (await get(`/api/3/action/datastore_search?resource_id=${rid}&limit=32000`)).json();
  const ds = await (await get(`/api/3/action/datastore_search?resource_id=${res.id}&limit=32000`)).json();
  assert.equal(ds.success, true, JSON.stringify(ds));
  assert.equal(ds.result.resource_id, res.id);
  assert.equal(ds.result._links.start, `/api/3/action/datastore_search?resource_id=${res.id}`);
  assert.equal(byNumber.result.resource_id, rid);
  assert.deepEqual(ds.result.records, byNumber.result.records);
  assert.equal(ds.result.total, comuni.length);
  assert.deepEqual(ds.result.records.map((x) => String(x.codice_istat)), comuni.map((c) => c.codice_istat));
  assert.deepEqual(ds.result.records.map((x) => x.denominazione), comuni.map((c) => c.nome));
  // A UUID of no resource (the package's own id) is CKAN's 404.
  const none = await get(`/api/3/action/datastore_search?resource_id=${p.id}`);
  assert.equal(none.status, 404);
  assert.equal((await none.json()).success, false);
});

test('the demo dataset has temporal and spatial coverage and a contact point, the same in v1, CKAN and RDF', async () => {
  const list = await (await get('/api/v1/dati/dataset?nome=comuni-della-provincia')).json();
  assert.equal(list.items.length, 1);
  const v1 = await (await get(`/api/v1/dati/dataset/${list.items[0].id}`)).json();
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date());
  assert.deepEqual(v1.copertura_temporale, { inizio: `${year}-01-01`, fine: `${year}-12-31` });
  const [capo] = sqlRows(srv.db, `SELECT codice_istat, nome FROM comune WHERE provincia = '${prov}' AND capoluogo_provincia = 1 AND attivo = 1`);
  assert.deepEqual(v1.copertura_spaziale.map((x) => x.codice), [`provincia:${prov}`, `comune:${capo.codice_istat}`]);
  assert.equal(v1.copertura_spaziale[1].nome, capo.nome);
  assert.ok(v1.contatto && v1.contatto.nome && v1.contatto.email);

  const p = (await (await get('/api/3/action/package_show?id=comuni-della-provincia')).json()).result;
  assert.deepEqual(JSON.parse(p.temporal_coverage), [{ temporal_start: `${year}-01-01`, temporal_end: `${year}-12-31` }]);
  assert.deepEqual(p.spatial_coverage.map((x) => x.uri), v1.copertura_spaziale.map((x) => x.uri));
  const ex = Object.fromEntries(p.extras.map((e) => [e.key, e.value]));
  assert.equal(ex.contact_email, v1.contatto.email);

  const quads = parseTurtle(await (await get('/catalogo.ttl')).text());
  const subj = quads.find((q) => q.predicate.value === 'http://purl.org/dc/terms/identifier' && q.object.value === p.identifier).subject.value;
  const spatial = quads.filter((q) => q.subject.value === subj && q.predicate.value === 'http://purl.org/dc/terms/spatial').map((q) => q.object.value);
  assert.deepEqual(spatial.sort(), v1.copertura_spaziale.map((x) => x.uri).sort());
  assert.ok(quads.some((q) => q.subject.value === subj && q.predicate.value === 'http://www.w3.org/ns/dcat#contactPoint'));
});
