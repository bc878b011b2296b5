// demo-gara.test.mjs - the demo's negotiated tender (docs/demo-sua.md) run
// from the opening of the envelopes to the contract through the HTTP API,
// as the demo users `areavasta demo` prints: the test re-runs the demo on
// its copy of the demo database (idempotent: new passwords, same tender,
// the key holders' keys kept) and reads users, passwords and passphrases
// from its output, as a person would.
//
// The six bids were sealed under the tender's key when the demo was built;
// the deadline was then moved into the past (demo only, audited).  Expected
// values computed by hand (method A, All. II.2, n = 6 < 15):
//   discounts in the albo's order: 12.500 18.750 10.000 15.250 21.500 14.000
//   k = ceil(0.6) = 1: wings 10.000 and 21.500 set aside; kept four:
//   S = 12.5 + 14 + 15.25 + 18.75 = 60.5, M = 15.125
//   above M: 15.25, 18.75 -> SM = (34 x 4 - 2 x 60.5) / 8 = 1.875
//   SM / M = 0.124 <= 0.15 -> A.2: threshold = 1.2 M = 18.150
//   excluded (>= 18.150): 18.750, 21.500; winner 15.250 (4th company).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newDatabase, assertEnvelope, cli, sql as sqlOn } from '../lib/server.mjs';
import { login } from '../lib/auth.mjs';
import { receiptValid } from '../lib/buste.mjs';
import { parseDemo } from '../lib/demo.mjs';

const OGGETTO = 'Rifacimento dei marciapiedi del capoluogo, procedura negoziata (demo)';
const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const ddmmyyyy = (ymd) => ymd.split('-').reverse().join('/');

let srv;
let users; // email -> {password, role, ente}
let passphrases; // email -> passphrase
let gara;
const sql = (q) => sqlOn(srv.db, q).trim();

const as = (email) => login(srv.url, email, users[email].password);
const mail = (local) => `${local}@demo.areavasta.example`;

before(async () => {
  const d = newDatabase();
  const r = cli(['demo', '--db', d.db]);
  assert.equal(r.status, 0, r.stderr);
  ({ users, passphrases } = parseDemo(r.stdout));
  srv = await startServer({ reuse: d.db });
  gara = Number(sql(`SELECT id FROM sua_gara WHERE oggetto = '${OGGETTO.replace(/'/g, "''")}'`));
});
after(async () => { await srv.stop(); });

test('the demo prints the users the tender needs, and three key holders with passphrases', () => {
  for (const l of ['sua', 'sua.capo', 'sua.custode']) {
    assert.equal(users[mail(l)].role, 'sua_officer');
    assert.ok(passphrases[mail(l)].length >= 12);
  }
  for (const l of ['commissario', 'commissario2', 'commissario3']) assert.equal(users[mail(l)].role, 'commissioner');
  for (const l of ['operatore', 'operatore2', 'operatore3', 'operatore4', 'operatore5', 'operatore6']) {
    assert.equal(users[mail(l)].role, 'operator');
    assert.match(users[mail(l)].ente, /^operatore:\d{11}$/);
  }
  assert.ok(gara > 0);
});

test('the demo tender is ready to open: published, deadline passed, six sealed bids with receipts, invited operators', async () => {
  assert.equal(sql(`SELECT stato FROM sua_gara WHERE id = ${gara}`), 'pubblicata');
  assert.ok(Number(sql(`SELECT termine_offerte FROM sua_gara WHERE id = ${gara}`)) < Date.now() / 1000);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sua_offerta WHERE gara_id = ${gara} AND stato = 'presentata'`)), 6);
  // Sealed: no envelope opened, no plaintext field stored.
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sua_busta b JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.gara_id = ${gara} AND (b.aperta_at IS NOT NULL OR b.campi IS NOT NULL)`)), 0);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sua_invito WHERE gara_id = ${gara}`)), 6);
  // The deadline move is in the audit log, said as the demo's.
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'sua.demo.termini' AND object_id = '${gara}'`)), 1);
  // Each demo operator sees its receipt, signed (Ed25519, node:crypto).
  for (const l of ['operatore', 'operatore4']) {
    const op = await as(mail(l));
    const r = await op.call('GET', '/api/v1/sua/ricevute');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const mine = r.body.items.filter((x) => x.gara === gara);
    assert.equal(mine.length, 1);
    const ric = typeof mine[0].ricevuta === 'string' ? JSON.parse(mine[0].ricevuta) : mine[0].ricevuta;
    assert.ok(receiptValid(ric, ric.chiave_pubblica));
    assert.equal(JSON.parse(ric.contenuto).operatore, users[mail(l)].ente.slice('operatore:'.length));
  }
});

