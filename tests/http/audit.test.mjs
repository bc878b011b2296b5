// audit.test.mjs - the audit log end to end: entries written by a real
// audited action (`areavasta user add|passwd`), the chain re-verified by an
// independent implementation of docs/audit.md written here in JavaScript,
// tampering with the sqlite3 CLI (edit a row after dropping the trigger ->
// `audit verify` names that seq; delete or rewrite the tail -> the saved
// checkpoint no longer verifies), the key file rules, and the two HTTP
// endpoints (signed checkpoint, filtered list with its 400s).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, readFileSync, statSync, chmodSync, copyFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startServer, api, assertEnvelope, demoTemplate } from '../lib/server.mjs';
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
  const out = execFileSync('sqlite3', ['-json', db,
    'SELECT seq, time, actor, ente, action, object_type, object_id, details, prev_hash, hash FROM audit_log ORDER BY seq'],
  { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

function sql(db, text) {
  execFileSync('sqlite3', [db, text]);
}

// ---- fixtures

let n = 0;
// A fresh database with `count` entries written by the product itself.
function chainDb(count = 4) {
  const db = join(dir, `chain-${++n}.db`);
  let r = cli(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  for (let i = 0; i < count - 1; i++) addUser(db, `utente${i}@esempio.it`, 'upi', 'upi', `Utente "${i}" è`);
  r = cli(['user', 'passwd', '--db', db, '--email', 'utente0@esempio.it']);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

function verify(db, ...extra) {
  return cli(['audit', 'verify', '--db', db, ...extra]);
}

function saveCheckpoint(db, name = 'cp.json') {
  const r = cli(['audit', 'checkpoint', '--db', db]);
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
  sql(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'intruso' WHERE seq = 3");
  const v = verify(db);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 3: l'hash non corrisponde al contenuto/);
  assert.match(v.stdout, /le voci fino a seq 2 sono integre/);
});

test('a deleted row is a gap, a forged prev_hash is found', () => {
  const db = chainDb(5);
  sql(db, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2');
  let v = verify(db);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /^ERRORE seq 3: salto nella sequenza \(attesa seq 2\)/);
  const db2 = chainDb(3);
  sql(db2, 'DROP TRIGGER audit_log_no_update; UPDATE audit_log SET prev_hash = hash WHERE seq = 2');
  v = verify(db2);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /^ERRORE seq 2: prev_hash non corrisponde/);
});

test('deleting the tail passes the chain check but fails the checkpoint', () => {
  const db = chainDb(5);
  const { file, cp } = saveCheckpoint(db);
  assert.equal(cp.seq, 5);
  let v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /checkpoint seq 5 .*firma valida/);
  v = verify(db, '--checkpoint', file, '--public-key', cp.public_key);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  sql(db, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > 3');
  v = verify(db);
  assert.equal(v.status, 0, 'a truncated chain is still a valid chain');
  assert.match(v.stdout, /^OK 3 voci, ultima seq 3 /);
  v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 5: il registro finisce a seq 3, prima del checkpoint: è stato troncato/);
  // Rewriting the tail with new, well-chained entries is caught as well.
  addUser(db, 'nuovo1@esempio.it', 'upi', 'upi');
  addUser(db, 'nuovo2@esempio.it', 'upi', 'upi');
  assert.equal(verify(db).status, 0);
  v = verify(db, '--checkpoint', file);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /^ERRORE seq 5: l'hash non è quello del checkpoint .*riscritto/);
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
  for (const args of [['audit'], ['audit', 'boh'], ['audit', 'verify'], ['audit', 'checkpoint'],
    ['audit', 'verify', '--db', 'x.db', 'extra'], ['audit', 'verify', '--db', 'x.db', '--public-key', 'zz'],
    ['audit', 'verify', '--db', 'x.db', '--nope']]) {
    r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
  }
  r = verify(join(dir, 'non-esiste.db'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /non esiste/);
});

// ---- the key file

test('the checkpoint key file is created 0600 and refused when wider', () => {
  const db = chainDb(2);
  const key = `${db}.audit-key`;
  // `init` creates the key pair beside the database, mode 0600 ...
  assert.equal(statSync(key).mode & 0o777, 0o600);
  // ... and `audit checkpoint` recreates a missing one
  unlinkSync(key);
  assert.equal(existsSync(key), false);
  const r1 = cli(['audit', 'checkpoint', '--db', db]);
  assert.equal(r1.status, 0, r1.stderr);
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.match(readFileSync(key, 'utf8'), /^areavasta-audit-ed25519-v1\n[0-9a-f]{64}\n$/);
  const r2 = cli(['audit', 'checkpoint', '--db', db]);
  assert.equal(JSON.parse(r2.stdout).public_key, JSON.parse(r1.stdout).public_key, 'same key reused');
  chmodSync(key, 0o644);
  const r3 = cli(['audit', 'checkpoint', '--db', db]);
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
const ADMIN = 'admin-audit@esempio.it';

before(async () => {
  const db = join(dir, 'served.db');
  copyFileSync(demoTemplate(), db);
  addUser(db, ADMIN, 'admin', 'provincia:024');
  addUser(db, 'upi-audit@esempio.it', 'upi', 'upi');
  const r = cli(['user', 'passwd', '--db', db, '--email', 'upi-audit@esempio.it']);
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ db });
  admin = await login(srv.url, ADMIN);
});
after(async () => { if (srv) await srv.stop(); });

const ITEM_KEYS = ['seq', 'time', 'actor', 'ente', 'action', 'object_type', 'object_id', 'details', 'hash'];

test('GET /api/v1/audit/checkpoint is signed and verifies with the CLI', async () => {
  const r = await api(srv.url, '/api/v1/audit/checkpoint');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), ['seq', 'hash', 'time', 'signature', 'public_key']);
  assert.ok(r.body.seq >= 3);
  assert.match(r.body.hash, /^[0-9a-f]{64}$/);
  assert.match(r.body.signature, /^[0-9a-f]{128}$/);
  assert.match(r.body.public_key, /^[0-9a-f]{64}$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const file = join(dir, 'http-cp.json');
  writeFileSync(file, JSON.stringify(r.body));
  const v = verify(srv.db, '--checkpoint', file, '--public-key', r.body.public_key);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  // The CLI signs with the same key file the server uses.
  const c = cli(['audit', 'checkpoint', '--db', srv.db]);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).public_key, r.body.public_key);
  assertEnvelope(assert, await api(srv.url, '/api/v1/audit/checkpoint?seq=1'), 400, 'invalid_field');
});

test('GET /api/v1/audit lists newest first with the envelope', async () => {
  const r = await admin.call('GET', '/api/v1/audit');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), ['items', 'total', 'limit', 'offset']);
  assert.equal(r.body.limit, 50);
  assert.equal(r.body.offset, 0);
  assert.ok(r.body.total >= 4, 'user.create x2, password reset, login');
  const seqs = r.body.items.map((i) => i.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
  for (const it of r.body.items) {
    assert.deepEqual(Object.keys(it), ITEM_KEYS);
    assert.equal(typeof it.details, 'object');
  }
  const stored = rows(srv.db);
  const last = stored[stored.length - 1];
  const top = r.body.items.find((i) => i.seq === last.seq);
  assert.equal(top.hash, last.hash);
  assert.equal(canon(top.details), last.details);
});

test('GET /api/v1/audit filters by actor, action, ente and date, and pages', async () => {
  let r = await admin.call('GET', '/api/v1/audit?action=user.create&actor=system');
  assert.equal(r.status, 200);
  assert.ok(r.body.total >= 2);
  assert.equal(r.body.items.length, r.body.total);
  for (const it of r.body.items) {
    assert.equal(it.action, 'user.create');
    assert.equal(it.actor, 'system');
  }
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
