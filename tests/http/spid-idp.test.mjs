// spid-idp.test.mjs - SPID and CIE end to end with the IdP di prova (a
// Lasso identity provider served by `serve --idp-di-prova`,
// src/identity/test_idp*.c), by the HTTP flow a browser follows:
// redirects, the IdP's chooser form, the Response posted to the ACS.
//  - a login at SpidL2: the session carries what ANAC's interfaces need
//    (method, IdP, level, authentication time), read from /auth/me and
//    from the session row; CIE: level 3;
//  - with --strong-auth-level 3, opening sealed bids is refused to the L2
//    session and allowed to an L3 one;
//  - an identity confirmed at a lower level than asked, a Response changed
//    on the way, a replayed one, a codice fiscale without an account:
//    refused, no session;
//  - Single Logout, SP-initiated (signed LogoutRequest, the IdP's signed
//    LogoutResponse) and IdP-initiated (only the sessions it names end),
//    audited; forged and replayed logout messages refused;
//  - the IdP di prova is off without --idp-di-prova and refused for an SP
//    that is not on this machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, cli, sql, binary, ROOT, startServer } from '../lib/server.mjs';
import { startIdpServer, browser, loginThrough, formOf } from '../lib/idp-prova.mjs';

// Lasso 2.8.1 (Debian 12) loses 259 to 385 bytes each time it parses a
// signed HTTP-Redirect message (lasso_login_process_authn_request_msg,
// lasso_logout_process_request_msg on a query; measured with
// LeakSanitizer on a login plus a Single Logout: 4 allocations, 1414
// bytes, every one inside liblasso).  The IdP di prova reads the SP's
// requests that way, and so does the SP an IdP's LogoutRequest; leak
// detection is off for this file's processes only (docs/spid-cie.md "Not
// done"; the SP's own paths keep it in spid.test.mjs).
process.env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, 'detect_leaks=0'].filter(Boolean).join(':');

const SUA_CF = 'PPLSFN00A01Z999O'; // Stefano Appalti (demo), sua_officer
const OP_CF = 'PRTLGO00A41Z999A'; // Olga Operatrice (demo), operator
const NO_ACCOUNT_CF = 'GDASDV00A01H501J';

let srv;
let sp;
before(async () => {
  ({ srv, sp } = await startIdpServer({ args: ['--strong-auth-level', '3'] }));
});
after(async () => {
  await srv.stop();
  rmSync(sp.dir, { recursive: true, force: true });
});

const q = (text) => sql(srv.db, text).trim();
const count = (text) => Number(q(text));
const me = (b) => b.go('/api/v1/auth/me');

test('SPID login at L2 through the test IdP: the session has method, IdP, level and time; audited', async () => {
  const b = browser(srv.url);
  const t0 = Math.floor(Date.now() / 1000);
  const r = await loginThrough(b, sp, { cf: SUA_CF, livello: 2 });
  // The IdP's pages say what they are.
  assert.match(r.chooser.text, /IdP di prova — non usare in produzione/);
  assert.match(r.chooser.text, /livello SPID 2/);
  assert.match(r.chooser.text, new RegExp(SUA_CF));
  assert.equal(r.acs.status, 303, r.acs.text);
  assert.equal(r.acs.location, '/area.html');
  assert.ok(b.jar.get('av_session'));
  const m = await me(b);
  assert.equal(m.status, 200);
  const u = JSON.parse(m.text);
  assert.equal(u.codice_fiscale, SUA_CF);
  assert.equal(u.sessione.metodo, 'spid');
  assert.equal(u.sessione.idp, sp.idp.spid);
  assert.equal(u.sessione.livello, 2);
  assert.ok(u.sessione.autenticato_il >= t0 - 5 && u.sessione.autenticato_il <= Math.floor(Date.now() / 1000) + 5);
  // The session row keeps NameID and SessionIndex for Single Logout.
  const row = q(`SELECT auth_method || '|' || loa || '|' || length(saml_name_id) || '|' || length(saml_session_index) FROM session WHERE user_id = ${u.id} ORDER BY id DESC LIMIT 1`).split('|');
  assert.equal(row[0], 'spid');
  assert.equal(row[1], '2');
  assert.ok(Number(row[2]) > 10 && Number(row[3]) > 10);
  const a = JSON.parse(q(`SELECT details FROM audit_log WHERE action = 'auth.login' AND object_id = '${u.id}' ORDER BY seq DESC LIMIT 1`));
  assert.deepEqual([a.metodo, a.idp, a.livello], ['spid', sp.idp.spid, 2]);
});

test('CIE through the CIE-typed test IdP: method cie, level 3', async () => {
  const b = browser(srv.url);
  const r = await loginThrough(b, sp, { tipo: 'cie', cf: OP_CF, livello: 3, chiesto: 3 });
  assert.equal(r.acs.status, 303, r.acs.text);
  assert.match(r.chooser.text, /Entra con CIE \(prova\)/);
  const u = JSON.parse((await me(b)).text);
  assert.equal(u.sessione.metodo, 'cie');
  assert.equal(u.sessione.idp, sp.idp.cie);
  assert.equal(u.sessione.livello, 3);
});

