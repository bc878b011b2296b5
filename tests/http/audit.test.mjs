// audit.test.mjs - the audit log end to end: entries written by a real
// audited action (`areavasta user add|passwd`), the chain re-verified by an
// independent implementation of docs/audit.md written here in JavaScript,
// tampering with the sqlite3 CLI (edit a row after dropping the trigger ->
// `audit verify` names that seq; delete or rewrite the tail -> the saved
// checkpoint no longer verifies; append a backdated entry with a valid
// chain -> the checkpoint made before it says so; a checkpoint signed with
// another key is refused unless that key is the installation's), the key
// file rules, the published checkpoints (made at start and on a beat, the
// JSON list, the Atom feed, the public key) and the audit browser's list,
// filtered, with its 400s and scoped to the caller's Provinces.
// On PostgreSQL the chains are databases on the test cluster, tampered with
// through psql, and their key is named with --audit-key (a database has no
// folder for the key to sit beside): the same checks, the same messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync, readFileSync, statSync, chmodSync, copyFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startServer, api, assertEnvelope, newDatabase, sqlRows, sql as sqlOn, BACKEND } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const ZEROS = '0'.repeat(64);
const dir = mkdtempSync(join(tmpdir(), 'areavasta-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// ---- an independent verifier (docs/audit.md, "Verificare con altri strumenti")

// A JSON string as jansson writes it: only " \ and controls escaped,
// \u00XX with upper-case hex, everything else as UTF-8.
function jstr(s) {
  const short = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (short[c]) out += short[c];
    else if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

// JSON_COMPACT | JSON_SORT_KEYS: no spaces, keys in byte order.
function canon(v) {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    assert.ok(Number.isSafeInteger(v), 'details hold integers only');
    return String(v);
  }
  if (typeof v === 'string') return jstr(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${jstr(k)}:${canon(v[k])}`).join(',')}}`;
}

function entryHash(prev, r, details) {
  const c = canon([r.seq, r.time, r.actor, r.ente, r.action, r.object_type, r.object_id, details]);
  return createHash('sha256').update(prev, 'ascii').update(c, 'utf8').digest('hex');
}

function rows(db) {
  return sqlRows(db, 'SELECT seq, time, actor, ente, action, object_type, object_id, details, prev_hash, hash FROM audit_log ORDER BY seq');
}

function sql(db, text) {
  sqlOn(db, text);
}

// ---- fixtures

const PG = BACKEND === 'postgres';
const made = [];
after(() => { for (const d of made) d.drop(); });
// PostgreSQL: the key file of each chain database (SQLite: beside the file).
const keys = new Map();
const keyOf = (db) => (PG ? keys.get(db) : `${db}.audit-key`);
const keyArgs = (db) => (PG && keys.has(db) ? ['--audit-key', keys.get(db)] : []);

// A new database: empty, or a copy of `from` (without its key).
function newDb(name, from) {
  if (!PG) {
    const db = join(dir, name);
    if (from) copyFileSync(from, db);
    return db;
  }
  const d = newDatabase(from ? { db: from } : { empty: true });
  made.push(d);
  return d.db;
}

// DROP TRIGGER in the dialect (PostgreSQL names the table).
const dropTrigger = (t, ifExists = '') => `DROP TRIGGER ${ifExists}${t}${PG ? ` ON ${t.replace(/_no_\w+$/, '')}` : ''};`;

let n = 0;
// A fresh database with `count` entries written by the product itself.
function chainDb(count = 4) {
  const db = newDb(`chain-${++n}.db`);
  if (PG) keys.set(db, join(dir, `chain-${n}.audit-key`));
  let r = cli(['init', '--db', db, ...keyArgs(db)]);
  assert.equal(r.status, 0, r.stderr);
  for (let i = 0; i < count - 1; i++) addUser(db, `utente${i}@esempio.it`, 'upi', 'upi', `Utente "${i}" è`);
  r = cli(['user', 'passwd', '--db', db, '--email', 'utente0@esempio.it']);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

// The key file is the default judge unless --public-key names one (the
// SQLite default; on PostgreSQL it is named, the same way).
function verify(db, ...extra) {
  return cli(['audit', 'verify', '--db', db, ...(extra.includes('--public-key') ? [] : keyArgs(db)), ...extra]);
}

function saveCheckpoint(db, name = 'cp.json') {
  const r = cli(['audit', 'checkpoint', '--db', db, ...keyArgs(db)]);
  assert.equal(r.status, 0, r.stderr);
  const file = join(dir, `${n}-${name}`);
  writeFileSync(file, r.stdout);
  return { file, cp: JSON.parse(r.stdout) };
}

// ---- format

test('the JavaScript verifier reproduces the known-answer vectors', () => {
  const d1 = { c: { z: true, y: '"x"\n' }, b: [1, 'è'], a: null };
  const r1 = { seq: 1, time: '2026-11-30T08:15:02.123456Z', actor: '42', ente: '024', action: 'rete.update', object_type: 'provincia', object_id: 'VI' };
  const h1 = entryHash(ZEROS, r1, d1);
  assert.equal(h1, 'b69aee3f8621276a7bcef55c4bf7a3462beedabc7d2e97af43e45d728cc845c8');
  const r2 = { seq: 2, time: '2026-11-30T08:15:03.000001Z', actor: 'system', ente: null, action: 'system.start', object_type: null, object_id: null };
  assert.equal(entryHash(h1, r2, {}), 'e649faa2d9fcdfb859fffe384fb0b5c25663d2326b4b882819734167e684c8ae');
  assert.equal(jstr('\u0001\u001f\u007f/'), '"\\u0001\\u001F\u007f/"');
});

test('a chain written by the product verifies, here and with the CLI', () => {
  const db = chainDb(4);
  const all = rows(db);
  assert.equal(all.length, 4);
  let prev = ZEROS;
  for (const [i, r] of all.entries()) {
    assert.equal(r.seq, i + 1);
    assert.match(r.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(r.prev_hash, prev);
    const details = JSON.parse(r.details);
    assert.equal(canon(details), r.details, 'details stored canonical');
    assert.equal(entryHash(prev, r, details), r.hash, `hash of seq ${r.seq}`);
    prev = r.hash;
  }
  const v = verify(db);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(v.stdout.split('\n')[0], `OK 4 voci, ultima seq 4 hash ${prev}`);
});

// ---- tampering

test('a row edited after dropping the trigger is named by its seq', () => {
  const db = chainDb(5);
  assert.throws(() => sql(db, "UPDATE audit_log SET actor = 'intruso' WHERE seq = 3"), /sola aggiunta/);
  assert.throws(() => sql(db, 'DELETE FROM audit_log WHERE seq = 5'), /sola aggiunta/);
  assert.equal(verify(db).status, 0);
  sql(db, `${dropTrigger('audit_log_no_update')} UPDATE audit_log SET actor = 'intruso' WHERE seq = 3`);
  const v = verify(db);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 3: l'hash non corrisponde al contenuto/);
  assert.match(v.stdout, /le voci fino a seq 2 sono integre/);
});

test('a deleted row is a gap, a forged prev_hash is found', () => {
  const db = chainDb(5);
  sql(db, `${dropTrigger('audit_log_no_delete')} DELETE FROM audit_log WHERE seq = 2`);
  let v = verify(db);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /^ERRORE seq 3: salto nella sequenza \(attesa seq 2\)/);
  const db2 = chainDb(3);
  sql(db2, `${dropTrigger('audit_log_no_update')} UPDATE audit_log SET prev_hash = hash WHERE seq = 2`);
  v = verify(db2);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /^ERRORE seq 2: prev_hash non corrisponde/);
});

// What an attacker with write access to the file also does: drop the
// checkpoints the database recorded, so that only copies kept elsewhere
// remain to tell.
function dropRecorded(db) {
  sql(db, `${dropTrigger('audit_checkpoint_no_delete', 'IF EXISTS ')} DELETE FROM audit_checkpoint`);
}

test('deleting the tail passes the chain check but fails the checkpoint', () => {
  const db = chainDb(5);
  const { file, cp } = saveCheckpoint(db);
  assert.equal(cp.seq, 5);
  let v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /checkpoint: 2 verificati \(copie: 1, registrati nella base dati: 1\).*firme valide/);
  assert.match(v.stdout, /il più recente: checkpoint seq 5 /);
  v = verify(db, '--checkpoint', file, '--public-key', cp.public_key);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  sql(db, `${dropTrigger('audit_log_no_delete')} DELETE FROM audit_log WHERE seq > 3`);
  // The database's own checkpoint sees it ...
  v = verify(db);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 5: il registro finisce a seq 3, prima del checkpoint .*registrato nella base dati.*: è stato troncato/);
  // ... until the attacker deletes it too: then only the copy can tell.
  dropRecorded(db);
  v = verify(db);
  assert.equal(v.status, 0, 'a truncated chain is still a valid chain');
  assert.match(v.stdout, /^OK 3 voci, ultima seq 3 /);
  assert.match(v.stdout, /nessun checkpoint: verificata solo la catena/);
  v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 5: il registro finisce a seq 3, prima del checkpoint .*copia n\. 1.*: è stato troncato/);
  // Rewriting the tail with new, well-chained entries is caught as well:
  // the new seq 4 is timed after a checkpoint that already held seq 5.
  addUser(db, 'nuovo1@esempio.it', 'upi', 'upi');
  addUser(db, 'nuovo2@esempio.it', 'upi', 'upi');
  dropRecorded(db);
  assert.equal(verify(db).status, 0);
  v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 4: la voce porta l'ora .*successiva al checkpoint seq 5 .*riscritto/);
});

