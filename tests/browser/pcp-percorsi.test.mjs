// The PCP timeline of the lifecycle's other paths (docs/pcp-ciclo.md
// "Paths"), against the local PDND and PCP stubs: a direct award below
// 5,000 euro (AD5) shows five steps, no notice, "completato" and its CIG;
// a national tender refused by ANAC with REG18 shows the code, ANAC's own
// text from errori.json and what to do (errori_anac.c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, checkAxe, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli, sql as sqlOn, sqlRows, SHARED } from '../lib/server.mjs';
import { startPdndStub } from '../stubs/pdnd-token.mjs';
import { startPcpStub } from '../stubs/pcp.mjs';

let env, pdnd, pcp, tmp;
const RUP = { email: 'rup.percorsi.web@prova.example', password: PASSWORD };
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();
const KID = 'kid-web-percorsi';
const CONTEXTS = {
  comunicaAppalto: 'ComunicaAppalto', gestioneUtenti: 'GestioneUtenti', serviziComuni: 'ServiziComuni',
  pubblicaAvviso: 'PubblicaAvviso', comunicaPostPubblicazione: 'ComunicaPostPubblicazione',
};
const ERRORI = JSON.parse(readFileSync(join(SHARED, 'data/anac/npa/docs/modello-dati/tipologiche/errori.json'), 'utf8'));
const sql = (q) => sqlOn(env.db, q).trim();

before(async () => {
  env = await setup();
  tmp = mkdtempSync(join(tmpdir(), 'pcp-percorsi-web-'));
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = join(tmp, 'k.pem');
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const pub = publicKey.export({ type: 'spki', format: 'pem' });
  pdnd = await startPdndStub({ audience: 'auth.uat.interop.pagopa.it/client-assertion', clients: [{ clientId: CLIENT, kid: KID, publicKeyPem: pub, purposes: [PURPOSE] }] });
  pcp = await startPcpStub({ voucherPublicKeyPem: pdnd.stubPublicKeyPem, clientPublicKeyPem: pub, kid: KID });
  const es = Object.entries(CONTEXTS).flatMap(([k, v]) => ['--eservice', `${k}=${PURPOSE},${pcp.base(v)}`]);
  const r = cli(['pcp', 'config', 'set', '--db', env.db, '--ente', 'provincia:024', '--ambiente', 'collaudo',
    '--client-id', CLIENT, '--kid', KID, '--chiave', key, '--token-url', pdnd.url, '--sa-ausa', '0000240001', '--centro-costo', 'SUA-01',
    '--piattaforma', 'PAD0001', '--componente', 'AV01', ...es]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, RUP.email, 'sua_officer', 'provincia:024', 'Rita RUP');
  sql(`UPDATE app_user SET codice_fiscale = 'RSSMRA80A01H501U' WHERE email = '${RUP.email}'`);
});
after(async () => {
  await pcp?.close();
  await pdnd?.close();
  await env?.close();
  rmSync(tmp, { recursive: true, force: true });
});

// A tender of Vicenza with one lot (SQL, as the SUA stores it); an awarded direct award when procedura says so.
function tender(procedura, stato, importo) {
  sql(`INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura, criterio, termine_offerte, pubblicata_at, created, updated)
    VALUES ('024', '${stato}', 'Fornitura di cancelleria', 'forniture', '${procedura}', 'prezzo', 1900000000, 1790000000, 0, 0)`);
  const id = Number(sql('SELECT MAX(id) FROM sua_gara'));
  sql(`INSERT INTO sua_lotto (gara_id, numero, oggetto, cig, cpv, importo_cents, sicurezza_cents, comune)
    VALUES (${id}, 1, 'Cancelleria', NULL, '30192000-1', ${importo}, 0, '024116')`);
  if (procedura === 'affidamento_diretto') {
    const l = sqlRows(env.db, `SELECT id FROM sua_lotto WHERE gara_id = ${id}`)[0].id;
    const eco = JSON.stringify({ graduatoria: [{ offerta_id: 1, posizione: 1, operatore: '01234567897', ragione_sociale: 'Cartoleria Srl', ribasso: '1', anomala: false, esclusa: false }], ribasso_aggiudicazione: '1' });
    sql(`INSERT INTO sua_esito_lotto (lotto_id, gara_id, stato, economica, proposta_offerta, aggiudicata_at, updated)
      VALUES (${l}, ${id}, 'aggiudicata', '${eco}', 1, 1798761600, 1798761600)`);
  }
  return id;
}

async function spid(page) {
  sql(`UPDATE session SET auth_method = 'spid', loa = 2 WHERE user_id = (SELECT id FROM app_user WHERE email = '${RUP.email}')`);
  await page.locator('#ciclo-stato').waitFor(WAIT);
  await page.locator('#ciclo-avvia').click();
}

test('PCP timeline of a direct award below 5,000 euro: AD5, five steps, no notice, completed, its CIG', async () => {
  const id = tender('affidamento_diretto', 'chiusa', 300000);
  const { page, assertClean, close } = await env.open(`/pcp-gara.html?id=${id}`, { login: RUP, viewport: { width: 390, height: 900 } });
  try {
    await spid(page);
    await page.locator('#ciclo-stato[data-stato="completato"]').waitFor({ timeout: 60000 });
    const rows = page.locator('#tabella-passi tbody tr');
    assert.equal(await rows.count(), 5);
    assert.doesNotMatch(await page.locator('#tabella-passi').textContent(), /pubblica-avviso/);
    const cigs = await page.locator('#lista-cig .cig').allTextContents();
    assert.deepEqual(cigs, sqlRows(env.db, `SELECT cig FROM sua_lotto WHERE gara_id = ${id}`).map((r) => r.cig));
    assert.equal([...pcp.appalti.values()].at(-1).scheda, 'AD5');
    await checkAxe(page);
    await screenshot(page, 'pcp-percorsi-ad5-390');
    assertClean();
  } finally {
    await close();
  }
});

test('PCP timeline of a national tender refused by ANAC: the code, ANAC\'s text and what to do', async () => {
  const id = tender('aperta', 'pubblicata', 2000000);
  pcp.error('crea-appalto', 'REG18', 1);
  const { page, assertClean, close } = await env.open(`/pcp-gara.html?id=${id}`, { login: RUP, viewport: { width: 1280, height: 900 } });
  try {
    await spid(page);
    await page.locator('#ciclo-stato[data-stato="errore"]').waitFor({ timeout: 60000 });
    const text = await page.locator('#tabella-passi').textContent();
    assert.match(text, /REG18/);
    assert.ok(text.includes(ERRORI.find((e) => e.codice === 'REG18').descrizione.it.slice(0, 50)), text);
    assert.match(text, /Correggere nella gara il dato/);
    await checkAxe(page);
    await screenshot(page, 'pcp-percorsi-errore-1280');
    assertClean();
  } finally {
    await close();
  }
});
