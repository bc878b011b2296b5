// dati-campagne-verifica.test.mjs - a campaign's answers validated as a job
// and given as the rows of a form (issue 15 item 2), on both backends.
//
// A file over 1 MiB is not validated in the request: 202 with the job,
// the Comune's row points at it ("in verifica" on the board and on the
// Comune's page) until the job records the answer; the job's result and
// the recorded answer (rows, errors by row/column/rule) are checked, with
// a file holding errors placed far into it.  Another Comune cannot see the
// job.  A form's rows give the same errors as the same content uploaded
// as a file, row for row; bad rows (a field not in the schema, a decimal
// given as a JSON number) are refused with their path, nothing recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-verifica-boundary-P0';
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
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const SCHEMA = {
  fields: [
    { name: 'codice', type: 'string', constraints: { required: true, pattern: 'K[0-9]{6}' } },
    { name: 'descrizione', type: 'string' },
    { name: 'posti', type: 'integer', constraints: { minimum: 0 } },
    { name: 'apertura', type: 'date', format: '%d/%m/%Y' },
  ],
  primaryKey: ['codice'],
};
const HEADER = 'codice;descrizione;posti;apertura\n';

async function campaign() {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo: 'Posti nei servizi', scopo: 'Prova della verifica come elaborazione.',
    schema: JSON.stringify(SCHEMA), dialetto: { delimiter: ';' }, comuni: ['024116', '024001'],
    scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}

// n rows, padded so that the file is over 1 MiB; bad: {row index: csv line}.
function bigCsv(n, bad = {}) {
  const lines = [HEADER.trim()];
  for (let i = 1; i <= n; i++) {
    lines.push(bad[i] ?? `K${String(i).padStart(6, '0')};Servizio numero ${i} della rete comunale di prova;${i % 90};01/09/2020`);
  }
  return lines.join('\n') + '\n';
}

async function waitJob(client, id) {
  for (let k = 0; k < 600; k++) {
    const j = await client.call('GET', `/api/v1/jobs/${id}`);
    assert.equal(j.status, 200, JSON.stringify(j.body));
    if (j.body.state === 'done' || j.body.state === 'failed') return j.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not end');
}

before(async () => {
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['vicenza', 'comune', 'comune:024116'],
    ['arcugnano', 'comune', 'comune:024001'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `ver-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `ver-${k}@example.org`);
});
after(async () => { await srv.stop(); });

test('a large answer is validated by a job: 202, in verifica, then recorded with every error', async () => {
  const id = await campaign();
  const n = 16000;
  const text = bigCsv(n, {
    9000: 'K009000;Riga con data sbagliata;5;31/02/2026',
    15999: 'K015999;Riga con posti negativi;-3;01/01/2021',
    16000: 'K000001;Chiave ripetuta;1;01/01/2021',
  });
  assert.ok(Buffer.byteLength(text) > (1 << 20), 'over the in-request limit');
  const audits = count('audit_log', "action = 'dati.risposta.carica'");
  const r = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'grande.csv', text);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'in_verifica');
  const job = r.body.job_id;
  assert.equal(r.headers.get('location'), `/api/v1/jobs/${job}`);
  assert.equal(count('audit_log', "action = 'dati.risposta.carica'"), audits + 1);
  // The Comune's row points at the job until it records the answer.
  const pointed = sql(`SELECT COALESCE(job_id, 0) FROM dati_campagna_comune WHERE campagna_id = ${id} AND comune = 'comune:024116'`);
  assert.ok(Number(pointed) === job || Number(pointed) === 0);
  // Another Comune cannot see the job.
  assert.equal((await u.arcugnano.call('GET', `/api/v1/jobs/${job}`)).status, 404);

  const done = await waitJob(u.vicenza, job);
  assert.equal(done.state, 'done', JSON.stringify(done));
  assert.equal(done.result.stato, 'con_errori');
  assert.equal(done.result.righe, n);
  assert.equal(done.result.errori, 3);
  const ans = await u.vicenza.call('GET', `/api/v1/dati/risposte/${done.result.risposta_id}`);
  const got = ans.body.errori_dettaglio.map((e) => `${e.riga}:${e.campo}:${e.regola}`).sort();
  // riga counts the header as 1: data row i is riga i + 1
  assert.deepEqual(got, ['9001:apertura:type', '16000:posti:minimum', '16001:codice:primaryKey'].sort());
  assert.equal(sql(`SELECT COALESCE(job_id, 0) FROM dati_campagna_comune WHERE campagna_id = ${id} AND comune = 'comune:024116'`), '0');
  const q = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/quadro`);
  const v = q.body.comuni.find((x) => x.codice_istat === '024116');
  assert.equal(v.stato, 'con_errori');
  assert.equal(v.in_verifica, false);
  assert.equal(v.verifica, null);
  assert.equal(q.body.totali.in_verifica, 0);

  // Fixed and sent again: valid, through the job too.
  const ok = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'grande.csv', bigCsv(n));
  assert.equal(ok.status, 202);
  const done2 = await waitJob(u.vicenza, ok.body.job_id);
  assert.equal(done2.result.stato, 'valida');
  const mine = await u.vicenza.call('GET', `/api/v1/dati/comuni/024116/campagne/${id}`);
  assert.equal(mine.status, 200);
  assert.equal(mine.body.verifica, null);
  assert.equal(mine.body.campagna.stato_comune ?? 'valida', 'valida');
});

