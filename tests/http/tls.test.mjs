// tls.test.mjs - `serve --tls-cert/--tls-key`: HTTPS with a throw-away
// self-signed certificate, cookies gain Secure, usage errors for half a pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli } from '../lib/server.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

function request(url, method, body) {
  return new Promise((res, rej) => {
    const r = https.request(url, {
      method, rejectUnauthorized: false,
      headers: body ? { 'content-type': 'application/json' } : {},
    }, (resp) => {
      let data = '';
      resp.on('data', (d) => { data += d; });
      resp.on('end', () => res({ status: resp.statusCode, headers: resp.headers, body: data }));
    });
    r.on('error', rej);
    r.end(body);
  });
}

test('HTTPS with Secure cookies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-tls-'));
  const cert = join(dir, 'c.pem');
  const key = join(dir, 'k.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  const srv = await startServer({ web: false, args: ['--tls-cert', cert, '--tls-key', key] });
  try {
    assert.match(srv.url, /^https:/);
    addUser(srv.db, 'tls@example.org', 'upi', 'upi');
    const h = await request(`${srv.url}/healthz`, 'GET');
    assert.equal(h.status, 200);
    const r = await request(`${srv.url}/api/v1/auth/login`, 'POST', JSON.stringify({ email: 'tls@example.org', password: PASSWORD }));
    assert.equal(r.status, 200);
    for (const c of r.headers['set-cookie']) assert.match(c, /; Secure/);
  } finally {
    await srv.stop();
  }
});

test('half a TLS pair is a usage error', () => {
  const r = cli(['serve', '--db', '/nonexistent.db', '--tls-cert', 'x.pem']);
  assert.equal(r.status, 2);
});
