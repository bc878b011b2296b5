// area.test.mjs - "La mia area" (GET /api/v1/area, docs/api/area.md) for
// every role: the panels each module contributes, with data of the caller's
// own ente only (an admin of Vicenza never sees Verona's accounts or audit
// entries), and an honest empty state for the roles no module serves yet.
// Also the audit browser's words for an entry (actor_name, action_label).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const VI = 'provincia:024';
const VR = 'provincia:023';

let srv;
const who = {};
const ROLES = {
  adminVi: ['admin', VI],
  adminVr: ['admin', VR],
  upi: ['upi', 'upi'],
  sua: ['sua_officer', VI],
  commissioner: ['commissioner', VI],
  sape: ['sape_officer', VI],
  data: ['data_officer', VI],
  comune: ['comune', 'comune:024116'],
  operator: ['operator', 'operatore:01234567897'],
};

before(async () => {
  srv = await startServer();
  for (const [k, [role, ente]] of Object.entries(ROLES))
    addUser(srv.db, `${k}@example.org`, role, ente, `Persona ${k}`);
  // Accounts of each Province that the admins create (audited, on their ente).
  for (const [k, ente] of [['adminVi', 'comune:024116'], ['adminVr', 'comune:023091']]) {
    who[k] = await login(srv.url, `${k}@example.org`);
    const r = await who[k].call('POST', '/api/v1/users', { email: `nuovo.${k}@example.org`, name: `Nuovo di ${k}`, roles: [{ role: 'comune', ente }] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  for (const k of Object.keys(ROLES)) if (!who[k]) who[k] = await login(srv.url, `${k}@example.org`);
});
after(async () => { await srv.stop(); });

async function area(k) {
  const r = await who[k].call('GET', '/api/v1/area');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}
const ids = (a) => a.panels.map((p) => p.id);
const panel = (a, id) => a.panels.find((p) => p.id === id);

test('anonymous callers get 401', async () => {
  assertEnvelope(assert, await api(srv.url, '/api/v1/area'), 401);
});

test('admin of Vicenza: its users, its audit, its network row; nothing of Verona', async () => {
  const a = await area('adminVi');
  assert.deepEqual(ids(a), ['utenti', 'audit', 'rete', 'sua-convenzioni']);
  assert.deepEqual(panel(a, 'sua-convenzioni').links.map((l) => l.link), ['/sua-convenzioni.html']);
  assert.equal(a.empty, null);
  const u = panel(a, 'utenti');
  const total = u.todo.find((t) => /amministri/.test(t.label));
  assert.ok(total.count >= 1 && total.link === '/utenti.html');
  const pending = u.todo.find((t) => /provvisoria/.test(t.label));
  assert.ok(pending.count >= 1);
  const names = u.activity.map((x) => x.label).join(' | ');
  assert.match(names, /Nuovo di adminVi/);
  assert.doesNotMatch(names, /adminVr/);
  const au = panel(a, 'audit');
  assert.ok(au.activity.length >= 1);
  for (const e of au.activity) {
    assert.doesNotMatch(e.actor_name, /adminVr/);
    assert.notEqual(e.action_label, e.action, 'every action has words');
  }
  assert.ok(au.activity.length <= 5 && au.activity.every((e) => e.actor_name && e.time));
  const r = panel(a, 'rete');
  assert.ok(r.todo.every((t) => /^Vicenza:/.test(t.label)), JSON.stringify(r.todo));
});

test('admin of Verona sees Verona only', async () => {
  const a = await area('adminVr');
  const names = panel(a, 'utenti').activity.map((x) => x.label).join(' | ');
  assert.match(names, /Nuovo di adminVr/);
  assert.doesNotMatch(names, /adminVi/);
  for (const e of panel(a, 'audit').activity) assert.doesNotMatch(e.actor_name, /adminVi/);
  assert.ok(panel(a, 'rete').todo.every((t) => /^Verona:/.test(t.label)));
});

test('upi: the network counters', async () => {
  const a = await area('upi');
  assert.deepEqual(ids(a), ['rete']);
  const t = panel(a, 'rete').todo;
  assert.equal(t.find((x) => x.label === 'Province della rete').count, 76);
  assert.ok(t.every((x) => Number.isInteger(x.count) && x.link === '/rete.html'));
});

test('SUA staff: the calculators; the officer also its inbox, aggregation and tenders', async () => {
  for (const k of ['sua', 'commissioner']) {
    const a = await area(k);
    assert.deepEqual(ids(a), k === 'sua' ? ['sua-in-arrivo', 'sua-aggregazioni', 'sua-gare', 'sua-calcolatori', 'albo-fornitori'] : ['sua-calcolatori']);
    assert.deepEqual(panel(a, 'sua-calcolatori').links.map((l) => l.link),
      ['/calcolatori.html#titolo-procedura', '/calcolatori.html#titolo-anomalia']);
  }
});

test('SUA officer: the requests its Comuni sent (the demo\'s three), nothing of another Province', async () => {
  const a = await area('sua');
  const t = panel(a, 'sua-in-arrivo').todo;
  assert.deepEqual(t.map((x) => [x.label, x.count, x.link]), [
    ['Da prendere in carico', 3, '/sua-inbox.html?stato=inviata'],
    ['Prese in carico', 0, '/sua-inbox.html?stato=presa_in_carico'],
  ]);
});

test('comune: its requests by state and its convenzione', async () => {
  const a = await area('comune');
  const r = panel(a, 'sua-richieste');
  // The demo: Vicenza has one sent request and one draft.
  assert.deepEqual(r.todo.map((x) => [x.count, x.link]), [
    [1, '/sua-richieste.html?stato=bozza'], [1, '/sua-richieste.html?stato=inviata'],
    [0, '/sua-richieste.html?stato=presa_in_carico'], [0, '/sua-richieste.html?stato=in_gara'],
    [0, '/sua-richieste.html?stato=respinta']]);
  const c = panel(a, 'sua-convenzione');
  assert.equal(c.links.length, 1);
  assert.match(c.links[0].description, /^Valida dal \d\d\/\d\d\/\d{4} al \d\d\/\d\d\/\d{4} per lavori, servizi, forniture; delibera n\. .* compenso del 1,50 %, minimo 1\.000,00 €, massimo 25\.000,00 €\.$/);
});

test('comune: its own card', async () => {
  const a = await area('comune');
  assert.deepEqual(ids(a), ['comune', 'sua-richieste', 'sua-convenzione', 'europa-comune', 'dati-raccolte']);
  assert.deepEqual(panel(a, 'europa-comune').links.map((l) => l.link), ['/europa-comune.html?comune=024116', '/europa-comune.html?comune=024116#titolo-profilo',
    '/europa-ricerche.html?comune=024116', '/europa-digest.html?comune=024116']);
  const [c] = panel(a, 'comune').cards;
  assert.equal(c.codice_istat, '024116');
  assert.equal(c.nome, 'Vicenza');
  assert.equal(c.provincia.sigla, 'VI');
  assert.ok(Number.isInteger(c.popolazione) && c.popolazione > 100000);
  assert.match(c.popolazione_riferimento, /ISTAT/);
  assert.equal(panel(a, 'comune').cards.length, 1);
});

test('albo: the operator its company and invitations, the officer the entries to review', async () => {
  let a = await area('operator');
  assert.deepEqual(ids(a), ['albo-impresa']);
  // The demo operator's company is invited to the demo's negotiated tender (docs/demo-sua.md).
  assert.deepEqual(panel(a, 'albo-impresa').todo.map((x) => [x.label, x.count, x.link]), [['Inviti ricevuti', 1, '/impresa.html#titolo-inviti']]);
  assert.deepEqual(panel(a, 'albo-impresa').links.map((l) => l.link), ['/impresa.html']);
  a = await area('sua');
  // The demo albo: one of eight entries waits for review.
  assert.deepEqual(panel(a, 'albo-fornitori').todo.map((x) => [x.label, x.count, x.link]), [['Iscrizioni da verificare', 1, '/sua-albo.html?stato=in_revisione']]);
});

test('EU desk: open calls without requisiti, and the catalogue', async () => {
  const a = await area('sape');
  assert.deepEqual(ids(a), ['europa-sape']);
  const [t] = panel(a, 'europa-sape').todo;
  assert.equal(t.label, 'Bandi aperti senza requisiti indicati');
  // Counted independently from the public catalogue and the requisiti route.
  let open = [];
  for (let off = 0; ; off += 100) {
    const r = await api(srv.url, `/api/v1/bandi?stato=aperto&limit=100&offset=${off}`);
    open = open.concat(r.body.items.map((b) => b.id));
    if (r.body.items.length < 100) break;
  }
  let without = 0;
  for (const id of open) {
    if (!(await api(srv.url, `/api/v1/bandi/${id}/requisiti`)).body.indicati) without++;
  }
  assert.equal(t.count, without);
  assert.deepEqual(panel(a, 'europa-sape').links.map((l) => l.link), ['/europa-bandi.html', '/europa-bandi.html#importa-bandi', '/europa-digest.html']);
});

// The data officer was the last role without a panel (the empty state is
// still answered by the handler for a role with none).
test('data officer: campaigns, datasets and the catalogue; the Comune: its campaigns', async () => {
  const a = await area('data');
  assert.deepEqual(ids(a), ['dati-ufficio']);
  assert.equal(a.empty, null);
  assert.deepEqual(a.roles, [{ role: ROLES.data[0], ente: ROLES.data[1] }]);
  assert.deepEqual(panel(a, 'dati-ufficio').links.map((l) => l.link),
    ['/dati-campagne.html', '/dati-campagne.html#nuova', '/dati-dataset.html', '/dati.html']);
  const c = await area('comune');
  assert.deepEqual(panel(c, 'dati-raccolte').links.map((l) => l.link), ['/dati-raccolte.html']);
});

test('the audit browser names who and what', async () => {
  const r = await who.adminVi.call('GET', '/api/v1/audit?limit=200');
  assert.equal(r.status, 200);
  for (const e of r.body.items) {
    assert.equal(typeof e.actor_name, 'string');
    assert.notEqual(e.action_label, e.action, `${e.action} has words`);
  }
  assert.ok(r.body.items.some((e) => e.action_label === 'Creazione di un account' && e.actor_name === 'Persona adminVi (adminvi@example.org)'));
});
