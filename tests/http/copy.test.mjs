// copy.test.mjs - `areavasta copy` (issue 9, item 5): the demo database
// copied SQLite -> SQLite and SQLite -> PostgreSQL holds the same rows in
// every table, passes `areavasta audit verify`, and a server started on the
// copy answers /api/v1/comuni as one on the source does.  A destination that
// already holds data is refused (exit 1) and left as it was; a source with
// pending migrations is refused.  The PostgreSQL half runs on a throw-away
// cluster (scripts/pg-test-cluster.sh) started here and always stopped in
// after(); PostgreSQL 15's binaries are required.  The source is always a
// SQLite demo file: on the suite's postgres run it is made from the
// PostgreSQL template by `copy` itself (PostgreSQL -> SQLite).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKEND, ROOT, SANITIZER_RE, api, binary, cli, demoTemplate, startServer,
} from '../lib/server.mjs';

const CLUSTER = join(ROOT, 'scripts', 'pg-test-cluster.sh');
const tmp = mkdtempSync(join(tmpdir(), 'areavasta-copy-'));
const pgdir = join(tmp, 'pg');
let pgStarted = false;

// libpq variables of the caller must not redirect the tests.
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('PG') && k !== 'PGBIN') delete env[k];

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

// The demo as a SQLite file: the suite's template on the sqlite run; on
// the postgres run (where the template is a PostgreSQL database) the
// template copied PostgreSQL -> SQLite by the command under test, once.
let demoFile = null;
function sqliteDemo() {
  if (demoFile) return demoFile;
  if (BACKEND !== 'postgres') {
    demoFile = demoTemplate();
  } else {
    const f = join(tmp, 'demo-from-pg.db');
    const r = cli(['copy', '--from', demoTemplate(), '--to', f, '--yes']);
    assert.equal(r.status, 0, `copy PostgreSQL -> SQLite: ${r.stderr}`);
    demoFile = f;
  }
  return demoFile;
}

// A private copy of the demo database (the template is shared by the suite).
function demoCopy(name) {
  const db = join(tmp, name);
  copyFileSync(sqliteDemo(), db);
  return db;
}

// The tables of a SQLite database, as `copy` must move them.
// The tables a copy copies: not the derived ones it rebuilds (the Comuni
// list's positions and search indexes, the open calls' version, the
// tabular store's summaries; copy_derived in src/cli/copy_sql.c).
const DERIVED = /^(comune_ordine|comune_ricerca|comune_parole|comune_trigrammi|sua_portale|comune_vocabolo|eu_generazione|dati_tabella_riassunto)(_|$)/;
function tables(db) {
  return sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
    + " AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY name")
    .split('\n').filter((t) => !DERIVED.test(t));
}

// Every row of a table, in a fixed order, as text.
const rowsOf = (db, t) => sql(db, `SELECT * FROM ${t} ORDER BY 1, 2`);

function psql(db, q) {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', pgdir, '-U', 'areavasta', '-d', db, '-c', q], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function copy(from, to) {
  return cli(['copy', '--from', from, '--to', to, '--yes'], { env });
}

// The report: one line per table with its rows, a summary, the reminder.
function assertReport(r, src) {
  assert.equal(r.status, 0, r.stderr);
  for (const t of tables(src)) {
    const n = sql(src, `SELECT COUNT(*) FROM ${t}`);
    assert.match(r.stdout, new RegExp(`^${t} +${n} righe$`, 'm'), `${t}: ${r.stdout}`);
  }
  assert.match(r.stdout, /^copia completata: 90 tabelle, \d+ righe da .* verificate$/m);
  assert.match(r.stdout, /--data-dir/);
}

