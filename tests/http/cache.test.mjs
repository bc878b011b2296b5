// cache.test.mjs - conditional and cached GETs: every public GET has an
// ETag and answers 304 to If-None-Match; personal answers have neither and
// are never stored; cached answers change as soon as the data changes,
// whether the write comes through the API or from another process (the
// CLI on the same database file); the cache can be turned off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

let srv;

before(async () => {
  srv = await startServer();
  addUser(srv.db, 'cache-admin@example.org', 'admin', 'provincia:024');
});
after(() => srv.stop());

async function get(path, headers = {}, url = srv.url) {
  const res = await fetch(url + path, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

test('a public GET has an ETag; If-None-Match gives 304 without a body', async () => {
  for (const path of ['/api/v1/comuni?provincia=VI&limit=100', '/api/v1/regioni', '/api/v1/rete',
    '/api/v1/comuni/024116', '/api/v1/istanza', '/api/v1/valida/cf/RSSMRA85T10A562S']) {
    const first = await get(path);
    assert.equal(first.status, 200, path);
    const etag = first.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{32}"$/, path);
    assert.equal(first.headers.get('cache-control'), 'no-cache', path);
    const again = await get(path);
    assert.equal(again.text, first.text, path);
    assert.equal(again.headers.get('etag'), etag, path);
    const cond = await get(path, { 'if-none-match': etag });
    assert.equal(cond.status, 304, path);
    assert.equal(cond.text, '');
    assert.equal(cond.headers.get('etag'), etag);
    // A list of tags, a weak comparison and a stale tag.
    assert.equal((await get(path, { 'if-none-match': `"x", W/${etag}` })).status, 304, path);
    assert.equal((await get(path, { 'if-none-match': '"00000000000000000000000000000000"' })).status, 200, path);
  }
});

test('query arguments are part of the key; errors are never cached', async () => {
  const a = JSON.parse((await get('/api/v1/comuni?provincia=VI&limit=3')).text);
  const b = JSON.parse((await get('/api/v1/comuni?provincia=PD&limit=3')).text);
  assert.equal(a.items[0].provincia.sigla, 'VI');
  assert.equal(b.items[0].provincia.sigla, 'PD');
  const c = JSON.parse((await get('/api/v1/comuni?provincia=VI&limit=3&offset=3')).text);
  assert.notEqual(c.items[0].codice_istat, a.items[0].codice_istat);
  for (let i = 0; i < 2; i++) {
    const bad = await get('/api/v1/comuni?provincia=XX');
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('etag'), null);
    assert.equal(bad.headers.get('cache-control'), 'no-store');
  }
});

test('personal answers carry no ETag and are not stored', async () => {
  const s = await login(srv.url, 'cache-admin@example.org');
  const me = await s.call('GET', '/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.headers.get('etag'), null);
  assert.equal(me.headers.get('cache-control'), 'no-store');
});

test('a write through the API is seen by the next GET', async () => {
  const before = await get('/api/v1/rete');
  const vi = (body) => JSON.parse(body).items.find((p) => p.provincia.sigla === 'VI');
  const s = await login(srv.url, 'cache-admin@example.org');
  const tel = `+39 0444 ${String(Date.now()).slice(-6)}`;
  const put = await s.call('PUT', '/api/v1/rete/VI', {
    aderente: true, data_adesione: '2025-01-15',
    referente: { nome: 'Referente Cache', email: 'ref.cache@example.org', telefono: tel },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const after = await get('/api/v1/rete');
  assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
  assert.equal(vi(after.text).referente.telefono, tel);
  // The old tag no longer matches.
  assert.equal((await get('/api/v1/rete', { 'if-none-match': before.headers.get('etag') })).status, 200);
});

test('a write by another process on the same file is seen by the next GET', async () => {
  const first = await get('/api/v1/rete');
  const pd = (body) => JSON.parse(body).items.find((p) => p.provincia.sigla === 'PD');
  const r = cli(['rete', 'set', '--db', srv.db, 'PD', '--aderente', 'yes', '--data', '2024-06-30',
    '--referente', 'Altro Processo', '--email', 'altro.processo@example.org', '--sua', 'in_avvio']);
  assert.equal(r.status, 0, r.stderr);
  const second = await get('/api/v1/rete');
  assert.equal(pd(second.text).referente.nome, 'Altro Processo');
  assert.notEqual(second.headers.get('etag'), first.headers.get('etag'));
});

test('with --cache-size 0 answers are the same, tags included', async () => {
  const off = await startServer({ db: srv.db, args: ['--cache-size', '0'] });
  try {
    const path = '/api/v1/comuni?provincia=VI&limit=100';
    const a = await get(path, {}, off.url);
    const b = await get(path);
    assert.equal(a.text, b.text);
    assert.equal(a.headers.get('etag'), b.headers.get('etag'));
    assert.equal((await get(path, { 'if-none-match': a.headers.get('etag') }, off.url)).status, 304);
  } finally {
    await off.stop();
  }
  assert.equal(cli(['serve', '--db', srv.db, '--cache-size', 'molto']).status, 2);
});
