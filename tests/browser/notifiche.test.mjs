// Notifications in the browser, at desktop (1280 px) and phone (390 px)
// width: an operator finds the bell with the number of unread
// notifications, opens the "Notifiche" page (unread first), marks one read
// (the bell goes down by one), switches to the newest-first order, then
// marks all read (the bell's number disappears); an anonymous visitor is
// invited to log in.  No console errors, no failed request, nothing wider
// than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { cli } from '../lib/server.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const OP = { email: 'operatore.notifiche@prova.example', password: PASSWORD };
const ENTE = 'operatore:07654321095';

before(async () => {
  env = await setup();
  addUser(env.db, OP.email, 'operator', ENTE, 'Orazio Operatore');
});
after(async () => { await env?.close(); });

function invia(oggetto, testo, link) {
  const args = ['notifiche', 'invia', '--db', env.db, '--ente', ENTE, '--oggetto', oggetto, '--testo', testo];
  if (link) args.push('--link', link);
  const r = cli(args);
  assert.equal(r.status, 0, r.stderr);
}

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

const badge = (page) => page.locator('[data-campanella-numero]');

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: the bell counts, the page lists, marking read brings the count down`, async () => {
    invia(`Ammissione alla gara (${label})`, 'La vostra offerta è stata ammessa.\nSeduta successiva: 12/03/2027.', '/bandi.html');
    invia(`Richiesta di integrazione (${label})`, 'Documentazione incompleta: è richiesta un’integrazione entro 10 giorni.');
    const { page, assertClean, close } = await env.open('/notifiche.html', { login: OP, viewport });
    try {
      await page.locator('#area-notifiche:not([hidden])').waitFor(WAIT);
      await page.locator('li.notifica').nth(1).waitFor(WAIT);
      await page.locator('#stato-notifiche:has-text("da leggere")').waitFor(WAIT);
      const unread = Number(await badge(page).textContent());
      assert.ok(unread >= 2, `badge ${unread}`);
      assert.equal(await badge(page).isVisible(), true);
      assert.match(await page.getAttribute('[data-campanella]', 'aria-label'), new RegExp(`${unread} da leggere`));
      // Unread first, newest first among them: the integration request.
      const first = page.locator('li.notifica').first();
      assert.match(await first.textContent(), new RegExp(`Richiesta di integrazione \\(${label}\\)`));
      assert.match(await first.textContent(), /un’integrazione entro 10 giorni/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `notifiche-${label}`);
      // Mark it read: its button goes, the bell says one less.
      await first.locator('[data-letta]').click();
      await page.locator(`[data-campanella-numero]:has-text("${unread - 1}")`).waitFor(WAIT);
      assert.equal(await first.locator('[data-letta]').count(), 0);
      // Newest first: the admission's link opens a page of this site.
      await page.selectOption('#ordine-notifiche', 'data');
      const adm = page.locator('li.notifica', { hasText: `Ammissione alla gara (${label})` });
      await adm.waitFor(WAIT);
      assert.equal(await adm.locator('a:has-text("Apri")').getAttribute('href'), '/bandi.html');
      assert.match(await adm.locator('.notifica-testo').textContent(), /ammessa\.\nSeduta successiva/);
      // All read: no number on the bell.
      await page.click('#tutte-lette');
      await page.locator('[data-campanella-numero]').waitFor({ state: 'hidden', ...WAIT });
      await page.locator('#stato-notifiche:has-text("0 da leggere")').waitFor(WAIT);
      assert.equal(await page.locator('li.notifica [data-letta]').count(), 0);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('the bell is on every page of a logged-in user; anonymous visitors are invited to log in', async () => {
  invia('Avviso di manutenzione', 'La piattaforma sarà ferma domenica dalle 8 alle 10.');
  let { page, assertClean, close } = await env.open('/bandi.html', { login: OP });
  try {
    await page.locator('[data-campanella-numero]:has-text("1")').waitFor(WAIT);
    await page.click('[data-campanella]');
    await page.waitForURL(/\/notifiche\.html$/);
    await page.locator('li.notifica', { hasText: 'Avviso di manutenzione' }).waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
  ({ page, assertClean, close } = await env.open('/notifiche.html'));
  try {
    await page.locator('#accesso-richiesto a[href^="/accedi.html"]').waitFor(WAIT);
    assert.equal(await page.locator('[data-campanella]').count(), 0);
    assert.equal(await page.locator('#area-notifiche').isHidden(), true);
    assertClean();
  } finally {
    await close();
  }
});
