// sua-aggregazione.test.mjs - demand aggregation and splitting alerts
// (issue 12 item 4) against a real server, on both backends, in the
// Province of Brescia (the demo's requests are Vicenza's): requests sent by
// real Comune users group when type, CPV group and the window agree and
// not at the boundaries; the suggestion carries the rules engine's regime
// (the EU regime for every lot when the sum crosses the threshold) and the
// saving (not estimable without history); rejecting records the reason;
// accepting makes the draft tender with one lot per request and takes the
// requests out of the suggestions; splitting alerts block the take until
// the reasons are recorded; other roles and Provinces are refused, bad
// parameters and bodies are 4xx and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertEnvelope, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

let srv;
const u = {};
const comuni = []; // five Comuni of Brescia: [codice, nome]
const ids = {}; // request ids by letter
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const BASE = '/api/v1/sua/province/017';

// "AAAA-MM-GG" days from today (UTC; the tests keep a margin of days).
function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

function richiesta(over) {
  return {
    oggetto: 'Pulizia degli edifici comunali', tipo: 'servizi', cpv: '90910000-9',
    importo_cents: 10000000, sicurezza_cents: 100000, investimento: false, fonte: 'proprie',
    rup_nome: 'Mario Rossi', data_aggiudicazione: day(40), ...over,
  };
}