test('an altered or foreign checkpoint is refused', () => {
  const db = chainDb(3);
  const { cp } = saveCheckpoint(db);
  const write = (obj) => {
    const f = join(dir, `alt-${++n}.json`);
    writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
    return f;
  };
  let v = verify(db, '--checkpoint', write({ ...cp, seq: 2 }));
  assert.equal(v.status, 1);
  assert.match(v.stdout, /^ERRORE checkpoint seq 2: firma non valida/);
  const flipped = (cp.signature[0] === '0' ? '1' : '0') + cp.signature.slice(1);
  v = verify(db, '--checkpoint', write({ ...cp, signature: flipped }));
  assert.equal(v.status, 1);
  assert.match(v.stdout, /firma non valida/);
  v = verify(db, '--checkpoint', write(cp), '--public-key', 'ab'.repeat(32));
  assert.equal(v.status, 1);
  assert.match(v.stdout, /firmato con un'altra chiave/);
  // A list of checkpoints with one bad item names it.
  v = verify(db, '--checkpoint', write([cp, { ...cp, hash: 'XY' }]));
  assert.equal(v.status, 1);
  assert.match(v.stderr, /\[\[1\]\.hash\]/);
  v = verify(db, '--checkpoint', write({ ...cp, extra: 1 }));
  assert.equal(v.status, 1);
  assert.match(v.stderr, /\[extra\]/);
  v = verify(db, '--checkpoint', write({ ...cp, hash: 'XY' }));
  assert.equal(v.status, 1);
  assert.match(v.stderr, /\[hash\]/);
  v = verify(db, '--checkpoint', write('{"seq":1,'));
  assert.equal(v.status, 1);
  assert.match(v.stderr, /non è JSON valido/);
  v = verify(db, '--checkpoint', join(dir, 'manca.json'));
  assert.equal(v.status, 1);
});

test('usage: --help, missing options, unknown subcommand, missing database', () => {
  let r = cli(['audit', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /audit verify --db FILE/);
  r = cli(['audit', 'verify', '--help']);
  assert.equal(r.status, 0);
  for (const args of [['audit'], ['audit', 'boh'], ['audit', 'verify'], ['audit', 'checkpoint'], ['audit', 'public-key'],
    ['audit', 'verify', '--db', 'x.db', 'extra'], ['audit', 'verify', '--db', 'x.db', '--public-key', 'zz'],
    ['audit', 'verify', '--db', 'x.db', '--nope']]) {
    r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
  }
  r = verify(join(dir, 'non-esiste.db'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /non esiste/);
});

// ---- issue #7 item 11: whose key, and entries added later

// An entry written straight into the file with a valid chain, as someone
// who can write the database but has no key can do (the chain trigger
// accepts it: next seq, right prev_hash).
function forge(db, time, extra = {}) {
  const all = rows(db);
  const last = all[all.length - 1];
  const r = {
    seq: last.seq + 1, time, actor: '7', ente: 'provincia:024', action: 'gara.apertura_buste',
    object_type: 'gara', object_id: 'G-1', ...extra,
  };
  const q = (v) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
  sql(db, `INSERT INTO audit_log VALUES (${r.seq}, ${q(r.time)}, ${q(r.actor)}, ${q(r.ente)}, ${q(r.action)},
    ${q(r.object_type)}, ${q(r.object_id)}, '{}', '${last.hash}', '${entryHash(last.hash, r, {})}')`);
  return r.seq;
}

// Now as an audit time, after waiting for the clock to pass `after`.
function auditNow(after = '') {
  let t;
  do t = new Date().toISOString().replace(/Z$/, '999Z'); while (t <= after);
  return t;
}

test('a checkpoint signed with another key is refused unless that key is the one trusted', () => {
  const db = chainDb(3);
  // Someone with a copy of the database and a key of their own signs a
  // checkpoint of it (that is all the old verifier needed to say "valid").
  const copy = newDb(`altrui-${n}.db`, db);
  const r = cli(['audit', 'checkpoint', '--db', copy, '--audit-key', join(dir, `altrui-${n}.key`)]);
  assert.equal(r.status, 0, r.stderr);
  const foreignFile = join(dir, `altrui-${n}.json`);
  writeFileSync(foreignFile, r.stdout);
  const foreign = JSON.parse(r.stdout);
  // By default the installation's key file beside the database is the judge.
  let v = verify(db, '--checkpoint', foreignFile);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE checkpoint seq 3: firmato con un'altra chiave .*\(copia n\. 1\)/);
  // Trusting that key is a decision the operator makes explicitly.
  v = verify(db, '--checkpoint', foreignFile, '--public-key', foreign.public_key);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  // Ours, on an evidence copy kept without the key file: no key, no
  // checkpoint is called good.
  const { file, cp } = saveCheckpoint(db);
  const evidenceDir = mkdtempSync(join(dir, 'prova-'));
  const evidence = PG ? newDb('', db) : join(evidenceDir, 'prova.db');
  if (!PG) copyFileSync(db, evidence);
  v = verify(evidence, '--checkpoint', file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE checkpoint: 2 da verificare \(1 forniti, 1 registrati nella base dati\) ma nessuna chiave pubblica/);
  assert.match(v.stdout, /--public-key HEX .* --audit-key FILE/);
  v = verify(evidence, '--checkpoint', file, '--audit-key', keyOf(db));
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const pk = cli(['audit', 'public-key', '--db', db, ...keyArgs(db)]);
  assert.equal(pk.status, 0, pk.stderr);
  assert.equal(pk.stdout, `${cp.public_key}\n`);
  v = verify(evidence, '--checkpoint', file, '--public-key', cp.public_key);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`con la chiave ${cp.public_key}`));
  assert.equal(cli(['audit', 'public-key', '--audit-key', join(dir, 'manca.key')]).status, 1);
});

test('an entry appended with a valid chain but dated before a checkpoint is found', () => {
  const db = chainDb(4);
  const t4 = rows(db)[3].time;
  const { file, cp } = saveCheckpoint(db);
  assert.ok(cp.time > t4, `${cp.time} > ${t4}`);
  // "Envelopes opened" at the time of seq 4, written after the checkpoint.
  assert.equal(forge(db, t4), 5);
  let v = verify(db);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`^ERRORE seq 5: la voce porta l'ora ${t4.replace('.', '\\.')}, anteriore al checkpoint seq 4 del ${cp.time.replace('.', '\\.')} \\(registrato nella base dati n\\. 1\\).*con una data anteriore`));
  assert.match(v.stdout, /le voci fino a seq 4 sono integre/);
  // The attacker deletes the database's checkpoints too: the chain alone
  // passes, the copy kept elsewhere does not.
  dropRecorded(db);
  assert.equal(verify(db).status, 0);
  v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 5: .*anteriore al checkpoint seq 4 .*\(copia n\. 1\).*data anteriore/);
});

