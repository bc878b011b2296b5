// pg-target.test.mjs - a PostgreSQL target as libpq users expect it (issue
// 9): the password role av_pw of the test cluster (scripts/pg-test-cluster.sh,
// scram-sha-256) connects through PGPASSWORD and through ~/.pgpass (HOME a
// temp dir, file mode 0600); with the password inline in the URI
// (postgresql://av_pw:PW@/db?host=H) the connection works while the password
// shows neither in /proc/PID/cmdline of the running `serve`, nor in its
// stdout/stderr, nor in the CLI's error messages; a wrong password is a
// clear Italian error and exit 1.
//
// Runs on the postgres backend only (AREAVASTA_TEST_BACKEND=postgres): every
// test needs the cluster, so on sqlite they are all skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND, PG_HOST, ROOT, binary, cli, pgAdmin } from '../lib/server.mjs';

const PG = BACKEND === 'postgres';
const skip = !PG && 'needs the PostgreSQL test cluster (AREAVASTA_TEST_BACKEND=postgres)';
const PW = 'av-secret-pw';
const DB = `av_pw_${process.pid}`;
const tmp = mkdtempSync(join(tmpdir(), 'areavasta-pgtarget-'));
const key = join(tmp, 'audit-key');

// The environment of a CLI run: no libpq variable of the caller, HOME a
// directory without .pgpass unless the test gives one.
function env(extra = {}) {
  const e = { ...process.env, HOME: join(tmp, 'home-empty') };
  for (const k of Object.keys(e)) if (k.startsWith('PG') && k !== 'PGBIN') delete e[k];
  return { ...e, ...extra };
}
const conninfo = `host=${PG_HOST} user=av_pw dbname=${DB}`;
const uri = (pw, db = DB) => `postgresql://av_pw:${pw}@/${db}?host=${PG_HOST}`;
const noPassword = (text, what) => assert.ok(!text.includes(PW), `${what} shows the password: ${text}`);

before(() => {
  if (!PG) return;
  // An empty database whose tables av_pw creates (it may create in public).
  pgAdmin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE); CREATE DATABASE ${DB};`);
});
after(() => {
  if (PG) pgAdmin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  rmSync(tmp, { recursive: true, force: true });
});

test('PGPASSWORD: init and user add as the password role', { skip }, () => {
  let r = cli(['init', '--db', conninfo, '--audit-key', key], { env: env({ PGPASSWORD: PW }) });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'add', '--db', conninfo, '--email', 'pw@example.org', '--name', 'Pw', '--role', 'upi', '--ente', 'upi'],
    { env: env({ PGPASSWORD: PW }) });
  assert.equal(r.status, 0, r.stderr);
  // Without it, libpq has no password to send: an error, exit 1.
  r = cli(['user', 'list', '--db', conninfo], { env: env() });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /^areavasta: Impossibile collegarsi alla base dati PostgreSQL/);
});

test('~/.pgpass (mode 0600) gives the password', { skip }, () => {
  const home = mkdtempSync(join(tmp, 'home-'));
  const pgpass = join(home, '.pgpass');
  writeFileSync(pgpass, `${PG_HOST}:5432:${DB}:av_pw:${PW}\n`);
  chmodSync(pgpass, 0o600);
  const r = cli(['user', 'list', '--db', conninfo], { env: env({ HOME: home }) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /pw@example\.org/);
});

test('a wrong password is a clear Italian error, exit 1, and the password is not echoed', { skip }, () => {
  const r = cli(['user', 'list', '--db', uri('password-sbagliata')], { env: env() });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /^areavasta: Impossibile collegarsi alla base dati PostgreSQL 'postgresql:\/\/av_pw:\*\*\*@\//);
  assert.match(r.stderr, /password authentication failed/);
  assert.ok(!r.stderr.includes('password-sbagliata'), r.stderr);
});

test('an inline password works and shows nowhere: CLI errors, serve\'s argv and output', { skip }, async () => {
  // CLI: a database that does not exist, an option it refuses.
  let r = cli(['user', 'list', '--db', uri(PW, `${DB}_manca`)], { env: env() });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Impossibile collegarsi .*\*\*\*/);
  noPassword(r.stdout + r.stderr, 'user list on a missing database');
  r = cli(['user', 'list', '--db', `host=${PG_HOST} user=av_pw password=${PW} dbname=${DB}_manca`], { env: env() });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /password=\*\*\*/);
  noPassword(r.stdout + r.stderr, 'user list on a missing database (conninfo)');
  r = cli(['user', 'list', '--db', uri(PW), '--nope'], { env: env() });
  assert.equal(r.status, 2);
  noPassword(r.stdout + r.stderr, 'a usage error');
  // It works.
  r = cli(['user', 'list', '--db', uri(PW)], { env: env() });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /pw@example\.org/);
  noPassword(r.stdout + r.stderr, 'user list');

  // serve: its argument list as ps shows it, its output, a request served.
  const dataDir = mkdtempSync(join(tmp, 'data-'));
  const proc = spawn(binary(), ['serve', '--db', uri(PW), '--listen', '127.0.0.1:0', '--strict', '--no-web',
    '--data-dir', dataDir], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let errText = '';
  proc.stderr.on('data', (d) => { errText += d; });
  const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
  try {
    const url = await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`serve did not start: ${errText}`)), 20000);
      proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) { clearTimeout(timer); res(`http://127.0.0.1:${m[1]}`); }
      });
      proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`serve exited ${code}: ${errText}`)); });
    });
    const cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0').join(' ');
    assert.match(cmdline, /postgresql:\/\/av_pw:/, cmdline);
    noPassword(cmdline, `/proc/${proc.pid}/cmdline`);
    const res = await fetch(`${url}/api/v1/rete`);
    assert.equal(res.status, 200, await res.text());
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'pw@example.org', password: 'non-questa-password' }),
    });
    assert.equal(login.status, 401);
  } finally {
    proc.kill('SIGTERM');
    assert.equal(await exited, 0, errText);
  }
  noPassword(out, 'serve\'s stdout');
  noPassword(errText, 'serve\'s stderr');
  assert.doesNotMatch(errText, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
});
