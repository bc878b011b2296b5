// dati-xlsx.test.mjs - a Comune's answer given as an .xlsx (issue 15 item 2),
// on both backends.
//
// The spreadsheets are written by an independent writer, openpyxl (Debian's
// python3-openpyxl): real dates with a date format, floats, booleans, shared
// strings, a gap between rows, the 1904 date system.  The same data is also
// written as a CSV by Python's csv module, and the two answers must get the
// very same errors (row, column, field, rule, message) — the .xlsx goes
// through the CSV validator, so any difference is the reader's fault.  Our
// own template (modello.xlsx, libxlsxwriter) filled in by openpyxl is a
// valid answer, merged on close like a CSV.  Damaged files, a ZIP that is
// no spreadsheet and a zip bomb are refused with a 400 on "file", nothing
// recorded.  A large .xlsx (over the in-request 1 MiB) is checked by the
// job, with its errors at the sheet's own row numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-xlsx-boundary-Q7';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
function multipart(name, content, type) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + `Content-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

let srv;
let dir;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

function py(script, args, input = '') {
  return execFileSync('/usr/bin/python3', ['-c', script, ...args],
    { input, encoding: 'utf8', maxBuffer: 1 << 28 });
}

async function upload(client, path, name, content, type = XLSX_TYPE) {
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf };
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: multipart(name, content, type) });
  return { status: res.status, body: await res.json() };
}

const SCHEMA = {
  fields: [
    { name: 'codice', type: 'string', constraints: { required: true, pattern: 'S[0-9]{3}' } },
    { name: 'nome', type: 'string', constraints: { maxLength: 40 } },
    { name: 'alunni', type: 'integer', constraints: { minimum: 0 } },
    { name: 'superficie', type: 'number', decimalChar: ',', constraints: { maximum: 5000 } },
    { name: 'apertura', type: 'date', format: '%d/%m/%Y' },
    { name: 'collaudo', type: 'date' },
    { name: 'palestra', type: 'boolean', trueValues: ['sì'], falseValues: ['no'] },
  ],
  primaryKey: ['codice'],
};

// Each row: [codice, nome, alunni, superficie, apertura, collaudo, palestra],
// dates as 'AAAA-MM-GG' (a real date in the spreadsheet) or any other text
// (kept as text), null an empty cell.  null as a whole row: a gap.
const ROWS = [
  ['S001', 'Scuola primaria «Rodari», via Roma', 120, 1234.5, '2020-09-01', '2019-03-01', true],
  ['S002', 'Scuola media', -3, 800, '31/02/2026', '2021-06-30', false],
  ['X3', 'Nome troppo lungo per il campo, davvero troppo lungo', 45, 6000.25, '2018-09-01', 'ieri', true],
  null,
  ['S004', null, 10, 0.5, '1900-03-01', '1904-01-02', 'forse'],
  ['S001', 'Chiave ripetuta', 1, 1, '2001-01-01', '2001-01-01', false],
  [null, 'Senza codice', 2, 2, '2002-02-02', '2002-02-02', true],
];

// openpyxl writes the rows (dates as dates, numbers as numbers) to path.
const WRITE_XLSX = `
import datetime, json, sys, openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
rows, header, path, epoch = json.loads(sys.stdin.read()), sys.argv[1].split(','), sys.argv[2], sys.argv[3]
wb = openpyxl.Workbook()
if epoch == '1904':
    wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = 'Risposta'
ws.append(header)
r = 1
for row in rows:
    r += 1
    if row is None:
        continue
    for c, v in enumerate(row, start=1):
        if v is None:
            continue
        if isinstance(v, str) and len(v) == 10 and v[4] == '-' and v[7] == '-':
            cell = ws.cell(row=r, column=c, value=datetime.date.fromisoformat(v))
            cell.number_format = 'DD/MM/YYYY'
        else:
            ws.cell(row=r, column=c, value=v)
