// nginx.test.mjs - the deployment of docs/operations.md, end to end: a
// real nginx (Debian's nginx-light) with a self-signed certificate in front
// of `areavasta serve --trusted-proxy 127.0.0.1`, its configuration taken
// from the document itself (only ports and certificate paths replaced).
// Clients connect from their own loopback addresses (127.0.0.3, .4, ...)
// so that the real client address can be told from nginx's (127.0.0.1).
// Checked: login and a save from a browser-like client (Origin
// https://host:port), Secure cookies, HSTS, the real client address in the
// audit and access logs, throttling per real client, spoofed forwarding
// headers ignored, and forwarding headers ignored from untrusted peers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, ROOT, sqlRows } from '../lib/server.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

const NGINX = '/usr/sbin/nginx';

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

// The ```nginx blocks of "Running behind nginx" in docs/operations.md.
function documentedConfig() {
  const doc = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const section = doc.split('## Running behind nginx')[1].split('\n## ')[0];
  const blocks = [...section.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0, 'docs/operations.md has the nginx configuration');
  return blocks.join('\n');
}

let srv;
let dir;
let nginx;
let nginxLog = '';
let tlsPort;
let plainPort;
let origin;

before(async () => {
  srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
  addUser(srv.db, 'nginx-admin@example.org', 'admin', 'provincia:024');
  addUser(srv.db, 'nginx-b@example.org', 'admin', 'provincia:024');
  dir = mkdtempSync(join(tmpdir(), 'areavasta-nginx-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
    '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  tlsPort = await freePort();
  plainPort = await freePort();
  const appPort = new URL(srv.url).port;
  const site = documentedConfig()
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`)
    .replace('listen 80;', `listen 127.0.0.1:${plainPort};`)
    .replace('/etc/ssl/areavasta/fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/areavasta/privkey.pem', join(dir, 'key.pem'))
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${appPort}`);
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
  // Runs as the test's user: "user" is only honoured (and needed) as root.
  const main = `${process.getuid() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${site}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), main);
  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stderr.on('data', (d) => { nginxLog += d; });
  origin = `https://localhost:${tlsPort}`;
  // Wait until nginx answers.
  for (let i = 0; ; i++) {
    try {
      const r = await call({ path: '/healthz' });
      if (r.status === 200) break;
    } catch (e) {
      if (i > 100) throw new Error(`nginx did not start: ${nginxLog} ${e}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
});

after(async () => {
  if (nginx) {
    nginx.kill('SIGTERM');
    await new Promise((r) => nginx.on('exit', r));
  }
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

// One HTTPS request through nginx, as a browser at `from` would send it.
function call({ method = 'GET', path, body, headers = {}, from = '127.0.0.3', port = tlsPort, tls = true }) {
  const lib = tls ? https : http;
  return new Promise((res, rej) => {
    const req = lib.request({
      host: '127.0.0.1', port, method, path, localAddress: from,
      servername: 'localhost', rejectUnauthorized: false, agent: false,
      headers: { host: `localhost:${port}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    }, (r) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { text += d; });
      r.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        res({ status: r.statusCode, headers: r.headers, text, body: json });
      });
    });
    req.on('error', rej);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

function cookies(res) {
  const out = {};
  for (const c of res.headers['set-cookie'] || []) {
    const [pair] = c.split(';');
    out[pair.slice(0, pair.indexOf('='))] = { value: pair.slice(pair.indexOf('=') + 1), raw: c };
  }
  return out;
}

async function browserLogin(email, from, password = PASSWORD) {
  return call({
    method: 'POST', path: '/api/v1/auth/login', from, body: { email, password },
    headers: { origin },
  });
}

const auditRows = (q) => sqlRows(srv.db, q);

