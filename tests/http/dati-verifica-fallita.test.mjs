// dati-verifica-fallita.test.mjs - a large upload's check that failed no
// longer stands once the Comune answers again in the request (issue 15
// item 2), on both backends.  The failed job and a queued one are
// ARRANGED with sql() (the pool's own states; the real job runs in
// dati-campagne-verifica.test.mjs): after a small answer the board and
// the Comune's view no longer say "in verifica"/failed for the failed
// one, while a check still queued is left pointing at its job (it records
// its own answer when it ends).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const BOUNDARY = '----areavasta-fallita-boundary-Z2';
let srv;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();

async function upload(client, path, name, content) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: text/csv\r\n\r\n'),
    Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const res = await fetch(srv.url + path, {
    method: 'POST', body,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf },
  });
  return { status: res.status, body: await res.json() };
}

before(async () => {
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024'],
    ['vicenza', 'comune', 'comune:024116'],
    ['agugliaro', 'comune', 'comune:024001'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `fall-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `fall-${k}@example.org`);
});
after(async () => { await srv.stop(); });

// A job of the campaign's check for comune in state, pointed at by its row.
function arrange(id, comune, state, owner) {
  const now = Math.floor(Date.now() / 1000);
  const input = JSON.stringify({ campagna_id: id, comune, sha256: '0'.repeat(64), nome_file: 'grande.csv' });
  sql(`INSERT INTO job (kind, state, input, owner_id, ente, created, run_after, finished, error)
    VALUES ('dati_verifica_risposta', '${state}', '${input}', ${owner}, '${comune}', ${now}, ${now + 86400},
    ${state === 'failed' ? now : 'NULL'}, ${state === 'failed' ? "'interrotto: il server si è arrestato'" : 'NULL'})`);
  const job = Number(sql('SELECT MAX(id) FROM job'));
  sql(`UPDATE dati_campagna_comune SET job_id = ${job} WHERE campagna_id = ${id} AND comune = '${comune}'`);
  return job;
}

test('a failed check is cleared by a later answer in the request; a queued one is not', async () => {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo: 'Verifica fallita', scopo: 'Una verifica fallita e una risposta successiva.',
    schema: JSON.stringify({ fields: [{ name: 'codice', type: 'string' }] }), dialetto: { delimiter: ';' },
    comuni: ['024116', '024001'], scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.id;
  const failed = arrange(id, 'comune:024116', 'failed', u.vicenza.user.id);
  const queued = arrange(id, 'comune:024001', 'queued', u.agugliaro.user.id);
  const board = async () => Object.fromEntries((await u.dati.call('GET', `/api/v1/dati/campagne/${id}/quadro`))
    .body.comuni.map((k) => [k.codice_istat, k]));
  let q = await board();
  assert.equal(q['024116'].in_verifica, true);
  assert.equal(q['024116'].verifica.stato, 'failed');
  assert.equal(q['024001'].verifica.stato, 'queued');

  for (const [client, code] of [[u.vicenza, '024116'], [u.agugliaro, '024001']]) {
    const r = await upload(client, `/api/v1/dati/comuni/${code}/campagne/${id}/risposte`, 'piccolo.csv', 'codice\r\nA1\r\n');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.stato, 'valida');
  }
  q = await board();
  assert.equal(q['024116'].in_verifica, false, JSON.stringify(q['024116']));
  assert.equal(q['024116'].verifica ?? null, null);
  assert.equal(sql(`SELECT COALESCE(job_id, 0) FROM dati_campagna_comune WHERE campagna_id = ${id} AND comune = 'comune:024116'`), '0');
  // the Comune's own view says the same
  const mine = await u.vicenza.call('GET', `/api/v1/dati/comuni/024116/campagne/${id}`);
  assert.equal(mine.body.verifica, null);
  // the queued check still stands, its job untouched
  assert.equal(q['024001'].verifica.stato, 'queued');
  assert.equal(sql(`SELECT job_id FROM dati_campagna_comune WHERE campagna_id = ${id} AND comune = 'comune:024001'`), String(queued));
  assert.equal(sql(`SELECT state FROM job WHERE id = ${failed}`), 'failed');
});
