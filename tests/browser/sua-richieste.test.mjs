// The Comuni's side of the SUA in the browser, at desktop (1280 px) and
// phone (390 px) width: a Comune's user writes a request in the Italian way
// (1.234,56 and gg/mm/aaaa), saves the draft, sends it and sees its state;
// the Province's SUA officer finds it in the inbox (filtered by the object)
// and takes it in charge; the Comune then reads "Presa in carico".  No
// console errors, no failed request, nothing wider than the screen; the
// convenzioni page for both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const COMUNE = { email: 'comune.sua@prova.example', password: PASSWORD };
const SUA = { email: 'funzionario.sua@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Chiara Comune');
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sandro Appalti');
});
after(async () => { await env?.close(); });

// gg/mm/aaaa, days from today.
function giorno(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: a Comune sends a request, the SUA officer takes it`, async () => {
    const oggetto = `Vigilanza della biblioteca civica (${label})`;
    let { page, assertClean, close } = await env.open('/sua-richieste.html', { login: COMUNE, viewport });
    try {
      await page.locator('#area-richieste:not([hidden])').waitFor(WAIT);
      await page.locator('#sintesi-convenzione:has-text("delibera")').waitFor(WAIT);
      await page.locator('#stato-richieste:has-text("richiest")').waitFor(WAIT);
      // A wrong amount and date are marked on their fields, nothing sent.
      await page.fill('#r-oggetto', oggetto);
      await page.selectOption('#r-tipo', 'servizi');
      await page.fill('#r-cpv', '79713000-5');
      await page.selectOption('#r-fonte', 'proprie');
      await page.fill('#r-importo', '45.000,5x');
      await page.fill('#r-data', '31/02/2027');
      await page.fill('#r-rup', 'Paola Rossi');
      await page.click('#salva-richiesta');
      assert.equal(await page.getAttribute('#r-importo', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#r-data', 'aria-invalid'), 'true');
      // Corrected: saved as a draft.
      await page.fill('#r-importo', '45.000,50');
      await page.fill('#r-sicurezza', '500');
      await page.fill('#r-data', giorno(90));
      await page.click('#salva-richiesta');
      const card = page.locator('article.richiesta', { hasText: oggetto });
      await card.waitFor(WAIT);
      assert.equal(await card.getAttribute('data-stato'), 'bozza');
      assert.match(await card.textContent(), /€\s45\.000,50/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `sua-richieste-bozza-${label}`);
      // Sent, after the confirmation.
      await card.locator('[data-azione="invia"]').click();
      await page.locator('dialog button[type=submit]').click();
      await page.locator(`article.richiesta[data-stato="inviata"]:has-text("${oggetto}")`).waitFor(WAIT);
      assert.equal(await page.locator(`article.richiesta:has-text("${oggetto}") [data-azione="modifica"]`).count(), 0);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }

    ({ page, assertClean, close } = await env.open('/sua-inbox.html?stato=inviata', { login: SUA, viewport }));
    try {
      await page.locator('#area-inbox:not([hidden])').waitFor(WAIT);
      await page.fill('#f-q', 'biblioteca civica');
      await page.click('#form-filtri button[type=submit]');
      const row = page.locator('#tabella-inbox tbody tr', { hasText: oggetto });
      await row.waitFor(WAIT);
      assert.match(await row.textContent(), /Vicenza/);
      assert.equal(await page.locator('#tabella-inbox tbody tr[data-stato="bozza"]').count(), 0);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `sua-inbox-${label}`);
      await row.locator('[data-azione="prendi"]').click();
      await page.locator('dialog button[type=submit]').click();
      // Filtered on "inviata": the request leaves the list once taken.
      await page.locator('#stato-inbox:has-text("presa in carico")').waitFor(WAIT);
      assert.equal(await page.locator('#tabella-inbox tbody tr', { hasText: oggetto }).count(), 0);
      assertClean();
    } finally {
      await close();
    }

    ({ page, assertClean, close } = await env.open('/sua-richieste.html?stato=presa_in_carico', { login: COMUNE, viewport }));
    try {
      const taken = page.locator(`article.richiesta:has-text("${oggetto}")`);
      await taken.waitFor(WAIT);
      assert.equal(await taken.getAttribute('data-stato'), 'presa_in_carico');
      assert.match(await taken.textContent(), /Presa in carico/);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('the officer rejects with a reason, the Comune reads it', async () => {
  const comune = await login(env.url, COMUNE.email);
  const d = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
  const c = await comune.call('POST', '/api/v1/sua/comuni/024116/richieste', {
    oggetto: 'Noleggio di transenne', tipo: 'forniture', cpv: '30192000-1', importo_cents: 900000,
    fonte: 'proprie', rup_nome: 'Paola Rossi', data_aggiudicazione: d,
  });
  assert.equal(c.status, 201);
  assert.equal((await comune.call('POST', `/api/v1/sua/richieste/${c.body.id}/invia`)).status, 200);
  let { page, assertClean, close } = await env.open('/sua-inbox.html', { login: SUA });
  try {
    const row = page.locator(`#tabella-inbox tbody tr[data-richiesta="${c.body.id}"]`);
    await row.waitFor(WAIT);
    await row.locator('[data-azione="respingi"]').click();
    // No reason: the dialog says so on the field.
    await page.locator('dialog button[type=submit]').click();
    await page.locator('dialog #motivo-rifiuto[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('dialog #motivo-rifiuto', 'Importo sotto soglia: procedete direttamente.');
    await page.locator('dialog button[type=submit]').click();
    await page.locator(`#tabella-inbox tbody tr[data-richiesta="${c.body.id}"][data-stato="respinta"]`).waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
  ({ page, assertClean, close } = await env.open('/sua-richieste.html?stato=respinta', { login: COMUNE }));
  try {
    const card = page.locator(`article.richiesta[data-richiesta="${c.body.id}"]`);
    await card.waitFor(WAIT);
    assert.match(await card.textContent(), /Motivo del rifiuto: Importo sotto soglia/);
    assertClean();
  } finally {
    await close();
  }
});

