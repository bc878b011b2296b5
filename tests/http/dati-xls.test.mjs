// dati-xls.test.mjs - spreadsheets with several sheets and the old .xls
// format as a Comune's answer (issue 15 item 2), on both backends.
//
// Workbooks are written by independent writers: openpyxl for .xlsx,
// xlwt (Debian's python3-xlwt, tests only) for .xls.  With several
// visible sheets the one whose header has the campaign's columns is read
// (a hidden sheet never is, even with the right header), the template's
// «Dati» preferred; none matching is refused naming the sheets found,
// nothing recorded.  An .xls goes through libfreexl and then the same CSV
// validator: the same data written as a CSV by Python's csv module must
// get the very same errors (row, column, field, rule, message) and the
// stored CSV must be the chosen sheet's data.  A damaged .xls is refused
// with the advice to save it as .xlsx or .csv.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-xls-boundary-K4';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLS_TYPE = 'application/vnd.ms-excel';
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

async function upload(client, path, name, content, type) {
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
  ],
  primaryKey: ['codice'],
};
const HEADER = SCHEMA.fields.map((f) => f.name);

// [codice, nome, alunni, superficie, apertura, collaudo]: 'AAAA-MM-GG' a
// real date cell, other strings text, null an empty cell; a null row a gap.
const ROWS = [
  ['S001', 'Scuola primaria «Rodari», via Roma', 120, 1234.5, '2020-09-01', '2019-03-01'],
  ['S002', 'Scuola media', -3, 800, '31/02/2026', '2021-06-30'],
  ['X3', 'Nome troppo lungo per il campo, davvero troppo lungo', 45, 6000.25, '2018-09-01', 'ieri'],
  null,
  ['S004', null, 10, 0.5, '1900-03-01', '1904-01-02'],
  ['S001', 'Chiave ripetuta', 1, 1, '2001-01-01', '2001-01-01'],
  [null, 'Senza codice', 2, 2, '2002-02-02', '2002-02-02'],
];
const VALID = [
  ['S101', 'Asilo «Arcobaleno»', 40, 310.75, '2015-09-01', '2015-08-01'],
  ['S102', 'Scuola primaria', 200, 1200, '2010-09-15', '2010-07-01'],
];

// sheets: [{name, rows (header first), hidden?}] -> an .xlsx by openpyxl
// or an .xls by xlwt, dates as real date cells.
const WRITE = `
import datetime, json, sys
spec, path, kind = json.loads(sys.stdin.read()), sys.argv[1], sys.argv[2]
def isdate(v):
    return isinstance(v, str) and len(v) == 10 and v[4] == '-' and v[7] == '-'
if kind == 'xlsx':
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in spec:
        ws = wb.create_sheet(sh['name'])
        if sh.get('hidden'):
            ws.sheet_state = 'hidden'
        for r, row in enumerate(sh['rows'], start=1):
            if row is None:
                continue
            for c, v in enumerate(row, start=1):
                if v is None:
                    continue
                if isdate(v):
                    cell = ws.cell(row=r, column=c, value=datetime.date.fromisoformat(v))
                    cell.number_format = 'DD/MM/YYYY'
                else:
                    ws.cell(row=r, column=c, value=v)
    wb.save(path)
else:
    import xlwt
    wb = xlwt.Workbook(encoding='utf-8')
    dstyle = xlwt.easyxf(num_format_str='DD/MM/YYYY')
    for sh in spec:
        ws = wb.add_sheet(sh['name'])
        for r, row in enumerate(sh['rows']):
            if row is None:
                continue
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isdate(v):
                    ws.write(r, c, datetime.date.fromisoformat(v), dstyle)
                else:
                    ws.write(r, c, v)
    wb.save(path)
`;
// The same data as the CSV a Comune would send (Python's csv).
const WRITE_CSV = `
import csv, datetime, io, json, sys
rows = json.loads(sys.stdin.read())
fmt = {4: '%d/%m/%Y', 5: '%Y-%m-%d'}
out = io.StringIO()
w = csv.writer(out, delimiter=';', lineterminator='\\r\\n')
for i, row in enumerate(rows):
    if row is None:
        w.writerow([''] * len(rows[0]))
        continue
    cells = []
    for c, v in enumerate(row):
        if v is None:
            cells.append('')
        elif isinstance(v, float):
            cells.append(repr(v).replace('.', ','))
        elif i > 0 and isinstance(v, str) and len(v) == 10 and v[4] == '-' and v[7] == '-':
            cells.append(datetime.date.fromisoformat(v).strftime(fmt[c]))
        else:
            cells.append(str(v))
    w.writerow(cells)
sys.stdout.write(out.getvalue())
`;
let seq = 0;
function book(kind, sheets) {
  const path = join(dir, `b${seq++}.${kind}`);
  execFileSync('/usr/bin/python3', ['-c', WRITE, path, kind], { input: JSON.stringify(sheets) });
  return readFileSync(path);
}
const csvOf = (rows) => execFileSync('/usr/bin/python3', ['-c', WRITE_CSV],
  { input: JSON.stringify(rows), encoding: 'utf8' });