test('an entry appended after the last checkpoint and timed after it passes (the documented limit)', () => {
  const db = chainDb(3);
  const { file, cp } = saveCheckpoint(db);
  const t = auditNow(cp.time);
  forge(db, t);
  let v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /^OK 4 voci/);
  // Once the next checkpoint is out and kept, rewriting that entry shows.
  const next = saveCheckpoint(db, 'next.json');
  assert.equal(next.cp.seq, 4);
  sql(db, `${dropTrigger('audit_log_no_delete')} DELETE FROM audit_log WHERE seq = 4`);
  forge(db, t, { object_id: 'G-2' });
  dropRecorded(db);
  assert.equal(verify(db).status, 0);
  v = verify(db, '--checkpoint', file, '--checkpoint', next.file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 4: l'hash non è quello del checkpoint .*riscritto/);
});

test('an entry timed before the previous one is found', () => {
  const db = chainDb(2);
  forge(db, '2020-01-01T00:00:00.000000Z');
  const v = verify(db);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 3: l'ora della voce \(2020-01-01T00:00:00\.000000Z\) precede quella della voce precedente/);
});

// ---- the key file

test('the checkpoint key file is created 0600 and refused when wider', () => {
  const db = chainDb(2);
  const key = keyOf(db);
  // `init` creates the key pair beside the database, mode 0600 ...
  assert.equal(statSync(key).mode & 0o777, 0o600);
  // ... and `audit checkpoint` recreates a missing one
  unlinkSync(key);
  assert.equal(existsSync(key), false);
  const r1 = cli(['audit', 'checkpoint', '--db', db, ...keyArgs(db)]);
  assert.equal(r1.status, 0, r1.stderr);
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.match(readFileSync(key, 'utf8'), /^areavasta-audit-ed25519-v1\n[0-9a-f]{64}\n$/);
  const r2 = cli(['audit', 'checkpoint', '--db', db, ...keyArgs(db)]);
  assert.equal(JSON.parse(r2.stdout).public_key, JSON.parse(r1.stdout).public_key, 'same key reused');
  chmodSync(key, 0o644);
  const r3 = cli(['audit', 'checkpoint', '--db', db, ...keyArgs(db)]);
  assert.equal(r3.status, 1);
  assert.match(r3.stderr, /chmod 600/);
  const other = join(dir, 'altra.key');
  const r4 = cli(['audit', 'checkpoint', '--db', db, '--audit-key', other]);
  assert.equal(r4.status, 0, r4.stderr);
  assert.notEqual(JSON.parse(r4.stdout).public_key, JSON.parse(r1.stdout).public_key);
});

