// jobs.test.mjs - background jobs end to end: POST /api/v1/import/istat
// queues an import of an uploaded ISTAT file, GET /api/v1/jobs/{id} shows
// it moving (bytes read, then Comuni written) to its result, whose counts
// are those of the CLI importer on the same data; only the owner and an
// admin of the owner's ente see a job; a job running when the server is
// killed (SIGKILL) is failed, with the reason, after a restart; the CLI
// importers draw a progress bar only on a terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, assertEnvelope, cli, demoTemplate, newDatabase, SHARED, api, binary, ROOT } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const SITUAS = join(SHARED, 'data', 'istat', 'situas_comuni_2026-08-14.csv');
const tmp = mkdtempSync(join(tmpdir(), 'areavasta-jobs-'));

// The SITUAS file with 14 extra (ignored) columns of 480 bytes on every
// row: about 54 MB (the limit is 64 MiB), so that reading it spans several
// progress reports even on a fast machine (the real rows are kept: Comune
// codes may not repeat).
const EXTRA = 14;
function bigFile() {
  const path = join(tmp, 'big.csv');
  if (existsSync(path)) return path;
  const lines = readFileSync(SITUAS, 'utf8').split('\n');
  const pad = Array(EXTRA).fill('x'.repeat(480)).join(';');
  const head = Array.from({ length: EXTRA }, (_, k) => `Nota ${k + 1}`).join(';');
  const out = lines.map((l, i) => {
    if (l.trim() === '') return l;
    const cr = l.endsWith('\r') ? '\r' : '';
    const body = cr ? l.slice(0, -1) : l;
    return `${body};${i === 0 ? head : pad}${cr}`;
  });
  writeFileSync(path, out.join('\n'));
  return path;
}

function upload(client, path, name = 'comuni.csv') {
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(path)], { type: 'text/csv' }), name);
  return fetch(`${client.url}/api/v1/import/istat`, {
    method: 'POST',
    headers: { cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf },
    body: fd,
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() }));
}

