// sua-valutazione.test.mjs - the evaluation of the SUA's tenders end to end
// (issue 13, item 5): sessions, envelope A decisions, the commission's
// coefficients, the technical close, the ranking with the anomaly threshold
// or OEPV scores, ties by the public draw, proposal, checks, award,
// standstill, contract, deserted lot, public results.
//
// Two tenders run through the HTTP API: lowest price with 8 admitted
// offers (method A, automatic exclusion; threshold computed by hand below)
// and OEPV with 3 commissioners (coefficients, means and riparametrazione
// computed by hand below).  Objects x entes: another Province's officer, a
// commissioner not assigned, another Province's commissioner, an operator,
// a Comune, the Province's admin (reads only), anonymous: refused, nothing
// leaked.  Bad input: out-of-range coefficient, closing twice, award before
// ranking, contract before the standstill's end: clear errors, nothing
// changed.
//
// The bids are real: three officers enrol their holder keys, each tender
// names them (2 of 3) before publication, the operators (role operator on
// 'operatore:PIVA') upload a file and submit envelopes A, (B), C through
// the HTTP API (tests/lib/offerte.mjs), the deadline is moved past by SQL,
// and the officer opens A, (B after the commission is named), C with two
// passphrases; the evaluation then reads what the opening wrote.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startServer, newDatabase, assertEnvelope, cli, sql as sqlOn, SHARED, BACKEND } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { validateRecordPackage, validateReleasePackage, assertValid, BIDS_EXTENSION } from '../lib/ocds.mjs';
import { enrolHolders, nameHolders, submit, openEnvelopes, operator } from '../lib/offerte.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { piva, cig } from '../lib/buste.mjs';

const VI = 'provincia:024';
const PD = 'provincia:028';
const DAY = 86400 * 1000;

