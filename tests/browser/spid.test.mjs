// The SPID and CIE buttons of the login page, at desktop (1280 px) and
// phone (390 px) width, on a server that trusts the validator's test IdP
// (tests/lib/spid.mjs): "Entra con SPID" opens the list of providers read
// from GET /api/v1/auth/saml/idp, each a link to the login route with the
// page's `next`; the password form stays below.  Following the link
// reaches our login route, which redirects to the IdP with a signed
// request.  No console errors, nothing wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launchBrowser, openPage, WAIT } from './support.mjs';
import { startSpidServer, TEST_IDP } from '../lib/spid.mjs';

let srv;
let sp;
let browser;
before(async () => {
  ({ srv, sp } = await startSpidServer());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  if (sp) rmSync(sp.dir, { recursive: true, force: true });
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: Entra con SPID opens the providers, each linked to the login route`, async () => {
    const { page, assertClean, context } = await openPage(browser, srv.url, '/accedi.html?next=%2Farea.html', { viewport });
    try {
      const button = page.locator('#spid-idp-button');
      await button.waitFor({ state: 'visible', ...WAIT });
      assert.match(await button.innerText(), /Entra con SPID/);
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('#spid-idp-list').isVisible(), false);
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      const links = page.locator('#spid-idp-list a');
      assert.equal(await links.count(), 1);
      const href = await links.first().getAttribute('href');
      const u = new URL(href, srv.url);
      assert.equal(u.pathname, '/api/v1/auth/saml/login');
      assert.equal(u.searchParams.get('idp'), TEST_IDP);
      assert.equal(u.searchParams.get('next'), '/area.html');
      // No CIE provider configured: no CIE button; the password form stays.
      assert.equal(await page.locator('#cie-blocco').isVisible(), false);
      assert.ok(await page.locator('#form-accesso #password').isVisible());
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= viewport.width, `the page is ${w} px wide at ${viewport.width} px`);
      // The link leads to our login route, which sends the browser on to
      // the IdP with a signed request (the IdP itself is not running).
      const res = await context.request.get(new URL(href, srv.url).toString(), { maxRedirects: 0 });
      assert.equal(res.status(), 302);
      assert.match(res.headers().location, /^https:\/\/localhost:8443\/samlsso\?SAMLRequest=.*&Signature=/);
      await assertClean();
    } finally {
      await page.context().close();
    }
  });
}