// Polls the job until it ends; returns [every answer seen].
async function follow(client, id, limitMs = 60000) {
  const seen = [];
  const t0 = Date.now();
  for (;;) {
    const r = await client.call('GET', `/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    seen.push(r.body);
    if (r.body.state === 'done' || r.body.state === 'failed') return seen;
    assert.ok(Date.now() - t0 < limitMs, `job ${id} still ${r.body.state}`);
    await new Promise((res) => setTimeout(res, 15));
  }
}

// The counts `areavasta import istat` prints for file on a copy of db.
function cliCounts(db, file) {
  const { db: copy, drop } = newDatabase({ db });
  const r = cli(['import', 'istat', '--db', copy, file]);
  drop();
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/Comuni nel file: (\d+); aggiunti: (\d+); aggiornati: (\d+); invariati: (\d+); disattivati: (\d+)/);
  assert.ok(m, r.stdout);
  return { comuni: +m[1], added: +m[2], updated: +m[3], unchanged: +m[4], deactivated: +m[5] };
}

let srv;
let owner;
let sameEnteAdmin;
let otherAdmin;
let comune;
let upi;
before(async () => {
  srv = await startServer({ web: false });
  addUser(srv.db, 'job-owner@example.org', 'admin', 'provincia:024');
  addUser(srv.db, 'job-peer@example.org', 'admin', 'provincia:024');
  addUser(srv.db, 'job-other@example.org', 'admin', 'provincia:017');
  addUser(srv.db, 'job-comune@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'job-upi@example.org', 'upi', 'upi');
  owner = { url: srv.url, ...(await login(srv.url, 'job-owner@example.org')) };
  sameEnteAdmin = await login(srv.url, 'job-peer@example.org');
  otherAdmin = await login(srv.url, 'job-other@example.org');
  comune = await login(srv.url, 'job-comune@example.org');
  upi = { url: srv.url, ...(await login(srv.url, 'job-upi@example.org')) };
});
after(async () => {
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('an ISTAT upload becomes a job whose progress moves to the CLI importer\'s counts', async () => {
  const file = bigFile();
  const expected = cliCounts(demoTemplate(), file);
  const r = await upload(owner, file);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), ['id', 'state', 'location']);
  assert.equal(r.body.state, 'queued');
  assert.equal(r.headers.get('location'), `/api/v1/jobs/${r.body.id}`);
  assert.equal(r.body.location, `/api/v1/jobs/${r.body.id}`);
  const seen = await follow(owner, r.body.id);
  const last = seen[seen.length - 1];
  assert.equal(last.state, 'done', JSON.stringify(last));
  assert.equal(last.kind, 'import_istat');
  assert.equal(last.error, null);
  assert.deepEqual(
    { comuni: last.result.comuni, added: last.result.added, updated: last.result.updated, unchanged: last.result.unchanged, deactivated: last.result.deactivated },
    expected,
  );
  assert.equal(last.result.layout, 'situas');
  assert.equal(last.result.ignored_cols, 5 + EXTRA);
  assert.equal(last.progress.percent, 100);
  assert.equal(last.progress.bytes_total, readFileSync(file).length);
  assert.equal(last.progress.bytes_done, last.progress.bytes_total);
  assert.equal(last.progress.rows_done, 7894);
  assert.ok(last.started >= last.created && last.finished >= last.started);

  // Progress seen moving: several distinct running states, in both stages,
  // and never going backwards within a stage.
  const running = seen.filter((j) => j.state === 'running');
  const distinct = new Set(running.map((j) => JSON.stringify(j.progress)));
  assert.ok(distinct.size >= 3, `progress seen: ${[...distinct].join(' ')}`);
  const reading = running.filter((j) => j.progress.rows_total === null);
  const writing = running.filter((j) => j.progress.rows_total !== null);
  assert.ok(reading.some((j) => j.progress.bytes_done > 0 && j.progress.bytes_done < j.progress.bytes_total),
    `a partial read seen: ${[...distinct].join(' ')}`);
  // The writing stage (7,894 upserts) is too short to be caught for sure
  // on a fast machine; when it is, it counts up to the file's Comuni.
  for (const j of writing) assert.equal(j.progress.rows_total, 7894);
  for (let i = 1; i < reading.length; i++) assert.ok(reading[i].progress.bytes_done >= reading[i - 1].progress.bytes_done);
  for (let i = 1; i < writing.length; i++) assert.ok(writing[i].progress.rows_done >= writing[i - 1].progress.rows_done);
  for (const j of running) assert.ok(j.progress.percent >= 0 && j.progress.percent <= 100);

  // The uploaded file is gone once the job has ended.
  assert.deepEqual(readdirSync(join(srv.dir, 'jobs')), []);

  // Importing the same file again changes nothing: every Comune unchanged.
  const again = await upload(upi, file);
  assert.equal(again.status, 202);
  const end = (await follow(upi, again.body.id)).pop();
  assert.equal(end.state, 'done', JSON.stringify(end));
  assert.equal(end.result.unchanged, 7894);
  assert.equal(end.result.added + end.result.updated + end.result.deactivated, 0);
});

test('a job is visible to its owner and its ente\'s admins only', async () => {
  const r = await upload(owner, SITUAS);
  assert.equal(r.status, 202);
  const path = `/api/v1/jobs/${r.body.id}`;
  await follow(owner, r.body.id);
  assert.equal((await sameEnteAdmin.call('GET', path)).status, 200);
  for (const who of [otherAdmin, comune, upi]) {
    const e = assertEnvelope(assert, await who.call('GET', path), 404, 'not_found');
    assert.equal(e.field, 'id');
  }
  assertEnvelope(assert, await api(srv.url, path), 401);
  for (const bad of ['999999', '0', '-1', 'abc', '1e3']) {
    assertEnvelope(assert, await owner.call('GET', `/api/v1/jobs/${bad}`), 404);
  }
});

test('a bad file fails its job with the reader\'s Italian message', async () => {
  const bad = join(tmp, 'bad.csv');
  writeFileSync(bad, 'Codice;Nome\n1;Uno\n');
  const r = await upload(owner, bad);
  assert.equal(r.status, 202);
  const end = (await follow(owner, r.body.id)).pop();
  assert.equal(end.state, 'failed');
  assert.equal(end.result, null);
  assert.match(end.error, /riga 1: intestazione non riconosciuta/);
});

test('import istat is for admin and upi, and takes a CSV upload', async () => {
  let r = await fetch(`${srv.url}/api/v1/import/istat`, { method: 'POST' });
  assert.equal(r.status, 401);
  r = await comune.call('POST', '/api/v1/import/istat', {});
  assertEnvelope(assert, r, 403, 'forbidden');
  r = await owner.call('POST', '/api/v1/import/istat', {});
  assertEnvelope(assert, r, 415);
  const pdf = join(tmp, 'x.pdf');
  writeFileSync(pdf, '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
  const p = await upload(owner, pdf, 'x.pdf');
  assert.equal(p.status, 415, JSON.stringify(p.body));
});

test('a job running when the server is killed is failed, with the reason, after a restart', async () => {
  const s1 = await startServer({ web: false });
  addUser(s1.db, 'crash@example.org', 'admin', 'provincia:024');
  const c1 = { url: s1.url, ...(await login(s1.url, 'crash@example.org')) };
  const province = (await api(s1.url, '/api/v1/province')).body;
  const r = await upload(c1, bigFile());
  assert.equal(r.status, 202);
  for (;;) {
    const j = await c1.call('GET', `/api/v1/jobs/${r.body.id}`);
    assert.notEqual(j.body.state, 'done', 'the job ended before the kill: make the file bigger');
    if (j.body.state === 'running' && j.body.progress.bytes_done > 0) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  await s1.kill();
  assert.equal(readdirSync(join(s1.dir, 'jobs')).length, 1, 'the job\'s file outlives the crash');
  const s2 = await startServer({ web: false, reuse: s1.db });
  try {
    const c2 = await login(s2.url, 'crash@example.org');
    const j = await c2.call('GET', `/api/v1/jobs/${r.body.id}`);
    assert.equal(j.status, 200);
    assert.equal(j.body.state, 'failed');
    assert.match(j.body.error, /^interrotto: il server si è arrestato durante l'elaborazione/);
    assert.ok(j.body.finished >= j.body.started);
    assert.equal(j.body.result, null);
    assert.match(s2.stderr(), /job\(s\) left running by a previous stop marked failed/);
    assert.deepEqual(readdirSync(join(s2.dir, 'jobs')), [], 'recovery removes the file');
    // Nothing of the interrupted import was written (one transaction): the
    // file would deactivate 5 units and move Sassari to a new code.
    assert.deepEqual((await api(s2.url, '/api/v1/province')).body, province);
    const n = cli(['audit', 'verify', '--db', s2.db, ...s2.keyArgs]);
    assert.equal(n.status, 0, n.stderr + n.stdout);
  } finally {
    await s2.stop();
  }
});

test('the CLI importers draw a progress bar on a terminal and stay quiet otherwise', () => {
  for (const [kind, file, label] of [
    ['istat', SITUAS, 'import ISTAT'],
    ['cpv', join(SHARED, 'data', 'vocab', 'cpv_2008.csv'), 'import CPV'],
  ]) {
    const { db, drop } = newDatabase();
    // Pipes: the summary on stdout, nothing on stderr.
    const quiet = cli(['import', kind, '--db', db, file]);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
    // A terminal (script(1) gives the command a pseudo-terminal): the bar
    // is drawn with carriage returns, then erased before the summary.
    const r = spawnSync('script', ['-qec', `${binary()} import ${kind} --db '${db}' ${file}`, '/dev/null'],
      { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(r.stdout.includes(`\r${label} [`), JSON.stringify(r.stdout.slice(0, 200)));
    assert.match(r.stdout, /\d+%/);
    assert.ok(r.stdout.includes('\r\u001b[K'), 'the bar is erased');
    assert.match(r.stdout, kind === 'istat' ? /Comuni nel file: 7894; aggiunti: 0; aggiornati: 0; invariati: 7894/ : /importati 9454 codici CPV/);
    drop();
  }
});
