// pdnd-token.mjs - a local stand-in for PDND's authorization server
// (POST /token.oauth2, authorizationServerApi.yml in ../shared/data/pdnd),
// for the tests and `make demo`.  It checks a client assertion the way
// PDND does since June 2025 (PCP.md §3): a form with exactly client_id,
// client_assertion, client_assertion_type, grant_type; a JWS whose header
// is exactly {kid, alg: RS256, typ: JWT}, with the kid of a registered
// key, signed RS256 by that key (verified with node's crypto); claims
// limited to iss, sub, aud, jti, iat, exp, purposeId and an optional
// digest {alg: SHA256, value: 64 hex} - anything else (nbf, client_id...)
// is error 015-0008 -; iss = sub = client_id a UUID; aud without scheme;
// not expired; jti never seen before; purposeId registered.  It answers an
// at+jwt voucher signed by its own key, with expires_in as configured,
// and can be told to answer 429 or 503 or to hang.
//
//   import { startPdndStub } from '../stubs/pdnd-token.mjs';
//   const stub = await startPdndStub({ clients: [{ clientId, kid, publicKeyPem,
//     purposes: [purposeId] }], audience, expiresIn: 600 });
//   stub.url; stub.requests; stub.fail(429, 2); stub.close();
//
// Standalone: node tests/stubs/pdnd-token.mjs --port 8111 --client-id UUID
//   --kid KID --public-key FILE --purpose UUID [--purpose UUID]...
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALLOWED_CLAIMS = new Set(['iss', 'sub', 'aud', 'jti', 'iat', 'exp', 'purposeId', 'digest']);
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'jti', 'iat', 'exp', 'purposeId'];
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const b64url = (buf) => Buffer.from(buf).toString('base64url');

