// spid.test.mjs - a SPID login end to end with the validator's test IdP
// (its Response signed with its key, for an AuthnRequest of ours), and
// what an attacker sends the ACS: replays, oversized and malformed
// messages, XML entity bombs, forms with the wrong type, redirects to
// other sites.  Each is refused with nothing stored but the failed-login
// record, and the server stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { rmSync } from 'node:fs';
import { addUser } from '../lib/auth.mjs';
import { api, cli, sql } from '../lib/server.mjs';
import { startSpidServer, validator, TEST_IDP, TEST_CF } from '../lib/spid.mjs';

let srv;
let sp;
let uid;
before(async () => {
  ({ srv, sp } = await startSpidServer());
  uid = addUser(srv.db, 'operatore.spid@example.org', 'upi', 'upi');
  sql(srv.db, `UPDATE app_user SET codice_fiscale = '${TEST_CF}' WHERE id = ${uid}`);
});
after(async () => {
  await srv.stop();
  rmSync(sp.dir, { recursive: true, force: true });
});

const count = (q) => Number(sql(srv.db, q).trim());
// Posted as the IdP's page does: another origin, a form, no cookie; on a
// connection of its own (node:http, no agent), so that no pooled
// keep-alive connection idle during a validator run is reused.
function acs(body, type = 'application/x-www-form-urlencoded') {
  const u = new URL(`${srv.url}/api/v1/auth/saml/acs`);
  return new Promise((res, rej) => {
    const rq = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false,
      headers: { 'content-type': type, origin: 'https://idp.example.org', 'content-length': Buffer.byteLength(body) },
    }, (r) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { text += d; });
      r.on('end', () => res({
        status: r.statusCode,
        headers: { get: (k) => r.headers[k] ?? null, getSetCookie: () => r.headers['set-cookie'] || [] },
        text: async () => text,
      }));
    });
    rq.on('error', rej);
    rq.end(body);
  });
}
// With fetch: for the answers given before the body is read (413, 415).
const acsFetch = (body, type = 'application/x-www-form-urlencoded') => fetch(`${srv.url}/api/v1/auth/saml/acs`, {
  method: 'POST', headers: { 'content-type': type, origin: 'https://idp.example.org' }, body, redirect: 'manual',
});
const form = (xml) => new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: 'x' }).toString();

// The validator's IdP answers one AuthnRequest it fetches from us (test 1,
// "Response corretta"), printed instead of sent (-nsr).
function signedResponse(livello) {
  const url = `${srv.url}/api/v1/auth/saml/login?idp=${encodeURIComponent(TEST_IDP)}&livello=${livello}&next=/area.html`;
  const r = validator(['--metadata-url', `${srv.url}/api/v1/auth/saml/metadata`, '--authn-url', url,
    '-tr', '-nsr', '-tn', '1', '-d', 'CRITICAL'], 300000);
  const i = r.out.indexOf('<samlp:Response');
  const j = r.out.indexOf('</samlp:Response>');
  assert.ok(i >= 0 && j > i, `no response printed:\n${r.out.slice(-2000)}`);
  return r.out.slice(i, j + '</samlp:Response>'.length);
}

test('the IdP list and the metadata are public', async () => {
  const l = await api(srv.url, '/api/v1/auth/saml/idp');
  assert.equal(l.status, 200);
  assert.deepEqual(l.body.items, [{ entity_id: TEST_IDP, nome: l.body.items[0].nome, tipo: 'spid' }]);
  const m = await fetch(`${srv.url}/api/v1/auth/saml/metadata`);
  assert.equal(m.status, 200);
  const xml = await m.text();
  assert.match(xml, /<spid:IPACode>c_d969<\/spid:IPACode>/);
  assert.match(xml, /<md:RequestedAttribute Name="fiscalNumber"\/>/);
  assert.match(xml, new RegExp(`Location="${sp.base}/api/v1/auth/saml/acs"`));
});

test('login at SpidL2: session with method, IdP and level; replay refused; logout', { timeout: 300000 }, async () => {
  const xml = signedResponse(2);
  const before = count("SELECT count(*) FROM session WHERE auth_method = 'spid'");
  const r = await acs(form(xml));
  assert.equal(r.status, 303, await r.text());
  assert.equal(r.headers.get('location'), '/area.html');
  const cookies = Object.fromEntries(r.headers.getSetCookie().map((c) => c.split(';')[0].split('=')));
  assert.ok(cookies.av_session && cookies.av_csrf);
  const me = await api(srv.url, '/api/v1/auth/me', { headers: { cookie: `av_session=${cookies.av_session}` } });
  assert.equal(me.status, 200);
  assert.equal(me.body.id, uid);
  assert.equal(me.body.sessione.metodo, 'spid');
  assert.equal(me.body.sessione.idp, TEST_IDP);
  assert.equal(me.body.sessione.livello, 2);
  assert.ok(Math.abs(me.body.sessione.autenticato_il - Date.now() / 1000) < 600);
  const audit = sql(srv.db, `SELECT details FROM audit_log WHERE action = 'auth.login' AND object_id = '${uid}' ORDER BY seq DESC LIMIT 1`);
  assert.deepEqual({ ...JSON.parse(audit), ip: undefined }, { ip: undefined, metodo: 'spid', idp: TEST_IDP, livello: 2 });
  assert.equal(count("SELECT count(*) FROM session WHERE auth_method = 'spid'"), before + 1);

  // The same Response again: its request is spent, its assertion seen.
  const again = await acs(form(xml));
  assert.equal(again.status, 401);
  assert.match(await again.text(), /Accesso non riuscito/);
  assert.equal(count("SELECT count(*) FROM session WHERE auth_method = 'spid'"), before + 1);

  // Single Logout ends the session.  The validator's Response carries no
  // SessionIndex, so no LogoutRequest can name the IdP's session: ours
  // ends and the browser goes home (the round trip with an IdP that
  // gives one is in spid-idp.test.mjs).
  const out = await fetch(`${srv.url}/api/v1/auth/saml/slo`, { headers: { cookie: `av_session=${cookies.av_session}` }, redirect: 'manual' });
  assert.equal(out.status, 303);
  const gone = await api(srv.url, '/api/v1/auth/me', { headers: { cookie: `av_session=${cookies.av_session}` } });
  assert.equal(gone.status, 401);
});

