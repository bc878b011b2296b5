// contract.test.mjs - what routes declare, as a client sees it: the
// OpenAPI request schemas come from the same field tables the server
// decodes with; error.field is the JSON path of the bad value, nested and
// indexed; an own-ente route decides on the object's ente (scope resolver);
// an audited change leaves exactly one audit record, a refused one none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

let srv;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'admin.contratto@example.org', 'admin', 'provincia:024');
  addUser(srv.db, 'upi.contratto@example.org', 'upi', 'upi');
});
after(async () => { await srv?.stop(); });

const sql = (q) => sqlOn(srv.db, q).trim();

test('OpenAPI: every request body has the schema of its field table', async () => {
  const doc = (await api(srv.url, '/api/v1/openapi.json')).body;
  let bodies = 0;
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      // Uploads (multipart/form-data) have no field table.
      if (!op.requestBody || !op.requestBody.content['application/json']) continue;
      bodies++;
      const s = op.requestBody.content['application/json'].schema;
      assert.equal(s.type, 'object', `${m} ${p}`);
      assert.equal(s.additionalProperties, false, `${m} ${p}`);
      assert.ok(Object.keys(s.properties).length > 0, `${m} ${p}: properties`);
    }
  }
  assert.ok(bodies >= 9, `${bodies} bodies`);
  const rete = doc.paths['/api/v1/rete/{sigla}'].put.requestBody.content['application/json'].schema;
  assert.deepEqual(rete.required, ['aderente']);
  assert.equal(rete.properties.aderente.type, 'boolean');
  assert.equal(rete.properties.data_adesione.format, 'date');
  assert.deepEqual(rete.properties.referente.required, ['nome', 'email']);
  assert.equal(rete.properties.referente.properties.email.maxLength, 254);
  assert.equal(rete.properties.referente.additionalProperties, false);
  const users = doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema;
  assert.equal(users.properties.roles.type, 'array');
  assert.equal(users.properties.roles.maxItems, 16);
  assert.deepEqual(users.properties.roles.items.required, ['role', 'ente']);
  const proc = doc.paths['/api/v1/sua/procedura'].post.requestBody.content['application/json'].schema;
  assert.equal(proc.properties.importi_lotti_cents.items.type, 'integer');
  assert.equal(proc.properties.importi_lotti_cents.items.minimum, 1);
  assert.equal(proc.properties.importo_cents.maximum, 10000000000000);
});

test('error.field is the JSON path of the bad value', async () => {
  const upi = await login(srv.url, 'upi.contratto@example.org');
  const ok = { aderente: true, data_adesione: '2021-01-01' };
  const cases = [
    [{ ...ok, referente: { nome: 'N', email: 'no' } }, 'referente.email'],
    [{ ...ok, referente: { nome: 'N', email: 'a@b.it', telefono: 'xx' } }, 'referente.telefono'],
    [{ ...ok, referente: { nome: 'N' } }, 'referente.email'],
    [{ ...ok, referente: { nome: 'N', email: 'a@b.it', fax: '1' } }, 'referente.fax'],
    [{ ...ok, referente: 'Mario' }, 'referente'],
    [{ ...ok, servizi: { sua: 'acceso' } }, 'servizi.sua'],
    [{ ...ok, data_adesione: '2021-02-30' }, 'data_adesione'],
    [{ aderente: true }, 'data_adesione'],
    [{ aderente: 1 }, 'aderente'],
  ];
  for (const [body, field] of cases) {
    const r = await upi.call('PUT', '/api/v1/rete/PD', body);
    assertEnvelope(assert, r, 400);
    assert.equal(r.body.error.field, field, JSON.stringify(body));
    assert.ok(r.body.error.message.length > 10);
  }
  const admin = await login(srv.url, 'admin.contratto@example.org');
  const users = sql('SELECT COUNT(*) FROM app_user');
  let r = await admin.call('POST', '/api/v1/users', {
    email: 'nuovo.contratto@example.org', name: 'N',
    roles: [{ role: 'comune', ente: 'comune:024116' }, { role: 'comune' }],
  });
  assertEnvelope(assert, r, 400);
  assert.equal(r.body.error.field, 'roles[1].ente');
  r = await admin.call('POST', '/api/v1/users', {
    email: 'nuovo.contratto@example.org', name: 'N',
    roles: [{ role: 'comune', ente: 'comune:024116' }, { role: 'admin', ente: 'provincia:017' }],
  });
  assertEnvelope(assert, r, 403);
  assert.equal(r.body.error.field, 'roles[1].ente');
  assert.equal(sql('SELECT COUNT(*) FROM app_user'), users, 'nothing created');
  r = await api(srv.url, '/api/v1/sua/procedura', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tipo: 'servizi', data: '2026-03-01', importi_lotti_cents: [100, 200, 0] }),
  });
  assertEnvelope(assert, r, 400);
  assert.equal(r.body.error.field, 'importi_lotti_cents[2]');
});

test('own-ente: the router decides on the Province the path names', async () => {
  const admin = await login(srv.url, 'admin.contratto@example.org');
  const audits = sql('SELECT COUNT(*) FROM audit_log');
  const body = { aderente: true, data_adesione: '2021-01-01' };
  // Another Province: 403 before the body is even looked at.
  let r = await admin.call('PUT', '/api/v1/rete/PD', { colore: 'blu' });
  assertEnvelope(assert, r, 403);
  r = await admin.call('PUT', '/api/v1/rete/PD', body);
  assertEnvelope(assert, r, 403);
  r = await admin.call('PUT', '/api/v1/rete/ZZ', body);
  assertEnvelope(assert, r, 404);
  assert.equal(r.body.error.field, 'sigla');
  assert.equal(sql('SELECT COUNT(*) FROM audit_log'), audits, 'refusals record nothing');
  // Its own: done, and exactly one record in the same transaction.
  r = await admin.call('PUT', '/api/v1/rete/VI', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(Number(sql('SELECT COUNT(*) FROM audit_log')), Number(audits) + 1);
  assert.equal(sql('SELECT action || \' \' || ente FROM audit_log ORDER BY seq DESC LIMIT 1'), 'rete.update provincia:024');
});