test('opening to contract as the demo users, with the printed passphrases', async () => {
  const sua = await as(mail('sua'));
  const capo = mail('sua.capo');
  // Others cannot open: an operator, a commissioner.
  const op = await as(mail('operatore2'));
  assertEnvelope(assert, await op.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'A', custodi: [] }), 403);
  const comm = await as(mail('commissario'));
  assertEnvelope(assert, await comm.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { busta: 'A', custodi: [] }), 403);
  // One passphrase is not enough (k = 2), a wrong one is refused.
  let r = await sua.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'A', custodi: [{ email: mail('sua'), passphrase: passphrases[mail('sua')] }] });
  assert.equal(assertEnvelope(assert, r, 422).field, 'custodi');
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'A', custodi: [{ email: mail('sua'), passphrase: passphrases[mail('sua')] }, { email: capo, passphrase: 'non è la frase giusta' }] });
  assert.match(assertEnvelope(assert, r, 422).field, /^custodi/);
  const holders = [{ email: mail('sua'), passphrase: passphrases[mail('sua')] }, { email: capo, passphrase: passphrases[capo] }];

  // Administrative session: envelope A opened, all six admitted.
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/sedute`, { lotto: 1, tipo: 'amministrativa', data: iso(Date.now()), presenti: ['Stefano Appalti (RUP)', 'Silvia Capo SUA'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const s1 = r.body.numero;
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'A', custodi: holders });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.buste_aperte, 6);
  r = await sua.call('GET', `/api/v1/sua/gare/${gara}/valutazione`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const part = r.body.lotti[0].partecipanti;
  assert.equal(part.length, 6);
  for (const o of part) {
    r = await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/ammissioni`, { offerta_id: o.offerta_id, esito: 'ammessa' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assert.equal((await sua.call('POST', `/api/v1/sua/gare/${gara}/sedute/${s1}/chiudi`, { esito: '6 offerte ammesse.' })).status, 200);

  // Economic session: envelope C with two other holders, ranking.
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/sedute`, { lotto: 1, tipo: 'economica', data: iso(Date.now()), presenti: ['Stefano Appalti (RUP)', 'Sergio Custode'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const s2 = r.body.numero;
  const custode = mail('sua.custode');
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'C', custodi: [{ email: capo, passphrase: passphrases[capo] }, { email: custode, passphrase: passphrases[custode] }] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.buste_aperte, 6);
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/graduatoria`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const eco = r.body.lotti[0].economica;
  assert.equal(eco.metodo_anomalia, 'A');
  assert.equal(eco.esclusione_automatica, true);
  assert.equal(eco.soglia.taglio_ali.k, 1);
  assert.match(eco.soglia.variante, /^A\.2 /);
  assert.equal(eco.soglia.soglia, '18.15'); // the engine's exact decimal, trailing zeros trimmed
  assert.deepEqual(eco.graduatoria.map((g) => [g.ribasso, g.posizione, g.esclusa]), [
    ['15.250', 1, false], ['14.000', 2, false], ['12.500', 3, false], ['10.000', 4, false],
    ['18.750', 0, true], ['21.500', 0, true]]);
  assert.equal(eco.ribasso_aggiudicazione, '15.250');
  const winner = users[mail('operatore4')].ente.slice('operatore:'.length);

  // Proposal, checks, award, contract.
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/proposta`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const proposta = r.body.lotti[0].proposta_offerta;
  assert.equal(part.find((o) => o.offerta_id === proposta).operatore, winner);
  for (const req of ['DURC', 'Casellario giudiziale', 'Attestazione SOA OG3']) {
    r = await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/verifiche`, { requisito: req, esito: 'positivo', note: 'Acquisito tramite FVOE (demo)' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/aggiudica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].standstill_giorni, null); // under the EU threshold
  assert.equal((await sua.call('POST', `/api/v1/sua/gare/${gara}/sedute/${s2}/chiudi`, { esito: 'Graduatoria e aggiudicazione.' })).status, 200);
  // Contract: 380,000.00 base less 15.250 % on the works, plus safety.
  const importo = 38000000 - 900000;
  const contratto = Math.round(importo * (1 - 0.1525)) + 900000;
  r = await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: contratto });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.lotti[0].stato, 'contratto');

  // Public results on the portal, anonymous.
  const pub = await (await fetch(`${srv.url}/api/v1/gare/${gara}`)).json();
  const esito = JSON.stringify(pub.esiti);
  assert.ok(esito.includes(winner), esito);
  assert.ok(esito.includes('15.250'), esito);
  // Too late for bids now: an operator's replacement is refused.
  r = await op.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/offerta`, { ragione_sociale: 'Strade Berica S.r.l. (demo)', buste: { A: { note: 'x' }, C: { ribasso: '30,000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 } } });
  assert.equal(assertEnvelope(assert, r, 422).field, 'termine_offerte');
  void DAY;
});
