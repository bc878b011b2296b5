// The RUP's contract statements on the PCP timeline page (issue 17,
// docs/pcp-ciclo.md "The RUP's contract statements") at 1280 and 390 px, against
// the local PDND and PCP stubs: once the lifecycle waits for the
// contract, each awarded lot has a form "Contratto" and one "Avvio
// dell'esecuzione"; a wrong day is shown on its field and nothing is
// stored; the statements saved in Italian formats move the lifecycle by
// themselves, and the timeline shows SC1 and I1 of the lot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, checkAxe, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli, sql as sqlOn, sqlRows } from '../lib/server.mjs';
import { startPdndStub } from '../stubs/pdnd-token.mjs';
import { startPcpStub } from '../stubs/pcp.mjs';

let env, pdnd, pcp, tmp;
const RUP = { email: 'rup.contratto.web@prova.example', password: PASSWORD };
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();
const KID = 'kid-web-contratto';
const CONTEXTS = {
  comunicaAppalto: 'ComunicaAppalto', gestioneUtenti: 'GestioneUtenti', serviziComuni: 'ServiziComuni',
  pubblicaAvviso: 'PubblicaAvviso', comunicaPostPubblicazione: 'ComunicaPostPubblicazione',
};
const sql = (q) => sqlOn(env.db, q).trim();

