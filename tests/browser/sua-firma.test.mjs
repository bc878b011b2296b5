// The signatures of the bid files in the browser (issue 18): two operators
// upload signed files to envelope A (one valid .p7m, one tampered); after
// the deadline the RUP opens envelope A on "Apertura delle buste" and,
// beside each file, reads who signed it, with which codice fiscale, and
// whether the signature is valid - or why not, as a warning that does not
// block.  The files are signed by the test with openssl
// (tests/lib/firma.mjs) and the trusted list is loaded with `firma tsl`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { cli, sql, SHARED } from '../lib/server.mjs';
import { PASS, piva, publishedTender, upload } from '../lib/buste.mjs';
import { makeFixtures } from '../lib/firma.mjs';

let env;
let root;
let f;
const ids = {};
const RUP = { email: 'rup.firma@prova.example', password: PASSWORD };
const OPS = [piva(3234568001), piva(3234568002)];
let gara;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'areavasta-firma-browser-'));
  f = makeFixtures(root);
  const signedBy = Math.ceil(Date.now() / 1000); // the fixtures' signing-time
  env = await setup();
  let r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['firma', 'tsl', f.tsl, '--db', env.db]);
  assert.equal(r.status, 0, r.stderr);
  ids.rup = addUser(env.db, RUP.email, 'sua_officer', 'provincia:024', 'Rita Responsabile');
  ids.capo = addUser(env.db, 'capo.firma@prova.example', 'sua_officer', 'provincia:024', 'Carlo Capo');
  ids.terzo = addUser(env.db, 'terzo.firma@prova.example', 'sua_officer', 'provincia:024', 'Tina Terza');
  for (const [k, i] of [['rup', 0], ['capo', 1], ['terzo', 2]]) {
    const s = await login(env.url, `${k}.firma@prova.example`);
    assert.equal((await s.call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[i] })).status, 200);
  }
  const rup = await login(env.url, RUP.email);
  gara = await publishedTender(rup, { custodi: [ids.rup, ids.capo, ids.terzo], k: 2 });
  for (const [i, [file, name]] of [[f.p7m, 'offerta.pdf.p7m'], [f.tampered, 'dgue.pdf.p7m']].entries()) {
    addUser(env.db, `op${i}.firma@prova.example`, 'operator', `operatore:${OPS[i]}`, `Operatore ${i}`);
    const op = await login(env.url, `op${i}.firma@prova.example`);
    const base = `/api/v1/sua/gare/${gara}/lotti/1`;
    r = await upload(env.url, op, `${base}/buste/A/file`, readFileSync(file), name);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await op.call('POST', `${base}/offerta`, { ragione_sociale: `Impresa ${i}`, buste: { A: {}, C: { ribasso: '5,000', oneri_sicurezza_cents: 1, costo_manodopera_cents: 1 } } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  // The deadline after the signatures' time, or a fast run finds them
  // "successiva al termine"; then past, so the envelopes can be opened.
  const termine = Math.max(Math.floor(Date.now() / 1000) - 5, signedBy + 1);
  while (Date.now() / 1000 < termine + 1.1) await new Promise((res) => setTimeout(res, 100));
  sql(env.db, `UPDATE sua_gara SET termine_offerte = ${termine} WHERE id = ${gara}`);
});
after(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

test('after opening envelope A the RUP sees signer and validity beside each file', async () => {
  const { page, assertClean, close } = await env.open(`/apertura.html?gara=${gara}`, { login: RUP, viewport: { width: 1280, height: 900 } });
  try {
    await page.locator('#area-apertura:not([hidden])').waitFor(WAIT);
    await page.selectOption('#apertura-busta', 'A');
    await page.fill('#custode-email-0', 'capo.firma@prova.example');
    await page.fill('#custode-frase-0', PASS[1]);
    await page.fill('#custode-email-1', 'terzo.firma@prova.example');
    await page.fill('#custode-frase-1', PASS[2]);
    await page.click('#apri-buste');
    await page.locator('#stato-apertura:has-text("aperte: 2")').waitFor(WAIT);
    // the job runs after the opening; the page reads the table again
    const valid = page.locator('.file-busta:has-text("offerta.pdf.p7m") .firma-file');
    await valid.locator('text=Firma valida').waitFor({ timeout: 30000 });
    assert.match(await valid.innerText(), /Firmato da Mario Rossi \(RSSMRA80A01H501U\) il \d\d\/\d\d\/\d{4},? \d\d:\d\d \(CAdES\)\./);
    const bad = page.locator('.file-busta:has-text("dgue.pdf.p7m") .firma-file');
    await bad.locator('text=Firma non valida').waitFor({ timeout: 30000 });
    assert.match(await bad.innerText(), /contenuto alterato\. Avviso per la commissione: non blocca la decisione\./);
    // the download link stays there: the warning does not block
    assert.equal(await page.locator('.file-busta:has-text("dgue.pdf.p7m") a[download]').count(), 1);
    await checkPageBasics(page);
    await screenshot(page, 'sua-apertura-firma');
    assertClean();
  } finally {
    await close();
  }
});
