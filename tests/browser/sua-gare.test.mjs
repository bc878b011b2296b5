// The SUA officer's tender editor (gara.html) and list (gare.html): at 1280
// and at 390 px the officer creates a draft, adds two lots, sees the rules
// engine's advice for them, chooses procedure and criterion, types the
// deadlines as gg/mm/aaaa hh:mm, publishes, and finds the tender in the
// list; a refused publication marks its field.  A Comune's user gets the
// 403 message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli, SHARED } from '../lib/server.mjs';

let env;
const SUA = { email: 'sua.gare@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.gare@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  const r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sara Appalti');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Cora Comune');
});
after(async () => { await env?.close(); });

const DAY = 86400 * 1000;
const fmt = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const campo = (days) => fmt.format(new Date(Date.now() + days * DAY)).replace(', ', ' ').replace(/\d\d:\d\d$/, '12:00');

async function fillLot(page, i, { oggetto, cig, cpv, importo, sicurezza, comune }) {
  const fs = page.locator('fieldset.lotto').nth(i);
  await fs.locator('[data-chiave="oggetto"]').fill(oggetto);
  await fs.locator('[data-chiave="cig"]').fill(cig);
  await fs.locator('[data-chiave="cpv"]').fill(cpv);
  await fs.locator('[data-chiave="importo_cents"]').fill(importo);
  await fs.locator('[data-chiave="sicurezza_cents"]').fill(sicurezza);
  await fs.locator('[data-chiave="comune"]').selectOption(comune);
}

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`the officer creates, fills and publishes a tender with two lots at ${width} px`, async () => {
    const { page, assertClean, close } = await env.open('/gara.html', {
      login: SUA, viewport: { width, height }, allow: [/422.*\/pubblica/],
    });
    try {
      await page.locator('#area-nuova:not([hidden])').waitFor(WAIT);
      await page.locator('#nuova-oggetto').fill(`Manutenzione strade ${width}`);
      await page.locator('#nuova-tipo').selectOption('lavori');
      await page.locator('#crea-gara').click();
      await page.waitForURL(/\/gara\.html\?id=\d+$/, WAIT);
      const id = new URL(page.url()).searchParams.get('id');
      await page.locator('#area-gara:not([hidden])').waitFor(WAIT);
      assert.match(await page.locator('#riepilogo-gara').textContent(), /In bozza/);

      await page.locator('#aggiungi-lotto').click();
      await page.locator('#aggiungi-lotto').click();
      assert.equal(await page.locator('fieldset.lotto').count(), 2);
      assert.equal(await page.locator('fieldset.lotto legend').nth(1).textContent(), 'Lotto 2');
      const cigs = width === 1280 ? ['A005FC04C3', 'A003270025'] : ['A00518EDE1', 'A005544DD8'];
      await fillLot(page, 0, { oggetto: 'Strade di Vicenza', cig: cigs[0], cpv: '45233141-9', importo: '4.000.000,00', sicurezza: '50.000', comune: '024116' });
      await fillLot(page, 1, { oggetto: 'Strade di Agugliaro', cig: '', cpv: '45000000-7', importo: '2.000.000,00', sicurezza: '0', comune: '024001' });
      // The advice follows the lots typed: 6 million of works is above the EU threshold.
      await page.locator('#consiglio-regime:has-text("Sopra la soglia europea")').waitFor(WAIT);
      await page.locator('#consiglio-procedure li[data-procedura="aperta"]').waitFor(WAIT);
      assert.match(await page.locator('#totale-lotti').textContent(), /2 lotti, importo complessivo €\s6\.000\.000,00/);
      assert.match(await page.locator('#procedura option[value="aperta"]').textContent(), /\(indicata\)/);
      await page.locator('#procedura').selectOption('aperta');
      await page.locator('#criterio').selectOption('prezzo');
      await page.locator('#rup').fill('Ing. Maria Rossi');
      await page.locator('#termine-chiarimenti').fill(campo(10));
      await page.locator('#termine-offerte').fill(campo(45));
      await page.locator('#prima-seduta').fill(campo(46));

      // The second lot has no CIG: publication is refused and the field says why.
      await page.locator('#pubblica-gara').click();
      const cig2 = page.locator('fieldset.lotto').nth(1).locator('[data-chiave="cig"]');
      await page.locator('fieldset.lotto >> nth=1 >> [data-chiave="cig"][aria-invalid="true"]').waitFor(WAIT);
      assert.match(await page.locator('#app-alerts').textContent(), /CIG/);
      await cig2.fill(cigs[1]);
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
      }
      await screenshot(page, `sua-gara-bozza-${width}`);
      await page.locator('#pubblica-gara').click();
      await page.locator('#riepilogo-gara:has-text("Pubblicata")').waitFor(WAIT);
      assert.equal(await page.locator('#pubblica-gara').isHidden(), true);
      assert.equal(await page.locator('#salva-gara').textContent(), 'Pubblica la rettifica');
      assert.equal(await page.locator('#termine-offerte').inputValue(), campo(45));

      const g = await (await page.request.get(`/api/v1/sua/gare/${id}`)).json();
      assert.equal(g.stato, 'pubblicata');
      assert.deepEqual(g.lotti.map((l) => [l.cig, l.importo_cents, l.sicurezza_cents, l.comune]),
        [[cigs[0], 400000000, 5000000, '024116'], [cigs[1], 200000000, 0, '024001']]);
      assert.equal(g.procedura, 'aperta');
      assert.equal(g.rup_nome, 'Ing. Maria Rossi');
      await checkPageBasics(page);
      await screenshot(page, `sua-gara-pubblicata-${width}`);

      // The list shows it.
      await page.goto('/gare.html?stato=pubblicata');
      await page.locator('#tabella-gare:not([hidden])').waitFor(WAIT);
      const row = page.locator(`#tabella-gare tr[data-gara="${id}"]`);
      assert.match(await row.textContent(), new RegExp(`Manutenzione strade ${width}`));
      assert.match(await row.textContent(), /€\s6\.000\.000,00/);
      await checkPageBasics(page);
      await screenshot(page, `sua-gare-${width}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('a Comune\'s user gets the 403 message on both pages', async () => {
  for (const path of ['/gare.html', '/gara.html']) {
    const { page, assertClean, close } = await env.open(path, { login: COMUNE });
    try {
      await page.locator('#accesso-richiesto .alert-danger').waitFor(WAIT);
      assert.match(await page.locator('#accesso-richiesto').textContent(), /Funzionario SUA/);
      assertClean();
    } finally {
      await close();
    }
  }
});

test('a published tender: amendment with its reason, an answer to a clarification, cancellation', async () => {
  const { login } = await import('../lib/auth.mjs');
  const api = await login(env.url, SUA.email);
  const comune = await login(env.url, COMUNE.email);
  const lot = (cig, importo_cents, c) => ({ oggetto: `Lotto ${c}`, cig, cpv: '45233141-9', importo_cents, sicurezza_cents: 0, comune: c });
  let r = await api.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'Gara da rettificare', tipo: 'lavori', lotti: [lot('A0080D94E7', 400000000, '024116'), lot('A007F7819A', 200000000, '024001')] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const iso = (days) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
  r = await api.call('PUT', `/api/v1/sua/gare/${id}`, { procedura: 'aperta', criterio: 'prezzo', termine_chiarimenti: iso(10), termine_offerte: iso(45), prima_seduta: iso(46) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await api.call('POST', `/api/v1/sua/gare/${id}/pubblica`)).status, 200);
  assert.equal((await comune.call('POST', `/api/v1/gare/${id}/chiarimenti`, { domanda: 'Il sopralluogo è obbligatorio?' })).status, 201);

  const { page, assertClean, close } = await env.open(`/gara.html?id=${id}`, { login: SUA, allow: [/400.*\/sua\/gare\/\d+\b/] });
  try {
    await page.locator('#area-gara:not([hidden])').waitFor(WAIT);
    assert.match(await page.locator('#riepilogo-gara').textContent(), /Pubblicata/);
    assert.equal(await page.locator('#pubblica-gara').isHidden(), true);
    // Extend the offers without a reason: refused, the reason field marked.
    await page.locator('#termine-offerte').fill(campo(52));
    await page.locator('#prima-seduta').fill(campo(53));
    await page.locator('#salva-gara').click();
    await page.locator('#motivo-rettifica[aria-invalid="true"]').waitFor(WAIT);
    await page.locator('#motivo-rettifica').fill('Proroga per consentire i sopralluoghi');
    await page.locator('#salva-gara').click();
    await page.locator('#sezione-rettifiche:not([hidden]) li:has-text("Proroga per consentire i sopralluoghi")').waitFor(WAIT);
    assert.match(await page.locator('#riepilogo-gara').textContent(), /1 rettifica/);
    assert.match(await page.locator('#rettifiche').textContent(), new RegExp(`Termine offerte: da .* a ${campo(52).replace(/\//g, '\\/')}`));
    // The clarification waiting for an answer.
    const q = page.locator('#chiarimenti form').first();
    await q.waitFor(WAIT);
    assert.match(await q.textContent(), /Il sopralluogo è obbligatorio\?/);
    await q.locator('textarea').fill('No, è facoltativo.');
    await q.locator('button[type="submit"]').click();
    await page.locator('#stato-chiarimenti:has-text("0 in attesa")').waitFor(WAIT);
    assert.equal(await page.locator('#chiarimenti form textarea').first().inputValue(), 'No, è facoltativo.');
    await checkPageBasics(page);
    await screenshot(page, 'sua-gara-rettifica');
    // Cancel with its reason, from the dialog.
    await page.locator('#annulla-gara').click();
    await page.locator('dialog textarea').fill('Finanziamento revocato');
    await page.locator('dialog button[type="submit"]').click();
    await page.locator('#riepilogo-gara:has-text("Annullata")').waitFor(WAIT);
    assert.match(await page.locator('#avviso-stato').textContent(), /Finanziamento revocato/);
    assert.equal(await page.locator('#oggetto').isDisabled(), true);
    const g = await (await page.request.get(`/api/v1/sua/gare/${id}`)).json();
    assert.equal(g.stato, 'annullata');
    assert.equal(g.versione, 1);
    assertClean();
  } finally {
    await close();
  }
});