let srv;
let sua; let suaPd; let adminVi; let comune; let oper;
let comm = []; // the three assigned commissioners
let commOut; // a commissioner of Vicenza not assigned
let commPd; // a commissioner of Padova
let keys; // the holders' { user_id, passphrase }: the RUP, the SUA head, a third officer
const commIds = [];
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const PASS_MARK = 'non è la frase giusta';
const ddmmyyyy = (ymd) => ymd.split('-').reverse().join('/');
// A minute's PDF as text (poppler's pdftotext, independent of the
// renderer), whitespace made one space; its SHA-256 checked against the
// audit record of its creation.
async function minuteText(vid, who = sua) {
  const res = await fetch(`${srv.url}/api/v1/sua/verbali/${vid}/pdf`, who ? { headers: { cookie: `av_session=${who.cookie}` } } : {});
  assert.equal(res.status, 200);
  const buf = Buffer.from(await res.arrayBuffer());
  const det = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.verbale.create' AND object_id = '${vid}'`));
  assert.equal(det.sha256, createHash('sha256').update(buf).digest('hex'));
  const f = join(mkdtempSync(join(tmpdir(), 'av-val-')), 'v.pdf');
  writeFileSync(f, buf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString('utf8').replace(/\s+/g, ' ');
}
// The minute a step stored (named in the step's audit record).
const stepMinute = (action, lottoId) => JSON.parse(sql(`SELECT details FROM audit_log WHERE action = '${action}' AND object_id = '${lottoId}' ORDER BY seq DESC LIMIT 1`)).verbale;

// Submitted offers on lot numero: [[piva, name, campiC]] -> their bids
// (envelope B too when b is given); every envelope sealed until opened.
async function offerte(garaId, numero, list, b = null) {
  const out = [];
  for (const [piva, nome, campi] of list) out.push(await submit(srv, garaId, numero, piva, nome, campi, b));
  return out;
}
const apri = (garaId, numero, busta) => openEnvelopes(sua, garaId, numero, busta, keys);

before(async () => {
  const d = newDatabase();
  const r = cli(['import', 'cpv', '--db', d.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(d.db, 'sua.val.vi@example.org', 'sua_officer', VI);
  addUser(d.db, 'sua.val.pd@example.org', 'sua_officer', PD);
  addUser(d.db, 'capo.val.vi@example.org', 'sua_officer', VI, 'Dirigente SUA');
  addUser(d.db, 'terzo.val.vi@example.org', 'sua_officer', VI, 'Terzo custode');
  addUser(d.db, 'admin.val.vi@example.org', 'admin', VI);
  addUser(d.db, 'comune.val@example.org', 'comune', 'comune:024116');
  addUser(d.db, 'op.val@example.org', 'operator', 'operatore:01234567897');
  for (let i = 1; i <= 3; i++) commIds.push(addUser(d.db, `comm${i}.val@example.org`, 'commissioner', VI, `Commissario ${i}`));
  addUser(d.db, 'comm.out.val@example.org', 'commissioner', VI);
  addUser(d.db, 'comm.pd.val@example.org', 'commissioner', PD);
  srv = await startServer({ reuse: d.db });
  sua = await login(srv.url, 'sua.val.vi@example.org');
  suaPd = await login(srv.url, 'sua.val.pd@example.org');
  adminVi = await login(srv.url, 'admin.val.vi@example.org');
  comune = await login(srv.url, 'comune.val@example.org');
  oper = await login(srv.url, 'op.val@example.org');
  for (let i = 1; i <= 3; i++) comm.push(await login(srv.url, `comm${i}.val@example.org`));
  commOut = await login(srv.url, 'comm.out.val@example.org');
  commPd = await login(srv.url, 'comm.pd.val@example.org');
  keys = await enrolHolders([sua, await login(srv.url, 'capo.val.vi@example.org'), await login(srv.url, 'terzo.val.vi@example.org')]);
});
after(async () => { await srv.stop(); });

// A published tender of Vicenza with the given lots, criterio and criteri.
async function published(oggetto, tipo, lotti, criterio, criteri) {
  const r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto, tipo, lotti });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, {
    procedura: 'aperta', criterio, ...(criteri ? { criteri } : {}), rup_nome: 'Ing. Anna Verdi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY), prima_seduta: iso(Date.now() + 46 * DAY),
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  await nameHolders(sua, id, keys);
  const p = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}
// The offer deadline passes (the clock is not ours to move).
function deadlinePassed(id) {
  sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id}`);
}
const view = async (id) => {
  const v = await sua.call('GET', `/api/v1/sua/gare/${id}/valutazione`);
  assert.equal(v.status, 200, JSON.stringify(v.body));
  return v.body;
};
const seduta = async (id, lotto, tipo) => {
  const r = await sua.call('POST', `/api/v1/sua/gare/${id}/sedute`, { lotto, tipo, data: iso(Date.now()), presenti: ['Ing. Anna Verdi (RUP)', 'Dott. Luca Neri'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.numero;
};
const chiudi = (id, n, esito = 'Seduta chiusa.') => sua.call('POST', `/api/v1/sua/gare/${id}/sedute/${n}/chiudi`, { esito });

// ---- lowest price, 8 offers, method A ------------------------------------

// Discounts (3 decimals) in submission order, as in the unit test:
//   13.000 16.750 10.000 15.000 20.500 11.500 14.125 12.250
// n = 8: k = ceil(0.8) = 1, wings 10.000 and 20.500 set aside; kept six:
// S = 11.5 + 12.25 + 13 + 14.125 + 15 + 16.75 = 82.625, M = 13.7708333...
// above M: 14.125 15 16.75, SM = (45.875 x 6 - 3 x 82.625) / 18 = 1.5208333
// n < 15 -> A.2: SM/M = 0.1104 <= 0.15 -> threshold = 1.2 M = 16.525.
// Excluded (>= 16.525): 16.750, 20.500.  Winner 15.000 at its own discount.
const PREZZO = [
  ['00000000117', 'Alfa Costruzioni srl', '13.000'],
  ['00000000125', 'Beta Strade spa', '16.750'],
  ['00000000133', 'Gamma Lavori srl', '10.000'],
  ['00000000141', 'Delta Edilizia srl', '15.000'],
  ['00000000158', 'Epsilon Asfalti srl', '20.500'],
  ['00000000166', 'Zeta Infrastrutture srl', '11.500'],
  ['00000000174', 'Eta Costruzioni srl', '14.125'],
  ['00000000182', 'Theta Scavi snc', '12.250'],
];

let gp; // the lowest-price tender
let po; // its offers
test('lowest price: settings before the deadline, sessions, envelope A, ranking with method A, award, contract', async () => {
  gp = await published('Manutenzione strade provinciali 2027', 'lavori',
    [{ oggetto: 'Strade zona nord', cig: 'A005544DD8', cpv: '45233141-9', importo_cents: 90000000, sicurezza_cents: 1000000, comune: '024116' },
      { oggetto: 'Strade zona sud', cig: 'A007F7819A', cpv: '45233141-9', importo_cents: 50000000, sicurezza_cents: 0, comune: '024001' }], 'prezzo');
  const id = gp.id;
  const [l1, l2] = gp.lotti.map((l) => l.id);
  // Before the deadline: nothing is evaluated; the method is fixed now.
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/sedute`, { lotto: 1, tipo: 'amministrativa', data: iso(Date.now()), presenti: ['RUP'] }), 422);
  let r = await sua.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { metodo_anomalia: 'C' });
  assert.equal(assertEnvelope(assert, r, 400).field, 'sconto_riferimento');
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { metodo_anomalia: 'A' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.impostazioni.metodo_anomalia, 'A');
  po = await offerte(id, 1, PREZZO.map(([p, n, rib]) => [p, n, { ribasso: rib, oneri_sicurezza_cents: 150000, costo_manodopera_cents: 2000000 }]));
  const late = (await offerte(id, 1, [['00000000190', 'Iota Lavori srl', { ribasso: '30.000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 }]]))[0];
  // Nine receipts, nine current bids on lot 1, none on lot 2.
  assert.equal(count(`sua_offerta WHERE lotto_id = ${l1} AND stato = 'presentata'`), 9);
  assert.equal(count(`sua_offerta WHERE lotto_id = ${l2}`), 0);
  deadlinePassed(id);
  // After it the method cannot change.
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { metodo_anomalia: 'B' });
  assert.equal(assertEnvelope(assert, r, 422).field, 'termine_offerte');
  assert.equal((await view(id)).impostazioni.metodo_anomalia, 'A');
  // The public session opens envelopes A with two of the three passphrases.
  assert.equal((await apri(id, 1, 'A')).buste_aperte, 9);

  // Administrative session: 8 admitted, the ninth to soccorso then excluded.
  const s1 = await seduta(id, 1, 'amministrativa');
  for (const o of po) {
    r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: o.id, esito: 'ammessa' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  // Soccorso needs a reason and a future deadline.
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: late.id, esito: 'soccorso', motivo: 'DGUE incompleto' }), 400).field, 'termine');
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: late.id, esito: 'esclusa' }), 400).field, 'motivo');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: late.id, esito: 'soccorso', motivo: 'DGUE incompleto', termine: iso(Date.now() + 7 * DAY) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // An offer of another lot is not found on this one.
  const s2a = await seduta(id, 2, 'amministrativa');
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/2/ammissioni`, { offerta_id: late.id, esito: 'ammessa' }), 404).field, 'offerta');
  assert.equal((await chiudi(id, s2a, 'Nessuna offerta sul lotto 2.')).status, 200);
  // Undecided (soccorso) offers block the ranking.
  const s2x = await seduta(id, 1, 'economica');
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {}), 422).field, 'ammissioni');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: late.id, esito: 'esclusa', motivo: 'Soccorso istruttorio non riscontrato nel termine' });
  assert.equal(r.status, 200);
  assert.equal((await chiudi(id, s1, '8 offerte ammesse, 1 esclusa.')).status, 200);
  // Closing twice: refused, nothing changed.
  const audits = count('audit_log');
  assertEnvelope(assert, await chiudi(id, s1, 'di nuovo'), 422);
  assert.equal(count('audit_log'), audits);
  assert.equal(sql(`SELECT esito FROM sua_seduta WHERE gara_id = ${id} AND numero = ${s1}`), '8 offerte ammesse, 1 esclusa.');
  // Awarding before the ranking: refused.
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/proposta`), 422);
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`), 422);
  // Envelopes C still sealed: no ranking.
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {}), 422).field, 'buste');
  // Envelope C of the offer excluded at envelope A stays sealed.
  assert.equal((await apri(id, 1, 'C')).buste_aperte, 8);
  assert.equal(count(`sua_busta WHERE offerta_id = ${late.id} AND tipo = 'C' AND aperta_at IS NULL AND campi IS NULL`), 1);
  // The opening wrote each envelope C exactly as submitted (3 decimals).
  assert.deepEqual(JSON.parse(sql(`SELECT campi FROM sua_busta WHERE offerta_id = ${po[1].id} AND tipo = 'C'`)),
    { ribasso: '16.750', oneri_sicurezza_cents: 150000, costo_manodopera_cents: 2000000 });
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const lot = r.body.lotti[0];
  const eco = lot.economica;
  assert.equal(lot.stato, 'graduatoria');
  assert.equal(eco.metodo_anomalia, 'A');
  assert.equal(eco.esclusione_automatica, true);
  assert.equal(eco.seduta, s2x);
  assert.equal(eco.soglia.soglia, '16.525');
  assert.equal(eco.soglia.taglio_ali.k, 1);
  assert.match(eco.soglia.variante, /^A\.2 /);
  assert.deepEqual(eco.graduatoria.map((g) => [g.ribasso, g.posizione, g.esclusa]), [
    ['15.000', 1, false], ['14.125', 2, false], ['13.000', 3, false], ['12.250', 4, false],
    ['11.500', 5, false], ['10.000', 6, false], ['16.750', 0, true], ['20.500', 0, true]]);
  assert.equal(eco.ribasso_aggiudicazione, '15.000');
  assert.deepEqual(eco.escluse_busta_a.map((e) => e.operatore), ['00000000190']);
  // Proposal -> checks -> award; the rotation table gets the awardee.
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`), 422).field, 'lotto');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/proposta`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].proposta_offerta, po[3].id);
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`), 422).field, 'verifiche');
  for (const req of ['DURC', 'Casellario giudiziale', 'Attestazione SOA OG3 classe III']) {
    r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/verifiche`, { requisito: req, esito: 'positivo', note: 'Acquisito tramite FVOE' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/verifiche`, { requisito: 'x', esito: 'forse' }), 400).field, 'esito');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // Under the EU threshold: no standstill (art. 55 c.2).
  assert.equal(r.body.lotti[0].standstill_giorni, null);
  assert.equal(sql(`SELECT operatore FROM sua_aggiudicatario WHERE lotto_id = ${l1}`), '00000000141');
  assert.equal((await chiudi(id, s2x, 'Graduatoria e proposta di aggiudicazione.')).status, 200);
  // The contract: not in the future, then signed today.
  // Tomorrow in Rome (the server's calendar), not in UTC: between 23:00 and
  // 24:00 UTC the UTC date of now + 24 h is already today in Rome.
  const tomorrow = new Date(Date.parse(`${today()}T12:00:00Z`) + DAY).toISOString().slice(0, 10);
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: ddmmyyyy(tomorrow), importo_cents: 76500000 }), 422).field, 'data');
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: '31/02/2026', importo_cents: 76500000 }), 400).field, 'data');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: 76500000 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].stato, 'contratto');
  assert.equal(r.body.lotti[0].contratto_data, today());
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: 1 }), 422);
  // Every step audited on the lot.
  const actions = sql(`SELECT action FROM audit_log WHERE object_type = 'sua_lotto' AND object_id = '${l1}' ORDER BY seq`).split('\n');
  for (const a of ['sua.seduta.apri', 'sua.ammissione', 'sua.seduta.chiudi', 'sua.valutazione.graduatoria', 'sua.aggiudicazione.proposta',
    'sua.aggiudicazione.verifica', 'sua.aggiudicazione.aggiudica', 'sua.aggiudicazione.contratto']) assert.ok(actions.includes(a), a);
  // Lot 2: no offers -> deserted (and a lot with offers is not).
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/deserta`, { motivo: 'x' }), 422);
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/2/deserta`, { motivo: 'Nessuna offerta presentata.' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[1].stato, 'deserta');
});

