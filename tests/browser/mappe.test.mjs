// Maps and charts (issue 10, item 7): the network map on /rete.html, the
// Comuni map and population histogram on the home page, the anomaly chart of
// the calculator.  Each is drawn, its text alternative is there and agrees
// with the API's data, a Province is reachable from the keyboard, and nothing
// is wider than a 390 px screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const PHONE = { width: 390, height: 800 };

async function assertFits(page, what) {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(w.doc <= w.view, `${what}: page ${w.doc} px wide in a ${w.view} px viewport`);
}

test('network map: one area per Province of the network, coloured as the table says, counters', async () => {
  const { page, assertClean, close } = await env.open('/rete.html');
  try {
    const rete = await (await page.request.get('/api/v1/rete')).json();
    await page.locator('#svg-rete a').first().waitFor(WAIT);
    const links = page.locator('#svg-rete a[data-provincia]');
    assert.equal(await links.count(), rete.total, 'every Province of the network has its area');
    // Areas outside the network are drawn but are not links.
    assert.ok(await page.locator('#svg-rete > path.st-fuori').count() >= 20);
    // Adhesion: each area's state is the table's (the text alternative).
    const stati = await links.evaluateAll((as) => Object.fromEntries(as.map((a) => [a.dataset.provincia, a.dataset.stato])));
    for (const it of rete.items) {
      assert.equal(stati[it.provincia.sigla], it.aderente ? 'aderente' : 'non_aderente', it.provincia.sigla);
      const row = page.locator(`#riga-${it.provincia.sigla}`);
      assert.equal((await row.locator('td').nth(1).textContent()).trim(), it.aderente ? 'Aderente' : 'Non aderente');
    }
    // Not by colour alone: non-members are patterned.
    const nonMember = rete.items.find((it) => !it.aderente);
    if (nonMember) {
      assert.match(await page.locator(`#svg-rete a[data-provincia="${nonMember.provincia.sigla}"] path`).getAttribute('fill'), /^url\(#mr-punti\)$/);
      // ... and the pattern shows (no CSS fill overrides the attribute).
      assert.equal(await page.locator(`#svg-rete a[data-provincia="${nonMember.provincia.sigla}"] path`).evaluate((p) => getComputedStyle(p).fill), 'url("#mr-punti")');
    }
    // Counters.
    const first = (await page.locator('#contatori-rete li').first().textContent()).trim();
    assert.match(first, new RegExp(`^${rete.aderenti}/${rete.total}`));
    for (const key of ['sua', 'europa', 'dati']) {
      const att = rete.items.filter((it) => it.servizi?.[key] === 'attivo').length;
      const avv = rete.items.filter((it) => it.servizi?.[key] === 'in_avvio').length;
      assert.match(await page.locator(`[data-contatore="${key}"]`).textContent(), new RegExp(`attivo in ${att} Provinc(ia|e), in avvio in ${avv}$`));
    }
    // By a service's state.
    await page.selectOption('#mappa-tema', 'sua');
    await page.locator('#svg-rete[aria-label*="Stazione Unica Appaltante"]').waitFor(WAIT);
    const sua = await page.locator('#svg-rete a[data-provincia]').evaluateAll((as) => Object.fromEntries(as.map((a) => [a.dataset.provincia, a.dataset.stato])));
    for (const it of rete.items) assert.equal(sua[it.provincia.sigla], it.servizi?.sua ?? 'non_attivo', it.provincia.sigla);
    const legend = (await page.locator('#legenda-rete li').allTextContents()).map((t) => t.trim());
    assert.deepEqual(legend, ['Attivo', 'In avvio', 'Non attivo', 'Fuori dalla rete']);
    await screenshot(page, 'rete-mappa-sua');
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
});

test('network map from the keyboard: Tab reaches a Province, Enter goes to its row even when filtered out', async () => {
  const { page, assertClean, close } = await env.open('/rete.html?regione=05');
  try {
    await page.locator('#svg-rete a').first().waitFor(WAIT);
    const firstSigla = await page.locator('#svg-rete a[data-provincia]').first().getAttribute('data-provincia');
    await page.locator('#mappa-tema').focus();
    // Past the map's skip link to the first Province.
    let reached = false;
    for (let i = 0; i < 5 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => !!document.activeElement?.closest('#svg-rete'));
    }
    assert.ok(reached, 'a Province of the map gets the focus');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.provincia), firstSigla);
    assert.ok(await page.locator('#svg-rete .mappa-fuoco').count() === 1, 'the focused Province is outlined');
    assert.match(await page.evaluate(() => document.activeElement.querySelector('title').textContent), /\(\w\w\), .+: (aderente|non aderente)$/);
    // The first Province (Torino, Piemonte) is not in the Veneto filter: Enter clears it.
    assert.equal(await page.locator(`#riga-${firstSigla}`).count(), 0);
    await page.keyboard.press('Enter');
    await page.waitForFunction((s) => document.activeElement?.closest('tr')?.id === `riga-${s}`, firstSigla, WAIT);
    assert.equal(await page.locator('#regione').inputValue(), '');
    assert.match(await page.locator(`#riga-${firstSigla}`).getAttribute('class') ?? '', /table-active/);
    // And back: a click on a row outlines its Province on the map.
    const other = await page.locator('#svg-rete a[data-provincia]').nth(5).getAttribute('data-provincia');
    await page.locator(`#riga-${other} td`).first().click();
    assert.equal(await page.locator('#svg-rete .mappa-scelta').getAttribute('d'),
      await page.locator(`#svg-rete a[data-provincia="${other}"] path`).getAttribute('d'));
    assert.equal(await page.locator('#tabella-rete tr.table-active').getAttribute('id'), `riga-${other}`);
    assertClean();
  } finally {
    await close();
  }
});