test('through nginx: a browser logs in and saves; Secure cookies and HSTS', async () => {
  const login = await browserLogin('nginx-admin@example.org', '127.0.0.3');
  assert.equal(login.status, 200, login.text);
  const c = cookies(login);
  assert.match(c.av_session.raw, /;\s*Secure/i, 'session cookie is Secure');
  assert.match(c.av_session.raw, /HttpOnly/i);
  assert.match(c.av_csrf.raw, /;\s*Secure/i);
  assert.equal(login.headers['strict-transport-security'], 'max-age=31536000');
  // A save: a token created from the session, with CSRF and Origin.
  const save = await call({
    method: 'POST', path: '/api/v1/auth/tokens', from: '127.0.0.3',
    body: { name: 'dietro nginx' },
    headers: { origin, cookie: `av_session=${c.av_session.value}`, 'x-csrf-token': login.body.csrf_token },
  });
  assert.equal(save.status, 201, save.text);
  assert.equal(save.headers['strict-transport-security'], 'max-age=31536000');
  // A page of the UI carries HSTS too.
  const page = await call({ path: '/' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['strict-transport-security'], 'max-age=31536000');
  // Plain HTTP on nginx redirects to HTTPS.
  const plain = await call({ path: '/', port: plainPort, tls: false });
  assert.equal(plain.status, 301);
  assert.match(plain.headers.location, /^https:\/\//);
});

test('through nginx: the real client address is in the audit log and the access log', async () => {
  // A client that also claims another address: only nginx's own append counts.
  const r = await call({
    method: 'POST', path: '/api/v1/auth/login', from: '127.0.0.5',
    body: { email: 'nginx-b@example.org', password: PASSWORD },
    headers: { origin, 'x-forwarded-for': '203.0.113.9' },
  });
  assert.equal(r.status, 200, r.text);
  const rows = auditRows("SELECT details FROM audit_log WHERE action = 'auth.login' ORDER BY seq DESC LIMIT 1");
  assert.equal(JSON.parse(rows[0].details).ip, '127.0.0.5');
  const line = await srv.waitFor(() => srv.stderr().split('\n').find((l) => l.includes('"/api/v1/auth/login"') && JSON.parse(l).ip === '127.0.0.5'));
  assert.ok(line, 'access log names the client');
  assert.ok(!srv.stderr().includes('203.0.113.9'), 'a spoofed address is never believed');
});

test('through nginx: throttling is per real client, not per proxy', async () => {
  // 20 failures from 127.0.0.6, on several accounts: that address waits.
  for (let i = 0; i < 20; i++) {
    const r = await browserLogin(`nessuno${i % 4}@example.org`, '127.0.0.6', 'password-sbagliata');
    assert.equal(r.status, 401, `attempt ${i}: ${r.text}`);
  }
  const locked = await browserLogin('nginx-b@example.org', '127.0.0.6');
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers['retry-after']) > 0);
  // Another client through the same nginx is not affected.
  const other = await browserLogin('nginx-b@example.org', '127.0.0.7');
  assert.equal(other.status, 200, other.text);
});

test('forwarding headers are ignored from a peer that is not a trusted proxy', async () => {
  // Straight to areavasta from 127.0.0.8, claiming HTTPS and another host.
  const r = await call({
    method: 'POST', path: '/api/v1/auth/login', from: '127.0.0.8', tls: false,
    port: Number(new URL(srv.url).port),
    body: { email: 'nginx-b@example.org', password: PASSWORD },
    headers: {
      'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example', origin: 'https://evil.example',
    },
  });
  assert.equal(r.status, 403, 'the Origin is checked against the real scheme and host');
  const ok = await call({
    method: 'POST', path: '/api/v1/auth/login', from: '127.0.0.8', tls: false,
    port: Number(new URL(srv.url).port),
    body: { email: 'nginx-b@example.org', password: PASSWORD },
    headers: { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' },
  });
  assert.equal(ok.status, 200, ok.text);
  assert.doesNotMatch(cookies(ok).av_session.raw, /Secure/i, 'no Secure on plain HTTP');
  assert.equal(ok.headers['strict-transport-security'], undefined);
  const rows = auditRows("SELECT details FROM audit_log WHERE action = 'auth.login' ORDER BY seq DESC LIMIT 1");
  assert.equal(JSON.parse(rows[0].details).ip, '127.0.0.8');
});
