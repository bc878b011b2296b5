// registry.test.mjs - end-to-end tests of the registry API against a real
// server on the demo database (ISTAT 2020 list, instance Province VI):
// shapes the web UI relies on, search folding, paging limits, and bad input
// on every endpoint (malformed, oversized and unknown parameters -> 4xx with
// the error envelope and the offending field).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const get = (path) => api(srv.url, path);

test('istanza: Vicenza with its figures', async () => {
  const r = await get('/api/v1/istanza');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.provincia, {
    codice: '024', sigla: 'VI', nome: 'Vicenza', tipologia: 'provincia',
    regione: { codice: '05', nome: 'Veneto' },
  });
  // The current ISTAT list (SITUAS, 2026-08-14) with the 2011 census
  // population; the two Comuni born from mergers since have none.
  assert.equal(r.body.comuni_attivi, 112);
  assert.equal(r.body.popolazione, 845381);
  assert.equal(r.body.comuni_con_popolazione, 110);
  assert.deepEqual(r.body.fonti, {
    comuni: { fonte: 'ISTAT, SITUAS: elenco dei Comuni', data: '2026-08-14' },
    popolazione: { fonte: 'ISTAT, popolazione legale (censimento)', data: '2011-10-09' },
  });
  assert.match(r.body.versione, /^\d+\.\d+\.\d+$/);
});

test('regioni: 20, 15 ordinary', async () => {
  const r = await get('/api/v1/regioni');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 20);
  assert.equal(r.body.items.length, 20);
  assert.equal(r.body.items.filter((x) => x.statuto === 'ordinario').length, 15);
  assert.deepEqual(r.body.items.find((x) => x.codice === '05'),
    { codice: '05', nome: 'Veneto', statuto: 'ordinario', ripartizione: 'Nord-est' });
  assert.equal(r.body.items.find((x) => x.codice === '19').statuto, 'speciale');
});

test('province: all active units and ?rso=1', async () => {
  const all = await get('/api/v1/province');
  assert.equal(all.status, 200);
  assert.equal(all.body.total, 110);
  const vi = all.body.items.find((x) => x.sigla === 'VI');
  assert.equal(vi.codice, '024');
  assert.equal(vi.tipologia, 'provincia');
  assert.deepEqual(vi.regione, { codice: '05', nome: 'Veneto' });
  assert.equal(vi.statuto_regione, 'ordinario');
  assert.equal(vi.attivo, true);
  assert.equal(vi.comuni_attivi, 112);
  const rso = await get('/api/v1/province?rso=1');
  assert.equal(rso.body.total, 86);
  assert.equal(rso.body.items.filter((x) => x.tipologia === 'citta_metropolitana').length, 10);
  const zero = await get('/api/v1/province?rso=0');
  assert.equal(zero.body.total, 110);
});

test('comuni: by province, paged', async () => {
  const r = await get('/api/v1/comuni?provincia=VI&limit=10&offset=5');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 112);
  assert.equal(r.body.limit, 10);
  assert.equal(r.body.offset, 5);
  assert.equal(r.body.items.length, 10);
  const def = await get('/api/v1/comuni?provincia=vi');
  assert.equal(def.body.limit, 50);
  assert.equal(def.body.items.length, 50);
  const last = await get('/api/v1/comuni?provincia=VI&offset=108&limit=500');
  assert.equal(last.body.items.length, 4);
});

