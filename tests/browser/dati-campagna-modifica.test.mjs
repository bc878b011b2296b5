// The board's "Modifica la raccolta" (issue 15 item 2), at 1280 and 390 px:
// the data officer extends an open campaign's deadline and adds a Comune
// from the board.  A date that is no date is refused on its field before
// anything is sent; a date before the current deadline goes to the server,
// whose 400 lands on the same field, nothing changed; cancelling the
// confirmation sends nothing; then a real change, confirmed: the details
// show the new deadline, the added Comune is in the board's table, and the
// change is listed from the audit log (when, who, what) — checked against
// the audit_log row itself.  axe-core's basics, nothing wider than the
// screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';

let env;
const DATI = { email: 'modifica.dati@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Daniela Dati');
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

// A day N days from now as Rome's calendar writes it: gg/mm/aaaa and ISO.
function giorno(n) {
  const d = new Date(Date.now() + n * 86400000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  return { it: `${parts.day}/${parts.month}/${parts.year}`, iso: `${parts.year}-${parts.month}-${parts.day}` };
}

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: the deadline extended and a Comune added from the board, the change listed from the audit log`, async () => {
    const officer = await login(env.url, DATI.email);
    const start = giorno(20);
    const c = await officer.call('POST', '/api/v1/dati/province/024/campagne', {
      titolo: `Raccolta da prorogare (${label})`, scopo: 'La proroga e i Comuni aggiunti dal quadro.',
      schema: JSON.stringify({ fields: [{ name: 'codice', type: 'string' }] }), comuni: ['024116'],
      scadenza: start.iso,
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.id;
    const scadenzaAt = () => sql(env.db, `SELECT scadenza_at FROM dati_campagna WHERE id = ${id}`).trim();
    const before0 = scadenzaAt();

    const { page, assertClean, close } = await env.open(`/dati-campagna.html?id=${id}`, {
      login: DATI, viewport,
      // the deadline brought forward, refused on purpose
      allow: [/HTTP 400: PATCH .*\/dati\/campagne\/\d+$/, /status of 400 .*\/dati\/campagne\/\d+\]$/],
    });
    try {
      const form = page.locator('#form-modifica');
      await form.waitFor({ state: 'visible', ...WAIT });
      await page.locator('#stato-storia', { hasText: 'Nessuna modifica' }).waitFor(WAIT);
      // a day that does not exist: refused on the field, nothing sent
      await page.fill('#m-scadenza', '31/02/2030');
      await page.click('#salva-modifica');
      assert.equal(await page.getAttribute('#m-scadenza', 'aria-invalid'), 'true');
      assert.equal(await page.locator('dialog').count(), 0);

      // before the current deadline: the server's 400 on the same field
      await page.fill('#m-scadenza', giorno(10).it);
      await page.click('#salva-modifica');
      await page.locator('dialog').waitFor(WAIT);
      assert.match(await page.textContent('dialog'), new RegExp(`dal ${start.it} al ${giorno(10).it.replace(/\//g, '\\/')}`));
      await page.locator('dialog button[type=submit]').click();
      await page.locator('#m-scadenza[aria-invalid="true"]').waitFor(WAIT);
      assert.match(await page.textContent('#form-modifica'), /si può solo prorogare/);
      assert.equal(scadenzaAt(), before0);

      // cancelled: nothing sent
      const nuova = giorno(30);
      await page.fill('#m-scadenza', nuova.it);
      await page.fill('#m-filtro-comuni', 'agugl');
      // Bootstrap Italia's checkbox is drawn by its label
      await page.click('label[for="m-comune-024001"]');
      assert.ok(await page.isChecked('#m-comune-024001'));
      assert.match(await page.textContent('#m-conteggio-comuni'), /^1 Comune da aggiungere/);
      await page.click('#salva-modifica');
      await page.locator('dialog').waitFor(WAIT);
      const testo = await page.textContent('dialog');
      assert.match(testo, /Agugliaro/);
      assert.match(testo, /registro di audit/);
      await page.locator('dialog button:not([type=submit])').first().click();
      await page.locator('dialog').waitFor({ state: 'detached', ...WAIT });
      assert.equal(scadenzaAt(), before0);
      assert.equal(Number(sql(env.db, `SELECT COUNT(*) FROM dati_campagna_comune WHERE campagna_id = ${id}`).trim()), 1);

      // confirmed: the details, the board's table, the list of changes
      await page.click('#salva-modifica');
      await page.locator('dialog button[type=submit]').click();
      await page.locator('#esito-modifica', { hasText: 'Raccolta modificata' }).waitFor(WAIT);
      await page.locator('#tabella-quadro tr[data-comune="024001"]').waitFor(WAIT);
      await page.locator('#dettagli-campagna', { hasText: nuova.it }).waitFor(WAIT);
      const voce = page.locator('#storia-modifiche li');
      await voce.first().waitFor(WAIT);
      assert.equal(await voce.count(), 1);
      const riga = await voce.first().textContent();
      assert.match(riga, /Daniela Dati/);
      assert.match(riga, new RegExp(`scadenza prorogata dal ${start.it.replace(/\//g, '\\/')} al ${nuova.it.replace(/\//g, '\\/')}`));
      assert.match(riga, /Comune aggiunto: Agugliaro/);
      // what the page lists is the audit log's own entry
      const audit = JSON.parse(sql(env.db, `SELECT details FROM audit_log WHERE action = 'dati.campagna.modifica'
        AND object_type = 'dati_campagna' AND object_id = '${id}'`).trim());
      assert.deepEqual(audit.comuni_aggiunti, ['024001']);
      assert.deepEqual(audit.scadenza, { da: start.iso, a: nuova.iso });
      assert.equal(await page.getAttribute('#m-scadenza', 'aria-invalid'), null);
      // the added Comune is no longer offered
      assert.equal(await page.locator('#m-comune-024001').count(), 0);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-campagna-modifica-${label}`);
      assertClean();
    } finally {
      await close();
    }
  });
}