const errs = (body) => body.errori_dettaglio.map((e) => `${e.riga}|${e.colonna}|${e.campo}|${e.regola}|${e.messaggio}`);
const stored = (rid) => {
  const sha = sql(`SELECT sha256 FROM dati_risposta WHERE id = ${rid}`);
  return readFileSync(join(srv.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha), 'utf8');
};

async function campaign(comuni = ['024116', '024001']) {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo: 'Edifici scolastici (fogli)', scopo: 'Prova delle risposte con più fogli e in .xls.',
    schema: JSON.stringify(SCHEMA), dialetto: { delimiter: ';' }, comuni,
    scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'av-xls-'));
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['vicenza', 'comune', 'comune:024116'],
    ['arcugnano', 'comune', 'comune:024001'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `xls-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `xls-${k}@example.org`);
});
after(async () => {
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('several sheets: the one whose header has the schema\'s columns is read, a hidden one never', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const sheets = [
    // hidden, first, with the right header and rows full of errors
    { name: 'Vecchia', hidden: true, rows: [HEADER, ...ROWS] },
    { name: 'Istruzioni', rows: [['Compilare il foglio Risposta'], ['una riga per scuola']] },
    { name: 'Risposta', rows: [HEADER, ...VALID] },
    { name: 'Appunti', rows: [['codice', 'altro']] },
  ];
  const r = await upload(u.vicenza, path, 'piu-fogli.xlsx', book('xlsx', sheets), XLSX_TYPE);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'valida', JSON.stringify(r.body.errori_dettaglio));
  assert.equal(r.body.righe, 2);
  // what was stored is the Risposta sheet, exactly as Python's csv writes it
  assert.equal(stored(r.body.id), csvOf([HEADER, ...VALID]));
});

test('several sheets, the template\'s «Dati» with a misspelt column: read, its header error reported', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const head = [...HEADER];
  head[2] = 'alunni_iscritti';
  const sheets = [
    { name: 'Note', rows: [['Nota'], ['nessuna']] },
    { name: 'Dati', rows: [head, ...VALID] },
  ];
  const r = await upload(u.vicenza, path, 'dati.xlsx', book('xlsx', sheets), XLSX_TYPE);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'con_errori');
  assert.ok(r.body.errori_dettaglio.some((e) => e.campo === 'alunni' && e.regola === 'header'
    && e.valore === 'alunni_iscritti'),
    JSON.stringify(r.body.errori_dettaglio));
});

test('several sheets and none with the schema\'s columns: 400 naming the sheets, nothing recorded', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024001/campagne/${id}/risposte`;
  for (const kind of ['xlsx', 'xls']) {
    const sheets = [
      { name: 'Foglio1', rows: [['scuola', 'indirizzo'], ['Rodari', 'via Roma']] },
      { name: 'Riepilogo', rows: [['totale'], [3]] },
      { name: 'Vuoto', rows: [] },
    ];
    const before = count('dati_risposta', `campagna_id = ${id}`);
    const r = await upload(u.arcugnano, path, `sbagliato.${kind}`, book(kind, sheets),
      kind === 'xls' ? XLS_TYPE : XLSX_TYPE);
    assert.equal(r.status, 400, `${kind}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, 'file');
    assert.match(r.body.error.message, /nessuno ha le colonne della raccolta/);
    assert.match(r.body.error.message, /«Foglio1», «Riepilogo», «Vuoto»/);
    assert.equal(count('dati_risposta', `campagna_id = ${id}`), before, kind);
  }
  assert.equal(sql(`SELECT stato FROM dati_campagna_comune WHERE campagna_id = ${id} AND comune = 'comune:024001'`),
    'attesa');
});

test('an .xls written by xlwt gets the same errors as the CSV of the same data', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const c = await upload(u.vicenza, path, 'risposta.csv', csvOf([HEADER, ...ROWS]), 'text/csv');
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const x = await upload(u.vicenza, path, 'risposta.xls', book('xls', [{ name: 'Dati', rows: [HEADER, ...ROWS] }]),
    XLS_TYPE);
  assert.equal(x.status, 201, JSON.stringify(x.body));
  assert.equal(x.body.stato, 'con_errori');
  assert.equal(x.body.nome_file, 'risposta.xls');
  assert.equal(x.body.righe, c.body.righe);
  assert.deepEqual(errs(x.body), errs(c.body));
  const got = new Set(x.body.errori_dettaglio.map((e) => `${e.riga}:${e.campo}:${e.regola}`));
  for (const want of ['3:alunni:minimum', '3:apertura:type', '4:codice:pattern', '4:nome:maxLength',
    '4:superficie:maximum', '4:collaudo:type', '7:codice:primaryKey', '8:codice:required']) {
    assert.ok(got.has(want), `${want} in ${[...got].join(' ')}`);
  }
  assert.ok(x.body.errori_dettaglio.some((e) => e.riga === 5 && e.regola === 'blank-row'));
  // the stored CSV of the .xls is the CSV of the same data
  assert.equal(stored(x.body.id), stored(c.body.id));
});

test('an .xls with several sheets: the matching one, valid and merged on close', async () => {
  const id = await campaign(['024116']);
  const path = `/api/v1/dati/comuni/024116/campagne/${id}/risposte`;
  const sheets = [
    { name: 'Istruzioni', rows: [['Compilare il foglio accanto']] },
    { name: 'Scuole', rows: [HEADER, ...VALID] },
  ];
  const r = await upload(u.vicenza, path, 'scuole.xls', book('xls', sheets), XLS_TYPE);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'valida', JSON.stringify(r.body.errori_dettaglio));
  assert.equal(stored(r.body.id), csvOf([HEADER, ...VALID]));
  const close = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(close.status, 200, JSON.stringify(close.body));
  const merged = await (await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`)).text();
  const lines = merged.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 3);
  assert.equal(lines[1], '024116;S101;Asilo «Arcobaleno»;40;310,75;01/09/2015;2015-08-01');
});

