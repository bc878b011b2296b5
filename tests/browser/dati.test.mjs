// The data service in the browser, at desktop (1280 px) and phone (390 px)
// width, each step a real flow against the running server:
// - the Province's data officer builds a two-column schema (a bad pattern is
//   refused by the server and marked on its input), picks two Comuni and a
//   deadline in gg/mm/aaaa, publishes the campaign and lands on its board;
// - the Comune finds it in "Le mie raccolte", uploads a CSV with an error and
//   reads "riga N, colonna `X`" (and the same in errori.csv), then a valid one;
// - the board shows the Comune valid (table and map), the other waiting; a
//   reminder goes to the one without a valid answer; the campaign is closed;
// - the merged table (risultato.csv, loaded into the tabular store with the
//   CLI as the close will do once wired) is the dataset of the public
//   catalogue: found by search and facet, its page previews the records and
//   charts a numeric column;
// - the dataset editor: create, a taken name marked on its field, a resource,
//   a theme, publish, then it is in the public catalogue.
// No console errors, no failed request (but the refusals the test provokes),
// nothing wider than the screen, the accessibility basics with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli } from '../lib/server.mjs';

let env;
const DATI = { email: 'ufficio.dati@prova.example', password: PASSWORD };
const VICENZA = { email: 'dati.vicenza@prova.example', password: PASSWORD };
const TMP = mkdtempSync(join(tmpdir(), 'av-dati-browser-'));

before(async () => {
  env = await setup();
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Daniela Dati');
  addUser(env.db, VICENZA.email, 'comune', 'comune:024116', 'Vittorio Vicenza');
});
after(async () => { await env?.close(); });