// ---- HTTP

let srv;
let admin;
let adminB;
const ADMIN = 'admin-audit@esempio.it';
const ADMIN_B = 'admin-verona@esempio.it';
let stderrAtStart = '';

before(async () => {
  const { db } = newDatabase();
  addUser(db, ADMIN, 'admin', 'provincia:024');
  addUser(db, ADMIN_B, 'admin', 'provincia:023');
  addUser(db, 'upi-audit@esempio.it', 'upi', 'upi');
  const r = cli(['user', 'passwd', '--db', db, '--email', 'upi-audit@esempio.it']);
  assert.equal(r.status, 0, r.stderr);
  // Entries on a Comune of each Province and on upi (no handler writes
  // one yet), before the server starts publishing checkpoints.
  forge(db, auditNow(), { ente: 'comune:024116', action: 'comune.prova', object_id: 'A' });
  forge(db, auditNow(), { ente: 'comune:023091', action: 'comune.prova', object_id: 'B' });
  forge(db, auditNow(), { ente: 'upi', action: 'rete.prova', object_id: 'U' });
  // A checkpoint every second, so the beat can be seen.
  srv = await startServer({ reuse: db, args: ['--checkpoint-interval', '1'] });
  stderrAtStart = srv.stderr();
  admin = await login(srv.url, ADMIN);
  adminB = await login(srv.url, ADMIN_B);
  // Each admin acts on its own Province: the entries carry that ente.
  for (const [who, email, ente] of [[admin, 'rup.vicenza@esempio.it', 'comune:024116'],
    [adminB, 'rup.verona@esempio.it', 'comune:023091']]) {
    const c = await who.call('POST', '/api/v1/users', { email, name: 'Rup', roles: [{ role: 'comune', ente }] });
    assert.equal(c.status, 201, JSON.stringify(c.body));
  }
});
after(async () => { if (srv) await srv.stop(); });