// Decodes and checks one assertion; returns {problems: [...], claims}.
export function checkAssertion(jws, { clients, audience, now = Math.floor(Date.now() / 1000), seen = new Set() }) {
  const problems = [];
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    return { problems: ['not a compact JWS'], claims: null };
  }
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { problems: ['header or payload not JSON'], claims: null };
  }
  const hk = Object.keys(header).sort().join(',');
  if (hk !== 'alg,kid,typ') problems.push(`header keys ${hk}`);
  if (header.alg !== 'RS256') problems.push(`alg ${header.alg}`);
  if (header.typ !== 'JWT') problems.push(`typ ${header.typ}`);
  const client = clients.find((c) => c.kid === header.kid);
  if (!client) problems.push(`unknown kid ${header.kid}`);
  else {
    const ok = crypto.verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`),
      client.publicKeyPem, Buffer.from(parts[2], 'base64url'));
    if (!ok) problems.push('bad signature');
  }
  for (const k of Object.keys(claims)) if (!ALLOWED_CLAIMS.has(k)) problems.push(`claim ${k} not allowed`);
  for (const k of REQUIRED_CLAIMS) if (!(k in claims)) problems.push(`claim ${k} missing`);
  if (client && claims.iss !== client.clientId) problems.push('iss is not the client_id');
  if (claims.sub !== claims.iss) problems.push('sub differs from iss');
  if (!UUID_RE.test(String(claims.sub))) problems.push('sub is not a UUID');
  if (typeof claims.aud !== 'string' || claims.aud.includes('://')) problems.push('aud has a scheme');
  else if (claims.aud !== audience) problems.push(`aud ${claims.aud}`);
  if (!Number.isInteger(claims.iat) || !Number.isInteger(claims.exp)) problems.push('iat/exp not integers');
  else {
    if (claims.exp <= now) problems.push('expired');
    if (claims.iat > now + 60) problems.push('iat in the future');
    if (claims.exp - claims.iat > 3600) problems.push('lifetime over an hour');
  }
  if (typeof claims.jti !== 'string' || claims.jti.length < 8) problems.push('jti missing');
  else if (seen.has(claims.jti)) problems.push('jti replayed');
  if (client && !client.purposes.includes(claims.purposeId)) problems.push(`purposeId ${claims.purposeId} not registered`);
  if ('digest' in claims) {
    const d = claims.digest;
    if (!d || typeof d !== 'object' || Object.keys(d).sort().join(',') !== 'alg,value' ||
      d.alg !== 'SHA256' || !/^[0-9a-f]{64}$/.test(String(d.value))) problems.push('digest malformed');
  }
  return { problems, claims, header };
}

function problem(res, status, code, detail) {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({
    type: 'about:blank', status, title: status === 429 ? 'Too Many Requests' : 'Unauthorized',
    detail, errors: code ? [{ code, detail }] : [], correlationId: crypto.randomUUID(),
  }));
}

export async function startPdndStub(opts) {
  const { publicKey: stubPub, privateKey: stubKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const state = {
    clients: opts.clients,
    audience: opts.audience,
    expiresIn: opts.expiresIn ?? 600,
    seen: new Set(),
    requests: [], // {at, status, problems, claims, form}
    failures: [], // statuses to answer next, in order
    hang: 0,
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rec = { at: Date.now(), status: 0, problems: [], claims: null };
      state.requests.push(rec);
      if (state.hang > 0) { state.hang--; rec.status = -1; return; } // never answers
      const fail = state.failures.shift();
      if (fail) {
        rec.status = fail;
        if (fail === 429) res.setHeader('retry-after', '1');
        problem(res, fail, null, fail === 429 ? 'Too many requests' : 'Service unavailable');
        return;
      }
      const url = new URL(req.url, 'http://x');
      if (req.method !== 'POST' || url.pathname !== '/token.oauth2') {
        rec.status = 404; res.writeHead(404); res.end(); return;
      }
      if (!/^application\/x-www-form-urlencoded\b/.test(req.headers['content-type'] || '')) {
        rec.problems.push(`content-type ${req.headers['content-type']}`);
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      rec.form = Object.fromEntries(form);
      const keys = [...form.keys()].sort().join(',');
      if (keys !== 'client_assertion,client_assertion_type,client_id,grant_type') rec.problems.push(`form ${keys}`);
      if (form.get('grant_type') !== 'client_credentials') rec.problems.push('grant_type');
      if (form.get('client_assertion_type') !== ASSERTION_TYPE) rec.problems.push('client_assertion_type');
      const r = checkAssertion(form.get('client_assertion'), { clients: state.clients, audience: state.audience, seen: state.seen });
      rec.problems.push(...r.problems);
      rec.claims = r.claims;
      if (r.claims && form.get('client_id') !== r.claims.iss) rec.problems.push('form client_id differs from iss');
      if (r.claims && typeof r.claims.jti === 'string') state.seen.add(r.claims.jti);
      if (rec.problems.length) {
        rec.status = 401;
        problem(res, 401, '015-0008', `Client assertion validation failure: ${rec.problems.join('; ')}`);
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const vh = { alg: 'RS256', typ: 'at+jwt', kid: 'pdnd-stub' };
      const vc = {
        iss: 'uat.interop.pagopa.it', aud: 'pcp-stub', sub: r.claims.sub, client_id: r.claims.sub,
        purposeId: r.claims.purposeId, nbf: now, iat: now, exp: now + state.expiresIn,
        jti: crypto.randomUUID(), producerId: crypto.randomUUID(), consumerId: crypto.randomUUID(),
        eserviceId: crypto.randomUUID(), descriptorId: crypto.randomUUID(),
      };
      if (r.claims.digest) vc.digest = r.claims.digest;
      const signing = `${b64url(JSON.stringify(vh))}.${b64url(JSON.stringify(vc))}`;
      const sig = crypto.sign('RSA-SHA256', Buffer.from(signing), stubKey);
      rec.status = 200;
      rec.voucher = vc;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store' });
      res.end(JSON.stringify({ access_token: `${signing}.${b64url(sig)}`, token_type: 'Bearer', expires_in: state.expiresIn }));
    });
  });
  await new Promise((r) => server.listen(opts.port || 0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/token.oauth2`;
  return {
    url,
    state,
    requests: state.requests,
    stubPublicKeyPem: stubPub.export({ type: 'spki', format: 'pem' }),
    fail(status, n = 1) { for (let i = 0; i < n; i++) state.failures.push(status); },
    hang(n = 1) { state.hang += n; },
    close() { server.closeAllConnections(); return new Promise((r) => server.close(r)); },
  };
}

// Standalone use (make demo, manual tests).
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
  const purposes = args.flatMap((a, i) => (a === '--purpose' ? [args[i + 1]] : []));
  const stub = await startPdndStub({
    port: Number(get('--port') || 8111),
    audience: get('--audience') || 'auth.uat.interop.pagopa.it/client-assertion',
    clients: [{ clientId: get('--client-id'), kid: get('--kid'), publicKeyPem: readFileSync(get('--public-key'), 'utf8'), purposes }],
  });
  process.stdout.write(`stub PDND in ascolto su ${stub.url}\n`);
}
