// Errors where the eye is (issue 10, item 3), on every page that loads a
// list or data: while the request runs its area is busy (aria-busy) with a
// visible "Caricamento…"; when the network fails the message is at the top,
// focused, with "Riprova", which loads again once the network is back.
// And the forms: the API's error.field marked under its input, the focus
// on it, no page-level message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const ADMIN = { email: 'admin.errori@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Ada Errori');
});
after(async () => { await env?.close(); });

// path: the page; api: the pathname whose GET fails; key: the alert's key;
// region/status: the busy area and its status line (none: only the alert);
// ready: what shows once the data is there; open: a disclosure holding the list.
const PAGINE = [
  { path: '/area.html', login: ADMIN, api: '/api/v1/area', key: 'area', region: '#area-pannelli', status: '#stato-area', ready: '#area-pannelli [data-pannello]' },
  { path: '/audit.html', login: ADMIN, api: '/api/v1/audit', key: 'audit', region: '#elenco-audit', status: '#stato-audit', ready: '#tabella-audit:not([hidden])' },
  { path: '/registro.html', api: '/api/v1/audit/checkpoints', key: 'registro', open: '#per-chi-verifica', region: '#elenco-checkpoint', status: '#stato-elenco', ready: '#stato-elenco:text-matches("pubblicat")' },
  { path: '/rete.html', api: '/api/v1/rete', key: 'rete', region: '#elenco-rete', status: '#conteggio-rete', ready: '#tabella-rete:not([hidden])' },
  { path: '/utenti.html', login: ADMIN, api: '/api/v1/users', key: 'utenti', region: '#elenco-utenti', status: '#stato-utenti', ready: '#tabella-utenti:not([hidden])' },
  { path: '/comuni.html', api: '/api/v1/comuni', key: 'ricerca', region: '#elenco-comuni', status: '#stato-ricerca', ready: '#tabella-comuni:not([hidden])' },
  { path: '/comuni.html', api: '/api/v1/province', key: 'province', ready: '#provincia option[value="VI"]' },
  { path: '/comuni.html?codice=024116', api: '/api/v1/comuni/024116', key: 'scheda', ready: '#dati-scheda dt' },
  { path: '/', api: '/api/v1/istanza', key: 'istanza', region: '#istanza', status: '#istanza-stato', ready: '#istanza-cifre:not([hidden])' },
  { path: '/', api: '/api/v1/comuni', key: 'territorio', region: '#territorio', status: '#stato-territorio', ready: '#tabella-abitanti' },
  { path: '/token.html', login: ADMIN, api: '/api/v1/auth/tokens', key: 'elenco-token', region: '#elenco-token', status: '#stato-token', ready: '#stato-token:text-matches("token")' },
  { path: '/identita.html', login: ADMIN, api: '/api/v1/istanza/identita', key: 'identita', ready: '#stemma-stato:text-matches("Stemma")' },
];

for (const p of PAGINE) {
  test(`${p.path} (${p.api}): busy while loading; a network failure focused at the top, "Riprova" loads again`, async () => {
    const { page, assertClean, close } = await env.open('about:blank', {
      login: p.login, allow: [/ERR_INTERNET_DISCONNECTED/],
    });
    try {
      // Hold the first GET, then fail it as a lost connection would.
      let release;
      const gate = new Promise((r) => { release = r; });
      let held = 0;
      const match = (u) => u.pathname === p.api;
      await page.route(match, async (route) => {
        if (route.request().method() !== 'GET') return route.continue();
        held += 1;
        await gate;
        return route.abort('internetdisconnected');
      });
      await page.goto(p.path);
      if (p.open) await page.locator(p.open).evaluate((d) => { d.open = true; });
      if (p.region) {
        await page.locator(`${p.region}[aria-busy="true"]`).waitFor({ state: 'attached', ...WAIT });
        const st = page.locator(p.status);
        assert.equal((await st.textContent()).trim(), 'Caricamento…');
        assert.equal(await st.getAttribute('role'), 'status');
        assert.ok(await st.isVisible(), 'the loading text is visible');
      }
      await page.waitForFunction(() => document.readyState === 'complete', null, WAIT);
      release();
      const alert = page.locator(`#app-alerts [role=alert][data-key="${p.key}"]`);
      await alert.waitFor(WAIT);
      assert.ok(held >= 1);
      assert.match(await alert.textContent(), /Impossibile contattare il server/);
      await page.waitForFunction((k) => document.activeElement?.dataset.key === k, p.key, WAIT);
      const box = await alert.boundingBox();
      assert.ok(box.y >= 0 && box.y < 900, 'the message is in view');
      if (p.region) assert.equal(await page.getAttribute(p.region, 'aria-busy'), null, 'no longer busy');
      await checkPageBasics(page);

      // Back online: "Riprova" loads again and the message goes.
      await page.unroute(match);
      await alert.locator('button', { hasText: 'Riprova' }).click();
      await page.locator(p.ready).first().waitFor({ state: 'attached', ...WAIT });
      assert.equal(await page.locator(`#app-alerts [role=alert][data-key="${p.key}"]`).count(), 0);
      if (p.region) {
        assert.equal(await page.getAttribute(p.region, 'aria-busy'), null);
        assert.notEqual((await page.locator(p.status).textContent()).trim(), 'Caricamento…');
        assert.equal(await page.locator(p.status).evaluate((e) => e.classList.contains('caricamento')), false, 'no spinner left');
      }
      assertClean();
    } finally {
      await close();
    }
  });
}

test('users: an email the API refuses is marked under the field, focused, without a message at the top', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', {
    login: ADMIN, allow: [/400.*\/api\/v1\/users/],
  });
  try {
    await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    // The page's own check first: no name.
    await page.fill('#nuovo-email', 'mario@esempio');
    await page.click('#form-utente button[type=submit]');
    assert.equal(await page.getAttribute('#nuovo-nome', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-nome');
    // Then the server's: "mario@esempio" has no domain.
    await page.fill('#nuovo-nome', 'Mario Rossi');
    await page.click('#form-utente button[type=submit]');
    await page.locator('#nuovo-email[aria-invalid="true"]').waitFor(WAIT);
    assert.equal((await page.locator('#nuovo-email-errore').textContent()).trim(), 'Indirizzo email non valido.');
    assert.ok(await page.locator('#nuovo-email-errore').isVisible());
    assert.ok((await page.getAttribute('#nuovo-email', 'aria-describedby')).split(' ').includes('nuovo-email-errore'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-email');
    assert.equal(await page.getAttribute('#nuovo-nome', 'aria-invalid'), null);
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0);
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
});

test('token: the page\'s checks mark the fields, the focus on the first wrong one', async () => {
  const { page, assertClean, close } = await env.open('/token.html', { login: ADMIN });
  try {
    await page.locator('#area-token:not([hidden])').waitFor(WAIT);
    await page.fill('#token-giorni', '999');
    await page.click('#form-token button[type=submit]');
    assert.equal(await page.getAttribute('#token-nome', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#token-giorni', 'aria-invalid'), 'true');
    assert.match(await page.locator('#token-giorni-errore').textContent(), /da 1 a 730/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'token-nome');
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0);
    assertClean();
  } finally {
    await close();
  }
});

test('login: empty fields marked under the field, no summary at the top', async () => {
  const { page, assertClean, close } = await env.open('/accedi.html');
  try {
    await page.click('#form-accesso button[type=submit]');
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0);
    assertClean();
  } finally {
    await close();
  }
});
