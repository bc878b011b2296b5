// The PCP/PDND page of a Province's admin (issue 17, docs/pcp.md): the
// configuration of each environment (the key's path and state, never the
// key), the connectivity check against the local PDND token stub with its
// answer in Italian, at 1280 and 390 px; another Province's admin sees only
// their own Province; a Comune is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, checkAxe, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli } from '../lib/server.mjs';
import { startPdndStub } from '../stubs/pdnd-token.mjs';

let env, stub, tmp;
const ADMIN = { email: 'admin.pcp@prova.example', password: PASSWORD };
const ADMIN_PD = { email: 'admin.pcp.pd@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.pcp@prova.example', password: PASSWORD };
const CLIENT = crypto.randomUUID();
const PURPOSE = crypto.randomUUID();

before(async () => {
  env = await setup();
  tmp = mkdtempSync(join(tmpdir(), 'pcp-web-'));
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = join(tmp, 'k.pem');
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  stub = await startPdndStub({
    audience: 'auth.uat.interop.pagopa.it/client-assertion',
    clients: [{ clientId: CLIENT, kid: 'kid-web', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }), purposes: [PURPOSE] }],
  });
  const r = cli(['pcp', 'config', 'set', '--db', env.db, '--ente', 'provincia:024', '--ambiente', 'collaudo',
    '--client-id', CLIENT, '--kid', 'kid-web', '--chiave', key, '--token-url', stub.url, '--sa-ausa', '0000240001',
    '--eservice', `comunicaAppalto=${PURPOSE},https://apigw-test.anticorruzione.it/modi/rest/ComunicaAppalto/v2`]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Amelia Admin');
  addUser(env.db, ADMIN_PD.email, 'admin', 'provincia:028', 'Paolo Padova');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carlo Comune');
});
after(async () => {
  await stub?.close();
  await env?.close();
  rmSync(tmp, { recursive: true, force: true });
});

for (const width of [1280, 390]) {
  test(`pcp page at ${width}px: configuration without the key, connectivity check`, async () => {
    const { page, assertClean, close } = await env.open('/pcp.html', { login: ADMIN, viewport: { width, height: 900 } });
    try {
      const card = page.locator('[data-ambiente="collaudo"]');
      await card.waitFor(WAIT);
      assert.match(await page.locator('#pcp-provincia').textContent(), /Provincia di Vicenza/);
      const text = await card.textContent();
      assert.match(text, /configurato/);
      assert.ok(text.includes(CLIENT));
      assert.match(text, /k\.pem/);
      assert.match(text, /utilizzabile/);
      assert.ok(!(await page.content()).includes('PRIVATE KEY'));
      assert.match(await page.locator('[data-ambiente="esercizio"]').textContent(), /non configurato/);
      assert.equal(await page.locator('[data-ambiente="esercizio"] button').isDisabled(), true);
      const n = stub.requests.length;
      await card.locator('button', { hasText: 'Verifica collegamento' }).click();
      const esito = page.locator('#esito-collaudo .alert');
      await esito.waitFor(WAIT);
      assert.match(await esito.textContent(), /collegamento verificato/);
      assert.ok(stub.requests.length <= n + 1);
      assert.deepEqual(stub.requests.at(-1).problems, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, 'no horizontal scroll');
      await checkAxe(page);
      await screenshot(page, `pcp-${width}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('pcp page: another Province sees its own; a Comune is refused', async () => {
  let o = await env.open('/pcp.html', { login: ADMIN_PD });
  try {
    await o.page.locator('[data-ambiente="collaudo"]').waitFor(WAIT);
    assert.match(await o.page.locator('#pcp-provincia').textContent(), /Padova/);
    assert.ok(!(await o.page.content()).includes(CLIENT), 'nothing of Vicenza');
    o.assertClean();
  } finally {
    await o.close();
  }
  o = await env.open('/pcp.html', { login: COMUNE });
  try {
    await o.page.locator('#accesso-richiesto .alert').waitFor(WAIT);
    assert.match(await o.page.locator('#accesso-richiesto').textContent(), /403/);
    assert.equal(await o.page.locator('#area-pcp').isHidden(), true);
    o.assertClean();
  } finally {
    await o.close();
  }
});
