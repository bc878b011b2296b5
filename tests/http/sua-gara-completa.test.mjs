// sua-gara-completa.test.mjs - one negotiated procedure run from the albo to
// the contract through the HTTP API only, the way the people of issue 13
// run it: operators apply to Vicenza's albo and are approved; three SUA
// officers enrol their holder keys; the officer declares the invitations'
// criteria, invites five of the six eligible, names the holders (2 of 3)
// and publishes; the five invitees submit sealed bids (one replaces its
// own) and get signed receipts naming them as the albo does, while the
// sixth, not invited, is refused; after the deadline the officer opens A
// and C with two passphrases, admits, ranks with method A (threshold
// computed by hand below), proposes, checks, awards and records the
// contract.  The public results appear only after the award; OCDS stays
// valid; the next tender in the same sector and band applies the rotation
// to the awardee and the invitees; the audit chain verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { publishedTender, receiptValid } from '../lib/buste.mjs';
import { piva, domanda, EMPTY_ALBO } from '../lib/albo.mjs';
import { enrolHolders, operator, submit, openEnvelopes, deadlinePassed } from '../lib/offerte.mjs';
import { validateRecordPackage, assertValid, BIDS_EXTENSION } from '../lib/ocds.mjs';

const VI = 'provincia:024';
const DAY = 86400 * 1000;
let srv;
let rup;
let keys;
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const ddmmyyyy = (ymd) => ymd.split('-').reverse().join('/');

// Six operators of the albo and their discounts (3 decimals); F is
// eligible but not invited.
//   A 8.000  B 10.000  C 11.000  D 12.500  E 20.000
// Method A, n = 5: k = ceil(0.5) = 1, wings 8.000 and 20.000 set aside;
// kept 10, 11, 12.5: S = 33.5, M = 11.1666...; above M only 12.5, so
// SM = 12.5 - M = 1.3333...; n < 15 and SM/M = 0.1194 <= 0.15 (A.2) ->
// threshold = 1.2 M = 40.2 / 3 = 13.400.  Excluded (>= 13.400): E.
// Ranking: D 12.500, C 11.000, B 10.000, A 8.000; award discount 12.500.
const OPS = {
  A: { piva: piva('0522222201'), ribasso: '8.000' },
  B: { piva: piva('0522222202'), ribasso: '10.000' },
  C: { piva: piva('0522222203'), ribasso: '11.000' },
  D: { piva: piva('0522222204'), ribasso: '12.500' },
  E: { piva: piva('0522222205'), ribasso: '20.000' },
  F: { piva: piva('0522222206') },
};
const INVITED = ['A', 'B', 'C', 'D', 'E'];
const nameOf = (k) => `Impresa ${k} Costruzioni S.r.l.`;

before(async () => {
  srv = await startServer({ web: false });
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  sql(EMPTY_ALBO);
  sql('DELETE FROM sua_aggiudicatario');
  for (const k of ['rup', 'capo', 'terzo']) addUser(srv.db, `completa.${k}@example.org`, 'sua_officer', VI);
  rup = await login(srv.url, 'completa.rup@example.org');
  keys = await enrolHolders([rup, await login(srv.url, 'completa.capo@example.org'), await login(srv.url, 'completa.terzo@example.org')]);
});
after(async () => { await srv.stop(); });

