// auth.test.mjs - identity end to end against a real server: login, me,
// logout invalidation, session fixation, idle and absolute expiry, CSRF,
// throttling, no user enumeration, API tokens, one-time passwords, and bad
// input on every identity endpoint (nothing changed after a refusal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, cli, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login, session, PASSWORD } from '../lib/auth.mjs';

let srv;
before(async () => {
  srv = await startServer();
  addUser(srv.db, 'admin@example.org', 'admin', 'provincia:024', 'Anna Admin');
  addUser(srv.db, 'comune@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'victim@example.org', 'sua_officer', 'provincia:024');
  addUser(srv.db, 'throttle@example.org', 'data_officer', 'provincia:024');
});
after(async () => { await srv.stop(); });

const sql = (q) => sqlOn(srv.db, q).trim();
const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('login sets HttpOnly SameSite=Strict session cookie and returns user + csrf', async () => {
  const res = await fetch(`${srv.url}/api/v1/auth/login`, json({ email: 'ADMIN@example.org', password: PASSWORD }));
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.equal(body.user.email, 'admin@example.org');
  assert.deepEqual(body.user.roles, [{ role: 'admin', ente: 'provincia:024' }]);
  const cookies = res.headers.getSetCookie();
  const sess = cookies.find((c) => c.startsWith('av_session='));
  assert.match(sess, /HttpOnly/);
  assert.match(sess, /SameSite=Strict/);
  assert.match(sess, /Path=\//);
  assert.doesNotMatch(sess, /Secure/, 'no Secure flag without TLS');
  assert.equal(sess.split(';')[0].length, 'av_session='.length + 43, '256-bit token');
  assert.equal(typeof body.csrf_token, 'string');
  // only the hash is stored
  const token = sess.split(';')[0].split('=')[1];
  assert.equal(sql(`SELECT COUNT(*) FROM session WHERE token_hash = '${token}'`), '0');
});

test('me, then logout invalidates the session', async () => {
  const s = await login(srv.url, 'admin@example.org');
  let r = await s.call('GET', '/api/v1/auth/me');
  assert.equal(r.status, 200);
  assert.equal(r.body.csrf_token, s.csrf);
  r = await s.call('POST', '/api/v1/auth/logout');
  assert.equal(r.status, 200);
  assert.match(r.headers.getSetCookie().join(';'), /av_session=;/);
  r = await s.call('GET', '/api/v1/auth/me');
  assertEnvelope(assert, r, 401, 'unauthenticated');
});

test('a session token known before login is never promoted (fixation)', async () => {
  const attacker = await login(srv.url, 'comune@example.org');
  const res = await fetch(`${srv.url}/api/v1/auth/login`, {
    ...json({ email: 'victim@example.org', password: PASSWORD }),
    headers: { 'content-type': 'application/json', cookie: `av_session=${attacker.cookie}` },
  });
  assert.equal(res.status, 200);
  const fresh = res.headers.getSetCookie().find((c) => c.startsWith('av_session=')).split(';')[0].split('=')[1];
  assert.notEqual(fresh, attacker.cookie);
  const old = await attacker.call('GET', '/api/v1/auth/me');
  assert.equal(old.status, 401, 'the planted session was ended at login');
  const victim = session(srv.url, fresh, null);
  assert.equal((await victim.call('GET', '/api/v1/auth/me')).body.email, 'victim@example.org');
});

test('idle and absolute expiry', async () => {
  const s = await login(srv.url, 'victim@example.org');
  assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 200);
  const now = Math.floor(Date.now() / 1000);
  const uid = sql("SELECT id FROM app_user WHERE email = 'victim@example.org'");
  sql(`UPDATE session SET last_seen = ${now - 31 * 60} WHERE user_id = ${uid}`);
  assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 401, 'idle 31 min');
  const s2 = await login(srv.url, 'victim@example.org');
  sql(`UPDATE session SET expires = ${now - 1} WHERE user_id = ${uid}`);
  assert.equal((await s2.call('GET', '/api/v1/auth/me')).status, 401, 'past absolute expiry');
});