test('public results on the portal after the award', async () => {
  const r = await fetch(`${srv.url}/api/v1/gare/${gp.id}`);
  const g = await r.json();
  assert.equal(r.status, 200);
  assert.equal(g.esiti.length, 2);
  const [e1, e2] = g.esiti;
  assert.equal(e1.lotto, 1);
  assert.equal(e1.stato, 'contratto');
  assert.equal(e1.partecipanti, 9);
  assert.equal(e1.ammesse, 8);
  assert.equal(e1.aggiudicatario.ragione_sociale, 'Delta Edilizia srl');
  assert.equal(e1.ribasso_aggiudicazione, '15.000');
  assert.equal(e1.soglia_anomalia.soglia, '16.525');
  assert.equal(e1.graduatoria.length, 8);
  assert.equal(e1.escluse.length, 1);
  assert.equal(e1.contratto_cents, 76500000);
  assert.deepEqual(e2, { lotto: 2, stato: 'deserta' });
  // The reasons of exclusion and the checks are not public.
  assert.doesNotMatch(JSON.stringify(g), /Soccorso istruttorio non riscontrato|FVOE/);
});

test('OCDS: award and contract releases with bids (Bids extension), valid against the schema', async () => {
  const r = await fetch(`${srv.url}/api/v1/ocds/tenders/${gp.id}`);
  assert.equal(r.status, 200);
  const pkg = await r.json();
  assertValid(validateRecordPackage(pkg), 'record package');
  assert.ok(pkg.extensions.includes(BIDS_EXTENSION));
  const rec = pkg.records[0];
  assert.deepEqual(rec.releases.map((x) => x.tag[0]), ['tender', 'award', 'contract']);
  const c = rec.compiledRelease;
  // Lot 1: 9 bids, 8 valid (ranked), 1 disqualified at envelope A + 2
  // excluded as anomalous = 3 disqualified, 2 abnormally low.
  const st = Object.fromEntries(c.bids.statistics.filter((x) => x.relatedLot === '1').map((x) => [x.measure, x.value]));
  assert.deepEqual(st, { bids: 9, validBids: 6, disqualifiedBidders: 3, tendersAbnormallyLow: 2 });
  assert.equal(c.bids.details.length, 9);
  assert.equal(c.awards.length, 1);
  assert.equal(c.awards[0].suppliers[0].id, 'IT-CF-00000000141');
  assert.equal(c.awards[0].relatedBid, `1-${po[3].id}`);
  assert.deepEqual(c.awards[0].relatedLots, ['1']);
  assert.equal(c.contracts[0].value.amount, 765000);
  assert.equal(c.contracts[0].awardID, '1');
  const sup = c.parties.find((p) => p.id === 'IT-CF-00000000141');
  assert.deepEqual(sup.roles, ['tenderer', 'supplier']);
  assert.equal(c.parties.filter((p) => p.roles.includes('tenderer')).length, 9);
  const rel = await (await fetch(`${srv.url}/api/v1/ocds/releases`)).json();
  assertValid(validateReleasePackage(rel), 'release package');
});

