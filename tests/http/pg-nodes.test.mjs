// pg-nodes.test.mjs - two `serve` processes on one PostgreSQL database, as
// two application nodes behind a load balancer: writes through both at
// once (network edits, user creation, logins) lose nothing and leave one
// audit chain that verifies; a session opened on one node works on the
// other; a node's answer cache follows the other node's writes; a job
// queued on one node runs once.  PostgreSQL only: a SQLite file has one
// writing process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BACKEND, SHARED, api, cli, sql, startServer } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const skip = BACKEND !== 'postgres' && 'several nodes share a database only on PostgreSQL';

const SIGLE = ['VI', 'BS', 'PD', 'VR', 'TV', 'BG', 'CN', 'MN'];

function edit(i) {
  return {
    aderente: true,
    data_adesione: '2021-03-15',
    referente: { nome: `Referente ${i}`, email: `ref${i}@example.org` },
    servizi: { sua: 'attivo', europa: 'in_avvio', dati: 'non_attivo' },
  };
}

// Sends again after Retry-After while the answer is 503 (busy).
async function patiently(send) {
  for (let attempt = 1; ; attempt++) {
    const r = await send();
    if (r.status !== 503 || attempt === 30) return r;
    await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') || 1)));
  }
}

function count(db, query) {
  return Number(sql(db, query).trim());
}

test('two nodes on one database: concurrent writes, none lost, one audit chain', { skip }, async () => {
  const a = await startServer({ web: false });
  const b = await startServer({ reuse: a.db, keep: true, web: false });
  try {
    addUser(a.db, 'upi@example.org', 'upi', 'upi');
    addUser(a.db, 'admin@example.org', 'admin', 'provincia:024');
    const auditBefore = count(a.db, 'SELECT COUNT(*) FROM audit_log');
    const actions = (action) => count(a.db, `SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`);
    const createdBefore = actions('user.create');
    const editsBefore = actions('rete.update');
    const nodes = [
      { upi: await login(a.url, 'upi@example.org'), admin: await login(a.url, 'admin@example.org') },
      { upi: await login(b.url, 'upi@example.org'), admin: await login(b.url, 'admin@example.org') },
    ];

    const PUTS = 48;
    const USERS = 24;
    const work = [];
    for (let i = 0; i < PUTS; i++) {
      work.push(patiently(() => nodes[i % 2].upi.call('PUT', `/api/v1/rete/${SIGLE[i % SIGLE.length]}`, edit(i))));
    }
    // A new account hashes a one-time password: past the node's hashing
    // slots the answer is 503 with Retry-After (nothing written), and the
    // client tries again, as the web UI does.
    for (let i = 0; i < USERS; i++) {
      work.push(patiently(() => nodes[i % 2].admin.call('POST', '/api/v1/users', {
        email: `nodo-${i}@example.org`, name: `Utente nodo ${i}`, roles: [{ role: 'comune', ente: 'comune:024116' }],
      })));
    }
    const answers = await Promise.all(work);
    for (const r of answers) assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.body));

    assert.equal(count(a.db, "SELECT COUNT(*) FROM app_user WHERE email LIKE 'nodo-%'"), USERS);
    assert.equal(actions('rete.update') - editsBefore, PUTS);
    assert.equal(actions('user.create') - createdBefore, USERS);
    // Every edit is in the log, each once: none was lost or applied twice.
    for (let i = 0; i < PUTS; i++) {
      assert.equal(count(a.db, `SELECT COUNT(*) FROM audit_log WHERE action = 'rete.update' AND details LIKE '%Referente ${i}"%'`), 1, `edit ${i}`);
    }
    // One chain: consecutive seq, nothing forked.
    const after = count(a.db, 'SELECT COUNT(*) FROM audit_log');
    assert.ok(after >= auditBefore + PUTS + USERS);
    assert.equal(count(a.db, 'SELECT MAX(seq) - COUNT(*) FROM audit_log'), 0);
    const v = cli(['audit', 'verify', '--db', a.db, '--audit-key', join(a.dir, 'audit-key')]);
    assert.equal(v.status, 0, v.stderr + v.stdout);
  } finally {
    await b.stop();
    await a.stop();
  }
});