test('CSRF: cookie writes need the token; foreign Origin refused', async () => {
  const s = await login(srv.url, 'admin@example.org');
  const before = sql('SELECT COUNT(*) FROM app_user');
  let r = await s.call('POST', '/api/v1/users', { email: 'n1@example.org', name: 'N' }, { 'x-csrf-token': '' });
  assertEnvelope(assert, r, 403, 'forbidden');
  r = await s.call('POST', '/api/v1/users', { email: 'n1@example.org', name: 'N' }, { 'x-csrf-token': 'x'.repeat(43) });
  assertEnvelope(assert, r, 403, 'forbidden');
  r = await s.call('POST', '/api/v1/users', { email: 'n1@example.org', name: 'N' }, { origin: 'http://evil.example' });
  assertEnvelope(assert, r, 403, 'forbidden');
  assert.equal(sql('SELECT COUNT(*) FROM app_user'), before, 'nothing created');
  r = await s.call('POST', '/api/v1/users', { email: 'n1@example.org', name: 'N' }, { origin: srv.url });
  assert.equal(r.status, 201);
});

test('no user enumeration: unknown email and wrong password answer alike', async () => {
  const a = await api(srv.url, '/api/v1/auth/login', json({ email: 'nobody@example.org', password: 'x'.repeat(12) }));
  const b = await api(srv.url, '/api/v1/auth/login', json({ email: 'comune@example.org', password: 'x'.repeat(12) }));
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.body.error.message, b.body.error.message);
  assert.equal(a.body.error.field, b.body.error.field);
  assert.equal(a.body.error.code, b.body.error.code);
});

test('throttling: 5 failures lock the account with 429 + Retry-After, even for the right password', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await api(srv.url, '/api/v1/auth/login', json({ email: 'throttle@example.org', password: 'sbagliata-sbagliata' }));
    assert.equal(r.status, 401);
  }
  const r = await api(srv.url, '/api/v1/auth/login', json({ email: 'throttle@example.org', password: PASSWORD }));
  assertEnvelope(assert, r, 429, 'too_many_requests');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  // unknown accounts are throttled the same way (no enumeration via 429)
  for (let i = 0; i < 5; i++) await api(srv.url, '/api/v1/auth/login', json({ email: 'ghost@example.org', password: 'sbagliata-sbagliata' }));
  assert.equal((await api(srv.url, '/api/v1/auth/login', json({ email: 'ghost@example.org', password: 'x'.repeat(12) }))).status, 429);
});

test('API tokens: create, use as Bearer, cannot mint tokens, revoke', async () => {
  const s = await login(srv.url, 'admin@example.org');
  const c = await s.call('POST', '/api/v1/auth/tokens', { name: 'script notturno', expires_days: 30 });
  assert.equal(c.status, 201);
  assert.match(c.body.token, /^avt_[A-Za-z0-9_-]{43}$/);
  const bearer = { authorization: `Bearer ${c.body.token}` };
  let r = await api(srv.url, '/api/v1/users', { headers: bearer });
  assert.equal(r.status, 200, 'token acts with the user roles');
  r = await api(srv.url, '/api/v1/auth/tokens', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"name":"x"}' });
  assertEnvelope(assert, r, 403);
  const list = await s.call('GET', '/api/v1/auth/tokens');
  assert.ok(list.body.items.some((t) => t.id === c.body.id && t.prefix === c.body.token.slice(0, 12)));
  assert.ok(!JSON.stringify(list.body).includes(c.body.token), 'listing never shows the secret');
  r = await s.call('DELETE', `/api/v1/auth/tokens/${c.body.id}`);
  assert.equal(r.status, 200);
  r = await api(srv.url, '/api/v1/users', { headers: bearer });
  assertEnvelope(assert, r, 401, 'unauthenticated');
  r = await api(srv.url, '/api/v1/users', { headers: { authorization: 'Bearer avt_nonsense' } });
  assertEnvelope(assert, r, 401);
  r = await api(srv.url, '/api/v1/healthz'.replace('/api/v1', ''), { headers: { authorization: 'Basic abc' } });
  assertEnvelope(assert, r, 401);
});

