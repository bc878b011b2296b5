// dati-campagne.test.mjs - data campaigns (issue 15 item 2) against a real
// server, on both backends: a campaign of the Province of Vicenza to three
// of its Comuni with a schema in Italian form (decimal comma, gg/mm/aaaa,
// ISTAT codes checked against the registry); one Comune answers validly,
// one with errors (every error reported with row, column, rule, downloadable
// as CSV; the answer kept, not merged) then fixes and resubmits, one never
// answers; the board; closing publishes a dataset whose CSV holds only the
// valid answers with the ISTAT code added.  Objects x entes: another Comune,
// another Province's data officer and Comune, a SUA officer, anonymous —
// refused, nothing leaked.  Bad input: invalid schemas with their JSON path,
// a broken quote, a wrong delimiter, invalid UTF-8, duplicate keys; a
// non-CSV file.  Nothing changes on a refused request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertEnvelope, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const BOUNDARY = '----areavasta-dati-boundary-7hQ';
function multipart(name, content) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: text/csv\r\n\r\n'),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

let srv;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

async function upload(client, path, name, content) {
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (client) { headers.cookie = `av_session=${client.cookie}`; headers['x-csrf-token'] = client.csrf; }
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: multipart(name, content) });
  const text = await res.text();
  const json = (res.headers.get('content-type') || '').startsWith('application/json');
  return { status: res.status, body: json ? JSON.parse(text) : text };
}

function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

const SCHEMA = {
  fields: [
    { name: 'codice_scuola', type: 'string', constraints: { required: true, pattern: '[A-Z]{4}[0-9]{6}' } },
    { name: 'comune_sede', type: 'string', constraints: { required: true } },
    { name: 'data_apertura', type: 'date', format: '%d/%m/%Y' },
    { name: 'alunni', type: 'integer', constraints: { minimum: 0 } },
    { name: 'superficie_mq', type: 'number', decimalChar: ',', groupChar: '.' },
  ],
  primaryKey: ['codice_scuola'],
  foreignKeys: [{ fields: 'comune_sede', reference: { resource: 'comuni', fields: 'codice_istat' } }],
  missingValues: ['', 'n.d.'],
};
const HEADER = 'codice_scuola;comune_sede;data_apertura;alunni;superficie_mq\n';

function campagna(over = {}) {
  return {
    titolo: 'Edifici scolastici comunali 2026',
    scopo: 'Censimento degli edifici scolastici di proprietà comunale.',
    schema: JSON.stringify(SCHEMA),
    dialetto: { delimiter: ';' },
    comuni: ['024116', '024001', '024100'],
    scadenza: day(30),
    promemoria: [7, 1],
    ...over,
  };
}