wb.save(path)
`;
// Python's csv writes what the same sheet would be as a CSV.
const WRITE_CSV = `
import csv, datetime, io, json, sys
rows, header = json.loads(sys.stdin.read()), sys.argv[1].split(',')
fmt = {4: '%d/%m/%Y', 5: '%Y-%m-%d'}
out = io.StringIO()
w = csv.writer(out, delimiter=';', lineterminator='\\r\\n')
w.writerow(header)
for row in rows:
    if row is None:
        w.writerow([''] * len(header))
        continue
    cells = []
    for c, v in enumerate(row):
        if v is None:
            cells.append('')
        elif isinstance(v, bool):
            cells.append('sì' if v else 'no')
        elif isinstance(v, float):
            cells.append(repr(v).replace('.', ','))
        elif isinstance(v, str) and len(v) == 10 and v[4] == '-' and v[7] == '-':
            cells.append(datetime.date.fromisoformat(v).strftime(fmt[c]))
        else:
            cells.append(str(v))
    w.writerow(cells)
sys.stdout.write(out.getvalue())
`;
const HEADER = SCHEMA.fields.map((f) => f.name).join(',');
function xlsx(rows, name, epoch = '1900') {
  const path = join(dir, name);
  py(WRITE_XLSX, [HEADER, path, epoch], JSON.stringify(rows));
  return readFileSync(path);
}
const csvOf = (rows) => py(WRITE_CSV, [HEADER], JSON.stringify(rows));

async function campaign(comuni = ['024116', '024001'], schema = SCHEMA) {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo: 'Edifici scolastici (xlsx)', scopo: 'Prova delle risposte in formato .xlsx.',
    schema: JSON.stringify(schema), dialetto: { delimiter: ';' }, comuni,
    scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}

const errs = (body) => body.errori_dettaglio.map((e) => `${e.riga}|${e.colonna}|${e.campo}|${e.regola}|${e.messaggio}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'av-xlsx-'));
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['vicenza', 'comune', 'comune:024116'],
    ['arcugnano', 'comune', 'comune:024001'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `xlsx-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `xlsx-${k}@example.org`);
});
after(async () => {
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an .xlsx written by openpyxl gets the same errors as the CSV of the same data', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const c = await upload(u.vicenza, path, 'risposta.csv', csvOf(ROWS), 'text/csv');
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const x = await upload(u.vicenza, path, 'risposta.xlsx', xlsx(ROWS, 'a.xlsx'));
  assert.equal(x.status, 201, JSON.stringify(x.body));
  assert.equal(x.body.stato, 'con_errori');
  assert.equal(x.body.nome_file, 'risposta.xlsx');
  assert.equal(x.body.righe, c.body.righe);
  assert.equal(x.body.errori, c.body.errori);
  assert.deepEqual(errs(x.body), errs(c.body));
  // What the rows hold, independently of the comparison: the sheet's row
  // numbers (header = 1, the gap at row 5 a blank row).
  const got = new Set(x.body.errori_dettaglio.map((e) => `${e.riga}:${e.campo}:${e.regola}`));
  for (const want of ['3:alunni:minimum', '3:apertura:type', '4:codice:pattern', '4:nome:maxLength',
    '4:superficie:maximum', '4:collaudo:type', '6:palestra:type', '7:codice:primaryKey', '8:codice:required']) {
    assert.ok(got.has(want), `${want} in ${[...got].join(' ')}`);
  }
  assert.ok(x.body.errori_dettaglio.some((e) => e.riga === 5 && e.regola === 'blank-row'));
  const bad = x.body.errori_dettaglio.find((e) => e.riga === 3 && e.campo === 'apertura');
  assert.match(bad.messaggio, /«31\/02\/2026» non è una data valida nel formato gg\/mm\/aaaa/);
  // The errors' CSV of the two answers is the same too.
  const csvErr = await u.vicenza.call('GET', `/api/v1/dati/risposte/${c.body.id}/errori.csv`);
  const xErr = await u.vicenza.call('GET', `/api/v1/dati/risposte/${x.body.id}/errori.csv`);
  assert.equal(xErr.status, 200);
  assert.equal(xErr.body, csvErr.body);
  assert.match(xErr.body, /31\/02\/2026/);
});

test('dates in the 1904 system and 1 March 1900 (past Excel\'s fictitious 29 February) read as the same days', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const rows = [
    ['S001', 'Una', 1, 1.25, '1900-03-01', '1904-01-02', true],
    ['S002', 'Due', 2, 2, '2026-02-28', '2024-02-29', false],
  ];
  // the 1904 system starts on 1 January 1904: no day before it
  const rows1904 = [['S001', 'Una', 1, 1.25, '1904-01-01', '1904-01-02', true], rows[1]];
  for (const [epoch, data] of [['1900', rows], ['1904', rows1904]]) {
    const x = await upload(u.vicenza, path, `d${epoch}.xlsx`, xlsx(data, `d${epoch}.xlsx`, epoch));
    assert.equal(x.status, 201, JSON.stringify(x.body));
    assert.equal(x.body.stato, 'valida', `${epoch}: ${JSON.stringify(x.body.errori_dettaglio)}`);
  }
  // The stored CSV (what the merge reads) holds the dates in the schema's forms.
  const stored = (name) => {
    const sha = sql(`SELECT sha256 FROM dati_risposta WHERE campagna_id = ${id} AND nome_file = '${name}'`);
    return readFileSync(join(srv.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha), 'utf8');
  };
  const b1900 = stored('d1900.xlsx');
  assert.match(b1900, /^codice;nome;alunni;superficie;apertura;collaudo;palestra\r\n/);
  assert.match(b1900, /S001;Una;1;1,25;01\/03\/1900;1904-01-02;sì\r\n/);
  assert.match(b1900, /S002;Due;2;2;28\/02\/2026;2024-02-29;no\r\n/);
  const b1904 = stored('d1904.xlsx');
  assert.match(b1904, /S001;Una;1;1,25;01\/01\/1904;1904-01-02;sì\r\n/);
  assert.match(b1904, /S002;Due;2;2;28\/02\/2026;2024-02-29;no\r\n/);
});

test('our own template filled in by openpyxl is a valid answer, merged on close', async () => {
  const id = await campaign(['024116']);
  const t = await fetch(`${srv.url}/api/v1/dati/comuni/024116/campagne/${id}/modello.xlsx`,
    { headers: { cookie: `av_session=${u.vicenza.cookie}` } });
  assert.equal(t.status, 200);
  const tpl = join(dir, 'modello.xlsx');
  const filled = join(dir, 'compilato.xlsx');
  execFileSync('/usr/bin/python3', ['-c', `
import sys, openpyxl
from pathlib import Path
Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
ws.append(['S010', 'Scuola dell\\'infanzia', 60, '350,5', '01/09/2015', '2015-08-01', 'sì'])
ws.append(['S011', 'Scuola primaria', 200, '1.200,75'.replace('.', ''), '15/09/2010', '2010-07-01', 'no'])
wb.save(sys.argv[2])`, tpl, filled], { input: Buffer.from(await t.arrayBuffer()) });
  const x = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'compilato.xlsx',
    readFileSync(filled));
  assert.equal(x.status, 201, JSON.stringify(x.body));
  assert.equal(x.body.stato, 'valida', JSON.stringify(x.body.errori_dettaglio));
  assert.equal(x.body.righe, 2);
  const close = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(close.status, 200, JSON.stringify(close.body));
  const merged = await (await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`)).text();
  const lines = merged.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 3);
  assert.match(lines[1], /^024116;S010;Scuola dell'infanzia;60;350,5;01\/09\/2015;2015-08-01;sì$/);
});

