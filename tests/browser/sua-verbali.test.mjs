// The minutes of a tender in the browser, at desktop (1280 px) and phone
// (390 px) width: the Province's SUA officer reaches "Verbali della gara"
// from the tender's page, writes a free-form minute (a wrong date is
// marked on its field, nothing stored), gets the PDF listed with its
// SHA-256 (the downloaded bytes hash to it), publishes it; an anonymous
// visitor then sees it and no form, and finds it on the tender's public
// page (bando.html).  No console errors, no failed request,
// nothing wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { cli, SHARED } from '../lib/server.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
let garaId;
const SUA = { email: 'sua.verbali@prova.example', password: PASSWORD };
const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

before(async () => {
  env = await setup();
  const r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sara Verbali');
  const sua = await login(env.url, SUA.email);
  const g = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto: 'Manutenzione della rete stradale provinciale', tipo: 'lavori',
    lotti: [{ oggetto: 'Strade del nord', cpv: '45233141-9', importo_cents: 400000000, sicurezza_cents: 5000000, comune: '024116', cig: 'A005FC04C3' }],
  });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  garaId = g.body.id;
  const e = await sua.call('PUT', `/api/v1/sua/gare/${garaId}`, {
    procedura: 'aperta', criterio: 'prezzo', rup_nome: 'Ing. Maria Rossi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY),
    prima_seduta: iso(Date.now() + 46 * DAY),
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.equal((await sua.call('POST', `/api/v1/sua/gare/${garaId}/pubblica`)).status, 200);
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: the officer writes and publishes a minute, the public downloads it`, async () => {
    const titolo = `Verbale della seduta pubblica (${label})`;
    let { page, context, assertClean, close } = await env.open(`/gara.html?id=${garaId}`, { login: SUA, viewport, allow: [/HTTP 400: POST .*\/verbali$/, /status of 400 .*\/verbali\]$/] });
    try {
      await page.locator(`#link-verbali[href="/verbali.html?gara=${garaId}"]`).waitFor(WAIT);
      await page.click('#link-verbali');
      await page.locator('#sezione-nuovo-verbale:not([hidden])').waitFor(WAIT);
      await page.locator('#stato-verbali:has-text("erbal")').waitFor(WAIT);
      await page.fill('#v-titolo', titolo);
      await page.selectOption('#v-lotto', { label: 'Lotto 1 – Strade del nord' });
      await page.fill('#v-numero', '1');
      await page.fill('#v-data', '31/02/2027 10:30');
      await page.fill('#v-luogo', 'Sala consiliare, contrà Gazzolle 1');
      await page.fill('#v-presenti', 'Ing. Maria Rossi (RUP)\nDott. Niccolò Ferrà');
      await page.fill('#v-testo', 'Il RUP dà atto della regolarità della convocazione.\n\nRibasso medio: 11,108 %.');
      await page.fill('#v-firme', 'Il RUP, Ing. Maria Rossi');
      const before = await page.locator('li[data-verbale]').count();
      await page.click('#crea-verbale');
      await page.locator('#v-data[aria-invalid="true"]').waitFor(WAIT);
      assert.equal(await page.locator('li[data-verbale]').count(), before);
      await page.fill('#v-data', '12/03/2027 10:30');
      await page.click('#crea-verbale');
      const card = page.locator('li[data-verbale]', { hasText: titolo });
      await card.waitFor(WAIT);
      assert.match(await card.textContent(), /Non pubblicato/);
      const sha = (await card.locator('code').textContent()).trim();
      assert.match(sha, /^[0-9a-f]{64}$/);
      const href = await card.locator('a:has-text("Scarica il PDF")').getAttribute('href');
      const pdf = await context.request.get(href);
      assert.equal(pdf.status(), 200);
      assert.equal(createHash('sha256').update(await pdf.body()).digest('hex'), sha);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `verbali-${label}`);
      await card.locator('[data-pubblica]').click();
      await page.locator('li[data-verbale]', { hasText: titolo }).locator('.badge:has-text("Pubblicato")').waitFor(WAIT);
      assertClean();
    } finally {
      await close();
    }
    ({ page, assertClean, close } = await env.open(`/verbali.html?gara=${garaId}`, { viewport }));
    try {
      const card = page.locator('li[data-verbale]', { hasText: titolo });
      await card.waitFor(WAIT);
      assert.equal(await page.locator('#sezione-nuovo-verbale').isHidden(), true);
      assert.equal(await card.locator('[data-pubblica]').count(), 0);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
    // The tender's public page lists it too, with its PDF.
    ({ page, assertClean, close } = await env.open(`/bando.html?id=${garaId}`, { viewport }));
    try {
      const item = page.locator('#verbali-pubblici:not([hidden]) li', { hasText: titolo });
      await item.waitFor(WAIT);
      assert.match(await item.locator('a').getAttribute('href'), /^\/api\/v1\/sua\/verbali\/\d+\/pdf$/);
      assert.match(await item.textContent(), /SHA-256 [0-9a-f]{64}/);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
  });
}
