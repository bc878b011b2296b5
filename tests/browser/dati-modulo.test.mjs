// The Comune's answer typed in the form generated from the campaign's Table
// Schema (issue 15 item 2), at desktop (1280 px) and phone (390 px) width:
// an allowed-values list and a boolean are selects, a date is typed
// gg/mm/aaaa and a decimal 1.234,56 (sent in the schema's own forms); rows
// are added and removed before sending; the server's errors land beside the
// inputs they name (a date that does not exist, a number over its maximum,
// a duplicate key on the second row), then the corrected rows are a valid
// answer, recorded as the CSV the server wrote (checked in the database).
// No console errors, nothing wider than the screen, axe-core's basics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let env;
const DATI = { email: 'modulo.dati@prova.example', password: PASSWORD };
const VICENZA = { email: 'modulo.vicenza@prova.example', password: PASSWORD };

const SCHEMA = {
  fields: [
    { name: 'codice', title: 'Codice della scuola', type: 'string', constraints: { required: true, pattern: 'S[0-9]{3}' } },
    { name: 'ordine', type: 'string', constraints: { enum: ['primaria', 'secondaria'] } },
    { name: 'superficie', type: 'number', decimalChar: ',', constraints: { maximum: 5000 } },
    { name: 'apertura', type: 'date', format: '%d/%m/%Y' },
    { name: 'collaudo', type: 'date' },
    { name: 'palestra', type: 'boolean', trueValues: ['sì'], falseValues: ['no'] },
  ],
  primaryKey: ['codice'],
};

before(async () => {
  env = await setup();
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Daniela Dati');
  addUser(env.db, VICENZA.email, 'comune', 'comune:024116', 'Vittorio Vicenza');
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: rows typed in the form, errors beside the inputs, then a valid answer`, async () => {
    const officer = await login(env.url, DATI.email);
    const c = await officer.call('POST', '/api/v1/dati/province/024/campagne', {
      titolo: `Scuole (modulo, ${label})`, scopo: 'Le scuole comunali, compilate nel modulo.',
      schema: JSON.stringify(SCHEMA), dialetto: { delimiter: ';' }, comuni: ['024116'],
      scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.id;
    const { page, assertClean, close } = await env.open(`/dati-raccolta.html?id=${id}`, { login: VICENZA, viewport });
    try {
      await page.locator('#sezione-modulo:not([hidden]) fieldset.riga-modulo').waitFor(WAIT);
      // the form follows the schema
      assert.equal(await page.locator('#m-1-1').evaluate((el) => el.tagName), 'SELECT');
      assert.deepEqual(await page.locator('#m-1-1 option').allTextContents(), ['—', 'primaria', 'secondaria']);
      assert.deepEqual(await page.locator('#m-1-5 option').evaluateAll((os) => os.map((o) => o.value)), ['', 'sì', 'no']);
      assert.equal(await page.getAttribute('#m-1-3', 'placeholder'), 'gg/mm/aaaa');
      assert.equal(await page.getAttribute('#m-1-0', 'required'), '');
      // three rows typed, the middle one removed
      await page.fill('#m-1-0', 'S001');
      await page.selectOption('#m-1-1', 'primaria');
      await page.fill('#m-1-2', '1.234,5');
      await page.fill('#m-1-3', '31/02/2026');
      await page.fill('#m-1-4', '01/09/2019');
      await page.selectOption('#m-1-5', 'sì');
      await page.click('#aggiungi-riga');
      await page.fill('#m-2-0', 'S999');
      await page.click('#aggiungi-riga');
      await page.fill('#m-3-0', 'S001');
      await page.fill('#m-3-2', '6.000');
      await page.click('fieldset[data-k="2"] .rimuovi-riga');
      assert.equal(await page.locator('fieldset.riga-modulo').count(), 2);
      assert.equal(await page.textContent('fieldset[data-k="3"] legend'), 'Riga 2');
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-modulo-${label}`);
      await page.click('#invia-righe');
      // the server's errors, beside their inputs
      await page.locator('#m-1-3[aria-invalid="true"]').waitFor(WAIT);
      assert.match(await page.textContent('#m-1-3-errore'), /«31\/02\/2026» non è una data valida nel formato gg\/mm\/aaaa/);
      assert.match(await page.textContent('#m-3-2-errore'), /6000/);
      assert.equal(await page.getAttribute('#m-3-0', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#m-1-0', 'aria-invalid'), null);
      await page.locator('#esito-errori').waitFor(WAIT);
      await checkPageBasics(page);
      // corrected
      await page.fill('#m-1-3', '01/03/2026');
      await page.fill('#m-3-0', 'S002');
      await page.fill('#m-3-2', '600');
      await page.click('#invia-righe');
      await page.locator('#esito-valida').waitFor(WAIT);
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
      await page.locator('#elenco-risposte li').nth(1).waitFor(WAIT);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
    // what the server recorded: the rows in the schema's own forms
    const state = sql(env.db, `SELECT stato FROM dati_campagna_comune WHERE campagna_id = ${id}`).trim();
    assert.equal(state, 'valida');
    const mine = await (await login(env.url, VICENZA.email)).call('GET', `/api/v1/dati/comuni/024116/campagne/${id}`);
    const last = mine.body.risposte.risposte[0];
    assert.equal(last.stato, 'valida');
    assert.equal(last.righe, 2);
    const sha = sql(env.db, `SELECT sha256 FROM dati_risposta WHERE id = ${last.id}`).trim();
    const csv = readFileSync(join(dirname(env.db), 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha), 'utf8');
    assert.equal(csv, 'codice;ordine;superficie;apertura;collaudo;palestra\r\n'
      + 'S001;primaria;1234,5;01/03/2026;2019-09-01;sì\r\nS002;;600;;;\r\n');
  });
}