before(async () => {
  env = await setup();
  tmp = mkdtempSync(join(tmpdir(), 'pcp-contratto-web-'));
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = join(tmp, 'k.pem');
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const pub = publicKey.export({ type: 'spki', format: 'pem' });
  pdnd = await startPdndStub({ audience: 'auth.uat.interop.pagopa.it/client-assertion', clients: [{ clientId: CLIENT, kid: KID, publicKeyPem: pub, purposes: [PURPOSE] }] });
  pcp = await startPcpStub({ voucherPublicKeyPem: pdnd.stubPublicKeyPem, clientPublicKeyPem: pub, kid: KID });
  const es = Object.entries(CONTEXTS).flatMap(([k, v]) => ['--eservice', `${k}=${PURPOSE},${pcp.base(v)}`]);
  const r = cli(['pcp', 'config', 'set', '--db', env.db, '--ente', 'provincia:024', '--ambiente', 'collaudo',
    '--client-id', CLIENT, '--kid', KID, '--chiave', key, '--token-url', pdnd.url, '--sa-ausa', '0000240001',
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

// A published open tender of Vicenza not yet sent, made an EU tender.
function tender() {
  const id = Number(sqlRows(env.db, `SELECT g.id FROM sua_gara g WHERE g.provincia = '024' AND g.stato = 'pubblicata' AND g.procedura = 'aperta'
    AND NOT EXISTS (SELECT 1 FROM pcp_ciclo c WHERE c.gara_id = g.id) ORDER BY g.id LIMIT 1`)[0].id);
  sql(`UPDATE sua_lotto SET importo_cents = 600000000, cig = NULL WHERE gara_id = ${id}`);
  return id;
}

for (const width of [1280, 390]) {
  test(`contract statements at ${width}px: field errors, then SC1 and I1 of the lot by themselves`, async () => {
    const id = tender();
    const { page, assertClean, close } = await env.open(`/pcp-gara.html?id=${id}`, { login: RUP, viewport: { width, height: 900 }, allow: [/400/] });
    try {
      await page.locator('#ciclo-stato').waitFor(WAIT);
      sql(`UPDATE session SET auth_method = 'spid', loa = 2 WHERE user_id = (SELECT id FROM app_user WHERE email = '${RUP.email}')`);
      await page.locator('#ciclo-avvia').click();
      await page.locator('#ciclo-stato[data-stato="attesa_gara"]').waitFor({ timeout: 60000 });
      // not awarded yet: no form
      await page.locator('#lotti-contratto section[data-lotto="1"]').waitFor(WAIT);
      assert.match(await page.locator('#lotti-contratto section[data-lotto="1"]').textContent(), /non ancora aggiudicato/);
      // the SUA awards the lot and registers its contract
      const lot = sqlRows(env.db, `SELECT id FROM sua_lotto WHERE gara_id = ${id} AND numero = 1`)[0].id;
      const eco = JSON.stringify({ graduatoria: [{ offerta_id: 7, operatore: '01234567897', ragione_sociale: 'Strade Srl' }], ribasso_aggiudicazione: '12.500' });
      const now = Math.floor(Date.now() / 1000);
      sql(`UPDATE sua_gara SET stato = 'chiusa' WHERE id = ${id}`);
      sql(`INSERT INTO sua_esito_lotto (lotto_id, gara_id, stato, economica, proposta_offerta, aggiudicata_at, contratto_data, contratto_cents, updated)
        VALUES (${lot}, ${id}, 'contratto', '${eco}', 7, ${now}, '2026-11-16', 15750011, ${now})`);
      await page.reload();
      const form = page.locator('section[data-lotto="1"] form[data-parte="contratto"]');
      await form.waitFor(WAIT);
      await page.getByLabel('Codice AUSA di chi firma il contratto').first().fill('0000123456');
      await page.locator('#lotto1-contratto-data_decorrenza').fill('01/08/2027');
      await page.locator('#lotto1-contratto-data_scadenza').fill('31/02/2029');
      await page.locator('#lotto1-contratto-cauzione').fill('8.668,00');
      await form.locator('button[type=submit]').click();
      const bad = page.locator('#lotto1-contratto-data_scadenza[aria-invalid="true"]');
      await bad.waitFor(WAIT);
      assert.ok((await page.locator('#lotto1-contratto-data_scadenza-errore').textContent()).length > 0);
      assert.equal(sql(`SELECT COUNT(*) FROM pcp_contratto WHERE gara_id = ${id}`), '0');
      await page.locator('#lotto1-contratto-data_scadenza').fill('31/07/2029');
      await form.locator('button[type=submit]').click();
      await page.locator('section[data-lotto="1"] .alert-success', { hasText: 'Dati del contratto registrati' }).waitFor(WAIT);
      assert.equal(sql(`SELECT cauzione_cents || ' ' || data_scadenza FROM pcp_contratto WHERE gara_id = ${id} AND lotto = 1`), '866800 2029-07-31');
      const avvio = page.locator('section[data-lotto="1"] form[data-parte="avvio"]');
      // the form was rebuilt with what is stored, in Italian
      assert.equal(await page.locator('#lotto1-contratto-cauzione').inputValue(), '8.668,00');
      await page.locator('#lotto1-avvio-data_inizio').fill('01/09/2027');
      await page.locator('#lotto1-avvio-data_fine_prevista').fill('31/08/2029');
      await page.locator('label[for="lotto1-avvio-riserva"]').click();
      assert.equal(await page.locator('#lotto1-avvio-riserva').isChecked(), true);
      await avvio.locator('button[type=submit]').click();
      await page.locator('section[data-lotto="1"] .alert-success', { hasText: "Avvio dell'esecuzione registrato" }).waitFor(WAIT);
      assert.equal(sql(`SELECT consegna_riserva || ' ' || data_inizio FROM pcp_contratto WHERE gara_id = ${id} AND lotto = 1`), '1 2027-09-01');
      // the timeline refreshes itself until I1 of lot 1 is through
      await page.locator('#tabella-passi tr[data-passo="I1.1.esito"]', { hasText: 'completato' }).waitFor({ timeout: 90000 });
      assert.match(await page.locator('#tabella-passi tr[data-passo="SC1.1.crea"]').textContent(), /scheda SC1 · lotto 1/);
      await page.locator('section[data-lotto="1"]', { hasText: 'Scheda I1: comunicata ad ANAC' }).waitFor({ timeout: 30000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, 'no horizontal scroll');
      await checkAxe(page);
      await screenshot(page, `pcp-contratto-${width}`);
      assertClean();
    } finally {
      await close();
    }
  });
}
