// spid-sp-test.test.mjs - the SPID/CIE Service Provider judged by AgID's own
// validator, spid-sp-test (../shared/tools/spid-sp-test), run against a
// real server: the SP metadata, the AuthnRequest in both bindings, and the
// response suite (-tr: the validator's IdP posts dozens of well-formed and
// malicious Responses - unsigned, wrongly signed, wrapped, expired,
// replayed, for another audience or request, downgraded - to our ACS and
// checks the HTTP status of each).  No test is excluded: the validator
// must report 0 failed.  The account the good Responses log in to holds
// the validator's codice fiscale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { addUser } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';
import { startSpidServer, validator, TEST_IDP, TEST_CF } from '../lib/spid.mjs';

let srv;
let sp;
before(async () => {
  ({ srv, sp } = await startSpidServer());
  const uid = addUser(srv.db, 'validatore@example.org', 'upi', 'upi');
  sql(srv.db, `UPDATE app_user SET codice_fiscale = '${TEST_CF}' WHERE id = ${uid}`);
});
after(async () => {
  await srv.stop();
  rmSync(sp.dir, { recursive: true, force: true });
});

const md = () => `${srv.url}/api/v1/auth/saml/metadata`;
const authn = (q) => `${srv.url}/api/v1/auth/saml/login?idp=${encodeURIComponent(TEST_IDP)}&${q}`;

// "Spid QA: executed N tests, F failed." - both numbers, and the failures.
function verdict(out) {
  const m = out.match(/executed (\d+) tests, (\d+) failed/);
  assert.ok(m, `no verdict from spid-sp-test:\n${out.slice(-3000)}`);
  const failures = out.split('\n').filter((l) => /^ERROR:|^CRITICAL:/.test(l));
  return { executed: Number(m[1]), failed: Number(m[2]), failures };
}

test('metadata and HTTP-Redirect AuthnRequest (SpidL2): every check passes', { timeout: 300000 }, () => {
  const r = validator(['--metadata-url', md(), '--authn-url', authn('livello=2'), '--extra', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.equal(v.failed, 0, v.failures.join('\n'));
  assert.ok(v.executed > 100, `only ${v.executed} checks ran`);
  assert.equal(r.status, 0);
});

test('HTTP-POST AuthnRequest (SpidL3, signed XML): every check passes', { timeout: 300000 }, () => {
  const r = validator(['--metadata-url', md(), '--authn-url', authn('livello=3&binding=post'), '--extra', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.equal(v.failed, 0, v.failures.join('\n'));
  assert.ok(v.executed > 100);
  assert.equal(r.status, 0);
});

test('response suite (-tr) at SpidL2: every Response judged as AgID expects', { timeout: 900000 }, () => {
  const r = validator(['--metadata-url', md(), '--authn-url', authn('livello=2'), '-tr', '-d', 'ERROR']);
  const v = verdict(r.out);
  assert.equal(v.failed, 0, v.failures.join('\n'));
  assert.ok(v.executed > 200, `only ${v.executed} checks ran`);
  assert.equal(r.status, 0);
  // The good Responses opened sessions with the level granted; the bad
  // ones left failed logins in the audit log, and the server is up.
  const levels = sql(srv.db, "SELECT DISTINCT loa FROM session WHERE auth_method = 'spid' ORDER BY loa").trim().split('\n');
  assert.deepEqual(levels, ['2', '3'], 'SpidL1 granted for L2 asked must open no session');
  const failed = Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed'").trim());
  assert.ok(failed >= 80, `${failed} failed logins audited`);
});
