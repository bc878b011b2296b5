// The albo's self-registration in the browser, at desktop (1280 px) and
// phone (390 px) width: a company registers on the public page (a wrong
// partita IVA marked on its field by the server first), confirms with the
// code the SMTP sink received, logs in, sees "in attesa di approvazione"
// with no invitations section, uploads a DURC with its expiry; the SUA
// officer sees the document on the albo page.  No console errors, no
// unexpected failed request, axe clean, nothing wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { cli, SHARED } from '../lib/server.mjs';
import { piva, CF_LEGALE } from '../lib/albo.mjs';
import { smtpSink, parseMail, waitFor } from '../lib/smtp-sink.mjs';

let env, sink, tmp;
const SUA = { email: 'funzionario.registrazioni@prova.example', password: PASSWORD };
const anno = new Date().getUTCFullYear() + 1;

before(async () => {
  env = await setup();
  tmp = mkdtempSync(join(tmpdir(), 'av-albo-reg-'));
  const r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  sink = await smtpSink();
  const s = cli(['notifiche', 'smtp', '--db', env.db, '--url', `smtp://127.0.0.1:${sink.port}`, '--mittente', 'albo@provincia.vicenza.it']);
  assert.equal(s.status, 0, s.stderr);
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sara Registri');
});
after(async () => {
  await sink?.close();
  await env?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `the page is ${w} px wide at ${width} px`);
}

let n = 0;
for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['telefono', { width: 390, height: 844 }]]) {
  test(`${label}: register, confirm, upload a document; the officer sees it`, async () => {
    const p = piva(String(3100000000 + ++n));
    const email = `titolare.${label}@prova.example`;
    const ragione = `Scavi Berici ${label} S.r.l.`;
    let { page, assertClean, close } = await env.open('/registrazione-albo.html', {
      viewport, allow: [/400.*\/api\/v1\/sua\/albo\/registrazioni/],
    });
    try {
      await checkPageBasics(page);
      await page.fill('#r-provincia', '024');
      await page.fill('#r-ragione', ragione);
      await page.fill('#r-piva', p.slice(0, 10) + String((Number(p[10]) + 1) % 10));
      await page.fill('#r-cf', p);
      await page.fill('#r-pec', `scavi.${label}@pec.it`);
      await page.fill('#r-comune', '024116');
      await page.fill('#r-indirizzo', 'Contrà Porti 3');
      await page.fill('#r-legale-nome', 'Mario Rossi');
      await page.fill('#r-legale-cf', CF_LEGALE);
      await page.fill('#r-cpv', '45233141-9');
      await page.fill('#r-soa', `OG3 II 31/12/${anno}`);
      await page.fill('#r-nome', 'Mario Rossi');
      await page.fill('#r-email', email);
      await page.fill('#r-password', 'una-password-lunga-2026');
      await page.click('#invia-registrazione');
      await page.locator('#r-piva[aria-invalid="true"]').waitFor(WAIT);
      await page.fill('#r-piva', p);
      await page.click('#invia-registrazione');
      await page.locator('#esito-registrazione:not([hidden])').waitFor(WAIT);
      assert.match(await page.textContent('#esito-registrazione'), /Richiesta ricevuta/);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `registrazione-albo-${label}`);
      assertClean();
    } finally {
      await close();
    }

    const m = await waitFor(() => sink.messages.find((x) => x.to.includes(email)), 30000);
    assert.ok(m, 'no confirmation e-mail');
    const code = parseMail(m.data).body.match(/^([A-Za-z0-9_-]{43})\r?$/m)[1];

    ({ page, assertClean, close } = await env.open('/albo-conferma.html', { viewport }));
    try {
      await page.fill('#token', code);
      await page.click('#form-conferma button[type=submit]');
      await page.locator('#esito-conferma:not([hidden])').waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }

    const file = join(tmp, `durc-${label}.pdf`);
    writeFileSync(file, `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${label}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
    ({ page, assertClean, close } = await env.open('/impresa.html', { viewport, login: { email, password: 'una-password-lunga-2026' } }));
    try {
      await page.locator('#area-impresa:not([hidden])').waitFor(WAIT);
      assert.equal(await page.textContent('#mia-piva'), p);
      await page.locator('#avviso-in-attesa:not([hidden])').waitFor(WAIT);
      assert.ok(await page.locator('#sezione-inviti').isHidden());
      const card = page.locator('article.iscrizione', { hasText: ragione });
      await card.waitFor(WAIT);
      await card.locator('.elenco-documenti:has-text("Nessun documento")').waitFor(WAIT);
      await card.locator('select[name=tipo]').selectOption('durc');
      await card.locator('input[name=scadenza]').fill(`15/03/${anno}`);
      await card.locator('input[name=file]').setInputFiles(file);
      await card.locator('form.form-documento button[type=submit]').click();
      await card.locator(`table.documenti-albo tr[data-tipo="durc"]:has-text("15/03/${anno}")`).waitFor(WAIT);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      await screenshot(page, `impresa-documenti-${label}`);
      assertClean();
    } finally {
      await close();
    }

    ({ page, assertClean, close } = await env.open('/sua-albo.html', { login: SUA, viewport }));
    try {
      await page.locator('#area-albo:not([hidden])').waitFor(WAIT);
      await page.fill('#f-q', p);
      await page.click('#form-filtri button[type=submit]');
      const card = page.locator(`article.iscrizione[data-piva="${p}"]`);
      await card.waitFor(WAIT);
      const row = card.locator('table.documenti-albo tr[data-tipo="durc"]');
      await row.waitFor(WAIT);
      assert.match(await row.textContent(), /DURC/);
      await checkPageBasics(page);
      await fitsWidth(page, viewport.width);
      assertClean();
    } finally {
      await close();
    }
  });
}
