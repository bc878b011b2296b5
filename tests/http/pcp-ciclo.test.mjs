// pcp-ciclo.test.mjs - the PCP lifecycle of a SUA tender (issue 17 item 3,
// docs/pcp-ciclo.md) against the local PDND token stub and the PCP stub
// (tests/stubs/pcp.mjs), which verify every voucher and tracking JWS with
// node's crypto and count the requests that reached PCP: the whole
// lifecycle with the CIGs flowing back onto the lots; 429 and 503 storms;
// a stub that hangs and a SIGKILL mid-call (nothing sent twice, the
// timeline right after restart); malformed data refused before any call;
// objects x entes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn, sqlRows } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { startPdndStub } from '../stubs/pdnd-token.mjs';
import { startPcpStub, ZERO_UUID } from '../stubs/pcp.mjs';

const AUD = 'auth.uat.interop.pagopa.it/client-assertion';
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();
const KID = 'kid-ciclo-1';
const CF_RUP = 'RSSMRA80A01H501U';
const CONTEXTS = {
  comunicaAppalto: 'ComunicaAppalto', gestioneUtenti: 'GestioneUtenti', serviziComuni: 'ServiziComuni',
  pubblicaAvviso: 'PubblicaAvviso', comunicaPostPubblicazione: 'ComunicaPostPubblicazione',
};

let srv, pdnd, pcp, tmp, keyFile, rup, rupPd, comune, oper;
const sql = (q) => sqlOn(srv.db, q).trim();
const rows = (q) => sqlRows(srv.db, q);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ANAC's check digits, computed here independently of src/valid/cig.c.
function cigValid(c) {
  const m = /^([A-U])([0-9A-F]{6})([0-9A-F]{3})$/.exec(c);
  return !!m && ((parseInt(m[2], 16) + m[1].charCodeAt(0) - 64) * 211) % 4091 === parseInt(m[3], 16);
}

async function spidSession(email, ente, cf) {
  addUser(srv.db, email, 'sua_officer', ente);
  if (cf) sql(`UPDATE app_user SET codice_fiscale = '${cf}' WHERE email = '${email}'`);
  const s = await login(srv.url, email);
  sql(`UPDATE session SET auth_method = 'spid', loa = 2 WHERE user_id = (SELECT id FROM app_user WHERE email = '${email}')`);
  return s;
}