test('comuni: accent- and case-insensitive search, prefix first', async () => {
  const r = await get('/api/v1/comuni?q=' + encodeURIComponent('AGLIE'));
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((x) => x.nome === 'Agliè'), JSON.stringify(r.body.items));
  const s = await get('/api/v1/comuni?q=schio&provincia=VI');
  assert.equal(s.body.total, 1);
  assert.deepEqual(s.body.items[0], {
    codice_istat: '024100', nome: 'Schio',
    provincia: { codice: '024', sigla: 'VI', nome: 'Vicenza' },
    regione: { codice: '05', nome: 'Veneto' },
    codice_catastale: 'I531', nuts3: 'ITH32', popolazione: 39131, attivo: true,
  });
  const forli = await get('/api/v1/comuni?q=' + encodeURIComponent('forlì'));
  assert.equal(forli.body.items[0].nome.startsWith('Forl'), true);
  const bozen = await get('/api/v1/comuni?q=bozen');
  assert.ok(bozen.body.items.some((x) => x.codice_istat === '021008'));
  const apos = await get('/api/v1/comuni?q=' + encodeURIComponent("sant'angelo lod"));
  assert.ok(apos.body.items.some((x) => x.nome === 'Sant\'Angelo Lodigiano'));
  const like = await get('/api/v1/comuni?q=' + encodeURIComponent('%_%'));
  assert.equal(like.status, 200);
  const none = await get('/api/v1/comuni?q=zzzzqqq');
  assert.equal(none.body.total, 0);
  assert.deepEqual(none.body.items, []);
});

test('comune card', async () => {
  const r = await get('/api/v1/comuni/024100');
  assert.equal(r.status, 200);
  assert.equal(r.body.nome, 'Schio');
  assert.equal(r.body.capoluogo_provincia, false);
  assert.equal(r.body.nuts1, 'ITH');
  assert.equal(r.body.nuts2, 'ITH3');
  assert.equal(r.body.ripartizione, 'Nord-est');
  assert.equal(r.body.nome_altra_lingua, null);
  assert.ok('codice_fiscale' in r.body);
  const vi = await get('/api/v1/comuni/024116');
  assert.equal(vi.body.capoluogo_provincia, true);
  const bz = await get('/api/v1/comuni/021008');
  assert.equal(bz.body.nome_altra_lingua, 'Bozen');
});

test('comune: bad and unknown codes', async () => {
  const nf = await get('/api/v1/comuni/999999');
  assert.equal(assertEnvelope(assert, nf, 404, 'not_found').field, 'codice_istat');
  for (const bad of ['24100', '0241000', 'abcdef', '02410a', '%2e%2e']) {
    const r = await get('/api/v1/comuni/' + bad);
    assert.ok(r.status === 400 || r.status === 404, `${bad}: ${r.status}`);
    assertEnvelope(assert, r, r.status);
  }
  const b = await get('/api/v1/comuni/12345x');
  assert.equal(assertEnvelope(assert, b, 400, 'invalid_field').field, 'codice_istat');
});

test('comuni: bad parameters answer 400 naming the field', async () => {
  const cases = [
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], ['limit=-1', 'limit'],
    ['limit=1e3', 'limit'], ['offset=-1', 'offset'], ['offset=100001', 'offset'], ['offset=x', 'offset'],
    ['provincia=XX', 'provincia'], ['provincia=V', 'provincia'], ['provincia=VIC', 'provincia'],
    ['provincia=1', 'provincia'], ['q=' + 'a'.repeat(101), 'q'], ['q=%01abc', 'q'], ['q=%C3', 'q'],
  ];
  for (const [qs, field] of cases) {
    const r = await get('/api/v1/comuni?' + qs);
    const e = assertEnvelope(assert, r, 400);
    assert.equal(e.field, field, qs);
  }
  const lim = await get('/api/v1/comuni?limit=500');
  assert.equal(lim.status, 200);
  assert.equal(lim.body.items.length, 500);
});

test('unknown, repeated and oversized parameters are refused on every endpoint', async () => {
  for (const p of ['/api/v1/regioni', '/api/v1/province', '/api/v1/comuni',
    '/api/v1/comuni/024100', '/api/v1/istanza']) {
    const u = await get(p + '?nope=1');
    assertEnvelope(assert, u, 400);
    const big = await get(p + '?x=' + 'a'.repeat(5000));
    assert.ok(big.status >= 400 && big.status < 500, `${p}: ${big.status}`);
  }
  assertEnvelope(assert, await get('/api/v1/province?rso=2'), 400, 'invalid_field');
  assert.equal((await get('/api/v1/province?rso=yes')).body.error.field, 'rso');
  assertEnvelope(assert, await get('/api/v1/comuni?q=a&q=b'), 400);
});

test('methods other than GET are refused', async () => {
  const r = await api(srv.url, '/api/v1/comuni', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  assertEnvelope(assert, r, 405);
});
