// identity-account.test.mjs - the account side of SPID/CIE (issue 16 item
// 3, docs/identity.md "Codice fiscale" and "Livelli e password"):
//  - accounts gain a codice fiscale: checked (check character, length,
//    omocodia), stored upper-case, unique (409 without saying whose),
//    audited; through the admin API, the console and the operator's
//    self-registration; another Province's admin can neither read, set
//    nor find it on accounts it does not manage;
//  - a route's minimum level of assurance (opening sealed bids: L2),
//    enforced only with `serve --strong-auth-level`: off by default (a
//    password session reaches the handler), on: 403 livello_insufficiente
//    with livello_richiesto for password sessions and API tokens, and the
//    level of a SPID session decides;
//  - `serve --spid-cie-only ROLES`: a right password of such a role is
//    refused (403 solo_spid_cie) and recorded as a failed login; a wrong
//    one is the usual 401; other roles log in.
// The check characters are computed here by an implementation of the
// DM 23.12.1976 algorithm independent of the server's (src/valid).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertEnvelope, cli, sql as sqlOn } from '../lib/server.mjs';
import { createHash, randomBytes } from 'node:crypto';
import { addUser, login, session, PASSWORD } from '../lib/auth.mjs';
import { piva, CF_LEGALE } from '../lib/albo.mjs';

const VI = 'provincia:024';
const PD = 'provincia:028';

// The check character of the first 15 characters of a codice fiscale.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function checkChar(s15) {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s15[i];
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[v] : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}
const cf = (s15) => s15 + checkChar(s15);
// A wrong check character: the next letter.
const wrong = (code) => code.slice(0, 15) + String.fromCharCode(65 + ((code.charCodeAt(15) - 65 + 1) % 26));

const CF1 = cf('BNCGLI80A01L840'); // Giulia Bianchi-like, born in Vicenza
const CF2 = cf('VRDLCU75M41G224');
const CF3 = cf('NREPLA90C12A001');
// Omocodia: the digits 0 and 1 of the place code as letters (L, M).
const CF_OMO = cf('RSSMRA80A01H5LM');
const CF_REG = cf('FRRLRA70B45L840');

let srv, vi, pd, comune;
const id = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const users = () => sql('SELECT id, email, name, active, codice_fiscale FROM app_user ORDER BY id');

before(async () => {
  srv = await startServer();
  id.adminVi = addUser(srv.db, 'admin.cf.vi@example.org', 'admin', VI);
  id.adminPd = addUser(srv.db, 'admin.cf.pd@example.org', 'admin', PD);
  id.comune = addUser(srv.db, 'comune.cf@example.org', 'comune', 'comune:024116');
  id.suaVi = addUser(srv.db, 'sua.cf.vi@example.org', 'sua_officer', VI);
  id.userPd = addUser(srv.db, 'utente.cf.pd@example.org', 'sua_officer', PD);
  vi = await login(srv.url, 'admin.cf.vi@example.org');
  pd = await login(srv.url, 'admin.cf.pd@example.org');
  comune = await login(srv.url, 'comune.cf@example.org');
});
after(async () => { await srv.stop(); });

test('the independent check characters agree with known codes', () => {
  // The textbook example and the validator's test user (spid-sp-test).
  assert.equal(cf('RSSMRA80A01H501'), 'RSSMRA80A01H501U');
  assert.equal(cf('GDASDV00A01H501'), 'GDASDV00A01H501J');
});

test('create with a codice fiscale: bad check character, wrong length, bad shape refused naming the field, nothing made', async () => {
  const before = users();
  const audits = sql('SELECT COUNT(*) FROM audit_log');
  for (const bad of [wrong(CF1), CF1.slice(0, 15), CF1 + 'X', 'BNCGLI80A01L84', 'BNCGLI80Z01L840X', 'BNC GLI80A01L84', 'ÀNCGLI80A01L840X', 'x'.repeat(33)]) {
    const r = await vi.call('POST', '/api/v1/users', { email: 'nuovo.cf@example.org', name: 'Nuovo', codice_fiscale: bad, roles: [{ role: 'comune', ente: 'comune:024116' }] });
    const e = assertEnvelope(assert, r, 400, 'invalid_field');
    assert.equal(e.field, 'codice_fiscale', bad);
    assert.match(e.message, /[Cc]odice fiscale|caratter|lunghezza|16/, bad);
  }
  assert.equal(users(), before);
  assert.equal(sql('SELECT COUNT(*) FROM audit_log'), audits);
});