function configure() {
  const es = Object.entries(CONTEXTS).flatMap(([k, v]) => ['--eservice', `${k}=${PURPOSE},${pcp.base(v)}`]);
  const r = cli(['pcp', 'config', 'set', '--db', srv.db, '--ente', 'provincia:024', '--ambiente', 'collaudo',
    '--client-id', CLIENT, '--kid', KID, '--chiave', keyFile, '--token-url', pdnd.url,
    '--sa-cf', '80004550242', '--sa-ausa', '0000240001', '--piattaforma', 'PAD0001', '--componente', 'AV01', ...es]);
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  srv = await startServer({ web: false });
  tmp = mkdtempSync(join(tmpdir(), 'pcp-ciclo-'));
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyFile = join(tmp, 'pdnd.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' });
  pdnd = await startPdndStub({ audience: AUD, expiresIn: 600, clients: [{ clientId: CLIENT, kid: KID, publicKeyPem: pubPem, purposes: [PURPOSE] }] });
  pcp = await startPcpStub({ voucherPublicKeyPem: pdnd.stubPublicKeyPem, clientPublicKeyPem: pubPem, kid: KID, pendingPolls: 1 });
  configure();
  rup = await spidSession('rup.ciclo@example.org', 'provincia:024', CF_RUP);
  rupPd = await spidSession('rup.ciclo.pd@example.org', 'provincia:028', 'VRDGPP70A01L736S');
  addUser(srv.db, 'comune.ciclo@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'op.ciclo@example.org', 'operator', 'operatore:01234567897');
  comune = await login(srv.url, 'comune.ciclo@example.org');
  oper = await login(srv.url, 'op.ciclo@example.org');
});
after(async () => {
  await pcp.close();
  await pdnd.close();
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// The published open tenders of Vicenza not yet sent (demo data), made
// EU tenders (6 M euro a lot: above the works threshold) so that the call
// is a P1_16 with its eForm 16.
function tenders() {
  const ids = rows(`SELECT g.id FROM sua_gara g WHERE g.provincia = '024' AND g.stato = 'pubblicata' AND g.procedura = 'aperta'
    AND NOT EXISTS (SELECT 1 FROM pcp_ciclo c WHERE c.gara_id = g.id) ORDER BY g.id`).map((r) => Number(r.id));
  if (ids.length === 0) {
    // more tenders: copies of the first one, with their lots
    const src = rows(`SELECT id FROM sua_gara WHERE provincia = '024' AND procedura = 'aperta' ORDER BY id LIMIT 1`)[0].id;
    sql(`INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura, criterio, criteri, rup_nome, data_invio, termine_chiarimenti, termine_offerte, prima_seduta, pubblicata_at, versione, created, created_by, updated)
      SELECT provincia, 'pubblicata', oggetto || ' (bis)', tipo, procedura, criterio, criteri, rup_nome, data_invio, termine_chiarimenti, termine_offerte, prima_seduta, pubblicata_at, versione, created, created_by, updated FROM sua_gara WHERE id = ${src}`);
    const nid = Number(sql(`SELECT MAX(id) FROM sua_gara`));
    sql(`INSERT INTO sua_lotto (gara_id, numero, oggetto, cig, cpv, importo_cents, sicurezza_cents, comune, richiesta_id)
      SELECT ${nid}, numero, oggetto, NULL, cpv, importo_cents, sicurezza_cents, comune, NULL FROM sua_lotto WHERE gara_id = ${src}`);
    ids.push(nid);
  }
  sql(`UPDATE sua_lotto SET importo_cents = 600000000 WHERE gara_id = ${ids[0]}`);
  return ids;
}

async function waitState(id, states, ms = 90000, who = rup) {
  const t0 = Date.now();
  let r;
  while (Date.now() - t0 < ms) {
    r = await who.call('GET', `/api/v1/sua/gare/${id}/pcp`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (states.includes(r.body.stato)) return r.body;
    await sleep(300);
  }
  assert.fail(`timeline stuck: ${JSON.stringify(r.body)}`);
}

const codiceAppalto = (id) => `AV-GARA-${String(id).padStart(8, '0')}`;
const appaltiOf = (id) => [...pcp.appalti.values()].filter((a) => a.codiceAppalto === codiceAppalto(id));

test('the lifecycle: crea → presa-carico → conferma → esito → CIG → pubblica → PUBB, CIGs on the lots, each call once', async () => {
  const [id] = tenders();
  assert.ok(id, 'no published open tender in the demo data');
  sql(`UPDATE sua_lotto SET cig = NULL WHERE gara_id = ${id}`);
  const before = { ...pcp.counts };
  let r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const tl = await waitState(id, ['attesa_gara', 'completato', 'errore']);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.deepEqual(tl.passi.map((p) => p.passo), ['crea_appalto', 'presa_carico', 'conferma_appalto', 'esito_conferma', 'recupera_cig', 'pubblica_avviso', 'stato_avviso']);
  for (const p of tl.passi) assert.equal(p.stato, 'completata', JSON.stringify(p));
  // the polls waited: WT then OK, IN_ATT_PUBB then PUBB
  assert.equal(tl.passi.find((p) => p.passo === 'esito_conferma').tentativi, 2);
  assert.equal(tl.stato_avviso, 'PUBB');
  const [a] = appaltiOf(id);
  assert.equal(appaltiOf(id).length, 1);
  assert.equal(tl.id_appalto, a.idAppalto);
  assert.equal(tl.id_avviso, a.idAvviso);
  // CIGs from PCP on every lot, valid, the same as the stub assigned
  const lots = rows(`SELECT numero, cig FROM sua_lotto WHERE gara_id = ${id} ORDER BY numero`);
  assert.deepEqual(lots.map((l) => l.cig), a.cig.map((c) => c.cig));
  for (const l of lots) assert.ok(cigValid(l.cig), l.cig);
  assert.deepEqual(tl.lotti.map((l) => l.cig), lots.map((l) => l.cig));
  // every operation reached PCP exactly once (polls excepted); no call refused
  for (const op of ['crea-appalto', 'presa-carico', 'conferma-appalto', 'recupera-cig', 'pubblica-avviso']) {
    assert.equal((pcp.counts[op] || 0) - (before[op] || 0), 1, op);
  }
  assert.deepEqual(pcp.calls.filter((c) => c.refused).map((c) => c.refused), []);
  // businessFlowID: zero UUID on crea-appalto only, the idAppalto after
  const flows = pcp.calls.filter((c) => c.tracking).map((c) => [c.op, JSON.parse(Buffer.from(c.tracking.split('.')[1], 'base64url')).businessFlowID]);
  assert.ok(flows.some(([op, f]) => op === 'crea-appalto' && f === ZERO_UUID));
  assert.ok(flows.some(([op, f]) => op === 'pubblica-avviso' && f === a.idAppalto));
  // audited, request and answer stored without secrets
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'pcp.chiamata' AND object_id = '${id}'`)) >= 9);
  assert.equal(sql(`SELECT COUNT(*) FROM pcp_operazione WHERE gara_id = ${id} AND (richiesta LIKE '%Bearer%' OR risposta LIKE '%eyJ%')`), '0');
  // the tender's public page and OCDS carry the CIGs
  const pub = await fetch(`${srv.url}/api/v1/gare/${id}`).then((x) => x.json());
  assert.deepEqual(pub.lotti.map((l) => l.cig), lots.map((l) => l.cig));
  const ocds = await fetch(`${srv.url}/api/v1/ocds/tenders/${id}`).then((x) => x.text());
  for (const l of lots) assert.ok(ocds.includes(l.cig), `OCDS without ${l.cig}`);

  // the tender moves on: closed and awarded -> S2 and A1_29 are sent
  const lotIds = rows(`SELECT id FROM sua_lotto WHERE gara_id = ${id} ORDER BY numero`).map((l) => l.id);
  sql(`UPDATE sua_gara SET stato = 'chiusa' WHERE id = ${id}`);
  const eco = JSON.stringify({ graduatoria: [{ offerta_id: 7, operatore: '01234567897', ragione_sociale: 'Strade Srl' }], ribasso_aggiudicazione: '12.500' });
  const now = Math.floor(Date.now() / 1000);
  for (const l of lotIds) {
    sql(`INSERT INTO sua_esito_lotto (lotto_id, gara_id, stato, economica, proposta_offerta, aggiudicata_at, contratto_data, contratto_cents, updated)
      VALUES (${l}, ${id}, 'contratto', '${eco}', 7, ${now}, '2027-07-15', 15750011, ${now})`);
  }
  r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const tl2 = await waitState(id, ['completato', 'attesa_gara', 'errore'], 90000);
  const schede = [...new Set(tl2.passi.filter((p) => p.scheda).map((p) => p.scheda))];
  assert.ok(schede.includes('S2') && schede.includes('A1_29'), JSON.stringify(tl2.passi));
  // SC1 needs the RUP's statements (term, guarantee) the SUA does not
  // record: the lifecycle waits for them rather than failing
  assert.notEqual(tl2.stato, 'errore', JSON.stringify(tl2.passi.filter((p) => p.stato !== 'completata')));
  for (const p of tl2.passi) assert.equal(p.stato, 'completata', JSON.stringify(p));
  const sent = [...pcp.schede.values()].filter((s) => s.idAppalto === a.idAppalto).map((s) => s.codice);
  assert.deepEqual(sent.sort(), schede.sort());
});

test('429 and 503 storms: retried with backoff (Retry-After honoured), nothing sent twice', async () => {
  const [id] = tenders();
  const before = { ...pcp.counts };
  pcp.fail('crea-appalto', 429, 2, 1);
  pcp.fail('*', 503, 3);
  const t0 = Date.now();
  const r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202);
  const tl = await waitState(id, ['attesa_gara', 'errore'], 120000);
  pcp.clearFaults();
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.ok(tl.passi.find((p) => p.passo === 'crea_appalto').tentativi >= 3);
  assert.ok(Date.now() - t0 >= 2000, 'Retry-After not honoured');
  for (const op of ['crea-appalto', 'presa-carico', 'conferma-appalto', 'pubblica-avviso']) {
    assert.equal((pcp.counts[op] || 0) - (before[op] || 0), 1, op);
  }
  assert.equal(appaltiOf(id).length, 1);
});

test('an ANAC error code stops the lifecycle with the Italian explanation; the RUP retries', async () => {
  const [id] = tenders();
  pcp.error('pubblica-avviso', 'ERR46', 1);
  let r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202);
  let tl = await waitState(id, ['errore', 'attesa_gara']);
  assert.equal(tl.stato, 'errore');
  const p = tl.passi.find((x) => x.stato === 'errore');
  assert.equal(p.passo, 'pubblica_avviso');
  assert.equal(p.errore_codice, 'ERR46');
  assert.match(p.errore, /eForm/);
  r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202);
  tl = await waitState(id, ['attesa_gara', 'errore']);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.equal(appaltiOf(id).length, 1);
});

test('a stub that processes crea-appalto and never answers: the call times out, the appalto is found, not created again', async () => {
  const [id] = tenders();
  const before = pcp.counts['crea-appalto'] || 0;
  pcp.hang('crea-appalto', 1);
  const r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202);
  const tl = await waitState(id, ['attesa_gara', 'errore'], 120000);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.equal(pcp.counts['crea-appalto'], before + 1, 'crea-appalto sent twice');
  assert.ok(pcp.counts['ricerca-appalto'] >= 1, 'not reconciled');
  assert.equal(appaltiOf(id).length, 1);
  // one attempt: the second run found the appalto instead of sending
  assert.equal(tl.passi[0].tentativi, 1);
});

test('a stub that hangs and a SIGKILL mid-call: after restart the creation is reconciled, not sent again', async () => {
  const [id] = tenders();
  const before = pcp.counts['crea-appalto'] || 0;
  pcp.hang('crea-appalto', 1);
  const r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 202);
  const t0 = Date.now();
  while ((pcp.counts['crea-appalto'] || 0) === before && Date.now() - t0 < 30000) await sleep(100);
  assert.equal(pcp.counts['crea-appalto'], before + 1);
  await srv.kill();
  srv = await startServer({ web: false, reuse: srv.db });
  // right after restart the timeline shows the creation sent, outcome unknown
  const rup2 = await spidSession('rup.ciclo2@example.org', 'provincia:024', 'BNCLRA80A41H501D');
  let tl = (await rup2.call('GET', `/api/v1/sua/gare/${id}/pcp`)).body;
  assert.equal(tl.passi.find((p) => p.passo === 'crea_appalto').stato, 'inviata', JSON.stringify(tl));
  tl = await waitState(id, ['attesa_gara', 'errore'], 120000, rup2);
  assert.equal(tl.stato, 'attesa_gara', JSON.stringify(tl));
  assert.equal(pcp.counts['crea-appalto'], before + 1, 'crea-appalto sent twice');
  assert.equal(appaltiOf(id).length, 1);
  assert.equal(tl.id_appalto, appaltiOf(id)[0].idAppalto);
  // the other sessions belong to the killed server's address
  rup = rup2;
  rupPd = await spidSession('rup.ciclo.pd2@example.org', 'provincia:028', 'VRDGPQ70A01L736T');
  comune = await login(srv.url, 'comune.ciclo@example.org');
  oper = await login(srv.url, 'op.ciclo@example.org');
});

test('malformed tender data and missing prerequisites refused before any call', async () => {
  const [id] = tenders();
  const n0 = pcp.calls.length;
  const lot = rows(`SELECT id FROM sua_lotto WHERE gara_id = ${id} ORDER BY numero LIMIT 1`)[0].id;
  sql(`UPDATE sua_lotto SET cpv = '1234' WHERE id = ${lot}`);
  let r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.ok(r.body.error.field);
  r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'esercizio' });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message, /non configurato/);
  r = await rup.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo', ruolo: 'XX' });
  assert.equal(r.status, 400);
  assert.equal(pcp.calls.length, n0);
  assert.equal(sql(`SELECT COUNT(*) FROM pcp_ciclo WHERE gara_id = ${id}`), '0');
});

test('a password session cannot start it; other Province, Comune, operator, anonymous refused, nothing leaked', async () => {
  const [id] = tenders();
  addUser(srv.db, 'rup.pw@example.org', 'sua_officer', 'provincia:024');
  sql(`UPDATE app_user SET codice_fiscale = 'MRNLCU75C12F205R' WHERE email = 'rup.pw@example.org'`);
  const pw = await login(srv.url, 'rup.pw@example.org');
  let r = await pw.call('POST', `/api/v1/sua/gare/${id}/pcp`, { ambiente: 'collaudo' });
  assert.equal(r.status, 403);
  assert.match(r.body.error.message, /SPID/);
  const done = rows(`SELECT gara_id FROM pcp_ciclo LIMIT 1`)[0].gara_id;
  for (const who of [rupPd, comune, oper]) {
    for (const [m, b] of [['GET'], ['POST', { ambiente: 'collaudo' }]]) {
      r = await who.call(m, `/api/v1/sua/gare/${done}/pcp`, b);
      assert.ok([403, 404].includes(r.status), `${m} ${r.status}`);
      assert.ok(!JSON.stringify(r.body).includes('id_appalto'));
    }
  }
  r = await fetch(`${srv.url}/api/v1/sua/gare/${done}/pcp`);
  assert.equal(r.status, 401);
  assert.equal(sql(`SELECT COUNT(*) FROM pcp_ciclo WHERE gara_id = ${id}`), '0');
});
