// The map of a dataset's spatial coverage on its public page (dataset.html,
// docs/dati-catalogo.md "The pages"), at desktop (1280 px) and phone
// (390 px) width: the demo's file dataset covers its Province and the
// capoluogo, so every Comune of the Province is drawn as covered, the
// capoluogo in the Comune's colour; the expected counts are read from the
// shipped boundary file itself and the registry, not written here.  The
// text alternative: the svg's label, the list of places, a <title> per
// area.  A dataset without places shows no map.  No console errors,
// nothing wider than the screen, axe-core's accessibility basics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { sqlRows, ROOT } from '../lib/server.mjs';

let env;
let prov;
let capo;
let topo;
let senza;

before(async () => {
  env = await setup();
  [{ provincia: prov }] = sqlRows(env.db, 'SELECT provincia FROM istanza');
  [capo] = sqlRows(env.db, `SELECT codice_istat, nome FROM comune WHERE provincia = '${prov}' AND capoluogo_provincia = 1 AND attivo = 1`);
  topo = JSON.parse(readFileSync(join(ROOT, 'web', 'src', 'static', 'geo', 'comuni', `${prov}.topo.json`), 'utf8'));
  // The closed demo campaign's dataset: published, no places.
  [senza] = sqlRows(env.db, "SELECT nome FROM dati_dataset WHERE stato = 'pubblicato' AND copertura_spaziale = '[]' ORDER BY id LIMIT 1");
});
after(async () => { await env?.close(); });

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: the coverage map of the demo's file dataset, with its text alternative`, async () => {
    const { page, assertClean, close } = await env.open('/dataset.html?nome=comuni-della-provincia', { viewport });
    try {
      await page.locator('#svg-copertura').waitFor(WAIT);
      const areas = topo.objects.comuni.geometries.map((g) => g.properties.codice);
      assert.equal(await page.locator('#svg-copertura path.copertura-comune').count(), areas.includes(capo.codice_istat) ? 1 : 0);
      assert.equal(await page.locator(`#svg-copertura path.copertura-comune[data-comune="${capo.codice_istat}"]`).count(), 1);
      assert.equal(await page.locator('#svg-copertura path.copertura-provincia').count(), areas.length - 1);
      assert.equal(await page.locator('#svg-copertura path.area-neutra').count(), 0);
      const aria = await page.getAttribute('#svg-copertura', 'aria-label');
      assert.match(aria, /copertura territoriale/);
      assert.ok(aria.includes(capo.nome), aria);
      const li = await page.locator('#luoghi-mappa li').allTextContents();
      assert.equal(li.length, 2);
      assert.ok(li.some((t) => t.includes(capo.nome)));
      assert.match(await page.locator(`#svg-copertura path[data-comune="${capo.codice_istat}"] title`).textContent(), /nella copertura/);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= viewport.width, `the page is ${w} px wide at ${viewport.width} px`);
      await checkPageBasics(page);
      await screenshot(page, `dataset-mappa-${label}`);
      // Without places: no map.
      await page.goto(`${env.url}/dataset.html?nome=${senza.nome}`);
      await page.locator('#area-dataset:not([hidden])').waitFor(WAIT);
      assert.equal(await page.locator('#sezione-mappa').isHidden(), true);
      assertClean();
    } finally {
      await close();
    }
  });
}