test('lower case accepted and stored upper; read back by GET, list search, /auth/me; audited on create', async () => {
  const r = await vi.call('POST', '/api/v1/users', { email: 'giulia.cf@example.org', name: 'Giulia Bianchi', codice_fiscale: CF1.toLowerCase(), roles: [{ role: 'sua_officer', ente: VI }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.codice_fiscale, CF1);
  id.giulia = r.body.id;
  assert.equal(sql(`SELECT codice_fiscale FROM app_user WHERE id = ${id.giulia}`), CF1);
  const g = await vi.call('GET', `/api/v1/users/${id.giulia}`);
  assert.equal(g.body.codice_fiscale, CF1);
  const audit = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'user.create' AND object_id = '${id.giulia}'`));
  assert.equal(audit.codice_fiscale, CF1);
  // Search by it, in any case.
  const s = await vi.call('GET', `/api/v1/users?codice_fiscale=${CF1.toLowerCase()}`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.deepEqual(s.body.items.map((u) => u.id), [id.giulia]);
  assert.equal(s.body.total, 1);
  const none = await vi.call('GET', `/api/v1/users?codice_fiscale=${CF3}`);
  assert.deepEqual(none.body.items, []);
  assert.equal(none.body.total, 0);
  const badq = await vi.call('GET', `/api/v1/users?codice_fiscale=${wrong(CF3)}`);
  assert.equal(assertEnvelope(assert, badq, 400, 'invalid_field').field, 'codice_fiscale');
  // Accounts without one answer null.
  const a = await vi.call('GET', `/api/v1/users/${id.comune}`);
  assert.equal(a.body.codice_fiscale, null);
  // The user sees its own.
  const otp = await vi.call('POST', `/api/v1/users/${id.suaVi}/password-reset`);
  assert.equal(otp.status, 200);
  await vi.call('PATCH', `/api/v1/users/${id.suaVi}`, { codice_fiscale: CF2 });
  const me = await login(srv.url, 'sua.cf.vi@example.org', otp.body.one_time_password);
  const m = await me.call('GET', '/api/v1/auth/me');
  assert.equal(m.status, 200);
  assert.equal(m.body.codice_fiscale, CF2);
});

test('omocodia letters accepted; PATCH sets, changes and removes ("") it, each audited as user.update', async () => {
  let r = await vi.call('PATCH', `/api/v1/users/${id.comune}`, { codice_fiscale: CF_OMO });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.codice_fiscale, CF_OMO);
  r = await vi.call('PATCH', `/api/v1/users/${id.comune}`, { codice_fiscale: CF3.toLowerCase(), name: 'Comune con CF' });
  assert.equal(r.body.codice_fiscale, CF3);
  assert.equal(r.body.name, 'Comune con CF');
  const last = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'user.update' AND object_id = '${id.comune}' ORDER BY seq DESC LIMIT 1`));
  assert.deepEqual(last, { name: 'Comune con CF', codice_fiscale: CF3 });
  r = await vi.call('PATCH', `/api/v1/users/${id.comune}`, { codice_fiscale: '' });
  assert.equal(r.body.codice_fiscale, null);
  assert.equal(sql(`SELECT COALESCE(codice_fiscale, 'NULL') FROM app_user WHERE id = ${id.comune}`), 'NULL');
  const removed = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'user.update' AND object_id = '${id.comune}' ORDER BY seq DESC LIMIT 1`));
  assert.deepEqual(removed, { codice_fiscale: '' });
  // A bad one on PATCH changes nothing, the name included.
  const before = users();
  r = await vi.call('PATCH', `/api/v1/users/${id.comune}`, { codice_fiscale: wrong(CF3), name: 'Non cambia' });
  assert.equal(assertEnvelope(assert, r, 400, 'invalid_field').field, 'codice_fiscale');
  assert.equal(users(), before);
});

test('duplicate: 409 naming the field, without saying whose; nothing changed (create and update, also across Provinces)', async () => {
  const before = users();
  let r = await vi.call('POST', '/api/v1/users', { email: 'doppio.cf@example.org', name: 'Doppio', codice_fiscale: CF1, roles: [{ role: 'comune', ente: 'comune:024116' }] });
  let e = assertEnvelope(assert, r, 409, 'conflict');
  assert.equal(e.field, 'codice_fiscale');
  r = await vi.call('PATCH', `/api/v1/users/${id.comune}`, { codice_fiscale: CF1.toLowerCase(), name: 'Non cambia' });
  e = assertEnvelope(assert, r, 409, 'conflict');
  assert.equal(e.field, 'codice_fiscale');
  // Padova sets on its own account a code a Vicenza account holds.
  r = await pd.call('PATCH', `/api/v1/users/${id.userPd}`, { codice_fiscale: CF1 });
  e = assertEnvelope(assert, r, 409, 'conflict');
  assert.equal(e.field, 'codice_fiscale');
  for (const leak of ['giulia', 'Giulia', 'Bianchi', String(id.giulia)]) {
    assert.ok(!JSON.stringify(r.body).includes(leak), `the 409 names ${leak}`);
  }
  assert.equal(users(), before);
  // The same account may be given its own code again.
  r = await vi.call('PATCH', `/api/v1/users/${id.giulia}`, { codice_fiscale: CF1 });
  assert.equal(r.status, 200);
});

test("another Province's admin: cannot read, set, clear or find the code of an account it does not manage (404 as for an unknown id, empty search)", async () => {
  const before = users();
  const unknown = (await pd.call('GET', '/api/v1/users/99999999')).body.error;
  let r = await pd.call('GET', `/api/v1/users/${id.giulia}`);
  assert.equal(r.status, 404);
  assert.equal(r.body.error.message, unknown.message);
  assert.ok(!JSON.stringify(r.body).includes(CF1));
  for (const value of [CF3, '', wrong(CF3)]) {
    r = await pd.call('PATCH', `/api/v1/users/${id.giulia}`, { codice_fiscale: value });
    // A bad code is refused before the account is looked up; a good one
    // or "" meets the scope: 404, as an unknown id.
    assert.ok(r.status === 404 || (r.status === 400 && value !== '' && value !== CF3), `${value}: ${r.status}`);
  }
  r = await pd.call('GET', `/api/v1/users?codice_fiscale=${CF1}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items, []);
  assert.equal(r.body.total, 0);
  const csv = await pd.call('GET', '/api/v1/users.csv');
  assert.ok(!String(csv.body).includes(CF1));
  // A Comune is not an admin at all.
  r = await comune.call('GET', `/api/v1/users?codice_fiscale=${CF1}`);
  assert.equal(r.status, 403);
  r = await comune.call('PATCH', `/api/v1/users/${id.giulia}`, { codice_fiscale: CF3 });
  assert.equal(r.status, 403);
  // Anonymous.
  const anon = await fetch(`${srv.url}/api/v1/users?codice_fiscale=${CF1}`);
  assert.equal(anon.status, 401);
  assert.equal(users(), before);
});

