// The officer's opening page on the demo's negotiated tender
// (docs/demo-sua.md), at desktop (1280 px) and phone (390 px) width, as the
// demo users `areavasta demo` prints: the demo is re-run on the test's copy
// (new passwords, same tender and keys) and its output read like a person
// would.  Desktop: envelope A opened by the RUP and the SUA head with their
// printed passphrases, after a refused attempt with one holder.  Phone:
// envelope C opened by the SUA head and the third holder, the discounts
// shown.  No console errors, no failed request but the expected refusal,
// nothing wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { startServer, newDatabase, cli, sql } from '../lib/server.mjs';
import { parseDemo } from '../lib/demo.mjs';

const OGGETTO = 'Rifacimento dei marciapiedi del capoluogo, procedura negoziata (demo)';
const mail = (local) => `${local}@demo.areavasta.example`;
let srv; let browser; let demo; let gara;

before(async () => {
  const d = newDatabase();
  const r = cli(['demo', '--db', d.db]);
  assert.equal(r.status, 0, r.stderr);
  demo = parseDemo(r.stdout);
  srv = await startServer({ reuse: d.db });
  browser = await launchBrowser();
  gara = Number(sql(srv.db, `SELECT id FROM sua_gara WHERE oggetto = '${OGGETTO}'`).trim());
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

const steps = [
  ['desktop', { width: 1280, height: 900 }, 'A', ['sua', 'sua.capo']],
  ['telefono', { width: 390, height: 844 }, 'C', ['sua.capo', 'sua.custode']],
];
for (const [label, viewport, busta, holders] of steps) {
  test(`${label}: the RUP opens envelope ${busta} of the demo tender with two printed passphrases`, async () => {
    const login = { email: mail('sua'), password: demo.users[mail('sua')].password };
    const { page, assertClean, close } = await openPage(browser, srv.url, `/apertura.html?gara=${gara}`, { login, viewport, allow: [/422.*apertura/] });
    try {
      await page.locator('#area-apertura:not([hidden])').waitFor(WAIT);
      assert.equal(await page.inputValue('#apertura-gara'), String(gara));
      await page.selectOption('#apertura-busta', busta);
      await page.fill('#apertura-lotto', '1');
      // One holder only: refused (k = 2), the passphrase field emptied.
      await page.fill('#custode-email-0', mail(holders[0]));
      await page.fill('#custode-frase-0', demo.passphrases[mail(holders[0])]);
      await page.click('#apri-buste');
      await page.locator('.alert-danger, [aria-invalid="true"]').first().waitFor(WAIT);
      assert.equal(await page.inputValue('#custode-frase-0'), '');
      // Two holders: opened.
      await page.fill('#custode-frase-0', demo.passphrases[mail(holders[0])]);
      await page.fill('#custode-email-1', mail(holders[1]));
      await page.fill('#custode-frase-1', demo.passphrases[mail(holders[1])]);
      await page.click('#apri-buste');
      await page.locator('#stato-apertura:has-text("aperte: 6")').waitFor(WAIT);
      if (busta === 'C') await page.locator('#tabella-offerte:has-text("ribasso 15,250%")').waitFor(WAIT);
      else await page.locator('#tabella-offerte:has-text("Strade Berica")').waitFor(WAIT);
      await fitsWidth(page, viewport.width);
      await checkPageBasics(page);
      await screenshot(page, `demo-apertura-${label}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

// The demo's OEPV tender: a holder's wrong passphrase five times, then the
// sixth attempt is refused (429) with the waiting message on that holder's
// field; the other two holders open envelope A with its three files.
test('OEPV demo tender: after five wrong passphrases the holder is refused with the waiting time; two others open A', async () => {
  const oepv = Number(sql(srv.db, "SELECT id FROM sua_gara WHERE criterio = 'oepv' AND oggetto LIKE 'Manutenzione straordinaria delle piste ciclabili%'").trim());
  assert.ok(oepv > 0);
  const login = { email: mail('sua'), password: demo.users[mail('sua')].password };
  const { page, assertClean, close } = await openPage(browser, srv.url, `/apertura.html?gara=${oepv}`,
    { login, viewport: { width: 1280, height: 900 }, allow: [/422.*apertura/, /429.*apertura/] });
  try {
    await page.locator('#area-apertura:not([hidden])').waitFor(WAIT);
    await page.selectOption('#apertura-busta', 'A');
    await page.fill('#apertura-lotto', '1');
    const attempt = async (frase1) => {
      await page.fill('#custode-email-0', mail('sua'));
      await page.fill('#custode-frase-0', demo.passphrases[mail('sua')]);
      await page.fill('#custode-email-1', mail('sua.capo'));
      await page.fill('#custode-frase-1', frase1);
      await page.click('#apri-buste');
    };
    for (let i = 0; i < 5; i++) {
      await attempt('non è la frase giusta');
      await page.locator('#custode-frase-1-errore:has-text("Frase segreta errata")').waitFor(WAIT);
      await page.locator('#apri-buste:not([disabled])').waitFor(WAIT);
    }
    // The right passphrase now: still refused, with when to try again.
    await attempt(demo.passphrases[mail('sua.capo')]);
    await page.locator('#custode-frase-1-errore:has-text("Troppe frasi segrete errate per questo custode")').waitFor(WAIT);
    assert.match(await page.locator('#custode-frase-1-errore').textContent(), /riprovare dalle \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(ora italiana\)/);
    await page.locator('#apri-buste:not([disabled])').waitFor(WAIT);
    // The RUP and the third holder open it.
    await page.fill('#custode-email-0', mail('sua'));
    await page.fill('#custode-frase-0', demo.passphrases[mail('sua')]);
    await page.fill('#custode-email-1', mail('sua.custode'));
    await page.fill('#custode-frase-1', demo.passphrases[mail('sua.custode')]);
    await page.click('#apri-buste');
    await page.locator('#stato-apertura:has-text("aperte: 3, file: 3")').waitFor(WAIT);
    await checkPageBasics(page);
    await screenshot(page, 'demo-apertura-oepv-tentativi');
    assertClean();
  } finally {
    await close();
  }
});