test('a damaged .xls: 400 on "file" saying to save it as .xlsx or .csv, nothing recorded', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024001/campagne/${id}/risposte`;
  const good = book('xls', [{ name: 'Dati', rows: [HEADER, ...VALID] }]);
  // the OLE2 header kept, the rest cut or overwritten
  const truncated = good.subarray(0, 1024);
  const scrambled = Buffer.from(good);
  for (let i = 512; i < scrambled.length; i += 7) scrambled[i] ^= 0x5a;
  for (const [name, body] of [['troncato', truncated], ['rovinato', scrambled]]) {
    const before = count('dati_risposta', `campagna_id = ${id}`);
    const r = await upload(u.arcugnano, path, `${name}.xls`, body, XLS_TYPE);
    assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, 'file');
    assert.match(r.body.error.message, /\.xlsx o \.csv/, name);
    assert.equal(count('dati_risposta', `campagna_id = ${id}`), before, name);
  }
  // another Comune's path: refused as for a CSV
  const other = await upload(u.arcugnano, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'ok.xls',
    good, XLS_TYPE);
  assert.ok(other.status === 403 || other.status === 404, String(other.status));
});

// A .xls whose sheet's DIMENSION record (type 0x0200, 14 bytes in BIFF8)
// claims rows x columns: FreeXL allocates them while opening, so the
// claim is checked first (xls_bound.c).  The record is found in xlwt's
// bytes and patched; the claims over BIFF8's limits or over 4 million
// cells in all are refused in Italian on "file", nothing recorded; a
// true claim is read as before.
function claim(good, rows, cols) {
  const b = Buffer.from(good);
  const at = b.indexOf(Buffer.from([0x00, 0x02, 0x0e, 0x00]));
  assert.ok(at > 0, 'DIMENSION record found');
  b.writeUInt32LE(rows, at + 4 + 4);
  b.writeUInt16LE(cols, at + 4 + 10);
  return b;
}

test('a .xls claiming huge sheets (DIMENSION): 400 before FreeXL allocates them, nothing recorded', async () => {
  const id = await campaign();
  const path = `/api/v1/dati/comuni/024001/campagne/${id}/risposte`;
  const good = book('xls', [{ name: 'Dati', rows: [HEADER, ...VALID] }]);
  for (const [rows, cols, re] of [
    [0xfffffff0, 0xffff, /dichiara 4294967280 righe e 65535 colonne/],
    [65536, 256, /più di 4000000 celle/],
  ]) {
    const before = count('dati_risposta', `campagna_id = ${id}`);
    const r = await upload(u.arcugnano, path, 'enorme.xls', claim(good, rows, cols), XLS_TYPE);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, 'file');
    assert.match(r.body.error.message, re);
    assert.equal(count('dati_risposta', `campagna_id = ${id}`), before);
  }
  // Within the bound (the real claim widened a little): read as before.
  const ok = await upload(u.arcugnano, path, 'giusto.xls', claim(good, VALID.length + 5, HEADER.length + 2), XLS_TYPE);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.stato, 'valida', JSON.stringify(ok.body.errori_dettaglio));
});