test('console: user add --codice-fiscale, user codice-fiscale, user list --codice-fiscale', () => {
  let r = cli(['user', 'add', '--db', srv.db, '--email', 'console.cf@example.org', '--name', 'Da console',
    '--role', 'comune', '--ente', 'comune:024116', '--codice-fiscale', CF_OMO.toLowerCase()]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql("SELECT codice_fiscale FROM app_user WHERE email = 'console.cf@example.org'"), CF_OMO);
  r = cli(['user', 'add', '--db', srv.db, '--email', 'console.cf2@example.org', '--name', 'Doppio',
    '--role', 'comune', '--ente', 'comune:024116', '--codice-fiscale', CF_OMO]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /già associato/);
  assert.equal(sql("SELECT COUNT(*) FROM app_user WHERE email = 'console.cf2@example.org'"), '0');
  r = cli(['user', 'list', '--db', srv.db, '--codice-fiscale', CF_OMO]);
  assert.equal(r.status, 0, r.stderr);
  const line = JSON.parse(r.stdout.trim());
  assert.equal(line.email, 'console.cf@example.org');
  assert.equal(line.codice_fiscale, CF_OMO);
  r = cli(['user', 'codice-fiscale', '--db', srv.db, '--email', 'console.cf@example.org', '--codice-fiscale', wrong(CF2)]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /controllo/);
  r = cli(['user', 'codice-fiscale', '--db', srv.db, '--email', 'console.cf@example.org', '--codice-fiscale', '']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql("SELECT COALESCE(codice_fiscale, 'NULL') FROM app_user WHERE email = 'console.cf@example.org'"), 'NULL');
  const audit = JSON.parse(sql("SELECT details FROM audit_log WHERE action = 'user.update' AND actor = 'system' ORDER BY seq DESC LIMIT 1"));
  assert.deepEqual(audit, { codice_fiscale: '' });
});

