// migrate.test.mjs - schema changes are explicit (issue #8 item 12):
// `areavasta migrate` applies what is pending and says what it applied,
// `--status` lists applied and pending migrations without writing, the
// read-only commands never write (the database file keeps its bytes and
// its mtime) and refuse a schema that is behind, telling to run migrate.
// Also the account use cases from the console (user grant, revoke,
// deactivate, activate) and the audit record they share with the API.
// On PostgreSQL the databases are made on the test cluster and "writes
// nothing" compares pg_dump before and after instead of the file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, sql as sqlOn, sqlDump, newDatabase, BACKEND, ROOT } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'areavasta-migrate-'));
const sql = (db, q) => sqlOn(db, q).trim();
const PG = BACKEND === 'postgres';
// The highest migration compiled in (its number), whatever came after 0013.
const LATEST = Math.max(...readdirSync(join(ROOT, 'src', 'db', 'migrations', 'sqlite'))
  .map((f) => Number(f.slice(0, 4))).filter(Number.isFinite));
// pg_dump's \restrict line carries a random key: not part of the data.
const dumpSha = (db) => createHash('sha256').update(sqlDump(db).replace(/^\\(un)?restrict .*$/gm, '')).digest('hex');
const fingerprint = (db) => (PG ? { dump: dumpSha(db) } : {
  sha: createHash('sha256').update(readFileSync(db)).digest('hex'),
  mtime: statSync(db).mtimeMs,
  size: statSync(db).size,
});

const made = [];
after(() => { for (const d of made) d.drop(); });

