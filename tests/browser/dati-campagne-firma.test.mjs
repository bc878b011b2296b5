// Signed campaign answers in the browser (issue 18 item 4): on the board of
// a campaign the data officer switches on "Risposte firmate digitalmente";
// two Comuni answer with their CSV in a CAdES envelope (one valid, one
// tampered; signed by the test with openssl, tests/lib/firma.mjs); the
// board's "Firme delle risposte" shows, beside each answer, who signed it
// and whether the signature is valid - or why not, as a warning that does
// not block.  At 1280 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { cli } from '../lib/server.mjs';
import { makeFixtures, sign } from '../lib/firma.mjs';

const BOUNDARY = '----areavasta-dati-firma-browser';
const DATI = { email: 'ufficio.dati.firme@prova.example', password: PASSWORD };
const VICENZA = { email: 'vicenza.firme@prova.example', password: PASSWORD };
const CSV = 'codice;alunni\nE001;120\nE002;85\n';
let env;
let root;
let f;
const comuni = {};

async function answer(who, codice, id, name, bytes) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const res = await fetch(`${env.url}/api/v1/dati/comuni/${codice}/campagne/${id}/risposte`, {
    method: 'POST',
    headers: { cookie: `av_session=${who.cookie}`, 'x-csrf-token': who.csrf, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
  });
  assert.equal(res.status, 202, await res.text());
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-dati-firma-browser-'));
  f = makeFixtures(root);
  env = await setup();
  const r = cli(['firma', 'tsl', f.tsl, '--db', env.db]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, DATI.email, 'data_officer', 'provincia:024', 'Daria Dati');
  addUser(env.db, 'vicenza.firme@prova.example', 'comune', 'comune:024116', 'Vera Vicenza');
  addUser(env.db, 'arcugnano.firme@prova.example', 'comune', 'comune:024001', 'Aldo Arcugnano');
  comuni.vicenza = await login(env.url, 'vicenza.firme@prova.example');
  comuni.arcugnano = await login(env.url, 'arcugnano.firme@prova.example');
});
after(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: the data officer asks for signed answers and sees signer and validity beside each`, async () => {
    const dati = await login(env.url, DATI.email);
    const c = await dati.call('POST', '/api/v1/dati/province/024/campagne', {
      titolo: `Alunni per plesso firmati ${label}`, scopo: 'Prova delle risposte firmate.',
      schema: JSON.stringify({ fields: [{ name: 'codice', type: 'string' }, { name: 'alunni', type: 'integer' }] }),
      dialetto: { delimiter: ';' }, comuni: ['024116', '024001'],
      scadenza: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10),
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.id;
    const { page, assertClean, close } = await env.open(`/dati-campagna.html?id=${id}`, { login: DATI, viewport });
    try {
      await page.locator('#stato-firme:has-text("Nessuna risposta")').waitFor(WAIT);
      await page.check('#risposte-firmate');
      await page.locator('#esito-firme:has-text(".csv.p7m")').waitFor(WAIT);
      const csv = join(root, `alunni-${label}.csv`);
      writeFileSync(csv, CSV);
      const good = readFileSync(sign(csv, `${csv}.p7m`, [f.signers.rossi]));
      const bad = Buffer.from(good);
      const at = bad.indexOf(Buffer.from('E002;85'));
      bad[at + 5] = '9'.charCodeAt(0);
      await answer(comuni.vicenza, '024116', id, 'alunni.csv.p7m', good);
      await answer(comuni.arcugnano, '024001', id, 'alunni-arcugnano.csv.p7m', bad);
      // Each answer is verified by its own job: reload until both verdicts are in.
      for (let t = 0; t < 30; t++) {
        await page.reload();
        if (await page.locator('.risposta-firma .firma-risposta:has-text("Firma")').count() >= 2) break;
        await new Promise((res) => setTimeout(res, 1000));
      }
      const valid = page.locator('.risposta-firma[data-comune="024116"] .firma-risposta');
      await valid.locator('text=Firma valida').waitFor({ timeout: 30000 });
      assert.match(await valid.innerText(), /Firmata da Mario Rossi \(RSSMRA80A01H501U\) il \d\d\/\d\d\/\d{4},? \d\d:\d\d \(CAdES\)\./);
      const invalid = page.locator('.risposta-firma[data-comune="024001"] .firma-risposta');
      await invalid.locator('text=Firma non valida').waitFor({ timeout: 30000 });
      assert.match(await invalid.innerText(), /contenuto alterato\. Avviso: non blocca la decisione\./);
      assert.match(await page.locator('.risposta-firma[data-comune="024116"] th').innerText(), /Vicenza/);
      // the decisions stay there
      assert.equal(await page.locator('#chiudi-campagna').isEnabled(), true);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= viewport.width, `the page is ${w} px wide at ${viewport.width} px`);
      await checkPageBasics(page);
      await screenshot(page, `dati-campagna-firme-${label}`);
      assertClean();
    } finally {
      await close();
    }
    // The Comune is told, and its upload takes the signed file; no verdict shown to it.
    const com = await env.open(`/dati-raccolta.html?id=${id}&comune=024116`, { login: VICENZA, viewport });
    try {
      await com.page.locator('#dettagli-raccolta:has-text("Firma digitale")').waitFor(WAIT);
      assert.match(await com.page.locator('#dettagli-raccolta').innerText(), /Richiesta: carica il file CSV firmato digitalmente \(\.csv\.p7m, CAdES\)/);
      assert.match(await com.page.getAttribute('#r-file', 'accept'), /\.p7m/);
      assert.ok(!(await com.page.locator('body').innerText()).includes('RSSMRA80A01H501U'), 'no verdict for the Comune');
      await checkPageBasics(com.page);
      com.assertClean();
    } finally {
      await com.close();
    }
  });
}