before(async () => {
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['datibs', 'data_officer', 'provincia:017'],
    ['vicenza', 'comune', 'comune:024116'],
    ['arcugnano', 'comune', 'comune:024001'],
    ['schio', 'comune', 'comune:024100'],
    ['thiene', 'comune', 'comune:024105'], // of the Province, not addressed
    ['brescia', 'comune', 'comune:017029'],
    ['sua', 'sua_officer', 'provincia:024'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `cmp-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `cmp-${k}@example.org`);
});
after(async () => { await srv.stop(); });

test('invalid campaigns are refused with their JSON path, nothing stored', async () => {
  const before = count('dati_campagna');
  const audit = count('audit_log', "action LIKE 'dati.%'");
  const bad = [
    [{ schema: '{"fields": []}' }, 'schema.fields'],
    [{ schema: '{"fields": [{"name": "a", "type": "colore"}]}' }, 'schema.fields[0].type'],
    [{ schema: '{"fields": [{"name": "a", "constraints": {"pattern": "["}}]}' }, 'schema.fields[0].constraints.pattern'],
    [{ schema: '{"fields": [{"name": "a"}], "primaryKey": "b"}' }, 'schema.primaryKey'],
    [{ schema: 'non json' }, 'schema'],
    [{ scadenza: day(-1) }, 'scadenza'],
    [{ scadenza: '2026-02-30' }, 'scadenza'],
    [{ comuni: ['017029'] }, 'comuni[0]'],
    [{ dialetto: { delimiter: ';;' } }, 'dialetto.delimiter'],
    [{ titolo: '' }, 'titolo'],
    [{ promemoria: [400] }, 'promemoria[0]'],
  ];
  for (const [over, field] of bad) {
    const r = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', campagna(over));
    const e = assertEnvelope(assert, r, 400);
    assert.equal(e.field, field, JSON.stringify(r.body));
    assert.match(e.message, /[àèéìòù]|non|deve|Campo|Data|Da 1|Codice|Il |Lo |Giorni|Schema/);
  }
  assert.equal(count('dati_campagna'), before);
  assert.equal(count('audit_log', "action LIKE 'dati.%'"), audit);
});

test('who may create and read campaigns', async () => {
  for (const who of ['datibs', 'vicenza', 'sua']) {
    const r = await u[who].call('POST', '/api/v1/dati/province/024/campagne', campagna());
    assert.equal(r.status, 403, `${who}: ${JSON.stringify(r.body)}`);
  }
  const anon = await fetch(`${srv.url}/api/v1/dati/province/024/campagne`);
  assert.equal(anon.status, 401);
  // All Comuni of the Province when none is named.
  const all = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', campagna({ comuni: undefined }));
  assert.equal(all.status, 201, JSON.stringify(all.body));
  const n = count('dati_campagna_comune', `campagna_id = ${all.body.id}`);
  assert.equal(n, count('comune', "provincia = '024'"));
  assert.ok(n > 100);
});

test('a campaign end to end: valid, errors then fixed, late; board; close; publish', async () => {
  const answersAudited = count('audit_log', "action = 'dati.risposta.invia'");
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', campagna());
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.id;
  assert.equal(c.body.stato, 'aperta');
  assert.deepEqual(c.body.schema, SCHEMA);
  assert.equal(count('audit_log', `action = 'dati.campagna.crea' AND object_id = '${id}'`), 1);

  // Objects x entes: another Province's officer, a Comune not addressed, anonymous.
  for (const who of ['datibs', 'vicenza', 'sua']) {
    assert.equal((await u[who].call('GET', `/api/v1/dati/campagne/${id}`)).status, 403, who);
    assert.equal((await u[who].call('GET', `/api/v1/dati/campagne/${id}/quadro`)).status, 403, who);
  }
  assert.equal((await u.thiene.call('GET', `/api/v1/dati/comuni/024105/campagne/${id}`)).status, 404);
  assert.equal((await upload(u.thiene, `/api/v1/dati/comuni/024105/campagne/${id}/risposte`, 'a.csv', HEADER)).status, 404);
  assert.equal((await upload(u.brescia, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'a.csv', HEADER)).status, 403);
  assert.equal((await upload(u.dati, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'a.csv', HEADER)).status, 403);
  assert.equal((await upload(null, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'a.csv', HEADER)).status, 401);

  // The Comune sees its campaigns and the blank template.
  const mine = await u.vicenza.call('GET', '/api/v1/dati/comuni/024116/campagne');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.items.some((x) => x.id === id && x.stato_comune === 'attesa'));
  const tpl = await u.vicenza.call('GET', `/api/v1/dati/comuni/024116/campagne/${id}/modello.csv`);
  assert.equal(tpl.status, 200);
  assert.equal(tpl.body, 'codice_scuola;comune_sede;data_apertura;alunni;superficie_mq\r\n');

  // Vicenza: valid at once (BOM, Italian numbers and dates).
  const ok = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'scuole.csv',
    '\uFEFF' + HEADER + 'VIIC000001;024116;01/09/1970;250;1.200,50\nVIIC000002;024116;15/09/1999;n.d.;300\n');
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.stato, 'valida');
  assert.equal(ok.body.righe, 2);
  assert.equal(ok.body.errori, 0);

  // Arcugnano: errors, every one with row, column, rule and an Italian message.
  const bad = await upload(u.arcugnano, `/api/v1/dati/comuni/024001/campagne/${id}/risposte`, 'scuole.csv',
    HEADER + 'VIIC000010;024001;31/02/2026;-1;10\nVIIC000010;999999;01/01/2000;5;abc\n;024001;01/01/2000;5;1\n');
  assert.equal(bad.status, 201, JSON.stringify(bad.body));
  assert.equal(bad.body.stato, 'con_errori');
  const got = bad.body.errori_dettaglio.map((e) => `${e.riga}:${e.campo}:${e.regola}`).sort();
  assert.deepEqual(got, [
    '2:alunni:minimum', '2:data_apertura:type',
    '3:codice_scuola:primaryKey', '3:comune_sede:foreignKey', '3:superficie_mq:type',
    '4:codice_scuola:required',
  ].sort());
  assert.equal(bad.body.errori, 6);
  const date = bad.body.errori_dettaglio.find((e) => e.campo === 'data_apertura');
  assert.equal(date.messaggio, 'riga 2, colonna `data_apertura`: «31/02/2026» non è una data valida nel formato gg/mm/aaaa');
  const csv = await u.arcugnano.call('GET', `/api/v1/dati/risposte/${bad.body.id}/errori.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.equal(csv.body.trim().split('\r\n').length, 7);
  assert.match(csv.body, /^riga;colonna;campo;regola;valore;messaggio\r\n/);
  // The answer is another Comune's: refused; the officer of the Province reads it.
  assert.equal((await u.vicenza.call('GET', `/api/v1/dati/risposte/${bad.body.id}`)).status, 403);
  assert.equal((await u.datibs.call('GET', `/api/v1/dati/risposte/${bad.body.id}/errori.csv`)).status, 403);
  assert.equal((await u.dati.call('GET', `/api/v1/dati/risposte/${bad.body.id}`)).status, 200);

  // The board before the fix.
  let q = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/quadro`);
  assert.equal(q.status, 200);
  const st = Object.fromEntries(q.body.comuni.map((x) => [x.codice_istat, x.stato]));
  assert.deepEqual(st, { '024001': 'con_errori', '024100': 'attesa', '024116': 'valida' });
  assert.deepEqual(q.body.totali, { valide: 1, con_errori: 1, in_attesa: 1, in_ritardo: 0, in_verifica: 0 });

  // Arcugnano fixes and resubmits.
  const fixed = await upload(u.arcugnano, `/api/v1/dati/comuni/024001/campagne/${id}/risposte`, 'scuole.csv',
    HEADER + 'VIIC000010;024001;28/02/2026;0;10\n');
  assert.equal(fixed.body.stato, 'valida', JSON.stringify(fixed.body));
  const hist = await u.arcugnano.call('GET', `/api/v1/dati/comuni/024001/campagne/${id}`);
  assert.equal(hist.body.risposte.risposte.length, 2);

  // Reminders: the Comuni without a valid answer (Schio only), in-app.
  const notes = count('notifica', `user_id = ${u.schio.user.id}`);
  const notesVicenza = count('notifica', `user_id = ${u.vicenza.user.id}`);
  assert.equal((await u.datibs.call('POST', `/api/v1/dati/campagne/${id}/promemoria`)).status, 403);
  const rem = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/promemoria`);
  assert.equal(rem.status, 200, JSON.stringify(rem.body));
  assert.deepEqual(rem.body, { comuni_sollecitati: 1 });
  assert.equal(count('notifica', `user_id = ${u.schio.user.id}`), notes + 1);
  assert.equal(count('notifica', `user_id = ${u.vicenza.user.id}`), notesVicenza);
  assert.equal(count('dati_campagna_comune', `campagna_id = ${id} AND promemoria_at IS NOT NULL`), 1);

  // Schio is late once the deadline is past (moved back in the database).
  sql(`UPDATE dati_campagna SET scadenza_at = 1 WHERE id = ${id}`);
  q = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/quadro`);
  assert.deepEqual(q.body.totali, { valide: 2, con_errori: 0, in_attesa: 1, in_ritardo: 1, in_verifica: 0 });
  assert.equal(q.body.comuni.find((x) => x.codice_istat === '024100').in_ritardo, true);

  // Not published before closing.
  assert.equal((await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`)).status, 404);
  const closed = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.equal(closed.body.stato, 'chiusa');
  const ds = closed.body.dataset_id;
  assert.ok(ds > 0);
  assert.equal(sql(`SELECT stato || '|' || ente FROM dati_dataset WHERE id = ${ds}`), 'pubblicato|provincia:024');
  const schemaOut = JSON.parse(sql(`SELECT schema_json FROM dati_risorsa WHERE dataset_id = ${ds}`));
  assert.equal(schemaOut.fields[0].name, 'codice_istat_comune');
  assert.equal(schemaOut.fields.length, SCHEMA.fields.length + 1);
  assertEnvelope(assert, await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`), 422);
  // The merged table, public: only the valid answers, ISTAT code first.
  const res = await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`);
  assert.equal(res.status, 200);
  const rows = (await res.text()).trim().split('\r\n');
  assert.deepEqual(rows, [
    'codice_istat_comune;codice_scuola;comune_sede;data_apertura;alunni;superficie_mq',
    '024001;VIIC000010;024001;28/02/2026;0;10',
    '024116;VIIC000001;024116;01/09/1970;250;1.200,50',
    '024116;VIIC000002;024116;15/09/1999;n.d.;300',
  ]);
  // Closed: no more answers.
  assertEnvelope(assert, await upload(u.schio, `/api/v1/dati/comuni/024100/campagne/${id}/risposte`, 'a.csv',
    HEADER + 'VIIC000020;024100;01/01/2000;1;1\n'), 422);
  assert.equal(count('audit_log', `action = 'dati.campagna.chiudi' AND object_id = '${id}'`), 1);
  assert.equal(count('audit_log', "action = 'dati.risposta.invia'"), answersAudited + 3);
});