test('network map at 390 px: drawn, nothing wider than the screen', async () => {
  const { page, assertClean, close } = await env.open('/rete.html', { viewport: PHONE });
  try {
    await page.locator('#svg-rete a').first().waitFor(WAIT);
    const box = await page.locator('#svg-rete').boundingBox();
    assert.ok(box.width > 300 && box.width <= 390, `map ${box.width} px wide`);
    await assertFits(page, 'rete');
    await screenshot(page, 'rete-mappa-390');
    assertClean();
  } finally {
    await close();
  }
});

test('home: map of the Province\'s Comuni and population histogram, with tables that agree with the API', async () => {
  const { page, assertClean, close } = await env.open('/');
  try {
    const istanza = await (await page.request.get('/api/v1/istanza')).json();
    assert.ok(istanza.provincia, 'the demo database has an instance Province');
    const list = await (await page.request.get(`/api/v1/comuni?provincia=${istanza.provincia.sigla}&limit=500`)).json();
    const comuni = list.items;
    await page.locator('#svg-comuni circle').first().waitFor(WAIT);
    // One circle per Comune with a population and an area on the map; the
    // largest one is the most populous Comune.
    const circles = await page.locator('#svg-comuni circle').evaluateAll((cs) => cs.map((c) => ({ codice: c.dataset.comune, r: Number(c.getAttribute('r')) })));
    assert.equal(String(circles.length), await page.locator('#svg-comuni').getAttribute('data-comuni'));
    assert.ok(circles.length >= comuni.length - 5, `${circles.length} circles for ${comuni.length} Comuni`);
    const biggest = [...comuni].sort((a, b) => (b.popolazione ?? 0) - (a.popolazione ?? 0))[0];
    assert.equal(circles.sort((a, b) => b.r - a.r)[0].codice, biggest.codice_istat);
    assert.match(await page.locator('#svg-comuni').getAttribute('aria-label'), new RegExp(`i più popolosi: ${biggest.nome} `));
    // The table of every Comune (the map's text alternative).
    const rows = page.locator('#tabella-abitanti tbody tr');
    assert.equal(await rows.count(), comuni.length);
    assert.equal((await rows.first().locator('th').textContent()).trim(), biggest.nome);
    assert.equal((await rows.first().locator('td').textContent()).trim(), biggest.popolazione.toLocaleString('it-IT'));
    // The histogram and its table: same counts, adding up to the Comuni with a population.
    const withPop = comuni.filter((c) => typeof c.popolazione === 'number');
    const table = await page.locator('#tabella-classi-abitanti tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    assert.equal(table.length, 8);
    const n = table.reduce((a, r) => a + Number(r[1].replace(/\./g, '')), 0);
    assert.equal(n, withPop.length);
    const small = withPop.filter((c) => c.popolazione <= 1000).length;
    assert.match(table[0][0], /^fino a 1\.?000$/); // it-IT groups 4 digits or not, by ICU version
    assert.equal(table[0][1], String(small));
    const bars = await page.locator('#svg-istogramma [data-barra]').evaluateAll((gs) => gs.map((g) => [g.dataset.barra, g.querySelector('.grafico-valore').textContent]));
    assert.deepEqual(bars, table.map((r) => [r[0], r[1]]));
    await screenshot(page, 'home-territorio');
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
});

test('home at 390 px: the map and the histogram fit the screen', async () => {
  const { page, assertClean, close } = await env.open('/', { viewport: PHONE });
  try {
    await page.locator('#svg-comuni circle').first().waitFor(WAIT);
    for (const id of ['#svg-comuni', '#svg-istogramma']) {
      const box = await page.locator(id).boundingBox();
      assert.ok(box.width > 300 && box.width <= 390, `${id} ${box.width} px wide`);
    }
    await page.locator('#territorio summary').click();
    await assertFits(page, 'home');
    await screenshot(page, 'home-territorio-390');
    assertClean();
  } finally {
    await close();
  }
});

const OFFERTE = ['10.250', '12.100', '13.755', '14.000', '14.320', '15.005', '15.500', '16.125', '16.800',
  '17.040', '18.333', '19.900', '21.450', '24.000', '27.615', '15.500'];

for (const viewport of [undefined, PHONE]) {
  test(`anomaly chart: offers, wings, mean and threshold as the API computed them${viewport ? ' (390 px)' : ''}`, async () => {
    const { page, assertClean, close } = await env.open('/calcolatori.html', { viewport });
    try {
      const r = await (await page.request.post('/api/v1/sua/anomalia', { data: { metodo: 'A', offerte: OFFERTE } })).json();
      // The container is part of the calculator's result markup.
      await page.selectOption('#metodo', 'A');
      await page.fill('#offerte', OFFERTE.join('\n'));
      await page.click('#form-anomalia button[type=submit]');
      const svg = page.locator('[data-anomalia-grafico] svg[role=img]');
      await svg.waitFor(WAIT);
      // One mark per offer, of the kind the API says.
      const marks = await svg.locator('[data-offerta]').evaluateAll((ms) => ms.map((m) => [m.dataset.offerta, m.tagName]));
      assert.equal(marks.length, OFFERTE.length);
      const kind = Object.fromEntries(marks);
      for (const o of r.offerte_ordinate) {
        assert.equal(kind[o.posizione], o.ala ? 'rect' : o.esclusa ? 'path' : 'circle', `offer ${o.posizione}`);
      }
      // Mean left of threshold, as their values.
      const xOf = (name) => svg.locator(`[data-linea=${name}]`).getAttribute('x1').then(Number);
      const [xm, xs] = [await xOf('media'), await xOf('soglia')];
      assert.ok(Number(r.media) < Number(r.soglia) ? xm < xs : xm >= xs);
      // The wings are shaded: two bands.
      assert.equal(await svg.locator('.grafico-zona-ala').count(), 2);
      // Text alternative: the caption names the values, the table every offer.
      const caption = await page.locator('[data-anomalia-grafico] figcaption').textContent();
      assert.ok(caption.includes(`Soglia di anomalia: ${r.soglia.replace('.', ',')} %`), caption);
      assert.ok(caption.includes(`Media dei ribassi rimasti: ${r.media.replace('.', ',')} %`), caption);
      assert.ok(caption.includes(`${r.escluse.length} offerte escluse`), caption);
      assert.equal(await page.locator('[data-anomalia-grafico] tbody tr').count(), OFFERTE.length);
      const box = await svg.boundingBox();
      assert.ok(box.width <= (viewport?.width ?? 1280));
      await assertFits(page, 'calcolatori');
      await svg.scrollIntoViewIfNeeded();
      await screenshot(page, `calcolatori-grafico${viewport ? '-390' : ''}`);
      await checkPageBasics(page);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('anomaly chart with too few offers: the offers, no threshold, the reason in words', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.fill('#offerte', '12.500\n12.500\n13.000');
    await page.click('#form-anomalia button[type=submit]');
    const svg = page.locator('[data-anomalia-grafico] svg[role=img]');
    await svg.waitFor(WAIT);
    assert.equal(await svg.locator('circle[data-offerta]').count(), 3);
    assert.equal(await svg.locator('[data-linea]').count(), 0);
    assert.match(await page.locator('[data-anomalia-grafico] figcaption').textContent(), /3 offerte, con ribassi da 12,500 % a 13,000 %\. Soglia non calcolata: /);
    assertClean();
  } finally {
    await close();
  }
});
