// dati-esporta.test.mjs - exports of a tabular resource (issue 15 item 4)
// and the POST form of the CKAN actions (item 6), on both backends.
//
// The exports are read back by independent readers: Python's csv module
// (';' with a BOM, and ','), Python's json, openpyxl for the XLSX; each is
// compared with the source file as Python's csv reads it, not with our own
// output.  A generated file of 2,600 records (over two pages of the
// keyset stream, values with separators, quotes, newlines and accents)
// checks the paging; filters and q are compared with datastore_search's
// own count; the answer is chunked (streamed, no Content-Length).  A
// draft dataset's resource: only its ente's data officer; anyone else the
// 404 of an unknown resource.  Bad parameters: 400 with the field.
//
// POST: datastore_search, package_search, package_show, package_list with
// a JSON body answer exactly as GET does with the same parameters.
//
// The datasets are ARRANGED with sql() as in dati-datastore.test.mjs (a
// precondition); the data is loaded through our CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, cli, sql, sqlRows, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const ANAC = join(SHARED, 'data', 'anac', 'cig_csv_sample_20231001.csv');
let srv;
let tmp;
const st = {};

// Python reads: a CSV file or text (delimiter given), JSON, XLSX.  Debian's
// python3 (/usr/bin), where python3-openpyxl is installed (install-deps.sh).
function py(script, args, input) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...args],
    { input, encoding: 'utf8', maxBuffer: 1 << 28 }));
}
const pyCsvFile = (file, delim) => py(`
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))`, [file, delim]);
function pyCsvBytes(buf, delim) {
  const f = join(tmp, `out-${Math.random()}.csv`);
  writeFileSync(f, buf);
  return py(`
import csv, json, sys
raw = open(sys.argv[1], 'rb').read()
bom = raw.startswith(b'\\xef\\xbb\\xbf')
text = raw.decode('utf-8-sig')
print(json.dumps({'bom': bom, 'rows': list(csv.reader(text.splitlines(True), delimiter=sys.argv[2]))}))`, [f, delim]);
}
function pyXlsx(buf) {
  const f = join(tmp, `out-${Math.random()}.xlsx`);
  writeFileSync(f, buf);
  return py(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb.active
rows = []
for r in ws.iter_rows(values_only=True):
    rows.append([None if v is None else (v if isinstance(v, (int, float)) else str(v)) for v in r])
print(json.dumps({'sheet': ws.title, 'rows': rows}))`, [f]);
}

function dataset(nome, stato) {
  sql(srv.db, `INSERT INTO dati_dataset (ente, nome, identificativo, titolo,
    descrizione, stato, created, modified) VALUES ('provincia:024', '${nome}',
    'test:${nome}', 'Titolo ${nome}', 'd', '${stato}', 0, 0)`);
  return Number(sqlRows(srv.db, `SELECT id FROM dati_dataset WHERE nome = '${nome}'`)[0].id);
}

function load(ds, file) {
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(ds), file]);
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.match(/risorsa (\d+)/)[1]);
}

async function get(path, who) {
  if (who) {
    const res = await fetch(srv.url + path, { headers: { cookie: `av_session=${who.cookie}` } });
    return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
  }
  const res = await fetch(srv.url + path);
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

async function post(path, body) {
  const res = await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// A file of 2,600 records with hard values: separators, quotes, newlines, accents.
function bigFile() {
  const lines = ['codice;descrizione;importo;comune'];
  for (let i = 1; i <= 2600; i++) {
    const d = i % 7 === 0 ? `"riga ${i}; con ""virgolette"", a capo\nfine"` : `Voce n. ${i} è, città`;
    lines.push(`C${String(i).padStart(5, '0')};${d};${(i * 12.5).toFixed(2)};${i % 3 === 0 ? 'Vicenza' : 'Schio'}`);
  }
  const f = join(tmp, 'grande.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-esporta-'));
  srv = await startServer({ web: false });
  addUser(srv.db, 'esp-dati@example.org', 'data_officer', 'provincia:024');
  addUser(srv.db, 'esp-altro@example.org', 'data_officer', 'provincia:028');
  st.dati = await login(srv.url, 'esp-dati@example.org');
  st.altro = await login(srv.url, 'esp-altro@example.org');
  st.pub = dataset('esporta-pubblicato', 'pubblicato');
  st.draft = dataset('esporta-bozza', 'bozza');
  st.anac = load(st.pub, ANAC);
  st.bigFile = bigFile();
  st.big = load(st.pub, st.bigFile);
  st.hidden = load(st.draft, ANAC);
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

test('CSV with ";" and a BOM: every record as Python reads the source, _id first; streamed', async () => {
  const src = pyCsvFile(ANAC, ';');
  const r = await get(`/api/v1/dati/risorse/${st.anac}/esporta.csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="risorsa-\d+\.csv"/);
  assert.equal(r.headers.get('content-length'), null, 'streamed, not built');
  const out = pyCsvBytes(r.buf, ';');
  assert.equal(out.bom, true);
  assert.deepEqual(out.rows[0], ['_id', ...src[0]]);
  assert.equal(out.rows.length, src.length);
  for (let i = 1; i < src.length; i++) {
    assert.equal(out.rows[i][0], String(i));
    assert.deepEqual(out.rows[i].slice(1), src[i], `row ${i}`);
  }
});

