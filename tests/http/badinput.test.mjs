// badinput.test.mjs - every routed endpoint, taken from the OpenAPI document
// the server generates from its route table, gets malformed, oversized and
// unknown input and must answer 4xx with the error envelope: unknown query
// keys, over-long query values, a body where none is accepted, and for
// endpoints with a body: invalid JSON, a JSON scalar, duplicate keys, a body
// over the route's limit, a wrong Content-Type.  Callers have the role the
// route needs, so the refusal comes from the input, not from authorization.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, cli, rawRequest } from '../lib/server.mjs';

const raw = (request) => rawRequest(srv.url, request);
import { addUser, login, session } from '../lib/auth.mjs';

let srv;
let admin;
let paths;
// A caller with a role the route allows (the policy table of `routes
// --policy`): admin when it may, else the first role that may.
const ROLE_ENTE = { admin: 'provincia:024', sua_officer: 'provincia:024', comune: 'comune:024116', upi: 'upi', commissioner: 'provincia:024', operator: 'operatore:01234567897', sape_officer: 'provincia:024', data_officer: 'provincia:024', applicant: 'operatore:01234567897' };
const callers = {};
const allowedRole = {};
before(async () => {
  srv = await startServer();
  for (const [role, ente] of Object.entries(ROLE_ENTE)) {
    addUser(srv.db, `bad-${role}@example.org`, role, ente);
    callers[role] = await login(srv.url, `bad-${role}@example.org`);
  }
  admin = callers.admin;
  const lines = cli(['routes', '--policy']).stdout.split('\n');
  const header = lines.find((l) => l.startsWith('| route |')).split('|').map((x) => x.trim()).filter(Boolean);
  for (const l of lines.filter((x) => x.startsWith('| `'))) {
    const cells = l.split('|').map((x) => x.trim()).filter(Boolean);
    const route = cells[0].replace(/`/g, '');
    allowedRole[route] = Object.keys(ROLE_ENTE).find((r) => cells[header.indexOf(r)] !== 'deny') || 'admin';
  }
  paths = (await api(srv.url, '/api/v1/openapi.json')).body.paths;
});
after(async () => { await srv.stop(); });

const concrete = (p) => p.replace('{sigla}', 'VI').replace('{tipo}', 'cf').replace('{role}', 'upi')
  .replace('{ente}', 'upi').replace('{codice_istat}', '024116').replace('{piva}', '01234567897')
  .replace(/\{[a-z_]+\}/g, '1');

function envelope(r, label) {
  assert.ok(r.status >= 400 && r.status < 500, `${label}: status ${r.status}`);
  assert.equal(typeof r.body, 'object', `${label}: JSON body`);
  assert.equal(typeof r.body.error.code, 'string', label);
  assert.equal(typeof r.body.error.message, 'string', label);
  assert.ok('field' in r.body.error, label);
}

function operations() {
  const ops = [];
  for (const [p, item] of Object.entries(paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (p.endsWith('/logout')) continue; // would end the session used here
      const method = m.toUpperCase();
      ops.push({ method, path: concrete(p), op, who: callers[allowedRole[`${method} ${p}`] || 'admin'] });
    }
  }
  return ops;
}

const SAML_QUERY = new Set(['SAMLRequest', 'SAMLResponse', 'Signature']);

test('unknown and over-long query parameters: 400 envelope on every endpoint', async () => {
  for (const { method, path, op, who } of operations()) {
    const body = op.requestBody ? {} : undefined;
    let r = await who.call(method, `${path}?zzz_unknown=1`, body);
    envelope(r, `${method} ${path}?zzz_unknown`);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'zzz_unknown');
    for (const q of op.parameters.filter((x) => x.in === 'query')) {
      // SAML's Redirect binding carries whole messages: its three values
      // may reach QUERY_SAML_VALUE_MAX (7,168 bytes, src/http/route.h).
      const over = SAML_QUERY.has(q.name) ? 7169 : 600;
      r = await who.call(method, `${path}?${q.name}=${'x'.repeat(over)}`, body);
      envelope(r, `${method} ${path}?${q.name}=${over} bytes`);
      assert.equal(r.body.error.field, q.name);
    }
  }
});

test('bodies: malformed, scalar, duplicate keys, oversized, wrong type', async () => {
  let checked = 0;
  for (const { method, path, op, who } of operations()) {
    const admin = who;
    // JSON bodies (uploads take multipart/form-data: documents.test.mjs).
    if (!op.requestBody?.content?.['application/json']) continue;
    for (const [label, body] of [['not JSON', '{"a":'], ['scalar', '42'], ['duplicate keys', '{"a":1,"a":2}'], ['empty', '']]) {
      const r = await admin.call(method, path, body, { 'content-type': 'application/json' });
      envelope(r, `${method} ${path} ${label}`);
      assert.equal(r.status, 400, `${method} ${path} ${label}`);
    }
    // Announced 2 MiB: answered 413 from the headers, before any body byte
    // (a client still sending would see the connection closed under it).
    const big = await raw(`${method} ${path} HTTP/1.1\r\nHost: t\r\nCookie: av_session=${admin.cookie}\r\n`
      + `X-CSRF-Token: ${admin.csrf}\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n`);
    assert.match(big, /^HTTP\/1\.1 413/, `${method} ${path} 2 MiB`);
    assert.match(big, /"code":"too_large"/);
    let r = await admin.call(method, path, '{}', { 'content-type': 'text/plain' });
    envelope(r, `${method} ${path} text/plain`);
    assert.equal(r.status, 415);
    checked++;
  }
  assert.ok(checked >= 9, `${checked} endpoints with a body`);
});

test('a body sent to an endpoint that takes none: 413 envelope', async () => {
  for (const { method, path, op, who: admin } of operations()) {
    if (op.requestBody) continue;
    const r = await raw(`${method} ${path} HTTP/1.1\r\nHost: t\r\nCookie: av_session=${admin.cookie}\r\n`
      + `X-CSRF-Token: ${admin.csrf}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    assert.match(r, /^HTTP\/1\.1 413/, `${method} ${path}`);
    assert.match(r, /"code":"too_large"/);
  }
});

test('anonymous callers of protected endpoints get 401 before any input check', async () => {
  const anon = session(srv.url, 'x', '');
  const isPublic = new Set(cli(['routes']).stdout.trim().split('\n')
    .map((l) => l.split(' ')).filter((f) => f[2] === 'public').map((f) => `${f[0]} ${concrete(f[1])}`));
  let checked = 0;
  for (const { method, path, op } of operations()) {
    if (isPublic.has(`${method} ${path}`)) continue;
    checked++;
    const r = await anon.call(method, path, op.requestBody ? '{' : undefined, op.requestBody ? { 'content-type': 'application/json' } : {});
    envelope(r, `${method} ${path}`);
    assert.equal(r.status, 401, `${method} ${path}`);
  }
  assert.ok(checked >= 10);
});
