// sua-verbali-sedute.test.mjs - the minutes of the evaluation sessions
// (issue 13, item 6) and the participants' access to them: closing a
// session stores its minute PDF in the same transaction, with every
// intermediate number the evaluation stored; the SHA-256 in the audit log
// equals the downloaded file's; pdftotext (poppler, independent of the
// renderer) reads back the threshold, the ranking, the exclusions.
//
// Expected values are the hand-computed ones of sua-valutazione.test.mjs's
// lowest-price tender (method A, threshold 16.525 from S = 82.625), written
// the Italian way: "16,525", "82,625".
//
// The bids are real (tests/lib/valutazione.mjs): three officers enrol
// their holder keys, the tenders name them, the operators submit sealed
// envelopes through the API, one replaces its bid and then withdraws it
// through the API, the officer opens A and C with two passphrases.
//
// Readers, objects x entes: the Province's officer and admin read all;
// a participant (operator with a bid) reads all of its tender's minutes,
// published or not; a company that withdrew its bid, another operator,
// another Province's officer, a Comune, anonymous: only the published ones
// (404 for the others, nothing leaked in the list).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newDatabase, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { piva } from '../lib/albo.mjs';
import { evaluation, PREZZO, DAY, iso } from '../lib/valutazione.mjs';

const VI = 'provincia:024';
const PD = 'provincia:028';
const WINNER = PREZZO[3][0]; // Delta Edilizia srl, 15.000
const LATE = piva('0000000019');
const WITHDRAWN = piva('0000000027');
const OTHER = '01234567897';

let srv; let tmp; let ev;
const comm = []; const commIds = [];
let sua; let suaPd; let adminVi; let comune; let opWin; let opLate; let opWithdrawn; let opOther;
const sql = (q) => sqlOn(srv.db, q).trim();
const sha = (buf) => createHash('sha256').update(buf).digest('hex');

