// The public tender portal in the browser (issue 12, items 8 and 10):
// "Bandi di gara" with search as you type, filters and export links, the
// tender page with its lots and the countdown to the deadlines (announced
// politely for screen readers), the "Gare" section of a Comune's card;
// drafts never shown; 1280 and 390 px wide, no console errors, the
// accessibility basics.  Tenders are made through the officer's API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { cli, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

let env;
const T = {};

async function gara(sua, oggetto, tipo, lotti, { pubblica = true } = {}) {
  const r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto, tipo, lotti });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const e = await sua.call('PUT', `/api/v1/sua/gare/${r.body.id}`, {
    procedura: 'aperta', criterio: 'prezzo', rup_nome: 'Ing. Maria Rossi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 10 * DAY),
    termine_offerte: iso(Date.now() + 45 * DAY + 3 * 3600 * 1000),
    prima_seduta: iso(Date.now() + 46 * DAY),
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  if (!pubblica) return e.body;
  const p = await sua.call('POST', `/api/v1/sua/gare/${r.body.id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

const lotto = (over) => ({ oggetto: 'Lotto', cpv: '45233141-9', importo_cents: 400000000, sicurezza_cents: 0, comune: '024116', ...over });

before(async () => {
  env = await setup();
  const r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, 'sua.portale.ui@example.org', 'sua_officer', 'provincia:024');
  const sua = await login(env.url, 'sua.portale.ui@example.org');
  T.scuola = await gara(sua, 'Manutenzione straordinaria dell\'edificio scolastico', 'lavori', [
    lotto({ oggetto: 'Scuola primaria', cig: 'A005FC04C3' }),
    lotto({ oggetto: 'Palestra', cig: 'A003270025', comune: '024001', importo_cents: 200000000 }),
  ]);
  T.pulizia = await gara(sua, 'Servizio di pulizia degli uffici', 'servizi', [
    lotto({ oggetto: 'Pulizia del municipio', cpv: '90911200-8', cig: 'A00518EDE1', importo_cents: 30000000 }),
  ]);
  // The notice, as the officer attaches it (multipart, field "tipo").
  const B = '----areavasta-portale-ui-3f';
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n', 'latin1');
  const up = await fetch(`${env.url}/api/v1/sua/gare/${T.scuola.id}/documenti`, {
    method: 'POST',
    headers: { cookie: `av_session=${sua.cookie}`, 'x-csrf-token': sua.csrf, 'content-type': `multipart/form-data; boundary=${B}` },
    body: Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\nbando\r\n`),
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="Bando.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf, Buffer.from(`\r\n--${B}--\r\n`)]),
  });
  assert.equal(up.status, 201, await up.text());
  T.bozza = await gara(sua, 'Bozza segretissima', 'lavori', [lotto({ cig: 'A007F7819A' })], { pubblica: false });
  // An amendment of the services' tender: a later deadline, a new amount.
  const a = await sua.call('PUT', `/api/v1/sua/gare/${T.pulizia.id}`, {
    motivo_rettifica: 'Proroga per sopralluoghi',
    termine_offerte: iso(Date.parse(T.pulizia.termine_offerte) + 7 * DAY),
    prima_seduta: iso(Date.parse(T.pulizia.prima_seduta) + 7 * DAY),
    lotti: [lotto({ oggetto: 'Pulizia del municipio', cpv: '90911200-8', cig: 'A00518EDE1', importo_cents: 35000000 })],
  });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  T.pulizia = a.body;
});
after(async () => { await env?.close(); });

const rows = (page) => page.locator('#tabella-gare tbody tr');
async function waitList(page, pattern = /trovat/) {
  await page.locator('#stato-gare').filter({ hasText: pattern }).waitFor(WAIT);
  await page.waitForFunction(() => !document.querySelector('#elenco-gare').hasAttribute('aria-busy'), null, WAIT);
}