// gg/mm/aaaa, days from today.
function giorno(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

// Bootstrap Italia draws its own boxes: the label takes the click.
async function tick(page, sel) {
  await page.click(`label[for="${sel.slice(1)}"]`);
  assert.ok(await page.isChecked(sel), `${sel} checked`);
}

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

// The desktop run picks the comma, the phone run keeps the default `;`: the
// template and the answers follow the campaign's separator.
const VIEWPORTS = [['desktop', { width: 1280, height: 900 }, ','], ['telefono', { width: 390, height: 844 }, ';']];

for (const [label, viewport, sep] of VIEWPORTS) {
  test(`${label}: campaign created, answered with errors then valid, closed, published with its preview`, async () => {
    const titolo = `Palestre scolastiche ${label} ${Date.now()}`;
    let id;
    // 1. The officer builds the campaign.
    let { page, assertClean, close } = await env.open('/dati-campagne.html', {
      login: DATI, viewport, allow: [/HTTP 400: POST .*\/dati\/province\/024\/campagne/, /status of 400/],
    });
    try {
      await page.locator('#area-campagne:not([hidden])').waitFor(WAIT);
      await page.locator('#stato-campagne:has-text("raccolt")').waitFor(WAIT);
      await page.fill('#c-titolo', titolo);
      await page.fill('#c-scopo', 'Il censimento delle palestre delle scuole comunali.');
      await page.fill('#campo-0-name', 'codice_palestra');
      await page.fill('#campo-0-title', 'Codice della palestra');
      await tick(page, '#campo-0-required');
      await tick(page, '#campo-0-pk');
      await page.fill('#campo-0-pattern', '[');
      await page.click('#aggiungi-campo');
      await page.fill('#campo-1-name', 'superficie_mq');
      await page.selectOption('#campo-1-type', 'integer');
      await page.fill('#campo-1-min', '0');
      await tick(page, '#campo-1-required');
      // The builder and the JSON stay in step; the preview shows the header.
      const schema = JSON.parse(await page.inputValue('#c-schema'));
      assert.deepEqual(schema.fields.map((f) => [f.name, f.type]), [['codice_palestra', 'string'], ['superficie_mq', 'integer']]);
      assert.deepEqual(schema.fields[1].constraints, { required: true, minimum: 0 });
      assert.equal(schema.primaryKey, 'codice_palestra');
      assert.match(await page.textContent('#tabella-anteprima'), /codice_palestra\s*superficie_mq/);
      await tick(page, '#c-alcuni');
      await page.fill('#c-filtro-comuni', 'vicen');
      await tick(page, '#comune-024116');
      await page.fill('#c-filtro-comuni', 'schio');
      await tick(page, '#comune-024100');
      await page.locator('#conteggio-comuni:has-text("2 Comuni scelti")').waitFor(WAIT);
      await page.fill('#c-scadenza', giorno(30));
      if (sep !== ';') await page.selectOption('#c-separatore', sep);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-campagne-${label}`);
      // The server refuses the pattern: marked on the row's input.
      await page.click('#crea-campagna');
      await page.locator('#campo-0-pattern[aria-invalid="true"]').waitFor(WAIT);
      await page.fill('#campo-0-pattern', '[A-Z]{2}[0-9]{3}');
      await page.click('#crea-campagna');
      await page.waitForURL(/\/dati-campagna\.html\?id=\d+$/, WAIT);
      id = new URL(page.url()).searchParams.get('id');
      assertClean();
    } finally {
      await close();
    }

    // 2. The board: two Comuni waiting, the templates.
    ({ page, assertClean, close } = await env.open(`/dati-campagna.html?id=${id}`, { login: DATI, viewport }));
    try {
      await page.locator('#totali-quadro:has-text("2 Comuni destinatari")').waitFor(WAIT);
      assert.equal(await page.locator('#tabella-quadro tbody tr[data-stato="attesa"]').count(), 2);
      const modello = await page.request.get(await page.getAttribute('#link-modello-csv', 'href'));
      assert.equal(modello.status(), 200);
      assert.equal(await modello.text(), `codice_palestra${sep}superficie_mq\r\n`);
      await page.locator('#svg-quadro').waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }

    // 3. The Comune answers: first with an error, then valid.
    ({ page, assertClean, close } = await env.open('/dati-raccolte.html', { login: VICENZA, viewport }));
    try {
      const row = page.locator(`#tabella-raccolte tbody tr[data-campagna="${id}"]`);
      await row.waitFor(WAIT);
      assert.equal(await row.getAttribute('data-stato'), 'attesa');
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await row.locator('a').click();
      await page.waitForURL(/\/dati-raccolta\.html\?id=\d+$/, WAIT);
      await page.locator('#tabella-schema').waitFor(WAIT);
      assert.match(await page.textContent('#tabella-schema'), /superficie_mq.*Numero intero.*obbligatorio; minimo 0/s);
      await page.setInputFiles('#r-file', { name: 'palestre.csv', mimeType: 'text/csv', buffer: Buffer.from(`codice_palestra${sep}superficie_mq\nVI001${sep}420\nVI002${sep}-5\n`) });
      await page.click('#invia-risposta');
      await page.locator('#esito-errori').waitFor(WAIT);
      const err = page.locator('#tabella-errori tbody tr').first();
      assert.equal(await err.getAttribute('data-riga'), '3');
      assert.match(await err.textContent(), /riga 3, colonna `superficie_mq`/);
      const csv = await page.request.get(await page.getAttribute('#esito-errori a.link-errori', 'href'));
      assert.equal(csv.status(), 200);
      assert.match(await csv.text(), /riga 3, colonna `superficie_mq`/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-raccolta-errori-${label}`);
      await page.setInputFiles('#r-file', { name: 'palestre-corrette.csv', mimeType: 'text/csv', buffer: Buffer.from(`codice_palestra${sep}superficie_mq\nVI001${sep}420\nVI002${sep}350\n`) });
      await page.click('#invia-risposta');
      await page.locator('#esito-valida:has-text("2 righe valide")').waitFor(WAIT);
      // The outcome is shown first, then the page reloads the history.
      await page.locator('#elenco-risposte li:nth-child(2)').waitFor(WAIT);
      assert.equal(await page.locator('#elenco-risposte li').count(), 2);
      assertClean();
    } finally {
      await close();
    }

    // 4. The board has changed; a reminder; the close.
    ({ page, assertClean, close } = await env.open(`/dati-campagna.html?id=${id}`, { login: DATI, viewport }));
    let datasetId;
    try {
      await page.locator('#tabella-quadro tbody tr[data-comune="024116"][data-stato="valida"]').waitFor(WAIT);
      assert.equal(await page.getAttribute('#tabella-quadro tbody tr[data-comune="024100"]', 'data-stato'), 'attesa');
      assert.match(await page.textContent('#totali-quadro'), /1 risposta valida, 0 con errori, 1 in attesa/);
      await page.locator('#svg-quadro path[data-comune="024116"].dati-valida').waitFor(WAIT);
      assert.equal(await page.locator('#svg-quadro path[data-comune="024100"].dati-attesa').count(), 1);
      await page.click('#invia-promemoria');
      await page.locator('#esito-azione:has-text("Promemoria inviato a 1 Comune")').waitFor(WAIT);
      await screenshot(page, `dati-campagna-quadro-${label}`);
      await page.click('#chiudi-campagna');
      await page.locator('dialog button[type=submit]').click();
      await page.locator('#link-dataset').waitFor(WAIT);
      assert.ok(await page.locator('#azioni-campagna').isHidden());
      datasetId = new URL(await page.locator('#link-dataset').evaluate((a) => a.href)).searchParams.get('id');
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }

    // The merged table into the tabular store (what the close will do once
    // w-dati4's wiring is merged): the resource's own CSV, by the CLI.
    const ds = await (await fetch(`${env.url}/api/v1/dati/dataset/${datasetId}`)).json();
    const [ris] = ds.risorse;
    const merged = await (await fetch(new URL(ris.url, env.url))).text();
    assert.match(merged, /024116;VI002;350/);
    const file = join(TMP, `risultato-${label}.csv`);
    writeFileSync(file, merged);
    const imp = cli(['import', 'csv', '--db', env.db, '--dataset', String(datasetId), '--risorsa', String(ris.id), file]);
    assert.equal(imp.status, 0, imp.stderr);

    // 5. The public catalogue: search, facet, dataset page with preview and chart.
    ({ page, assertClean, close } = await env.open('/dati.html', { viewport }));
    try {
      await page.locator('#stato-catalogo:has-text("dataset")').waitFor(WAIT);
      await page.fill('#q', 'palestre scolastiche');
      await page.click('#form-ricerca button[type=submit]');
      const card = page.locator('article.dataset', { hasText: titolo });
      await card.waitFor(WAIT);
      await page.locator('[data-faccetta="res_format"] label', { hasText: 'CSV' }).click();
      await page.waitForURL(/res_format=CSV/, WAIT);
      await card.waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-catalogo-${label}`);
      await card.locator('h3 a').click();
      await page.waitForURL(/\/dataset\.html\?nome=raccolta-/, WAIT);
      await page.locator('#tabella-anteprima tbody tr').first().waitFor(WAIT);
      assert.equal(await page.locator('#tabella-anteprima tbody tr').count(), 2);
      assert.match(await page.textContent('#tabella-anteprima'), /024116\s*VI001\s*420/);
      assert.match(await page.textContent('#stato-anteprima'), /2 righe/);
      await page.selectOption('#g-valore', 'superficie_mq');
      await page.selectOption('#g-gruppo', 'codice_palestra');
      await page.click('#form-grafico button[type=submit]');
      await page.locator('#svg-grafico g[data-barra="VI001"]').waitFor(WAIT);
      assert.match(await page.textContent('#tabella-grafico'), /VI002\s*350/);
      assert.ok(await page.locator(`a[href="${ris.url}"]`).count() >= 1, 'the download link');
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dataset-${label}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('dataset editor: a draft, a taken name refused on its field, a resource, a theme, published', async () => {
  const nome = `ciclabili-${Date.now()}`;
  let { page, assertClean, close } = await env.open('/dati-dataset.html', {
    login: DATI, allow: [/HTTP 409: POST .*\/api\/v1\/dati\/dataset$/, /status of 409/],
  });
  try {
    await page.locator('#area-dataset-ufficio:not([hidden])').waitFor(WAIT);
    await page.locator('#stato-dataset:has-text("dataset")').waitFor(WAIT);
    await page.fill('#d-nome', nome);
    await page.fill('#d-titolo', 'Piste ciclabili provinciali');
    await page.fill('#d-descrizione', 'Il tracciato delle piste ciclabili della Provincia.');
    await page.fill('#d-parole', 'mobilità, bicicletta');
    await page.selectOption('#d-frequenza', 'ANNUAL');
    await page.click('#salva-dataset');
    await page.locator('#sezione-risorse:not([hidden])').waitFor(WAIT);
    assert.equal(await page.inputValue('#d-nome'), nome);
    assert.ok(await page.locator('#d-nome').isDisabled());
    // Another draft with the same name: the server's 409 on the name.
    await page.click('#annulla-dataset');
    await page.fill('#d-nome', nome);
    await page.fill('#d-titolo', 'Doppione');
    await page.fill('#d-descrizione', 'Stesso nome.');
    await page.click('#salva-dataset');
    await page.locator('#d-nome[aria-invalid="true"]').waitFor(WAIT);
    await page.click('#annulla-dataset').catch(() => {});
    const row = page.locator('#tabella-dataset tbody tr', { hasText: 'Piste ciclabili provinciali' });
    await row.locator('[data-azione="modifica"]').click();
    await page.locator('#sezione-risorse:not([hidden])').waitFor(WAIT);
    await page.fill('#ri-nome', 'Tracciati');
    await page.selectOption('#ri-formato', 'GEOJSON');
    await page.fill('#ri-url', 'https://dati.provincia.vicenza.example/ciclabili.geojson');
    await page.click('#aggiungi-risorsa');
    await page.locator('#elenco-risorse-dataset li', { hasText: 'Tracciati' }).waitFor(WAIT);
    await tick(page, '#tema-TRAN');
    await page.click('#salva-dataset');
    await page.locator('#stato-dataset:has-text("salvato")').waitFor(WAIT);
    await row.locator('[data-azione="pubblica"]').click();
    await page.locator('dialog button[type=submit]').click();
    await page.locator('#tabella-dataset tbody tr[data-stato="pubblicato"]', { hasText: 'Piste ciclabili provinciali' }).waitFor(WAIT);
    await checkPageBasics(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await fitsWidth(page, 390);
    await screenshot(page, 'dati-dataset-telefono');
    assertClean();
  } finally {
    await close();
  }
  ({ page, assertClean, close } = await env.open('/dati.html?theme=TRAN'));
  try {
    await page.locator('article.dataset', { hasText: 'Piste ciclabili provinciali' }).waitFor(WAIT);
    assert.ok(await page.isChecked('[data-faccetta="theme"] input[value="TRAN"]'));
    assertClean();
  } finally {
    await close();
  }
});

test('anonymous and other roles: the reserved pages say so, the catalogue is public', async () => {
  for (const path of ['/dati-campagne.html', '/dati-dataset.html', '/dati-raccolte.html']) {
    const { page, assertClean, close } = await env.open(path);
    try {
      await page.locator('#accesso-richiesto a[href^="/accedi.html"]').waitFor(WAIT);
      assertClean();
    } finally {
      await close();
    }
  }
  const { page, assertClean, close } = await env.open('/dati-campagne.html', { login: VICENZA });
  try {
    await page.locator('#accesso-richiesto:has-text("errore 403")').waitFor(WAIT);
    assert.ok(await page.locator('#area-campagne').isHidden());
    assertClean();
  } finally {
    await close();
  }
});
