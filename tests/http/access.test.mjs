// access.test.mjs - the access matrix: every route of docs/access-policy.md
// called as anonymous and as a user of every role, the answer checked
// against the documented decision (deny -> 401 anonymous / 403 logged in;
// allow and own-ente -> neither).  Routes the server serves but the document
// lacks fail the test, so a new route needs a declared, documented permission.
// Also: own-ente isolation (a Comune or a Province admin cannot act on
// another ente's objects) and the network editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, assertEnvelope, cli, ROOT, sql } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const ROLES = {
  admin: 'provincia:024',
  sua_officer: 'provincia:024',
  commissioner: 'provincia:024',
  sape_officer: 'provincia:024',
  data_officer: 'provincia:024',
  comune: 'comune:024116',
  operator: 'operatore:01234567897',
  upi: 'upi',
  applicant: 'operatore:01234567897',
};

function policyRows() {
  const doc = readFileSync(join(ROOT, 'docs', 'access-policy.md'), 'utf8');
  const lines = doc.split('\n').filter((l) => l.startsWith('| `'));
  const header = doc.split('\n').find((l) => l.startsWith('| route |')).split('|').map((s) => s.trim()).filter(Boolean);
  return lines.map((l) => {
    const cells = l.split('|').map((s) => s.trim()).filter(Boolean);
    const [method, path] = cells[0].replace(/`/g, '').split(' ');
    const decisions = {};
    header.slice(2).forEach((h, i) => { decisions[h] = cells[2 + i]; });
    return { method, path, decisions };
  });
}

// A harmless concrete path: ids that do not exist, so allowed calls end in
// 404/400 and never change real data.
const concrete = (p) => p
  .replace('{sigla}', 'ZZ').replace('{role}', 'upi').replace('{ente}', 'upi')
  .replace(/\{[a-z_]+\}/g, '999999');

let srv;
const clients = {};
before(async () => {
  srv = await startServer();
  for (const [role, ente] of Object.entries(ROLES)) addUser(srv.db, `${role}@example.org`, role, ente);
  for (const role of Object.keys(ROLES)) clients[role] = await login(srv.url, `${role}@example.org`);
  clients.anonymous = session(srv.url, '', '');
});
after(async () => { await srv.stop(); });

test('the document covers exactly the routes the server serves', () => {
  const served = cli(['routes']).stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 2).join(' ')).sort();
  const documented = policyRows().map((r) => `${r.method} ${r.path}`).sort();
  assert.deepEqual(documented, served);
});

test('every route x role answers as documented', async () => {
  const rows = policyRows();
  // logout last: it ends the session used by the other calls
  rows.sort((a, b) => (a.path.endsWith('/logout') ? 1 : 0) - (b.path.endsWith('/logout') ? 1 : 0));
  let checked = 0;
  for (const row of rows) {
    for (const who of ['anonymous', ...Object.keys(ROLES)]) {
      const decision = row.decisions[who];
      assert.ok(['allow', 'deny', 'own-ente'].includes(decision), `${row.method} ${row.path} ${who}: ${decision}`);
      const c = who === 'anonymous' ? session(srv.url, 'x', '') : clients[who];
      const body = ['POST', 'PUT', 'PATCH'].includes(row.method) ? {} : undefined;
      const r = await c.call(row.method, concrete(row.path), body);
      const label = `${row.method} ${row.path} as ${who} (${decision}) -> ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`;
      if (decision === 'deny') assert.equal(r.status, who === 'anonymous' ? 401 : 403, label);
      else assert.ok(r.status !== 401 && r.status !== 403 || (decision === 'own-ente' && r.status === 403 && r.body.error.message.includes('ente')), label);
      checked++;
    }
  }
  assert.ok(checked >= rows.length * 9);
});

test('an account on its one-time password reaches only the routes documented for it', async () => {
  // An admin (the widest role) who has not changed the one-time password yet.
  const r0 = cli(['user', 'add', '--db', srv.db, '--email', 'otp@example.org', '--name', 'Otp', '--role', 'admin', '--ente', 'provincia:024']);
  assert.equal(r0.status, 0, r0.stderr);
  const otp = r0.stdout.match(/password monouso: (\S+)/)[1];
  const c = await login(srv.url, 'otp@example.org', otp);
  assert.equal(c.user.must_change_password, true);
  const rows = policyRows();
  rows.sort((a, b) => (a.path.endsWith('/logout') ? 1 : 0) - (b.path.endsWith('/logout') ? 1 : 0));
  const open = [];
  for (const row of rows) {
    const decision = row.decisions['one-time password'];
    assert.ok(['allow', 'deny'].includes(decision), `${row.method} ${row.path}: ${decision}`);
    const body = ['POST', 'PUT', 'PATCH'].includes(row.method) ? {} : undefined;
    const r = await c.call(row.method, concrete(row.path), body);
    const label = `${row.method} ${row.path} with a one-time password (${decision}) -> ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`;
    if (decision === 'deny') assert.equal(r.status, 403, label);
    else {
      assert.ok(r.status !== 401 && r.status !== 403, label);
      if (row.decisions.anonymous === 'deny') open.push(`${row.method} ${row.path}`);
    }
  }
  // Beyond public routes, only these: read oneself, change the password, log out.
  assert.deepEqual(open.sort(), ['GET /api/v1/auth/me', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/password']);
});

test('network editor: upi edits any Province, admin only its own, comune none; audited', async () => {
  const upi = await login(srv.url, 'upi@example.org');
  const admin = await login(srv.url, 'admin@example.org');
  const comune = await login(srv.url, 'comune@example.org');
  const body = {
    aderente: true, data_adesione: '2021-03-15',
    referente: { nome: 'Referente di prova', email: 'ref@example.org', telefono: '+39 0444 000000' },
    servizi: { sua: 'attivo', europa: 'in_avvio', dati: 'non_attivo' },
  };
  let r = await upi.call('PUT', '/api/v1/rete/BS', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.aderente, true);
  assert.equal(r.body.data_adesione, '2021-03-15');
  assert.equal(r.body.servizi.europa, 'in_avvio');
  r = await admin.call('PUT', '/api/v1/rete/VI', { ...body, data_adesione: '2020-07-01' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await admin.call('PUT', '/api/v1/rete/BS', body);
  assertEnvelope(assert, r, 403, 'forbidden');
  r = await comune.call('PUT', '/api/v1/rete/VI', body);
  assertEnvelope(assert, r, 403, 'forbidden');
  r = await upi.call('PUT', '/api/v1/rete/MI', body);
  assert.equal(assertEnvelope(assert, r, 400).field, 'sigla', 'a metropolitan city is not in the network');
  r = await upi.call('PUT', '/api/v1/rete/XX', body);
  assertEnvelope(assert, r, 404);
  const rete = await api(srv.url, '/api/v1/rete');
  const bs = rete.body.items.find((i) => i.provincia.sigla === 'BS');
  assert.equal(bs.referente.email, 'ref@example.org');
  const audited = sql(srv.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'rete.update'").trim();
  assert.ok(Number(audited) >= 2, `audited ${audited}`);
});

test('network editor: bad input is 400 with the field, nothing changed', async () => {
  const upi = await login(srv.url, 'upi@example.org');
  const before = (await api(srv.url, '/api/v1/rete')).body;
  const cases = [
    [{}, 'aderente'],
    [{ aderente: 'si' }, 'aderente'],
    [{ aderente: true }, 'data'],
    [{ aderente: true, data_adesione: '2021-02-30' }, 'data'],
    [{ aderente: false, data_adesione: '2021-01-01' }, 'data'],
    [{ aderente: true, data_adesione: '2021-01-01', referente: { nome: 'X' } }, 'email'],
    [{ aderente: true, data_adesione: '2021-01-01', referente: { nome: 'X', email: 'no' } }, 'email'],
    [{ aderente: true, data_adesione: '2021-01-01', servizi: { sua: 'acceso' } }, 'sua'],
    [{ aderente: true, data_adesione: '2021-01-01', servizi: { altro: 'attivo' } }, 'altro'],
    [{ aderente: true, data_adesione: '2021-01-01', colore: 'blu' }, 'colore'],
  ];
  for (const [body, field] of cases) {
    const r = await upi.call('PUT', '/api/v1/rete/PD', body);
    assertEnvelope(assert, r, 400);
    assert.ok(r.body.error.field.includes(field), `${JSON.stringify(body)} -> ${r.body.error.field}`);
  }
  assert.deepEqual((await api(srv.url, '/api/v1/rete')).body, before);
});

test('own-ente isolation: a comune user reaches no other ente object by id', async () => {
  const admin = await login(srv.url, 'admin@example.org');
  const comuneA = await login(srv.url, 'comune@example.org');
  addUser(srv.db, 'comune-b@example.org', 'comune', 'comune:024100');
  const comuneB = await login(srv.url, 'comune-b@example.org');
  const tok = await comuneB.call('POST', '/api/v1/auth/tokens', { name: 'di B' });
  assert.equal(tok.status, 201);
  // another user's token: 404 (it is not "theirs"), not revoked
  let r = await comuneA.call('DELETE', `/api/v1/auth/tokens/${tok.body.id}`);
  assertEnvelope(assert, r, 404);
  assert.equal((await api(srv.url, '/api/v1/auth/me', { headers: { authorization: `Bearer ${tok.body.token}` } })).status, 200);
  // users by id, roles, resets: admin only
  const bId = comuneB.user.id;
  for (const [m, p, b] of [['GET', `/api/v1/users/${bId}`], ['PATCH', `/api/v1/users/${bId}`, { active: false }],
    ['POST', `/api/v1/users/${bId}/roles`, { role: 'admin', ente: 'provincia:024' }],
    ['DELETE', `/api/v1/users/${bId}/roles/comune/comune:024100`], ['POST', `/api/v1/users/${bId}/password-reset`],
    ['PUT', '/api/v1/rete/VI', { aderente: false }]]) {
    r = await comuneA.call(m, p, b);
    assertEnvelope(assert, r, 403);
  }
  assert.equal((await comuneB.call('GET', '/api/v1/auth/me')).status, 200, 'B untouched');
  r = await admin.call('GET', `/api/v1/users/${bId}`);
  assert.equal(r.body.active, true);
});

test('admin scope: grants only on its Province, its Comuni and operators; no upi', async () => {
  const admin = await login(srv.url, 'admin@example.org');
  const target = addUser(srv.db, 'scope-target@example.org', 'comune', 'comune:024100');
  const before = sql(srv.db, `SELECT COUNT(*) FROM role_grant WHERE user_id = ${target}`).trim();
  for (const [role, ente] of [['upi', 'upi'], ['admin', 'provincia:017'], ['comune', 'comune:017029'], ['sua_officer', 'provincia:017']]) {
    const r = await admin.call('POST', `/api/v1/users/${target}/roles`, { role, ente });
    assertEnvelope(assert, r, 403, 'forbidden');
    assert.equal(r.body.error.field, 'ente');
  }
  let r = await admin.call('POST', '/api/v1/users', { email: 'escalate@example.org', name: 'E', roles: [{ role: 'upi', ente: 'upi' }] });
  assertEnvelope(assert, r, 403);
  assert.equal(sql(srv.db, "SELECT COUNT(*) FROM app_user WHERE email = 'escalate@example.org'").trim(), '0');
  assert.equal(sql(srv.db, `SELECT COUNT(*) FROM role_grant WHERE user_id = ${target}`).trim(), before);
  // in scope: a Comune of Vicenza, the Province itself, an operator
  for (const [role, ente] of [['comune', 'comune:024116'], ['sua_officer', 'provincia:024'], ['operator', 'operatore:01234567897']]) {
    r = await admin.call('POST', `/api/v1/users/${target}/roles`, { role, ente });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  // a user with a grant elsewhere (upi) is outside the Province admin's
  // scope: it cannot be read, reset or deactivated, as if it did not exist
  // (tests/http/admin-scope.test.mjs covers every route across Provinces)
  const upiId = clients.upi.user.id;
  r = await admin.call('POST', `/api/v1/users/${upiId}/password-reset`);
  assertEnvelope(assert, r, 404);
  r = await admin.call('PATCH', `/api/v1/users/${upiId}`, { active: false });
  assertEnvelope(assert, r, 404);
  r = await admin.call('DELETE', `/api/v1/users/${upiId}/roles/upi/upi`);
  assertEnvelope(assert, r, 404);
  // the audit records say which ente the admin acted for
  const ente = sql(srv.db, "SELECT ente FROM audit_log WHERE action = 'user.grant' ORDER BY seq DESC LIMIT 1").trim();
  assert.equal(ente, 'provincia:024');
});