// ---- ties by the public draw ------------------------------------------------

test('ties are ordered by the logged public draw, recomputable with sha256', async () => {
  const g = await published('Segnaletica orizzontale', 'lavori',
    [{ oggetto: 'Segnaletica', cig: 'A00518EDE1', cpv: '45233141-9', importo_cents: 30000000, sicurezza_cents: 0, comune: '024116' }], 'prezzo');
  const list = await offerte(g.id, 1, [
    ['00000000315', 'Uno srl', { ribasso: '9.000' }], ['00000000323', 'Due srl', { ribasso: '12.345' }], ['00000000331', 'Tre srl', { ribasso: '12.345' }]]);
  deadlinePassed(g.id);
  await apri(g.id, 1, 'A');
  const s = await seduta(g.id, 1, 'amministrativa');
  for (const o of list) assert.equal((await sua.call('POST', `/api/v1/sua/gare/${g.id}/lotti/1/ammissioni`, { offerta_id: o.id, esito: 'ammessa' })).status, 200);
  await chiudi(g.id, s);
  await seduta(g.id, 1, 'economica');
  await apri(g.id, 1, 'C');
  // Fewer than 5 offers: no threshold; a tie for first needs the seed.
  let r = await sua.call('POST', `/api/v1/sua/gare/${g.id}/lotti/1/graduatoria`, {});
  assert.equal(assertEnvelope(assert, r, 422).field, 'seme');
  assert.equal((await view(g.id)).lotti[0].economica, null);
  const seme = 'Lotto del 03/12/2026: 12 45 67 81 90';
  r = await sua.call('POST', `/api/v1/sua/gare/${g.id}/lotti/1/graduatoria`, { seme });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const eco = r.body.lotti[0].economica;
  assert.equal(eco.soglia, null);
  assert.equal(eco.seme, seme);
  // Independent check: SHA-256(seed "\n" piva), ascending.
  const key = (p) => createHash('sha256').update(`${seme}\n${p}`).digest('hex');
  const tied = ['00000000323', '00000000331'].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  assert.deepEqual(eco.graduatoria.map((x) => x.operatore), [...tied, '00000000315']);
  assert.deepEqual(eco.graduatoria.map((x) => x.sorteggiata), [true, true, false]);
  // The CLI gives the same order from the same public inputs.
  const f = join(srv.dir, 'candidati.txt');
  sqlOn(srv.db, 'SELECT 1');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(f, '00000000323\n00000000331\n');
  const c = cli(['sua', 'sorteggio', '--seed', seme, '--candidati', f]);
  assert.equal(c.status, 0, c.stderr);
  assert.ok(c.stdout.indexOf(tied[0]) < c.stdout.indexOf(tied[1]), c.stdout);
});

