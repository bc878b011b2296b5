// pg-schema.test.mjs - the PostgreSQL migrations build the schema the
// SQLite ones build (issue 9): a throw-away cluster (scripts/pg-test-cluster.sh)
// gets src/db/migrations/postgres/*.sql in order through psql, a temporary
// SQLite file gets src/db/migrations/sqlite/*.sql through the sqlite3 CLI,
// and the two catalogues are compared: tables and views, columns in order
// with their type and NOT NULL-ness, primary keys, index names with their
// columns (SQLite's autoindexes and PostgreSQL's primary key and UNIQUE
// constraint indexes aside), and the seed rows of regione and istanza.
// Then the audit log's guard rail on PostgreSQL: a row that does not
// continue the chain is refused with SQLSTATE 23000 and the Italian message
// of the SQLite trigger, and so are UPDATE, DELETE and TRUNCATE.
//
// The PostgreSQL binaries are required: without them the test fails (CI
// installs Debian's postgresql package).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/server.mjs';

const PGBIN = process.env.PGBIN || '/usr/lib/postgresql/15/bin';
const CLUSTER = join(ROOT, 'scripts', 'pg-test-cluster.sh');
const MIGRATIONS = join(ROOT, 'src', 'db', 'migrations');
const ZEROS = '0'.repeat(64);
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

const tmp = mkdtempSync(join(tmpdir(), 'areavasta-pgschema-'));
const pgdir = join(tmp, 'pg');
const sqliteDb = join(tmp, 'schema.db');
let started = false;

// libpq variables of the caller must not redirect the tests.
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('PG') && k !== 'PGBIN') delete env[k];

const migrations = (dialect) => readdirSync(join(MIGRATIONS, dialect))
  .filter((f) => f.endsWith('.sql')).sort();