const ITEM_KEYS = ['seq', 'time', 'actor', 'ente', 'action', 'object_type', 'object_id', 'actor_name', 'action_label', 'details', 'hash'];
const CP_KEYS = ['seq', 'hash', 'time', 'signature', 'public_key'];

test('serve warns when the key sits beside the database, not when it is elsewhere', async () => {
  // A PostgreSQL database has no folder: its key is in --data-dir.
  if (BACKEND === 'postgres') assert.doesNotMatch(stderrAtStart, /stessa cartella/);
  else assert.match(stderrAtStart, /la chiave di firma del registro di audit '.*test\.db\.audit-key' è nella stessa cartella della base dati/);
  const keyDir = mkdtempSync(join(dir, 'etc-'));
  const other = await startServer({ args: ['--audit-key', join(keyDir, 'audit-key')], web: false });
  try {
    assert.doesNotMatch(other.stderr(), /stessa cartella/);
    const r = await api(other.url, '/api/v1/audit/public-key');
    assert.equal(r.status, 200);
    const c = cli(['audit', 'public-key', '--audit-key', join(keyDir, 'audit-key')]);
    assert.equal(c.stdout.trim(), r.body.public_key);
  } finally {
    await other.stop();
  }
});

test('GET /api/v1/audit/checkpoint is the latest published one and verifies with the CLI', async () => {
  const r = await api(srv.url, '/api/v1/audit/checkpoint');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), CP_KEYS);
  assert.ok(r.body.seq >= 3);
  assert.match(r.body.hash, /^[0-9a-f]{64}$/);
  assert.match(r.body.signature, /^[0-9a-f]{128}$/);
  assert.match(r.body.public_key, /^[0-9a-f]{64}$/);
  // Kept by nobody without asking again (If-None-Match: 304 when unchanged).
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.headers.get('etag'), /^"[0-9a-f]{32}"$/);
  // A GET does not make one: it is one of the recorded checkpoints.
  const list = await api(srv.url, '/api/v1/audit/checkpoints?limit=200');
  assert.ok(list.body.items.some((c) => c.signature === r.body.signature));
  const file = join(dir, 'http-cp.json');
  writeFileSync(file, JSON.stringify(r.body));
  const v = verify(srv.db, '--checkpoint', file, '--public-key', r.body.public_key, ...srv.keyArgs);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  // The CLI signs with the same key file the server uses, and records.
  const before = list.body.total;
  const c = cli(['audit', 'checkpoint', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).public_key, r.body.public_key);
  const after = await api(srv.url, '/api/v1/audit/checkpoints?limit=1');
  assert.ok(after.body.total > before);
  assertEnvelope(assert, await api(srv.url, '/api/v1/audit/checkpoint?seq=1'), 400, 'invalid_field');
});

