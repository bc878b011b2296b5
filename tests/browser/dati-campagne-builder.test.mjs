// The schema builder's table rules and preview (issue 15 item 2), at 1280
// and 390 px: missing values, unique combinations of columns, a column
// tied to the registry's ISTAT codes (foreignKeys to "comuni") and allowed
// values as categories with labels, each from its own input, written into
// the Table Schema JSON; a JSON applied fills those inputs back (and what
// they cannot show — another foreign key — survives the round trip); the
// preview is the Comune's real form (lib/dati-modulo.js): the categories
// as a select with their labels, a date as gg/mm/aaaa.  A unique
// combination naming no column is refused by the server on its input;
// corrected, the campaign is published, and the rules are real: an
// answer with an unknown ISTAT code, a repeated combination and a missing
// value gets exactly those errors from the server's validator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';

let env;
const DATI = { email: 'builder.dati@prova.example', password: PASSWORD };
const VICENZA = { email: 'builder.vicenza@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Daniela Dati');
  addUser(env.db, VICENZA.email, 'comune', 'comune:024116', 'Vittorio Vicenza');
});
after(async () => { await env?.close(); });

async function tick(page, sel) {
  await page.click(`label[for="${sel.slice(1)}"]`);
  assert.ok(await page.isChecked(sel), `${sel} checked`);
}

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

function giorno(n) {
  const d = new Date(Date.now() + n * 86400000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: table rules from their own inputs, the real form as preview, enforced by the server`, async () => {
    const titolo = `Sedi scolastiche ${label} ${Date.now()}`;
    const { page, assertClean, close } = await env.open('/dati-campagne.html', {
      login: DATI, viewport, allow: [/HTTP 400: POST .*\/dati\/province\/024\/campagne/, /status of 400/],
    });
    let id;
    try {
      await page.locator('#area-campagne:not([hidden])').waitFor(WAIT);
      await page.fill('#c-titolo', titolo);
      await page.fill('#c-scopo', 'Le sedi delle scuole e il Comune in cui stanno.');
      await page.fill('#campo-0-name', 'codice');
      await tick(page, '#campo-0-required');
      await page.click('#aggiungi-campo');
      await page.fill('#campo-1-name', 'comune_sede');
      await tick(page, '#campo-1-istat');
      await page.click('#aggiungi-campo');
      await page.fill('#campo-2-name', 'livello');
      await page.selectOption('#campo-2-type', 'integer');
      await tick(page, '#campo-2-cat');
      await page.fill('#campo-2-enum', '1=Primaria, 2=Secondaria di primo grado');
      await page.click('#aggiungi-campo');
      await page.fill('#campo-3-name', 'apertura');
      await page.selectOption('#campo-3-type', 'date');
      await page.fill('#c-mancanti', 'n.d., -');
      await page.fill('#c-uniche', 'codice, livello; comune_sede, inesistente');

      let schema = JSON.parse(await page.inputValue('#c-schema'));
      assert.deepEqual(schema.missingValues, ['', 'n.d.', '-']);
      assert.deepEqual(schema.uniqueKeys, [['codice', 'livello'], ['comune_sede', 'inesistente']]);
      assert.deepEqual(schema.foreignKeys, [{ fields: 'comune_sede', reference: { resource: 'comuni', fields: 'codice_istat' } }]);
      assert.deepEqual(schema.fields[2].categories, [{ value: 1, label: 'Primaria' }, { value: 2, label: 'Secondaria di primo grado' }]);
      assert.equal(schema.fields[2].constraints, undefined);

      // the preview is the Comune's form: categories as a select with labels
      const prev = page.locator('#anteprima-modulo');
      await prev.locator('select').first().waitFor(WAIT);
      const opts = await prev.locator('select option').evaluateAll((os) => os.map((o) => `${o.value}:${o.textContent}`));
      assert.deepEqual(opts, ['—:—', '1:Primaria', '2:Secondaria di primo grado'].map((x) => x.replace('—:—', ':—')));
      assert.equal(await prev.locator('input[placeholder="gg/mm/aaaa"]').count(), 1);
      assert.match(await prev.textContent(), /comune_sede/);

      // round trip through the JSON: another foreign key survives, the inputs fill back
      schema.foreignKeys.push({ fields: 'codice', reference: { resource: '', fields: 'codice' } });
      await page.locator('#schema-avanzato summary').click();
      await page.fill('#c-schema', JSON.stringify(schema, null, 2));
      await page.click('#applica-json');
      assert.equal(await page.inputValue('#c-mancanti'), 'n.d., -');
      assert.equal(await page.inputValue('#c-uniche'), 'codice, livello; comune_sede, inesistente');
      assert.ok(await page.isChecked('#campo-1-istat'));
      assert.ok(await page.isChecked('#campo-2-cat'));
      assert.equal(await page.inputValue('#campo-2-enum'), '1=Primaria, 2=Secondaria di primo grado');
      // the same schema (the builder writes the other keys before its own)
      const norm = (x) => ({ ...x, foreignKeys: x.foreignKeys.map((k) => JSON.stringify(k)).sort() });
      const again = JSON.parse(await page.inputValue('#c-schema'));
      assert.deepEqual(norm(again), norm(schema));

      await page.fill('#c-scadenza', giorno(30));
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-campagne-builder-${label}`);
      // the server refuses the combination naming no column, on its input
      await page.click('#crea-campagna');
      await page.locator('#c-uniche[aria-invalid="true"]').waitFor(WAIT);
      await page.fill('#c-uniche', 'codice, livello');
      await page.click('#crea-campagna');
      await page.waitForURL(/\/dati-campagna\.html\?id=\d+$/, WAIT);
      id = new URL(page.url()).searchParams.get('id');
      assertClean();
    } finally {
      await close();
    }

    // the rules are the server's: an answer breaking each gets its error
    const stored = JSON.parse(sql(env.db, `SELECT schema_json FROM dati_campagna WHERE id = ${id}`).trim());
    assert.deepEqual(stored.uniqueKeys, [['codice', 'livello']]);
    const comune = await login(env.url, VICENZA.email);
    const csv = 'codice;comune_sede;livello;apertura\r\n'
      + 'A1;024116;1;2020-09-01\r\n'
      + 'A1;999999;1;n.d.\r\n'
      + 'A2;024001;3;-\r\n';
    const r = await comune.call('POST', `/api/v1/dati/comuni/024116/campagne/${id}/righe`, {
      righe: csv.trim().split('\r\n').slice(1).map((l) => {
        const [codice, sede, livello, apertura] = l.split(';');
        return { codice, comune_sede: sede, livello, apertura };
      }),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const got = r.body.errori_dettaglio.map((e) => `${e.riga}:${e.campo}:${e.regola}`).sort();
    // a key of two columns names no single field; «n.d.» and «-» are
    // missing values: no date error for them
    assert.deepEqual(got, ['3::uniqueKeys', '3:comune_sede:foreignKey', '4:livello:categories'].sort(),
      JSON.stringify(r.body.errori_dettaglio));
  });
}
