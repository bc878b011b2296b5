// A person logs in with SPID through the IdP di prova (serve
// --idp-di-prova, tests/lib/idp-prova.mjs), at desktop (1280 px) and phone
// (390 px) width: "Entra con SPID", the test IdP in the list, an identity
// and a level on the IdP's page, and back on the site logged in (the
// IdP's page posts the signed Response by itself, /js/idp-prova.js); then
// "Esci" in the user menu goes through Single Logout (our session ends,
// the IdP's too) and lands on the home page.  No console errors, nothing
// wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launchBrowser, openPage, WAIT } from './support.mjs';
import { startIdpServer } from '../lib/idp-prova.mjs';

// Lasso 2.8.1 loses a few hundred bytes per signed Redirect message it
// parses (see tests/http/spid-idp.test.mjs): leak detection off here.
process.env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, 'detect_leaks=0'].filter(Boolean).join(':');

let srv;
let sp;
let browser;
before(async () => {
  ({ srv, sp } = await startIdpServer());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  if (sp) rmSync(sp.dir, { recursive: true, force: true });
});

const me = (page) => page.evaluate(async () => {
  const r = await fetch('/api/v1/auth/me');
  return { status: r.status, body: r.status === 200 ? await r.json() : null };
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: Entra con SPID, the test IdP, an identity: logged in; Esci logs out at the IdP too`, async () => {
    const { page, assertClean } = await openPage(browser, srv.url, '/accedi.html?next=%2Farea.html', { viewport });
    try {
      const button = page.locator('#spid-idp-button');
      await button.waitFor({ state: 'visible', ...WAIT });
      await button.click();
      const link = page.locator('#spid-idp-list a', { hasText: 'SPID di prova' });
      await link.waitFor({ state: 'visible', ...WAIT });
      await link.click();
      // The IdP's page says what it is and offers the demo identities.
      await page.waitForURL(/\/api\/v1\/idp-prova\/spid\/sso/, WAIT);
      assert.match(await page.locator('body').innerText(), /IdP di prova — non usare in produzione/);
      await page.getByLabel(/Olga Operatrice/).check();
      await page.getByLabel('Livello di autenticazione').selectOption('2');
      await page.getByRole('button', { name: 'Accedi' }).click();
      // Posted on by the IdP's page, the ACS sends us to `next`.
      await page.waitForURL(/\/area\.html$/, WAIT);
      const m = await me(page);
      assert.equal(m.status, 200);
      assert.equal(m.body.codice_fiscale, 'PRTLGO00A41Z999A');
      assert.equal(m.body.sessione.metodo, 'spid');
      assert.equal(m.body.sessione.livello, 2);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= viewport.width, `the page is ${w} px wide at ${viewport.width} px`);
      // Esci: Single Logout through the IdP, back to the home page.
      const menu = page.locator('#menu-utente-pulsante');
      await menu.waitFor({ state: 'visible', ...WAIT });
      await menu.click();
      await page.locator('[data-esci]').click();
      await page.waitForURL((u) => u.pathname === '/', WAIT);
      assert.equal((await me(page)).status, 401);
      await page.goto('/api/v1/idp-prova/spid');
      assert.match(await page.locator('body').innerText(), /Nessuna sessione attiva/);
      assertClean();
    } finally {
      await page.context().close();
    }
  });
}
