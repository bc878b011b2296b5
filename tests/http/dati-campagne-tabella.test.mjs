// dati-campagne-tabella.test.mjs - a closed campaign's data in the tabular
// store (issue 15 items 2-4): closing ingests the valid answers, the
// Comune's ISTAT code first, into a generated table in the close's own
// transaction; datastore_search and the aggregate read it (compared with
// the merged CSV as Python's csv module reads it, an independent parser);
// a close whose ingest fails changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-dati4-boundary-Zq1';
function multipart(name, content) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: text/csv\r\n\r\n'),
    Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

let srv;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

async function upload(client, path, name, content) {
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf };
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: multipart(name, content) });
  return { status: res.status, body: await res.json() };
}

function pyCsv(text) {
  return JSON.parse(execFileSync('python3', ['-c', `
import csv, io, json, sys
print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline=''), delimiter=';'))))`],
  { input: text, encoding: 'utf8' }));
}

const SCHEMA = {
  fields: [
    { name: 'codice_scuola', type: 'string', constraints: { required: true } },
    { name: 'ordine', type: 'string', constraints: { enum: ['infanzia', 'primaria', 'secondaria'] } },
    { name: 'alunni', type: 'integer', constraints: { minimum: 0 } },
    { name: 'superficie_mq', type: 'number', decimalChar: ',' },
    { name: 'data_apertura', type: 'date' },
  ],
  primaryKey: ['codice_scuola'],
};
const HEADER = 'codice_scuola;ordine;alunni;superficie_mq;data_apertura\n';

async function closedCampaign(officer, comuni) {
  const c = await officer.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo: 'Scuole per tabella', scopo: 'Prova del passaggio alla tabella.',
    schema: JSON.stringify(SCHEMA), dialetto: { delimiter: ';' },
    comuni: Object.keys(comuni),
    scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}

before(async () => {
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['vicenza', 'comune', 'comune:024116'],
    ['arcugnano', 'comune', 'comune:024001'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `tab-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `tab-${k}@example.org`);
});
after(async () => { await srv.stop(); });

test('closing a campaign ingests the valid answers: datastore_search and aggregate read them', async () => {
  const id = await closedCampaign(u.dati, { '024116': 1, '024001': 1 });
  const a = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'v.csv',
    HEADER + 'S1;primaria;250;1200,5;1970-09-01\nS2;infanzia;40;300;\nS3;primaria;;99;2001-01-31\n');
  assert.equal(a.body.stato, 'valida', JSON.stringify(a.body));
  const b = await upload(u.arcugnano, `/api/v1/dati/comuni/024001/campagne/${id}/risposte`, 'a.csv',
    HEADER + 'A1;secondaria;600;2000;1980-10-01\nA2;primaria;"12";5,25;1999-09-15\n');
  assert.equal(b.body.stato, 'valida', JSON.stringify(b.body));
  const tablesBefore = count('dati_tabella');

  const closed = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  const ds = closed.body.dataset_id;
  const res = Number(sql(`SELECT id FROM dati_risorsa WHERE dataset_id = ${ds}`));
  const tab = Number(sql(`SELECT tabella_id FROM dati_risorsa WHERE id = ${res}`));
  assert.ok(tab > 0, 'the resource points at its table');
  assert.equal(count('dati_tabella'), tablesBefore + 1);
  assert.equal(sql(`SELECT stato FROM dati_tabella WHERE id = ${tab}`), 'pronta');
  assert.equal(count('audit_log', `action = 'dati.ingest' AND object_id = '${res}'`), 1);

  // The reference: the merged CSV as Python reads it.
  const merged = await (await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`)).text();
  const rows = pyCsv(merged);
  const header = rows.shift();
  assert.equal(rows.length, 5);

  const r = await fetch(`${srv.url}/api/3/action/datastore_search?resource_id=${res}&limit=100`);
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.success, true);
  assert.equal(body.result.total, rows.length);
  assert.deepEqual(body.result.fields.map((f) => f.id), ['_id', ...header]);
  const types = Object.fromEntries(body.result.fields.map((f) => [f.id, f.type]));
  // number with a decimal comma is kept as text; the default forms keep their type.
  assert.equal(types.alunni, 'int');
  assert.equal(types.superficie_mq, 'text');
  assert.equal(types.data_apertura, 'date');
  assert.equal(types.codice_istat_comune, 'text');
  for (let i = 0; i < rows.length; i++) {
    const rec = body.result.records[i];
    header.forEach((h, k) => {
      const want = rows[i][k] === '' ? null : rows[i][k];
      const got = rec[h] === null ? null : String(rec[h]);
      assert.equal(got, want, `row ${i} ${h}`);
    });
  }
  // A filter on the Comune's code.
  const f = await (await fetch(`${srv.url}/api/3/action/datastore_search?resource_id=${res}`
    + `&filters=${encodeURIComponent(JSON.stringify({ codice_istat_comune: '024001' }))}`)).json();
  assert.equal(f.result.total, rows.filter((x) => x[0] === '024001').length);

  // The aggregate: pupils per Comune, against the reference rows.
  const g = await (await fetch(`${srv.url}/api/v1/dati/risorse/${res}/aggrega?group_by=codice_istat_comune&sum=alunni`)).json();
  const want = {};
  for (const row of rows) {
    want[row[0]] ??= { count: 0, sum: 0 };
    want[row[0]].count++;
    if (row[3] !== '') want[row[0]].sum += Number(row[3]);
  }
  assert.deepEqual(Object.fromEntries(g.gruppi.map((x) => [x.valore, { count: x.count, sum: x['sum:alunni'] }])), want);
});

test('a close whose ingest fails changes nothing', async () => {
  const id = await closedCampaign(u.dati, { '024116': 1 });
  const a = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'v.csv',
    HEADER + 'S1;primaria;250;1200,5;1970-09-01\n');
  assert.equal(a.body.stato, 'valida');
  // The answer's file is gone from the blob store: the merge cannot read it.
  const datasets = count('dati_dataset');
  const tables = count('dati_tabella');
  const audits = count('audit_log', "action IN ('dati.campagna.chiudi', 'dati.ingest')");
  sql(`UPDATE dati_risposta SET sha256 = '${'0'.repeat(64)}' WHERE id = ${a.body.id}`);
  const closed = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.ok(closed.status >= 400, JSON.stringify(closed.body));
  assert.equal(sql(`SELECT stato FROM dati_campagna WHERE id = ${id}`), 'aperta');
  assert.equal(count('dati_dataset'), datasets);
  assert.equal(count('dati_tabella'), tables);
  assert.equal(count('audit_log', "action IN ('dati.campagna.chiudi', 'dati.ingest')"), audits);
});
