// dati-campagne-firma.test.mjs - data campaigns whose answers must be
// digitally signed (issue 18, item 4).  The data officer sets "risposte
// firmate digitalmente"; the Comune uploads its CSV inside a CAdES envelope
// (.csv.p7m, made by the test with openssl, tests/lib/firma.mjs); the job
// dati_risposta_firmata verifies the signature against the trusted list
// loaded with `firma tsl`, extracts the CSV and validates it as any answer
// (the extracted blob is byte for byte the CSV the test signed: checked
// with openssl's own digest), and the board's view shows signer and
// validity beside each answer.  A tampered envelope and a signer outside
// the list: the CSV still recorded, the signature said invalid (a warning,
// the data officer decides).  A binary file that is not an envelope: 415,
// nothing stored.  Objects x entes: the Comune, another Comune, another
// Province's data officer, a SUA officer, anonymous - refused, nothing
// leaked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { makeFixtures, sign } from '../lib/firma.mjs';

const BOUNDARY = '----areavasta-campagne-firma-Q7';
let srv;
let f;
let root;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

const SCHEMA = {
  fields: [
    { name: 'codice', type: 'string', constraints: { required: true, pattern: 'E[0-9]{3}' } },
    { name: 'alunni', type: 'integer', constraints: { minimum: 0 } },
  ],
};
const CSV = 'codice;alunni\nE001;120\nE002;85\nE003;240\n';
const CSV_BAD = 'codice;alunni\nE001;120\nX2;-4\n';

