// Identity in the UI: the login page, the user menu in the header, logout,
// the forced change of a one-time password, the profile page (a password
// change says that the API tokens were revoked) and the API tokens page.  Users are created with the real CLI (tests/lib/auth.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const ADMIN = { email: 'admin.identita@prova.example', password: PASSWORD };
const SUA = { email: 'sua.identita@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Anna Amministratrice');
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sergio Appalti');
});
after(async () => { await env?.close(); });

const LOGIN_401 = /401.*\/api\/v1\/auth\/login/;

async function fillLogin(page, email, password) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#form-accesso button[type=submit]');
}

test('login: wrong password shows the API message, the right one goes back to ?next=', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html', { allow: [LOGIN_401] });
  try {
    // Anonymous: "Accedi" in the header, pointing back to this page.
    const accedi = page.locator('header [data-accedi]');
    await accedi.waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('[data-accedi]').getAttribute('href').includes('next='), null, WAIT);
    assert.equal(await accedi.getAttribute('href'), `/accedi.html?next=${encodeURIComponent('/comuni.html')}`);
    await accedi.click();
    await page.waitForURL(/\/accedi\.html\?next=/, WAIT);

    await fillLogin(page, SUA.email, 'password-sbagliata-123');
    const alert = page.locator('#app-alerts [role=alert]');
    await alert.waitFor(WAIT);
    assert.equal((await alert.textContent()).trim(), 'Email o password non corretti.');
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    await screenshot(page, 'accedi-errore');

    await page.fill('#password', SUA.password);
    await page.click('#form-accesso button[type=submit]');
    await page.waitForURL(/\/comuni\.html$/, WAIT);
    // The header shows the user, with the links of a non-admin (a SUA
    // officer: its key as a holder and the opening of the envelopes).
    const nome = page.locator('[data-utente-nome]');
    await nome.waitFor(WAIT);
    assert.equal((await nome.textContent()).trim(), 'Sergio Appalti');
    await page.click('#menu-utente-pulsante');
    const links = page.locator('#menu-utente a');
    await links.first().waitFor({ state: 'visible', ...WAIT });
    assert.deepEqual((await links.allTextContents()).map((s) => s.trim()),
      ['La mia area', 'Il mio profilo / cambia password', 'Chiave di custode', 'Apertura delle buste']);
    assert.equal(await page.locator('#menu-utente-pulsante').getAttribute('aria-expanded'), 'true');
    assertClean();
  } finally {
    await close();
  }
});

