// dati-risorse-file.test.mjs - end-to-end tests of the data office's files
// as resources (issue 15 items 3 and 7, docs/dati-catalogo.md "Files as
// resources"): a CSV uploaded to a dataset is stored, ingested by a job
// whose progress its office reads, and datastore_search then answers from
// it (the records compared with Python's csv reader of the same bytes);
// the file downloads byte for byte; a bad replacement (a broken quote deep
// in the file) fails its job with the row, and the resource keeps its
// previous file and table; over the size limit, a type libmagic refuses,
// and every other caller (another Province's officer, a Comune, another
// role, anonymous) refused with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { startServer, sql as sqlOn, sqlRows } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-risorse-boundary-R5';
let srv;
const as = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

function multipart(name, content, fields = {}) {
  const parts = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
    + 'Content-Type: text/csv\r\n\r\n'));
  parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  parts.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

async function upload(client, path, name, content, fields) {
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (client.cookie) { headers.cookie = `av_session=${client.cookie}`; headers['x-csrf-token'] = client.csrf; }
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: multipart(name, content, fields) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
}

// A POST announcing length bytes, none sent: the server must answer first.
function announce(client, path, length) {
  return new Promise((resolve, reject) => {
    const u = new URL(srv.url + path);
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: {
        cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(length),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => { resolve({ status: res.statusCode, body: JSON.parse(text) }); req.destroy(); });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

async function waitJob(client, id) {
  for (let i = 0; i < 600; i++) {
    const r = await client.call('GET', `/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`job ${id} never ended`);
}

// The CSV's records as Python's csv module reads them (an independent reader).
function pyRecords(text) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c',
    'import csv,io,json,sys; r=list(csv.reader(io.StringIO(sys.stdin.read()), delimiter=";")); '
    + 'print(json.dumps([dict(zip(r[0], row)) for row in r[1:]]))'], { input: text, encoding: 'utf8' }));
}

function csvOf(n, seed) {
  const lines = ['codice;comune;importo;note'];
  for (let i = 1; i <= n; i++)
    lines.push(`${String(i).padStart(4, '0')};Comune ${seed}-${i};${(i * 37) % 1000}.${(i % 9) + 1};"nota; con ""virgolette"" ${i}"`);
  return lines.join('\r\n') + '\r\n';
}

const DATASET = {
  nome: 'spese-comuni', titolo: 'Spese dei Comuni', descrizione: 'Spese per Comune.',
  temi: ['ECON'], frequenza: 'ANNUAL',
};

let dsId;
before(async () => {
  srv = await startServer({ web: false });
  const users = {
    dati: ['data_officer', 'provincia:024'],
    datiBS: ['data_officer', 'provincia:017'],
    comune: ['comune', 'comune:024116'],
    sua: ['sua_officer', 'provincia:024'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `rf-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `rf-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
  const r = await as.dati.call('POST', '/api/v1/dati/dataset', DATASET);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  dsId = r.body.id;
});
after(async () => { await srv.stop(); });

let rid, firstTable, firstText;
test('a CSV uploaded as a resource: 202, the job ingests it, datastore_search reads it, the file downloads', async () => {
  firstText = csvOf(5000, 'a');
  const r = await upload(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 'spese.csv', firstText,
    { nome: 'Spese 2025', descrizione: 'Una riga per voce' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `/api/v1/jobs/${r.body.id}`);
  rid = r.body.risorsa_id;
  const job = await waitJob(as.dati, r.body.id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.kind, 'dati_risorsa_file');
  assert.equal(job.progress.rows_done, 5000);
  assert.equal(job.progress.bytes_done, Buffer.byteLength(firstText));
  assert.equal(job.progress.percent, 100);
  assert.equal(job.result.righe, 5000);
  // The resource: a stored file, a table, the job's state for the office.
  const ds = (await as.dati.call('GET', `/api/v1/dati/dataset/${dsId}`)).body;
  const res = ds.risorse.find((x) => x.id === rid);
  assert.equal(res.nome, 'Spese 2025');
  assert.equal(res.descrizione, 'Una riga per voce');
  assert.equal(res.formato, 'CSV');
  assert.equal(res.url, null);
  assert.equal(res.file_url, `/api/v1/dati/risorse/${rid}/file`);
  assert.ok(res.tabella_id > 0);
  firstTable = res.tabella_id;
  assert.equal(res.caricamento.stato, 'done');
  assert.equal(res.caricamento.errore, null);
  // datastore_search (the draft's office) against Python's reading.
  const py = pyRecords(firstText);
  const s = await as.dati.call('GET', `/api/3/action/datastore_search?resource_id=${rid}&limit=32000`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.equal(s.body.result.total, py.length);
  assert.deepEqual(s.body.result.records.map(({ _id, ...rec }) =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, String(v)]))), py);
  // The file, byte for byte, with its ETag.
  const dl = await fetch(`${srv.url}${res.file_url}`, { headers: { cookie: `av_session=${as.dati.cookie}` } });
  assert.equal(dl.status, 200);
  assert.equal(await dl.text(), firstText);
  assert.match(dl.headers.get('content-type'), /^text\/csv/);
  assert.match(dl.headers.get('content-disposition'), /attachment; filename="spese.csv"/);
  // Audited: the document, the resource, the job, the ingest.
  assert.equal(count('audit_log', `action = 'dati.risorsa.aggiungi' AND object_id = '${rid}'`), 1);
  assert.equal(count('audit_log', `action = 'job.create' AND object_id = '${r.body.id}'`), 1);
  assert.equal(count('audit_log', `action = 'dati.ingest' AND object_id = '${rid}'`), 1);
  // (the demo's own file dataset has its upload too: this one's, once)
  assert.equal(count('audit_log', `action = 'document.upload' AND object_id = '${r.body.document_id}'`), 1);
});

test('a draft\'s file and ingest state are its office\'s only', async () => {
  for (const who of ['datiBS', 'comune', 'sua', 'anon']) {
    const r = await as[who].call('GET', `/api/v1/dati/risorse/${rid}/file`);
    assert.equal(r.status, 404, `${who}: ${r.status}`);
    const d = await as[who].call('GET', `/api/v1/dati/dataset/${dsId}`);
    assert.equal(d.status, 404, who);
    assert.doesNotMatch(JSON.stringify(r.body), /Comune a-1/);
  }
  // Published: the file is public, the ingest state is not.
  let r = await as.dati.call('POST', `/api/v1/dati/dataset/${dsId}/pubblica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await as.anon.call('GET', `/api/v1/dati/risorse/${rid}/file`);
  assert.equal(r.status, 200);
  assert.equal(r.body, firstText);
  const d = await as.anon.call('GET', `/api/v1/dati/dataset/${dsId}`);
  assert.equal(d.body.risorse[0].caricamento, undefined);
  assert.equal(d.body.risorse[0].file_url, `/api/v1/dati/risorse/${rid}/file`);
  // CKAN and DCAT point at the stored file.
  const p = await as.anon.call('GET', `/api/3/action/package_show?id=${DATASET.nome}`);
  assert.ok(p.body.result.resources[0].url.endsWith(`/api/v1/dati/risorse/${rid}/file`), p.body.result.resources[0].url);
  const ttl = await (await fetch(`${srv.url}/catalogo.ttl`)).text();
  assert.ok(ttl.includes(`/api/v1/dati/risorse/${rid}/file`));
});

test('a replacement with a broken quote at row 4,000: the job fails with the row, the previous file and table stay', async () => {
  const lines = csvOf(5000, 'b').split('\r\n');
  lines[4000] = '4000;"Comune rotto;1.5;x';  // line 4001 of the file: an unterminated quote
  const bad = lines.join('\r\n');
  const r = await upload(as.dati, `/api/v1/dati/risorse/${rid}/file`, 'rotto.csv', bad);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const job = await waitJob(as.dati, r.body.id);
  assert.equal(job.state, 'failed');
  assert.match(job.error, /riga 4001/);
  const ds = (await as.dati.call('GET', `/api/v1/dati/dataset/${dsId}`)).body;
  const res = ds.risorse.find((x) => x.id === rid);
  assert.equal(res.tabella_id, firstTable);
  assert.equal(res.caricamento.stato, 'failed');
  assert.match(res.caricamento.errore, /riga 4001/);
  const dl = await as.anon.call('GET', `/api/v1/dati/risorse/${rid}/file`);
  assert.equal(dl.body, firstText);
  const s = await as.anon.call('GET', `/api/3/action/datastore_search?resource_id=${rid}&limit=1`);
  assert.equal(s.body.result.total, 5000);
  assert.equal(s.body.result.records[0].comune, 'Comune a-1');
  assert.equal(count('audit_log', `action = 'dati.risorsa.file'`), 0);
});

test('a good replacement switches file and table together', async () => {
  const text = csvOf(300, 'c');
  const r = await upload(as.dati, `/api/v1/dati/risorse/${rid}/file`, 'nuovo.csv', text);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const job = await waitJob(as.dati, r.body.id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  const res = (await as.dati.call('GET', `/api/v1/dati/dataset/${dsId}`)).body.risorse.find((x) => x.id === rid);
  assert.notEqual(res.tabella_id, firstTable);
  assert.equal(res.document_id, r.body.document_id);
  assert.equal((await as.anon.call('GET', `/api/v1/dati/risorse/${rid}/file`)).body, text);
  const s = await as.anon.call('GET', `/api/3/action/datastore_search?resource_id=${rid}&limit=1`);
  assert.equal(s.body.result.total, 300);
  assert.equal(count('audit_log', `action = 'dati.risorsa.file' AND object_id = '${rid}'`), 1);
  assert.equal(count('dati_tabella', `id = ${firstTable} AND stato = 'sostituita'`), 1);
});

test('bad files: over the limit, a type libmagic refuses, a control character in the name, invalid UTF-8 in the file; nothing published', async () => {
  const resources = count('dati_risorsa');
  const docs = count('document');
  // 2 GB announced: 413 before a byte is read.
  let r = await announce(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 2 * 1024 * 1024 * 1024);
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'too_large');
  // An executable (ELF header) is no resource, whatever its name says.
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 1)]);
  r = await upload(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 'dati.csv', elf);
  assert.equal(r.status, 415, JSON.stringify(r.body));
  // Invalid UTF-8 in the name field.
  r = await upload(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 'a.csv', 'a;b\r\n1;2\r\n',
    { nome: 'x\u0001y' });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.field, 'nome');
  assert.equal(count('dati_risorsa'), resources);
  assert.equal(count('document'), docs);
  // Invalid UTF-8 in the file: the job says where, no table.
  const bytes = Buffer.concat([Buffer.from('a;b\r\n1;2\r\n3;'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\r\n')]);
  r = await upload(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 'latin.csv', bytes);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const job = await waitJob(as.dati, r.body.id);
  assert.equal(job.state, 'failed');
  assert.match(job.error, /riga 3/);
  assert.match(job.error, /UTF-8/);
  assert.equal(count('dati_risorsa', `id = ${r.body.risorsa_id} AND tabella_id IS NULL`), 1);
});

test('objects x entes: another Province\'s officer, a Comune, another role, anonymous are refused, nothing stored', async () => {
  const resources = count('dati_risorsa');
  const docs = count('document');
  const jobs = count('job');
  for (const [who, status] of [['datiBS', 403], ['comune', 403], ['sua', 403], ['anon', 401]]) {
    let r = await upload(as[who], `/api/v1/dati/dataset/${dsId}/risorse/file`, 'x.csv', 'a;b\r\n1;2\r\n');
    assert.equal(r.status, status, `${who} new: ${JSON.stringify(r.body)}`);
    r = await upload(as[who], `/api/v1/dati/risorse/${rid}/file`, 'x.csv', 'a;b\r\n1;2\r\n');
    assert.equal(r.status, status, `${who} replace: ${JSON.stringify(r.body)}`);
  }
  // Unknown ids: 404, for the office too.
  let r = await upload(as.dati, '/api/v1/dati/dataset/999999/risorse/file', 'x.csv', 'a;b\r\n1;2\r\n');
  assert.equal(r.status, 404);
  r = await upload(as.dati, '/api/v1/dati/risorse/999999/file', 'x.csv', 'a;b\r\n1;2\r\n');
  assert.equal(r.status, 404);
  assert.equal(count('dati_risorsa'), resources);
  assert.equal(count('document'), docs);
  assert.equal(count('job'), jobs);
  // Another Province's officer cannot read the job's progress either.
  const [{ id }] = sqlRows(srv.db, "SELECT id FROM job WHERE kind = 'dati_risorsa_file' ORDER BY id LIMIT 1");
  r = await as.datiBS.call('GET', `/api/v1/jobs/${id}`);
  assert.equal(r.status, 404);
});

test('a non-tabular file (PDF) is a resource without ingest: 201', async () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 0x20), Buffer.from('\n%%EOF\n')]);
  const r = await upload(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 'nota.pdf', pdf);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.formato, 'PDF');
  const dl = await fetch(`${srv.url}/api/v1/dati/risorse/${r.body.risorsa_id}/file`);
  assert.equal(dl.status, 200);
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), pdf);
  // A PDF does not replace a CSV resource's file.
  const x = await upload(as.dati, `/api/v1/dati/risorse/${rid}/file`, 'nota.pdf', pdf);
  assert.equal(x.status, 422, JSON.stringify(x.body));
});

