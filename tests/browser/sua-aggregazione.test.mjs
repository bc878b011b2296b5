// The SUA officer's aggregation page (aggregazioni.html) and the flow that
// follows it through the UI (issue 12: the scenario in a browser): the
// demo's three cleaning requests from three Comuni of Vicenza appear as one
// suggestion with its lots, regime and saving; a rejection needs its
// reason; "Crea la gara" opens the editor on a draft with one lot per
// request; the officer completes and publishes it; an anonymous visitor
// finds it on the public portal.  At 390 px (reading, the reason's dialog)
// and 1280 px (the whole flow).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const SUA = { email: 'sua.aggrega@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.aggrega@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Aldo Aggrega');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Cora Comune');
});
after(async () => { await env?.close(); });

const DAY = 86400 * 1000;
const fmt = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const campo = (days) => fmt.format(new Date(Date.now() + days * DAY)).replace(', ', ' ').replace(/\d\d:\d\d$/, '12:00');
// A valid CIG of the PCP kind (LAW.md 9.1).
function cig(n) {
  const k = ((n + 2) * 211) % 4091;
  return `B${n.toString(16).toUpperCase().padStart(6, '0')}${k.toString(16).toUpperCase().padStart(3, '0')}`;
}

test('390 px: the suggestion reads on a phone; a rejection without its reason is refused', async () => {
  const { page, assertClean, close } = await env.open('/aggregazioni.html', {
    login: SUA, viewport: { width: 390, height: 844 }, allow: [/400.*rifiuta/],
  });
  try {
    const card = page.locator('[data-suggerimento]');
    await card.first().waitFor(WAIT);
    assert.equal(await card.count(), 1);
    const text = await card.textContent();
    assert.match(text, /3 Comuni, 3 richieste/);
    assert.match(text, /sopra la soglia europea/);
    assert.match(text, /2 procedure evitate/);
    assert.match(text, /non stimabile/);
    assert.equal(await card.locator('tbody tr').count(), 3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
    await card.locator('[data-rifiuta]').click();
    const dlg = page.locator('dialog[open]');
    await dlg.waitFor(WAIT);
    await dlg.locator('button[type=submit]').click();
    await dlg.locator('textarea[aria-invalid="true"]').waitFor(WAIT);
    await dlg.locator('button', { hasText: 'Annulla' }).click();
    assert.equal(await page.locator('[data-rifiuta]').count(), 1, 'still to be decided');
    await checkPageBasics(page);
    await screenshot(page, 'sua-aggregazioni-390');
    assertClean();
  } finally {
    await close();
  }
});

test('1280 px: accept, complete and publish the tender, find it on the public portal', async () => {
  const { page, assertClean, close } = await env.open('/aggregazioni.html', { login: SUA, viewport: { width: 1280, height: 900 } });
  let id;
  try {
    await page.locator('[data-suggerimento]').first().waitFor(WAIT);
    await checkPageBasics(page);
    await screenshot(page, 'sua-aggregazioni-1280');
    await page.locator('[data-accetta]').click();
    await page.waitForURL(/\/gara\.html\?id=\d+$/, WAIT);
    id = Number(new URL(page.url()).searchParams.get('id'));
    await page.locator('#area-gara:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('fieldset.lotto').count(), 3);
    for (let i = 0; i < 3; i++) {
      await page.locator('fieldset.lotto').nth(i).locator('[data-chiave="cig"]').fill(cig(0x7A0000 + id * 4 + i));
    }
    await page.locator('#consiglio-regime:has-text("Sopra la soglia europea")').waitFor(WAIT);
    await page.locator('#procedura').selectOption('aperta');
    await page.locator('#criterio').selectOption('prezzo');
    await page.locator('#rup').fill('Dott. Aldo Aggrega');
    await page.locator('#termine-chiarimenti').fill(campo(15));
    await page.locator('#termine-offerte').fill(campo(50));
    await page.locator('#prima-seduta').fill(campo(51));
    await page.locator('#pubblica-gara').click();
    await page.locator('#riepilogo-gara:has-text("Pubblicata")').waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
  // The requests now say they are in the tender: the Comune sees it.
  const c = await env.open('/area.html', { login: COMUNE });
  try {
    const g = await (await c.page.request.get(`/api/v1/sua/richieste?stato=in_gara`)).json();
    assert.ok(g.items.some((r) => r.gara_id === id), JSON.stringify(g.items.map((r) => [r.id, r.gara_id])));
    c.assertClean();
  } finally {
    await c.close();
  }
  // Anyone, no login: the portal's tender page with its three lots.
  const p = await env.open(`/bando.html?id=${id}`);
  try {
    await p.page.locator('#gara:not([hidden])').waitFor(WAIT);
    assert.equal(await p.page.locator('#tabella-lotti tbody tr').count(), 3);
    assert.match(await p.page.locator('#gara').textContent(), /Appalto aggregato di servizi/);
    await checkPageBasics(p.page);
    p.assertClean();
  } finally {
    await p.close();
  }
});