// psql on the test database; returns {status, stdout, stderr}.
function psql(args, input) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose',
    '-h', pgdir, '-U', 'areavasta', '-d', 'schema', ...args],
  { env, input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Rows of a query as objects, through json_agg.
function pgRows(q) {
  const r = psql(['-At', '-c', `SELECT coalesce(json_agg(t), '[]') FROM (${q}) t`]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function sqliteRows(q) {
  const out = execFileSync('sqlite3', ['-json', sqliteDb, q], { encoding: 'utf8' }).trim();
  return out === '' ? [] : JSON.parse(out);
}

// The full-text search of the lists is each engine's own (docs/internals/
// lists.md): SQLite's FTS5 tables (and their shadow tables) on one side,
// PostgreSQL's tsvector column and GIN indexes on the other.  Everything
// else must be the same.
const SQLITE_ONLY_TABLE = /^(comune_(parole|trigrammi)|sua_portale_parole)(_|$)/;
const PG_ONLY_COLUMN = new Set(['comune_ricerca.parole', 'sua_portale.parole']);
const PG_ONLY_INDEX = new Set(['comune_ricerca_parole', 'comune_ricerca_trigrammi', 'sua_portale_parole',
  'comune_vocabolo_trgm']);
const notFts = (r) => !SQLITE_ONLY_TABLE.test(r.tbl ?? r.name);

const byKey = (...keys) => (a, b) => {
  for (const k of keys) {
    if (a[k] < b[k]) return -1;
    if (a[k] > b[k]) return 1;
  }
  return 0;
};

before(() => {
  assert.ok(existsSync(join(PGBIN, 'initdb')) && existsSync(join(PGBIN, 'pg_ctl')),
    `PostgreSQL server binaries not found in ${PGBIN}: apt-get install postgresql (or set PGBIN)`);
  started = true;
  const info = execFileSync(CLUSTER, ['start', pgdir], { env, encoding: 'utf8' });
  assert.match(info, /^host=\S+ user=areavasta dbname=postgres\n$/);
  execFileSync(CLUSTER, ['createdb', pgdir, 'schema'], { env });
  for (const f of migrations('postgres')) {
    const r = psql(['-1', '-f', join(MIGRATIONS, 'postgres', f)]);
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
  }
  for (const f of migrations('sqlite')) {
    execFileSync('sqlite3', ['-bail', sqliteDb],
      { input: readFileSync(join(MIGRATIONS, 'sqlite', f)), stdio: ['pipe', 'ignore', 'pipe'] });
  }
});

after(() => {
  try {
    if (started) execFileSync(CLUSTER, ['stop', pgdir], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('both dialects have the same migration files', () => {
  assert.deepEqual(migrations('postgres'), migrations('sqlite'));
});

test('same tables and views', () => {
  const pg = pgRows(`SELECT table_name AS name,
      CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS type
    FROM information_schema.tables WHERE table_schema = 'public'`).sort(byKey('name'));
  const lite = sqliteRows(`SELECT name, type FROM sqlite_schema
    WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).filter(notFts).sort(byKey('name'));
  assert.ok(lite.length >= 19, `only ${lite.length} tables and views on SQLite`);
  assert.deepEqual(pg, lite);
});

// SQLite declared type -> PostgreSQL type (issue 9: INTEGER is BIGINT).
const TYPE = { INTEGER: 'bigint', TEXT: 'text', BLOB: 'bytea', REAL: 'double precision', '': 'text' };

test('same columns in the same order, types and NOT NULL', () => {
  const pg = pgRows(`SELECT c.table_name AS tbl, c.ordinal_position AS pos,
      c.column_name AS name, c.data_type AS type,
      (c.is_nullable = 'NO') AS nn, t.table_type = 'VIEW' AS is_view
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public'`).filter((c) => !PG_ONLY_COLUMN.has(`${c.tbl}.${c.name}`))
    .sort(byKey('tbl', 'pos'));
  // Positions counted without the PostgreSQL-only columns: a column added
  // after one (comune_ricerca's page columns, 0059, after parole) is in
  // the same place among the shared ones.
  for (let i = 0, n = 0; i < pg.length; i++) {
    n = i > 0 && pg[i - 1].tbl === pg[i].tbl ? n + 1 : 1;
    pg[i].pos = n;
  }
  // A STRICT table's PRIMARY KEY columns are NOT NULL (SQLite docs,
  // "STRICT Tables"), though table_info says notnull = 0 for them.
  const lite = sqliteRows(`SELECT m.name AS tbl, c.cid + 1 AS pos, c.name,
      upper(c.type) AS type, (c."notnull" OR c.pk > 0) AS nn,
      m.type = 'view' AS is_view
    FROM sqlite_schema m, pragma_table_info(m.name) c
    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)
    .filter(notFts).sort(byKey('tbl', 'pos'));
  assert.deepEqual(
    pg.map((c) => `${c.tbl}.${c.pos} ${c.name}${c.nn ? ' NOT NULL' : ''}`),
    lite.map((c) => `${c.tbl}.${c.pos} ${c.name}${c.nn ? ' NOT NULL' : ''}`));
  // Types of table columns (a view's expression has none on SQLite).
  for (let i = 0; i < pg.length; i++) {
    if (lite[i].is_view) continue;
    assert.ok(lite[i].type in TYPE, `${lite[i].tbl}.${lite[i].name}: SQLite type ${lite[i].type}`);
    assert.equal(pg[i].type, TYPE[lite[i].type],
      `${pg[i].tbl}.${pg[i].name}: ${pg[i].type} on PostgreSQL, ${lite[i].type} on SQLite`);
  }
});

test('a NULL primary key is refused on both, as STRICT promises', () => {
  const r = psql(['-c', "INSERT INTO impostazione (chiave, valore, updated) VALUES (NULL, 'x', 0)"]);
  assert.notEqual(r.status, 0);
  const s = spawnSync('sqlite3', [sqliteDb,
    "INSERT INTO impostazione (chiave, valore, updated) VALUES (NULL, 'x', 0)"], { encoding: 'utf8' });
  assert.match(s.stderr, /NOT NULL constraint failed: impostazione\.chiave/);
});

test('same primary keys', () => {
  const pg = pgRows(`SELECT c.relname AS tbl, a.attname AS col, k.ord AS ord
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary AND n.nspname = 'public'`).sort(byKey('tbl', 'ord'));
  const lite = sqliteRows(`SELECT m.name AS tbl, c.name AS col, c.pk AS ord
    FROM sqlite_schema m, pragma_table_info(m.name) c
    WHERE m.type = 'table' AND c.pk > 0 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)
    .filter(notFts).sort(byKey('tbl', 'ord'));
  assert.ok(lite.length >= 15);
  assert.deepEqual(pg, lite);
});

test('same indexes: names, tables, columns, uniqueness, partial', () => {
  const pg = pgRows(`SELECT ic.relname AS name, t.relname AS tbl, x.indisunique AS uniq,
      x.indpred IS NOT NULL AS partial,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
         FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
    FROM pg_index x
    JOIN pg_class ic ON ic.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k
      WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))`)
    .filter((r) => !PG_ONLY_INDEX.has(r.name)).sort(byKey('name'));
  const lite = sqliteRows(`SELECT m.name, m.tbl_name AS tbl, l."unique" AS uniq,
      l.partial AS partial,
      (SELECT group_concat(name, ',') FROM
         (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)) AS cols
    FROM sqlite_schema m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
    WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\'`)
    .map((r) => ({ ...r, uniq: r.uniq === 1, partial: r.partial === 1 }))
    .filter(notFts).sort(byKey('name'));
  assert.ok(lite.length >= 14, `only ${lite.length} indexes on SQLite`);
  assert.deepEqual(pg, lite);
});

test('same seed rows of regione and istanza', () => {
  const q = {
    regione: 'SELECT codice, nome, ripartizione, statuto, fonte_statuto FROM regione ORDER BY codice',
    istanza: 'SELECT id, provincia, updated FROM istanza ORDER BY id',
  };
  for (const [t, sql] of Object.entries(q)) {
    const lite = sqliteRows(sql);
    assert.ok(lite.length > 0, `${t} has no seed rows on SQLite`);
    assert.deepEqual(pgRows(sql), lite, t);
  }
  assert.equal(pgRows('SELECT * FROM regione').length, 20);
  assert.deepEqual(pgRows("SELECT nome FROM regione WHERE codice = '04'"),
    [{ nome: 'Trentino-Alto Adige/Südtirol' }]);
});

// One audit_log row: seq, prev_hash, hash.
const entry = (seq, prev, hash) => `INSERT INTO audit_log
  (seq, time, actor, ente, action, object_type, object_id, details, prev_hash, hash)
  VALUES (${seq}, '2026-11-30T08:15:02.123456Z', 'test', NULL, 'test.azione',
  NULL, NULL, '{}', '${prev}', '${hash}')`;

// The error of a statement refused by a trigger: SQLSTATE and message.
function refused(sql) {
  const r = psql(['-c', sql]);
  assert.notEqual(r.status, 0, `accepted: ${sql}`);
  const m = r.stderr.match(/ERROR:\s+([0-9A-Z]{5}): (.*)/);
  assert.ok(m, r.stderr);
  return { code: m[1], message: m[2] };
}

function sqliteError(sql) {
  const r = spawnSync('sqlite3', [sqliteDb, sql], { encoding: 'utf8' });
  assert.notEqual(r.status, 0, `accepted by SQLite: ${sql}`);
  return r.stderr;
}

test('audit_log on PostgreSQL: the chain is enforced with SQLSTATE 23000 and the SQLite message', () => {
  const chain = 'audit_log: la voce non continua la catena';
  // Empty log: seq must be 1 and prev_hash 64 zeros.
  assert.deepEqual(refused(entry(2, ZEROS, H1)), { code: '23000', message: chain });
  assert.deepEqual(refused(entry(1, H2, H1)), { code: '23000', message: chain });
  let r = psql(['-c', entry(1, ZEROS, H1)]);
  assert.equal(r.status, 0, r.stderr);
  // Next: seq 2 with the hash of seq 1, nothing else.
  assert.deepEqual(refused(entry(3, H1, H2)), { code: '23000', message: chain });
  assert.deepEqual(refused(entry(1, H1, H2)), { code: '23000', message: chain });
  assert.deepEqual(refused(entry(2, ZEROS, H2)), { code: '23000', message: chain });
  r = psql(['-c', entry(2, H1, H2)]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(pgRows('SELECT seq FROM audit_log ORDER BY seq'), [{ seq: 1 }, { seq: 2 }]);

  // The SQLite trigger says the same words; the row left there lets the
  // next test try a DELETE that matches a row.
  assert.match(sqliteError(entry(2, ZEROS, H1)), new RegExp(chain));
  execFileSync('sqlite3', [sqliteDb, entry(1, ZEROS, H1)]);
});

test('audit_log and audit_checkpoint on PostgreSQL: no UPDATE, DELETE or TRUNCATE', () => {
  const ROWS = pgRows('SELECT count(*) AS n FROM audit_log')[0].n;
  assert.ok(ROWS >= 1, 'the chain test left no rows');
  const upd = 'audit_log: registro in sola aggiunta, modifica vietata';
  const del = 'audit_log: registro in sola aggiunta, cancellazione vietata';
  assert.deepEqual(refused("UPDATE audit_log SET actor = 'intruso' WHERE seq = 1"), { code: '23000', message: upd });
  assert.deepEqual(refused('DELETE FROM audit_log WHERE seq = 1'), { code: '23000', message: del });
  assert.deepEqual(refused('TRUNCATE audit_log'), { code: '23000', message: del });
  assert.equal(pgRows('SELECT count(*) AS n FROM audit_log')[0].n, ROWS);

  const cp = `INSERT INTO audit_checkpoint (seq, hash, time, signature, public_key)
    VALUES (1, '${H1}', '2026-11-30T08:15:02.123456Z', '${'c'.repeat(128)}', '${'d'.repeat(64)}')`;
  const r = psql(['-c', cp]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(refused('UPDATE audit_checkpoint SET seq = 0'),
    { code: '23000', message: 'audit_checkpoint: checkpoint pubblicati in sola aggiunta, modifica vietata' });
  assert.deepEqual(refused('DELETE FROM audit_checkpoint'),
    { code: '23000', message: 'audit_checkpoint: checkpoint pubblicati in sola aggiunta, cancellazione vietata' });
  assert.deepEqual(refused('TRUNCATE audit_checkpoint'),
    { code: '23000', message: 'audit_checkpoint: checkpoint pubblicati in sola aggiunta, cancellazione vietata' });

  // Same words on SQLite.
  assert.match(sqliteError('DELETE FROM audit_log'), new RegExp(del));
});

test('identity ids: assigned when omitted, explicit ones accepted (areavasta copy)', () => {
  let r = psql(['-c', `INSERT INTO app_user (id, email, name, password_hash, created, updated)
    VALUES (41, 'a@example.it', 'A', 'x', 0, 0)`]);
  assert.equal(r.status, 0, r.stderr);
  r = psql(['-At', '-c', `INSERT INTO app_user (email, name, password_hash, created, updated)
    VALUES ('b@example.it', 'B', 'x', 0, 0) RETURNING id`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\n/);
});

test('document.nome: at most 255 bytes, not characters, on both', () => {
  psql(['-c', `INSERT INTO blob (sha256, size, mime, created) VALUES ('${H1}', 1, 'text/plain', 0)`]);
  execFileSync('sqlite3', [sqliteDb, `INSERT INTO blob (sha256, size, mime, created) VALUES ('${H1}', 1, 'text/plain', 0);
    INSERT INTO app_user (id, email, name, password_hash, created, updated) VALUES (41, 'a@example.it', 'A', 'x', 0, 0)`]);
  const doc = (nome) => `INSERT INTO document (sha256, nome, mime, size, uploaded_by, created)
    VALUES ('${H1}', '${nome}', 'text/plain', 1, 41, 0)`;
  // 128 'è' are 128 characters and 256 bytes.
  const long = 'è'.repeat(128);
  const ok = 'è'.repeat(127);
  assert.equal(refused(doc(long)).code, '23514');
  assert.match(sqliteError(doc(long)), /CHECK constraint failed/);
  const r = psql(['-c', doc(ok)]);
  assert.equal(r.status, 0, r.stderr);
  execFileSync('sqlite3', [sqliteDb, doc(ok)]);
});
