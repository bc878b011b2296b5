// liste.test.mjs - lists at a desk (issue #10, item 8): /comuni sorted by
// its columns on the server (?ordina=), and /comuni.csv with the filters of
// the page that links it (?provincia=, ?q=), /rete.csv with the network
// page's filters, /users.csv and /audit.csv for an admin (its scope only,
// the audit list's filters); both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const get = (path) => api(srv.url, path);
const rows = (csv) => csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(';'));

test('comuni ?ordina=: population both ways, code both ways, name descending', async () => {
  const up = await get('/api/v1/comuni?provincia=VI&ordina=popolazione&limit=500');
  assert.equal(up.status, 200);
  const pops = up.body.items.map((c) => c.popolazione).filter((p) => p !== null);
  assert.deepEqual(pops, [...pops].sort((a, b) => a - b));
  const down = await get('/api/v1/comuni?provincia=VI&ordina=-popolazione&limit=3');
  assert.equal(down.body.items[0].nome, 'Vicenza');
  assert.ok(down.body.items[0].popolazione >= down.body.items[1].popolazione);
  const codes = await get('/api/v1/comuni?provincia=VI&ordina=-codice&limit=500');
  const cs = codes.body.items.map((c) => c.codice_istat);
  assert.deepEqual(cs, [...cs].sort().reverse());
  const asc = await get('/api/v1/comuni?ordina=codice&limit=2');
  assert.equal(asc.body.items[0].codice_istat, '001001');
  const names = await get('/api/v1/comuni?provincia=VI&ordina=-nome&limit=2');
  assert.equal(names.body.total, 112);
  assert.equal(names.body.items[0].nome, 'Zugliano');
  // Paging follows the order: page 2 starts where page 1 ended.
  const p1 = await get('/api/v1/comuni?provincia=VI&ordina=-popolazione&limit=5');
  const p2 = await get('/api/v1/comuni?provincia=VI&ordina=-popolazione&limit=5&offset=5');
  assert.ok(p1.body.items[4].popolazione >= p2.body.items[0].popolazione);
  // With a search, the order asked wins over "names starting with it first".
  const q = await get('/api/v1/comuni?q=vicen&ordina=-codice');
  const qc = q.body.items.map((c) => c.codice_istat);
  assert.deepEqual(qc, [...qc].sort().reverse());
});

test('comuni ?ordina=: an unknown key is a 400 naming it', async () => {
  for (const v of ['regione', 'popolazione desc', '', 'NOME']) {
    const r = await get(`/api/v1/comuni?ordina=${encodeURIComponent(v)}`);
    const e = assertEnvelope(assert, r, 400, 'invalid_field');
    assert.equal(e.field, 'ordina', v);
  }
});

