// pcp-pdnd.test.mjs - the PDND client of issue 17 (docs/pcp.md) against
// the local token stub (tests/stubs/pdnd-token.mjs), which verifies each
// client assertion with node's crypto (an implementation independent of
// areavasta's OpenSSL code) and PDND's claim rules.  Covers: `areavasta pcp
// config set|show` (key kept as a 0600 file, never shown), `pcp check`, the
// ANAC tracking JWS of `pcp tracking` (claims, lifetime, signature, the
// voucher bound by digest), the stub refusing what PDND refuses, the admin
// routes (own Province only), the voucher cache (reused, renewed near
// expiry) and PDND's errors reported in Italian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { startServer, cli, api, assertEnvelope, binary, sql as sqlOn, ROOT } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { startPdndStub, checkAssertion, UUID_RE } from '../stubs/pdnd-token.mjs';

const VI = 'provincia:024';
const AUD = 'auth.uat.interop.pagopa.it/client-assertion';
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();
const PURPOSE2 = crypto.randomUUID();
const KID = 'kid-collaudo-1';
const ESERVICE_URL = 'https://apigw-test.anticorruzione.it/modi/rest/ComunicaAppalto/v2';
const CF_RUP = 'RSSMRA80A01H501U';

let srv, stub, tmp, keyFile, pub, priv;
const sql = (q) => sqlOn(srv.db, q).trim();

before(async () => {
  srv = await startServer({ web: false });
  tmp = mkdtempSync(join(tmpdir(), 'pcp-pdnd-'));
  ({ publicKey: pub, privateKey: priv } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));
  keyFile = join(tmp, 'pdnd-collaudo.pem');
  writeFileSync(keyFile, priv.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  stub = await startPdndStub({
    audience: AUD,
    expiresIn: 600,
    clients: [{ clientId: CLIENT, kid: KID, publicKeyPem: pub.export({ type: 'spki', format: 'pem' }), purposes: [PURPOSE, PURPOSE2] }],
  });
});
after(async () => {
  await stub.close();
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// The CLI without blocking the event loop (the stub answers in this
// process): {status, stdout, stderr}.
function run(args) {
  return new Promise((resolve) => {
    execFile(binary(), args, { cwd: ROOT, encoding: 'utf8' }, (e, stdout, stderr) => {
      resolve({ status: e ? e.code : 0, stdout, stderr });
    });
  });
}

function configure(extra = []) {
  return cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo',
    '--client-id', CLIENT, '--kid', KID, '--chiave', keyFile, '--token-url', stub.url,
    '--sa-cf', '80004550242', '--sa-ausa', '0000240001', '--piattaforma', 'PAD0001', '--componente', 'AV01',
    '--eservice', `comunicaAppalto=${PURPOSE},${ESERVICE_URL}`, ...extra]);
}

// Decodes a compact JWS and verifies it with the public key (node crypto).
function verifyJws(jws) {
  const [h, p, s] = jws.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url')),
    claims: JSON.parse(Buffer.from(p, 'base64url')),
    ok: crypto.verify('RSA-SHA256', Buffer.from(`${h}.${p}`), pub, Buffer.from(s, 'base64url')),
  };
}

