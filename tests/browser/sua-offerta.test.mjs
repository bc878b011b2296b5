// Sealed bids in the browser: a SUA officer enrols the holder's key on
// "Chiave di custode"; an operator submits a bid on "Le mie offerte" (a file
// uploaded with its progress bar, the discount typed the Italian way) and
// gets the signed receipt, listed under "Le mie ricevute"; after the deadline
// the officer opens envelope C on "Apertura delle buste" with two holders'
// passphrases and reads the discount; the public tender page says who can
// read the bids.  No console errors, no failed request except the refusals
// the test provokes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { cli, sql, SHARED } from '../lib/server.mjs';
import { PASS, piva, publishedTender } from '../lib/buste.mjs';

let env;
const ids = {};
const OP = { email: 'operatore.offerte@prova.example', password: PASSWORD };
const RUP = { email: 'rup.offerte@prova.example', password: PASSWORD };
let gara;

before(async () => {
  env = await setup();
  const r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  ids.rup = addUser(env.db, RUP.email, 'sua_officer', 'provincia:024', 'Rita Responsabile');
  ids.capo = addUser(env.db, 'capo.offerte@prova.example', 'sua_officer', 'provincia:024', 'Carlo Capo');
  ids.terzo = addUser(env.db, 'terzo.offerte@prova.example', 'sua_officer', 'provincia:024', 'Tina Terza');
  addUser(env.db, OP.email, 'operator', `operatore:${piva(3234567001)}`, 'Olga Operatrice');
  for (const [k, i] of [['capo', 1], ['terzo', 2]]) {
    const s = await login(env.url, `${k}.offerte@prova.example`);
    assert.equal((await s.call('PUT', '/api/v1/sua/custodi/chiave', { passphrase: PASS[i] })).status, 200);
  }
});
after(async () => { await env?.close(); });

test('the RUP enrols the holder key in the browser', async () => {
  const { page, assertClean, close } = await env.open('/custode.html', { login: RUP, viewport: { width: 1280, height: 900 }, allow: [/400.*custodi\/chiave/] });
  try {
    await page.locator('#area-custode:not([hidden])').waitFor(WAIT);
    await page.locator('#stato-chiave:has-text("Non hai ancora")').waitFor(WAIT);
    await page.fill('#chiave-frase', 'corta');
    await page.fill('#chiave-conferma', 'corta');
    await page.click('#registra-chiave');
    assert.equal(await page.getAttribute('#chiave-frase', 'aria-invalid'), 'true');
    await page.fill('#chiave-frase', PASS[0]);
    await page.fill('#chiave-conferma', PASS[0]);
    await page.click('#registra-chiave');
    await page.locator('#stato-chiave:has-text("Chiave registrata")').waitFor(WAIT);
    await checkPageBasics(page);
    await screenshot(page, 'sua-custode');
    assertClean();
  } finally {
    await close();
  }
  const rup = await login(env.url, RUP.email);
  gara = await publishedTender(rup, { custodi: [ids.rup, ids.capo, ids.terzo], k: 2, decimali: 3 });
});

test('an operator submits a bid with a file and gets the signed receipt', async () => {
  const { page, assertClean, close } = await env.open('/offerte.html', { login: OP, viewport: { width: 1280, height: 900 } });
  try {
    await page.locator('#area-offerte:not([hidden])').waitFor(WAIT);
    await page.locator('#stato-ricevute:has-text("Nessuna offerta")').waitFor(WAIT);
    await page.fill('#offerta-gara', String(gara));
    await page.fill('#offerta-lotto', '1');
    await page.fill('#offerta-ragione', 'Olga Costruzioni Srl');
    await page.setInputFiles('#file-A', { name: 'dgue.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300000, 32)]) });
    await page.fill('#c-ribasso', '12,345');
    await page.fill('#c-oneri', '1.500,00');
    await page.fill('#c-manodopera', '90.000');
    await page.click('#invia-offerta');
    await page.locator('#ricevuta-nuova .alert-success').waitFor(WAIT);
    assert.equal(await page.getAttribute('#barra', 'aria-valuenow'), '100');
    assert.match(await page.textContent('#stato-invio'), /presentata/);
    await page.locator('#tabella-ricevute tbody tr').first().waitFor(WAIT);
    assert.match(await page.textContent('#tabella-ricevute tbody'), /Presentata/);
    await checkPageBasics(page);
    await screenshot(page, 'sua-offerte');
    assertClean();
  } finally {
    await close();
  }
  const row = sql(env.db, `SELECT stato, ragione_sociale FROM sua_offerta WHERE gara_id = ${gara}`).trim();
  assert.equal(row, 'presentata|Olga Costruzioni Srl');
  assert.equal(sql(env.db, `SELECT size > 300000 FROM sua_busta_file WHERE gara_id = ${gara}`).trim(), '1');
});

test('after the deadline the officer opens envelope C with two passphrases', async () => {
  const res = await fetch(`${env.url}/api/v1/gare/${gara}/riservatezza`).then((r) => r.json());
  assert.match(res.lettura, /ne servono 2/);
  sql(env.db, `UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 5} WHERE id = ${gara}`);
  const { page, assertClean, close } = await env.open(`/apertura.html?gara=${gara}`, { login: RUP, viewport: { width: 1280, height: 900 }, allow: [/422.*apertura/] });
  try {
    await page.locator('#area-apertura:not([hidden])').waitFor(WAIT);
    await page.selectOption('#apertura-busta', 'C');
    // One holder: refused, the passphrase fields emptied.
    await page.fill('#custode-email-0', 'capo.offerte@prova.example');
    await page.fill('#custode-frase-0', PASS[1]);
    await page.click('#apri-buste');
    await page.locator('.alert-danger, [aria-invalid="true"]').first().waitFor(WAIT);
    assert.equal(await page.inputValue('#custode-frase-0'), '');
    await page.fill('#custode-frase-0', PASS[1]);
    await page.fill('#custode-email-1', 'terzo.offerte@prova.example');
    await page.fill('#custode-frase-1', PASS[2]);
    await page.click('#apri-buste');
    await page.locator('#stato-apertura:has-text("aperte: 1")').waitFor(WAIT);
    await page.locator('#tabella-offerte:has-text("ribasso 12,345%")').waitFor(WAIT);
    await checkPageBasics(page);
    await screenshot(page, 'sua-apertura');
    assertClean();
  } finally {
    await close();
  }
});
