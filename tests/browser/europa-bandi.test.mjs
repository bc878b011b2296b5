// The Servizio Europa's catalogue and scheda in the browser, at desktop
// (1280 px) and phone (390 px) width: the public catalogue of the demo's
// calls filtered by programme and state (facets with counts) and searched
// by word beginnings; the scheda of a two-stage SEDIA topic with both
// deadlines in Italian time beside the source's text; the EU desk
// (sape_officer) writes the scheda and an internal note, which an
// anonymous visitor never sees.  No console errors, no failed request,
// nothing wider than the screen, no serious axe-core violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const DESK = { email: 'desk.europa@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, DESK.email, 'sape_officer', 'provincia:024', 'Elisa Europa');
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

function idOf(chiave) {
  return execFileSync('sqlite3', [env.db, `SELECT id FROM eu_bando WHERE chiave_fonte = '${chiave}'`], { encoding: 'utf8' }).trim();
}

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: the catalogue with facets and search`, async () => {
    const { page, assertClean, close } = await env.open('/europa-bandi.html', { viewport });
    try {
      await page.locator('#stato-bandi-eu:has-text("trovat")').waitFor(WAIT);
      await page.locator('#eu-programma option[value="HORIZON"]').waitFor({ ...WAIT, state: 'attached' });
      assert.match(await page.locator('#eu-programma option[value="HORIZON"]').textContent(), /Horizon Europe \(\d+\)/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `europa-bandi-${label}`);
      await page.fill('#eu-q', 'sòil living');
      await page.selectOption('#eu-stato', 'aperto');
      await page.click('#form-bandi-eu button[type=submit]');
      await page.locator('#elenco-bandi-eu li[data-stato="aperto"] a:has-text("Living Labs")').first().waitFor(WAIT);
      assert.equal(await page.locator('#elenco-bandi-eu li:not([data-stato="aperto"])').count(), 0);
      assert.match(page.url(), /q=s%C3%B2il\+living|q=s%C3%B2il%20living/);
      // A wrong date is marked on its field.
      await page.fill('#eu-da', '31/02/2027');
      await page.click('#form-bandi-eu button[type=submit]');
      assert.equal(await page.getAttribute('#eu-da', 'aria-invalid'), 'true');
      assertClean();
    } finally {
      await close();
    }
  });

  test(`${label}: a two-stage scheda; the desk writes it, the public never sees the internal note`, async () => {
    const id = idOf('HORIZON-MISS-2027-05-SOIL-01-two-stage');
    const note = `Nota interna ${label}`;
    let { page, assertClean, close } = await env.open(`/europa-bando.html?id=${id}`, { login: DESK, viewport });
    try {
      await page.locator('#bando-corpo:not([hidden])').waitFor(WAIT);
      const rows = page.locator('#tabella-scadenze tbody tr');
      assert.equal(await rows.count(), 2);
      assert.match(await rows.nth(0).textContent(), /Fase 1.*08\/04\/2027 17:00.*2027-04-08T00:00:00\.000\+0000 \(Europe\/Brussels\)/s);
      assert.match(await rows.nth(1).textContent(), /Fase 2.*14\/09\/2027 17:00/s);
      await page.locator('#editor-scheda:not([hidden])').waitFor(WAIT);
      await page.fill('#s-a_chi', 'Comuni con suoli agricoli degradati');
      await page.selectOption('#s-difficolta', 'alta');
      await page.fill('#s-note_interne', note);
      await page.click('#salva-scheda');
      await page.locator('#esito-scheda:has-text("Scheda salvata")').waitFor(WAIT);
      await page.locator('#bando-scheda:has-text("Comuni con suoli agricoli degradati")').waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `europa-bando-desk-${label}`);
      assertClean();
    } finally {
      await close();
    }
    ({ page, assertClean, close } = await env.open(`/europa-bando.html?id=${id}`, { viewport }));
    try {
      await page.locator('#bando-scheda:has-text("Comuni con suoli agricoli degradati")').waitFor(WAIT);
      assert.ok(!(await page.content()).includes(note), 'the internal note reached the public page');
      assert.equal(await page.locator('#editor-scheda').isHidden(), true);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('desktop: the desk creates a two-stage regional call, wrong fields marked', async () => {
  const viewport = { width: 1280, height: 900 };
  // The wrong hour is the server's 400 (field scadenze[0].ora), expected.
  const { page, assertClean, close } = await env.open('/europa-bandi.html', {
    login: DESK, viewport, allow: [/status of 400 .*\/api\/v1\/bandi\]/, /^HTTP 400: POST .*\/api\/v1\/bandi$/],
  });
  try {
    await page.locator('#nuovo-bando:not([hidden])').waitFor(WAIT);
    await page.selectOption('#n-fonte', 'REGION');
    await page.fill('#n-chiave', 'BROWSER-LOM-1');
    await page.fill('#n-titolo', 'Biblioteche in rete (prova dal browser)');
    await page.selectOption('#n-modello', 'due_fasi');
    await page.fill('#n-s1', '31/02/2027');
    await page.fill('#n-s2', '30/09/2027');
    await page.fill('#n-s2-ora', '12:00');
    await page.fill('#n-budget', '1.500.000,50');
    await page.fill('#n-cofin', '80,5');
    await page.click('#salva-nuovo-bando');
    assert.equal(await page.getAttribute('#n-s1', 'aria-invalid'), 'true');
    await page.fill('#n-s1', '31/03/2027');
    await page.fill('#n-s1-ora', '25:00');
    await page.click('#salva-nuovo-bando');
    await page.locator('#n-s1-ora[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('#n-s1-ora', '12:00');
    await page.click('#salva-nuovo-bando');
    await page.waitForURL(/europa-bando\.html\?id=\d+/, WAIT);
    await page.locator('#bando-corpo:not([hidden])').waitFor(WAIT);
    const rows = page.locator('#tabella-scadenze tbody tr');
    assert.match(await rows.nth(0).textContent(), /Fase 1.*31\/03\/2027 12:00/s);
    assert.match(await rows.nth(1).textContent(), /Fase 2.*30\/09\/2027 12:00/s);
    assert.match(await page.locator('#bando-dati').textContent(), /1\.500\.000,50/);
    assert.match(await page.locator('#bando-dati').textContent(), /80,5\s%/);
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
});