test('CSV with ",", over several pages: the generated file back exactly', async () => {
  const src = pyCsvFile(st.bigFile, ';');
  const r = await get(`/api/v1/dati/risorse/${st.big}/esporta.csv?separatore=,`);
  assert.equal(r.status, 200);
  const out = pyCsvBytes(r.buf, ',');
  assert.equal(out.bom, false);
  assert.equal(out.rows.length, src.length);
  assert.deepEqual(out.rows.map((x) => x.slice(1)), src);
  assert.deepEqual(out.rows.slice(1).map((x) => Number(x[0])), src.slice(1).map((_, i) => i + 1));
});

test('filters and q as datastore_search: the same records', async () => {
  const filters = JSON.stringify({ comune: 'Vicenza' });
  const ds = await (await fetch(`${srv.url}/api/3/action/datastore_search?resource_id=${st.big}`
    + `&filters=${encodeURIComponent(filters)}&q=virgolette&limit=32000&fields=codice`)).json();
  assert.equal(ds.success, true);
  const want = ds.result.records.map((x) => [String(x._id), x.codice]);
  assert.ok(want.length > 10);
  // independent count: the source rows of Vicenza whose text holds "virgolette"
  const src = pyCsvFile(st.bigFile, ';').slice(1);
  assert.equal(want.length, src.filter((x) => x[3] === 'Vicenza' && x.join(' ').includes('virgolette')).length);
  const r = await get(`/api/v1/dati/risorse/${st.big}/esporta.csv?fields=codice&q=virgolette`
    + `&filters=${encodeURIComponent(filters)}`);
  assert.equal(r.status, 200);
  const out = pyCsvBytes(r.buf, ';');
  assert.deepEqual(out.rows[0], ['_id', 'codice']);
  assert.deepEqual(out.rows.slice(1), want);
});

