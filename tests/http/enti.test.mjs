// enti.test.mjs - GET /api/v1/enti: names of ente codes for the web UI's
// lists (one request per list), on the demo database (instance Province
// VI); bad input -> 400 naming "codici".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const get = (path) => api(srv.url, path);

test('enti: Province, Comune, operator, upi and unknown codes, in the order asked', async () => {
  const r = await get('/api/v1/enti?codici=provincia:024,comune:024116,operatore:01234567890,upi,comune:999999,provincia:024');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 6);
  assert.deepEqual(r.body.items.map((x) => x.codice),
    ['provincia:024', 'comune:024116', 'operatore:01234567890', 'upi', 'comune:999999', 'provincia:024']);
  assert.deepEqual(r.body.items[0],
    { codice: 'provincia:024', tipo: 'provincia', nome: 'Vicenza', sigla: 'VI', tipologia: 'provincia', attivo: true });
  assert.deepEqual(r.body.items[1], {
    codice: 'comune:024116', tipo: 'comune', nome: 'Vicenza',
    provincia: { codice: '024', sigla: 'VI', nome: 'Vicenza' }, attivo: true,
  });
  assert.deepEqual(r.body.items[2],
    { codice: 'operatore:01234567890', tipo: 'operatore', partita_iva: '01234567890', nome: null });
  assert.equal(r.body.items[3].nome, "Unione delle Province d'Italia");
  assert.deepEqual(r.body.items[4], { codice: 'comune:999999', tipo: 'comune', nome: null });
});

test('enti: a metropolitan city keeps its tipologia', async () => {
  const r = await get('/api/v1/enti?codici=provincia:201');
  assert.equal(r.status, 200);
  assert.equal(r.body.items[0].nome, 'Torino');
  assert.equal(r.body.items[0].tipologia, 'citta_metropolitana');
});

test('enti: bad input is a 400 on codici', async () => {
  for (const q of ['', '?codici=', '?codici=comune:24116', '?codici=provincia:024,,upi', '?codici=regione:05',
    `?codici=${Array(41).fill('upi').join(',')}`]) {
    const r = await get(`/api/v1/enti${q}`);
    const e = assertEnvelope(assert, r, 400, 'invalid_field');
    assert.equal(e.field, 'codici', q);
  }
  const other = await get('/api/v1/enti?codici=upi&q=x');
  assert.equal(other.status, 400);
});