test('the server publishes a checkpoint at start and on every beat, log grown or not', async () => {
  const first = (await api(srv.url, '/api/v1/audit/checkpoints')).body.total;
  assert.ok(first >= 1);
  let total = first;
  for (let i = 0; i < 50 && total < first + 2; i++) {
    await new Promise((res) => { setTimeout(res, 100); });
    total = (await api(srv.url, '/api/v1/audit/checkpoints')).body.total;
  }
  assert.ok(total >= first + 2, `${first} -> ${total}`);
  // Every one of them verifies against the installation's key file.
  const v = verify(srv.db, ...srv.keyArgs);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /registrati nella base dati: \d+/);
});

test('GET /api/v1/audit/checkpoints pages the published checkpoints, newest first', async () => {
  const all = await api(srv.url, '/api/v1/audit/checkpoints?limit=200');
  assert.equal(all.status, 200);
  assert.deepEqual(Object.keys(all.body), ['items', 'total', 'total_esatto', 'total_tipo', 'limit', 'offset', 'next']);
  assert.ok(all.body.total >= 2);
  for (const it of all.body.items) assert.deepEqual(Object.keys(it), CP_KEYS);
  const times = all.body.items.map((c) => c.time);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  const page = await api(srv.url, '/api/v1/audit/checkpoints?limit=1&offset=1');
  assert.deepEqual(page.body.items, [all.body.items[1]]);
  assert.equal(page.body.total, all.body.total);
  for (const q of ['limit=0', 'limit=201', 'offset=-1', 'since=1']) {
    assertEnvelope(assert, await api(srv.url, `/api/v1/audit/checkpoints?${q}`), 400, 'invalid_field');
  }
  // The saved response is a file `audit verify --checkpoint` takes whole.
  const file = join(dir, 'http-list.json');
  writeFileSync(file, JSON.stringify(all.body));
  const v = verify(srv.db, '--checkpoint', file, ...srv.keyArgs);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`copie: ${all.body.items.length},`));
});