function sign(header, claims) {
  const b = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${b(header)}.${b(claims)}`;
  return `${data}.${crypto.sign('RSA-SHA256', Buffer.from(data), priv).toString('base64url')}`;
}

test('pcp config set and show: the key stays a 0600 file, never shown; bad input refused', () => {
  let r = configure();
  assert.equal(r.status, 0, r.stderr);
  const shown = JSON.parse(r.stdout);
  const col = shown.ambienti.find((a) => a.ambiente === 'collaudo');
  assert.equal(col.configurato, true);
  assert.deepEqual(col.chiave, { percorso: keyFile, stato: 'ok' });
  assert.equal(col.audience, AUD, 'PDND default audience, no scheme');
  assert.deepEqual(col.eservices, [{ nome: 'comunicaAppalto', purpose_id: PURPOSE, url: ESERVICE_URL }]);
  assert.equal(shown.ambienti.find((a) => a.ambiente === 'esercizio').token_url, 'https://auth.interop.pagopa.it/token.oauth2');
  assert.ok(!r.stdout.includes('PRIVATE KEY'));
  assert.ok(!sql('SELECT key_file FROM pcp_config').includes('PRIVATE'), 'only the path in the database');
  // A key readable by others is refused, and nothing changes.
  const loose = join(tmp, 'loose.pem');
  writeFileSync(loose, priv.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o644 });
  chmodSync(loose, 0o644);
  r = cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo', '--chiave', loose]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /leggibile da altri utenti: impostare i permessi a 0600/);
  assert.equal(sql("SELECT key_file FROM pcp_config WHERE ambiente = 'collaudo'"), keyFile);
  for (const [args, re] of [
    [['--client-id', 'non-un-uuid'], /client_id PDND è un UUID/],
    [['--audience', 'https://auth.uat.interop.pagopa.it/client-assertion'], /senza schema/],
    [['--token-url', 'http://pdnd.example.org/token.oauth2'], /https:\/\//],
    [['--eservice', 'comunica=x,https://a.example'], /E-service PCP sconosciuto/],
    [['--sa-ausa', '123'], /AUSA/],
  ]) {
    r = cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo', ...args]);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, re);
  }
  r = cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', VI, '--ambiente', 'produzione']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /collaudo, attestazione o esercizio/);
  assert.equal(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'pcp.config'")), 1, 'one audited change');
});

test('pcp check: a voucher from the stub, assertion exactly as PDND wants it', async () => {
  configure();
  const n0 = stub.requests.length;
  const r = await run(['pcp', 'check', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /verifica PDND \(collaudo\): Voucher PDND ottenuto: collegamento verificato\./);
  assert.equal(stub.requests.length, n0 + 1);
  const req = stub.requests.at(-1);
  assert.deepEqual(req.problems, []);
  assert.equal(req.status, 200);
  // The claims, checked here too, independently of the stub.
  const a = verifyJws(req.form.client_assertion);
  assert.ok(a.ok, 'RS256 signature verified by node crypto');
  assert.deepEqual(a.header, { kid: KID, alg: 'RS256', typ: 'JWT' });
  assert.deepEqual(Object.keys(a.claims).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'purposeId', 'sub']);
  assert.equal(a.claims.iss, CLIENT);
  assert.equal(a.claims.sub, CLIENT);
  assert.equal(a.claims.aud, AUD);
  assert.equal(a.claims.purposeId, PURPOSE);
  assert.match(a.claims.jti, UUID_RE);
  assert.ok(Math.abs(a.claims.iat - Date.now() / 1000) < 30);
  assert.ok(a.claims.exp > a.claims.iat && a.claims.exp - a.claims.iat <= 300);
  assert.equal(req.form.client_id, CLIENT);
  assert.equal(req.form.grant_type, 'client_credentials');
  // A second check (another process) asks again, with another jti.
  await run(['pcp', 'check', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo']);
  assert.notEqual(verifyJws(stub.requests.at(-1).form.client_assertion).claims.jti, a.claims.jti);
  assert.deepEqual(stub.requests.at(-1).problems, []);
});

test('the stub refuses what PDND refuses (so the checks above can fail)', () => {
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: CLIENT, sub: CLIENT, aud: AUD, jti: crypto.randomUUID(), iat: now, exp: now + 60, purposeId: PURPOSE };
  const H = { kid: KID, alg: 'RS256', typ: 'JWT' };
  const opts = { clients: stub.state.clients, audience: AUD };
  assert.deepEqual(checkAssertion(sign(H, good), opts).problems, []);
  const cases = [
    [{ ...good, nbf: now }, /claim nbf not allowed/],
    [{ ...good, client_id: CLIENT }, /claim client_id not allowed/],
    [{ ...good, aud: `https://${AUD}` }, /aud has a scheme/],
    [{ ...good, sub: 'areavasta', iss: 'areavasta' }, /sub is not a UUID/],
    [{ ...good, exp: now - 1 }, /expired/],
    [{ ...good, digest: { alg: 'SHA256', value: Buffer.alloc(32).toString('base64') } }, /digest malformed/],
    [{ ...good, purposeId: crypto.randomUUID() }, /not registered/],
  ];
  for (const [claims, re] of cases) assert.match(checkAssertion(sign(H, claims), opts).problems.join('; '), re);
  const seen = new Set([good.jti]);
  assert.match(checkAssertion(sign(H, good), { ...opts, seen }).problems.join(), /jti replayed/);
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const [h, p] = sign(H, good).split('.');
  const forged = `${h}.${p}.${crypto.sign('RSA-SHA256', Buffer.from(`${h}.${p}`), other).toString('base64url')}`;
  assert.match(checkAssertion(forged, opts).problems.join(), /bad signature/);
  assert.match(checkAssertion(sign({ ...H, x5c: [] }, good), opts).problems.join(), /header keys/);
});