test('convenzioni: the Comune reads its own; the officer registers one', async () => {
  let { page, assertClean, close } = await env.open('/sua-convenzioni.html', { login: COMUNE });
  try {
    await page.locator('#tabella-convenzioni:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('#tabella-convenzioni tbody tr').count(), 1);
    assert.ok(await page.locator('#gestione-convenzioni').isHidden());
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
  ({ page, assertClean, close } = await env.open('/sua-convenzioni.html', {
    login: SUA, viewport: { width: 390, height: 844 }, allow: [/HTTP 400: POST .*\/sua\/comuni\/024100\/convenzioni/, /status of 400/],
  }));
  try {
    await page.locator('#tabella-convenzioni:not([hidden])').waitFor(WAIT);
    await page.fill('#c-comune', '024100');
    await page.click('label[for="c-servizi"]');
    assert.ok(await page.isChecked('#c-servizi'));
    await page.fill('#c-dal', giorno(-10));
    await page.fill('#c-al', giorno(700));
    await page.fill('#c-delibera', '7/2026');
    await page.fill('#c-delibera-data', giorno(-20));
    await page.fill('#c-perc', '1,75');
    await page.fill('#c-min', '1.000');
    await page.fill('#c-max', '500');
    await page.click('#salva-convenzione');
    // The API refuses a maximum below the minimum: marked on its field.
    await page.locator('#c-max[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('#c-max', '20.000,00');
    await page.click('#salva-convenzione');
    const row = page.locator('#tabella-convenzioni tbody tr', { hasText: 'Schio' });
    await row.waitFor(WAIT);
    assert.match(await row.textContent(), /1,75 %/);
    await fitsWidth(page, 390);
    await checkPageBasics(page);
    assertClean(); // but the 400 of the refused maximum, allowed above
  } finally {
    await close();
  }
});
