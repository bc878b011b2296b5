// auth.mjs - test helpers for identity: create users with a known password
// through the real CLI, log in over HTTP, and call the API with the session
// cookie and CSRF token like the web UI does.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, serverLogTail } from './server.mjs';

export const PASSWORD = 'una-password-di-prova-2026';

const pwdir = mkdtempSync(join(tmpdir(), 'areavasta-pw-'));
const pwfile = join(pwdir, 'pw');
writeFileSync(pwfile, `${PASSWORD}\n`);

// Adds a user with role on ente to the server's database (CLI, same file).
export function addUser(db, email, role, ente, name = 'Utente di prova') {
  const r = cli(['user', 'add', '--db', db, '--email', email, '--name', name,
    '--role', role, '--ente', ente, '--password-file', pwfile]);
  if (r.status !== 0) throw new Error(`user add ${email}: ${r.stderr}`);
  const m = r.stdout.match(/utente (\d+) creato/);
  return Number(m[1]);
}

function cookiesOf(res) {
  const out = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

// A logged-in client: {call(method, path, body, extraHeaders), cookie, csrf}.
export async function login(url, email, password = PASSWORD) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  if (res.status !== 200) {
    throw new Error(`login ${email}: ${res.status} ${JSON.stringify(body)}\nserver log:\n${serverLogTail(url)}`);
  }
  const c = cookiesOf(res);
  return session(url, c.av_session, body.csrf_token, body.user);
}

export function session(url, cookie, csrf, user) {
  return {
    cookie,
    csrf,
    user,
    async call(method, path, body, headers = {}) {
      const h = { cookie: `av_session=${cookie}`, ...headers };
      if (method !== 'GET' && csrf && !('x-csrf-token' in headers)) h['x-csrf-token'] = csrf;
      if (body !== undefined && !('content-type' in headers)) h['content-type'] = 'application/json';
      const res = await fetch(url + path, {
        method,
        headers: h,
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      });
      const text = await res.text();
      let parsed = text;
      if ((res.headers.get('content-type') || '').startsWith('application/json')) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, body: parsed, cookies: cookiesOf(res) };
    },
  };
}

export { cookiesOf };
