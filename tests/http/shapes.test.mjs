// shapes.test.mjs - the answers written with the streaming JSON writer
// (issue 8 item 2) keep the shapes they had when they were jansson trees:
// the members and their order, for each route converted - health, the
// instance and its identity, the network (list, one member's update, the
// CSV), API tokens, logout and password change, audit checkpoints, the
// OpenAPI document - and the CLI's `rete set` / `istanza show` print the
// same shapes, laid out as before (two-space indentation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, cli } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

let srv;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'upi@example.org', 'upi', 'upi');
  addUser(srv.db, 'admin@example.org', 'admin', 'provincia:024');
  addUser(srv.db, 'pw@example.org', 'comune', 'comune:024116');
});
after(async () => { await srv.stop(); });

const keys = (o) => Object.keys(o);
const IDENTITA = ['ente', 'ente_padre', 'ente_padre_url', 'colore', 'indirizzo', 'telefono', 'email', 'pec',
  'codice_fiscale', 'accessibilita_url', 'privacy_url', 'note_legali_url', 'stemma', 'da_completare'];
const MEMBER = ['provincia', 'regione', 'aderente', 'data_adesione', 'referente', 'servizi'];
const CHECKPOINT = ['seq', 'hash', 'time', 'signature', 'public_key'];

function assertMember(m) {
  assert.deepEqual(keys(m), MEMBER);
  assert.deepEqual(keys(m.provincia), ['codice', 'sigla', 'nome']);
  assert.deepEqual(keys(m.regione), ['codice', 'nome']);
  assert.equal(typeof m.aderente, 'boolean');
  if (m.referente !== null) assert.deepEqual(keys(m.referente), ['nome', 'email', 'telefono']);
  assert.deepEqual(keys(m.servizi), ['sua', 'europa', 'dati']);
}

