// The EU desk's eligibility pages: the officer's table of the Province's
// Comuni with reasons and the groupings on the map
// (europa-ammissibilita.html, 1280 px), and a Comune's "bandi per il mio
// Comune" (europa-comune.html, 390 px), with the accessibility checks
// (checkPageBasics runs axe-core).  The calls are arranged through the call
// registry's route (POST /api/v1/bandi, as the EU desk), their requisiti
// through PUT /api/v1/bandi/{id}/requisiti.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const SAPE = { email: 'sape.amm@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.amm@prova.example', password: PASSWORD };
const ids = {};

// A manual call through POST /api/v1/bandi; the deadline is a day and a
// minute in Europe/Rome, as the registry's form takes it.
async function arrangeBando(sape, titolo, scadenza) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const [data, ora] = f.format(new Date(scadenza * 1000)).split(' ');
  const r = await sape.call('POST', '/api/v1/bandi', { titolo, stato: 'aperto', chiave_fonte: `browser-${titolo}`, scadenze: [{ fase: 1, data, ora }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

before(async () => {
  env = await setup();
  addUser(env.db, SAPE.email, 'sape_officer', 'provincia:024', 'Sara Europa');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carlo Comune');
  const now = Math.floor(Date.now() / 1000);
  const sape = await login(env.url, SAPE.email);
  ids.piccoli = await arrangeBando(sape, 'Rigenerazione urbana in forma associata', now + 86400 * 20);
  ids.grandi = await arrangeBando(sape, 'Città sopra 50.000 abitanti', now + 86400 * 10);
  let r = await sape.call('PUT', `/api/v1/bandi/${ids.piccoli}/requisiti`, { popolazione_max: 14999, popolazione_aggregata_min: 15000 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await sape.call('PUT', `/api/v1/bandi/${ids.grandi}/requisiti`, { popolazione_min: 50000, verifiche_manuali: ['Strategia urbana approvata'] });
  assert.equal(r.status, 200);
  const api = await sape.call('GET', `/api/v1/bandi/${ids.piccoli}/ammissibilita?provincia=VI&limit=1000`);
  ids.total = api.body.total;
  ids.ammissibili = api.body.items.filter((i) => i.esito === 'ammissibile').length;
  ids.daVerificare = api.body.items.filter((i) => i.esito === 'da_verificare').length;
  const agg = await sape.call('GET', `/api/v1/bandi/${ids.piccoli}/aggregazioni?provincia=VI`);
  ids.gruppi = agg.body.gruppi.length;
});
after(async () => { await env?.close(); });

test('1280 px: the officer sees every Comune with its reasons, filters them, and the groupings on the map', async () => {
  const { page, assertClean, close } = await env.open(`/europa-ammissibilita.html?bando=${ids.piccoli}&provincia=VI`, {
    login: SAPE, viewport: { width: 1280, height: 900 },
  });
  try {
    const rows = page.locator('#tabella-ammissibilita tbody tr');
    await rows.first().waitFor(WAIT);
    assert.equal(await rows.count(), ids.total);
    assert.match(await page.locator('#stato-esiti').textContent(), new RegExp(`^${ids.total} Comuni: ${ids.ammissibili} ammissibil`));
    await page.selectOption('#filtro-esito', 'da_verificare');
    assert.equal(await rows.count(), ids.daVerificare);
    assert.match(await rows.first().textContent(), /aggregazione|non nota/);
    await page.locator('#lista-gruppi li').first().waitFor(WAIT);
    assert.equal(await page.locator('#lista-gruppi > li').count(), ids.gruppi);
    await page.locator('#svg-aggregazioni path.area-gruppo').first().waitFor(WAIT);
    assert.ok(await page.locator('#svg-aggregazioni path.area-gruppo').count() >= ids.gruppi * 2);
    await checkPageBasics(page);
    await screenshot(page, 'europa-ammissibilita-1280');
    assertClean();
  } finally {
    await close();
  }
});

test('390 px: the Comune sees the calls it may apply to, with the reasons', async () => {
  const { page, assertClean, close } = await env.open('/europa-comune.html', {
    login: COMUNE, viewport: { width: 390, height: 844 },
  });
  try {
    const cards = page.locator('[data-bando]');
    await cards.first().waitFor(WAIT);
    const shown = await cards.evaluateAll((els) => els.map((e) => Number(e.dataset.bando)));
    assert.ok(shown.includes(ids.grandi), 'the big-city call is open to Vicenza');
    assert.ok(!shown.includes(ids.piccoli), 'the small-Comuni call is not');
    const text = await page.locator(`[data-bando="${ids.grandi}"]`).textContent();
    assert.match(text, /Da verificare/);
    assert.match(text, /Strategia urbana approvata/);
    assert.match(text, /≥ 50\.000 abitanti/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
    // The profile: a keyword of the big-city call's title ranks it, with why.
    await page.fill('#prof-parole', 'abitanti, scuole');
    await page.fill('#prof-min', 'cento');
    await page.click('#salva-profilo');
    await page.locator('#prof-min[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('#prof-min', '10.000,00');
    await page.click('#salva-profilo');
    await page.locator('#stato-profilo:has-text("Profilo salvato")').waitFor(WAIT);
    await page.locator(`[data-bando="${ids.grandi}"] [data-interesse]`).waitFor(WAIT);
    assert.match(await page.locator(`[data-bando="${ids.grandi}"] [data-interesse]`).textContent(), /Interesse 10: abitanti/);
    assert.equal(await page.inputValue('#prof-min'), '10.000,00');
    await checkPageBasics(page);
    await screenshot(page, 'europa-comune-390');
    assertClean();
  } finally {
    await close();
  }
});

for (const [label, viewport] of [['1280', { width: 1280, height: 900 }], ['390', { width: 390, height: 844 }]]) {
  test(`${label} px: from the scheda the desk edits the requisiti (errors at the field) and reaches the table and the groupings`, async () => {
    const { page, assertClean, close } = await env.open(`/europa-bando.html?id=${ids.grandi}`, {
      login: SAPE, viewport, allow: [/400.*\/requisiti/],
    });
    try {
      await page.locator('#editor-requisiti:not([hidden])').waitFor(WAIT);
      assert.equal(await page.inputValue('#r-popolazione_min'), '50000');
      // A wrong region code: refused by the server, shown at its field, nothing saved.
      await page.fill('#r-regioni', '05, 99');
      await page.click('#salva-requisiti');
      await page.locator('#r-regioni[aria-invalid="true"]').waitFor(WAIT);
      assert.match(await page.locator('#r-regioni-errore').textContent(), /Codice ISTAT di regione/);
      assert.equal(await page.inputValue('#r-popolazione_min'), '50000');
      await page.fill('#r-regioni', '05');
      await page.fill('#r-cofinanziamento_max_bp', '70,5');
      await page.click('#salva-requisiti');
      await page.locator('#esito-requisiti:has-text("Requisiti salvati")').waitFor(WAIT);
      assert.equal(await page.inputValue('#r-cofinanziamento_max_bp'), '70,5');
      const href = await page.getAttribute('#link-tabella', 'href');
      assert.equal(href, `/europa-ammissibilita.html?bando=${ids.grandi}`);
      assert.equal(await page.getAttribute('#link-aggregazioni', 'href'), `/europa-ammissibilita.html?bando=${ids.grandi}#titolo-aggregazioni`);
      await checkPageBasics(page);
      await screenshot(page, `europa-bando-requisiti-${label}`);
      await page.click('#link-tabella');
      await page.locator('#tabella-ammissibilita tbody tr').first().waitFor(WAIT);
      assert.match(await page.locator('#elenco-requisiti').textContent(), /70,5|70\.5/);
      assertClean();
    } finally {
      await close();
    }
    // Put back what the other tests expect.
    const sape = await login(env.url, SAPE.email);
    const r = await sape.call('PUT', `/api/v1/bandi/${ids.grandi}/requisiti`, { popolazione_min: 50000, verifiche_manuali: ['Strategia urbana approvata'] });
    assert.equal(r.status, 200);
  });
}

test('anonymous: the officer page asks to log in, nothing is loaded', async () => {
  const { page, assertClean, close } = await env.open(`/europa-ammissibilita.html?bando=${ids.piccoli}`);
  try {
    await page.locator('#accesso-richiesto a[href^="/accedi.html"]').waitFor(WAIT);
    assert.equal(await page.locator('#area-ammissibilita').isHidden(), true);
    assertClean();
  } finally {
    await close();
  }
});
