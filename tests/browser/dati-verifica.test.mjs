// The data officer's board while a Comune's large answer is being checked
// by its job (issue 15 item 2), at 1280 and 390 px: the Comune's row shows
// a progress bar — indeterminate while queued, the percentage of the file
// read while running — and the board refreshes itself until the job ends;
// a failed check says why.  The job's row is ARRANGED with sql() (a queued
// job held back by run_after, then a running one with its bytes), so that
// what the page shows does not depend on how fast the worker is; the
// states themselves are the job pool's (tests/http/dati-campagne-verifica
// runs the real job).  axe-core's basics, nothing wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';

let env;
const DATI = { email: 'verifica.dati@prova.example', password: PASSWORD };

before(async () => {
  env = await setup();
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Daniela Dati');
});
after(async () => { await env?.close(); });

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: the board shows a large answer's check in progress, then its end`, async () => {
    const officer = await login(env.url, DATI.email);
    const c = await officer.call('POST', '/api/v1/dati/province/024/campagne', {
      titolo: `Verifica in corso (${label})`, scopo: 'Il quadro mentre un file grande è controllato.',
      schema: JSON.stringify({ fields: [{ name: 'codice', type: 'string' }] }), comuni: ['024116', '024001'],
      scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.id;
    const now = Math.floor(Date.now() / 1000);
    const input = JSON.stringify({ campagna_id: id, comune: 'comune:024116', sha256: '0'.repeat(64), nome_file: 'grande.csv' });
    sql(env.db, `INSERT INTO job (kind, state, input, owner_id, ente, created, run_after)
      VALUES ('dati_verifica_risposta', 'queued', '${input}', ${officer.user.id}, 'comune:024116', ${now}, ${now + 86400})`);
    const job = Number(sql(env.db, 'SELECT MAX(id) FROM job').trim());
    sql(env.db, `UPDATE dati_campagna_comune SET job_id = ${job} WHERE campagna_id = ${id} AND comune = 'comune:024116'`);

    const { page, assertClean, close } = await env.open(`/dati-campagna.html?id=${id}`, { login: DATI, viewport });
    try {
      const row = page.locator('#tabella-quadro tr[data-comune="024116"]');
      await row.locator('.verifica-risposta[data-stato="queued"]').waitFor(WAIT);
      assert.match(await row.textContent(), /Verifica in coda/);
      assert.equal(await row.locator('[role="progressbar"]').getAttribute('aria-valuenow'), null);
      assert.match(await page.textContent('#totali-quadro'), /1 in verifica/);
      // the job runs: 40 % of the file read, shown without reloading
      sql(env.db, `UPDATE job SET state = 'running', started = ${now}, bytes_done = 400, bytes_total = 1000 WHERE id = ${job}`);
      await row.locator('.verifica-risposta[data-stato="running"]').waitFor(WAIT);
      assert.equal(await row.locator('[role="progressbar"]').getAttribute('aria-valuenow'), '40');
      assert.match(await row.textContent(), /Verifica in corso: 40 %/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-verifica-${label}`);
      // it fails: the reason, and the board stops refreshing
      sql(env.db, `UPDATE job SET state = 'failed', finished = ${now}, error = 'interrotto: il server si è arrestato' WHERE id = ${job}`);
      await row.locator('.verifica-fallita').waitFor(WAIT);
      assert.match(await row.textContent(), /Verifica non riuscita: interrotto/);
      assert.equal(await row.locator('[role="progressbar"]').count(), 0);
      assertClean();
    } finally {
      await close();
    }
  });
}
