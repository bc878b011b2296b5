// The dataset editor's file uploads and DCAT-AP_IT fields in the browser,
// at desktop (1280 px) and phone (390 px) width, against the running
// server (docs/dati-catalogo.md "Files as resources"):
// - the data officer creates a dataset with its temporal and spatial
//   coverage and contact point (a bad place code is refused on its field
//   before anything is sent), then uploads a CSV: the progress bar runs
//   (the upload's bytes, then the ingest job's), the resource shows it
//   loaded, with a download link;
// - a second CSV with a broken quote: the error with its row inline;
// - the first resource's file replaced through the destination list;
// - the public dataset page shows the coverage, the contact and the
//   stored file's download, and is found by ?nome= (the list's filter).
// No console errors, no failed request but the ones provoked, nothing
// wider than the screen, axe-core's accessibility basics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const DATI = { email: 'ufficio.risorse@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Rita Risorse');
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

async function tick(page, sel) {
  await page.click(`label[for="${sel.slice(1)}"]`);
  assert.ok(await page.isChecked(sel), `${sel} checked`);
}

function csv(n) {
  const lines = ['comune;anno;spesa'];
  for (let i = 1; i <= n; i++) lines.push(`Comune ${i};2025;${(i * 13) % 997}.5`);
  return `${lines.join('\n')}\n`;
}

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: coverage and contact, a CSV uploaded with progress, a broken one with its row, the public page`, async () => {
    const nome = `spese-${label}-${Date.now()}`;
    let { page, assertClean, close } = await env.open('/dati-dataset.html', { login: DATI, viewport });
    try {
      await page.locator('#area-dataset-ufficio:not([hidden])').waitFor(WAIT);
      await page.locator('#stato-dataset:has-text("dataset")').waitFor(WAIT);
      await page.fill('#d-nome', nome);
      await page.fill('#d-titolo', `Spese dei Comuni ${label}`);
      await page.fill('#d-descrizione', 'Le spese dei Comuni per voce.');
      await tick(page, '#tema-ECON');
      await page.fill('#d-copertura-inizio', '2025-01-01');
      await page.fill('#d-copertura-fine', '2025-12-31');
      await page.fill('#d-contatto-nome', 'Ufficio statistica');
      await page.fill('#d-contatto-email', 'statistica@provincia.example');
      // A code that is none: refused on its field, nothing sent.
      await page.fill('#d-copertura-spaziale', '024, Vicenza');
      await page.click('#salva-dataset');
      await page.locator('#d-copertura-spaziale[aria-invalid="true"]').waitFor(WAIT);
      await page.fill('#d-copertura-spaziale', '024, 024116, ITH32');
      await page.click('#salva-dataset');
      await page.locator('#sezione-risorse:not([hidden])').waitFor(WAIT);
      assert.equal(await page.inputValue('#d-copertura-spaziale'), '024, 024116, ITH32');
      assert.equal(await page.inputValue('#d-copertura-fine'), '2025-12-31');
      // The upload: the bar, then the resource loaded.
      await page.setInputFiles('#rf-file', { name: 'spese.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(20000)) });
      await page.fill('#rf-nome', 'Spese 2025');
      await page.click('#carica-file');
      await page.locator('#avanzamento-file [role="progressbar"]').waitFor(WAIT);
      await page.locator('#esito-file:has-text("20.000 righe")').waitFor(WAIT);
      assert.equal(await page.getAttribute('#avanzamento-file', 'data-stato'), 'done');
      const li = page.locator('#elenco-risorse-dataset li', { hasText: 'Spese 2025' });
      await li.locator('.badge', { hasText: 'in archivio tabellare' }).waitFor(WAIT);
      assert.equal(await li.getAttribute('data-caricamento'), 'done');
      const href = await li.locator('a', { hasText: 'Scarica il file' }).getAttribute('href');
      const dl = await page.request.get(href);
      assert.equal(dl.status(), 200);
      assert.equal(await dl.text(), csv(20000));
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-risorse-caricata-${label}`);
      // A broken file: the error with its row, inline on the resource.
      await page.setInputFiles('#rf-file', { name: 'rotto.csv', mimeType: 'text/csv', buffer: Buffer.from('a;b\n1;2\n3;"4\n') });
      await page.fill('#rf-nome', 'Rotto');
      await page.click('#carica-file');
      await page.locator('#esito-file.text-danger:has-text("riga 3")').waitFor(WAIT);
      const bad = page.locator('#elenco-risorse-dataset li', { hasText: 'Rotto' });
      await bad.locator('.esito-caricamento:has-text("riga 3")').waitFor(WAIT);
      assert.equal(await bad.getAttribute('data-caricamento'), 'failed');
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      // The file of "Spese 2025" replaced: the same resource, the new table.
      const opt = await page.locator('#rf-destinazione option', { hasText: 'Spese 2025' }).getAttribute('value');
      await page.selectOption('#rf-destinazione', opt);
      await page.setInputFiles('#rf-file', { name: 'spese-nuove.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(7)) });
      await page.click('#carica-file');
      await page.locator('#esito-file.text-success:has-text("7 righe")').waitFor(WAIT);
      assert.equal(await page.locator('#elenco-risorse-dataset li', { hasText: 'Spese 2025' }).count(), 1);
      assert.equal(await (await page.request.get(href)).text(), csv(7));
      // Published.
      const row = page.locator('#tabella-dataset tbody tr', { hasText: `Spese dei Comuni ${label}` });
      await row.locator('[data-azione="pubblica"]').click();
      await page.locator('dialog button[type=submit]').click();
      await page.locator('#tabella-dataset tbody tr[data-stato="pubblicato"]', { hasText: `Spese dei Comuni ${label}` }).waitFor(WAIT);
      assertClean();
    } finally {
      await close();
    }
    // The public page, by name.
    ({ page, assertClean, close } = await env.open(`/dataset.html?nome=${nome}`, { viewport }));
    try {
      await page.locator('#metadati-dataset dt', { hasText: 'Copertura temporale' }).waitFor(WAIT);
      const meta = await page.textContent('#metadati-dataset');
      assert.match(meta, /dal 01\/01\/2025 al 31\/12\/2025/);
      assert.match(meta, /Vicenza/);
      assert.match(meta, /NUTS ITH32/);
      assert.match(meta, /Ufficio statistica · statistica@provincia\.example/);
      const link = page.locator('#elenco-risorse li', { hasText: 'Spese 2025' }).locator('a', { hasText: 'Scarica' });
      assert.match(await link.getAttribute('href'), /^\/api\/v1\/dati\/risorse\/\d+\/file$/);
      await page.locator('#tabella-anteprima tbody tr').first().waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-risorse-pubblica-${label}`);
      assertClean();
    } finally {
      await close();
    }
  });
}
