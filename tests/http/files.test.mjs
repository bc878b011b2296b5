// files.test.mjs - files the program creates are private to its user
// (0600) whatever umask it inherits: the database and its -wal/-shm, the
// audit signing key; and a database left readable by others (an older
// version, a copy) is made private when opened for writing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, ROOT, BACKEND } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

// Both tests are about the SQLite file and its -wal/-shm: the SQLite run
// has them; the PostgreSQL run would repeat them on the same files.
const SQLITE_FILES = BACKEND === 'postgres' && 'about the SQLite database file and its -wal/-shm modes (run on sqlite)';

const mode = (p) => statSync(p).mode & 0o777;

// Runs the binary under a permissive umask (022), as a shell would.
function underUmask(args) {
  return execFileSync('sh', ['-c', 'umask 022; exec "$@"', 'sh', binary(), ...args],
    { cwd: ROOT, encoding: 'utf8' });
}

async function serveBriefly(db, work) {
  const proc = spawn('sh', ['-c', 'umask 022; exec "$@"', 'sh', binary(), 'serve', '--db', db,
    '--listen', '127.0.0.1:0', '--no-web'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) res(`http://127.0.0.1:${m[1]}`);
    });
    proc.on('exit', (c) => rej(new Error(`serve exited ${c}`)));
  });
  await work(url);
  // While the server runs the -wal and -shm exist: check them now.
  const modes = {};
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(db + suffix)) modes[suffix || 'db'] = mode(db + suffix);
  }
  proc.kill('SIGTERM');
  await new Promise((res) => proc.on('exit', res));
  return modes;
}

test('init and serve create 0600 files under umask 022', { skip: SQLITE_FILES }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-files-'));
  try {
    const db = join(dir, 'av.db');
    underUmask(['init', '--db', db]);
    assert.equal(mode(db), 0o600, 'database');
    assert.equal(mode(`${db}.audit-key`), 0o600, 'audit key');
    addUser(db, 'perm@example.org', 'upi', 'upi');
    const modes = await serveBriefly(db, async (url) => { await login(url, 'perm@example.org'); });
    assert.ok(modes['-wal'] !== undefined && modes['-shm'] !== undefined, JSON.stringify(modes));
    for (const [name, m] of Object.entries(modes)) assert.equal(m, 0o600, `${name}: ${m.toString(8)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database readable by others is made private when opened', { skip: SQLITE_FILES }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'areavasta-files-'));
  try {
    const db = join(dir, 'av.db');
    underUmask(['init', '--db', db]);
    chmodSync(db, 0o644);
    const modes = await serveBriefly(db, async (url) => {
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
    });
    for (const [name, m] of Object.entries(modes)) assert.equal(m, 0o600, `${name}: ${m.toString(8)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
