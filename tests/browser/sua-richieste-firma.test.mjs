// The signed attachments of a request in the browser (issue 18 item 4): a
// Comune sends a request with two .p7m attachments (one valid, one
// tampered; signed by the test with openssl, tests/lib/firma.mjs); on
// "Richieste in arrivo" the Province's SUA officer opens "Documenti e
// firme", asks for signed files, and reads beside each file who signed it,
// with which codice fiscale, and whether the signature is valid - or why
// not, as a warning that does not block.  At 1280 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { cli } from '../lib/server.mjs';
import { makeFixtures } from '../lib/firma.mjs';

const BOUNDARY = '----areavasta-firma-browser-r1';
const SUA = { email: 'funzionario.firme@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.firme@prova.example', password: PASSWORD };
let env;
let root;
let f;
let comune;

async function uploadDoc(id, name, bytes) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const res = await fetch(`${env.url}/api/v1/sua/richieste/${id}/documenti`, {
    method: 'POST',
    headers: {
      cookie: `av_session=${comune.cookie}`, 'x-csrf-token': comune.csrf,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body,
  });
  assert.equal(res.status, 201, await res.text());
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-ric-firma-browser-'));
  f = makeFixtures(root);
  env = await setup();
  const r = cli(['firma', 'tsl', f.tsl, '--db', env.db]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, 'comune.firme@prova.example', 'comune', 'comune:024116', 'Chiara Comune');
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sandro Appalti');
  comune = await login(env.url, 'comune.firme@prova.example');
});
after(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: the officer asks for signed files and sees signer and validity beside each`, async () => {
    const oggetto = `Pulizia degli uffici comunali firme ${label}`;
    const day = new Date(Date.now() + 90 * 86400000).toISOString().slice(0, 10);
    let r = await comune.call('POST', '/api/v1/sua/comuni/024116/richieste', {
      oggetto, tipo: 'servizi', cpv: '79713000-5', importo_cents: 4500000, investimento: false,
      fonte: 'proprie', rup_nome: 'Paola Rossi', data_aggiudicazione: day,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id;
    await uploadDoc(id, 'delibera.pdf.p7m', readFileSync(f.p7m));
    await uploadDoc(id, 'capitolato.pdf.p7m', readFileSync(f.tampered));
    r = await comune.call('POST', `/api/v1/sua/richieste/${id}/invia`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const { page, assertClean, close } = await env.open(`/sua-inbox.html?q=${encodeURIComponent(label)}`, { login: SUA, viewport });
    try {
      const row = page.locator(`tr[data-richiesta="${id}"]`);
      await row.waitFor(WAIT);
      await row.locator('[data-azione="firme"]').click();
      await page.locator('#sezione-firme:not([hidden]) .documento-firma').first().waitFor(WAIT);
      // Not asked yet: nothing verified, said so.
      assert.match(await page.locator('#sezione-firme').innerText(), /non era richiesta al caricamento/);
      await page.check('#firma-richiesta');
      await page.locator('#firme-esito:has-text("firmati digitalmente")').waitFor(WAIT);
      const valid = page.locator('.documento-firma:has-text("delibera.pdf.p7m") .firma-file');
      await valid.locator('text=Firma valida').waitFor({ timeout: 30000 });
      assert.match(await valid.innerText(), /Firmato da Mario Rossi \(RSSMRA80A01H501U\) il \d\d\/\d\d\/\d{4},? \d\d:\d\d \(CAdES\)\./);
      const bad = page.locator('.documento-firma:has-text("capitolato.pdf.p7m") .firma-file');
      await bad.locator('text=Firma non valida').waitFor({ timeout: 30000 });
      assert.match(await bad.innerText(), /contenuto alterato\. Avviso: non blocca la decisione\./);
      // the download and the decisions stay there
      assert.equal(await page.locator('.documento-firma:has-text("capitolato.pdf.p7m") a[download]').count(), 1);
      assert.equal(await row.locator('[data-azione="prendi"]').count(), 1);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= viewport.width, `the page is ${w} px wide at ${viewport.width} px`);
      await checkPageBasics(page);
      await screenshot(page, `sua-inbox-firme-${label}`);
      assertClean();
    } finally {
      await close();
    }
    // The Comune's card says signed files are asked; no verdict shown to it.
    const com = await env.open('/sua-richieste.html', { login: COMUNE, viewport });
    try {
      const card = com.page.locator(`article.richiesta[data-richiesta="${id}"]`);
      await card.locator('.firma-richiesta').waitFor(WAIT);
      assert.match(await card.innerText(), /La SUA chiede documenti firmati digitalmente/);
      assert.ok(!(await card.innerText()).includes('RSSMRA80A01H501U'), 'no verdict for the Comune');
      com.assertClean();
    } finally {
      await com.close();
    }
  });
}
