// sua-scenario.test.mjs - the SUA as its users live it (issue 12, the first
// test it asks for), end to end against a real server, on both backends,
// with real users of each role in the Province of Brescia: three Comuni
// with a convenzione send requests; the officer gets one aggregation
// suggestion with the expected lots and regime, accepts it, completes and
// publishes the tender; the public list and page show it and the OCDS
// record package validates against the official schema; a Comune never
// sees another Comune's draft and an economic operator can change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertEnvelope, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { validateRecordPackage, validateReleasePackage, assertValid } from '../lib/ocds.mjs';

let srv;
const u = {};
const comuni = [];
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

// "gg/mm/aaaa hh:mm" (Italian time) offset days from today.
function quando(offset, hour) {
  const [y, m, d] = day(offset).split('-');
  return `${d}/${m}/${y} ${String(hour).padStart(2, '0')}:00`;
}

// A valid CIG of the PCP kind (LAW.md 9.1): B + 6 hex + HEX3(((N + 2) * 211) mod 4091).
function cig(n) {
  const k = ((n + 2) * 211) % 4091;
  return `B${n.toString(16).toUpperCase().padStart(6, '0')}${k.toString(16).toUpperCase().padStart(3, '0')}`;
}

before(async () => {
  srv = await startServer({ web: false });
  const list = await (await fetch(`${srv.url}/api/v1/comuni?provincia=BS&limit=4&ordina=codice`)).json();
  for (const c of list.items) comuni.push([c.codice_istat, c.nome]);
  const people = [
    ['officer', 'sua_officer', 'provincia:017'],
    ['admin', 'admin', 'provincia:017'],
    ['operatore', 'operator', 'operatore:01234567897'],
  ];
  comuni.forEach(([codice], k) => people.push([`c${k}`, 'comune', `comune:${codice}`]));
  for (const [k, role, ente] of people) addUser(srv.db, `scen-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `scen-${k}@example.org`);
});
after(async () => { await srv.stop(); });

test('three Comuni ask, the officer aggregates and publishes, everyone sees it', async () => {
  // Convenzioni for services.
  for (const [codice] of comuni.slice(0, 3)) {
    const r = await u.admin.call('POST', `/api/v1/sua/comuni/${codice}/convenzioni`, {
      lavori: false, servizi: true, forniture: false, valida_dal: day(-10), valida_al: day(365),
      delibera_numero: '21/2026', delibera_data: day(-20), compenso_tipo: 'percentuale', compenso_percentuale: 100,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  // Comune 3 has no convenzione: its request cannot be sent.
  const orphan = await u.c3.call('POST', `/api/v1/sua/comuni/${comuni[3][0]}/richieste`, {
    oggetto: 'Pulizia', tipo: 'servizi', cpv: '90910000-9', importo_cents: 1000000, fonte: 'proprie',
    rup_nome: 'R', data_aggiudicazione: day(60),
  });
  assert.equal(orphan.status, 201);
  assert.equal((await u.c3.call('POST', `/api/v1/sua/richieste/${orphan.body.id}/invia`)).status >= 400, true);

  // Three requests, sent; one more draft of Comune 0.
  const plan = [
    ['Pulizia del municipio e della biblioteca', '90910000-9', 9000000, 50],
    ['Pulizia delle scuole primarie', '90911200-8', 8000000, 80],
    ['Pulizia degli uffici comunali', '90919200-4', 7000000, 110],
  ];
  const ids = [];
  for (let k = 0; k < 3; k++) {
    const [oggetto, cpv, importo, when] = plan[k];
    const c = await u[`c${k}`].call('POST', `/api/v1/sua/comuni/${comuni[k][0]}/richieste`, {
      oggetto, tipo: 'servizi', cpv, importo_cents: importo, sicurezza_cents: 20000, fonte: 'proprie',
      rup_nome: `RUP ${comuni[k][1]}`, data_aggiudicazione: day(when),
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal((await u[`c${k}`].call('POST', `/api/v1/sua/richieste/${c.body.id}/invia`)).status, 200);
    ids.push(c.body.id);
  }
  const draft = await u.c0.call('POST', `/api/v1/sua/comuni/${comuni[0][0]}/richieste`, {
    oggetto: 'Bozza riservata', tipo: 'servizi', cpv: '90910000-9', importo_cents: 100000, fonte: 'proprie',
    rup_nome: 'R', data_aggiudicazione: day(90),
  });
  assert.equal(draft.status, 201);
  // Another Comune never sees it, nor lists it.
  const peek = await u.c1.call('GET', `/api/v1/sua/richieste/${draft.body.id}`);
  assert.ok([403, 404].includes(peek.status), String(peek.status));
  assert.equal(JSON.stringify(peek.body).includes('Bozza riservata'), false);
  const l1 = await u.c1.call('GET', '/api/v1/sua/richieste?limit=100');
  assert.ok(l1.body.items.every((r) => r.comune === comuni[1][0]));
  assertEnvelope(assert, await u.c1.call('PUT', `/api/v1/sua/richieste/${draft.body.id}`, { oggetto: 'x' }), 403);

  // One suggestion: the three requests, one lot each, EU regime (240.000 > 216.000).
  const s = await u.officer.call('GET', '/api/v1/sua/province/017/aggregazioni');
  assert.equal(s.status, 200);
  assert.equal(s.body.suggerimenti.length, 1);
  const sug = s.body.suggerimenti[0];
  assert.deepEqual(sug.richieste.map((r) => r.id), ids);
  assert.equal(sug.totale_cents, 24000000);
  assert.equal(sug.consiglio.sopra_soglia_ue, true);
  assert.deepEqual(sug.consiglio.lotti.lotti.map((l) => [l.importo_cents, l.regime]),
    [[9000000, 'sopra_soglia'], [8000000, 'sopra_soglia'], [7000000, 'sopra_soglia']]);

  // The operator can change nothing on the way.
  for (const [m, p, b] of [
    ['POST', '/api/v1/sua/province/017/aggregazioni/accetta', { richieste: ids }],
    ['POST', `/api/v1/sua/comuni/${comuni[0][0]}/richieste`, { oggetto: 'x' }],
    ['POST', '/api/v1/sua/province/017/gare', { oggetto: 'x', tipo: 'servizi', lotti: [] }],
    ['POST', `/api/v1/sua/richieste/${ids[0]}/prendi`, undefined],
  ]) {
    const r = await u.operatore.call(m, p, b);
    assert.equal(r.status, 403, `${m} ${p}: ${r.status}`);
  }

  const acc = await u.officer.call('POST', '/api/v1/sua/province/017/aggregazioni/accetta', { richieste: ids });
  assert.equal(acc.status, 201, JSON.stringify(acc.body));
  const gid = acc.body.gara_id;
  // Not public while a draft.
  assert.equal((await fetch(`${srv.url}/api/v1/gare/${gid}`)).status, 404);
  const g = await u.officer.call('GET', `/api/v1/sua/gare/${gid}`);
  const lotti = g.body.lotti.map((l, i) => ({
    oggetto: l.oggetto, cig: cig(0x5C0000 + gid * 8 + i), cpv: l.cpv, importo_cents: l.importo_cents,
    sicurezza_cents: l.sicurezza_cents, comune: l.comune, richiesta_id: l.richiesta_id,
  }));
  const put = await u.officer.call('PUT', `/api/v1/sua/gare/${gid}`, {
    procedura: 'aperta', criterio: 'prezzo', rup_nome: 'Dott.ssa Giulia Verdi', data_invio: day(0),
    termine_chiarimenti: quando(20, 12), termine_offerte: quando(45, 12), prima_seduta: quando(46, 10), lotti,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assertEnvelope(assert, await u.operatore.call('PUT', `/api/v1/sua/gare/${gid}`, { rup_nome: 'x' }), 403);
  const pub = await u.officer.call('POST', `/api/v1/sua/gare/${gid}/pubblica`);
  assert.equal(pub.status, 200, JSON.stringify(pub.body));

  // The public list and page.
  const list = await (await fetch(`${srv.url}/api/v1/gare?q=pulizia&comune=${comuni[1][0]}`)).json();
  assert.deepEqual(list.items.map((x) => x.id), [gid]);
  assert.equal(list.items[0].importo_cents, 24000000);
  const page = await (await fetch(`${srv.url}/api/v1/gare/${gid}`)).json();
  assert.equal(page.lotti.length, 3);
  assert.deepEqual(page.lotti.map((l) => l.cig), lotti.map((l) => l.cig));

  // OCDS: the tender's record package and the release package validate.
  const rec = await (await fetch(`${srv.url}/api/v1/ocds/tenders/${gid}`)).json();
  assertValid(validateRecordPackage(rec), 'record package');
  const rel = rec.records[0].compiledRelease;
  assert.equal(rel.tender.lots.length, 3);
  assert.ok(rel.parties.some((p) => p.roles.includes('procuringEntity')));
  const pkg = await (await fetch(`${srv.url}/api/v1/ocds/releases`)).json();
  assertValid(validateReleasePackage(pkg), 'release package');
  assert.ok(pkg.releases.some((r) => r.ocid === rec.records[0].ocid));

  // The requests follow the tender.
  for (let k = 0; k < 3; k++) {
    const r = await u[`c${k}`].call('GET', `/api/v1/sua/richieste/${ids[k]}`);
    assert.equal(r.body.stato, 'in_gara');
    assert.equal(r.body.gara_id, gid);
  }
  assert.equal(count('audit_log', "action = 'sua.gara.publish'") >= 1, true);
});