test('damaged files, a ZIP that is no spreadsheet and a zip bomb: 400 on "file", nothing recorded', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024001/campagne/${id}/risposte`;
  const good = xlsx(ROWS.slice(0, 2), 'ok.xlsx');
  const makeZip = (script) => {
    const p = join(dir, `z${Math.random().toString(36).slice(2)}.zip`);
    execFileSync('/usr/bin/python3', ['-c', `
import sys, zipfile
p = sys.argv[1]
${script}`, p]);
    return readFileSync(p);
  };
  const cases = {
    truncated: good.subarray(0, Math.floor(good.length / 2)),
    notSheet: makeZip(`
with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('leggimi.txt', 'non sono un foglio')`),
    // 200 MB of the same byte inside a well-formed sheet element: a ratio
    // of about 1000:1, refused after its first MiB is inflated.
    bomb: makeZip(`
with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="a" sheetId="1"/></sheets></workbook>')
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
        f.write(b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
        block = b'a' * (1 << 20)
        for _ in range(200):
            f.write(block)
        f.write(b'</t></is></c></row></sheetData></worksheet>')`),
    badXml: makeZip(`
with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', '<workbook><sheets><sheet name="a"/></sheets></workbook>')
    z.writestr('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>')`),
  };
  for (const [name, body] of Object.entries(cases)) {
    const before = count('dati_risposta', `campagna_id = ${id}`);
    const r = await upload(u.arcugnano, path, `${name}.xlsx`, body);
    assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, 'file', name);
    assert.match(r.body.error.message, /xlsx|ZIP|foglio/i, name);
    assert.equal(count('dati_risposta', `campagna_id = ${id}`), before, name);
  }
  assert.equal(sql(`SELECT stato FROM dati_campagna_comune WHERE campagna_id = ${id} AND comune = 'comune:024001'`), 'attesa');
  // Another Comune's path: the same 404 as for a CSV.
  const other = await upload(u.arcugnano, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'ok.xlsx', good);
  assert.ok(other.status === 403 || other.status === 404, String(other.status));
});

test('a large .xlsx is checked by the job, with its errors at the sheet\'s row numbers', async () => {
  const schema = {
    fields: [
      { name: 'codice', type: 'string', constraints: { required: true, pattern: 'S[0-9]{1,6}' } },
      { name: 'nota', type: 'string' },
      { name: 'alunni', type: 'integer', constraints: { minimum: 0 } },
    ],
    primaryKey: ['codice'],
  };
  const id = await campaign(['024116'], schema);
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const big = join(dir, 'grande.xlsx');
  // random text defeats compression: the file is over 1 MiB
  execFileSync('/usr/bin/python3', ['-c', `
import sys, openpyxl, random, string
random.seed(7)
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet()
ws.append(['codice', 'nota', 'alunni'])
for i in range(1, 20001):
    nota = ''.join(random.choice(string.ascii_letters) for _ in range(60))
    codice = 'X7' if i == 15000 else 'S%d' % i
    ws.append([codice, nota, -1 if i == 9000 else i % 300])
wb.save(sys.argv[1])`, big]);
  const body = readFileSync(big);
  assert.ok(body.length > (1 << 20), `over 1 MiB: ${body.length}`);
  const r = await upload(u.vicenza, path, 'grande.xlsx', body);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  let job;
  for (let k = 0; k < 1200; k++) {
    job = (await u.vicenza.call('GET', `/api/v1/jobs/${r.body.job_id}`)).body;
    if (job.state === 'done' || job.state === 'failed') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.righe, 20000);
  assert.equal(job.result.errori, 2);
  const ans = await u.vicenza.call('GET', `/api/v1/dati/risposte/${job.result.risposta_id}`);
  const got = ans.body.errori_dettaglio.map((e) => `${e.riga}:${e.campo}:${e.regola}`).sort();
  assert.deepEqual(got, ['15001:codice:pattern', '9001:alunni:minimum']);
});