test('bad files: broken quote, wrong delimiter, invalid UTF-8, duplicates, not a CSV', async () => {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', campagna());
  const id = c.body.id;
  const path = `/api/v1/dati/comuni/024100/campagne/${id}/risposte`;
  let r = await upload(u.schio, path, 'q.csv', HEADER + 'VIIC000001;024100;01/01/2000;1;1\n"VIIC000002;024100;01/01/2000;1;1\n');
  assert.equal(r.body.stato, 'con_errori', JSON.stringify(r.body));
  assert.ok(r.body.errori_dettaglio.some((e) => e.regola === 'source' && e.riga === 3), JSON.stringify(r.body));
  r = await upload(u.schio, path, 'comma.csv', HEADER.replaceAll(';', ',') + 'VIIC000001,024100,01/01/2000,1,1\n');
  assert.equal(r.body.stato, 'con_errori');
  assert.ok(r.body.errori_dettaglio.some((e) => e.regola === 'header' && e.riga === 0));
  r = await upload(u.schio, path, 'latin1.csv', Buffer.concat([Buffer.from(HEADER + 'VIIC000001;'), Buffer.from([0x43, 0xe0]), Buffer.from(';01/01/2000;1;1\n')]));
  assert.equal(r.body.stato, 'con_errori');
  assert.ok(r.body.errori_dettaglio.some((e) => e.regola === 'encoding' && e.campo === 'comune_sede'), JSON.stringify(r.body));
  r = await upload(u.schio, path, 'dup.csv', HEADER + 'VIIC000001;024100;01/01/2000;1;1\nVIIC000001;024100;01/01/2000;2;2\n');
  assert.deepEqual(r.body.errori_dettaglio.map((e) => `${e.riga}:${e.regola}`), ['3:primaryKey']);
  assert.equal(count('dati_campagna_comune', `campagna_id = ${id} AND comune = 'comune:024100' AND stato = 'valida'`), 0);
  const before = count('dati_risposta');
  r = await upload(u.schio, path, 'x.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  assert.equal(r.status, 415);
  assert.equal(count('dati_risposta'), before);
});

test('templates: blank CSV and XLSX with the schema\'s validation lists', async () => {
  const schema = {
    fields: [
      { name: 'codice', type: 'string', constraints: { minLength: 2, maxLength: 10 } },
      { name: 'ordine', type: 'string', constraints: { enum: ['infanzia', 'primaria', 'secondaria'] } },
      { name: 'alunni', type: 'integer', constraints: { minimum: 0, maximum: 2000 } },
      { name: 'statale', type: 'boolean', trueValues: ['sì'], falseValues: ['no'] },
    ],
  };
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', campagna({ schema: JSON.stringify(schema) }));
  assert.equal(c.status, 201);
  const res = await fetch(`${srv.url}/api/v1/dati/comuni/024116/campagne/${c.body.id}/modello.xlsx`,
    { headers: { cookie: `av_session=${u.vicenza.cookie}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const buf = Buffer.from(await res.arrayBuffer());
  // Read back with an independent reader (Python's zipfile).
  const dir = mkdtempSync('/tmp/av-xlsx-');
  writeFileSync(`${dir}/m.xlsx`, buf);
  const sheet = execFileSync('python3', ['-c',
    'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())', `${dir}/m.xlsx`],
  { encoding: 'utf8' });
  rmSync(dir, { recursive: true });
  assert.match(sheet, /<dataValidation type="list"[^>]*sqref="B2:B10001"[^>]*>\s*<formula1>"infanzia,primaria,secondaria"<\/formula1>/);
  assert.match(sheet, /<dataValidation type="whole"[^>]*sqref="C2:C10001"[^>]*><formula1>0<\/formula1><formula2>2000<\/formula2>/);
  assert.match(sheet, /<dataValidation type="list"[^>]*sqref="D2:D10001"[^>]*><formula1>"sì,no"<\/formula1>/);
  assert.match(sheet, /<dataValidation type="textLength"[^>]*sqref="A2:A10001"/);
  // Not for another Province's Comune; the officer has its own route.
  const other = await fetch(`${srv.url}/api/v1/dati/comuni/017029/campagne/${c.body.id}/modello.xlsx`,
    { headers: { cookie: `av_session=${u.brescia.cookie}` } });
  assert.equal(other.status, 404);
  assert.equal((await u.datibs.call('GET', `/api/v1/dati/campagne/${c.body.id}/modello.xlsx`)).status, 403);
  assert.equal((await u.dati.call('GET', `/api/v1/dati/campagne/${c.body.id}/modello.xlsx`)).status, 200);
});

// The blank CSV is written in the campaign's dialect, and the validator
// accepts it back filled in: with the default dialect the template's
// separator is `,` (it was always `;`, which refused its own header);
// a name holding the delimiter is quoted.
test('templates: modello.csv in the campaign\'s own dialect, accepted back', async () => {
  const schema = { fields: [{ name: 'codice', type: 'string' }, { name: 'nota, breve', type: 'string' }, { name: 'n', type: 'integer' }] };
  const { dialetto, ...senza } = campagna({ schema: JSON.stringify(schema), comuni: ['024116'] });
  void dialetto;
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', senza);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const tpl = await u.vicenza.call('GET', `/api/v1/dati/comuni/024116/campagne/${c.body.id}/modello.csv`);
  assert.equal(tpl.status, 200);
  assert.equal(tpl.body, 'codice,"nota, breve",n\r\n');
  const r = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${c.body.id}/risposte`, 'm.csv', `${tpl.body}A1,"sì, certo",3\r\n`);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'valida', JSON.stringify(r.body.errori_dettaglio));
  const bar = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', { ...senza, dialetto: { delimiter: '|' } });
  assert.equal(bar.status, 201, JSON.stringify(bar.body));
  assert.equal((await u.dati.call('GET', `/api/v1/dati/campagne/${bar.body.id}/modello.csv`)).body, 'codice|nota, breve|n\r\n');
});