test('the board shows an upload being checked, and a job that failed', async () => {
  const id = await campaign();
  // ARRANGED: a job row of the platform's queue that failed (as after a
  // restart), pointed at by the Comune's row: the board must say so.
  const r = await upload(u.arcugnano, `/api/v1/dati/comuni/024001/campagne/${id}/risposte`, 'grande.csv', bigCsv(16000));
  assert.equal(r.status, 202);
  const done = await waitJob(u.arcugnano, r.body.job_id);
  assert.equal(done.state, 'done');
  sql(`UPDATE job SET state = 'failed', error = 'interrotto: il server si è arrestato durante l''elaborazione; ripetere l''operazione' WHERE id = ${r.body.job_id}`);
  sql(`UPDATE dati_campagna_comune SET job_id = ${r.body.job_id} WHERE campagna_id = ${id} AND comune = 'comune:024001'`);
  const q = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/quadro`);
  const a = q.body.comuni.find((x) => x.codice_istat === '024001');
  assert.equal(a.in_verifica, true);
  assert.equal(a.verifica.stato, 'failed');
  assert.match(a.verifica.errore, /interrotto/);
  assert.equal(q.body.totali.in_verifica, 1);
  const mine = await u.arcugnano.call('GET', `/api/v1/dati/comuni/024001/campagne/${id}`);
  assert.equal(mine.body.verifica.job_id, r.body.job_id);
});

test('answers by form: the same errors as the same rows uploaded as a file', async () => {
  const id = await campaign();
  const rows = [
    { codice: 'K000001', descrizione: 'Nido; "il Girasole"', posti: 30, apertura: '01/09/2010' },
    { codice: 'K000002', descrizione: 'Scuola\nprimaria', posti: '-1', apertura: '31/02/2026' },
    { codice: 'X1', posti: null, apertura: '' },
    { codice: 'K000001', descrizione: 'doppio', posti: 1, apertura: '01/01/2020' },
  ];
  const f = await u.arcugnano.call('POST', `/api/v1/dati/comuni/024001/campagne/${id}/righe`, { righe: rows });
  assert.equal(f.status, 201, JSON.stringify(f.body));
  assert.equal(f.body.stato, 'con_errori');
  assert.equal(f.body.righe, 4);
  // the same content as a file, written by hand in the campaign's dialect
  const csv = HEADER
    + 'K000001;"Nido; ""il Girasole""";30;01/09/2010\n'
    + 'K000002;"Scuola\nprimaria";-1;31/02/2026\n'
    + 'X1;;;\n'
    + 'K000001;doppio;1;01/01/2020\n';
  const file = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'a.csv', csv);
  assert.equal(file.status, 201);
  const key = (b) => b.errori_dettaglio.map((e) => `${e.riga}:${e.colonna}:${e.campo}:${e.regola}`).sort();
  assert.deepEqual(key(f.body), key(file.body));
  assert.equal(f.body.errori, file.body.errori);
  assert.ok(f.body.errori >= 4);

  // a valid form answer is merged as a file's would be
  const okRows = [{ codice: 'K000010', descrizione: 'Nido', posti: 12, apertura: '01/09/2015' }];
  const ok = await u.arcugnano.call('POST', `/api/v1/dati/comuni/024001/campagne/${id}/righe`, { righe: okRows });
  assert.equal(ok.body.stato, 'valida', JSON.stringify(ok.body));
  assert.equal(count('audit_log', `action = 'dati.risposta.invia' AND object_id = '${ok.body.id}'`), 1);
  const closed = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(closed.status, 200);
  const merged = await (await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`)).text();
  assert.match(merged, /^024001;K000010;Nido;12;01\/09\/2015\r$/m);
});

test('bad form rows: refused with their path, nothing recorded; another Comune refused', async () => {
  const id = await campaign();
  const before = count('dati_risposta');
  const bad = async (body, field, status = 400) => {
    const r = await u.arcugnano.call('POST', `/api/v1/dati/comuni/024001/campagne/${id}/righe`, body);
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message, /[a-zà-ù]/);
  };
  await bad({ righe: [{ codice: 'K000001', sconosciuto: 'x' }] }, 'righe[0].sconosciuto');
  await bad({ righe: [{ codice: 'K000001' }, { posti: 1.5 }] }, 'righe[1].posti');
  await bad({ righe: ['K000001'] }, 'righe[0]');
  await bad({ righe: [] }, 'righe');
  await bad({}, 'righe');
  assert.equal(count('dati_risposta'), before);
  const other = await u.vicenza.call('POST', `/api/v1/dati/comuni/024001/campagne/${id}/righe`, { righe: [{ codice: 'K000001' }] });
  assert.equal(other.status, 403);
  assert.equal(count('dati_risposta'), before);
});
