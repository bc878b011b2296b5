// server.mjs - starts a real `areavasta serve` for end-to-end and browser
// tests: a copy of the demo database in a temp dir, a free port chosen by
// the server (--listen 127.0.0.1:0, port read from its first stdout line),
// and a stop() that fails the test if the process crashed or a sanitizer
// reported anything on stderr.
//
// Two backends (issue 9), chosen by AREAVASTA_TEST_BACKEND:
//   sqlite (default)  every server gets a copy of the demo file in a temp dir;
//   postgres          AREAVASTA_PG_HOST is the socket directory of a cluster
//                     (scripts/pg-test-cluster.sh; superuser areavasta on
//                     trust); every server gets a fresh database made from
//                     the template av_demo_template, --data-dir in its temp
//                     dir, and its `db` is the libpq conninfo, so tests that
//                     run `cli([..., '--db', srv.db])` work on both.
// sql(db, text) runs SQL on a test database with sqlite3 or psql.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, copyFileSync, existsSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = process.env.AREAVASTA_SHARED || resolve(ROOT, '..', 'shared');

export const BACKEND = process.env.AREAVASTA_TEST_BACKEND || 'sqlite';
if (BACKEND !== 'sqlite' && BACKEND !== 'postgres') {
  throw new Error(`AREAVASTA_TEST_BACKEND=${BACKEND}: sqlite or postgres`);
}
export const PG_HOST = process.env.AREAVASTA_PG_HOST || '';
if (BACKEND === 'postgres' && !PG_HOST) {
  throw new Error('AREAVASTA_TEST_BACKEND=postgres needs AREAVASTA_PG_HOST (the cluster socket dir)');
}
const PG_TEMPLATE = 'av_demo_template';

// The conninfo of database `name` on the test cluster, as superuser.
export function pgConninfo(name, user = 'areavasta') {
  return `host=${PG_HOST} user=${user} dbname=${name}`;
}

function psql(conninfo, text) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', conninfo], {
    input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28,
  });
}

// Runs SQL on the cluster's maintenance database (CREATE/DROP DATABASE).
export function pgAdmin(text) {
  return psql(pgConninfo('postgres'), text);
}

