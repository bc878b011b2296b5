// The signed adhesion protocol on the Rete page (issue 18 item 4): the
// Province's administrator opens "Protocollo" for the Province, uploads the
// protocol signed by the President (a .p7m signed by the test with
// openssl, tests/lib/firma.mjs) and reads "Protocollo firmato da ... il
// ..."; then uploads a tampered one and reads why the signature is not
// valid, as a warning that does not block.  At 1280 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli } from '../lib/server.mjs';
import { makeFixtures } from '../lib/firma.mjs';

const ADMIN = { email: 'admin.protocollo@prova.example', password: PASSWORD };
let env;
let root;
let f;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-rete-protocollo-browser-'));
  f = makeFixtures(root);
  env = await setup();
  const r = cli(['firma', 'tsl', f.tsl, '--db', env.db]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Alba Amministratrice');
});
after(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: the administrator uploads the signed protocol and reads who signed it`, async () => {
    const { page, assertClean, close } = await env.open('/rete.html', { login: ADMIN, viewport });
    try {
      const button = page.locator('[data-protocollo="VI"]');
      await button.waitFor(WAIT);
      await button.click();
      await page.locator('#sezione-protocollo:not([hidden])').waitFor(WAIT);
      await page.setInputFiles('#protocollo-file', f.p7m);
      await page.click('#carica-protocollo');
      const stato = page.locator('#protocollo-stato');
      await stato.locator('text=Firma valida').waitFor({ timeout: 30000 });
      assert.match(await stato.innerText(), /Protocollo firmato da Mario Rossi \(RSSMRA80A01H501U\) il \d\d\/\d\d\/\d{4},? \d\d:\d\d \(CAdES\)\./);
      await page.setInputFiles('#protocollo-file', f.tampered);
      await page.click('#carica-protocollo');
      await stato.locator('text=Firma non valida').waitFor({ timeout: 30000 });
      assert.match(await stato.innerText(), /contenuto alterato\. Avviso: non blocca la decisione\./);
      assert.equal(await page.locator('#protocollo-stato a[download]').count(), 1);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= viewport.width, `the page is ${w} px wide at ${viewport.width} px`);
      await checkPageBasics(page);
      await screenshot(page, `rete-protocollo-${label}`);
      assertClean();
    } finally {
      await close();
    }
  });
}