// `serve` on any target (startServer copies SQLite files only).
async function serveOn(target) {
  const proc = spawn(binary(), ['serve', '--db', target, '--listen', '127.0.0.1:0', '--strict',
    '--no-web', '--audit-key', join(tmp, 'serve.audit-key'), '--data-dir', join(tmp, 'data')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
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
    async stop() {
      proc.kill('SIGTERM');
      const { code, signal } = await exited;
      if (SANITIZER_RE.test(stderr)) throw new Error(`sanitizer report:\n${stderr}`);
      if (code !== 0) throw new Error(`server exit ${code} ${signal}:\n${stderr.slice(-4000)}`);
    },
  };
}

// The same answers from a server on the source and one on the copy.
async function assertServesLikeSource(srcUrl, dstUrl) {
  for (const path of ['/api/v1/comuni', '/api/v1/comuni?q=vicenza', '/api/v1/province']) {
    const a = await api(srcUrl, path);
    const b = await api(dstUrl, path);
    assert.equal(a.status, 200, `${path}: ${JSON.stringify(a.body)}`);
    assert.equal(b.status, a.status, path);
    assert.deepEqual(b.body, a.body, path);
  }
}

before(() => {
  const r = spawnSync(CLUSTER, ['start', pgdir], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, `pg-test-cluster start: ${r.stderr}`);
  pgStarted = true;
});

after(() => {
  if (pgStarted) spawnSync(CLUSTER, ['stop', pgdir], { env, stdio: 'inherit' });
  rmSync(tmp, { recursive: true, force: true });
});

test('copy SQLite -> SQLite: every table and row, audit chain verified, served like the source', async () => {
  const src = demoCopy('src.db');
  const dst = join(tmp, 'dst.db');
  const srcSha = sha(src);
  const r = copy(src, dst);
  assertReport(r, src);
  assert.equal(sha(src), srcSha, 'the source was written');
  assert.deepEqual(tables(dst), tables(src));
  for (const t of tables(src)) assert.equal(rowsOf(dst, t), rowsOf(src, t), t);
  // The derived tables are rebuilt, not copied: the same content.
  for (const t of ['comune_ordine', 'comune_ricerca']) {
    const digest = (db) => sql(db, `SELECT COUNT(*), SUM(pos), SUM(length(codice_istat || provincia)) FROM ${t}`);
    assert.equal(digest(dst), digest(src), t);
  }
  // ... and the vocabulary (0028) with them.
  const vocab = (db) => sql(db, 'SELECT COUNT(*), SUM(documenti), SUM(length(parola)) FROM comune_vocabolo');
  assert.equal(vocab(dst), vocab(src), 'comune_vocabolo');
  assert.notEqual(vocab(dst).split('|')[0], '0', 'comune_vocabolo empty');
  assert.equal(sql(dst, "SELECT group_concat(rowid) FROM comune_parole WHERE comune_parole MATCH '\"vicen\"*'"),
    sql(src, "SELECT group_concat(pos) FROM comune_ricerca WHERE testo LIKE 'vicen%' OR testo LIKE '% vicen%'"));

  const entries = sql(src, 'SELECT COUNT(*) FROM audit_log');
  const v = cli(['audit', 'verify', '--db', dst]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`^OK ${entries} voci`));

  let a;
  let b;
  try {
    a = await startServer({ db: src, web: false });
    b = await startServer({ db: dst, web: false });
    await assertServesLikeSource(a.url, b.url);
  } finally {
    await a?.stop();
    await b?.stop();
  }
});

test('the rows migrations seed are replaced by the source\'s', () => {
  const src = demoCopy('seeded-src.db');
  const dst = join(tmp, 'seeded-dst.db');
  assert.equal(cli(['init', '--db', dst]).status, 0);
  sql(src, "UPDATE regione SET nome = 'Veneto (copia)' WHERE codice = '05'");
  const r = copy(src, dst);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(dst, "SELECT nome FROM regione WHERE codice = '05'"), 'Veneto (copia)');
  assert.equal(rowsOf(dst, 'istanza'), rowsOf(src, 'istanza'));
  assert.notEqual(sql(dst, 'SELECT provincia FROM istanza'), '');
});

test('a destination that holds data is refused and left unchanged', () => {
  const src = demoCopy('src2.db');
  const dst = demoCopy('busy.db');
  const dstSha = sha(dst);
  const r = copy(src, dst);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /non è vuota; la copia non sovrascrive mai dati/);
  assert.match(r.stderr, /^ {2}app_user \d+ righe$/m);
  assert.match(r.stderr, /^ {2}audit_log \d+ righe$/m);
  assert.match(r.stderr, /^ {2}comune \d+ righe$/m);
  assert.equal(r.stdout, '');
  assert.equal(sha(dst), dstSha, 'the destination changed');
});

test('a destination behind on migrations is refused before it is migrated', () => {
  const src = demoCopy('src3.db');
  const dst = demoCopy('busy-old.db');
  sql(dst, 'DROP VIEW registry_comune_provincia; DROP VIEW registry_ente_provincia;'
    + ' DELETE FROM schema_version WHERE version = 13; PRAGMA wal_checkpoint(TRUNCATE);');
  const dstSha = sha(dst);
  const r = copy(src, dst);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /non è aggiornato \(1 modifiche da applicare\)/);
  assert.equal(sha(dst), dstSha, 'the destination changed');
});

