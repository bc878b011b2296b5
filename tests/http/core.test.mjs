// core.test.mjs - end-to-end tests of the platform endpoints against a real
// server: health, metrics, OpenAPI completeness, security headers, the
// router's refusals (404, 405, unknown query keys, %00, dot segments, body
// limits and content types) and the static UI files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, rawRequest as raw } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('healthz answers ok with security headers', async () => {
  const r = await api(srv.url, '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.match(r.headers.get('content-security-policy'), /script-src 'self'/);
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('referrer-policy'), 'same-origin');
});

test('openapi lists every routed path and method', async () => {
  const r = await api(srv.url, '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.openapi, '3.1.0');
  const paths = Object.keys(r.body.paths);
  for (const p of ['/healthz', '/metrics', '/api/v1/openapi.json']) assert.ok(paths.includes(p), p);
  for (const [p, item] of Object.entries(r.body.paths)) {
    for (const [method, op] of Object.entries(item)) {
      assert.ok(['get', 'post', 'put', 'patch', 'delete'].includes(method), `${p} ${method}`);
      assert.ok(op.summary && op.summary.length > 0, `summary of ${method} ${p}`);
      const declared = [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
      const inPath = op.parameters.filter((x) => x.in === 'path').map((x) => x.name);
      assert.deepEqual(inPath, declared, `path parameters of ${p}`);
    }
  }
});

test('every routed path answers something other than 404 for its method', async () => {
  const r = await api(srv.url, '/api/v1/openapi.json');
  for (const [p, item] of Object.entries(r.body.paths)) {
    const concrete = p.replace(/\{\w+\}/g, 'x');
    for (const method of Object.keys(item)) {
      const res = await fetch(srv.url + concrete, {
        method: method.toUpperCase(),
        headers: method === 'get' ? {} : { 'content-type': 'application/json' },
        body: method === 'get' ? undefined : '{}',
      });
      await res.arrayBuffer();
      assert.ok(res.status !== 405, `${method} ${p} routed`);
    }
  }
});

test('metrics are Prometheus text with counters, histogram and DB size', async () => {
  await api(srv.url, '/healthz');
  const r = await api(srv.url, '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.body, /areavasta_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  assert.match(r.body, /areavasta_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(r.body, /areavasta_db_size_bytes \d+/);
});

test('unknown path is 404 with envelope', async () => {
  assertEnvelope(assert, await api(srv.url, '/api/v1/nope'), 404, 'not_found');
  assertEnvelope(assert, await api(srv.url, '/api/v1/'), 404, 'not_found');
});

test('wrong method is 405 with Allow', async () => {
  const r = await api(srv.url, '/healthz', { method: 'DELETE' });
  assertEnvelope(assert, r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
});

test('unknown, repeated and oversized query parameters are 400', async () => {
  let e = assertEnvelope(assert, await api(srv.url, '/healthz?verbose=1'), 400, 'invalid_field');
  assert.equal(e.field, 'verbose');
  e = assertEnvelope(assert, await api(srv.url, `/healthz?${'k'.repeat(100)}=1`), 400);
});

test('%00 in the URL and dot segments are refused', async () => {
  let r = await raw(srv.url, 'GET /api/v1/x%00y HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  assert.match(r, /^HTTP\/1\.1 400/);
  r = await raw(srv.url, 'GET /api/v1/../../healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  assert.match(r, /^HTTP\/1\.1 404/);
  r = await raw(srv.url, 'GET /../../etc/passwd HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  assert.match(r, /^HTTP\/1\.1 404/);
  assert.doesNotMatch(r, /root:/);
});

test('a body on a route that takes none is refused with 413', async () => {
  const r = await raw(srv.url, 'GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
  assert.match(r, /^HTTP\/1\.1 413/);
  assert.match(r, /"code":"too_large"/);
});

test('oversized headers are refused by the connection limit', async () => {
  const r = await raw(srv.url, `GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(70000)}\r\nConnection: close\r\n\r\n`);
  assert.match(r, /^HTTP\/1\.1 (431|413|400)/);
});

test('static UI files have content type, ETag, cache headers, gzip and 304', async () => {
  const r = await fetch(`${srv.url}/`, { headers: { 'accept-encoding': 'gzip' } });
  const body = await r.text();
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(body, /<html/i);
  const etag = r.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}-gzip"$/, "the gzip variant has its own strong ETag");
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const again = await fetch(`${srv.url}/`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const raw304 = await raw(srv.url, 'GET /index.html HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
  assert.match(raw304, /Content-Encoding: gzip/i);
  const missing = await fetch(`${srv.url}/does-not-exist.html`);
  await missing.text();
  assert.equal(missing.status, 404);
});

test('fingerprinted assets are immutable, HTML revalidates', async () => {
  const html = await (await fetch(`${srv.url}/`)).text();
  const css = html.match(/href="(\/css\/app-[A-Z0-9]{8}\.css)"/);
  assert.ok(css, 'the page links a hashed stylesheet');
  const r = await fetch(srv.url + css[1]);
  await r.text();
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});