test('login: ?next= pointing to another site is ignored', async () => {
  const { page, assertClean, close } = await env.open('/accedi.html?next=%2F%2Fesempio.invalid%2Fx');
  try {
    await fillLogin(page, SUA.email, SUA.password);
    await page.waitForURL((u) => u.pathname === '/area.html' && u.host === new URL(env.url).host, WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('too many failures: 429 with the waiting time', async () => {
  const email = 'nessuno@prova.example';
  const { page, assertClean, close } = await env.open('/accedi.html', { allow: [LOGIN_401, /429.*\/api\/v1\/auth\/login/] });
  try {
    for (let i = 0; i < 5; i++) {
      await fillLogin(page, email, `sbagliata-${i}-xxxxxxxx`);
      await page.locator('#app-alerts [role=alert]').waitFor(WAIT);
      await page.waitForFunction(() => !document.querySelector('#form-accesso button').disabled, null, WAIT);
    }
    await fillLogin(page, email, 'sbagliata-ancora-xxxxx');
    await page.locator('#app-alerts [role=alert]', { hasText: /Troppi tentativi/ }).waitFor(WAIT);
    assert.match(await page.locator('#app-alerts [role=alert]').textContent(), /riprovare tra \d+ minuti/);
    assertClean();
  } finally {
    await close();
  }
});

test('a busy server (503, Retry-After) is retried by itself and the login goes through', async () => {
  const { page, assertClean, close } = await env.open('/accedi.html', { allow: [/503/] });
  try {
    let calls = 0;
    // The first attempt finds every password check busy, as under a burst.
    await page.route('**/api/v1/auth/login', async (route) => {
      calls += 1;
      if (calls === 1) {
        await route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: JSON.stringify({ error: { code: 'busy', message: 'Il server sta verificando altre password: riprovare tra un secondo.', field: null } }),
        });
      } else {
        await route.continue();
      }
    });
    await fillLogin(page, SUA.email, SUA.password);
    await page.waitForURL((u) => !u.pathname.endsWith('/accedi.html'), WAIT);
    assert.equal(calls, 2);
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0, 'no error shown');
    assertClean();
  } finally {
    await close();
  }
});

test('user menu from the keyboard, and logout', async () => {
  const { page, assertClean, close } = await env.open('/', { login: ADMIN });
  try {
    const button = page.locator('#menu-utente-pulsante');
    await button.waitFor(WAIT);
    assert.equal((await page.locator('[data-utente-nome]').textContent()).trim(), 'Anna Amministratrice');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('#menu-utente').waitFor({ state: 'visible', ...WAIT });
    const labels = (await page.locator('#menu-utente a').allTextContents()).map((s) => s.trim());
    assert.deepEqual(labels, ['La mia area', 'Il mio profilo / cambia password', 'Utenti', 'Registro di audit', "Identità dell'ente", 'Importa dati ISTAT',
      'Collegamento PCP (ANAC)']);
    await screenshot(page, 'menu-utente');
    await page.keyboard.press('Escape');
    await page.locator('#menu-utente').waitFor({ state: 'hidden', ...WAIT });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');

    await button.click();
    await page.locator('[data-esci]').click();
    await page.waitForURL((u) => u.pathname === '/', WAIT);
    await page.locator('header [data-accedi]').waitFor(WAIT);
    assert.equal(await page.locator('#menu-utente-pulsante').count(), 0);
    // The session is over on the server too.
    const me = await page.request.get('/api/v1/auth/me');
    assert.equal(me.status(), 401);
    assertClean();
  } finally {
    await close();
  }
});

test('a new account must change its one-time password at first login', async () => {
  // The admin creates the account on the users page and reads the password once.
  const email = 'nuova.utente@prova.example';
  const admin = await env.open('/utenti.html', { login: ADMIN });
  let otp;
  try {
    await admin.page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    await admin.page.fill('#nuovo-email', email);
    await admin.page.fill('#nuovo-nome', 'Nadia Nuova');
    await admin.page.selectOption('#nuovo-ruolo', 'data_officer');
    assert.equal(await admin.page.inputValue('#nuovo-ente'), 'provincia:024', 'own Province proposed');
    await admin.page.click('#form-utente button[type=submit]');
    const secret = admin.page.locator('#segreto-utente [data-segreto]');
    await secret.waitFor(WAIT);
    otp = await secret.inputValue();
    assert.match(otp, /^[A-Za-z0-9]{20}$/);
    admin.assertClean();
  } finally {
    await admin.close();
  }

  const { page, assertClean, close } = await env.open('/token.html',
    { allow: [/400.*\/api\/v1\/auth\/password/] });
  try {
    await page.locator('#accesso-richiesto a').click();
    await page.waitForURL(/\/accedi\.html\?next=%2Ftoken\.html/, WAIT);
    await fillLogin(page, email, otp);
    await page.waitForURL(/\/password\.html\?primo=1&next=%2Ftoken\.html/, WAIT);
    await page.locator('#avviso-primo-accesso:not([hidden])').waitFor(WAIT);
    assert.equal((await page.locator('#profilo-nome').textContent()).trim(), 'Nadia Nuova');
    await screenshot(page, 'password-primo-accesso');

    // Client-side checks first: too short, then different confirmation.
    await page.fill('#password-attuale', otp);
    await page.fill('#password-nuova', 'corta');
    await page.fill('#password-conferma', 'corta');
    await page.click('#form-password button[type=submit]');
    // Under the fields, the focus on the first wrong one; no summary at the top.
    await page.locator('#password-nuova-errore', { hasText: /almeno 12 caratteri/ }).waitFor(WAIT);
    assert.equal(await page.getAttribute('#password-nuova', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#password-conferma', 'aria-invalid'), null);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password-nuova');
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0);
    await page.fill('#password-nuova', email.toUpperCase());
    await page.fill('#password-conferma', email.toUpperCase());
    await page.click('#form-password button[type=submit]');
    await page.locator('#password-nuova-errore', { hasText: /uguale all'indirizzo email/ }).waitFor(WAIT);
    // The server decides on the current password.
    await page.fill('#password-attuale', 'non-e-quella-giusta');
    await page.fill('#password-nuova', 'una nuova frase lunga 2026');
    await page.fill('#password-conferma', 'una nuova frase lunga 2026');
    await page.click('#form-password button[type=submit]');
    await page.waitForFunction(() => document.getElementById('password-attuale').getAttribute('aria-invalid') === 'true', null, WAIT);

    await page.fill('#password-attuale', otp);
    await page.fill('#password-nuova', 'una nuova frase lunga 2026');
    await page.fill('#password-conferma', 'una nuova frase lunga 2026');
    await page.click('#form-password button[type=submit]');
    await page.locator('#stato-password', { hasText: 'Password cambiata' }).waitFor(WAIT);
    // Then back to where the user was going, now allowed.
    await page.waitForURL(/\/token\.html$/, WAIT);
    await page.locator('#area-token:not([hidden])').waitFor(WAIT);
    assert.equal((await page.locator('[data-utente-nome]').textContent()).trim(), 'Nadia Nuova');
    assertClean();
  } finally {
    await close();
  }
});

test('tokens: create (secret shown once, copy button), list, revoke after confirmation', async () => {
  const { page, assertClean, close } = await env.open('/token.html', { login: SUA });
  try {
    await page.locator('#stato-token', { hasText: 'Non hai ancora creato token.' }).waitFor(WAIT);
    await page.fill('#token-nome', 'export notturno');
    await page.fill('#token-giorni', '90');
    await page.click('#form-token button[type=submit]');
    const secret = page.locator('#segreto-token [data-segreto]');
    await secret.waitFor(WAIT);
    const token = await secret.inputValue();
    assert.match(token, /^avt_/);
    assert.match(await page.locator('#segreto-token').textContent(), /non sarà più mostrato/);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('secret-box')), true, 'the box takes the focus');
    await page.locator('#segreto-token button', { hasText: 'Copia' }).click();
    await page.locator('#segreto-token [role=status]').filter({ hasText: /\S/ }).waitFor(WAIT);

    // The token works for the API, as its user.
    const me = await (await fetch(`${env.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(me.email, SUA.email);

    const rowEl = page.locator('#tabella-token tbody tr', { hasText: 'export notturno' });
    await rowEl.waitFor(WAIT);
    assert.equal((await rowEl.locator('td').first().textContent()).trim(), `${token.slice(0, 12)}…`);
    assert.match(await rowEl.textContent(), /Attivo/);
    assert.match(await rowEl.textContent(), /mai usato|\d/);
    await screenshot(page, 'token-creato');

    // Revoke: the confirmation can be cancelled, then confirmed.
    await rowEl.locator('button', { hasText: 'Revoca' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor(WAIT);
    assert.match(await dialog.textContent(), /export notturno/);
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Annulla', 'destructive: focus on Annulla');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    assert.match(await rowEl.textContent(), /Attivo/);

    await rowEl.locator('button', { hasText: 'Revoca' }).click();
    await page.locator('dialog[open] button[type=submit]').click();
    await page.locator('#tabella-token tbody tr', { hasText: 'export notturno' }).filter({ hasText: 'Revocato' }).waitFor(WAIT);
    assert.equal(await page.locator('#tabella-token tbody tr button').count(), 0);
    const after = await fetch(`${env.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401);
    assertClean();
  } finally {
    await close();
  }
});

test('changing the password says that the API tokens were revoked, and they are', async () => {
  const user = { email: 'cambio.token@prova.example', password: PASSWORD };
  addUser(env.db, user.email, 'data_officer', 'provincia:024', 'Carla Cambio');
  const s = await login(env.url, user.email);
  const made = await s.call('POST', '/api/v1/auth/tokens', { name: 'script' });
  assert.equal(made.status, 201);
  const { page, assertClean, close } = await env.open('/password.html', { login: user });
  try {
    await page.locator('#profilo:not([hidden])').waitFor(WAIT);
    await page.fill('#password-attuale', PASSWORD);
    await page.fill('#password-nuova', 'una frase nuova e lunga 2026');
    await page.fill('#password-conferma', 'una frase nuova e lunga 2026');
    await page.click('#form-password button[type=submit]');
    await page.locator('#stato-password', { hasText: 'Anche il tuo token API è stato revocato' }).waitFor(WAIT);
    const r = await fetch(`${env.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${made.body.token}` } });
    assert.equal(r.status, 401);
    assertClean();
  } finally {
    await close();
  }
});

// ---- the installation's identity in the AgID page pattern (issue 10.5) ----

// The header and footer as the server sends them, before any script: a
// context with JavaScript disabled sees exactly the served HTML.
async function openNoScript(path, width) {
  const context = await env.browser.newContext({
    baseURL: env.url, locale: 'it-IT', javaScriptEnabled: false, viewport: { width, height: 900 },
  });
  const page = await context.newPage();
  const response = await page.goto(path);
  return { page, response, close: () => context.close() };
}

for (const width of [1280, 390]) {
  test(`identity of the installation in header and footer without JavaScript (${width} px)`, async () => {
    const { page, response, close } = await openNoScript('/comuni.html', width);
    try {
      assert.equal(response.status(), 200);
      const ident = await (await page.request.get('/api/v1/istanza/identita')).json();
      assert.equal((await page.locator('header [data-istanza-ente]').textContent()).trim(), ident.ente);
      assert.equal(await page.locator('footer [data-istanza-footer-ente]').textContent(), ident.ente);
      const parent = page.locator('.it-header-slim-wrapper span:not(.d-none) > [data-istanza-regione]');
      assert.equal((await parent.textContent()).trim(), ident.ente_padre);
      if (width === 1280) assert.ok(await parent.isVisible(), 'the parent administration is shown');
      // No default text of the product anywhere in the header.
      const brand = await page.locator('header .it-header-center-wrapper').innerText();
      assert.doesNotMatch(brand, /Rete delle Province|areavasta|\{\{/);
      assert.doesNotMatch(await page.content(), /\{\{@/);
      // Footer: site map always; a contact only when set.
      assert.ok(await page.locator('footer a[href="/mappa-sito.html"]').isVisible());
      assert.ok(await page.locator('header a.search-link').isVisible(), 'search in the central header');
      // Nothing wider than the screen.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `page ${wide} px wide at ${width} px`);
      await screenshot(page, `identita-nojs-${width}`);
    } finally { await close(); }
  });
}

test('the admin edits the identity: da completare, saved values served in the next page without scripts', async () => {
  const { page, assertClean, close } = await env.open('/identita.html', {
    login: ADMIN, allow: [/400.*\/api\/v1\/istanza\/identita/],
  });
  try {
    await page.locator('#area-identita:not([hidden])').waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('#ente').value !== '', null, WAIT);
    assert.equal(await page.inputValue('#ente'), 'Provincia di Vicenza');
    // Missing legal links are marked "da completare", here and in the footer.
    assert.ok(await page.locator('[data-da-completare-campo="privacy_url"]').isVisible());
    assert.ok(await page.locator('footer [data-da-completare="privacy_url"]').isVisible());
    // A bad value: the message under the field, focus on it.
    await page.fill('#pec', 'non-una-pec');
    await page.click('#form-identita button[type=submit]');
    await page.locator('#pec[aria-invalid="true"]').waitFor(WAIT);
    assert.match(await page.locator('#pec-errore').textContent(), /posta non valido/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pec');
    await page.fill('#pec', 'protocollo@pec.prova.example.it');
    await page.fill('#privacy_url', 'https://www.prova.example.it/privacy');
    await page.selectOption('#colore', 'verde');
    await page.setInputFiles('#stemma', {
      name: 'stemma.svg', mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="gold"/></svg>'),
    });
    await page.click('#form-identita button[type=submit]');
    await page.locator('#esito-identita:has-text("salvata")').waitFor(WAIT);
    assert.ok(!(await page.locator('[data-da-completare-campo="privacy_url"]').isVisible()));
    assert.ok(await page.locator('[data-da-completare-campo="note_legali_url"]').isVisible());
    assert.equal(await page.locator('#stemma-stato').textContent(), 'Stemma caricato.');
    assert.ok(await page.locator('#stemma-predefinito').isVisible());
    await screenshot(page, 'identita-admin');
    assertClean();
  } finally { await close(); }
  // An anonymous visitor, no scripts: the new values, no "da completare".
  const v = await openNoScript('/', 390);
  try {
    assert.match(await v.page.locator('footer').innerText(), /PEC: protocollo@pec\.prova\.example\.it/);
    assert.ok(await v.page.locator('footer a[href="https://www.prova.example.it/privacy"]').isVisible());
    assert.equal(await v.page.locator('body').getAttribute('class'), 'tema-verde');
    assert.equal(await v.page.locator('footer [data-da-completare]:visible').count(), 0);
    const crest = v.page.locator('header img[data-istanza-stemma]');
    assert.ok(await crest.isVisible(), 'the uploaded crest in the central header');
    assert.match(await crest.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
    assert.ok(await crest.evaluate((img) => img.complete && img.naturalWidth > 0), 'the crest is displayed');
    assert.equal(await v.page.locator('header .it-brand-wrapper svg.icon:visible').count(), 0);
  } finally { await v.close(); }
  // Put the defaults back for the other tests of this file.
  const admin = await login(env.url, ADMIN.email);
  const r = await admin.call('PUT', '/api/v1/istanza/identita', { pec: '', privacy_url: '', colore: '', stemma: '' });
  assert.equal(r.status, 200);
});

test('a non-admin gets the 403 message on the identity page', async () => {
  const { page, assertClean, close } = await env.open('/identita.html', { login: SUA });
  try {
    await page.locator('#accesso-richiesto [role="alert"]').waitFor(WAIT);
    assert.match(await page.locator('#accesso-richiesto').textContent(), /403/);
    assert.ok(await page.locator('#area-identita').isHidden());
    assertClean();
  } finally { await close(); }
});