test('a copy that fails half-way leaves the destination as it was (one transaction)', () => {
  const src = demoCopy('src4.db');
  const dst = join(tmp, 'half.db');
  assert.equal(cli(['init', '--db', dst]).status, 0);
  // A row in the middle of comune cannot be written.
  sql(dst, "CREATE TRIGGER copy_boom BEFORE INSERT ON comune WHEN NEW.codice_istat = '024116'"
    + " BEGIN SELECT RAISE(ABORT, 'boom'); END;");
  const r = copy(src, dst);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /copia della tabella 'comune'/);
  assert.match(r.stderr, /copia annullata: nessun dato scritto/);
  assert.equal(sql(dst, 'SELECT COUNT(*) FROM provincia'), '0');
  assert.equal(sql(dst, 'SELECT COUNT(*) FROM comune'), '0');
  assert.equal(sql(dst, 'SELECT COUNT(*) FROM regione'), '20', 'the seeded rows were not restored');
  assert.equal(sql(dst, 'SELECT provincia IS NULL FROM istanza'), '1');
});

test('a source with pending migrations is refused; nothing is created', () => {
  const src = demoCopy('old.db');
  sql(src, 'DROP VIEW registry_comune_provincia; DROP VIEW registry_ente_provincia;'
    + ' DELETE FROM schema_version WHERE version = 13; PRAGMA wal_checkpoint(TRUNCATE);');
  const dst = join(tmp, 'never.db');
  const r = copy(src, dst);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /non è aggiornato \(1 modifiche da applicare\); eseguire 'areavasta migrate --db /);
  assert.equal(existsSync(dst), false);
});

test('copy SQLite -> PostgreSQL: same rows, audit verify on the target, served like the source', async (t) => {
  const src = demoCopy('src-pg.db');
  spawnSync(CLUSTER, ['createdb', pgdir, 'copia'], { env });
  const target = `host=${pgdir} user=areavasta dbname=copia`;
  const t0 = Date.now();
  const r = copy(src, target);
  assertReport(r, src);
  const ms = Date.now() - t0;
  for (const tb of tables(src)) {
    assert.equal(psql('copia', `SELECT COUNT(*) FROM ${tb}`), sql(src, `SELECT COUNT(*) FROM ${tb}`), tb);
  }
  assert.equal(psql('copia', "SELECT nome FROM comune WHERE codice_istat = '024116'"),
    sql(src, "SELECT nome FROM comune WHERE codice_istat = '024116'"));

  const v = cli(['audit', 'verify', '--db', target], { env });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`^OK ${sql(src, 'SELECT COUNT(*) FROM audit_log')} voci`));

  // A second copy into it is refused: the target holds data now.
  const again = copy(src, target);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /non è vuota/);

  let a;
  let b;
  try {
    a = await startServer({ db: src, web: false });
    b = await serveOn(target);
    await assertServesLikeSource(a.url, b.url);
    // New rows get fresh ids: the identity sequences moved past the copy.
    const users = psql('copia', 'SELECT MAX(id) FROM app_user');
    assert.equal(psql('copia', "SELECT nextval(pg_get_serial_sequence('app_user', 'id')) > " + users), 't');
  } finally {
    await a?.stop();
    await b?.stop();
  }
  t.diagnostic(`copy of the demo database to PostgreSQL: ${ms} ms`);
});

test('a password in the target never appears in the output', () => {
  const src = demoCopy('src-pw.db');
  spawnSync(CLUSTER, ['createdb', pgdir, 'copia_pw'], { env });
  const target = `postgresql://av_pw:av-secret-pw@/copia_pw?host=${encodeURIComponent(pgdir)}`;
  const r = copy(src, target);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /av-secret-pw/);
  assert.match(r.stdout, /av_pw:\*\*\*@/);
  const again = copy(src, target);
  assert.equal(again.status, 1);
  assert.doesNotMatch(again.stdout + again.stderr, /av-secret-pw/);
});

test('copy PostgreSQL -> SQLite (postgres run): the suite\'s template, every row', { skip: BACKEND !== 'postgres' && 'the postgres run copies its template' }, () => {
  const f = sqliteDemo();
  const pg = demoTemplate();
  for (const tb of tables(f)) {
    const r = spawnSync('psql', ['-X', '-At', '-d', pg, '-c', `SELECT COUNT(*) FROM ${tb}`], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), sql(f, `SELECT COUNT(*) FROM ${tb}`), tb);
  }
  const v = cli(['audit', 'verify', '--db', f]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});