test('a valid Response for a codice fiscale with no active account opens nothing', { timeout: 300000 }, async () => {
  sql(srv.db, `UPDATE app_user SET active = 0 WHERE id = ${uid}`);
  try {
    const n = count('SELECT count(*) FROM session');
    const r = await acs(form(signedResponse(2)));
    assert.equal(r.status, 403);
    assert.match(await r.text(), /Nessun account attivo/);
    assert.equal(count('SELECT count(*) FROM session'), n);
    assert.equal(count('SELECT count(*) FROM app_user'), count('SELECT count(*) FROM app_user'));
  } finally {
    sql(srv.db, `UPDATE app_user SET active = 1 WHERE id = ${uid}`);
  }
});

test('bad input to the ACS: refused, nothing stored, server up', async () => {
  const sessions = count('SELECT count(*) FROM session');
  const seen = count('SELECT count(*) FROM saml_assertion_seen');
  const failed = count("SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed'");
  const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    + '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    + '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" InResponseTo="x">&lol3;</samlp:Response>';
  const cases = [
    ['entity expansion bomb', form(bomb), 401],
    ['external entity', form('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'), 401],
    ['not XML', form('questo non è XML'), 401],
    ['not base64', 'SAMLResponse=%%%%&RelayState=x', 400],
    ['no SAMLResponse', 'RelayState=x', 400],
    ['repeated SAMLResponse', 'SAMLResponse=a&SAMLResponse=b', 400],
    ['unknown request', form('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" InResponseTo="_nostro"/>'), 401],
  ];
  for (const [name, body, status] of cases) {
    const r = await acs(body);
    assert.equal(r.status, status, `${name}: ${await r.text()}`);
  }
  // Over the cap: refused before anything is parsed.
  const big = await acsFetch(`SAMLResponse=${'A'.repeat(300 * 1024)}`);
  assert.equal(big.status, 413);
  // JSON is not a form.
  const json = await acsFetch(JSON.stringify({ SAMLResponse: 'x' }), 'application/json');
  assert.equal(json.status, 415);
  assert.equal(count('SELECT count(*) FROM session'), sessions);
  assert.equal(count('SELECT count(*) FROM saml_assertion_seen'), seen);
  assert.equal(count("SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed'"), failed + cases.length);
  assert.equal((await api(srv.url, '/api/v1/auth/saml/idp')).status, 200);
});

test('login route: next only a local path, known IdP, level 1..3', async () => {
  const q = (s) => api(srv.url, `/api/v1/auth/saml/login?${s}`, { redirect: 'manual' });
  const idp = `idp=${encodeURIComponent(TEST_IDP)}`;
  for (const next of ['//evil.example.org/', 'https://evil.example.org/', '/\\evil', 'area.html']) {
    const r = await q(`${idp}&next=${encodeURIComponent(next)}`);
    assert.equal(r.status, 400, next);
    assert.equal(r.body.error.field, 'next');
  }
  assert.equal((await q('idp=https%3A%2F%2Fsconosciuto.example.org')).body.error.field, 'idp');
  assert.equal((await q(`${idp}&livello=4`)).body.error.field, 'livello');
  const ok = await q(`${idp}&livello=3&next=%2Farea.html`);
  assert.equal(ok.status, 302);
  const loc = new URL(ok.headers.get('location'));
  assert.equal(loc.origin + loc.pathname, 'https://localhost:8443/samlsso');
  assert.deepEqual([...loc.searchParams.keys()], ['SAMLRequest', 'RelayState', 'SigAlg', 'Signature']);
  assert.equal(loc.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  assert.equal(count("SELECT count(*) FROM saml_request WHERE loa = 3 AND relay_state = '/area.html' AND used IS NULL") >= 1, true);
});

test('spid config refuses a private key readable by others', async () => {
  const { chmodSync } = await import('node:fs');
  const key = `${sp.dir}/cert/sp.key`;
  chmodSync(key, 0o644);
  try {
    const r = cli(['spid', 'config', '--data-dir', sp.dir, '--chiave', key]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /0600/);
  } finally {
    chmodSync(key, 0o600);
  }
});
