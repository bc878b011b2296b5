// The codice fiscale on the users page (issue 16 item 3, docs/identity.md
// "Codice fiscale"), at 1280 and 390 px: an account is created with one
// typed in lower case (shown upper-case in its row), a wrong one is marked
// at its field by the server's message (check character) in the creation
// form and in the edit dialog, the dialog changes it and, emptied, removes
// it; the database agrees each time; axe finds nothing serious.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, checkAxe, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';

let env;
const ADMIN = { email: 'admin.cf@prova.example', password: PASSWORD };
// The check character, computed here (DM 23.12.1976) independently of the
// server's validator (tests/http/identity-account.test.mjs checks this
// implementation against known codes).
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function cf(s15) {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s15[i];
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[v] : v;
  }
  return s15 + String.fromCharCode(65 + (sum % 26));
}
const wrong = (c) => c.slice(0, 15) + (c[15] === 'A' ? 'B' : 'A');

before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Amelia Admin');
});
after(async () => { await env?.close(); });

const q = (text) => sql(env.db, text).trim();

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`users page at ${width} px: create with a codice fiscale, a wrong one marked at its field, edit and remove`, async () => {
    const email = `cf.${width}@prova.example`;
    const CF_A = cf(width === 1280 ? 'BNCGLI80A41L840' : 'BNCGLI81A41L840');
    const CF_B = cf(width === 1280 ? 'VRDLCU75M41G224' : 'VRDLCU76M41G224');
    const { page, assertClean, close } = await env.open('/utenti.html', {
      login: ADMIN, viewport: { width, height }, allow: [/400.*\/api\/v1\/users/],
    });
    try {
      await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
      // A wrong check character: the server's message at the field.
      await page.fill('#nuovo-email', email);
      await page.fill('#nuovo-nome', `Giulia ${width}`);
      await page.fill('#nuovo-cf', wrong(CF_A).toLowerCase());
      await page.click('#form-utente button[type=submit]');
      const cfInput = page.locator('#nuovo-cf[aria-invalid="true"]');
      await cfInput.waitFor(WAIT);
      assert.match(await page.locator('#nuovo-cf-errore').textContent(), /controllo/);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-cf');
      assert.equal(q(`SELECT COUNT(*) FROM app_user WHERE email = '${email}'`), '0');
      await screenshot(page, `utenti-cf-errore-${width}`);
      // Right, typed in lower case: stored and shown upper-case.
      await page.fill('#nuovo-cf', CF_A.toLowerCase());
      await page.click('#form-utente button[type=submit]');
      await page.locator('#segreto-utente [data-segreto]').waitFor(WAIT);
      const row = page.locator('#tabella-utenti tbody tr', { hasText: email });
      await row.waitFor(WAIT);
      assert.match(await row.locator('[data-campo="codice-fiscale"]').textContent(), new RegExp(CF_A));
      assert.equal(q(`SELECT codice_fiscale FROM app_user WHERE email = '${email}'`), CF_A);

      // The dialog: a wrong one marked, then a right one saved.
      await row.locator('[data-azione="codice-fiscale"]').click();
      const dlgInput = page.locator('dialog[open] #modifica-cf');
      await dlgInput.waitFor(WAIT);
      assert.equal(await dlgInput.inputValue(), CF_A);
      await dlgInput.fill(wrong(CF_B));
      await page.locator('dialog[open] button[type=submit]').click();
      await page.locator('dialog[open] #modifica-cf[aria-invalid="true"]').waitFor(WAIT);
      assert.match(await page.locator('dialog[open]').textContent(), /controllo/);
      assert.equal(q(`SELECT codice_fiscale FROM app_user WHERE email = '${email}'`), CF_A);
      await screenshot(page, `utenti-cf-dialogo-${width}`);
      await dlgInput.fill(CF_B.toLowerCase());
      await page.locator('dialog[open] button[type=submit]').click();
      await page.locator('dialog[open]').waitFor({ state: 'detached', ...WAIT }).catch(() => {});
      await page.waitForFunction((c) => document.querySelector('#stato-utenti').textContent.includes('impostato'), CF_B, WAIT);
      assert.match(await row.locator('[data-campo="codice-fiscale"]').textContent(), new RegExp(CF_B));
      assert.equal(q(`SELECT codice_fiscale FROM app_user WHERE email = '${email}'`), CF_B);

      // Emptied: removed.
      await row.locator('[data-azione="codice-fiscale"]').click();
      await dlgInput.waitFor(WAIT);
      await dlgInput.fill('');
      await page.locator('dialog[open] button[type=submit]').click();
      await page.waitForFunction(() => document.querySelector('#stato-utenti').textContent.includes('tolto'), null, WAIT);
      assert.equal(await row.locator('[data-campo="codice-fiscale"]').count(), 0);
      assert.equal(q(`SELECT COALESCE(codice_fiscale, 'NULL') FROM app_user WHERE email = '${email}'`), 'NULL');
      await checkAxe(page);
      assertClean();
    } finally {
      await close();
    }
  });
}