test('the anomaly method drawn at the session (art. 54 c.2) with the public seed', async () => {
  const g = await published('Pavimentazioni', 'lavori',
    [{ oggetto: 'Pavimentazioni', cig: 'A006B83983', cpv: '45233141-9', importo_cents: 60000000, sicurezza_cents: 0, comune: '024116' }], 'prezzo');
  let r = await sua.call('PUT', `/api/v1/sua/gare/${g.id}/valutazione`, { metodo_anomalia: 'sorteggio' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.impostazioni.metodo_anomalia, 'sorteggio');
  const list = await offerte(g.id, 1, ['10.100', '11.200', '12.300', '13.400', '14.500']
    .map((rib, i) => [piva(60 + i), `Pav ${i} srl`, { ribasso: rib }]));
  deadlinePassed(g.id);
  await apri(g.id, 1, 'A');
  const s = await seduta(g.id, 1, 'amministrativa');
  for (const o of list) assert.equal((await sua.call('POST', `/api/v1/sua/gare/${g.id}/lotti/1/ammissioni`, { offerta_id: o.id, esito: 'ammessa' })).status, 200);
  await chiudi(g.id, s);
  await seduta(g.id, 1, 'economica');
  await apri(g.id, 1, 'C');
  // No seed: the method cannot be drawn.
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${g.id}/lotti/1/graduatoria`, {}), 422).field, 'seme');
  const seme = 'estrazione 3';
  r = await sua.call('POST', `/api/v1/sua/gare/${g.id}/lotti/1/graduatoria`, { seme });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const eco = r.body.lotti[0].economica;
  // Independent check: the first of A, B (no E) by SHA-256(seed "\n" method).
  const key = (m) => createHash('sha256').update(`${seme}\n${m}`).digest('hex');
  const drawn = ['A', 'B'].sort((a, b) => (key(a) < key(b) ? -1 : 1))[0];
  assert.equal(eco.metodo_sorteggiato.estratto, drawn);
  assert.equal(eco.metodo_sorteggiato.hash, key(drawn));
  assert.deepEqual(eco.metodo_sorteggiato.candidati, ['A', 'B']);
  assert.equal(eco.metodo_anomalia, drawn);
  assert.equal(eco.soglia.metodo, drawn);
});

// ---- OEPV with 3 commissioners ---------------------------------------------

// Criteria: 1 Qualità (1.1 = 25, 1.2 = 15), 2 Organizzazione (30); economic
// 30 points, linear, 3 decimals.  Coefficients (commissioners 1, 2, 3):
//   X: 1.1 .8 .7 .9 | 1.2 .6 .6 .6 | 2 .5 .6 .4  -> means .8 .6 .5
//   Y: 1.1 .6 .5 .4 | 1.2 .9 .8 1  | 2 .7 .8 .6  -> means .5 .9 .7
//   Z: 1.1 .3 .4 .5 | 1.2 .5 .4 .3 | 2 .9 1 .8   -> means .4 .4 .9
// Base points (W x mean): X 44, Y 47, Z 43.  Threshold 44 before
// riparametrazione: Z out.  Riparametrazione per criterion (W x sum / max):
// X 25 + 10 + 16.667 = 51.667; Y 15.625 + 15 + 23.333 = 53.958.
// Economic (linear on X 10.000 %, Y 8.000 %): X 30, Y 24.
// Totals: X 81.667, Y 77.958 -> X first.
const CRITERI = {
  criteri: [{ nome: 'Qualità del servizio', punti: 40, sottocriteri: [{ nome: 'Metodologia', punti: 25 }, { nome: 'Strumenti', punti: 15 }] },
    { nome: 'Organizzazione', punti: 30 }],
  economico: { punti: 30, formula: 'lineare', decimali: 3 },
};
const COEFF = {
  X: [[0.8, 0.6, 0.5], [0.7, 0.6, 0.6], [0.9, 0.6, 0.4]],
  Y: [[0.6, 0.9, 0.7], [0.5, 0.8, 0.8], [0.4, 1, 0.6]],
  Z: [[0.3, 0.5, 0.9], [0.4, 0.4, 1], [0.5, 0.3, 0.8]],
};
const KEYS = ['1.1', '1.2', '2'];

test('OEPV: commission, confidential coefficients, technical close, threshold, totals, award with standstill', async () => {
  const g = await published('Servizio di manutenzione del verde provinciale', 'servizi',
    [{ oggetto: 'Verde', cig: 'A005FC04C3', cpv: '77310000-6', importo_cents: 40000000, sicurezza_cents: 0, comune: '024116' }], 'oepv', CRITERI);
  const id = g.id;
  let r = await sua.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { riparametrazione: 1, soglia_tecnica: '44', soglia_prima: true });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const offs = await offerte(id, 1, [
    ['00000000414', 'Xilema coop', { ribasso: '10.000', oneri_sicurezza_cents: 0, costo_manodopera_cents: 1000000 }],
    ['00000000422', 'Ypsilon Verde srl', { ribasso: '8.000', oneri_sicurezza_cents: 0, costo_manodopera_cents: 1000000 }],
    ['00000000430', 'Zagara Giardini srl', { ribasso: '30.000', oneri_sicurezza_cents: 0, costo_manodopera_cents: 1000000 }]],
  { note: 'Offerta tecnica: relazione allegata' });
  const [X, Y, Z] = offs;
  // Commission before the deadline: refused (art. 93 c.3).
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/commissari`, { user_id: commIds[0] }), 422);
  deadlinePassed(id);
  for (let i = 0; i < 3; i++) {
    r = await sua.call('POST', `/api/v1/sua/gare/${id}/commissari`, { user_id: commIds[i], presidente: i === 0 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/commissari`, { user_id: commIds[0] }), 409);
  // A user who is not a commissioner of Vicenza cannot be named.
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/commissari`, { user_id: commPd.user.id }), 422);
  await apri(id, 1, 'A');
  // Envelope C cannot be opened before the technical close.
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/apertura`, { lotto: 1, busta: 'C', custodi: keys }), 422).field, 'busta');
  const s1 = await seduta(id, 1, 'amministrativa');
  for (const o of offs) assert.equal((await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: o.id, esito: 'ammessa' })).status, 200);
  await chiudi(id, s1);
  const st = await seduta(id, 1, 'tecnica');
  assert.equal((await apri(id, 1, 'B')).buste_aperte, 3);
  assert.equal((await view(id)).sedute.find((s) => s.numero === st).pubblica, false);
  const put = (who, o, list) => who.call('PUT', `/api/v1/sua/gare/${id}/lotti/1/offerte/${o.id}/coefficienti`, { coefficienti: list });
  const list = (name, c) => KEYS.map((k, j) => ({ criterio: k, valore: String(COEFF[name][c][j]) }));
  // Out of range, bad keys: refused, nothing stored.
  const before0 = count('sua_coefficiente');
  assert.equal(assertEnvelope(assert, await put(comm[0], X, [{ criterio: '1.1', valore: '0.8' }, { criterio: '2', valore: '1.5' }]), 400).field, 'coefficienti[1].valore');
  assert.equal(assertEnvelope(assert, await put(comm[0], X, [{ criterio: '3', valore: '0.5' }]), 400).field, 'coefficienti[0].criterio');
  assert.equal(assertEnvelope(assert, await put(comm[0], X, [{ criterio: '1.1', valore: 0.5 }]), 400).field, 'coefficienti[0].valore');
  assert.equal(count('sua_coefficiente'), before0);
  // A commissioner not assigned, one of Padova, the officer, an operator: 403.
  for (const who of [commOut, commPd, sua, oper]) assertEnvelope(assert, await put(who, X, list('X', 0)), 403);
  assertEnvelope(assert, await commOut.call('GET', `/api/v1/sua/gare/${id}/lotti/1/commissione`), 403);
  assert.equal(count('sua_coefficiente'), before0);
  for (let c = 0; c < 3; c++) {
    for (const [name, o] of [['X', X], ['Y', Y], ['Z', Z]]) {
      r = await put(comm[c], o, list(name, c));
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  }
  // Each commissioner sees only their own coefficients; the officer only counts.
  const v2 = await comm[1].call('GET', `/api/v1/sua/gare/${id}/lotti/1/commissione`);
  assert.equal(v2.status, 200);
  assert.deepEqual(v2.body.offerte.find((o) => o.offerta_id === X.id).coefficienti, { '1.1': '0.700000', '1.2': '0.600000', 2: '0.600000' });
  assert.equal(v2.body.tecnica, null);
  const ov = await view(id);
  assert.deepEqual(ov.lotti[0].coefficienti_inseriti.map((c) => c.coefficienti), [9, 9, 9]);
  assert.doesNotMatch(JSON.stringify(ov), /0\.900000|0\.700000/);
  // Envelope C stays closed for the ranking until the technical close.
  const se = await seduta(id, 1, 'economica');
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {}), 422).field, 'tecnica');
  assert.equal(sql(`SELECT tecnica_chiusa_at IS NULL FROM sua_lotto WHERE id = ${g.lotti[0].id}`), BACKEND === 'postgres' ? 't' : '1');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/tecnica/chiudi`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const tec = r.body.lotti[0].tecnica;
  const byId = (oid) => tec.offerte.find((o) => o.offerta_id === oid);
  assert.deepEqual([X, Y, Z].map((o) => byId(o.id).punti_base), ['44.000', '47.000', '43.000']);
  assert.deepEqual([X, Y, Z].map((o) => byId(o.id).totale), ['51.667', '53.958', '49.167']);
  assert.deepEqual([X, Y, Z].map((o) => byId(o.id).sotto_soglia), [false, false, true]);
  assert.deepEqual(byId(X.id).criteri[0].coefficienti, ['0.800000', '0.700000', '0.900000']);
  assert.equal(byId(X.id).criteri[0].media, '0.800000');
  assert.notEqual(sql(`SELECT tecnica_chiusa_at FROM sua_lotto WHERE id = ${g.lotti[0].id}`), '');
  // Closing twice, scoring after the close: refused.
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/tecnica/chiudi`), 422);
  assertEnvelope(assert, await put(comm[0], X, list('X', 0)), 422);
  await chiudi(id, st, 'Punteggi tecnici attribuiti.');
  // Z (43 < 44) was excluded by the technical close itself, recorded
  // before any envelope C is opened: the row, the audit record, the
  // minute with the numbers, the notification to the company.
  const lid = g.lotti[0].id;
  assert.equal(sql(`SELECT offerta_id FROM sua_esclusione_tecnica WHERE lotto_id = ${lid}`), String(Z.id));
  const exAudit = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.valutazione.esclusione_soglia' AND object_id = '${lid}'`));
  assert.deepEqual(exAudit.offerte.map((o) => [o.offerta_id, o.operatore, o.punti]), [[Z.id, '00000000430', '43.000']]);
  assert.equal(exAudit.soglia, '44');
  let text = await minuteText(exAudit.verbale);
  for (const x of ['soglia di sbarramento', 'Zagara Giardini srl', '00000000430', 'punteggio tecnico 43,000, soglia 44',
    'prima della riparametrazione', '49,167', '51,667', 'A005FC04C3']) assert.ok(text.includes(x), `${x} not in:\n${text}`);
  // The excluded company reads it (a participant), the public does not yet.
  await minuteText(exAudit.verbale, await operator(srv, '00000000430'));
  assert.equal((await fetch(`${srv.url}/api/v1/sua/verbali/${exAudit.verbale}/pdf`)).status, 404);
  const zNotes = (await (await operator(srv, '00000000430')).call('GET', '/api/v1/notifiche?ordine=data')).body.items;
  const zEx = zNotes.find((n) => n.oggetto.startsWith('Offerta esclusa'));
  assert.ok(zEx && zEx.testo.includes('punteggio tecnico 43,000, sotto la soglia di sbarramento di 44 punti'), JSON.stringify(zNotes));
  assert.ok(!(await (await operator(srv, '00000000414')).call('GET', '/api/v1/notifiche?ordine=data')).body.items.some((n) => n.oggetto.startsWith('Offerta esclusa')));
  // The economic opening decrypts C of X and Y only; Z's stays sealed,
  // now and on a second try.
  assert.equal((await apri(id, 1, 'C')).buste_aperte, 2);
  assert.equal((await apri(id, 1, 'C')).buste_aperte, 0);
  const cOpen = (oid) => sql(`SELECT COUNT(*) FROM sua_busta WHERE offerta_id = ${oid} AND tipo = 'C' AND aperta_at IS NOT NULL AND campi IS NOT NULL`);
  assert.deepEqual([X, Y, Z].map((o) => cOpen(o.id)), ['1', '1', '0']);
  assert.equal(sql(`SELECT COUNT(*) FROM sua_busta WHERE offerta_id = ${Z.id} AND tipo = 'C' AND aperta_at IS NULL AND campi IS NULL`), '1');
  // Z's discount exists nowhere in plaintext ("30.000" is only in its sealed C).
  assert.equal(sql(`SELECT COUNT(*) FROM sua_busta WHERE campi LIKE '%30.000%'`), '0');
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const eco = r.body.lotti[0].economica;
  assert.deepEqual(eco.graduatoria.map((e) => [e.operatore, e.punti_tecnici, e.punti_economici, e.totale, e.posizione]),
    [['00000000414', '51.667', '30.000', '81.667', 1], ['00000000422', '53.958', '24.000', '77.958', 2]]);
  assert.deepEqual(eco.escluse_soglia_tecnica.map((e) => e.operatore), ['00000000430']);
  // Congruity of the best offer (art. 110), then award: above the EU
  // threshold for services, 35 days of standstill.
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/congruita`, { offerta_id: X.id, esito: 'congrua', motivo: 'Costo della manodopera giustificato' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/proposta`)).status, 200);
  assert.equal((await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/verifiche`, { requisito: 'DURC', esito: 'positivo' })).status, 200);
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const lot = r.body.lotti[0];
  assert.equal(lot.standstill_giorni, 35);
  const firstDay = new Date(Date.parse(`${today()}T12:00:00Z`) + 36 * DAY).toISOString().slice(0, 10);
  assert.equal(lot.stipula_dal, firstDay);
  // Contract before the standstill's end: refused, nothing changed.
  const e = assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: 36000000 }), 422);
  assert.equal(e.field, 'data');
  assert.ok(e.message.includes(ddmmyyyy(firstDay)), e.message);
  assert.equal(sql(`SELECT stato FROM sua_esito_lotto WHERE lotto_id = ${g.lotti[0].id}`), 'aggiudicata');
  // 36 days later (the award moved back in time) it is signed.
  sql(`UPDATE sua_esito_lotto SET aggiudicata_at = aggiudicata_at - ${36 * 86400} WHERE lotto_id = ${g.lotti[0].id}`);
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: 36000000 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // The steps outside a session each stored a minute with their numbers.
  text = await minuteText(stepMinute('sua.aggiudicazione.proposta', lid));
  for (const x of ['Verbale di proposta di aggiudicazione', 'Proposta di aggiudicazione a favore', 'Xilema coop', '00000000414',
    'ribasso 10,000 %', 'punteggio totale 81,667', '77,958', '53,958']) assert.ok(text.includes(x), `${x} not in:\n${text}`);
  text = await minuteText(stepMinute('sua.aggiudicazione.aggiudica', lid));
  for (const x of ['Verbale di aggiudicazione', 'Aggiudicazione: offerta n. ' + X.id, 'punteggio totale 81,667',
    'Verifiche dei requisiti registrate: 1', 'DURC', 'positivo', '35 giorni', `non si stipula prima del ${ddmmyyyy(firstDay)}`]) {
    assert.ok(text.includes(x), `${x} not in:\n${text}`);
  }
  const vContr = stepMinute('sua.aggiudicazione.contratto', lid);
  text = await minuteText(vContr);
  for (const x of ['Verbale di stipula del contratto', `Contratto stipulato il ${ddmmyyyy(today())}`, '360.000,00 €', 'Xilema coop']) {
    assert.ok(text.includes(x), `${x} not in:\n${text}`);
  }
  // Once published, the public reads it.
  assert.equal((await fetch(`${srv.url}/api/v1/sua/verbali/${vContr}/pdf`)).status, 404);
  assert.equal((await sua.call('POST', `/api/v1/sua/verbali/${vContr}/pubblica`)).status, 200);
  await minuteText(vContr, null);
  await chiudi(id, se, 'Graduatoria approvata.');
  // After the close, each commissioner sees the whole result.
  const v3 = await comm[2].call('GET', `/api/v1/sua/gare/${id}/lotti/1/commissione`);
  assert.equal(v3.body.tecnica.offerte.length, 3);
});

// ---- objects x entes ------------------------------------------------------------

test('another Province, other roles, anonymous: refused, nothing leaked', async () => {
  const id = gp.id;
  const writes = [
    ['PUT', `/api/v1/sua/gare/${id}/valutazione`, { metodo_anomalia: 'B' }],
    ['POST', `/api/v1/sua/gare/${id}/commissari`, { user_id: commIds[0] }],
    ['POST', `/api/v1/sua/gare/${id}/sedute`, { lotto: 1, tipo: 'economica', data: iso(Date.now()), presenti: ['x'] }],
    ['POST', `/api/v1/sua/gare/${id}/sedute/1/chiudi`, { esito: 'x' }],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: po[0].id, esito: 'esclusa', motivo: 'x' }],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/tecnica/chiudi`],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {}],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/congruita`, { offerta_id: po[0].id, esito: 'congrua', motivo: 'x' }],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/proposta`],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/verifiche`, { requisito: 'x', esito: 'positivo' }],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/contratto`, { data: '01/01/2026', importo_cents: 1 }],
    ['POST', `/api/v1/sua/gare/${id}/lotti/1/deserta`, { motivo: 'x' }],
  ];
  const reads = [['GET', `/api/v1/sua/gare/${id}/valutazione`]];
  const audits = count('audit_log');
  const dump = sql('SELECT COUNT(*) FROM sua_seduta') + sql('SELECT COUNT(*) FROM sua_ammissione') + sql('SELECT stato FROM sua_esito_lotto ORDER BY lotto_id');
  const noLeak = (r) => assert.doesNotMatch(JSON.stringify(r.body), /Delta Edilizia|16\.525|00000000141/);
  for (const who of [suaPd, comune, oper, comm[0], adminVi]) {
    for (const [m, p, b] of writes) {
      const r = await who.call(m, p, b);
      assertEnvelope(assert, r, 403);
      noLeak(r);
    }
  }
  for (const who of [suaPd, comune, oper, comm[0], commPd]) {
    for (const [m, p] of reads) {
      const r = await who.call(m, p);
      assertEnvelope(assert, r, 403);
      noLeak(r);
    }
  }
  for (const [m, p, b] of [...writes, ...reads]) {
    const r = await fetch(srv.url + p, { method: m, headers: { 'content-type': 'application/json' }, body: b ? JSON.stringify(b) : undefined });
    assert.equal(r.status, 401, `${m} ${p}`);
  }
  // The Province's admin reads the evaluation.
  assert.equal((await adminVi.call('GET', `/api/v1/sua/gare/${id}/valutazione`)).status, 200);
  // The commissioner routes of a tender without them: not assigned.
  assertEnvelope(assert, await comm[0].call('GET', `/api/v1/sua/gare/${id}/lotti/1/commissione`), 403);
  assert.equal(count('audit_log'), audits);
  assert.equal(sql('SELECT COUNT(*) FROM sua_seduta') + sql('SELECT COUNT(*) FROM sua_ammissione') + sql('SELECT stato FROM sua_esito_lotto ORDER BY lotto_id'), dump);
  // Unknown tender and lot: 404.
  assertEnvelope(assert, await sua.call('GET', '/api/v1/sua/gare/999999/valutazione'), 404);
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/lotti/9/proposta`), 404);
});

// ---- wrong passphrases at the opening ----------------------------------------

test('wrong passphrases: after 5 in 15 minutes for a holder, 429 until the window passes; every refusal audited', async () => {
  const g = await published('Sfalcio delle banchine – tentativi di apertura', 'servizi',
    [{ oggetto: 'Sfalcio', cig: cig(0x6A0000 + (process.pid % 4096)), cpv: '77310000-6', importo_cents: 10000000, sicurezza_cents: 0, comune: '024116' }], 'prezzo');
  const id = g.id;
  await offerte(id, 1, [[piva('0000000051'), 'Sfalci Berici srl', { ribasso: '5.000', oneri_sicurezza_cents: 0, costo_manodopera_cents: 100000 }]]);
  deadlinePassed(id);
  const open = (custodi, busta = 'A') => sua.call('POST', `/api/v1/sua/gare/${id}/apertura`, { lotto: 1, busta, custodi });
  const refusals = () => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'sua.offerta.apertura_rifiutata' AND object_id = '${id}'`));
  const opened = () => sql(`SELECT COUNT(*) FROM sua_busta b JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.gara_id = ${id} AND b.aperta_at IS NOT NULL`);
  const wrong = [keys[0], { user_id: keys[1].user_id, passphrase: 'non è la frase giusta' }];
  for (let i = 0; i < 5; i++) {
    const e = assertEnvelope(assert, await open(wrong), 422);
    assert.equal(e.field, 'custodi[1]');
    assert.match(e.message, /Frase segreta errata/);
  }
  assert.equal(refusals(), 5);
  // The sixth, wrong or right: 429 on that holder, nothing opened.
  for (const custodi of [wrong, [keys[0], keys[1]]]) {
    const e = assertEnvelope(assert, await open(custodi), 429);
    assert.equal(e.field, 'custodi[1]');
    assert.match(e.message, /^Troppe frasi segrete errate per questo custode \(5 in 15 minuti\): riprovare dalle .+ \(ora italiana\)\.$/);
  }
  assert.equal(refusals(), 7);
  assert.equal(opened(), '0');
  const last = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.offerta.apertura_rifiutata' AND object_id = '${id}' ORDER BY seq DESC LIMIT 1`));
  assert.equal(last.campo, 'custodi[1]');
  assert.ok(!JSON.stringify(last).includes(PASS_MARK), 'no passphrase in the audit log');
  // The limit is per holder: the other two still open.
  assert.equal((await open([keys[0], keys[2]])).status, 200);
  assert.equal(opened(), '1');
  // When the window has passed (the failures moved 15 minutes back, as
  // time passing would), the holder opens again.
  sql(`UPDATE sua_apertura_errore SET at = at - 900 WHERE gara_id = ${id}`);
  const r = await open([keys[1], keys[2]], 'C');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(opened(), '2');
  assert.equal(refusals(), 7);
});

test('the audit chain verifies after the whole flow', () => {
  const r = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
});