test('GET /api/v1/audit/checkpoints.atom is an Atom feed of the same checkpoints', async () => {
  const r = await api(srv.url, '/api/v1/audit/checkpoints.atom');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  const xml = r.body;
  assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
  for (const el of ['id', 'title', 'updated', 'author']) assert.match(xml, new RegExp(`<${el}>`), el);
  // Each entry carries a checkpoint's JSON (XML-escaped text), newest first.
  const contents = [...xml.matchAll(/<content type="text">([^<]*)<\/content>/g)]
    .map((m) => JSON.parse(m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
  const list = (await api(srv.url, '/api/v1/audit/checkpoints?limit=50')).body.items;
  assert.ok(contents.length >= 2 && contents.length <= 50);
  const bySig = new Set(list.map((c) => c.signature));
  assert.ok(contents.slice(0, 2).every((c) => bySig.has(c.signature)));
  assert.equal(xml.match(/<entry>/g).length, contents.length);
  const ids = [...xml.matchAll(/<id>urn:uuid:([0-9a-f-]{36})<\/id>/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, contents.length + 1, 'unique ids: the feed and each entry');
  const pk = (await api(srv.url, '/api/v1/audit/public-key')).body.public_key;
  assert.ok(contents.every((c) => c.public_key === pk));
  assertEnvelope(assert, await api(srv.url, '/api/v1/audit/checkpoints.atom?x=1'), 400, 'invalid_field');
});

test('GET /api/v1/audit/public-key is the key of the key file', async () => {
  const r = await api(srv.url, '/api/v1/audit/public-key');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { public_key: cli(['audit', 'public-key', '--db', srv.db, ...srv.keyArgs]).stdout.trim(), algorithm: 'Ed25519' });
  assertEnvelope(assert, await api(srv.url, '/api/v1/audit/public-key?x=1'), 400, 'invalid_field');
});

test('GET /api/v1/audit lists newest first with the envelope', async () => {
  const r = await admin.call('GET', '/api/v1/audit');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), ['items', 'total', 'total_esatto', 'total_tipo', 'limit', 'offset', 'next']);
  assert.equal(r.body.limit, 50);
  assert.equal(r.body.offset, 0);
  assert.ok(r.body.total >= 2, 'user.create on provincia:024, the Comune entry');
  const seqs = r.body.items.map((i) => i.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
  for (const it of r.body.items) {
    assert.deepEqual(Object.keys(it), ITEM_KEYS);
    assert.equal(typeof it.details, 'object');
  }
  const stored = rows(srv.db);
  const top = r.body.items[0];
  const same = stored.find((x) => x.seq === top.seq);
  assert.equal(top.hash, same.hash);
  assert.equal(canon(top.details), same.details);
});

test('GET /api/v1/audit shows an admin only its Provinces and their Comuni', async () => {
  const stored = rows(srv.db);
  const inScope = (ente, p) => ente === `provincia:${p}` || (ente ?? '').startsWith(`comune:${p}`);
  for (const [who, p, other] of [[admin, '024', '023'], [adminB, '023', '024']]) {
    const r = await who.call('GET', '/api/v1/audit?limit=200');
    assert.equal(r.status, 200);
    const expected = stored.filter((x) => inScope(x.ente, p)).map((x) => x.seq).reverse();
    assert.deepEqual(r.body.items.map((i) => i.seq), expected, `admin of ${p}`);
    assert.equal(r.body.total, expected.length);
    assert.ok(r.body.items.some((i) => i.ente === `provincia:${p}` && i.action === 'user.create'));
    assert.ok(r.body.items.some((i) => i.ente === `comune:${p === '024' ? '024116' : '023091'}`));
    // Nothing of the other Province, nothing without an ente, nothing of upi.
    assert.ok(r.body.items.every((i) => inScope(i.ente, p)), JSON.stringify(r.body.items.map((i) => i.ente)));
    const theirs = await who.call('GET', `/api/v1/audit?ente=provincia:${other}`);
    assert.deepEqual([theirs.body.total, theirs.body.items], [0, []]);
    const logins = await who.call('GET', '/api/v1/audit?action=auth.login');
    assert.equal(logins.body.total, 0, 'logins have no ente: the operator reads them');
  }
  assert.ok(stored.some((x) => x.ente === 'provincia:023'), 'B has entries A must not see');
  assert.ok(stored.some((x) => x.action === 'auth.login'));
});

test('GET /api/v1/audit filters by actor, action, ente and date, and pages', async () => {
  const me = String(admin.user.id);
  let r = await admin.call('GET', `/api/v1/audit?action=user.create&actor=${me}`);
  assert.equal(r.status, 200);
  assert.ok(r.body.total >= 1);
  assert.equal(r.body.items.length, r.body.total);
  for (const it of r.body.items) {
    assert.equal(it.action, 'user.create');
    assert.equal(it.actor, me);
  }
  r = await admin.call('GET', '/api/v1/audit?ente=comune:024116');
  assert.ok(r.body.total >= 1);
  assert.ok(r.body.items.every((i) => i.ente === 'comune:024116'));
  r = await admin.call('GET', '/api/v1/audit?ente=ente-che-non-esiste');
  assert.deepEqual([r.status, r.body.total, r.body.items], [200, 0, []]);
  const today = new Date().toISOString().slice(0, 10);
  const all = (await admin.call('GET', '/api/v1/audit')).body.total;
  r = await admin.call('GET', `/api/v1/audit?from=${today}&to=${today}`);
  assert.ok(r.body.total >= all, 'every entry is from today (UTC)');
  r = await admin.call('GET', '/api/v1/audit?from=2000-01-01&to=2000-12-31');
  assert.equal(r.body.total, 0);
  r = await admin.call('GET', '/api/v1/audit?limit=1&offset=1');
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.limit, 1);
  assert.equal(r.body.offset, 1);
  r = await admin.call('GET', '/api/v1/audit?limit=200&offset=100000');
  assert.deepEqual(r.body.items, []);
});

test('GET /api/v1/audit refuses bad parameters with 400 and the field', async () => {
  const cases = [
    ['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=x', 'limit'], ['offset=-1', 'offset'],
    ['from=2026-02-30', 'from'], ['from=30/11/2026', 'from'], ['to=2026-1-1', 'to'],
    ['from=2026-12-01&to=2026-11-01', 'to'], ['ente=', 'ente'], ['actor=', 'actor'],
    [`action=${'a'.repeat(129)}`, 'action'], ['actor=a%01b', 'actor'], ['sort=seq', 'sort'],
  ];
  for (const [q, field] of cases) {
    const r = await admin.call('GET', `/api/v1/audit?${q}`);
    const e = assertEnvelope(assert, r, 400, 'invalid_field');
    assert.equal(e.field, field, q);
  }
  const ok = await admin.call('GET', `/api/v1/audit?action=${'a'.repeat(128)}`);
  assert.equal(ok.status, 200);
});