test('health, instance and identity keep their members and order', async () => {
  let r = await api(srv.url, '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(keys(r.body), ['status', 'db', 'version']);
  assert.equal(r.body.status, 'ok');

  r = await api(srv.url, '/api/v1/istanza');
  assert.deepEqual(keys(r.body),
    ['provincia', 'comuni_attivi', 'popolazione', 'comuni_con_popolazione', 'fonti', 'versione']);
  assert.deepEqual(keys(r.body.provincia), ['codice', 'sigla', 'nome', 'tipologia', 'regione']);
  assert.deepEqual(keys(r.body.provincia.regione), ['codice', 'nome']);
  for (const f of Object.values(r.body.fonti)) assert.deepEqual(keys(f), ['fonte', 'data']);
  assert.equal(typeof r.body.comuni_attivi, 'number');

  r = await api(srv.url, '/api/v1/istanza/identita');
  assert.deepEqual(keys(r.body), IDENTITA);
  assert.ok(Array.isArray(r.body.da_completare));

  const admin = await login(srv.url, 'admin@example.org');
  r = await admin.call('PUT', '/api/v1/istanza/identita', { telefono: '0444 123456' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(keys(r.body), IDENTITA);
  assert.equal(r.body.telefono, '0444 123456');
  const show = cli(['istanza', 'show', '--db', srv.db]);
  assert.equal(show.status, 0, show.stderr);
  assert.deepEqual(JSON.parse(show.stdout), r.body, 'the CLI prints what the API answers');
  assert.match(show.stdout, /^\{\n  "ente": /, 'indented as before');
});

test('the network: list, one member updated, CSV, and the CLI agree', async () => {
  let r = await api(srv.url, '/api/v1/rete');
  assert.deepEqual(keys(r.body), ['items', 'total', 'total_esatto', 'total_tipo', 'limit', 'offset', 'next', 'aderenti']);
  assert.equal(r.body.items.length, r.body.total);
  assert.equal(r.body.next, null);
  r.body.items.forEach(assertMember);

  const upi = await login(srv.url, 'upi@example.org');
  const put = await upi.call('PUT', '/api/v1/rete/VI', {
    aderente: true, data_adesione: '2024-05-06',
    referente: { nome: 'Anna Esempio', email: 'anna@example.org' },
    servizi: { sua: 'in_avvio' },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assertMember(put.body);
  assert.deepEqual(put.body.referente, { nome: 'Anna Esempio', email: 'anna@example.org', telefono: null });
  r = await api(srv.url, '/api/v1/rete');
  assert.deepEqual(r.body.items.find((m) => m.provincia.sigla === 'VI'), put.body);

  const csv = await api(srv.url, '/api/v1/rete.csv?aderenti=1');
  assert.equal(csv.status, 200);
  const vi = csv.body.split('\r\n').find((l) => l.startsWith('024;'));
  assert.equal(vi, '024;VI;Vicenza;05;Veneto;si;2024-05-06;Anna Esempio;anna@example.org;;in_avvio;'
    + `${put.body.servizi.europa};${put.body.servizi.dati}`);

  const set = cli(['rete', 'set', '--db', srv.db, 'VI', '--aderente', 'yes', '--data', '2024-05-06',
    '--referente', 'Anna Esempio', '--email', 'anna@example.org', '--telefono', '0444 1234567']);
  assert.equal(set.status, 0, set.stderr);
  assert.match(set.stdout, /^\{\n  "provincia": \{\n    "codice": "024",/);
  const row = JSON.parse(set.stdout);
  assertMember(row);
  assert.equal(row.referente.telefono, '0444 1234567');
  r = await upi.call('GET', '/api/v1/rete');
  assert.deepEqual(r.body.items.find((m) => m.provincia.sigla === 'VI'), row);
});

test('API tokens, logout and password change', async () => {
  const s = await login(srv.url, 'pw@example.org');
  let r = await s.call('POST', '/api/v1/auth/tokens', { name: 'script', expires_days: 30 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(keys(r.body), ['id', 'name', 'token', 'expires']);
  assert.equal(typeof r.body.expires, 'number');
  const id = r.body.id;
  r = await s.call('POST', '/api/v1/auth/tokens', { name: 'forever' });
  assert.equal(r.body.expires, null);
  r = await s.call('GET', '/api/v1/auth/tokens');
  assert.deepEqual(keys(r.body), ['items', 'total', 'total_esatto', 'total_tipo', 'limit', 'offset', 'next']);
  assert.equal(r.body.total, 2);
  for (const t of r.body.items)
    assert.deepEqual(keys(t), ['id', 'name', 'prefix', 'created', 'expires', 'last_used', 'revoked']);
  assert.deepEqual(r.body.items.map((t) => t.name), ['forever', 'script'], 'newest first');
  r = await s.call('DELETE', `/api/v1/auth/tokens/${id}`);
  assert.deepEqual(r.body, { ok: true });

  r = await s.call('POST', '/api/v1/auth/password',
    { current_password: 'una-password-di-prova-2026', new_password: 'un-altra-password-lunga-2026' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(keys(r.body), ['ok', 'csrf_token', 'tokens_revoked']);
  assert.equal(r.body.tokens_revoked, 1);
  const again = await login(srv.url, 'pw@example.org', 'un-altra-password-lunga-2026');
  r = await again.call('POST', '/api/v1/auth/logout');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { ok: true });
});

test('audit checkpoints: the latest and the list have one shape', async () => {
  const one = await api(srv.url, '/api/v1/audit/checkpoint');
  assert.equal(one.status, 200, JSON.stringify(one.body));
  assert.deepEqual(keys(one.body), CHECKPOINT);
  const list = await api(srv.url, '/api/v1/audit/checkpoints');
  assert.ok(list.body.items.length >= 1);
  for (const cp of list.body.items) assert.deepEqual(keys(cp), CHECKPOINT);
  assert.deepEqual(list.body.items.find((cp) => cp.seq === one.body.seq), one.body);
});

test('the OpenAPI document: paths grouped, bodies from their tables', async () => {
  const r = await api(srv.url, '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = r.body;
  assert.deepEqual(keys(doc), ['openapi', 'info', 'servers', 'paths', 'components']);
  assert.deepEqual(keys(doc.info), ['title', 'version', 'description']);
  const rete = doc.paths['/api/v1/rete/{sigla}'].put;
  assert.deepEqual(keys(rete), ['summary', 'parameters', 'responses', 'requestBody']);
  assert.deepEqual(rete.parameters,
    [{ name: 'sigla', in: 'path', required: true, schema: { type: 'string' } }]);
  const body = rete.requestBody.content['application/json'].schema;
  assert.deepEqual(keys(body), ['type', 'properties', 'required', 'additionalProperties']);
  assert.deepEqual(body.required, ['aderente']);
  assert.deepEqual(keys(body.properties.referente),
    ['type', 'properties', 'required', 'additionalProperties']);
  assert.deepEqual(rete.responses['4XX'].content['application/json'].schema,
    { $ref: '#/components/schemas/Error' });
  const up = doc.paths['/api/v1/import/istat'].post.requestBody;
  assert.deepEqual(up, {
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } } } } },
  });
  assert.deepEqual(doc.components.schemas.Error.properties.error.required, ['code', 'message', 'field']);
  // Each path once, its methods together.
  const methods = Object.values(doc.paths).map((p) => keys(p).length);
  assert.ok(methods.some((n) => n > 1));
});
