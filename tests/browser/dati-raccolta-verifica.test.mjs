// The Comune's page follows its own large upload's check (issue 15 item 2),
// at 1280 and 390 px.  First the states, ARRANGED with sql() so that what
// the page shows does not depend on the worker's speed: a queued job
// (held back by run_after) shows an indeterminate bar, the same job
// running shows the share of the file read, updated without a reload; a
// failed one says why and asks for the file again.  Then the real thing:
// a CSV over 1 MiB uploaded from the page goes to the job (202) and the
// page, without a reload, ends with the report inline — the rows the
// file was built to break (9 001 and 15 001), in the table of errors, the
// same as GET /dati/risposte/{id} gives.  axe-core's basics, nothing wider
// than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { sql } from '../lib/server.mjs';

let env;
const DATI = { email: 'segui.dati@prova.example', password: PASSWORD };
const VICENZA = { email: 'segui.vicenza@prova.example', password: PASSWORD };

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

// 20 000 rows of random-looking text (over 1 MiB): row 9 001 has a negative
// count, row 15 001 a code out of pattern (the header is row 1).
function grande() {
  const lines = ['codice;nota;alunni'];
  let x = 7;
  for (let i = 1; i <= 20000; i++) {
    let nota = '';
    for (let k = 0; k < 60; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      nota += String.fromCharCode(97 + (x % 26));
    }
    lines.push(`${i === 15000 ? 'X7' : `S${i}`};${nota};${i === 9000 ? -1 : i % 300}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]];

for (const [label, viewport] of VIEWPORTS) {
  test(`${label}: the Comune's page shows its large upload's check, then the report inline`, async () => {
    const officer = await login(env.url, DATI.email);
    const comune = await login(env.url, VICENZA.email);
    const c = await officer.call('POST', '/api/v1/dati/province/024/campagne', {
      titolo: `Segui la verifica (${label})`, scopo: 'La pagina del Comune durante il controllo di un file grande.',
      schema: JSON.stringify({
        fields: [
          { name: 'codice', type: 'string', constraints: { required: true, pattern: 'S[0-9]{1,6}' } },
          { name: 'nota', type: 'string' },
          { name: 'alunni', type: 'integer', constraints: { minimum: 0 } },
        ],
        primaryKey: ['codice'],
      }),
      dialetto: { delimiter: ';' }, comuni: ['024116'],
      scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.id;
    const now = Math.floor(Date.now() / 1000);
    const input = JSON.stringify({ campagna_id: id, comune: 'comune:024116', sha256: '0'.repeat(64), nome_file: 'grande.csv' });
    sql(env.db, `INSERT INTO job (kind, state, input, owner_id, ente, created, run_after)
      VALUES ('dati_verifica_risposta', 'queued', '${input}', ${comune.user.id}, 'comune:024116', ${now}, ${now + 86400})`);
    const job = Number(sql(env.db, 'SELECT MAX(id) FROM job').trim());
    sql(env.db, `UPDATE dati_campagna_comune SET job_id = ${job} WHERE campagna_id = ${id} AND comune = 'comune:024116'`);

    const { page, assertClean, close } = await env.open(`/dati-raccolta.html?id=${id}`, { login: VICENZA, viewport });
    try {
      const box = page.locator('#verifica-risposta');
      await page.locator('#verifica-risposta[data-stato="queued"]').waitFor(WAIT);
      assert.equal(await box.locator('[role="progressbar"]').getAttribute('aria-valuenow'), null);
      assert.match(await box.textContent(), /In coda/);
      // the job runs: 40 % of the file read, shown without reloading
      sql(env.db, `UPDATE job SET state = 'running', started = ${now}, bytes_done = 400, bytes_total = 1000 WHERE id = ${job}`);
      await page.locator('#verifica-risposta[data-stato="running"]').waitFor(WAIT);
      await page.locator('#verifica-risposta [role="progressbar"][aria-valuenow="40"]').waitFor(WAIT);
      assert.match(await box.textContent(), /40 %/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `dati-raccolta-verifica-${label}`);
      // it fails: the reason, and the polling stops
      sql(env.db, `UPDATE job SET state = 'failed', finished = ${now}, error = 'interrotto: il server si è arrestato' WHERE id = ${job}`);
      await page.locator('#verifica-fallita').waitFor(WAIT);
      assert.match(await page.textContent('#verifica-fallita'), /non è riuscito: interrotto.*Carica di nuovo il file/);

      // the real thing: a large file from the page, followed to its report
      const jobsBefore = Number(sql(env.db, "SELECT COUNT(*) FROM job WHERE kind = 'dati_verifica_risposta'").trim());
      await page.setInputFiles('#r-file', { name: 'grande.csv', mimeType: 'text/csv', buffer: grande() });
      await page.click('#invia-risposta');
      await page.locator('#esito-errori').waitFor({ timeout: 60000 });
      assert.equal(Number(sql(env.db, "SELECT COUNT(*) FROM job WHERE kind = 'dati_verifica_risposta'").trim()), jobsBefore + 1,
        'the file went to the job');
      assert.match(await page.textContent('#esito-errori'), /«grande\.csv»: 2 errori/);
      const righe = await page.locator('#tabella-errori tbody tr').evaluateAll((rs) => rs.map((r) => `${r.dataset.riga}:${r.dataset.regola}`));
      const rid = Number(sql(env.db, `SELECT MAX(id) FROM dati_risposta WHERE campagna_id = ${id}`).trim());
      const api = await comune.call('GET', `/api/v1/dati/risposte/${rid}`);
      assert.deepEqual(righe, api.body.errori_dettaglio.map((e) => `${e.riga}:${e.regola}`));
      assert.deepEqual([...righe].sort(), ['15001:pattern', '9001:minimum']);
      assert.equal(await page.locator('#verifica-risposta').count(), 0);
      // the answer is in the list of answers sent, without a reload
      await page.locator(`#elenco-risposte li[data-risposta="${rid}"]`).waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
  });
}
