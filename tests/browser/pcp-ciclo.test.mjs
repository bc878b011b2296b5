// The RUP's PCP timeline of a tender (issue 17 item 3, docs/pcp-ciclo.md)
// at 1280 and 390 px, against the local PDND and PCP stubs: a password
// session is refused with the SPID/CIE explanation; from a SPID session
// the lifecycle runs, the page refreshes itself until the steps are done
// and the lots' CIGs assigned by the stub are shown; a Comune is refused.
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
const RUP = { email: 'rup.pcp.web@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.pcp.web@prova.example', password: PASSWORD };
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();
const KID = 'kid-web-ciclo';
const CONTEXTS = {
  comunicaAppalto: 'ComunicaAppalto', gestioneUtenti: 'GestioneUtenti', serviziComuni: 'ServiziComuni',
  pubblicaAvviso: 'PubblicaAvviso', comunicaPostPubblicazione: 'ComunicaPostPubblicazione',
};
const sql = (q) => sqlOn(env.db, q).trim();

before(async () => {
  env = await setup();
  tmp = mkdtempSync(join(tmpdir(), 'pcp-ciclo-web-'));
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
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carlo Comune');
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
  test(`PCP timeline at ${width}px: SPID required, steps done, CIGs shown`, async () => {
    const id = tender();
    const { page, assertClean, close } = await env.open(`/pcp-gara.html?id=${id}`, { login: RUP, viewport: { width, height: 900 }, allow: [/403/] });
    try {
      await page.locator('#ciclo-stato').waitFor(WAIT);
      assert.match(await page.locator('#ciclo-stato').textContent(), /non avviato/);
      // a password session: refused, with the reason
      await page.locator('#ciclo-avvia').click();
      await page.locator('#ciclo-esito .alert-danger').waitFor(WAIT);
      assert.match(await page.locator('#ciclo-esito').textContent(), /SPID/);
      // the same account from a SPID level 2 session
      sql(`UPDATE session SET auth_method = 'spid', loa = 2 WHERE user_id = (SELECT id FROM app_user WHERE email = '${RUP.email}')`);
      await page.locator('#ciclo-avvia').click();
      await page.locator('#ciclo-stato[data-stato="attesa_gara"]').waitFor({ timeout: 60000 });
      const rows = page.locator('#tabella-passi tbody tr');
      assert.equal(await rows.count(), 7);
      for (let i = 0; i < 7; i++) assert.match(await rows.nth(i).textContent(), /completato/);
      const cigs = (await page.locator('#lista-cig .cig').allTextContents()).sort();
      const stored = sqlRows(env.db, `SELECT cig FROM sua_lotto WHERE gara_id = ${id}`).map((r) => r.cig).sort();
      assert.ok(cigs.length > 0);
      assert.deepEqual(cigs, stored);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, 'no horizontal scroll');
      await checkAxe(page);
      await screenshot(page, `pcp-ciclo-${width}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('PCP timeline: a Comune is refused', async () => {
  const o = await env.open('/pcp-gara.html?id=1', { login: COMUNE });
  try {
    await o.page.locator('#accesso-richiesto .alert').waitFor(WAIT);
    assert.equal(await o.page.locator('#area-ciclo').isHidden(), true);
    o.assertClean();
  } finally {
    await o.close();
  }
});