async function upload(client, path, name, content) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const res = await fetch(srv.url + path, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function waitJob(client, id) {
  for (let k = 0; k < 300; k++) {
    const j = await client.call('GET', `/api/v1/jobs/${id}`);
    assert.equal(j.status, 200, JSON.stringify(j.body));
    if (j.body.state === 'done' || j.body.state === 'failed') return j.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not end');
}

function signed(name, text, signer) {
  const csv = join(root, name);
  writeFileSync(csv, text);
  return readFileSync(sign(csv, `${csv}.p7m`, [signer]));
}

function sha256(buf) {
  const p = join(root, `h-${Math.random().toString(36).slice(2)}`);
  writeFileSync(p, buf);
  return execFileSync('openssl', ['dgst', '-sha256', '-r', p], { encoding: 'utf8' }).split(' ')[0];
}

async function campaign(titolo) {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo, scopo: 'Prova delle risposte firmate digitalmente.',
    schema: JSON.stringify(SCHEMA), dialetto: { delimiter: ';' }, comuni: ['024116', '024001'],
    scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-dati-firma-'));
  f = makeFixtures(root);
  srv = await startServer({ web: false });
  const r = cli(['firma', 'tsl', f.tsl, '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const people = [
    ['dati', 'data_officer', 'provincia:024'], ['datipd', 'data_officer', 'provincia:028'],
    ['vicenza', 'comune', 'comune:024116'], ['arcugnano', 'comune', 'comune:024001'],
    ['sua', 'sua_officer', 'provincia:024'], ['operatore', 'operator', 'operatore:01234567897'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `dfirma-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `dfirma-${k}@example.org`);
});
after(async () => {
  await srv.stop();
  rmSync(root, { recursive: true, force: true });
});

test('signed answers: verified, the CSV extracted and validated, shown on the board beside each answer', async () => {
  const id = await campaign('Alunni per plesso (firmata)');
  const path = (c) => `/api/v1/dati/comuni/${c}/campagne/${id}/risposte`;
  // Without the option a .p7m is not an answer: 415, nothing stored.
  let r = await upload(u.vicenza, path('024116'), 'alunni.csv.p7m', signed('a0.csv', CSV, f.signers.rossi));
  assert.equal(r.status, 415, JSON.stringify(r.body));
  assert.equal(r.body.error.field, 'file');
  assert.equal(count('dati_risposta', `campagna_id = ${id}`), 0);

  const set = await u.dati.call('PUT', `/api/v1/dati/campagne/${id}/firma`, { risposte_firmate: true });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.risposte_firmate, true);
  assert.equal(count('audit_log', `action = 'firma.obbligo' AND object_type = 'dati_campagna' AND object_id = '${id}' AND ente = 'provincia:024'`), 1);
  const view = await u.vicenza.call('GET', `/api/v1/dati/comuni/024116/campagne/${id}`);
  assert.equal(view.body.risposte_firmate, true, 'the Comune is told');

  // A valid signed CSV.
  r = await upload(u.vicenza, path('024116'), 'alunni.csv.p7m', signed('a1.csv', CSV, f.signers.rossi));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  let job = await waitJob(u.vicenza, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.stato, 'valida');
  assert.equal(job.result.righe, 3);
  assert.deepEqual(Object.keys(job.result).sort(), ['errori', 'righe', 'risposta_id', 'stato'], 'no verdict for the Comune');
  const good = job.result.risposta_id;
  // The answer's blob is the CSV the test signed, not the envelope.
  assert.equal(sql(`SELECT sha256 FROM dati_risposta WHERE id = ${good}`), sha256(Buffer.from(CSV)));

  // Tampered envelope and a signer outside the list, from another Comune.
  const tampered = Buffer.from(signed('a2.csv', CSV, f.signers.rossi));
  const at = tampered.indexOf(Buffer.from('E002;85'));
  tampered[at + 5] = '9'.charCodeAt(0);
  r = await upload(u.arcugnano, path('024001'), 'alterato.csv.p7m', tampered);
  assert.equal(r.status, 202);
  job = await waitJob(u.arcugnano, r.body.job_id);
  assert.equal(job.result.stato, 'valida', 'the CSV itself is valid: recorded');
  const alterata = job.result.risposta_id;
  r = await upload(u.arcugnano, path('024001'), 'estraneo.csv.p7m', signed('a3.csv', CSV_BAD, f.signers.estraneo));
  job = await waitJob(u.arcugnano, r.body.job_id);
  assert.equal(job.result.stato, 'con_errori');
  assert.equal(job.result.errori, 2);
  const estranea = job.result.risposta_id;
  // A bare CSV is still an answer; its signature check says it is not signed.
  r = await upload(u.vicenza, path('024116'), 'semplice.csv', Buffer.from(CSV));
  assert.equal(r.status, 202);
  job = await waitJob(u.vicenza, r.body.job_id);
  assert.equal(job.result.stato, 'valida');
  const semplice = job.result.risposta_id;

  const board = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/firme`);
  assert.equal(board.status, 200, JSON.stringify(board.body));
  const by = Object.fromEntries(board.body.risposte.map((x) => [x.id, x]));
  assert.equal(by[good].firma.valida, true);
  assert.equal(by[good].firma.nome, 'Mario Rossi');
  assert.equal(by[good].firma.codice_fiscale, 'RSSMRA80A01H501U');
  assert.equal(by[good].nome_file, 'alunni.csv.p7m');
  assert.equal(by[alterata].firma.valida, false);
  assert.match(by[alterata].firma.motivo, /contenuto alterato/);
  assert.equal(by[estranea].firma.valida, false);
  assert.match(by[estranea].firma.motivo, /emittente non attendibile/);
  assert.equal(by[semplice].firma.firmato, false);
  assert.equal(count('audit_log', "action = 'firma.verifica' AND object_type = 'dati_risposta' AND ente = 'provincia:024'"), 4);
  const full = await u.dati.call('GET', `/api/v1/dati/risposte/${good}/firma`);
  assert.equal(full.status, 200);
  assert.equal(full.body.contenuto.sha256, sha256(Buffer.from(CSV)));
  assert.equal(full.body.firmatari[0].certificato.qualificato, true);
  // The board's merge reads the CSV: closing publishes the valid rows.
  const close = await u.dati.call('POST', `/api/v1/dati/campagne/${id}/chiudi`);
  assert.equal(close.status, 200, JSON.stringify(close.body));
  const res = await fetch(`${srv.url}/api/v1/dati/campagne/${id}/risultato.csv`);
  const text = await res.text();
  assert.match(text, /E003/);
  assert.ok(!text.includes('\u0006'), 'no DER in the merged CSV');
});

test('objects x entes: only the Province\'s data officer sees or sets the signatures', async () => {
  const id = await campaign('Alunni (accessi)');
  await u.dati.call('PUT', `/api/v1/dati/campagne/${id}/firma`, { risposte_firmate: true });
  const r = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'a.csv.p7m', signed('b1.csv', CSV, f.signers.rossi));
  const job = await waitJob(u.vicenza, r.body.job_id);
  const rid = job.result.risposta_id;
  const before = count('audit_log');
  const paths = [
    ['GET', `/api/v1/dati/campagne/${id}/firme`],
    ['GET', `/api/v1/dati/risposte/${rid}/firma`],
    ['PUT', `/api/v1/dati/campagne/${id}/firma`, { risposte_firmate: false }],
  ];
  for (const who of ['vicenza', 'arcugnano', 'datipd', 'sua', 'operatore']) {
    for (const [m, p, body] of paths) {
      const res = await u[who].call(m, p, body);
      assert.ok([403, 404].includes(res.status), `${who} ${m} ${p}: ${res.status}`);
      assert.ok(!JSON.stringify(res.body).includes('Rossi'), `${who}: nothing leaked`);
    }
  }
  for (const [m, p, body] of paths) {
    const res = await fetch(srv.url + p, { method: m, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    assert.equal(res.status, 401);
  }
  assert.equal(count('audit_log'), before, 'refused calls change nothing');
  assert.equal(count('firma_obbligo', `oggetto = 'dati_campagna' AND oggetto_id = ${id}`), 1);
  // Bad bodies: 400 with the field, nothing changed.
  for (const body of [{ risposte_firmate: 'si' }, {}]) {
    const res = await u.dati.call('PUT', `/api/v1/dati/campagne/${id}/firma`, body);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'risposte_firmate');
  }
  assert.equal(count('audit_log'), before);
  // A binary file that is not an envelope: 415 even when signatures are asked.
  const bin = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 0)]);
  const b = await upload(u.vicenza, `/api/v1/dati/comuni/024116/campagne/${id}/risposte`, 'x.csv.p7m', bin);
  assert.equal(b.status, 415);
});