test('one-time password must be changed before anything else', async () => {
  const admin = await login(srv.url, 'admin@example.org');
  const created = await admin.call('POST', '/api/v1/users', { email: 'nuovo@example.org', name: 'Nuovo', roles: [{ role: 'admin', ente: 'provincia:024' }] });
  assert.equal(created.status, 201);
  const otp = created.body.one_time_password;
  assert.equal(otp.length, 20);
  const u = await login(srv.url, 'nuovo@example.org', otp);
  assert.equal(u.user.must_change_password, true);
  let r = await u.call('GET', '/api/v1/users');
  assertEnvelope(assert, r, 403);
  r = await u.call('POST', '/api/v1/auth/password', { current_password: otp, new_password: 'nuovo@example.org' });
  assertEnvelope(assert, r, 400, 'invalid_field');
  r = await u.call('POST', '/api/v1/auth/password', { current_password: otp, new_password: 'corta' });
  assert.equal(r.body.error.field, 'password');
  r = await u.call('POST', '/api/v1/auth/password', { current_password: otp, new_password: 'una-nuova-password-lunga' });
  assert.equal(r.status, 200);
  const u2 = await login(srv.url, 'nuovo@example.org', 'una-nuova-password-lunga');
  assert.equal((await u2.call('GET', '/api/v1/users')).status, 200);
  assert.equal((await u.call('GET', '/api/v1/auth/me')).status, 401, 'old session ended by the change');
});