function freshDb(name) {
  if (PG) {
    const d = newDatabase({ empty: true });
    made.push(d);
    const r = cli(['init', '--db', d.db, '--audit-key', join(d.dir, 'audit-key')]);
    assert.equal(r.status, 0, r.stderr);
    return d.db;
  }
  const db = join(dir, name);
  const r = cli(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

// The last migration undone, as on a database made by the previous release.
function behind(db) {
  sql(db, 'DROP VIEW registry_comune_provincia; DROP VIEW registry_ente_provincia;'
    + ` DELETE FROM schema_version WHERE version = 13;${PG ? '' : ' PRAGMA wal_checkpoint(TRUNCATE);'}`);
}

const READ_ONLY = (db) => [
  ['valida', 'istat', '--db', db, '001001'],
  ['user', 'list', '--db', db],
];

test('migrate applies what is pending and lists it; --status reads only', () => {
  const db = freshDb('old.db');
  behind(db);
  const before = fingerprint(db);
  let r = cli(['migrate', '--db', db, '--status']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^applicata {4}0001_registry$/m);
  assert.match(r.stdout, /^da applicare 0013_registry_views$/m);
  assert.match(r.stdout, /^1 da applicare$/m);
  assert.deepEqual(fingerprint(db), before, '--status wrote to the database');

  r = cli(['migrate', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'applicata 0013_registry_views\n1 modifiche di schema applicate\n');
  assert.equal(sql(db, 'SELECT MAX(version) FROM schema_version'), String(LATEST));
  // (later migrations stay applied: only 0013 was taken away)
  assert.equal(sql(db, 'SELECT COUNT(*) FROM schema_version WHERE version = 13'), '1');
  assert.equal(sql(db, PG ? "SELECT COUNT(*) FROM information_schema.views WHERE table_schema = 'public' AND table_name LIKE 'registry_%'"
    : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name LIKE 'registry_%'"), '2');

  r = cli(['migrate', '--db', db]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'schema già aggiornato\n');
  r = cli(['migrate', '--db', db, '--status']);
  assert.match(r.stdout, /^0 da applicare$/m);
  assert.doesNotMatch(r.stdout, /da applicare \d/);

  r = cli(['migrate', '--db', join(dir, 'missing.db')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /areavasta init --db/);
});

test('a command refuses a schema that is behind, says to migrate and writes nothing', () => {
  const db = freshDb('behind.db');
  behind(db);
  const before = fingerprint(db);
  const version = sql(db, 'SELECT MAX(version) FROM schema_version');
  for (const args of [...READ_ONLY(db),
    ['user', 'add', '--db', db, '--email', 'x@example.org', '--name', 'X', '--role', 'upi', '--ente', 'upi']]) {
    const r = cli(args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, new RegExp(`eseguire 'areavasta migrate --db ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`), args.join(' '));
  }
  assert.deepEqual(fingerprint(db), before);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM app_user'), '0');
  assert.equal(sql(db, 'SELECT MAX(version) FROM schema_version'), version);
  assert.notEqual(version, '13');
});

test('read-only commands leave the database file as it was', () => {
  const db = freshDb('ro.db');
  const added = cli(['user', 'add', '--db', db, '--email', 'ro@example.org', '--name', 'R', '--role', 'upi', '--ente', 'upi']);
  assert.equal(added.status, 0, added.stderr);
  if (!PG) sql(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  const before = fingerprint(db);
  let r = cli(['valida', 'istat', '--db', db, '001001']);
  assert.equal(JSON.parse(r.stdout.split('\n')[0]).valido, false, r.stderr);
  r = cli(['user', 'list', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim()).email, 'ro@example.org');
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^OK 1 voci/);
  assert.deepEqual(fingerprint(db), before);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM audit_log'), '1');
});

test('console account use cases: grant, revoke, deactivate, activate, one audit shape', () => {
  const db = freshDb('users.db');
  const op = 'operatore:01234567897';
  let r = cli(['user', 'add', '--db', db, '--email', 'op@example.org', '--name', 'Op', '--role', 'upi', '--ente', 'upi']);
  assert.equal(r.status, 0, r.stderr);
  const id = r.stdout.match(/utente (\d+) creato/)[1];
  r = cli(['user', 'grant', '--db', db, '--email', 'op@example.org', '--role', 'operator', '--ente', op]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(db, `SELECT role || '@' || ente FROM role_grant WHERE user_id = ${id} ORDER BY role`), `operator@${op}\nupi@upi`);
  r = cli(['user', 'grant', '--db', db, '--email', 'op@example.org', '--role', 'operator', '--ente', 'operatore:12345678901']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Partita IVA/);
  r = cli(['user', 'revoke', '--db', db, '--email', 'op@example.org', '--role', 'operator', '--ente', op]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'revoke', '--db', db, '--email', 'op@example.org', '--role', 'operator', '--ente', op]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /non ha questo ruolo/);
  r = cli(['user', 'deactivate', '--db', db, '--email', 'op@example.org']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /disattivato; sessioni chiuse e 0 token API revocati/);
  assert.equal(sql(db, `SELECT active FROM app_user WHERE id = ${id}`), '0');
  r = cli(['user', 'activate', '--db', db, '--email', 'op@example.org']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(db, `SELECT active FROM app_user WHERE id = ${id}`), '1');
  r = cli(['user', 'deactivate', '--db', db, '--email', 'nobody@example.org']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nessun utente/);

  const rows = sql(db, `SELECT action || ' ' || actor || ' ' || details FROM audit_log WHERE object_id = '${id}' ORDER BY seq`).split('\n');
  assert.deepEqual(rows.map((l) => l.split(' ').slice(0, 2).join(' ')),
    ['user.create system', 'user.grant system', 'user.revoke system', 'user.update system', 'user.update system']);
  const details = rows.map((l) => JSON.parse(l.slice(l.indexOf('{'))));
  assert.deepEqual(details[0], { codice_fiscale: null, email: 'op@example.org', name: 'Op', roles: [{ role: 'upi', ente: 'upi' }] });
  assert.deepEqual(details[1], { role: 'operator', ente: op });
  assert.deepEqual(details[2], { role: 'operator', ente: op });
  assert.deepEqual(details[3], { active: false, tokens_revoked: 0 });
  assert.deepEqual(details[4], { active: true });
});