test("the operator's self-registration takes the registering person's codice fiscale (optional, checked)", async () => {
  const body = (p, account) => ({
    provincia: '024', partita_iva: p, ragione_sociale: 'Prova CF S.r.l.', codice_fiscale: p,
    pec: 'provacf@pec.it', comune: '024116', indirizzo: 'Via Roma 1',
    legale_rappresentante: { nome: 'Laura Ferri', codice_fiscale: CF_LEGALE },
    cpv: ['45233141-9'], account: { nome: 'Laura Ferri', password: 'una-password-lunga-2026', ...account },
  });
  const post = (b) => fetch(`${srv.url}/api/v1/sua/albo/registrazioni`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const before = users();
  let r = await post(body(piva('0577777777'), { email: 'laura.cf@example.org', codice_fiscale: wrong(CF_REG) }));
  assert.equal(assertEnvelope(assert, r, 400, 'invalid_field').field, 'account.codice_fiscale');
  assert.equal(users(), before);
  r = await post(body(piva('0577777777'), { email: 'laura.cf@example.org', codice_fiscale: CF_REG.toLowerCase() }));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(sql("SELECT codice_fiscale FROM app_user WHERE email = 'laura.cf@example.org'"), CF_REG);
  // A code another account holds: the neutral answer, nothing made.
  const users2 = users();
  r = await post(body(piva('0588888888'), { email: 'altra.cf@example.org', codice_fiscale: CF1 }));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(users(), users2);
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'sua.albo.registrazione_cf_esistente'"), '1');
  // Without one, as before.
  r = await post(body(piva('0599999999'), { email: 'senza.cf@example.org' }));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(sql("SELECT COALESCE(codice_fiscale, 'NULL') FROM app_user WHERE email = 'senza.cf@example.org'"), 'NULL');
});

test('level off (the default): a password session opening bids reaches the handler; the demo users have valid codes', async () => {
  const sua = await login(srv.url, 'utente.cf.pd@example.org');
  const r = await sua.call('POST', '/api/v1/sua/gare/99999999/apertura', { busta: 'amministrativa' });
  assert.notEqual(r.body.error && r.body.error.code, 'livello_insufficiente');
  assert.equal(r.status, 404, JSON.stringify(r.body));
  // The demo accounts (areavasta demo): fictitious, check character right.
  const demo = sql("SELECT codice_fiscale FROM app_user WHERE email LIKE '%@demo.areavasta.example' AND codice_fiscale IS NOT NULL").split('\n');
  assert.ok(demo.length >= 12, String(demo.length));
  for (const c of demo) assert.equal(c, cf(c.slice(0, 15)), c);
});

// A server enforcing the levels and keeping operators and SUA officers to
// SPID/CIE.
test('strong-auth-level 2 and spid-cie-only: refusals with their codes, SPID sessions by level, nothing changed', async () => {
  const s = await startServer({ args: ['--strong-auth-level', '2', '--spid-cie-only', 'operator,sua_officer'] });
  try {
    const q = (text) => sqlOn(s.db, text).trim();
    addUser(s.db, 'admin.lv@example.org', 'admin', VI);
    const opId = addUser(s.db, 'op.lv@example.org', 'operator', 'operatore:01234567897');
    const suaId = addUser(s.db, 'sua.lv@example.org', 'sua_officer', VI);
    // The per-role password refusal: a right password, 403 solo_spid_cie.
    const sessions = q('SELECT COUNT(*) FROM session');
    for (const [email, uid] of [['op.lv@example.org', opId], ['sua.lv@example.org', suaId]]) {
      const r = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
      const b = await r.json();
      assert.equal(r.status, 403, JSON.stringify(b));
      assert.equal(b.error.code, 'solo_spid_cie');
      assert.match(b.error.message, /SPID/);
      assert.equal(r.headers.getSetCookie().length, 0);
      const a = JSON.parse(q(`SELECT details FROM audit_log WHERE action = 'auth.login_failed' AND object_id = '${uid}' ORDER BY seq DESC LIMIT 1`));
      assert.equal(a.motivo, 'solo_spid_cie');
    }
    // A wrong password is the usual 401: the refusal tells nothing to
    // whoever does not know the password.
    const w = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sua.lv@example.org', password: 'sbagliata-sbagliata' }) });
    assert.equal(w.status, 401);
    assert.equal(q('SELECT COUNT(*) FROM session'), sessions);
    // The admin keeps the password.
    const admin = await login(s.url, 'admin.lv@example.org');
    // Levels: a SUA officer's session, as a SPID login would open it, at
    // each level (the SAML side writes these columns: migration 0040).
    const sua = spidSession(s, suaId, 'spid', 1);
    const path = '/api/v1/sua/gare/99999999/apertura';
    const body = { busta: 'amministrativa' };
    // A password session (the admin lacks the role anyway: 403 forbidden,
    // the role decides first).
    let r = await admin.call('POST', path, body);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'forbidden');
    // SpidL1 below L2: refused with the level asked, before the tender is
    // even looked up (the unknown id is not revealed either way).
    r = await sua.call('POST', path, body);
    let e = assertEnvelope(assert, r, 403, 'livello_insufficiente');
    assert.equal(r.body.error.livello_richiesto, 2);
    assert.match(e.message, /livello 2/);
    assert.match(e.message, /SPID/);
    // A password session of the same officer (made before the policy).
    const pw = spidSession(s, suaId, 'password', 0);
    r = await pw.call('POST', path, body);
    e = assertEnvelope(assert, r, 403, 'livello_insufficiente');
    assert.equal(r.body.error.livello_richiesto, 2);
    // An API token has level 0 too.
    const suaTok = await tokenFor(s, suaId);
    r = await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${suaTok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, 'livello_insufficiente');
    // SpidL2 and CIE (3) pass the gate: the handler answers (unknown id).
    for (const [m, l] of [['spid', 2], ['cie', 3]]) {
      const ok = spidSession(s, suaId, m, l);
      r = await ok.call('POST', path, body);
      assert.equal(r.status, 404, `${m} ${l}: ${JSON.stringify(r.body)}`);
    }
    // Routes without a level are not affected by a level-0 session.
    r = await pw.call('GET', '/api/v1/sua/gare?limit=1');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // Anonymous: 401 as before, no level talk.
    r = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 401);
  } finally {
    await s.stop();
  }
});