async function download(id, who) {
  const url = `${srv.url}/api/v1/sua/verbali/${id}/pdf`;
  const res = who ? await fetch(url, { headers: { cookie: `av_session=${who.cookie}` } }) : await fetch(url);
  return { status: res.status, buf: Buffer.from(await res.arrayBuffer()) };
}
function pdfText(buf) {
  const f = join(tmp, `s${Date.now()}${Math.random()}.pdf`);
  writeFileSync(f, buf);
  // Reading order, whitespace (a wrapped cell's line break) made one space.
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString('utf8').replace(/\s+/g, ' ');
}
// The minute stored for session numero of tender id.
function minuteOf(id, numero) {
  const r = sql(`SELECT v.id FROM sua_verbale v JOIN sua_seduta s ON s.id = v.seduta_id
    WHERE s.gara_id = ${id} AND s.numero = ${numero}`);
  assert.match(r, /^\d+$/, `minute of session ${numero}: ${r}`);
  return Number(r);
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-verbali-sedute-'));
  const d = newDatabase();
  const r = cli(['import', 'cpv', '--db', d.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(d.db, 'sua.vs.vi@example.org', 'sua_officer', VI);
  addUser(d.db, 'sua.vs.pd@example.org', 'sua_officer', PD);
  addUser(d.db, 'capo.vs.vi@example.org', 'sua_officer', VI, 'Dirigente SUA');
  addUser(d.db, 'terzo.vs.vi@example.org', 'sua_officer', VI, 'Terzo custode');
  addUser(d.db, 'admin.vs.vi@example.org', 'admin', VI);
  addUser(d.db, 'comune.vs@example.org', 'comune', 'comune:024116');
  addUser(d.db, 'op.win.vs@example.org', 'operator', `operatore:${WINNER}`);
  addUser(d.db, 'op.late.vs@example.org', 'operator', `operatore:${LATE}`);
  addUser(d.db, 'op.withdrawn.vs@example.org', 'operator', `operatore:${WITHDRAWN}`);
  addUser(d.db, 'op.other.vs@example.org', 'operator', `operatore:${OTHER}`);
  for (let i = 1; i <= 3; i++) commIds.push(addUser(d.db, `comm${i}.vs@example.org`, 'commissioner', VI, `Commissario ${i}`));
  srv = await startServer({ reuse: d.db });
  for (let i = 1; i <= 3; i++) comm.push(await login(srv.url, `comm${i}.vs@example.org`));
  sua = await login(srv.url, 'sua.vs.vi@example.org');
  suaPd = await login(srv.url, 'sua.vs.pd@example.org');
  adminVi = await login(srv.url, 'admin.vs.vi@example.org');
  comune = await login(srv.url, 'comune.vs@example.org');
  opWin = await login(srv.url, 'op.win.vs@example.org');
  opLate = await login(srv.url, 'op.late.vs@example.org');
  opWithdrawn = await login(srv.url, 'op.withdrawn.vs@example.org');
  opOther = await login(srv.url, 'op.other.vs@example.org');
  ev = evaluation(srv, sua, sql);
  await ev.holders([sua, await login(srv.url, 'capo.vs.vi@example.org'), await login(srv.url, 'terzo.vs.vi@example.org')]);
});
after(async () => { await srv.stop(); });

let g; let sAmm; let sEco;
// The soccorso's deadline, a whole minute 7 days ahead, and as the
// notification must print it: Europe/Rome "gg/mm/aaaa hh:mm".
const soccorsoAt = Math.floor((Date.now() + 7 * DAY) / 60000) * 60000;
const romeText = (ms) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};
test('closing the sessions stores their minutes with every number, hash in the audit log', async () => {
  g = await ev.published('Manutenzione strade provinciali – verbali', [
    { oggetto: 'Strade zona nord', cig: 'A005544DD8', cpv: '45233141-9', importo_cents: 90000000, sicurezza_cents: 1000000, comune: '024116' }]);
  const id = g.id;
  const l1 = g.lotti[0].id;
  let r = await ev.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { metodo_anomalia: 'A' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const po = await ev.offerte(id, 1, PREZZO.map(([p, n, rib]) => [p, n, { ribasso: rib, oneri_sicurezza_cents: 150000, costo_manodopera_cents: 2000000 }]));
  const late = (await ev.offerte(id, 1, [[LATE, 'Iota Lavori srl', { ribasso: '30.000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 }]]))[0];
  const gone = (await ev.offerte(id, 1, [[WITHDRAWN, 'Kappa Ritirata srl', { ribasso: '1.000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 }]]))[0];
  // Replaced once, then withdrawn, through the API: its old row
  // 'sostituita', the new one 'ritirata' (neither makes it a participant).
  const gone2 = (await ev.offerte(id, 1, [[WITHDRAWN, 'Kappa Ritirata srl', { ribasso: '2.000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 }]]))[0];
  await ev.ritira(id, 1, WITHDRAWN);
  assert.equal(sql(`SELECT stato FROM sua_offerta WHERE id = ${gone.id}`), 'sostituita');
  assert.equal(sql(`SELECT stato FROM sua_offerta WHERE id = ${gone2.id}`), 'ritirata');
  ev.deadlinePassed(id);
  // Envelopes A of the nine standing bids open (the withdrawn stay sealed).
  assert.equal((await ev.apri(id, 1, 'A')).buste_aperte, 9);

  sAmm = await ev.seduta(id, 1, 'amministrativa', ['Ing. Anna Verdi (RUP)', 'Dott.ssa Giulia Bianchi']);
  for (const o of po) {
    r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: o.id, esito: 'ammessa' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: late.id, esito: 'soccorso', motivo: 'DGUE non firmato', termine: iso(soccorsoAt) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: late.id, esito: 'esclusa', motivo: 'Garanzia provvisoria non prestata' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const before = Number(sql('SELECT COUNT(*) FROM sua_verbale'));
  r = await ev.chiudi(id, sAmm, '8 offerte ammesse, 1 esclusa.');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(Number(sql('SELECT COUNT(*) FROM sua_verbale')), before + 1);
  const vAmm = minuteOf(id, sAmm);
  // Closing twice: refused, no second minute.
  assert.equal((await ev.chiudi(id, sAmm, 'di nuovo')).status, 422);
  assert.equal(Number(sql('SELECT COUNT(*) FROM sua_verbale')), before + 1);

  let d = await download(vAmm, sua);
  assert.equal(d.status, 200);
  let text = pdfText(d.buf);
  // A cell keeps its widest word whole: the partita IVA is not cut.
  assert.ok(text.includes(WINNER), text);
  for (const s of ['seduta pubblica n. ' + sAmm, 'Dott.ssa Giulia Bianchi', 'Delta Edilizia srl', 'Iota Lavori srl',
    'esclusa', 'Garanzia provvisoria non prestata', '8 offerte ammesse, 1 esclusa.', 'A005544DD8']) {
    assert.ok(text.includes(s), `${s} not in:\n${text}`);
  }
  // The audit record of the minute: its SHA-256 is the downloaded file's,
  // and the session's close names the minute.
  let det = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.verbale.create' AND object_id = '${vAmm}'`));
  assert.equal(det.sha256, sha(d.buf));
  assert.equal(det.seduta_id, Number(sql(`SELECT id FROM sua_seduta WHERE gara_id = ${id} AND numero = ${sAmm}`)));
  const close = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.seduta.chiudi' AND object_id = '${l1}' ORDER BY seq DESC LIMIT 1`));
  assert.equal(close.verbale, vAmm);

  // The economic session: ranking, threshold, proposal; then its minute.
  sEco = await ev.seduta(id, 1, 'economica');
  // C of the eight admitted; the excluded one's stays sealed.
  assert.equal((await ev.apri(id, 1, 'C')).buste_aperte, 8);
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].economica.soglia.soglia, '16.525');
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/proposta`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await ev.chiudi(id, sEco, 'Graduatoria e proposta di aggiudicazione.');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const vEco = minuteOf(id, sEco);
  d = await download(vEco, sua);
  text = pdfText(d.buf);
  // The threshold and the sum of the kept discounts (hand-computed), the
  // excluded wings and anomalous offers, the award discount.
  for (const s of ['16,525', '82,625', '20,500', '16,750', '15,000', '10,000', 'Delta Edilizia srl', 'Beta Strade spa',
    'Epsilon Asfalti srl', 'Proposta di aggiudicazione']) {
    assert.ok(text.includes(s), `${s} not in:\n${text}`);
  }
  // No decimal point left in a figure: every number the Italian way.
  assert.doesNotMatch(text, /\b\d+\.\d{3}\b(?![.,\d])/, text);
  det = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.verbale.create' AND object_id = '${vEco}'`));
  assert.equal(det.sha256, sha(d.buf));
  assert.equal(sql(`SELECT sha256 FROM sua_verbale WHERE id = ${vEco}`), det.sha256);
  // Checks and award (notified in the next test).
  for (const req of ['DURC', 'Casellario giudiziale']) {
    r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/verifiche`, { requisito: req, esito: 'positivo' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/aggiudica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const v = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(v.status, 0, v.stderr + v.stdout);
});

test('participants read all the minutes of their tender; others only the published ones', async () => {
  const id = g.id;
  const vAmm = minuteOf(id, sAmm);
  const vEco = minuteOf(id, sEco);
  // The proposal and the award stored their own minutes (no session).
  const all = sql(`SELECT id FROM sua_verbale WHERE gara_id = ${id} ORDER BY id`).split(/\s+/).map(Number);
  assert.equal(all.length, 4);
  assert.deepEqual([all[0], all[2]], [vAmm, vEco]);
  const list = async (who) => {
    const r = who ? await who.call('GET', `/api/v1/sua/gare/${id}/verbali`) : await fetch(`${srv.url}/api/v1/sua/gare/${id}/verbali`).then(async (x) => ({ status: x.status, body: await x.json() }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((i) => i.id);
  };
  // Unpublished: the Province, and the participants (the winner, the
  // excluded one), read both.
  for (const who of [sua, adminVi, opWin, opLate]) {
    assert.deepEqual(await list(who), all);
    for (const v of all) assert.equal((await download(v, who)).status, 200);
  }
  // The company that withdrew, another operator, another Province, a
  // Comune, anonymous: nothing.
  for (const who of [opWithdrawn, opOther, suaPd, comune, null]) {
    assert.deepEqual(await list(who), []);
    for (const v of all) {
      const d = await download(v, who);
      assert.equal(d.status, 404);
      assert.ok(!d.buf.includes('%PDF'));
    }
  }
  // Published: everyone reads that one, still not the other.
  const p = await sua.call('POST', `/api/v1/sua/verbali/${vEco}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  for (const who of [opWithdrawn, opOther, suaPd, comune, null]) {
    assert.deepEqual(await list(who), [vEco]);
    assert.equal((await download(vEco, who)).status, 200);
    assert.equal((await download(vAmm, who)).status, 404);
  }
  // Publishing is the Province's: an operator participant may not.
  assert.equal((await opWin.call('POST', `/api/v1/sua/verbali/${vAmm}/pubblica`)).status, 403);
  void DAY; void iso;
});

test('the participants are notified of admission, soccorso, exclusion, award; nobody else', async () => {
  const mine = async (who) => {
    const r = await who.call('GET', '/api/v1/notifiche?ordine=data');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.reverse(); // oldest first
  };
  const win = await mine(opWin);
  assert.deepEqual(win.map((n) => n.oggetto.split(' – ')[0]), ['Offerta ammessa', 'Aggiudicazione']);
  assert.match(win[0].testo, /Delta Edilizia srl.*ammessa/s);
  assert.match(win[1].testo, /aggiudicata a Delta Edilizia srl/);
  for (const n of win) {
    assert.equal(n.ente, `operatore:${WINNER}`);
    assert.equal(n.link, `/bando.html?id=${g.id}`);
  }
  const late = await mine(opLate);
  assert.deepEqual(late.map((n) => n.oggetto.split(' – ')[0]), ['Soccorso istruttorio', 'Offerta esclusa', 'Aggiudicazione']);
  assert.ok(late[0].testo.includes('DGUE non firmato'), late[0].testo);
  assert.ok(late[0].testo.includes(`Termine: ${romeText(soccorsoAt)} (ora italiana)`), late[0].testo);
  assert.ok(late[1].testo.includes('Motivo: Garanzia provvisoria non prestata'), late[1].testo);
  assert.match(late[2].testo, /aggiudicata a Delta Edilizia srl \(partita IVA \d{11}\)/);
  // The withdrawn company, another operator, the officers: nothing.
  for (const who of [opWithdrawn, opOther]) assert.deepEqual(await mine(who), []);
  // Each recorded with its recipient and time, and audited.
  const rows = sql(`SELECT COUNT(*) FROM notifica n JOIN app_user u ON u.id = n.user_id
    WHERE u.email = 'op.late.vs@example.org' AND n.created > 0 AND n.ente = 'operatore:${LATE}'`);
  assert.equal(Number(rows), 3);
  assert.ok(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'notifica.invia'")) >= 5);
});

// OEPV, the hand-computed case of sua-valutazione.test.mjs: criteria 1.1
// (25), 1.2 (15), 2 (30), economic 30 linear.  Coefficients (commissioners
// 1, 2, 3): X 1.1 .8 .7 .9, Y 1.1 .6 .5 .4 ...; means X .8 .6 .5, Y .5 .9
// .7; base X 20 + 9 + 15 = 44, Y 12.5 + 13.5 + 21 = 47.  Without Z, the
// riparametrazione per criterion (W x mean / best mean): X 25 + 10 +
// 30 x .5/.7 = 56.429 (56.428571 rounded), Y 15.625 + 15 + 30 = 60.625;
// economic (linear, 10.000 % and 8.000 %) X 30, Y 24; totals X 86.429,
// Y 84.625.
test('OEPV: the technical minute has the coefficients, means, riparametrazione; the economic one the totals', async () => {
  const CRITERI = {
    criteri: [{ nome: 'Qualità del servizio', punti: 40, sottocriteri: [{ nome: 'Metodologia', punti: 25 }, { nome: 'Strumenti', punti: 15 }] },
      { nome: 'Organizzazione', punti: 30 }],
    economico: { punti: 30, formula: 'lineare', decimali: 3 },
  };
  const COEFF = { X: [[0.8, 0.6, 0.5], [0.7, 0.6, 0.6], [0.9, 0.6, 0.4]], Y: [[0.6, 0.9, 0.7], [0.5, 0.8, 0.8], [0.4, 1, 0.6]] };
  const KEYS = ['1.1', '1.2', '2'];
  const go = await ev.published('Manutenzione del verde – verbali', [{ oggetto: 'Verde', cig: 'A005FC04C3', cpv: '77310000-6', importo_cents: 40000000, sicurezza_cents: 0, comune: '024116' }],
    'oepv', CRITERI, 'servizi');
  const id = go.id;
  let r = await ev.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { riparametrazione: 1 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [X, Y] = await ev.offerte(id, 1, [
    [piva('0000000041'), 'Xilema coop', { ribasso: '10.000', oneri_sicurezza_cents: 0, costo_manodopera_cents: 1000000 }],
    [piva('0000000042'), 'Ypsilon Verde srl', { ribasso: '8.000', oneri_sicurezza_cents: 0, costo_manodopera_cents: 1000000 }]],
  { note: 'Offerta tecnica' });
  ev.deadlinePassed(id);
  await ev.apri(id, 1, 'A');
  for (let i = 0; i < 3; i++) assert.equal((await ev.call('POST', `/api/v1/sua/gare/${id}/commissari`, { user_id: commIds[i], presidente: i === 0 })).status, 200);
  const s1 = await ev.seduta(id, 1, 'amministrativa');
  for (const o of [X, Y]) assert.equal((await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/ammissioni`, { offerta_id: o.id, esito: 'ammessa' })).status, 200);
  assert.equal((await ev.chiudi(id, s1)).status, 200);
  const st = await ev.seduta(id, 1, 'tecnica', ['Commissario 1 (presidente)', 'Commissario 2', 'Commissario 3']);
  assert.equal((await ev.apri(id, 1, 'B')).buste_aperte, 2);
  for (let c = 0; c < 3; c++) {
    for (const [name, o] of [['X', X], ['Y', Y]]) {
      r = await comm[c].call('PUT', `/api/v1/sua/gare/${id}/lotti/1/offerte/${o.id}/coefficienti`, { coefficienti: KEYS.map((k, j) => ({ criterio: k, valore: String(COEFF[name][c][j]) })) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  }
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/tecnica/chiudi`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await ev.chiudi(id, st, 'Punteggi tecnici attribuiti.')).status, 200);
  let d = await download(minuteOf(id, st), sua);
  let text = pdfText(d.buf);
  for (const s of ['seduta riservata n. ' + st, 'valutazione delle offerte tecniche', 'Commissario 3',
    '0,800000', '0,700000', '0,900000', '44,000', '47,000', '56,429', '60,625', 'Xilema coop']) {
    assert.ok(text.includes(s), `${s} not in:\n${text}`);
  }
  // Criterion keys stay identifiers ("chiave: 1.1"), not numbers.
  assert.ok(text.includes('chiave: 1.1;'), text);
  assert.ok(!text.includes('chiave: 1,1'), text);
  const se = await ev.seduta(id, 1, 'economica');
  assert.equal((await ev.apri(id, 1, 'C')).buste_aperte, 2);
  r = await ev.call('POST', `/api/v1/sua/gare/${id}/lotti/1/graduatoria`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await ev.chiudi(id, se, 'Graduatoria.')).status, 200);
  d = await download(minuteOf(id, se), sua);
  text = pdfText(d.buf);
  for (const s of ['30,000', '24,000', '86,429', '84,625', 'Ypsilon Verde srl']) assert.ok(text.includes(s), `${s} not in:\n${text}`);
  const det = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.verbale.create' AND object_id = '${minuteOf(id, se)}'`));
  assert.equal(det.sha256, sha(d.buf));
});
