// pcp-percorsi.test.mjs - the paths of the PCP lifecycle (docs/pcp-ciclo.md
// "Paths", src/modules/pcp/percorsi.c) against the PDND and PCP stubs,
// every scheda checked by the stub against ANAC's schema
// (tests/lib/anac_gaps.mjs): a national tender P2_16 → PVL notice → S2 →
// A2_29; direct awards AD3 (then waiting for the contract) and AD5 (all
// at once), no notice; the EU threshold judged on the tender's Rome
// publication day across 1 January 2026; recupera-cig over two pages (25
// lots); the CLI refused while the server holds the tender's lease; an
// ANAC error explained per code from errori.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn, sqlRows, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { startPdndStub } from '../stubs/pdnd-token.mjs';
import { startPcpStub } from '../stubs/pcp.mjs';
import { anacCheck, checked } from '../lib/anac_gaps.mjs';

const AUD = 'auth.uat.interop.pagopa.it/client-assertion';
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();
const KID = 'kid-percorsi-1';
const CF_RUP = 'RSSMRA80A01H501U';
const CONTEXTS = {
  comunicaAppalto: 'ComunicaAppalto', gestioneUtenti: 'GestioneUtenti', serviziComuni: 'ServiziComuni',
  pubblicaAvviso: 'PubblicaAvviso', comunicaPostPubblicazione: 'ComunicaPostPubblicazione',
};
const ERRORI = JSON.parse(readFileSync(join(SHARED, 'data/anac/npa/docs/modello-dati/tipologiche/errori.json'), 'utf8'));
const BASE = ['crea_appalto', 'presa_carico', 'conferma_appalto', 'esito_conferma', 'recupera_cig', 'pubblica_avviso', 'stato_avviso'];
const DIRECT = BASE.slice(0, 5);

let srv, pdnd, pcp, tmp, keyFile, rup;
const sql = (q) => sqlOn(srv.db, q).trim();
const rows = (q) => sqlRows(srv.db, q);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ANAC's check digits, computed here independently of src/valid/cig.c.
function cigValid(c) {
  const m = /^([A-U])([0-9A-F]{6})([0-9A-F]{3})$/.exec(c);
  return !!m && ((parseInt(m[2], 16) + m[1].charCodeAt(0) - 64) * 211) % 4091 === parseInt(m[3], 16);
}