test('the albo: six operators apply and are approved', async () => {
  for (const [k, o] of Object.entries(OPS)) {
    const who = await operator(srv, o.piva);
    const r = await who.call('POST', `/api/v1/sua/operatori/${o.piva}/albo`, domanda({ ragione_sociale: nameOf(k), codice_fiscale: o.piva }));
    assert.equal(r.status, 201, `${k}: ${JSON.stringify(r.body)}`);
    const a = await rup.call('POST', `/api/v1/sua/albo/${r.body.id}/approva`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
  }
  assert.equal(count("sua_albo WHERE provincia = '024' AND stato = 'approvato'"), 6);
});

let gara;
let bids;
test('invitations, holders, publication; only the invitees bid, under their albo names', async () => {
  gara = await publishedTender(rup, {
    procedura: 'negoziata_senza_bando', custodi: keys.map((x) => x.user_id), k: 2, decimali: 3,
    before: async (id) => {
      let r = await rup.call('PUT', `/api/v1/sua/gare/${id}/inviti/criteri`, { cpv: '45233141-9' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      r = await rup.call('GET', `/api/v1/sua/gare/${id}/inviti/anteprima`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.ammessi, 6);
      r = await rup.call('POST', `/api/v1/sua/gare/${id}/inviti`, { modo: 'selezione', operatori: INVITED.map((k) => OPS[k].piva) });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    },
  });
  // The public page says who can read the bids, and when.
  const ris = await fetch(`${srv.url}/api/v1/gare/${gara}/riservatezza`).then((x) => x.json());
  assert.equal(ris.k, 2);
  assert.equal(ris.n, 3);
  // The method of the anomaly threshold is fixed before the deadline.
  let r = await rup.call('PUT', `/api/v1/sua/gare/${gara}/valutazione`, { metodo_anomalia: 'A' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // Each invitee sees its invitation; F sees none.
  r = await (await operator(srv, OPS.A.piva)).call('GET', `/api/v1/sua/operatori/${OPS.A.piva}/inviti`);
  assert.deepEqual(r.body.items.map((i) => i.gara_id), [gara]);
  r = await (await operator(srv, OPS.F.piva)).call('GET', `/api/v1/sua/operatori/${OPS.F.piva}/inviti`);
  assert.deepEqual(r.body.items, []);
  // F is refused, nothing stored.
  const before0 = count('sua_offerta');
  r = await (await operator(srv, OPS.F.piva)).call('POST', `/api/v1/sua/gare/${gara}/lotti/1/offerta`, { buste: { A: {}, C: { ribasso: '30', oneri_sicurezza_cents: 0, costo_manodopera_cents: 0 } } });
  assert.equal(assertEnvelope(assert, r, 422).field, 'operatore');
  assert.equal(count('sua_offerta'), before0);
  // The five invitees bid; D first with a lower discount, then replaces it.
  const first = await submit(srv, gara, 1, OPS.D.piva, 'nome scritto a mano', { ribasso: '9,000' });
  bids = {};
  for (const k of INVITED) bids[k] = await submit(srv, gara, 1, OPS[k].piva, 'nome scritto a mano', { ribasso: OPS[k].ribasso, oneri_sicurezza_cents: 100000, costo_manodopera_cents: 5000000 });
  assert.equal(JSON.parse(bids.D.ricevuta.contenuto).sostituisce, first.id);
  assert.equal(sql(`SELECT stato FROM sua_offerta WHERE id = ${first.id}`), 'sostituita');
  // Receipts: signed with the published key (checked with node:crypto),
  // naming the company as the albo does.
  const key = await fetch(`${srv.url}/api/v1/ricevute/chiave-pubblica`).then((x) => x.json());
  for (const k of INVITED) {
    const c = JSON.parse(bids[k].ricevuta.contenuto);
    assert.equal(receiptValid(bids[k].ricevuta, key.chiave_pubblica), true, k);
    assert.equal(c.operatore, OPS[k].piva);
    assert.equal(c.ragione_sociale, nameOf(k));
  }
  // Before the deadline nobody opens, with all three passphrases.
  r = await rup.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'A', custodi: keys });
  assert.equal(assertEnvelope(assert, r, 422).field, 'termine_offerte');
  assert.equal(count('sua_busta WHERE aperta_at IS NOT NULL'), 0);
});

test('opening, ranking with method A, award, contract; public results only after the award', async () => {
  deadlinePassed(sql, gara);
  // A late bid: refused.
  const r0 = await (await operator(srv, OPS.A.piva)).call('POST', `/api/v1/sua/gare/${gara}/lotti/1/offerta`, { buste: { A: {}, C: { ribasso: '1', oneri_sicurezza_cents: 0, costo_manodopera_cents: 0 } } });
  assert.equal(assertEnvelope(assert, r0, 422).field, 'termine_offerte');
  const apri = (busta) => openEnvelopes(rup, gara, 1, busta, keys.slice(1));
  assert.equal((await apri('A')).buste_aperte, 5);
  const seduta = async (tipo) => {
    const r = await rup.call('POST', `/api/v1/sua/gare/${gara}/sedute`, { lotto: 1, tipo, data: iso(Date.now()), presenti: ['Ing. Maria Rossi (RUP)', 'Dott.ssa Anna Bianchi'] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.numero;
  };
  const sa = await seduta('amministrativa');
  for (const k of INVITED) {
    const r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/ammissioni`, { offerta_id: bids[k].id, esito: 'ammessa' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assert.equal((await rup.call('POST', `/api/v1/sua/gare/${gara}/sedute/${sa}/chiudi`, { esito: '5 offerte ammesse.' })).status, 200);
  const se = await seduta('economica');
  await apri('C');
  let r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/graduatoria`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const eco = r.body.lotti[0].economica;
  assert.equal(eco.metodo_anomalia, 'A');
  assert.equal(eco.esclusione_automatica, true);
  assert.equal(eco.soglia.soglia, '13.4'); // the engine's exact decimal
  assert.equal(eco.soglia.taglio_ali.k, 1);
  assert.match(eco.soglia.variante, /^A\.2 /);
  assert.deepEqual(eco.graduatoria.map((g) => [g.operatore, g.ribasso, g.posizione, g.esclusa]), [
    [OPS.D.piva, '12.500', 1, false], [OPS.C.piva, '11.000', 2, false], [OPS.B.piva, '10.000', 3, false],
    [OPS.A.piva, '8.000', 4, false], [OPS.E.piva, '20.000', 0, true]]);
  assert.equal(eco.ribasso_aggiudicazione, '12.500');
  // Ranked, not awarded: nothing of the lot on the public portal.
  const pub = async () => (await fetch(`${srv.url}/api/v1/gare/${gara}`).then((x) => x.json())).esiti.find((e) => e.lotto === 1);
  assert.equal(await pub(), undefined);
  r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/proposta`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].proposta_offerta, bids.D.id);
  assert.equal(await pub(), undefined);
  for (const req of ['DURC', 'Casellario giudiziale']) {
    r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/verifiche`, { requisito: req, esito: 'positivo' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/aggiudica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].standstill_giorni, null);
  assert.equal((await rup.call('POST', `/api/v1/sua/gare/${gara}/sedute/${se}/chiudi`, { esito: 'Aggiudicazione.' })).status, 200);
  // Awarded: participants, ranking, threshold, winner and discount public.
  const e = await pub();
  assert.equal(e.stato, 'aggiudicata');
  assert.equal(e.partecipanti, 5);
  assert.equal(e.ammesse, 5);
  assert.equal(e.aggiudicatario.ragione_sociale, nameOf('D'));
  assert.equal(e.ribasso_aggiudicazione, '12.500');
  assert.equal(e.soglia_anomalia.soglia, '13.4');
  // Contract: 400000 euro less 12.5 % of the works (395000) + safety 5000.
  const importo = 40000000 - Math.round((40000000 - 500000) * 0.125);
  r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: importo });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await pub()).contratto_cents, importo);
  // Lot 2 had no bids: deserted.
  r = await rup.call('POST', `/api/v1/sua/gare/${gara}/lotti/2/deserta`, { motivo: 'Nessuna offerta presentata.' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // OCDS: the record is valid, with the bids extension and the award.
  const pkg = await fetch(`${srv.url}/api/v1/ocds/tenders/${gara}`).then((x) => x.json());
  assertValid(validateRecordPackage(pkg), 'record package');
  assert.ok(pkg.extensions.includes(BIDS_EXTENSION));
  const c = pkg.records[0].compiledRelease;
  assert.equal(c.awards[0].suppliers[0].id, `IT-CF-${OPS.D.piva}`);
  const st = Object.fromEntries(c.bids.statistics.filter((x) => x.relatedLot === '1').map((x) => [x.measure, x.value]));
  assert.equal(st.bids, 5);
  assert.equal(st.tendersAbnormallyLow, 1);
});

test('the next tender in the same sector and band: rotation of the awardee and the invitees', async () => {
  const next = await publishedTender(rup, {
    procedura: 'negoziata_senza_bando',
    before: async (id) => {
      const r = await rup.call('PUT', `/api/v1/sua/gare/${id}/inviti/criteri`, { cpv: '45233141-9' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    },
  });
  const r = await rup.call('GET', `/api/v1/sua/gare/${next}/inviti/anteprima`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const esito = Object.fromEntries(r.body.operatori.map((o) => [Object.keys(OPS).find((k) => OPS[k].piva === o.partita_iva), o.esito]));
  assert.deepEqual(esito, {
    A: 'rotazione_invitato', B: 'rotazione_invitato', C: 'rotazione_invitato', D: 'rotazione_aggiudicatario',
    E: 'rotazione_invitato', F: 'ammesso',
  });
});

test('the audit chain verifies after the whole procedure', () => {
  const r = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  for (const a of ['sua.albo.approva', 'sua.inviti.invita', 'sua.offerta.presenta', 'sua.offerta.apertura', 'sua.aggiudicazione.aggiudica', 'sua.aggiudicazione.contratto']) {
    assert.ok(count(`audit_log WHERE action = '${a}'`) >= 1, a);
  }
});
