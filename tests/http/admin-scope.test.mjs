// admin-scope.test.mjs - administrators' scope across Provinces (docs/
// identity.md, "Administrators' scope"): the admins of Vicenza
// (provincia:024) and Padova (provincia:028) and accounts of each, every
// user-admin route (list, get, update, grant, revoke, password reset) called
// across the border.  An account outside the caller's scope answers exactly
// like an unknown id (404), and a refused call changes nothing.  Also: an
// account without grants belongs to the Province that created it (nobody's
// when the CLI did), an operator belongs to the Province that approved it,
// and an admin keeps its last admin grant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertEnvelope, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const VI = 'provincia:024';
const PD = 'provincia:028';
const COMUNE_VI = 'comune:024116'; // Vicenza
const COMUNE_PD = 'comune:028060'; // Padova
const OPERATORE = 'operatore:01234567897';

let srv;
let vi; // admin of Vicenza
let pd; // admin of Padova
const id = {};
const sql = (q) => sqlOn(srv.db, q).trim();

before(async () => {
  srv = await startServer();
  id.adminVi = addUser(srv.db, 'admin.vi@example.org', 'admin', VI);
  id.adminPd = addUser(srv.db, 'admin.pd@example.org', 'admin', PD);
  id.comuneVi = addUser(srv.db, 'comune.vi@example.org', 'comune', COMUNE_VI);
  id.comunePd = addUser(srv.db, 'comune.pd@example.org', 'comune', COMUNE_PD);
  // One account with a grant in each Province: neither admin manages it.
  id.both = addUser(srv.db, 'both@example.org', 'comune', COMUNE_VI);
  sql(`INSERT INTO role_grant (user_id, role, ente, granted) VALUES (${id.both}, 'comune', '${COMUNE_PD}', 1)`);
  // An operator approved at the console: no Province approved it.
  id.cliOperator = addUser(srv.db, 'op.cli@example.org', 'operator', OPERATORE);
  vi = await login(srv.url, 'admin.vi@example.org');
  pd = await login(srv.url, 'admin.pd@example.org');
  // An operator approved by Vicenza through the API.
  const r = await vi.call('POST', '/api/v1/users', { email: 'op.vi@example.org', name: 'Operatore di Vicenza', roles: [{ role: 'operator', ente: OPERATORE }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  id.opVi = r.body.id;
});
after(async () => { await srv.stop(); });

async function listIds(who, limit = 500) {
  const all = [];
  let total = null;
  for (let offset = 0; ; offset += limit) {
    const r = await who.call('GET', `/api/v1/users?limit=${limit}&offset=${offset}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (total === null) total = r.body.total;
    assert.equal(r.body.total, total, 'the total does not change from page to page');
    all.push(...r.body.items.map((u) => u.id));
    if (r.body.items.length < limit) break;
  }
  assert.equal(all.length, total, 'total counts the accounts in scope');
  return all;
}

// Everything a refused call could have changed.
const snapshot = () => sql('SELECT id, name, active, must_change_password, password_hash FROM app_user ORDER BY id')
  + sql('SELECT user_id, role, ente FROM role_grant ORDER BY user_id, role, ente')
  + sql('SELECT COUNT(*) FROM session') + sql('SELECT COUNT(*) FROM api_token WHERE revoked IS NULL');

// Every user-admin route on account target, as admin who: each must answer
// like an unknown id.
const withoutRequestId = ({ request_id: _, ...rest }) => rest;
async function assertOutOfScope(who, target, held) {
  const unknown = withoutRequestId((await who.call('GET', '/api/v1/users/99999999')).body.error);
  const before = snapshot();
  const calls = [
    ['GET', `/api/v1/users/${target}`],
    ['PATCH', `/api/v1/users/${target}`, { name: 'Preso in carico' }],
    ['PATCH', `/api/v1/users/${target}`, { active: false }],
    ['POST', `/api/v1/users/${target}/roles`, { role: 'operator', ente: OPERATORE }],
    ['POST', `/api/v1/users/${target}/roles`, { role: 'sua_officer', ente: who === vi ? VI : PD }],
    ['POST', `/api/v1/users/${target}/password-reset`],
  ];
  for (const g of held) calls.push(['DELETE', `/api/v1/users/${target}/roles/${g.role}/${g.ente}`]);
  for (const [m, p, b] of calls) {
    const r = await who.call(m, p, b);
    const e = assertEnvelope(assert, r, 404, 'not_found');
    assert.deepEqual(withoutRequestId(e), unknown, `${m} ${p}: same answer as an unknown id`);
  }
  assert.equal(snapshot(), before, 'nothing changed');
}

const grantsOf = (uid) => sql(`SELECT role || '|' || ente FROM role_grant WHERE user_id = ${uid} ORDER BY role, ente`)
  .split('\n').filter(Boolean).map((l) => { const [role, ente] = l.split('|'); return { role, ente }; });

test('list: each admin sees only the accounts it manages, total and pages for its scope', async () => {
  const seenVi = await listIds(vi);
  const seenPd = await listIds(pd);
  for (const k of ['adminVi', 'comuneVi', 'opVi']) {
    assert.ok(seenVi.includes(id[k]), `Vicenza sees ${k}`);
    assert.ok(!seenPd.includes(id[k]), `Padova does not see ${k}`);
  }
  for (const k of ['adminPd', 'comunePd']) {
    assert.ok(seenPd.includes(id[k]), `Padova sees ${k}`);
    assert.ok(!seenVi.includes(id[k]), `Vicenza does not see ${k}`);
  }
  for (const k of ['both', 'cliOperator']) {
    assert.ok(!seenVi.includes(id[k]) && !seenPd.includes(id[k]), `nobody sees ${k}`);
  }
  const upi = Number(sql("SELECT id FROM app_user WHERE email = 'upi@demo.areavasta.example'"));
  assert.ok(!seenVi.includes(upi), 'a upi account is nobody\'s');
  // Small pages give the same accounts, in id order.
  const paged = await listIds(vi, 3);
  assert.deepEqual(paged, seenVi);
  assert.deepEqual([...seenVi].sort((a, b) => a - b), seenVi);
});

test('Padova reaches no account of Vicenza by id (get, update, grant, revoke, reset)', async () => {
  await assertOutOfScope(pd, id.adminVi, grantsOf(id.adminVi));
  await assertOutOfScope(pd, id.comuneVi, grantsOf(id.comuneVi));
  await assertOutOfScope(pd, id.opVi, grantsOf(id.opVi));
});

test('Vicenza reaches no account of Padova, nor one with grants in both, nor a console operator', async () => {
  await assertOutOfScope(vi, id.adminPd, grantsOf(id.adminPd));
  await assertOutOfScope(vi, id.comunePd, grantsOf(id.comunePd));
  await assertOutOfScope(vi, id.both, grantsOf(id.both));
  await assertOutOfScope(vi, id.cliOperator, grantsOf(id.cliOperator));
  await assertOutOfScope(pd, id.both, grantsOf(id.both));
  await assertOutOfScope(pd, id.cliOperator, grantsOf(id.cliOperator));
});

test('the operator approved by Vicenza: recorded, reset and managed by Vicenza only', async () => {
  assert.equal(sql(`SELECT granted_by FROM role_grant WHERE user_id = ${id.opVi}`), VI);
  assert.equal(sql(`SELECT created_by FROM app_user WHERE id = ${id.opVi}`), VI);
  let r = await vi.call('POST', `/api/v1/users/${id.opVi}/password-reset`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.one_time_password.length, 20);
  r = await vi.call('PATCH', `/api/v1/users/${id.opVi}`, { name: 'Operatore approvato' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await vi.call('GET', `/api/v1/users/${id.opVi}`);
  assert.equal(r.body.name, 'Operatore approvato');
  // The same operator ente, approved by Padova for another account, is Padova's.
  r = await pd.call('POST', '/api/v1/users', { email: 'op.pd@example.org', name: 'Operatore di Padova', roles: [{ role: 'operator', ente: OPERATORE }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const opPd = r.body.id;
  assert.equal(sql(`SELECT granted_by FROM role_grant WHERE user_id = ${opPd}`), PD);
  await assertOutOfScope(vi, opPd, grantsOf(opPd));
  r = await pd.call('POST', `/api/v1/users/${opPd}/password-reset`);
  assert.equal(r.status, 200);
});

test('an account created by Vicenza and left without grants stays Vicenza\'s', async () => {
  let r = await vi.call('POST', '/api/v1/users', { email: 'vuoto.vi@example.org', name: 'Senza ruoli', roles: [{ role: 'comune', ente: COMUNE_VI }] });
  assert.equal(r.status, 201);
  const uid = r.body.id;
  r = await vi.call('DELETE', `/api/v1/users/${uid}/roles/comune/${COMUNE_VI}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.roles, []);
  assert.ok((await listIds(vi)).includes(uid));
  assert.ok(!(await listIds(pd)).includes(uid));
  // Padova cannot claim it by granting itself a role on it.
  await assertOutOfScope(pd, uid, []);
  r = await vi.call('POST', `/api/v1/users/${uid}/roles`, { role: 'data_officer', ente: VI });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // An account Vicenza creates with no role at all is Vicenza's too.
  r = await vi.call('POST', '/api/v1/users', { email: 'nessuno.vi@example.org', name: 'Nessun ruolo' });
  assert.equal(r.status, 201);
  assert.equal((await vi.call('GET', `/api/v1/users/${r.body.id}`)).status, 200);
  await assertOutOfScope(pd, r.body.id, []);
});

test('an account from the console left without grants is nobody\'s', async () => {
  const uid = addUser(srv.db, 'vuoto.cli@example.org', 'comune', COMUNE_VI);
  let r = await vi.call('DELETE', `/api/v1/users/${uid}/roles/comune/${COMUNE_VI}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(sql(`SELECT COUNT(*) FROM role_grant WHERE user_id = ${uid}`), '0');
  await assertOutOfScope(pd, uid, []);
  await assertOutOfScope(vi, uid, []);
  assert.ok(!(await listIds(vi)).includes(uid));
  // Same for one created at the console without any grant left by hand.
  const bare = addUser(srv.db, 'nudo.cli@example.org', 'comune', COMUNE_PD);
  sql(`DELETE FROM role_grant WHERE user_id = ${bare}`);
  await assertOutOfScope(pd, bare, []);
  await assertOutOfScope(vi, bare, []);
});

test('an admin of two Provinces manages both; it cannot drop its own last admin grant', async () => {
  const uid = addUser(srv.db, 'admin.due@example.org', 'admin', VI);
  sql(`INSERT INTO role_grant (user_id, role, ente, granted) VALUES (${uid}, 'admin', '${PD}', 1)`);
  const two = await login(srv.url, 'admin.due@example.org');
  const seen = await listIds(two);
  for (const k of ['adminVi', 'adminPd', 'comuneVi', 'comunePd', 'both']) assert.ok(seen.includes(id[k]), k);
  let r = await two.call('DELETE', `/api/v1/users/${uid}/roles/admin/${PD}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await two.call('DELETE', `/api/v1/users/${uid}/roles/admin/${VI}`);
  assertEnvelope(assert, r, 409, 'conflict');
  assert.deepEqual(grantsOf(uid), [{ role: 'admin', ente: VI }]);
  r = await two.call('PATCH', `/api/v1/users/${uid}`, { active: false });
  assertEnvelope(assert, r, 409, 'conflict');
  // Another admin of the same Province may still revoke it.
  r = await vi.call('DELETE', `/api/v1/users/${uid}/roles/admin/${VI}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