test('strong-auth-level 3 raises the apertura to L3: SpidL2 refused (livello_richiesto 3), SpidL3 passes; bad options refused', async () => {
  const s = await startServer({ args: ['--strong-auth-level', '3'] });
  try {
    const suaId = addUser(s.db, 'sua.l3@example.org', 'sua_officer', VI);
    // Without --spid-cie-only the password login works.
    const pw = await login(s.url, 'sua.l3@example.org');
    assert.ok(pw.cookie);
    const path = '/api/v1/sua/gare/99999999/apertura';
    const l2 = spidSession(s, suaId, 'spid', 2);
    let r = await l2.call('POST', path, { busta: 'amministrativa' });
    assertEnvelope(assert, r, 403, 'livello_insufficiente');
    assert.equal(r.body.error.livello_richiesto, 3);
    const l3 = spidSession(s, suaId, 'spid', 3);
    r = await l3.call('POST', path, { busta: 'amministrativa' });
    assert.equal(r.status, 404, JSON.stringify(r.body));
  } finally {
    await s.stop();
  }
  for (const args of [['--strong-auth-level', '1'], ['--strong-auth-level', 'x'], ['--spid-cie-only', 'operator,nessuno']]) {
    const r = cli(['serve', '--db', '/nonexistent/x.db', ...args]);
    assert.equal(r.status, 2, `${args}: ${r.stderr}`);
  }
});

// A session of user uid opened by method at level loa, written as the SAML
// side writes it (migration 0040's columns): the SP is another part's
// work; here only what the account side reads of a session matters.
function spidSession(s, uid, method, loa) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  const now = Math.floor(Date.now() / 1000);
  const idp = method === 'password' ? 'NULL' : "'https://idp.example.org'";
  sqlOn(s.db, `INSERT INTO session (token_hash, user_id, csrf_token, created, last_seen, expires, client_ip, auth_method, idp, loa, auth_at)
    VALUES ('${hash}', ${uid}, '${csrf}', ${now}, ${now}, ${now + 3600}, '127.0.0.1', '${method}', ${idp}, ${loa}, ${now})`);
  return session(s.url, token, csrf, { id: uid });
}

async function tokenFor(s, uid) {
  const sess = spidSession(s, uid, 'spid', 2);
  const t = await sess.call('POST', '/api/v1/auth/tokens', { name: 'token di prova' });
  if (t.status !== 201) throw new Error(JSON.stringify(t.body));
  return t.body.token;
}
