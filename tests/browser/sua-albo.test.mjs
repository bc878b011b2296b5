// The albo fornitori and the invitations in the browser, at desktop (1280
// px) and phone (390 px) width: an operator applies to Vicenza's albo from
// "La mia impresa" (a wrong PEC marked on its field first), the SUA
// officer finds the entry in the albo filtered by state and approves it,
// then declares the criteria of a negotiated tender (reached from the
// tender's editor) and sees the operator in the preview as invitable; the
// operator edits its entry (PEC: still approved; CPV: back to review).
// No console errors, no unexpected failed request, nothing wider than the
// screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { piva } from '../lib/albo.mjs';

let env;
const SUA = { email: 'funzionario.albo@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sandro Albo');
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

const anno = new Date().getUTCFullYear() + 2;
let n = 0;

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: an operator applies, the officer approves and previews the invitations`, async () => {
    const p = piva(String(3000000000 + ++n));
    const OP = { email: `impresa.${label}@prova.example`, password: PASSWORD };
    addUser(env.db, OP.email, 'operator', `operatore:${p}`, 'Olga Impresa');
    const ragione = `Strade Berica ${label} S.r.l.`;
    let { page, assertClean, close } = await env.open('/impresa.html', { login: OP, viewport, allow: [/400.*\/api\/v1\/sua\/operatori\/\d+\/albo/] });
    try {
      await page.locator('#area-impresa:not([hidden])').waitFor(WAIT);
      assert.equal(await page.textContent('#mia-piva'), p);
      await page.locator('#stato-iscrizioni:has-text("Nessuna iscrizione")').waitFor(WAIT);
      await page.fill('#a-provincia', '024');
      await page.fill('#a-ragione', ragione);
      await page.fill('#a-cf', p);
      await page.fill('#a-pec', 'non-una-pec');
      await page.fill('#a-comune', '024116');
      await page.fill('#a-indirizzo', 'Viale della Pace 10');
      await page.fill('#a-legale-nome', 'Mario Rossi');
      await page.fill('#a-legale-cf', 'RSSMRA85T10A562S');
      await page.fill('#a-cpv', '45233141-9');
      await page.fill('#a-soa', `OG3 III 30/06/${anno}`);
      await page.click('#invia-iscrizione');
      await page.locator('#a-pec[aria-invalid="true"]').waitFor(WAIT);
      await page.fill('#a-pec', `strade.${label}@pec.it`);
      await page.click('#invia-iscrizione');
      const card = page.locator('article.iscrizione', { hasText: ragione });
      await card.waitFor(WAIT);
      assert.match(await card.textContent(), /In revisione/);
      assert.match(await card.textContent(), /OG3 classifica III/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `impresa-${label}`);
      assertClean();
    } finally {
      await close();
    }

    ({ page, assertClean, close } = await env.open('/sua-albo.html', { login: SUA, viewport }));
    try {
      await page.locator('#area-albo:not([hidden])').waitFor(WAIT);
      await page.selectOption('#f-stato', 'in_revisione');
      await page.fill('#f-q', p);
      await page.click('#form-filtri button[type=submit]');
      const card = page.locator(`article.iscrizione[data-piva="${p}"]`);
      await card.waitFor(WAIT);
      assert.match(await card.textContent(), /Legale rappresentante: Mario Rossi/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `sua-albo-${label}`);
      await card.locator('[data-azione="approva"]').click();
      await card.locator('[data-stato="approvato"]').waitFor(WAIT);
      assert.equal(await card.locator('[data-azione="sospendi"]').count(), 1);
      assertClean();
    } finally {
      await close();
    }

    // A negotiated tender of 400,000 euro of works (created through the API).
    const sua = await login(env.url, SUA.email);
    let r = await sua.call('POST', '/api/v1/sua/province/024/gare', {
      oggetto: `Asfaltature ${label}`, tipo: 'lavori',
      lotti: [{ oggetto: `Asfaltature ${label}`, cpv: '45233141-9', importo_cents: 40000000, sicurezza_cents: 0, comune: '024116' }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const gara = r.body.id;
    r = await sua.call('PUT', `/api/v1/sua/gare/${gara}`, { procedura: 'negoziata_senza_bando' });
    assert.equal(r.status, 200);

    // From the tender's editor, the link to its invitations.
    ({ page, assertClean, close } = await env.open(`/gara.html?id=${gara}`, { login: SUA, viewport }));
    try {
      await page.locator('#link-inviti:not([hidden])').waitFor(WAIT);
      await page.click('#vai-inviti');
      await page.waitForURL(new RegExp(`/sua-inviti\\.html\\?gara=${gara}$`), WAIT);
      await page.locator('#area-inviti:not([hidden])').waitFor(WAIT);
      await page.locator('#sintesi-criteri:has-text("non ancora")').waitFor(WAIT);
      await page.fill('#c-soa', 'og3');
      await page.fill('#c-classe', 'II');
      await page.selectOption('#c-territorio', 'regione');
      await page.click('#salva-criteri');
      await page.locator('#sintesi-criteri:has-text("soa:OG3")').waitFor(WAIT);
      assert.match(await page.textContent('#sintesi-criteri'), /minimo di legge: 5/);
      const row = page.locator(`#tabella-anteprima tr[data-piva="${p}"]`);
      await row.waitFor(WAIT);
      assert.equal(await row.getAttribute('data-esito'), 'ammesso');
      assert.equal(await row.locator('input[name="invita"]').count(), 1);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `sua-inviti-${label}`);
      assertClean();
    } finally {
      await close();
    }

    // The operator edits its entry: a new PEC keeps it approved, a new
    // CPV code sends it back to review.
    ({ page, assertClean, close } = await env.open('/impresa.html', { login: OP, viewport }));
    try {
      const card = page.locator('article.iscrizione', { hasText: ragione });
      await card.locator('[data-stato="approvato"]').waitFor(WAIT);
      await card.locator('[data-azione="modifica"]').click();
      assert.equal(await page.inputValue('#a-pec'), `strade.${label}@pec.it`);
      assert.equal(await page.isDisabled('#a-provincia'), true);
      await page.fill('#a-pec', `nuova.${label}@pec.it`);
      await page.click('#invia-iscrizione');
      await page.locator(`article.iscrizione:has-text("nuova.${label}@pec.it") [data-stato="approvato"]`).waitFor(WAIT);
      await page.locator('article.iscrizione [data-azione="modifica"]').first().click();
      await page.fill('#a-cpv', '45233141-9\n45000000-7');
      await page.click('#invia-iscrizione');
      await page.locator('article.iscrizione [data-stato="in_revisione"]').waitFor(WAIT);
      assertClean();
    } finally {
      await close();
    }
  });
}