test('a session opened on one node works on the other; caches follow the other node', { skip }, async () => {
  const a = await startServer({ web: false });
  const b = await startServer({ reuse: a.db, keep: true, web: false });
  try {
    addUser(a.db, 'upi@example.org', 'upi', 'upi');
    const onA = await login(a.url, 'upi@example.org');
    const onB = session(b.url, onA.cookie, onA.csrf, onA.user);
    const me = await onB.call('GET', '/api/v1/auth/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));

    // B answers the network list from its cache...
    const first = await api(b.url, '/api/v1/rete');
    const etag = first.headers.get('etag');
    const again = await api(b.url, '/api/v1/rete', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    // ...until A writes: then B's answer changes without B having written.
    const put = await onA.call('PUT', '/api/v1/rete/BS', edit('da-A'));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    let seen = null;
    for (let waited = 0; waited < 3000 && !seen; waited += 50) {
      const r = await api(b.url, '/api/v1/rete', { headers: { 'if-none-match': etag } });
      if (r.status === 200) seen = r;
      else await new Promise((res) => setTimeout(res, 50));
    }
    assert.ok(seen, 'node B kept serving its cached answer after node A wrote');
    const bs = seen.body.items.find((p) => p.provincia.sigla === 'BS');
    assert.equal(bs.referente.nome, 'Referente da-A');
  } finally {
    await b.stop();
    await a.stop();
  }
});

// ---- jobs shared by the nodes ------------------------------------------

const SITUAS = join(SHARED, 'data', 'istat', 'situas_comuni_2026-08-14.csv');

// The SITUAS file with ignored padding columns (about 40 MB), so that an
// import runs long enough for another node to restart meanwhile.
function slowFile(dir) {
  const path = join(dir, 'lento.csv');
  const pad = Array(10).fill('x'.repeat(480)).join(';');
  const lines = readFileSync(SITUAS, 'utf8').split('\n').map((l, i) => {
    if (l.trim() === '') return l;
    const cr = l.endsWith('\r') ? '\r' : '';
    const extra = i === 0 ? Array.from({ length: 10 }, (_, k) => `Nota ${k + 1}`).join(';') : pad;
    return `${cr ? l.slice(0, -1) : l};${extra}${cr}`;
  });
  writeFileSync(path, lines.join('\n'));
  return path;
}

function upload(url, client, path) {
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(path)], { type: 'text/csv' }), 'comuni.csv');
  return fetch(`${url}/api/v1/import/istat`, {
    method: 'POST',
    headers: { cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf },
    body: fd,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

async function finished(client, id) {
  for (let waited = 0; waited < 120000; waited += 50) {
    const r = await client.call('GET', `/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${id} did not end`);
}

test('jobs: queued on either node, each runs once; a node restarting does not fail another node\'s running job', { skip }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'areavasta-nodes-'));
  const a = await startServer({ web: false });
  let b = await startServer({ reuse: a.db, keep: true, web: false });
  try {
    addUser(a.db, 'admin@example.org', 'admin', 'provincia:024');
    const onA = await login(a.url, 'admin@example.org');
    let onB = await login(b.url, 'admin@example.org');
    // Four imports, two through each node, at once: four jobs, each done once.
    const queued = await Promise.all([upload(a.url, onA, SITUAS), upload(b.url, onB, SITUAS), upload(a.url, onA, SITUAS), upload(b.url, onB, SITUAS)]);
    for (const q of queued) assert.equal(q.status, 202, JSON.stringify(q.body));
    const ids = queued.map((q) => q.body.id);
    assert.equal(new Set(ids).size, 4);
    for (const id of ids) assert.equal((await finished(onA, id)).state, 'done');

    // A long import on A; B restarts while it runs: B's recovery must leave
    // A's job alone (A holds its lock), and it ends done.
    const slow = await upload(a.url, onA, slowFile(tmp));
    assert.equal(slow.status, 202, JSON.stringify(slow.body));
    let state = '';
    for (let waited = 0; waited < 20000 && state !== 'running'; waited += 20) {
      state = sql(a.db, `SELECT state FROM job WHERE id = ${slow.body.id}`).trim();
      if (state !== 'running') await new Promise((res) => setTimeout(res, 20));
    }
    assert.equal(state, 'running', 'the slow job never ran');
    await b.stop();
    b = await startServer({ reuse: a.db, keep: true, web: false });
    const during = sql(a.db, `SELECT state FROM job WHERE id = ${slow.body.id}`).trim();
    // Else B's recovery ran after the job had ended: the test proved nothing.
    assert.equal(during, 'running', `the slow job was ${during}, not running, once node B had restarted`);
    const end = await finished(onA, slow.body.id);
    assert.equal(end.state, 'done', `${JSON.stringify(end)} (state when B had restarted: ${during})`);
    onB = await login(b.url, 'admin@example.org');
    assert.equal((await onB.call('GET', `/api/v1/jobs/${slow.body.id}`)).body.state, 'done');
  } finally {
    await b.stop();
    await a.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