test('comuni.csv with ?provincia= and ?q=: the rows of the filtered list', async () => {
  const res = await fetch(`${srv.url}/api/v1/comuni.csv?provincia=vi&q=bassano`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const r = rows(await res.text());
  assert.equal(r[0][0], 'codice_istat');
  assert.deepEqual(r.slice(1).map((x) => x[1]), ['Bassano del Grappa']);
  const vi = rows(await (await fetch(`${srv.url}/api/v1/comuni.csv?provincia=VI`)).text());
  const list = await get('/api/v1/comuni?provincia=VI&limit=500&ordina=codice');
  assert.deepEqual(vi.slice(1).map((x) => x[0]), list.body.items.map((c) => c.codice_istat));
  const bad = await get('/api/v1/comuni.csv?provincia=XX');
  assert.equal(assertEnvelope(assert, bad, 400, 'invalid_field').field, 'provincia');
  const other = await get('/api/v1/comuni.csv?limit=5');
  assertEnvelope(assert, other, 400);
});

test('rete.csv: the network list as CSV, with the page\'s filters', async () => {
  const res = await fetch(`${srv.url}/api/v1/rete.csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="rete.csv"/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 byte-order mark');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.startsWith('provincia_codice;provincia_sigla;'));
  const all = rows(text);
  const json = await get('/api/v1/rete');
  assert.equal(all.length - 1, 76);
  assert.deepEqual(all.slice(1).map((r) => r[1]), json.body.items.map((i) => i.provincia.sigla));
  assert.ok(all.slice(1).every((r) => r.length === 13));
  const vi = all.find((r) => r[1] === 'VI');
  const vij = json.body.items.find((i) => i.provincia.sigla === 'VI');
  assert.equal(vi[5], vij.aderente ? 'si' : 'no');
  assert.equal(vi[10], vij.servizi.sua);
  const veneto = rows(await (await fetch(`${srv.url}/api/v1/rete.csv?regione=05&aderenti=1`)).text());
  const want = json.body.items.filter((i) => i.regione.codice === '05' && i.aderente).map((i) => i.provincia.sigla);
  assert.deepEqual(veneto.slice(1).map((r) => r[1]), want);
  for (const [q, field] of [['regione=5', 'regione'], ['regione=VE', 'regione'], ['aderenti=si', 'aderenti'], ['limit=2', 'limit']]) {
    const e = assertEnvelope(assert, await get(`/api/v1/rete.csv?${q}`), 400);
    assert.equal(e.field, field, q);
  }
});

test('users.csv: the accounts the admin manages, as GET /users lists them', async () => {
  addUser(srv.db, 'admin.csv@example.org', 'admin', 'provincia:024', 'Ada; "Csv"');
  addUser(srv.db, 'comune.csv@example.org', 'comune', 'comune:024116', 'Carlo Csv');
  addUser(srv.db, 'admin.pd.csv@example.org', 'admin', 'provincia:028', 'Paolo Padova');
  const vi = await login(srv.url, 'admin.csv@example.org');
  const r = await vi.call('GET', '/api/v1/users.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /filename="utenti.csv"/);
  const lines = rows(r.body);
  assert.deepEqual(lines[0], ['id', 'email', 'nome', 'attivo', 'password_da_cambiare', 'ruoli']);
  const list = await vi.call('GET', '/api/v1/users?limit=500');
  assert.deepEqual(lines.slice(1).map((l) => l[1]), list.body.items.map((u) => u.email));
  assert.ok(!r.body.includes('admin.pd.csv@example.org'), "another Province's admin is not in the file");
  assert.ok(r.body.includes('"Ada; ""Csv"""'), 'a name with ; and " is quoted');
  const carlo = lines.find((l) => l[1] === 'comune.csv@example.org');
  assert.equal(carlo[3], 'si');
  assert.equal(carlo[5], 'comune@comune:024116');
  // Admins only; no query.
  assertEnvelope(assert, await get('/api/v1/users.csv'), 401);
  addUser(srv.db, 'comune2.csv@example.org', 'comune', 'comune:024116', 'Comune Due');
  const c = await login(srv.url, 'comune2.csv@example.org');
  assertEnvelope(assert, await c.call('GET', '/api/v1/users.csv'), 403);
  assertEnvelope(assert, await vi.call('GET', '/api/v1/users.csv?limit=2'), 400);
});

// A CSV line split on ';' outside quotes.
function splitCsv(line) {
  const out = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ';') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

test('audit.csv: the admin\'s entries, newest first, with the list\'s filters', async () => {
  addUser(srv.db, 'admin.audit.csv@example.org', 'admin', 'provincia:024', 'Aurora Audit');
  const vi = await login(srv.url, 'admin.audit.csv@example.org');
  for (let i = 0; i < 3; i++) {
    const r = await vi.call('POST', '/api/v1/users', {
      email: `audit.csv.${i}@example.org`, name: `Voce ${i}`, roles: [{ role: 'comune', ente: 'comune:024116' }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const res = await vi.call('GET', '/api/v1/audit.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /filename="registro-audit.csv"/);
  const lines = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map(splitCsv);
  assert.deepEqual(lines[0], ['seq', 'time', 'actor', 'ente', 'action', 'object_type', 'object_id', 'details']);
  const list = await vi.call('GET', '/api/v1/audit?limit=200');
  assert.equal(lines.length - 1, list.body.total);
  assert.deepEqual(lines.slice(1).map((l) => Number(l[0])), list.body.items.map((i) => i.seq));
  const first = lines[1];
  assert.equal(first[4], list.body.items[0].action);
  assert.deepEqual(JSON.parse(first[7]), list.body.items[0].details);
  const created = await vi.call('GET', '/api/v1/audit.csv?action=user.create');
  const cl = created.body.trimEnd().split('\r\n').slice(1).map(splitCsv);
  const createdList = await vi.call('GET', '/api/v1/audit?action=user.create&limit=200');
  assert.deepEqual(cl.map((l) => Number(l[0])), createdList.body.items.map((i) => i.seq));
  assert.ok(cl.length >= 3 && cl.every((l) => l[4] === 'user.create'));
  for (let i = 0; i < 3; i++) assert.ok(created.body.includes(`audit.csv.${i}@example.org`), `entry of user ${i}`);
  // Another Province's admin: its own scope, none of Vicenza's entries.
  addUser(srv.db, 'admin.pd.audit.csv@example.org', 'admin', 'provincia:028', 'Paola Padova');
  const pd = await login(srv.url, 'admin.pd.audit.csv@example.org');
  const pdCsv = await pd.call('GET', '/api/v1/audit.csv?action=user.create');
  const pdList = await pd.call('GET', '/api/v1/audit?action=user.create&limit=200');
  assert.equal(pdCsv.body.trimEnd().split('\r\n').length - 1, pdList.body.total);
  assert.ok(!pdCsv.body.includes('audit.csv.0@example.org'));
  // Errors as the list's; anonymous 401.
  assert.equal(assertEnvelope(assert, await vi.call('GET', '/api/v1/audit.csv?from=2026-13-01'), 400).field, 'from');
  assertEnvelope(assert, await vi.call('GET', '/api/v1/audit.csv?limit=5'), 400);
  assertEnvelope(assert, await get('/api/v1/audit.csv'), 401);
});

test('users ?ordina=: by name and e-mail both ways, paged; bad key 400', async () => {
  addUser(srv.db, 'admin.ordina@example.org', 'admin', 'provincia:024', 'Mario Ordina');
  for (const [e, n] of [['zeta.ordina@example.org', 'anna Zeta'], ['alfa.ordina@example.org', 'Bruno Alfa']]) {
    addUser(srv.db, e, 'comune', 'comune:024116', n);
  }
  const vi = await login(srv.url, 'admin.ordina@example.org');
  const all = (await vi.call('GET', '/api/v1/users?limit=500')).body.items;
  const byName = (await vi.call('GET', '/api/v1/users?limit=500&ordina=nome')).body.items;
  const lower = (u) => u.name.toLowerCase();
  assert.equal(byName.length, all.length);
  for (let i = 1; i < byName.length; i++) assert.ok(lower(byName[i - 1]) <= lower(byName[i]), `${byName[i - 1].name} <= ${byName[i].name}`);
  const byEmailDesc = (await vi.call('GET', '/api/v1/users?limit=500&ordina=-email')).body.items.map((u) => u.email);
  assert.deepEqual(byEmailDesc, [...byEmailDesc].sort().reverse());
  const p2 = (await vi.call('GET', '/api/v1/users?limit=2&offset=2&ordina=nome')).body.items.map((u) => u.id);
  assert.deepEqual(p2, byName.slice(2, 4).map((u) => u.id));
  const e = assertEnvelope(assert, await vi.call('GET', '/api/v1/users?ordina=ruolo'), 400, 'invalid_field');
  assert.equal(e.field, 'ordina');
});