test('DCAT-AP_IT coverage and contact point: stored, shown, kept when not given, cleared with ""; bad values are 400 naming the field', async () => {
  const [com] = sqlRows(srv.db, "SELECT codice_istat FROM comune WHERE provincia = '024' AND attivo = 1 ORDER BY codice_istat LIMIT 1");
  const [{ nome: comNome }] = sqlRows(srv.db, `SELECT nome FROM comune WHERE codice_istat = '${com.codice_istat}'`);
  let r = await as.dati.call('PUT', `/api/v1/dati/dataset/${dsId}`, {
    copertura_inizio: '2021-01-01', copertura_fine: '2021-12-31',
    copertura_spaziale: [`comune:${com.codice_istat}`, 'nuts:ITH3'],
    contatto_nome: 'Ufficio dati', contatto_email: 'dati@provincia.vicenza.it',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.copertura_temporale, { inizio: '2021-01-01', fine: '2021-12-31' });
  assert.deepEqual(r.body.copertura_spaziale, [
    { codice: `comune:${com.codice_istat}`, uri: `https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/${com.codice_istat}`, nome: comNome },
    { codice: 'nuts:ITH3', uri: 'http://data.europa.eu/nuts/code/ITH3', nome: null },
  ]);
  assert.deepEqual(r.body.contatto, { nome: 'Ufficio dati', email: 'dati@provincia.vicenza.it' });
  // A change of the title keeps them.
  r = await as.dati.call('PUT', `/api/v1/dati/dataset/${dsId}`, { titolo: 'Spese dei Comuni (2021)' });
  assert.equal(r.body.copertura_temporale.fine, '2021-12-31');
  assert.equal(r.body.contatto.nome, 'Ufficio dati');
  // CKAN: ckanext-dcatapit's temporal_coverage.
  const p = await as.anon.call('GET', `/api/3/action/package_show?id=${DATASET.nome}`);
  assert.deepEqual(JSON.parse(p.body.result.temporal_coverage), [{ temporal_start: '2021-01-01', temporal_end: '2021-12-31' }]);
  const before = sql(`SELECT copertura_inizio || copertura_fine || copertura_spaziale || contatto_email FROM dati_dataset WHERE id = ${dsId}`);
  const cases = [
    [{ copertura_inizio: '2021-02-30' }, 'copertura_inizio'],
    [{ copertura_fine: '31/12/2021' }, 'copertura_fine'],
    [{ copertura_inizio: '2022-01-01' }, 'copertura_fine'],  // after the stored end
    [{ copertura_spaziale: ['comune:999999'] }, 'copertura_spaziale[0]'],
    [{ copertura_spaziale: ['provincia:024', 'provincia:024'] }, 'copertura_spaziale[1]'],
    [{ copertura_spaziale: ['nuts:FR101'] }, 'copertura_spaziale[0]'],
    [{ copertura_spaziale: ['Vicenza'] }, 'copertura_spaziale[0]'],
    [{ contatto_email: 'non-una-email' }, 'contatto_email'],
    [{ contatto_email: '' }, 'contatto_email'],  // a name without an address
    [{ copertura_spaziale: 'provincia:024' }, 'copertura_spaziale'],
  ];
  for (const [body, field] of cases) {
    const x = await as.dati.call('PUT', `/api/v1/dati/dataset/${dsId}`, body);
    assert.equal(x.status, 400, `${field}: ${JSON.stringify(x.body)}`);
    assert.equal(x.body.error.field, field, JSON.stringify(x.body));
  }
  assert.equal(sql(`SELECT copertura_inizio || copertura_fine || copertura_spaziale || contatto_email FROM dati_dataset WHERE id = ${dsId}`), before);
  // Cleared.
  r = await as.dati.call('PUT', `/api/v1/dati/dataset/${dsId}`, {
    copertura_inizio: '', copertura_fine: '', copertura_spaziale: [], contatto_nome: '', contatto_email: '',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.copertura_temporale, null);
  assert.deepEqual(r.body.copertura_spaziale, []);
  assert.equal(r.body.contatto, null);
  // Another Province's officer cannot set them.
  r = await as.datiBS.call('PUT', `/api/v1/dati/dataset/${dsId}`, { contatto_nome: 'X', contatto_email: 'x@example.org' });
  assert.equal(r.status, 403);
  assert.equal(count('dati_dataset', `id = ${dsId} AND contatto_nome IS NOT NULL`), 0);
});

test('the list\'s nome filter finds one dataset without paging', async () => {
  let r = await as.anon.call('GET', `/api/v1/dati/dataset?nome=${DATASET.nome}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((d) => d.id), [dsId]);
  r = await as.anon.call('GET', '/api/v1/dati/dataset?nome=non-esiste');
  assert.deepEqual(r.body.items, []);
  r = await as.anon.call('GET', '/api/v1/dati/dataset?nome=Con%20Spazi');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'nome');
});

test('an XLSX (written by openpyxl) becomes a table: dates as AAAA-MM-GG, numbers as stored, text with separators', async () => {
  const xlsx = execFileSync('/usr/bin/python3', ['-c', `
import datetime, io, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['comune', 'data', 'importo', 'nota'])
for i in range(1, 301):
    ws.append(['Comune %d' % i, datetime.date(2025, 1 + i % 12, 1 + i % 28), i * 1.25, 'a, "b"; c %d' % i])
b = io.BytesIO(); wb.save(b); sys.stdout.buffer.write(b.getvalue())
`], { maxBuffer: 1 << 26 });
  const r = await upload(as.dati, `/api/v1/dati/dataset/${dsId}/risorse/file`, 'spese.xlsx', xlsx);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const job = await waitJob(as.dati, r.body.id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.righe, 300);
  const res = (await as.dati.call('GET', `/api/v1/dati/dataset/${dsId}`)).body.risorse.find((x) => x.id === r.body.risorsa_id);
  assert.equal(res.formato, 'XLSX');
  // The records as openpyxl reads the same file (an independent reader).
  const py = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import io, json, sys, openpyxl
ws = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read())).active
rows = list(ws.iter_rows(values_only=True))
def t(v):
    if hasattr(v, 'date'): return v.date().isoformat()
    return repr(v) if isinstance(v, float) else str(v)
print(json.dumps([dict(zip(rows[0], map(t, r))) for r in rows[1:]]))
`], { input: xlsx, encoding: 'utf8' }));
  const s = await as.dati.call('GET', `/api/3/action/datastore_search?resource_id=${r.body.risorsa_id}&limit=1000`);
  assert.equal(s.body.result.total, 300);
  assert.deepEqual(s.body.result.records.map(({ _id, ...rec }) =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]))), py);
  // The stored file is the .xlsx itself.
  const dl = await fetch(`${srv.url}/api/v1/dati/risorse/${r.body.risorsa_id}/file`, { headers: { cookie: `av_session=${as.dati.cookie}` } });
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), xlsx);
  // A CSV does not replace an XLSX resource's file.
  const x = await upload(as.dati, `/api/v1/dati/risorse/${r.body.risorsa_id}/file`, 'a.csv', 'a;b\r\n1;2\r\n');
  assert.equal(x.status, 422, JSON.stringify(x.body));
});