test('strong-auth-level 3: opening bids refused at L2 (livello_insufficiente), allowed past the level check at L3', async () => {
  const path = '/api/v1/sua/gare/99999999/apertura';
  const call = async (b) => {
    const u = JSON.parse((await me(b)).text);
    return b.go(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': u.csrf_token, origin: srv.url },
      body: JSON.stringify({ busta: 'amministrativa' }),
    });
  };
  const l2 = browser(srv.url);
  assert.equal((await loginThrough(l2, sp, { cf: SUA_CF, livello: 2 })).acs.status, 303);
  let r = await call(l2);
  assert.equal(r.status, 403, r.text);
  const e = JSON.parse(r.text).error;
  assert.equal(e.code, 'livello_insufficiente');
  assert.equal(e.livello_richiesto, 3);
  const l3 = browser(srv.url);
  assert.equal((await loginThrough(l3, sp, { cf: SUA_CF, livello: 3, chiesto: 3 })).acs.status, 303);
  r = await call(l3);
  // Past the level: the tender does not exist.
  assert.equal(r.status, 404, r.text);
});

test('refused: a lower level than asked, a changed Response, a replay, a codice fiscale without account; nothing opened', async () => {
  const sessions = count('SELECT COUNT(*) FROM session');
  const failed = count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed'");
  // The person confirms at L1 what the SP asked at L2.
  let b = browser(srv.url);
  let r = await loginThrough(b, sp, { cf: SUA_CF, livello: 1, chiesto: 2 });
  assert.equal(r.acs.status, 403);
  assert.match(r.acs.text, /livello SPID 1, chiesto almeno il livello 2/);
  // Someone changes the codice fiscale inside the signed assertion.
  b = browser(srv.url);
  r = await loginThrough(b, sp, { cf: OP_CF, tamper: (x) => x.replace(`TINIT-${OP_CF}`, `TINIT-${SUA_CF}`) });
  assert.ok(r.acs.status >= 400 && r.acs.status < 500, `${r.acs.status}`);
  assert.match(r.acs.text, /firma|non è valida/);
  // The level raised inside the assertion.
  b = browser(srv.url);
  r = await loginThrough(b, sp, { cf: SUA_CF, livello: 2, tamper: (x) => x.replace('SpidL2', 'SpidL3') });
  assert.ok(r.acs.status >= 400 && r.acs.status < 500);
  // No account holds this codice fiscale.
  b = browser(srv.url);
  const chooserCf = NO_ACCOUNT_CF;
  const q2 = new URLSearchParams({ idp: sp.idp.spid, livello: '2', next: '/' });
  const s1 = await b.go(`/api/v1/auth/saml/login?${q2}`);
  const ch = await b.go(s1.location);
  const f = formOf(ch.text);
  const ans = await b.go(f.action, { form: { ...f.fields, cf: 'altro', cf_altro: chooserCf.toLowerCase(), livello: '2' } });
  const post = formOf(ans.text);
  const acs = await b.go(post.action, { form: post.fields });
  assert.equal(acs.status, 403);
  assert.match(acs.text, /Nessun account attivo/);
  assert.equal(count('SELECT COUNT(*) FROM session'), sessions);
  assert.equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed'"), failed + 4);
  // A good Response used twice: the second is refused.
  b = browser(srv.url);
  r = await loginThrough(b, sp, { cf: SUA_CF });
  assert.equal(r.acs.status, 303);
  const again = await browser(srv.url).go(r.post.action, { form: r.post.fields });
  assert.ok(again.status >= 400 && again.status < 500);
  assert.equal(count('SELECT COUNT(*) FROM session'), sessions + 1);
});