// A request of Comune k (index into comuni), sent.
async function sent(k, over) {
  const c = await u[`c${k}`].call('POST', `/api/v1/sua/comuni/${comuni[k][0]}/richieste`, richiesta(over));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const s = await u[`c${k}`].call('POST', `/api/v1/sua/richieste/${c.body.id}/invia`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  return c.body.id;
}

before(async () => {
  srv = await startServer({ web: false });
  const anon = await fetch(`${srv.url}/api/v1/comuni?provincia=BS&limit=5&ordina=codice`);
  const list = await anon.json();
  for (const c of list.items) comuni.push([c.codice_istat, c.nome]);
  assert.equal(comuni.length, 5);
  const people = [
    ['officer', 'sua_officer', 'provincia:017'],
    ['admin', 'admin', 'provincia:017'],
    ['officervi', 'sua_officer', 'provincia:024'],
    ['operatore', 'operator', 'operatore:01234567897'],
  ];
  comuni.forEach(([codice], k) => people.push([`c${k}`, 'comune', `comune:${codice}`]));
  for (const [k, role, ente] of people) addUser(srv.db, `agg-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `agg-${k}@example.org`);
  // Convenzioni for every type, valid from a month ago for two years.
  for (const [codice] of comuni) {
    const r = await u.admin.call('POST', `/api/v1/sua/comuni/${codice}/convenzioni`, {
      lavori: true, servizi: true, forniture: true, valida_dal: day(-30), valida_al: day(700),
      delibera_numero: '7/2026', delibera_data: day(-40), compenso_tipo: 'fisso', compenso_fisso_cents: 150000,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  // A, B, C: three Comuni, cleaning (CPV 909...), wanted 0, 60, 120 days
  // after A: one group, 250.000,00 euro (above the 216.000,00 threshold
  // of services for a sub-central authority, though each is below).
  ids.A = await sent(0, { importo_cents: 10000000, data_aggiudicazione: day(40), oggetto: 'Pulizia del municipio' });
  ids.B = await sent(1, { importo_cents: 7000000, cpv: '90911200-8', data_aggiudicazione: day(100), oggetto: 'Pulizia delle scuole' });
  ids.C = await sent(2, { importo_cents: 8000000, cpv: '90919200-4', data_aggiudicazione: day(160), oggetto: 'Pulizia uffici' });
  // D: 121 days after A: outside A's window, and alone after it.
  ids.D = await sent(3, { importo_cents: 5000000, cpv: '90919200-4', data_aggiudicazione: day(161), oggetto: 'Pulizia della biblioteca' });
  // E: another type; F: another CPV group (904...), inside the window.
  ids.E = await sent(0, { tipo: 'forniture', cpv: '30192000-1', importo_cents: 2000000, oggetto: 'Cancelleria' });
  ids.F = await sent(3, { cpv: '90400000-1', importo_cents: 3000000, data_aggiudicazione: day(50), oggetto: 'Servizi fognari' });
});
after(async () => { await srv.stop(); });

const keyOf = (...letters) => letters.map((l) => ids[l]).sort((a, b) => a - b).join(',');

test('one suggestion: three Comuni, the window and the CPV group decide; the EU regime for every lot', async () => {
  const r = await u.officer.call('GET', `${BASE}/aggregazioni`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.parametri.cifre_cpv, 3);
  assert.equal(r.body.parametri.finestra_giorni, 120);
  assert.equal(r.body.richieste_esaminate, 6);
  assert.equal(r.body.suggerimenti.length, 1, JSON.stringify(r.body.suggerimenti.map((s) => s.chiave)));
  const s = r.body.suggerimenti[0];
  assert.equal(s.chiave, keyOf('A', 'B', 'C'));
  assert.equal(s.tipo, 'servizi');
  assert.equal(s.cpv_gruppo, '909');
  assert.equal(s.comuni, 3);
  assert.equal(s.totale_cents, 25000000);
  assert.deepEqual(s.richieste.map((x) => x.id), [ids.A, ids.B, ids.C]);
  assert.equal(s.richieste[0].comune_nome, comuni[0][1]);
  assert.equal(s.consiglio.sopra_soglia_ue, true);
  assert.equal(s.consiglio.regime.soglia_cents, 21600000);
  assert.ok(s.consiglio.procedure.some((p) => p.codice === 'aperta'));
  assert.equal(s.consiglio.lotti.numero, 3);
  assert.ok(s.consiglio.lotti.lotti.every((l) => l.regime === 'sopra_soglia'), JSON.stringify(s.consiglio.lotti));
  assert.equal(s.risparmio.procedure_evitate, 2);
  assert.equal(s.risparmio.costo_procedura_cents, 550000);
  assert.equal(s.risparmio.risparmio_procedure_cents, 1100000);
  assert.equal(s.risparmio.ribasso_aggiuntivo.stimabile, false);
  assert.match(s.risparmio.ribasso_aggiuntivo.motivo, /Non stimabile/);
  assert.equal(s.decisione, null);
});

test('parameters move the boundaries: a narrower window, a wider CPV group, the cost', async () => {
  // 119 days: C (120 days after A) drops out; A and B remain, below the
  // threshold together (170.000,00 euro); C then starts a group with D,
  // one day later, from another Comune.
  const w = await u.officer.call('GET', `${BASE}/aggregazioni?finestra_giorni=119`);
  assert.deepEqual(w.body.suggerimenti.map((s) => s.chiave), [keyOf('A', 'B'), keyOf('C', 'D')]);
  assert.equal(w.body.suggerimenti[0].consiglio.sopra_soglia_ue, false);
  // Two digits: F (904...) joins; D (121 days) still does not.
  const g = await u.officer.call('GET', `${BASE}/aggregazioni?cifre_cpv=2`);
  assert.deepEqual(g.body.suggerimenti.map((s) => s.chiave), [keyOf('A', 'B', 'C', 'F')]);
  assert.equal(g.body.suggerimenti[0].comuni, 4);
  const c = await u.officer.call('GET', `${BASE}/aggregazioni?costo_procedura_cents=1000000`);
  assert.equal(c.body.suggerimenti[0].risparmio.risparmio_procedure_cents, 2000000);
  // No window at all: nothing groups.
  const z = await u.officer.call('GET', `${BASE}/aggregazioni?finestra_giorni=0`);
  assert.deepEqual(z.body.suggerimenti, []);
});

test('only the Province\'s SUA officer; bad parameters and bodies are 4xx and change nothing', async () => {
  for (const who of ['c0', 'officervi', 'operatore', 'admin']) {
    assertEnvelope(assert, await u[who].call('GET', `${BASE}/aggregazioni`), 403);
    assertEnvelope(assert, await u[who].call('POST', `${BASE}/aggregazioni/accetta`, { richieste: [ids.A, ids.B, ids.C] }), 403);
    assertEnvelope(assert, await u[who].call('GET', `${BASE}/frazionamenti`), 403);
  }
  const anon = await fetch(`${srv.url}${BASE}/aggregazioni`);
  assert.equal(anon.status, 401);
  assertEnvelope(assert, await u.officer.call('GET', '/api/v1/sua/province/999/aggregazioni'), 404);
  const decisions = count('sua_aggregazione');
  const gare = count('sua_gara');
  const audit = count('audit_log');
  for (const [q, field] of [['cifre_cpv=9', 'cifre_cpv'], ['cifre_cpv=1', 'cifre_cpv'], ['finestra_giorni=-1', 'finestra_giorni'],
    ['finestra_giorni=731', 'finestra_giorni'], ['costo_procedura_cents=abc', 'costo_procedura_cents'], ['altro=1', 'altro']]) {
    const e = assertEnvelope(assert, await u.officer.call('GET', `${BASE}/aggregazioni?${q}`), 400);
    assert.equal(e.field, field, q);
  }
  const bodies = [
    [{ richieste: [ids.A, ids.B, ids.C] }, 400, 'motivo', 'rifiuta'],
    [{ richieste: [ids.A], motivo: 'x' }, 400, 'richieste', 'rifiuta'],
    [{ richieste: [ids.A, 'due'], motivo: 'x' }, 400, 'richieste[1]', 'rifiuta'],
    [{ richieste: [ids.A, ids.B, ids.C], motivo: 'x'.repeat(2001) }, 400, 'motivo', 'rifiuta'],
    [{ richieste: [ids.A, ids.D], motivo: 'non è un gruppo' }, 409, 'richieste', 'rifiuta'],
    [{ richieste: [ids.A, ids.B] }, 409, 'richieste', 'accetta'],
    [{ richieste: [ids.A, ids.B, ids.C], extra: 1 }, 400, 'extra', 'accetta'],
    [{ richieste: [ids.A, ids.B, ids.C, 999999] }, 409, 'richieste', 'accetta'],
  ];
  for (const [body, status, field, what] of bodies) {
    const e = assertEnvelope(assert, await u.officer.call('POST', `${BASE}/aggregazioni/${what}`, body), status);
    assert.equal(e.field, field, JSON.stringify(body));
  }
  assert.equal(count('sua_aggregazione'), decisions);
  assert.equal(count('sua_gara'), gare);
  assert.equal(count('audit_log'), audit);
});

test('rejecting records the reason once; accepting another group makes the draft tender', async () => {
  const rej = await u.officer.call('POST', `${BASE}/aggregazioni/rifiuta`,
    { richieste: [ids.C, ids.A, ids.B], motivo: 'Il Comune 3 ha già un contratto in corso.' });
  assert.equal(rej.status, 200, JSON.stringify(rej.body));
  assert.equal(count('audit_log', "action = 'sua.aggregazione.rifiuta'"), 1);
  const again = await u.officer.call('POST', `${BASE}/aggregazioni/rifiuta`, { richieste: [ids.A, ids.B, ids.C], motivo: 'di nuovo' });
  assertEnvelope(assert, again, 409);
  const l = await u.officer.call('GET', `${BASE}/aggregazioni`);
  assert.equal(l.body.suggerimenti[0].decisione.esito, 'rifiutata');
  assert.equal(l.body.suggerimenti[0].decisione.motivo, 'Il Comune 3 ha già un contratto in corso.');

  // With a 119-day window the group is A+B: accept it.
  const acc = await u.officer.call('POST', `${BASE}/aggregazioni/accetta?finestra_giorni=119`, { richieste: [ids.B, ids.A] });
  assert.equal(acc.status, 201, JSON.stringify(acc.body));
  const gara = await u.officer.call('GET', `/api/v1/sua/gare/${acc.body.gara_id}`);
  assert.equal(gara.status, 200);
  assert.equal(gara.body.stato, 'bozza');
  assert.equal(gara.body.provincia, '017');
  assert.equal(gara.body.tipo, 'servizi');
  assert.deepEqual(gara.body.lotti.map((x) => [x.numero, x.richiesta_id, x.comune, x.importo_cents, x.sicurezza_cents]),
    [[1, ids.A, comuni[0][0], 10000000, 100000], [2, ids.B, comuni[1][0], 7000000, 100000]]);
  assert.deepEqual(gara.body.lotti.map((x) => x.cpv), ['90910000-9', '90911200-8']);
  for (const id of [ids.A, ids.B]) {
    const r = await u.officer.call('GET', `/api/v1/sua/richieste/${id}`);
    assert.equal(r.body.stato, 'in_gara');
    assert.equal(r.body.gara_id, acc.body.gara_id);
  }
  assert.equal(count('audit_log', `action = 'sua.aggregazione.accetta' AND object_id = '${acc.body.gara_id}'`), 1);
  assert.equal(count('audit_log', "action = 'sua.richiesta.gara'"), 2);
  // A and B are in a tender now: no suggestion names them.
  const after = await u.officer.call('GET', `${BASE}/aggregazioni?cifre_cpv=2`);
  assert.ok(after.body.suggerimenti.every((s) => !s.richieste.some((x) => x.id === ids.A || x.id === ids.B)));
  assert.equal(after.body.richieste_esaminate, 4);
});

test('splitting: one Comune\'s requests that together change band are flagged until justified', async () => {
  // Comune 4: two IT services of 100.000,00 each; alone direct award,
  // together (200.000,00) the negotiated procedure's band.
  const one = await sent(4, { cpv: '72222300-0', importo_cents: 10000000, oggetto: 'Assistenza informatica' });
  const two = await sent(4, { cpv: '72267000-4', importo_cents: 10000000, oggetto: 'Manutenzione software' });
  const f = await u.officer.call('GET', `${BASE}/frazionamenti`);
  assert.equal(f.status, 200, JSON.stringify(f.body));
  const alarms = f.body.allarmi.filter((a) => a.comune === comuni[4][0]);
  assert.equal(alarms.length, 1, JSON.stringify(f.body.allarmi));
  const a = alarms[0];
  assert.equal(a.cpv_gruppo, '722');
  assert.equal(a.totale_cents, 20000000);
  assert.deepEqual(a.richieste.map((x) => x.id).sort((x, y) => x - y), [one, two]);
  assert.notEqual(a.fascia_singola.procedura, a.fascia_somma.procedura);
  assert.equal(a.giustificato, false);
  // The other Comuni's requests (A..F, one each per group) raise nothing.
  assert.ok(f.body.allarmi.every((x) => x.comune === comuni[4][0]), 'only Comune 4');
  // The take is refused until the reasons are recorded.
  const take = await u.officer.call('POST', `/api/v1/sua/richieste/${two}/prendi`);
  const e = assertEnvelope(assert, take, 409);
  assert.match(e.message, /frazionamento/);
  // Another Province's request cannot be justified from here.
  const bad = await u.officer.call('POST', `${BASE}/frazionamenti/giustifica`, { richieste: [one, 424242], motivo: 'x' });
  assertEnvelope(assert, bad, 404);
  assert.equal(count('sua_richiesta', `id = ${one} AND giustificazione IS NOT NULL`), 0, 'rolled back');
  const j = await u.officer.call('POST', `${BASE}/frazionamenti/giustifica`,
    { richieste: [one, two], motivo: 'Servizi distinti, affidati a scadenze diverse per ragioni di bilancio.' });
  assert.equal(j.status, 200, JSON.stringify(j.body));
  assert.equal(j.body.giustificate, 2);
  assert.equal(count('audit_log', "action = 'sua.frazionamento.giustifica'"), 2);
  const f2 = await u.officer.call('GET', `${BASE}/frazionamenti`);
  assert.equal(f2.body.allarmi.find((x) => x.comune === comuni[4][0]).giustificato, true);
  const take2 = await u.officer.call('POST', `/api/v1/sua/richieste/${two}/prendi`);
  assert.equal(take2.status, 200, JSON.stringify(take2.body));
});

test('"La mia area": the officer\'s counts', async () => {
  const r = await u.officer.call('GET', '/api/v1/area');
  const p = r.body.panels.find((x) => x.id === 'sua-aggregazioni');
  assert.ok(p, JSON.stringify(r.body.panels.map((x) => x.id)));
  const sugg = p.todo.find((t) => t.label.startsWith('Suggerimenti'));
  assert.equal(sugg.link, '/aggregazioni.html?provincia=017');
  assert.ok(Number.isInteger(sugg.count));
  const fr = p.todo.find((t) => t.label.startsWith('Allarmi'));
  assert.equal(fr.count, 0);
});