test('pcp tracking: ANAC claims, <= 10 s, signed, voucher bound by digest', async () => {
  configure();
  let r = await run(['pcp', 'tracking', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo', '--eservice', 'comunicaAppalto',
    '--cf', CF_RUP, '--ruolo', 'RP', '--loa', '4', '--idp', 'CIE', '--voucher']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const j = verifyJws(out.jws);
  assert.ok(j.ok, 'tracking JWS verified with the public key');
  assert.deepEqual(j.header, { kid: KID, alg: 'RS256', typ: 'JWT' });
  const c = j.claims;
  assert.equal(c.aud, ESERVICE_URL);
  assert.equal(c.userCodiceFiscale, CF_RUP);
  assert.equal(c.userRole, 'RP');
  assert.equal(c.userLoa, '4');
  assert.equal(c.userIdpType, 'CIE');
  assert.equal(c.SACodiceFiscale, '80004550242');
  assert.equal(c.SAcodiceAUSA, '0000240001');
  assert.equal(c.regCodicePiattaforma, 'PAD0001');
  assert.equal(c.regCodiceComponente, 'AV01');
  assert.equal(c.businessFlowID, '00000000-0000-0000-0000-000000000000', 'zero UUID before crea-appalto');
  assert.match(c.traceID, UUID_RE);
  assert.equal(c.spanID, c.traceID);
  assert.match(c.jti, UUID_RE);
  assert.equal(c.nbf, c.iat);
  assert.ok(c.exp - c.iat <= 10 && c.exp > c.iat, 'lifetime at most 10 s');
  assert.equal(c.purposeId, PURPOSE);
  // The jws.yaml required claims are all there.
  for (const k of ['iat', 'nbf', 'exp', 'jti', 'aud', 'userCodiceFiscale', 'userRole', 'userLoa', 'userIdpType',
    'SAcodiceAUSA', 'regCodicePiattaforma', 'regCodiceComponente', 'businessFlowID', 'traceID', 'spanID']) {
    assert.ok(k in c, k);
  }
  // The digest: SHA-256 of the JWS as sent, in hex, in the voucher's assertion.
  const digest = crypto.createHash('sha256').update(out.jws).digest('hex');
  assert.equal(out.digest, digest);
  const req = stub.requests.at(-1);
  assert.deepEqual(req.problems, []);
  assert.deepEqual(req.claims.digest, { alg: 'SHA256', value: digest });
  assert.deepEqual(req.voucher.digest, { alg: 'SHA256', value: digest });
  // Later calls carry the procedure's idAppalto; two JWS never share a jti.
  const idAppalto = crypto.randomUUID();
  r = await run(['pcp', 'tracking', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo', '--eservice', 'comunicaAppalto',
    '--cf', CF_RUP, '--ruolo', 'DRP', '--loa', '3', '--idp', 'SPID', '--id-appalto', idAppalto]);
  assert.equal(r.status, 0, r.stderr);
  const c2 = verifyJws(JSON.parse(r.stdout).jws).claims;
  assert.equal(c2.businessFlowID, idAppalto);
  assert.notEqual(c2.jti, c.jti);
  assert.equal(c2.userRole, 'DRP');
  // What ANAC would refuse is refused before any call.
  const n = stub.requests.length;
  for (const [args, re] of [
    [['--loa', '2', '--idp', 'SPID', '--ruolo', 'RP', '--cf', CF_RUP], /livello 3 o 4/],
    [['--loa', '3', '--idp', 'SPID', '--ruolo', 'RUP', '--cf', CF_RUP], /RP .* o DRP/],
    [['--loa', '3', '--idp', 'SPID', '--ruolo', 'RP', '--cf', 'RSSMRA80A01H501X'], /Codice fiscale dell'utente non valido/],
    [['--loa', '3', '--idp', 'SPID', '--ruolo', 'RP', '--cf', CF_RUP, '--id-appalto', 'appalto-1'], /idAppalto ANAC non è un UUID/],
  ]) {
    r = await run(['pcp', 'tracking', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo', '--eservice', 'comunicaAppalto', '--voucher', ...args]);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, re);
  }
  r = await run(['pcp', 'tracking', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo', '--eservice', 'pubblicaAvviso',
    '--cf', CF_RUP, '--ruolo', 'RP', '--loa', '3', '--idp', 'SPID']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /e-service PCP pubblicaAvviso non è configurato/);
  assert.equal(stub.requests.length, n, 'nothing sent');
});

test('admin routes: own Province only; the cache reused, then renewed near expiry; errors in Italian', async () => {
  configure();
  addUser(srv.db, 'pcp.admin.vi@example.org', 'admin', VI);
  addUser(srv.db, 'pcp.admin.pd@example.org', 'admin', 'provincia:028');
  addUser(srv.db, 'pcp.sua.vi@example.org', 'sua_officer', VI);
  const vi = await login(srv.url, 'pcp.admin.vi@example.org');
  const pd = await login(srv.url, 'pcp.admin.pd@example.org');
  const sua = await login(srv.url, 'pcp.sua.vi@example.org');

  let r = await vi.call('GET', '/api/v1/pcp/VI');
  assert.equal(r.status, 200);
  assert.equal(r.body.ente, VI);
  assert.equal(r.body.ambienti[0].chiave.stato, 'ok');
  assert.ok(!JSON.stringify(r.body).includes('PRIVATE KEY'));
  // Others: refused, nothing leaked.
  for (const [who, status] of [[pd, 403], [sua, 403]]) {
    for (const [m, p, b] of [['GET', '/api/v1/pcp/VI'], ['PUT', '/api/v1/pcp/VI/collaudo', { kid: 'x' }],
      ['POST', '/api/v1/pcp/VI/collaudo/verifica']]) {
      const x = await who.call(m, p, b);
      assert.equal(x.status, status, `${m} ${p}`);
      assert.ok(!JSON.stringify(x.body).includes(CLIENT));
    }
  }
  assertEnvelope(assert, await api(srv.url, '/api/v1/pcp/VI'), 401);
  assert.equal((await vi.call('GET', '/api/v1/pcp/ZZ')).status, 404);
  // PD's admin may read PD (not configured: defaults only).
  r = await pd.call('GET', '/api/v1/pcp/PD');
  assert.equal(r.status, 200);
  assert.equal(r.body.ambienti.every((a) => !a.configurato), true);

  // A PUT: bad input names its path and changes nothing.
  const before = sql("SELECT kid FROM pcp_config WHERE ente = 'provincia:024' AND ambiente = 'collaudo'");
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { kid: 'nuovo', client_id: 'x' });
  assertEnvelope(assert, r, 400, 'invalid_field');
  assert.equal(r.body.error.field, 'client_id');
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { eservices: [{ nome: 'altro', purpose_id: PURPOSE2, url: ESERVICE_URL }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'eservices[0].nome');
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { eservices: [
    { nome: 'codeList', purpose_id: PURPOSE2, url: ESERVICE_URL },
    { nome: 'fva', purpose_id: 'non-uuid', url: ESERVICE_URL }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'eservices[1].purpose_id');
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { eservices: [{ nome: 'fva', purpose_id: PURPOSE2, url: 'ftp://x' }] });
  assert.equal(r.body.error.field, 'eservices[0].url');
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { chiave: 'x' });
  assert.equal(r.status, 400);
  r = await vi.call('PUT', '/api/v1/pcp/VI/prova', { kid: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'ambiente');
  assert.equal(sql("SELECT kid FROM pcp_config WHERE ente = 'provincia:024' AND ambiente = 'collaudo'"), before);
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', {
    eservices: [{ nome: 'serviziComuni', purpose_id: PURPOSE2, url: 'https://apigw-test.anticorruzione.it/modi/rest/ServiziComuni/v1' }],
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.ambienti[0].eservices.map((e) => e.nome).sort(), ['comunicaAppalto', 'serviziComuni']);
  assert.ok(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'pcp.config' AND actor <> 'system'")) >= 1);

  // The check: a voucher, then the same from the cache.
  const n0 = stub.requests.length;
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.status, 200);
  assert.equal(r.body.esito, 'ok', r.body.messaggio);
  assert.equal(r.body.dalla_cache, false);
  assert.equal(r.body.eservice, 'comunicaAppalto');
  assert.ok(!JSON.stringify(r.body).includes('eyJ'), 'the voucher is never shown');
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.body.esito, 'ok');
  assert.equal(r.body.dalla_cache, true);
  assert.equal(stub.requests.length, n0 + 1, 'cached voucher reused');
  // Another purpose is another voucher.
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica?eservice=serviziComuni');
  assert.equal(r.body.dalla_cache, false);
  assert.equal(stub.requests.at(-1).claims.purposeId, PURPOSE2);
  assert.equal(stub.requests.length, n0 + 2);

  // Near expiry the voucher is renewed (margin 30 s: a 32 s voucher is
  // reused for 2 s at most).
  stub.state.expiresIn = 32;
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { kid: KID }); // empties the cache
  assert.equal(r.status, 200);
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.body.dalla_cache, false);
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.body.dalla_cache, true);
  const n1 = stub.requests.length;
  await new Promise((res) => setTimeout(res, 2600));
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.body.esito, 'ok');
  assert.equal(r.body.dalla_cache, false, 'renewed near expiry');
  assert.equal(stub.requests.length, n1 + 1);
  stub.state.expiresIn = 600;

  // Errors, in Italian, with what to do.
  await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { kid: KID });
  stub.fail(429);
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.body.esito, 'errore');
  assert.equal(r.body.http, 429);
  assert.match(r.body.messaggio, /PDND limita le richieste \(HTTP 429\): riprovare/);
  stub.fail(503);
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.match(r.body.messaggio, /PDND non è disponibile \(HTTP 503\)/);
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { kid: 'kid-sconosciuto' });
  assert.equal(r.status, 200);
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal(r.body.esito, 'errore');
  assert.equal(r.body.http, 401);
  assert.match(r.body.messaggio, /PDND ha rifiutato la richiesta del voucher \(HTTP 401, codice 015-0008\).*Verificare su PDND client_id, kid/);
  const down = `http://127.0.0.1:9/token.oauth2`;
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { kid: KID, token_url: down });
  r = await vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.match(r.body.messaggio, /PDND non raggiungibile/);
  r = await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { token_url: stub.url });
  // The CLI says the same, with exit status 1.
  stub.fail(429);
  const c = await run(['pcp', 'check', '--db', srv.db, '--ente', VI, '--ambiente', 'collaudo']);
  assert.equal(c.status, 1);
  assert.match(c.stdout, /PDND limita le richieste/);
  // A PDND that never answers: the check gives up after its timeout (15 s)
  // and says so; the server keeps serving meanwhile.
  stub.hang(1);
  await vi.call('PUT', '/api/v1/pcp/VI/collaudo', { kid: KID }); // no cached voucher
  const t0 = Date.now();
  const pending = vi.call('POST', '/api/v1/pcp/VI/collaudo/verifica');
  assert.equal((await vi.call('GET', '/api/v1/pcp/VI')).status, 200, 'other requests still served');
  r = await pending;
  assert.equal(r.body.esito, 'errore');
  assert.match(r.body.messaggio, /PDND non raggiungibile \(tempo scaduto\)/);
  assert.ok(Date.now() - t0 >= 14000 && Date.now() - t0 < 30000, `${Date.now() - t0} ms`);
  // Not configured: 404 on the environment.
  r = await vi.call('POST', '/api/v1/pcp/VI/esercizio/verifica');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.field, 'ambiente');
});