// A bearer call to /auth/me: 200 while the token lives, 401 once revoked.
const withToken = (token) => api(srv.url, '/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
const liveTokens = (uid) => sql(`SELECT COUNT(*) FROM api_token WHERE user_id = ${uid} AND revoked IS NULL`);
const lastAudit = (action, uid) => JSON.parse(sql(`SELECT details FROM audit_log WHERE action = '${action}' AND object_id = '${uid}' ORDER BY seq DESC LIMIT 1`));

// A session of a new account with two live API tokens.
async function userWithTokens(email) {
  const uid = addUser(srv.db, email, 'sua_officer', 'provincia:024');
  const s = await login(srv.url, email);
  const tokens = [];
  for (const name of ['primo', 'secondo']) {
    const r = await s.call('POST', '/api/v1/auth/tokens', { name });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    tokens.push(r.body.token);
  }
  for (const t of tokens) assert.equal((await withToken(t)).status, 200);
  return { uid, s, tokens };
}

test('a one-time password account cannot mint a token nor reach any other self route', async () => {
  const admin = await login(srv.url, 'admin@example.org');
  const created = await admin.call('POST', '/api/v1/users', { email: 'otp.token@example.org', name: 'Otp', roles: [{ role: 'sua_officer', ente: 'provincia:024' }] });
  assert.equal(created.status, 201);
  const u = await login(srv.url, 'otp.token@example.org', created.body.one_time_password);
  let r = await u.call('POST', '/api/v1/auth/tokens', { name: 'prima del cambio' });
  assertEnvelope(assert, r, 403, 'forbidden');
  assert.equal(sql(`SELECT COUNT(*) FROM api_token WHERE user_id = ${created.body.id}`), '0', 'no token created');
  r = await u.call('GET', '/api/v1/auth/tokens');
  assertEnvelope(assert, r, 403, 'forbidden');
  r = await u.call('DELETE', '/api/v1/auth/tokens/1');
  assertEnvelope(assert, r, 403, 'forbidden');
  // What stays open: who am I, public data, logout.
  assert.equal((await u.call('GET', '/api/v1/auth/me')).status, 200);
  assert.equal((await u.call('GET', '/api/v1/regioni')).status, 200);
  assert.equal((await u.call('POST', '/api/v1/auth/logout')).status, 200);
});

test('changing the password revokes every API token of the account, in the answer and the audit', async () => {
  const { uid, s, tokens } = await userWithTokens('tokens.pw@example.org');
  const r = await s.call('POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'una-password-cambiata-2026' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (const t of tokens) assertEnvelope(assert, await withToken(t), 401, 'unauthenticated');
  assert.equal(r.body.tokens_revoked, 2);
  assert.equal(liveTokens(uid), '0');
  assert.equal(lastAudit('user.password_change', uid).tokens_revoked, 2);
  // The new session works, and new tokens can be made.
  const s2 = session(srv.url, r.cookies.av_session, r.body.csrf_token);
  assert.equal((await s2.call('POST', '/api/v1/auth/tokens', { name: 'dopo il cambio' })).status, 201);
});

test('an admin password reset revokes the account\'s tokens', async () => {
  const { uid, tokens } = await userWithTokens('tokens.reset@example.org');
  const admin = await login(srv.url, 'admin@example.org');
  const r = await admin.call('POST', `/api/v1/users/${uid}/password-reset`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (const t of tokens) assertEnvelope(assert, await withToken(t), 401, 'unauthenticated');
  assert.equal(r.body.tokens_revoked, 2);
  assert.equal(liveTokens(uid), '0');
  assert.equal(lastAudit('user.password_reset', uid).tokens_revoked, 2);
});

test('deactivation revokes the tokens: reactivation does not revive them', async () => {
  const { uid, tokens } = await userWithTokens('tokens.off@example.org');
  const admin = await login(srv.url, 'admin@example.org');
  let r = await admin.call('PATCH', `/api/v1/users/${uid}`, { active: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const deactivated = r.body;
  r = await admin.call('PATCH', `/api/v1/users/${uid}`, { active: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.active, true);
  for (const t of tokens) assertEnvelope(assert, await withToken(t), 401, 'unauthenticated');
  assert.equal(deactivated.tokens_revoked, 2);
  assert.equal(liveTokens(uid), '0');
  const deactivation = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'user.update' AND object_id = '${uid}' ORDER BY seq LIMIT 1`));
  assert.equal(deactivation.tokens_revoked, 2);
});

test('CLI user passwd revokes the tokens too', async () => {
  const { uid, tokens } = await userWithTokens('tokens.cli@example.org');
  const r = cli(['user', 'passwd', '--db', srv.db, '--email', 'tokens.cli@example.org']);
  assert.equal(r.status, 0, r.stderr);
  for (const t of tokens) assertEnvelope(assert, await withToken(t), 401, 'unauthenticated');
  assert.match(r.stdout, /2 token API revocati/);
  assert.equal(liveTokens(uid), '0');
  assert.equal(lastAudit('user.password_reset', uid).tokens_revoked, 2);
});

test('bad input on identity endpoints: 4xx envelope and nothing changed', async () => {
  const admin = await login(srv.url, 'admin@example.org');
  const users = sql('SELECT COUNT(*) FROM app_user');
  const grants = sql('SELECT COUNT(*) FROM role_grant');
  const cases = [
    ['POST', '/api/v1/auth/login', 'not json', 400],
    ['POST', '/api/v1/auth/login', '[]', 400],
    ['POST', '/api/v1/auth/login', { email: 'a@b.it' }, 400, 'password'],
    ['POST', '/api/v1/auth/login', { email: 5, password: 'x' }, 400, 'email'],
    ['POST', '/api/v1/auth/login', { email: 'a@b.it', password: 'x', extra: 1 }, 400, 'extra'],
    ['POST', '/api/v1/auth/login', { email: 'a'.repeat(300), password: 'x' }, 400, 'email'],
    ['POST', '/api/v1/auth/login', '{"email":"a@b.it","email":"c@d.it","password":"x"}', 400],
    ['POST', '/api/v1/users', { email: 'bad', name: 'X' }, 400, 'email'],
    ['POST', '/api/v1/users', { email: 'ok@example.org', name: '' }, 400, 'name'],
    ['POST', '/api/v1/users', { email: 'ok@example.org', name: 'X', roles: [{ role: 'god', ente: 'upi' }] }, 400, 'roles[0].role'],
    ['POST', '/api/v1/users', { email: 'ok@example.org', name: 'X', roles: [{ role: 'comune', ente: 'provincia:024' }] }, 400, 'roles[0].ente'],
    ['POST', '/api/v1/users', { email: 'ok@example.org', name: 'X', roles: [{ role: 'comune', ente: 'comune:999999' }] }, 400, 'roles[0].ente'],
    ['POST', '/api/v1/users', { email: 'ok@example.org', name: 'X', roles: 'admin' }, 400, 'roles'],
    ['POST', '/api/v1/users', { email: 'admin@example.org', name: 'Dup' }, 409, 'email'],
    ['POST', '/api/v1/users', { email: 'ok@example.org', name: 'X\u0001' }, 400, 'name'],
    ['PATCH', '/api/v1/users/1', { active: 'no' }, 400, 'active'],
    ['PATCH', '/api/v1/users/1', { role: 'admin' }, 400, 'role'],
    ['PATCH', '/api/v1/users/abc', { name: 'x' }, 404],
    ['GET', '/api/v1/users/99999999', undefined, 404],
    ['GET', '/api/v1/users?limit=0', undefined, 400, 'limit'],
    ['GET', '/api/v1/users?limit=100000', undefined, 400, 'limit'],
    ['GET', '/api/v1/users?sort=name', undefined, 400, 'sort'],
    ['POST', '/api/v1/users/1/roles', { role: 'upi' }, 400, 'ente'],
    ['DELETE', '/api/v1/users/1/roles/comune/comune:024116', undefined, 404],
    ['DELETE', '/api/v1/users/1/roles/upi/upi', undefined, 403, 'ente'],
    ['POST', '/api/v1/auth/tokens', { name: 'x', expires_days: 99999 }, 400, 'expires_days'],
    ['POST', '/api/v1/auth/tokens', { name: '' }, 400, 'name'],
    ['DELETE', '/api/v1/auth/tokens/999999', undefined, 404],
    ['POST', '/api/v1/users', JSON.stringify({ email: 'big@example.org', name: 'x'.repeat(9000) }), 413],
  ];
  for (const [method, path, body, status, field] of cases) {
    const r = await admin.call(method, path, body);
    assertEnvelope(assert, r, status);
    if (field) assert.equal(r.body.error.field, field, `${method} ${path} ${String(JSON.stringify(body)).slice(0, 80)}`);
  }
  assert.equal(sql('SELECT COUNT(*) FROM app_user'), users, 'no user created');
  assert.equal(sql('SELECT COUNT(*) FROM role_grant'), grants, 'no grant changed');
  let r = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
  assert.equal(r.status, 415);
  await r.text();
});

test('CLI: user add prints a one-time password, passwd resets, list, usage errors', () => {
  let r = cli(['user', 'add', '--db', srv.db, '--email', 'cli@example.org', '--name', 'Cli', '--role', 'upi', '--ente', 'upi']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /password monouso: \S{20}/);
  r = cli(['user', 'add', '--db', srv.db, '--email', 'cli@example.org', '--name', 'Cli', '--role', 'upi', '--ente', 'upi']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Esiste già/);
  r = cli(['user', 'add', '--db', srv.db, '--email', 'x@example.org', '--name', 'X', '--role', 'nope', '--ente', 'upi']);
  assert.equal(r.status, 2);
  r = cli(['user', 'passwd', '--db', srv.db, '--email', 'cli@example.org']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /password monouso/);
  r = cli(['user', 'list', '--db', srv.db]);
  assert.equal(r.status, 0);
  assert.ok(r.stdout.split('\n').filter(Boolean).every((l) => JSON.parse(l).email));
  assert.ok(!r.stdout.includes('argon2'), 'no hashes printed');
  r = cli(['user']);
  assert.equal(r.status, 2);
  r = cli(['user', '--help']);
  assert.equal(r.status, 0);
});
