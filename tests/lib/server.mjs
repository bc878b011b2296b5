// server.mjs - starts a real `areavasta serve` for end-to-end and browser
// tests: a copy of the demo database in a temp dir, a free port chosen by
// the server (--listen 127.0.0.1:0, port read from its first stdout line),
// and a stop() that fails the test if the process crashed or a sanitizer
// reported anything on stderr.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, copyFileSync, existsSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = process.env.AREAVASTA_SHARED || resolve(ROOT, '..', 'shared');

// The binary under test: the sanitizer build unless told otherwise.
export function binary() {
  if (process.env.AREAVASTA_BIN) return resolve(process.env.AREAVASTA_BIN);
  const asan = join(ROOT, 'build', 'asan', 'areavasta');
  return existsSync(asan) ? asan : join(ROOT, 'build', 'areavasta');
}

// Runs the CLI synchronously; returns {status, stdout, stderr}.
export function cli(args, opts = {}) {
  try {
    const stdout = execFileSync(binary(), args, {
      cwd: ROOT, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

// The demo database is built once per test run (scripts/run-e2e.sh builds
// it before the tests start; a lone test file builds it on demand).
export function demoTemplate() {
  const dir = join(ROOT, 'build', 'test');
  const path = join(dir, 'demo-template.db');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    const r = cli(['demo', '--db', tmp]);
    if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
    execFileSync('sqlite3', [tmp, 'PRAGMA wal_checkpoint(TRUNCATE);']);
    renameSync(tmp, path);
    rmSync(`${tmp}-wal`, { force: true });
    rmSync(`${tmp}-shm`, { force: true });
  }
  return path;
}

export const SANITIZER_RE = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// Starts a server.  opts.db: an existing database to serve (copied);
// opts.empty: serve a fresh empty database; default: a copy of the demo.
// opts.reuse: the database file of an earlier server (from its .db), served
// in place (a restart on the same data; its directory is not removed).
export async function startServer(opts = {}) {
  const dir = opts.reuse ? dirname(opts.reuse) : mkdtempSync(join(tmpdir(), 'areavasta-test-'));
  const db = opts.reuse || join(dir, 'test.db');
  if (!opts.empty && !opts.reuse) copyFileSync(opts.db || demoTemplate(), db);
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--strict'];
  if (opts.args) args.push(...opts.args);
  if (opts.web !== false) args.push('--web', opts.web || join(ROOT, 'web', 'dist'));
  else args.push('--no-web');
  const proc = spawn(binary(), args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const stderrChunks = [];
  proc.stderr.on('data', (d) => { stderr += d; stderrChunks.push(d); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/(https?):\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); res(`${m[1]}://127.0.0.1:${m[2]}`); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return {
    url,
    db,
    dir,
    stderr: () => stderr,
    // The exact bytes written to stderr (stderr() decodes them leniently).
    stderrBytes: () => Buffer.concat(stderrChunks),
    // Polls `cond` (up to 5 s) until it returns a truthy value, and returns
    // that: the access log is written after the response is sent, so a
    // client that has its answer may read the log a moment too early.
    async waitFor(cond) {
      for (let waited = 0; ; waited += 20) {
        const v = cond();
        if (v || waited >= 5000) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    pid: proc.pid,
    // SIGKILL, as a crash would: the data directory is kept for a restart
    // (startServer({reuse: srv.db})), whose stop() removes it.
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      const { code, signal } = await exited;
      rmSync(dir, { recursive: true, force: true });
      if (SANITIZER_RE.test(stderr)) throw new Error(`sanitizer report:\n${stderr}`);
      if (code !== 0) throw new Error(`server exit ${code} ${signal}:\n${stderr.slice(-4000)}`);
    },
  };
}

// fetch + JSON: returns {status, headers, body} (body parsed when JSON).
export async function api(base, path, init = {}) {
  const r = await fetch(base + path, init);
  const text = await r.text();
  let body = text;
  if ((r.headers.get('content-type') || '').startsWith('application/json')) body = JSON.parse(text);
  return { status: r.status, headers: r.headers, body };
}

// Asserts the error envelope shape; returns the error object.
export function assertEnvelope(assert, res, status, code) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.ok(res.body && res.body.error, 'error envelope expected');
  assert.equal(typeof res.body.error.code, 'string');
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok('field' in res.body.error);
  if (code) assert.equal(res.body.error.code, code);
  return res.body.error;
}

// Sends exactly these bytes to the server and returns the whole answer as
// text: fetch normalises paths and bodies, raw requests test what it hides.
export function rawRequest(url, request) {
  const { port } = new URL(url);
  return new Promise((res, rej) => {
    const s = net.connect(Number(port), '127.0.0.1', () => s.end(request));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => res(data));
    s.on('error', rej);
  });
}
