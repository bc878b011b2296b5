// dati-datastore.test.mjs - end-to-end tests of the tabular store (issue
// 15 items 3 and 4): `areavasta import csv` of the real ANAC sample (the
// rows, values and counts checked against Python's csv module, an
// independent parser), a second import swapping the table atomically,
// bad files refused with their line and nothing stored (broken quote,
// invalid UTF-8, wrong delimiter, wrong field count, duplicate header, a
// BOM accepted), and CKAN's datastore_search: fields, filters, q, sort,
// paging with _links, records_format lists/csv, CKAN's 409/404, and who
// sees a draft dataset's records (its ente's data officer only).
//
// The datasets (dati_dataset) belong to the catalogue of w-catalogo; until
// that branch is merged this test ARRANGES them with sql(), a precondition
// only.  Our own data is always made through our CLI and routes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, cli, sql, sqlRows, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const ANAC = join(SHARED, 'data', 'anac', 'cig_csv_sample_20231001.csv');
const ENTE = 'provincia:024';
const OTHER = 'provincia:028';
let srv;
let tmp;

// Python's csv module reads the sample: the independent reference.
function pyRead(file, delim = ';') {
  const out = execFileSync('python3', ['-c', `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f, delimiter=sys.argv[2]))
print(json.dumps(rows))`, file, delim], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

function dataset(nome, stato, ente = ENTE) {
  sql(srv.db, `INSERT INTO dati_dataset (ente, nome, identificativo, titolo,
    descrizione, stato, created, modified) VALUES ('${ente}', '${nome}',
    'test:${nome}', 'Titolo ${nome}', 'd', '${stato}', 0, 0)`);
  return Number(sqlRows(srv.db, `SELECT id FROM dati_dataset WHERE nome = '${nome}'`)[0].id);
}

function file(name, text) {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

async function search(params, who) {
  const qs = new URLSearchParams(params).toString();
  const path = `/api/3/action/datastore_search?${qs}`;
  if (who) return who.call('GET', path);
  const r = await fetch(srv.url + path);
  return { status: r.status, body: await r.json() };
}

const state = {};

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-dati-'));
  srv = await startServer({ web: false });
  state.pub = dataset('cig-pubblicato', 'pubblicato');
  state.draft = dataset('cig-bozza', 'bozza');
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

test('import csv: the ANAC sample, every row and value as Python reads it', () => {
  const rows = pyRead(ANAC);
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(state.pub), ANAC]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/risorsa (\d+), tabella (\d+), (\d+) righe, (\d+) colonne/);
  assert.ok(m, r.stdout);
  state.res = Number(m[1]);
  state.tab = Number(m[2]);
  assert.equal(Number(m[3]), rows.length - 1);
  assert.equal(Number(m[4]), rows[0].length);
  const campi = sqlRows(srv.db, `SELECT pos, nome, tipo FROM dati_tabella_campo WHERE tabella_id = ${state.tab} ORDER BY pos`);
  assert.deepEqual(campi.map((c) => c.nome), rows[0]);
  // every value of rows 1, 500 and the last, column by column
  for (const i of [1, 500, rows.length - 1]) {
    const cols = rows[0].map((_, k) => `c${k + 1}`).join(', ');
    const got = sqlRows(srv.db, `SELECT ${cols} FROM dati_t_${state.tab} WHERE _id = ${i}`)[0];
    rows[i].forEach((v, k) => assert.equal(got[`c${k + 1}`] ?? '', v, `row ${i} col ${rows[0][k]}`));
  }
  // (the demo's closed campaign has its own ingest: count this resource's)
  const audit = sqlRows(srv.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'dati.ingest' AND object_id = '${state.res}'`);
  assert.equal(Number(audit[0].n), 1);
});

test('import csv again into the same resource: the table is swapped, the old one dropped', () => {
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(state.pub), '--risorsa', String(state.res), ANAC]);
  assert.equal(r.status, 0, r.stderr);
  const t = sqlRows(srv.db, `SELECT id, stato FROM dati_tabella WHERE risorsa_id = ${state.res} ORDER BY id`);
  assert.deepEqual(t.map((x) => x.stato), ['sostituita', 'pronta']);
  const cur = sqlRows(srv.db, `SELECT tabella_id FROM dati_risorsa WHERE id = ${state.res}`)[0].tabella_id;
  assert.equal(Number(cur), Number(t[1].id));
  assert.throws(() => sql(srv.db, `SELECT COUNT(*) FROM dati_t_${state.tab}`));
  state.tab = Number(cur);
});

test('bad files: refused with their line, nothing stored', () => {
  const before = sqlRows(srv.db, 'SELECT COUNT(*) AS n FROM dati_tabella')[0].n;
  const cases = [
    ['quote.csv', 'a,b\n1,2\n3,"4\n5,6\n', /riga 3: .*virgolette non chiuse/],
    ['quote2.csv', 'a,b\n1,2\n3,x"4\n', /riga 3: .*virgolette/],
    ['utf8.csv', Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xff]), Buffer.from('\n')]), /riga 3: colonna 2: .*UTF-8/],
    ['campi.csv', 'a,b\n1,2\n3\n', /riga 3: 1 campi invece dei 2/],
    ['dup.csv', 'a,a\n1,2\n', /riga 1: colonna 2: il campo «a» è già presente/],
    ['utf16.csv', Buffer.from([0xff, 0xfe, 0x61, 0x00]), /UTF-16/],
    ['vuoto.csv', '', /vuoto/],
  ];
  for (const [name, text, re] of cases) {
    const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(state.pub), file(name, text)]);
    assert.equal(r.status, 1, name);
    assert.match(r.stderr, re, name);
  }
  const sep = cli(['import', 'csv', '--db', srv.db, '--dataset', String(state.pub), '--separatore', ',', file('sep.csv', 'a;b\n1;2\n')]);
  assert.equal(sep.status, 1);
  assert.match(sep.stderr, /separatore del file sembra «;», non «,»/);
  assert.equal(sqlRows(srv.db, 'SELECT COUNT(*) AS n FROM dati_tabella')[0].n, before);
  // a multi-line quoted value counts its lines: the bad record is on line 4
  const ml = cli(['import', 'csv', '--db', srv.db, '--dataset', String(state.pub), file('ml.csv', 'a,b\n1,"x\ny"\n2,x"z\n')]);
  assert.match(ml.stderr, /riga 4:/);
});

test('a BOM is skipped and the delimiter detected', () => {
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(state.draft), file('bom.csv', '\ufeffnome;valore\nuno;1\ndue;2\n')]);
  assert.equal(r.status, 0, r.stderr);
  state.draftRes = Number(r.stdout.match(/risorsa (\d+)/)[1]);
  const tab = sqlRows(srv.db, `SELECT tabella_id FROM dati_risorsa WHERE id = ${state.draftRes}`)[0].tabella_id;
  const campi = sqlRows(srv.db, `SELECT nome, tipo FROM dati_tabella_campo WHERE tabella_id = ${tab} ORDER BY pos`);
  assert.deepEqual(campi, [{ nome: 'nome', tipo: 'string' }, { nome: 'valore', tipo: 'integer' }]);
});

test('datastore_search: fields, total and _links as CKAN', async () => {
  const rows = pyRead(ANAC);
  const r = await search({ resource_id: state.res, limit: 3, fields: 'cig,provincia' });
  assert.equal(r.status, 200);
  assert.equal(r.body.success, true);
  assert.match(r.body.help, /help_show\?name=datastore_search$/);
  const res = r.body.result;
  assert.equal(res.total, rows.length - 1);
  assert.deepEqual(res.fields.map((f) => f.id), ['_id', 'cig', 'provincia']);
  const iCig = rows[0].indexOf('cig');
  const iProv = rows[0].indexOf('provincia');
  assert.deepEqual(res.records, [1, 2, 3].map((i) => ({ _id: i, cig: rows[i][iCig], provincia: rows[i][iProv] || null })));
  assert.equal(res._links.next, `/api/3/action/datastore_search?resource_id=${state.res}&offset=3`);
  // the next page continues where the first ended
  const p2 = await search({ resource_id: state.res, limit: 3, offset: 3, fields: 'cig' });
  assert.deepEqual(p2.body.result.records.map((x) => x._id), [4, 5, 6]);
});

test('datastore_search: filters, q and sort match a count made here', async () => {
  const rows = pyRead(ANAC);
  const h = rows[0];
  const iProv = h.indexOf('provincia');
  const iImp = h.indexOf('importo_lotto');
  const iOgg = h.indexOf('oggetto_lotto');
  const data = rows.slice(1);
  const roma = data.filter((r) => r[iProv] === 'ROMA' || r[iProv] === 'MILANO');
  const r = await search({
    resource_id: state.res, filters: JSON.stringify({ provincia: ['ROMA', 'MILANO'] }),
    sort: 'importo_lotto desc', fields: 'provincia,importo_lotto', limit: 5,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.result.total, roma.length);
  const top = roma.map((x) => Number(x[iImp])).sort((a, b) => b - a).slice(0, 5);
  assert.deepEqual(r.body.result.records.map((x) => x.importo_lotto), top);
  const word = 'MANUTENZIONE';
  const q = await search({ resource_id: state.res, q: word.toLowerCase(), limit: 0 });
  const expect = data.filter((x) => x.join(' ').toUpperCase().includes(word)).length;
  // SQLite's LIKE and PostgreSQL's ILIKE fold ASCII case: same count
  assert.equal(q.body.result.total, expect);
  assert.ok(expect > 0);
  assert.equal(iOgg >= 0, true);
});

test('datastore_search: lists and csv records', async () => {
  const rows = pyRead(ANAC);
  const iCig = rows[0].indexOf('cig');
  const iOgg = rows[0].indexOf('oggetto_gara');
  const l = await search({ resource_id: state.res, limit: 2, fields: 'cig', records_format: 'lists' });
  assert.deepEqual(l.body.result.records, [[1, rows[1][iCig]], [2, rows[2][iCig]]]);
  const c = await search({ resource_id: state.res, limit: 4, fields: 'cig,oggetto_gara', records_format: 'csv' });
  assert.equal(typeof c.body.result.records, 'string');
  // read back with Python's csv (',' and RFC 4180 quotes, as CKAN writes)
  const back = pyRead(file('back.csv', c.body.result.records), ',');
  assert.deepEqual(back, [1, 2, 3, 4].map((i) => [String(i), rows[i][iCig], rows[i][iOgg]]));
});

test("datastore_search: CKAN's 409 and 404", async () => {
  const cases = [
    [{}, 'resource_id'],
    [{ resource_id: state.res, fields: 'nope' }, 'fields'],
    [{ resource_id: state.res, sort: 'nope desc' }, 'sort'],
    [{ resource_id: state.res, limit: 32001 }, 'limit'],
    [{ resource_id: state.res, records_format: 'xml' }, 'records_format'],
    [{ resource_id: state.res, filters: '{"nope":"x"}' }, 'filters'],
    [{ resource_id: state.res, filters: 'not json' }, 'filters'],
    [{ resource_id: state.res, include_total: 'forse' }, 'include_total'],
  ];
  for (const [p, field] of cases) {
    const r = await search(p);
    assert.equal(r.status, 409, JSON.stringify(p));
    assert.equal(r.body.success, false);
    assert.equal(r.body.error.__type, 'Validation Error');
    assert.ok(Array.isArray(r.body.error[field]), JSON.stringify(r.body));
  }
  for (const id of ['999999', 'abc', "1' OR '1'='1"]) {
    const r = await search({ resource_id: id });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.__type, 'Not Found Error');
  }
  const unv = await fetch(`${srv.url}/api/action/datastore_search?resource_id=${state.res}&limit=1`);
  assert.equal(unv.status, 200);
});

test("a draft dataset's records: only its ente's data officer", async () => {
  addUser(srv.db, 'dati@prov.test', 'data_officer', ENTE);
  addUser(srv.db, 'dati-altra@prov.test', 'data_officer', OTHER);
  addUser(srv.db, 'sua@prov.test', 'sua_officer', ENTE);
  const own = await login(srv.url, 'dati@prov.test');
  const other = await login(srv.url, 'dati-altra@prov.test');
  const sua = await login(srv.url, 'sua@prov.test');
  const ok = await search({ resource_id: state.draftRes }, own);
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body.result.records, [{ _id: 1, nome: 'uno', valore: 1 }, { _id: 2, nome: 'due', valore: 2 }]);
  for (const who of [undefined, other, sua]) {
    const r = await search({ resource_id: state.draftRes }, who);
    assert.equal(r.status, 404);
    assert.ok(!JSON.stringify(r.body).includes('uno'));
  }
});

test('aggrega: count, exact sums and averages per Province as Python Decimal computes them', async () => {
  const out = execFileSync('python3', ['-c', `
import csv, json, sys
from decimal import Decimal, ROUND_HALF_UP
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f, delimiter=';'))
g = {}
for r in rows:
    k = r['provincia'] or None
    e = g.setdefault(k, {'count': 0, 'sum': Decimal(0), 'n': 0})
    e['count'] += 1
    if r['importo_lotto']:
        e['sum'] += Decimal(r['importo_lotto']); e['n'] += 1
def txt(d):
    s = format(d, 'f')
    return s.rstrip('0').rstrip('.') if '.' in s else s
res = {}
for k, e in g.items():
    avg = (e['sum'] / e['n']).quantize(Decimal('1e-9'), ROUND_HALF_UP) if e['n'] else None
    res[k or ''] = [e['count'], txt(e['sum']) if e['n'] else None, txt(avg) if avg is not None else None]
print(json.dumps(res))`, ANAC], { encoding: 'utf8' });
  const want = JSON.parse(out);
  // raw text: the sums must be compared digit by digit, not as doubles
  const r = await fetch(`${srv.url}/api/v1/dati/risorse/${state.res}/aggrega?group_by=provincia&sum=importo_lotto&avg=importo_lotto`);
  assert.equal(r.status, 200);
  const text = await r.text();
  const body = JSON.parse(text);
  assert.equal(body.gruppi_totali, Object.keys(want).length);
  const re = /\{"valore":("(?:[^"\\]|\\.)*"|null),"count":(\d+),"sum:importo_lotto":([-0-9.e]+|null),"avg:importo_lotto":([-0-9.e]+|null)\}/g;
  let n = 0;
  for (const m of text.matchAll(re)) {
    const key = JSON.parse(m[1]) ?? '';
    const [count, sum, avg] = want[key];
    assert.equal(Number(m[2]), count, key);
    assert.equal(m[3], String(sum), `sum ${key}`);
    assert.equal(m[4], String(avg), `avg ${key}`);
    n++;
  }
  assert.equal(n, Object.keys(want).length);
  const bad = await fetch(`${srv.url}/api/v1/dati/risorse/${state.res}/aggrega?sum=oggetto_gara`);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.field, 'sum');
  const hidden = await fetch(`${srv.url}/api/v1/dati/risorse/${state.draftRes}/aggrega`);
  assert.equal(hidden.status, 404);
});