test('Bandi di gara: the published tenders, search as you type, filters, export links', async () => {
  const { page, assertClean, close } = await env.open('/bandi.html');
  try {
    await waitList(page);
    // The demo's published tenders and these two; never the draft.
    const api = await (await page.request.get('/api/v1/gare?limit=20')).json();
    assert.ok(api.total >= 2);
    assert.equal(await rows(page).count(), Math.min(api.total, 20));
    assert.doesNotMatch(await page.locator('#tabella-gare').textContent(), /segretissima/);
    assert.match(await page.locator('#stato-gare').textContent(), new RegExp(`^${api.total} bandi trovati`));
    assert.match(await page.locator('#tabella-gare').textContent(), /€\s6\.000\.000,00/);
    await checkPageBasics(page);
    await screenshot(page, 'bandi');

    await page.locator('#q').pressSequentially('EDIFÌCIO SCOLAST', { delay: 30 });
    await waitList(page, /per «EDIFÌCIO SCOLAST»/);
    assert.equal(await rows(page).count(), 1);
    assert.match(await rows(page).first().textContent(), /dell'edificio scolastico/);
    assert.match(page.url(), /[?&]q=EDIF/);
    assert.match(await page.locator('#scarica-csv').getAttribute('href'), /^\/api\/v1\/gare\.csv\?q=EDIF/);
    assert.match(await page.locator('#scarica-xlsx').getAttribute('href'), /^\/api\/v1\/gare\.xlsx\?q=EDIF/);
    await page.locator('#q').fill('segretissima');
    await waitList(page, /Nessun bando/);
    assert.equal(await page.locator('#tabella-gare').isHidden(), true);

    await page.locator('#q').fill('');
    await page.selectOption('#tipo', 'servizi');
    const servizi = await (await page.request.get('/api/v1/gare?tipo=servizi')).json();
    await waitList(page, new RegExp(`^${servizi.total} ${servizi.total === 1 ? 'bando trovato' : 'bandi trovati'}`));
    assert.equal(await rows(page).count(), servizi.total);
    assert.match(await page.locator('#tabella-gare').textContent(), /pulizia degli uffici/);
    await page.selectOption('#tipo', '');
    // Amounts typed the Italian way; a bad one is marked, not sent.
    await page.locator('#importo_min').fill('5.000.000,00');
    await page.locator('#form-gare button[type=submit]').click();
    await waitList(page, /1 bando trovato/);
    assert.match(await rows(page).first().textContent(), /dell'edificio scolastico/);
    assert.match(page.url(), /importo_min=500000000(&|$)/);
    await page.locator('#importo_min').fill('mille');
    await page.locator('#form-gare button[type=submit]').click();
    await page.locator('#importo_min[aria-invalid="true"]').waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('the tender page: lots, deadlines in Rome time with a countdown, announced politely', async () => {
  const { page, assertClean, close } = await env.open(`/bando.html?id=${T.scuola.id}`);
  try {
    await page.locator('#gara:not([hidden])').waitFor(WAIT);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Manutenzione straordinaria dell\'edificio scolastico');
    assert.equal(await page.locator('#tabella-lotti tbody tr').count(), 2);
    assert.match(await page.locator('#tabella-lotti').textContent(), /Agugliaro/);
    const doc = page.locator('#documenti a');
    assert.equal((await doc.textContent()).trim(), 'Bando.pdf');
    assert.match(await doc.getAttribute('href'), new RegExp(`^/api/v1/gare/${T.scuola.id}/documenti/\\d+$`));
    const dl = await page.request.get(await doc.getAttribute('href'));
    assert.equal(dl.status(), 200);
    const api = await (await page.request.get(`/api/v1/gare/${T.scuola.id}`)).json();
    const termini = await page.locator('#termini').textContent();
    assert.ok(termini.includes(api.termini.offerte.locale), termini);
    assert.match(termini, /\(mancano 45 giorni e [23] ore\)/);
    assert.match(termini, /\(mancano \d+ giorni/);
    const live = page.locator('#annuncio-termini');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    await page.locator('#annuncio-termini').filter({ hasText: /mancano/ }).waitFor(WAIT);
    assert.equal(await page.locator('.countdown').first().getAttribute('role'), 'timer');
    assert.match(await page.title(), /^Manutenzione straordinaria .* \| Bandi di gara \| areavasta$/);
    await checkPageBasics(page);
    await screenshot(page, 'bando');
    assertClean();
  } finally {
    await close();
  }
  // A draft: "not found", with the API's 404 as the only problem.
  const d = await env.open(`/bando.html?id=${T.bozza.id}`, { allow: [/HTTP 404/, /status of 404/] });
  try {
    await d.page.locator('h1', { hasText: 'Gara non trovata' }).waitFor(WAIT);
    assert.equal(await d.page.locator('#gara').isHidden(), true);
    d.assertClean();
  } finally {
    await d.close();
  }
});

test('an amendment reads in Italian: fields, Rome times, euro', async () => {
  const { page, assertClean, close } = await env.open(`/bando.html?id=${T.pulizia.id}`);
  try {
    await page.locator('#gara:not([hidden])').waitFor(WAIT);
    const api = await (await page.request.get(`/api/v1/gare/${T.pulizia.id}`)).json();
    const r = await page.locator('#rettifiche').textContent();
    assert.match(r, /Rettifica n\. 1 del \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    assert.match(r, /Proroga per sopralluoghi/);
    assert.ok(r.includes(`termine per le offerte: `) && r.includes(`→ ${api.termini.offerte.locale}`), r);
    assert.match(r, /lotto 1, importo: €\s300\.000,00 → €\s350\.000,00/);
    assert.match(await page.locator('#dati-gara').textContent(), /Procedura aperta/);
    assert.match(await page.locator('#sottotitolo-gara').textContent(), /1 rettifica/);
    assertClean();
  } finally {
    await close();
  }
});

test('the Comune\'s card has its tenders and totals', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html?codice=024001');
  try {
    const api = await (await page.request.get('/api/v1/comuni/024001/gare?limit=10')).json();
    assert.ok(api.total >= 1);
    await page.locator('#stato-gare-comune').filter({ hasText: new RegExp(`^${api.total} gar`) }).waitFor(WAIT);
    assert.equal(await page.locator('#tabella-gare-comune tbody tr').count(), api.items.length);
    const euro = (c) => `€\u00a0${new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, useGrouping: 'always' }).format(c / 100)}`;
    const tot = await page.locator('#totali-gare-comune').textContent();
    assert.ok(tot.includes(`Gare${api.totali.gare} per ${euro(api.totali.importo_cents)}`), tot);
    assert.ok(tot.includes(`Lavori${api.totali.per_tipo.lavori.gare} per ${euro(api.totali.per_tipo.lavori.importo_cents)}`), tot);
    await page.locator('#tabella-gare-comune a', { hasText: 'dell\'edificio scolastico' }).click();
    await page.waitForURL(new RegExp(`/bando\\.html\\?id=${T.scuola.id}$`), WAIT);
    await page.locator('#gara:not([hidden])').waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
});

for (const path of ['/bandi.html', '/bando.html?id=SCUOLA', '/comuni.html?codice=024116']) {
  test(`${path} fits 390 px`, async () => {
    const p = path.replace('SCUOLA', String(T.scuola.id));
    const { page, assertClean, close } = await env.open(p, { viewport: { width: 390, height: 800 } });
    try {
      await page.waitForLoadState('networkidle');
      await page.locator('h1').waitFor(WAIT);
      const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
      assert.ok(w.doc <= 390 && w.body <= 390, `${p} is ${w.doc}/${w.body} px wide at 390`);
      await screenshot(page, `portale-${p.split(/[/.?]/)[1]}-390`);
      assertClean();
    } finally {
      await close();
    }
  });
}
