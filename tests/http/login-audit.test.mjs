// login-audit.test.mjs - what a failed login leaves behind.  People type
// passwords into the email field; the audit log is kept forever and read by
// administrators.  So a failed login records the account's id when the
// email names an account, otherwise a keyed hash of what was typed (the
// same text gives the same key, so failures can still be told apart), and
// the typed text is stored nowhere in the database: not in the audit log,
// not in the throttle counters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sqlRows, sqlDump } from '../lib/server.mjs';
import { addUser } from '../lib/auth.mjs';

let srv;
let uid;
before(async () => {
  srv = await startServer();
  uid = addUser(srv.db, 'Mario.Rossi@example.org', 'upi', 'upi');
});
after(async () => { await srv.stop(); });

const post = (email, password) => api(srv.url, '/api/v1/auth/login', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
});
const rows = (q) => sqlRows(srv.db, q);
// Every text the database holds, to look for a secret anywhere in it.
const dump = () => sqlDump(srv.db);

test('a password typed in the email field is stored nowhere', async () => {
  const secret = 'LaMiaPasswordSegreta-2026!';
  assert.equal((await post(secret, 'qualcosa-qualcosa')).status, 401);
  assert.equal((await post(secret.toLowerCase(), 'qualcosa-qualcosa')).status, 401);
  const failed = rows("SELECT object_id, details FROM audit_log WHERE action = 'auth.login_failed' ORDER BY seq");
  assert.equal(failed.length, 2);
  const [a, b] = failed.map((r) => JSON.parse(r.details));
  assert.equal(failed[0].object_id, null);
  assert.match(a.email_key, /^[0-9a-f]{32}$/);
  assert.equal(a.email_key, b.email_key, 'the same email, in any case, gives the same key');
  assert.ok(!('email' in a));
  const all = dump();
  assert.ok(!all.includes(secret) && !all.includes(secret.toLowerCase()), 'the typed text is in the database');
});

test('a wrong password for an existing account records the account, not the email', async () => {
  assert.equal((await post('mario.rossi@EXAMPLE.org', 'password-sbagliata')).status, 401);
  const [last] = rows("SELECT object_type, object_id, details FROM audit_log WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1");
  assert.equal(last.object_type, 'user');
  assert.equal(last.object_id, String(uid));
  const d = JSON.parse(last.details);
  assert.deepEqual(Object.keys(d), ['ip']);
  assert.equal(d.ip, '127.0.0.1');
  assert.ok(!rows('SELECT key FROM login_failure').some((r) => r.key.includes('@')), 'throttle keys hold no email');
});

test('the key is keyed: it is not a plain hash of the email', async () => {
  assert.equal((await post('qualcuno@example.org', 'password-sbagliata')).status, 401);
  const [last] = rows("SELECT details FROM audit_log WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1");
  const key = JSON.parse(last.details).email_key;
  const { createHash } = await import('node:crypto');
  for (const alg of ['sha256', 'sha1', 'md5', 'sha512']) {
    assert.ok(!createHash(alg).update('qualcuno@example.org').digest('hex').startsWith(key), alg);
  }
});