before(async () => {
  srv = await startServer({ web: false });
  assert.equal(cli(['istanza', 'set', '--db', srv.db, 'codice_fiscale', '00496080243']).status, 0);
  tmp = mkdtempSync(join(tmpdir(), 'pcp-percorsi-'));
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyFile = join(tmp, 'pdnd.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' });
  pdnd = await startPdndStub({ audience: AUD, expiresIn: 600, clients: [{ clientId: CLIENT, kid: KID, publicKeyPem: pubPem, purposes: [PURPOSE] }] });
  pcp = await startPcpStub({ voucherPublicKeyPem: pdnd.stubPublicKeyPem, clientPublicKeyPem: pubPem, kid: KID, pendingPolls: 1, checkScheda: anacCheck });
  const es = Object.entries(CONTEXTS).flatMap(([k, v]) => ['--eservice', `${k}=${PURPOSE},${pcp.base(v)}`]);
  const r = cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', 'provincia:024', '--ambiente', 'collaudo',
    '--client-id', CLIENT, '--kid', KID, '--chiave', keyFile, '--token-url', pdnd.url,
    '--sa-cf', '80004550242', '--sa-ausa', '0000240001', '--centro-costo', 'SUA-01', '--piattaforma', 'PAD0001', '--componente', 'AV01', ...es]);
  assert.equal(r.status, 0, r.stderr);
  addUser(srv.db, 'rup.percorsi@example.org', 'sua_officer', 'provincia:024');
  sql(`UPDATE app_user SET codice_fiscale = '${CF_RUP}' WHERE email = 'rup.percorsi@example.org'`);
  rup = await login(srv.url, 'rup.percorsi@example.org');
  sql(`UPDATE session SET auth_method = 'spid', loa = 2 WHERE user_id = (SELECT id FROM app_user WHERE email = 'rup.percorsi@example.org')`);
});
after(async () => {
  await pcp.close();
  await pdnd.close();
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// A tender as the SUA stores it (published at `pubblicata`, Unix seconds); returns its id.
function gara({ tipo = 'servizi', procedura = 'aperta', stato = 'pubblicata', pubblicata = 1790000000, lotti }) {
  sql(`INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura, criterio, termine_offerte, pubblicata_at, created, updated)
    VALUES ('024', '${stato}', 'Servizio di pulizia delle sedi scolastiche', '${tipo}', '${procedura}', 'prezzo', 1900000000, ${pubblicata}, 0, 0)`);
  const id = Number(sql('SELECT MAX(id) FROM sua_gara'));
  lotti.forEach((l, i) => sql(`INSERT INTO sua_lotto (gara_id, numero, oggetto, cig, cpv, importo_cents, sicurezza_cents, comune)
    VALUES (${id}, ${i + 1}, 'Lotto ${i + 1}: pulizie', NULL, '90919200-4', ${l.importo}, ${l.sicurezza ?? 0}, '024116')`));
  return id;
}
// The award of lot numero to the first offer of its ranking.
function award(id, numero, graduatoria, { at = 1798761600 } = {}) {
  const [l] = rows(`SELECT id FROM sua_lotto WHERE gara_id = ${id} AND numero = ${numero}`);
  const eco = JSON.stringify({ graduatoria, ribasso_aggiudicazione: graduatoria[0].ribasso });
  sql(`INSERT INTO sua_esito_lotto (lotto_id, gara_id, stato, economica, proposta_offerta, aggiudicata_at, updated)
    VALUES (${l.id}, ${id}, 'aggiudicata', '${eco.replace(/'/g, "''")}', ${graduatoria[0].offerta_id}, ${at}, ${at})`);
}
const offer = (offerta_id, posizione, operatore, ragione_sociale, ribasso) => ({ offerta_id, posizione, operatore, ragione_sociale, ribasso, anomala: false, esclusa: false });

async function waitState(id, states, ms = 120000) {
  const t0 = Date.now();
  let r;
  while (Date.now() - t0 < ms) {
    r = await rup.call('GET', `/api/v1/sua/gare/${id}/pcp`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (states.includes(r.body.stato)) return r.body;
    await sleep(300);
  }
  assert.fail(`timeline stuck: ${JSON.stringify(r.body)}`);
}
async function start(id) {
  const r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
}
const appalto = (id) => {
  const a = [...pcp.appalti.values()].filter((x) => x.codiceAppalto === `AV-GARA-${String(id).padStart(8, '0')}`);
  assert.equal(a.length, 1, 'one appalto per tender');
  return a[0];
};
const schedeOf = (a) => [...pcp.schede.values()].filter((s) => s.idAppalto === a.idAppalto).map((s) => s.codice);
const refused = () => pcp.calls.filter((c) => c.status === 400 && /^crea-/.test(c.op));
function cigsOnLots(id, a) {
  const lots = rows(`SELECT numero, cig FROM sua_lotto WHERE gara_id = ${id} ORDER BY numero`);
  assert.deepEqual(lots.map((l) => l.cig), a.cig.map((c) => c.cig));
  for (const l of lots) assert.ok(cigValid(l.cig), l.cig);
  return lots;
}

test('national tender: P2_16 → PVL notice published → CIGs; awarded: S2 and A2_29, each scheda within ANAC\'s schema, each call once', async () => {
  // 150,000.00 + 1,000.00 euro of services: below the 2026 threshold (216,000.00)
  const id = gara({ lotti: [{ importo: 10000000, sicurezza: 100000 }, { importo: 5000000 }] });
  const before = { ...pcp.counts };
  await start(id);
  let tl = await waitState(id, ['attesa_gara', 'completato', 'errore']);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.deepEqual(tl.passi.map((p) => p.passo), BASE, 'a national call is published on PVL: pubblica-avviso, stato-avviso');
  const a = appalto(id);
  assert.equal(a.scheda, 'P2_16');
  assert.equal(tl.stato_avviso, 'PUBB');
  assert.equal(tl.id_avviso, a.idAvviso);
  cigsOnLots(id, a);
  // the tender is awarded: the next phases
  award(id, 1, [offer(71, 1, '01234567897', 'Pulizie Srl', '10.5'), offer(72, 2, '00000000000', 'Seconda', '3')]);
  sql(`UPDATE sua_gara SET stato = 'chiusa' WHERE id = ${id}`);
  await start(id);
  tl = await waitState(id, ['attesa_gara', 'completato', 'errore']);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.deepEqual(schedeOf(a), ['S2', 'A2_29']);
  assert.deepEqual(tl.passi.filter((p) => p.scheda).map((p) => `${p.scheda}.${p.passo.split('.')[1]}`),
    ['S2.crea', 'S2.conferma', 'S2.esito', 'A2_29.crea', 'A2_29.conferma', 'A2_29.esito']);
  for (const op of ['crea-appalto', 'presa-carico', 'conferma-appalto', 'recupera-cig', 'pubblica-avviso']) {
    assert.equal((pcp.counts[op] || 0) - (before[op] || 0), 1, op);
  }
  assert.equal((pcp.counts['crea-scheda'] || 0) - (before['crea-scheda'] || 0), 2);
  assert.deepEqual(refused(), [], 'no scheda refused by the schema check');
  for (const c of ['P2_16', 'S2', 'A2_29']) assert.ok(checked.some(([k]) => k === c), `${c} checked`);
});

test('direct award from 5,000 euro: AD3 opens the appalto, CIG on the lot, no notice; then it waits for the contract', async () => {
  const id = gara({ procedura: 'affidamento_diretto', stato: 'chiusa', lotti: [{ importo: 3900000, sicurezza: 50000 }] });
  // not awarded yet: refused before any call
  const calls = pcp.calls.length;
  const r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(r.body.error.field, 'esiti');
  assert.equal(pcp.calls.length, calls, 'nothing sent');
  award(id, 1, [offer(81, 1, '01234567897', 'Affidataria Srl', '2')]);
  const pub = pcp.counts['pubblica-avviso'] || 0;
  await start(id);
  const tl = await waitState(id, ['attesa_gara', 'completato', 'errore']);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.deepEqual(tl.passi.map((p) => p.passo), DIRECT);
  const a = appalto(id);
  assert.equal(a.scheda, 'AD3');
  assert.equal(a.idAvviso, null);
  assert.equal(tl.id_avviso, null);
  assert.deepEqual(schedeOf(a), [], 'AD3 is not sent again as a post-publication scheda');
  assert.equal(pcp.counts['pubblica-avviso'] || 0, pub, 'no notice for a direct award');
  assert.equal(cigsOnLots(id, a).length, 1);
  assert.deepEqual(refused(), []);
});

test('direct award below 5,000 euro: AD5 communicates everything at once, the lifecycle completes with the CIG', async () => {
  // 4,900.00 + 99.99 = 4,999.99 euro: AD5 (AD3 from 5,000.00, safety costs counted)
  const id = gara({ procedura: 'affidamento_diretto', stato: 'chiusa', lotti: [{ importo: 490000, sicurezza: 9999 }] });
  award(id, 1, [offer(91, 1, '01234567897', 'Piccola Srl', '1')]);
  await start(id);
  const tl = await waitState(id, ['completato', 'attesa_gara', 'errore']);
  assert.equal(tl.stato, 'completato', JSON.stringify(tl));
  assert.deepEqual(tl.passi.map((p) => p.passo), DIRECT);
  const a = appalto(id);
  assert.equal(a.scheda, 'AD5');
  cigsOnLots(id, a);
  // one cent more is AD3
  const id3 = gara({ procedura: 'affidamento_diretto', stato: 'chiusa', lotti: [{ importo: 490000, sicurezza: 10000 }] });
  award(id3, 1, [offer(92, 1, '01234567897', 'Piccola Srl', '1')]);
  await start(id3);
  await waitState(id3, ['completato', 'attesa_gara', 'errore']);
  assert.equal(appalto(id3).scheda, 'AD3');
  assert.deepEqual(refused(), []);
});

test('the EU threshold of the day the tender was published, in Rome: 218,000 euro of services across 1 January 2026', async () => {
  // 2025-12-31 23:30 in Rome (22:30 UTC): threshold 221,000.00 → national
  const before = gara({ pubblicata: Date.parse('2025-12-31T23:30:00+01:00') / 1000, lotti: [{ importo: 21800000 }] });
  // 2026-01-01 00:30 in Rome — still 31 December in UTC: threshold 216,000.00 → EU
  const after = gara({ pubblicata: Date.parse('2026-01-01T00:30:00+01:00') / 1000, lotti: [{ importo: 21800000 }] });
  await start(before);
  await start(after);
  await waitState(before, ['attesa_gara', 'errore']);
  await waitState(after, ['attesa_gara', 'errore']);
  assert.equal(appalto(before).scheda, 'P2_16');
  assert.equal(appalto(after).scheda, 'P1_16');
  assert.deepEqual(refused(), []);
});

test('recupera-cig over pages: 25 lots read in two pages of 20, every CIG on its lot', async () => {
  const id = gara({ lotti: Array.from({ length: 25 }, (_, i) => ({ importo: 100000 + i })) });
  const from = pcp.cigPages.length;
  await start(id);
  const tl = await waitState(id, ['attesa_gara', 'errore']);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.deepEqual(pcp.cigPages.slice(from), [1, 2]);
  const lots = cigsOnLots(id, appalto(id));
  assert.equal(lots.length, 25);
  assert.equal(new Set(lots.map((l) => l.cig)).size, 25);
  assert.equal(tl.lotti.filter((l) => l.cig).length, 25);
});

test('the CLI takes the same lease as the server: refused while the server drives the tender, then runs', async () => {
  const id = gara({ lotti: [{ importo: 2000000 }] });
  pcp.hang('conferma-appalto', 1); // the server's run waits for its timeout holding the lease
  const n = pcp.counts['conferma-appalto'] || 0;
  await start(id);
  const t0 = Date.now();
  while ((pcp.counts['conferma-appalto'] || 0) === n && Date.now() - t0 < 30000) await sleep(100);
  const holder = sql(`SELECT job_id FROM pcp_ciclo WHERE gara_id = ${id}`);
  assert.ok(Number(holder) > 0, 'the server holds the lease');
  const args = ['pcp', 'ciclo', '--db', srv.db, '--gara', String(id), '--ambiente', 'collaudo', '--cf', CF_RUP, '--attesa', '60'];
  let c = cli(args);
  assert.equal(c.status, 1, c.stdout);
  assert.match(c.stderr, /in corso nel server/);
  assert.equal(sql(`SELECT job_id FROM pcp_ciclo WHERE gara_id = ${id}`), holder, 'the lease is untouched');
  await waitState(id, ['attesa_gara', 'errore']);
  c = cli(args);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).stato, 'attesa_gara');
  assert.equal(sql(`SELECT COALESCE(job_id, 0) FROM pcp_ciclo WHERE gara_id = ${id}`), '0', 'the CLI released the lease');
  const [j] = rows(`SELECT state FROM job WHERE kind = 'pcp_ciclo' AND input LIKE '%"cli":true%' AND input LIKE '%"gara_id":${id},%' ORDER BY id DESC`);
  assert.equal(j.state, 'done');
  // the hung call, then once again after its timeout (idempotent at PCP); nothing from the refused CLI
  assert.equal((pcp.counts['conferma-appalto'] || 0) - n, 2);
});

test('the centro di costo of the PCP configuration: stored, shown, checked (the schema check of every scheda above requires it)', async () => {
  const sent = pcp.calls.length;
  const id = gara({ lotti: [{ importo: 1000000 }] });
  await start(id);
  await waitState(id, ['attesa_gara', 'errore']);
  assert.ok(pcp.calls.length > sent);
  const show = cli(['pcp', 'config', 'show', '--db', srv.db, '--ente', 'provincia:024']);
  assert.equal(show.status, 0, show.stderr);
  assert.equal(JSON.parse(show.stdout).ambienti.find((x) => x.ambiente === 'collaudo').sa_centro_costo, 'SUA-01');
  const bad = cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', 'provincia:024', '--ambiente', 'collaudo', '--centro-costo', 'SUA 01;']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /centro di costo/);
  assert.equal(sql(`SELECT sa_centro_costo FROM pcp_config WHERE ente = 'provincia:024' AND ambiente = 'collaudo'`), 'SUA-01');
});

test('an ANAC error explained per code: ANAC\'s own text and what to do, from errori.json', async () => {
  const id = gara({ lotti: [{ importo: 3000000 }] });
  const code = 'REG18';
  const desc = ERRORI.find((e) => e.codice === code).descrizione.it;
  pcp.error('crea-appalto', code, 1);
  await start(id);
  const tl = await waitState(id, ['errore', 'attesa_gara']);
  assert.equal(tl.stato, 'errore');
  const p = tl.passi.find((x) => x.passo === 'crea_appalto');
  assert.equal(p.errore_codice, code);
  assert.ok(p.errore.includes(desc.slice(0, 60)), p.errore);
  assert.match(p.errore, /Correggere nella gara il dato/);
  // the RUP retries: the lifecycle goes on
  await start(id);
  assert.equal((await waitState(id, ['attesa_gara', 'errore'])).stato, 'attesa_gara');
});