test('JSON in CKAN\'s dump form: fields and records as lists, numbers as numbers', async () => {
  const src = pyCsvFile(st.bigFile, ';');
  const r = await get(`/api/v1/dati/risorse/${st.big}/esporta.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const out = py('import json, sys; print(json.dumps(json.loads(sys.stdin.read())))', [], r.buf.toString('utf8'));
  assert.deepEqual(out.fields.map((f) => f.id), ['_id', ...src[0]]);
  assert.deepEqual(out.fields.map((f) => f.type), ['int', 'text', 'text', 'numeric', 'text']);
  assert.equal(out.records.length, src.length - 1);
  out.records.forEach((rec, i) => {
    assert.equal(rec[0], i + 1);
    assert.equal(typeof rec[3], 'number');
    assert.deepEqual([rec[1], rec[2], rec[4]], [src[i + 1][0], src[i + 1][1], src[i + 1][3]]);
    assert.equal(rec[3], Number(src[i + 1][2]));
  });
});

test('XLSX read back by openpyxl: header, text as text, numbers as numbers', async () => {
  const src = pyCsvFile(st.bigFile, ';');
  const r = await get(`/api/v1/dati/risorse/${st.big}/esporta.xlsx?filters=${encodeURIComponent(JSON.stringify({ comune: 'Schio' }))}`);
  assert.equal(r.status, 200, r.buf.toString());
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const x = pyXlsx(r.buf);
  assert.equal(x.sheet, 'dati');
  assert.deepEqual(x.rows[0], ['_id', ...src[0]]);
  const want = src.slice(1).map((row, i) => [i + 1, row]).filter(([, row]) => row[3] === 'Schio');
  assert.equal(x.rows.length - 1, want.length);
  want.forEach(([id, row], k) => {
    const got = x.rows[k + 1];
    assert.equal(got[0], id);
    assert.deepEqual([got[1], got[2], got[4]], [row[0], row[1], row[3]]);
    assert.equal(got[3], Number(row[2]));
  });
});

test('who sees a draft\'s export; unknown resources and bad parameters', async () => {
  for (const ext of ['csv', 'json', 'xlsx']) {
    assert.equal((await get(`/api/v1/dati/risorse/${st.hidden}/esporta.${ext}`)).status, 404, ext);
    assert.equal((await get(`/api/v1/dati/risorse/${st.hidden}/esporta.${ext}`, st.altro)).status, 404, ext);
    assert.equal((await get(`/api/v1/dati/risorse/${st.hidden}/esporta.${ext}`, st.dati)).status, 200, ext);
    assert.equal((await get(`/api/v1/dati/risorse/999999/esporta.${ext}`)).status, 404, ext);
  }
  const bad = async (qs, field) => {
    const r = await get(`/api/v1/dati/risorse/${st.big}/esporta.csv?${qs}`);
    assert.equal(r.status, 400, qs);
    const e = JSON.parse(r.buf.toString()).error;
    assert.equal(e.field, field, qs);
    assert.match(e.message, /[a-zà-ù]/);
  };
  await bad('separatore=%7C', 'separatore');
  await bad(`filters=${encodeURIComponent('{"nessuno": "x"}')}`, 'filters');
  await bad('filters=nonjson', 'filters');
  await bad('fields=codice,nessuno', 'fields');
});

test('POST forms of the CKAN actions answer as GET', async () => {
  // datastore_search: filters as an object, fields as a list, limit as a number
  const params = { resource_id: String(st.big), filters: { comune: 'Vicenza' }, fields: ['codice', 'importo'], limit: 5, offset: 2, sort: 'importo desc' };
  const p = await post('/api/3/action/datastore_search', params);
  const g = await (await fetch(`${srv.url}/api/3/action/datastore_search?resource_id=${st.big}`
    + `&filters=${encodeURIComponent(JSON.stringify(params.filters))}&fields=codice,importo&limit=5&offset=2&sort=${encodeURIComponent('importo desc')}`)).json();
  assert.equal(p.status, 200);
  assert.equal(p.body.success, true);
  assert.deepEqual(p.body, g);
  assert.equal(p.body.result.records.length, 5);
  // the unversioned path and an integer resource_id
  const p2 = await post('/api/action/datastore_search', { ...params, resource_id: st.big });
  assert.deepEqual(p2.body.result.records, g.result.records);
  // CKAN's 409 in the POST form too
  const e = await post('/api/3/action/datastore_search', { resource_id: String(st.big), limit: 'molti' });
  assert.equal(e.status, 409);
  assert.equal(e.body.error.__type, 'Validation Error');
  assert.ok(Array.isArray(e.body.error.limit));
  const nf = await post('/api/3/action/datastore_search', { resource_id: String(st.hidden) });
  assert.equal(nf.status, 404);
  assert.equal(nf.body.error.__type, 'Not Found Error');

  // package_search / package_show / package_list
  const ps = await post('/api/3/action/package_search', { q: 'Titolo', rows: 10, start: 0, 'facet.field': ['organization'] });
  const gs = await (await fetch(`${srv.url}/api/3/action/package_search?q=Titolo&rows=10&start=0&facet.field=${encodeURIComponent('["organization"]')}`)).json();
  assert.equal(ps.status, 200);
  assert.deepEqual(ps.body, gs);
  const gl = await (await fetch(`${srv.url}/api/3/action/package_list`)).json();
  assert.deepEqual((await post('/api/3/action/package_list', {})).body, gl);
  const name = gl.result[0];
  const show = await post('/api/action/package_show', { id: name });
  assert.equal(show.status, 200);
  assert.deepEqual(show.body, await (await fetch(`${srv.url}/api/action/package_show?id=${encodeURIComponent(name)}`)).json());
  // an unknown action, POSTed: CKAN's bare 400 string
  const u = await post('/api/3/action/nessuna_azione', {});
  assert.equal(u.status, 400);
  assert.equal(u.body, 'Bad request: Action name not known: nessuna_azione');
});

test('aggregates: a repeated question is answered from the cache, never stale after a new ingest', async () => {
  const ds = dataset('esporta-aggrega', 'pubblicato');
  const f1 = join(tmp, 'agg1.csv');
  writeFileSync(f1, 'comune;importo\nVicenza;10.5\nSchio;2\nVicenza;1.25\n');
  const res = load(ds, f1);
  const path = `/api/v1/dati/risorse/${res}/aggrega?group_by=comune&sum=importo`;
  const a = await (await fetch(srv.url + path)).json();
  const b = await (await fetch(srv.url + path)).json();
  assert.deepEqual(b, a);
  assert.deepEqual(a.gruppi.map((g) => [g.valore, g.count, g['sum:importo']]), [['Schio', 1, 2], ['Vicenza', 2, 11.75]]);
  // the same resource loaded again with other rows: a new table, a new answer
  const f2 = join(tmp, 'agg2.csv');
  writeFileSync(f2, 'comune;importo\nVicenza;1\nThiene;4\n');
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(ds), '--risorsa', String(res), f2]);
  assert.equal(r.status, 0, r.stderr);
  const c = await (await fetch(srv.url + path)).json();
  assert.deepEqual(c.gruppi.map((g) => [g.valore, g.count, g['sum:importo']]), [['Thiene', 1, 4], ['Vicenza', 1, 1]]);
  // a withdrawn dataset: its cached answer is not served to the public
  sql(srv.db, `UPDATE dati_dataset SET stato = 'ritirato' WHERE id = ${ds}`);
  assert.equal((await fetch(srv.url + path)).status, 404);
  assert.equal((await get(path, st.dati)).status, 200);
});