// Runs a SQL text on a test database (a file on sqlite, a conninfo on
// postgres) and returns stdout: rows with columns separated by |, NULL as
// the empty string, in both (sqlite3's list mode, psql -At).  Booleans are
// 1/0 on SQLite and t/f on PostgreSQL.  sqlite3 waits up to 10 s for a
// write lock (BUSY_WAIT), as the server does: a background job (the
// signatures' check after an opening, say) may be committing.
const BUSY_WAIT = ['-cmd', '.timeout 10000'];
export function sql(db, text) {
  if (BACKEND === 'postgres' && !isSqliteFile(db)) return psql(db, text);
  return execFileSync('sqlite3', [...BUSY_WAIT, db, text], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

// The rows of one SELECT as objects (sqlite3 -json / json_agg).
export function sqlRows(db, query) {
  if (BACKEND === 'postgres' && !isSqliteFile(db)) {
    const out = psql(db, `SELECT coalesce(json_agg(t), '[]') FROM (${query}) t`);
    return JSON.parse(out.trim() || '[]');
  }
  return JSON.parse(execFileSync('sqlite3', [...BUSY_WAIT, '-json', db, query], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim() || '[]');
}

// The whole database as SQL text (sqlite3 .dump / pg_dump).
export function sqlDump(db) {
  if (BACKEND === 'postgres' && !isSqliteFile(db)) {
    return execFileSync('pg_dump', ['--no-owner', '-d', db], { encoding: 'utf8', maxBuffer: 1 << 28 });
  }
  return execFileSync('sqlite3', [db, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

// A conninfo is not a file: tests that build their own SQLite files keep
// using them on either backend.
function isSqliteFile(db) {
  return !/^postgres(ql)?:\/\//.test(db) && !/(^|\s)\w+=/.test(db);
}

let dbSeq = 0;
function pgNewName() {
  return `av_t_${process.pid}_${++dbSeq}`;
}
function pgNameOf(conninfo) {
  const m = conninfo.match(/dbname=(\w+)/);
  if (!m) throw new Error(`no dbname in ${conninfo}`);
  return m[1];
}

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
  return BACKEND === 'postgres' ? pgDemoTemplate() : sqliteDemoTemplate();
}

function sqliteDemoTemplate() {
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

// PostgreSQL: the database av_demo_template, made once per cluster (made
// under another name and renamed, so a half-made one is never used) by
// `areavasta copy` of the SQLite demo: the whole suite then runs on a
// moved installation, as an operator would move one.
function pgDemoTemplate() {
  const exists = () => pgAdmin(`SELECT 1 FROM pg_database WHERE datname = '${PG_TEMPLATE}'`).trim() === '1';
  if (!exists()) {
    const tmp = `av_demo_tmp_${process.pid}`;
    pgAdmin(`DROP DATABASE IF EXISTS ${tmp}; CREATE DATABASE ${tmp};`);
    const r = cli(['copy', '--from', sqliteDemoTemplate(), '--to', pgConninfo(tmp), '--yes']);
    if (r.status !== 0) {
      pgAdmin(`DROP DATABASE IF EXISTS ${tmp} WITH (FORCE)`);
      throw new Error(`copy of the demo failed: ${r.stderr}`);
    }
    try {
      pgAdmin(`ALTER DATABASE ${tmp} RENAME TO ${PG_TEMPLATE}`);
    } catch (e) {
      pgAdmin(`DROP DATABASE IF EXISTS ${tmp} WITH (FORCE)`);
      if (!exists()) throw e;
    }
  }
  return pgConninfo(PG_TEMPLATE);
}

// A new database on the cluster: empty, a copy of the template, or a copy
// of another test database (which may be in use: CREATE DATABASE ...
// TEMPLATE refuses a source with sessions, so that one goes by pg_dump).
function pgCreate(opts) {
  const name = pgNewName();
  if (opts.empty) {
    pgAdmin(`CREATE DATABASE ${name}`);
  } else if (opts.db && opts.db !== pgConninfo(PG_TEMPLATE)) {
    pgAdmin(`CREATE DATABASE ${name} TEMPLATE template0`);
    const dump = execFileSync('pg_dump', ['--no-owner', '-d', opts.db], { maxBuffer: 1 << 28 });
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', pgConninfo(name)], { input: dump, stdio: ['pipe', 'ignore', 'pipe'] });
  } else {
    demoTemplate();
    createFromTemplate(name);
  }
  return pgConninfo(name);
}

// CREATE DATABASE ... TEMPLATE refuses while any session is connected to
// the template, and a few tests read it directly (copy.test.mjs counts its
// rows, ricerca*.test.mjs and jobs.test.mjs copy it with the CLI) while
// other files create their databases: wait for them (up to a minute)
// instead of failing a test that has nothing to do with it.
function createFromTemplate(name) {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 250) {
    try {
      pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
      return;
    } catch (e) {
      const busy = /being accessed by other users/.test(String(e.stderr || e.message));
      if (!busy || waited >= 60000) throw e;
      Atomics.wait(nap, 0, 0, 250);
    }
  }
}

// The temp dir of each PostgreSQL test database, for reuse.
const pgDirs = new Map();

// A test database not yet served, for a test that writes into it first or
// runs CLI commands on it: a copy of the demo, of opts.db, or an empty one
// (opts.empty), with a new temp dir.  Serve it with startServer({reuse: db})
// (whose stop() removes both) or call drop().
export function newDatabase(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-test-'));
  let db;
  if (BACKEND === 'postgres') {
    db = pgCreate(opts);
    pgDirs.set(db, dir);
  } else {
    db = join(dir, 'test.db');
    if (!opts.empty) copyFileSync(opts.db || demoTemplate(), db);
  }
  return {
    db,
    dir,
    drop() {
      rmSync(dir, { recursive: true, force: true });
      if (BACKEND === 'postgres') {
        pgDirs.delete(db);
        pgAdmin(`DROP DATABASE IF EXISTS ${pgNameOf(db)} WITH (FORCE)`);
      }
    },
  };
}

export const SANITIZER_RE = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// Starts a server.  opts.db: an existing database to serve (copied);
// opts.empty: serve a fresh empty database; default: a copy of the demo.
// opts.reuse: the database file of an earlier server (from its .db), served
// in place (a restart on the same data; its directory is not removed).
// opts.keep: stop() leaves database and directory alone (a second node
// serving them beside the first, which removes them).
// On postgres the database is a new one on the cluster (a copy of the
// template, of the test database opts.db, or empty), the uploads go to
// --data-dir in the temp dir, and stop() drops the database; a SQLite file
// given as opts.db or opts.reuse is served as on sqlite.
// The stderr of each running server by its URL, so that a helper that has
// only the URL (login, in auth.mjs) can say what the server logged when a
// request failed unexpectedly.
const serverLogs = new Map();
export function serverLogTail(url, n = 3000) {
  const f = serverLogs.get(url);
  return f ? f().slice(-n) : '';
}

export async function startServer(opts = {}) {
  const pg = BACKEND === 'postgres' && !(opts.db && isSqliteFile(opts.db)) && !(opts.reuse && isSqliteFile(opts.reuse));
  let dir;
  let db;
  if (pg) {
    dir = opts.reuse ? pgDirs.get(opts.reuse) : mkdtempSync(join(tmpdir(), 'areavasta-test-'));
    if (!dir) throw new Error(`reuse: unknown database ${opts.reuse}`);
    db = opts.reuse || pgCreate(opts);
    pgDirs.set(db, dir);
  } else {
    dir = opts.reuse ? dirname(opts.reuse) : mkdtempSync(join(tmpdir(), 'areavasta-test-'));
    db = opts.reuse || join(dir, 'test.db');
    // Another server's database may be live, with commits still in its
    // -wal file: SQLite's own backup copies it consistently.
    if (!opts.empty && !opts.reuse && opts.db) execFileSync('sqlite3', [opts.db, `.backup '${db}'`]);
    else if (!opts.empty && !opts.reuse) copyFileSync(demoTemplate(), db);
  }
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--strict'];
  if (pg) args.push('--data-dir', dir);
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
  serverLogs.set(url, () => stderr);
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
    // What CLI commands that sign or verify checkpoints need to find the
    // server's audit key: beside the file on SQLite (nothing to add), in
    // --data-dir on PostgreSQL (a database has no folder to sit beside).
    keyArgs: pg ? ['--audit-key', join(dir, 'audit-key')] : [],
    // SIGKILL, as a crash would: the data directory is kept for a restart
    // (startServer({reuse: srv.db})), whose stop() removes it.
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      const { code, signal } = await exited;
      if (opts.keep) {
        // Another server serves the same data (a second node): its stop()
        // removes them.
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
      if (pg && !opts.keep) {
        pgDirs.delete(db);
        pgAdmin(`DROP DATABASE IF EXISTS ${pgNameOf(db)} WITH (FORCE)`);
      }
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