test('the IdP refuses an AuthnRequest whose signature is missing or wrong', async () => {
  const b = browser(srv.url);
  const s1 = await b.go(`/api/v1/auth/saml/login?${new URLSearchParams({ idp: sp.idp.spid })}`);
  const u = new URL(s1.location);
  const unsigned = new URL(u);
  unsigned.searchParams.delete('Signature');
  unsigned.searchParams.delete('SigAlg');
  let r = await b.go(unsigned.toString());
  assert.equal(r.status, 400);
  assert.match(r.text, /non valida o non firmata/);
  const sig = u.searchParams.get('Signature');
  const bad = new URL(u);
  bad.searchParams.set('Signature', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
  r = await b.go(bad.toString());
  assert.equal(r.status, 400);
  r = await b.go(u.toString());
  assert.equal(r.status, 200);
});

test('SP-initiated Single Logout: signed LogoutRequest to the IdP, its signed answer accepted once; audited', async () => {
  const b = browser(srv.url);
  await loginThrough(b, sp, { cf: OP_CF });
  const uid = JSON.parse((await me(b)).text).id;
  const home = await b.go('/api/v1/idp-prova/spid');
  assert.match(home.text, new RegExp(`Sessione attiva: <code>${OP_CF}`));
  const out = await b.go('/api/v1/auth/saml/slo');
  assert.equal(out.status, 302);
  const lr = new URL(out.location);
  assert.equal(`${lr.origin}${lr.pathname}`, `${sp.idp.spid}/slo`);
  assert.ok(lr.searchParams.get('SAMLRequest') && lr.searchParams.get('Signature'));
  assert.equal(lr.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  // Our session is already gone.
  assert.equal((await me(b)).status, 401);
  const idp = await b.go(out.location);
  assert.equal(idp.status, 302, idp.text);
  assert.match(idp.location, /\/api\/v1\/auth\/saml\/slo\?SAMLResponse=/);
  const back = await b.go(idp.location);
  assert.equal(back.status, 303);
  assert.equal(back.location, '/');
  assert.doesNotMatch((await b.go('/api/v1/idp-prova/spid')).text, /Sessione attiva/);
  const logout = JSON.parse(q(`SELECT details FROM audit_log WHERE action = 'auth.logout' AND object_id = '${uid}' ORDER BY seq DESC LIMIT 1`));
  assert.equal(logout.metodo, 'slo');
  assert.equal(logout.richiesta_idp, true);
  const ans = JSON.parse(q(`SELECT details FROM audit_log WHERE action = 'auth.logout_idp' AND object_id = '${uid}' ORDER BY seq DESC LIMIT 1`));
  assert.equal(ans.esito, true);
  assert.equal(ans.idp, sp.idp.spid);
  // The same LogoutResponse again: refused (spent), audited as a failure.
  const failed = count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout_failed'");
  const replay = await browser(srv.url).go(idp.location);
  assert.equal(replay.status, 401);
  assert.match(replay.text, /Uscita non riuscita/);
  assert.equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout_failed'"), failed + 1);
});

test('IdP-initiated Single Logout ends the session it names, not the others; a forged one ends nothing', async () => {
  const a = browser(srv.url);
  const other = browser(srv.url);
  await loginThrough(a, sp, { cf: SUA_CF });
  await loginThrough(other, sp, { cf: SUA_CF });
  const uid = JSON.parse((await me(a)).text).id;
  // Forged: the IdP's LogoutRequest with its signature changed.
  const esci = await a.go('/api/v1/idp-prova/spid/esci', { form: {} });
  assert.equal(esci.status, 303);
  const u = new URL(esci.location);
  assert.equal(u.pathname, '/api/v1/auth/saml/slo');
  const sig = u.searchParams.get('Signature');
  const forged = new URL(u);
  forged.searchParams.set('Signature', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
  const sessions = count('SELECT COUNT(*) FROM session');
  const f = await browser(srv.url).go(forged.toString());
  assert.equal(f.status, 401);
  assert.equal(count('SELECT COUNT(*) FROM session'), sessions);
  assert.equal((await me(a)).status, 200);
  // The real one.
  const sp1 = await a.go(esci.location);
  assert.equal(sp1.status, 302, sp1.text);
  const back = new URL(sp1.location);
  assert.equal(`${back.origin}${back.pathname}`, `${sp.idp.spid}/slo`);
  assert.ok(back.searchParams.get('SAMLResponse') && back.searchParams.get('Signature'));
  const done = await a.go(sp1.location);
  assert.equal(done.status, 200);
  assert.match(done.text, /Uscita completata/);
  assert.equal((await me(a)).status, 401);
  assert.equal((await me(other)).status, 200);
  assert.equal(count('SELECT COUNT(*) FROM session'), sessions - 1);
  const audit = JSON.parse(q(`SELECT details FROM audit_log WHERE action = 'auth.logout' AND object_id = '${uid}' ORDER BY seq DESC LIMIT 1`));
  assert.equal(audit.metodo, 'slo_idp');
  assert.equal(audit.sessioni, 1);
  // The same LogoutRequest again: it names no live session now.
  const again = await browser(srv.url).go(esci.location);
  assert.equal(again.status, 302);
  assert.equal((await me(other)).status, 200);
});

test('the IdP di prova is off without --idp-di-prova, and refused for an SP not on this machine', async () => {
  const plain = await startServer({ web: false });
  try {
    const r = await api(plain.url, '/api/v1/idp-prova/spid/metadata');
    assert.equal(r.status, 404);
  } finally {
    await plain.stop();
  }
  const on = await api(srv.url, '/api/v1/idp-prova/spid/metadata');
  assert.equal(on.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-idp-no-'));
  try {
    const r = cli(['idp-prova', '--data-dir', dir, '--url', 'https://servizi.provincia.example.it']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /solo con un Service Provider su questo computer/);
    // serve --idp-di-prova without SPID configured: it does not start.
    const s = spawnSync(binary(), ['serve', '--db', join(dir, 'x.db'), '--listen', '127.0.0.1:0', '--no-web', '--data-dir', dir, '--idp-di-prova'],
      { cwd: ROOT, encoding: 'utf8', timeout: 20000 });
    assert.notEqual(s.status, 0);
    assert.match(s.stderr, /IdP di prova richiede SPID configurato/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
