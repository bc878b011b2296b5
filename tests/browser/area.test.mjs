// "La mia area" (/area.html, GET /api/v1/area) for every role, at 1280 and
// 390 px: the panels of the role (or the honest empty state), nothing wider
// than the screen, the accessibility basics and no serious or critical
// axe-core violation (at both widths).  Also: the login lands there when no
// ?next= is given, the user menu leads there and no longer to the tokens,
// which sit under the profile's advanced section.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, checkAxe, screenshot, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;

const EMPTY = 'Per il tuo ruolo non ci sono ancora attività su questa piattaforma.';
// role -> [ente, the panels expected, in order]
const ROLES = {
  admin: ['provincia:024', ['utenti', 'audit', 'rete', 'sua-convenzioni']],
  upi: ['upi', ['rete']],
  sua_officer: ['provincia:024', ['sua-in-arrivo', 'sua-aggregazioni', 'sua-gare', 'sua-calcolatori', 'albo-fornitori']],
  commissioner: ['provincia:024', ['sua-calcolatori']],
  comune: ['comune:024116', ['comune', 'sua-richieste', 'sua-convenzione', 'europa-comune', 'dati-raccolte']],
  sape_officer: ['provincia:024', ['europa-sape']],
  data_officer: ['provincia:024', ['dati-ufficio']],
  operator: ['operatore:01234567897', ['albo-impresa']],
};
const user = (role) => ({ email: `area.${role}@prova.example`, password: PASSWORD });

before(async () => {
  env = await setup();
  for (const [role, [ente]] of Object.entries(ROLES)) addUser(env.db, user(role).email, role, ente, `Persona ${role}`);
  // Something for the admin's panels: an account it created.
  const admin = await login(env.url, user('admin').email);
  const r = await admin.call('POST', '/api/v1/users', {
    email: 'nuovo.area@prova.example', name: 'Nuovo Comune', roles: [{ role: 'comune', ente: 'comune:024116' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});
after(async () => { await env?.close(); });


for (const [role, [, panels]] of Object.entries(ROLES)) {
  test(`area of ${role} at 1280 and 390 px`, async () => {
    const { page, assertClean, close } = await env.open('/area.html', { login: user(role) });
    try {
      await page.locator('#stato-area:not(:has-text("Caricamento"))').waitFor(WAIT);
      await page.waitForLoadState('networkidle');
      const ids = await page.locator('[data-pannello]').evaluateAll((els) => els.map((e) => e.dataset.pannello));
      assert.deepEqual(ids, panels);
      const vuota = page.locator('#area-vuota');
      if (panels.length === 0) {
        assert.ok(await vuota.isVisible());
        assert.equal((await page.textContent('#area-vuota-testo')).trim(), EMPTY);
      } else {
        assert.ok(await vuota.isHidden());
      }
      assert.match(await page.textContent('#saluto'), new RegExp(`Persona ${role}`));
      await checkPageBasics(page); // axe-core included
      await screenshot(page, `area-${role}`);
      await page.setViewportSize({ width: 390, height: 800 });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide at 390 px`);
      await checkAxe(page);
      await screenshot(page, `area-${role}-telefono`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('the admin\'s panels: counts with links, the new account, the audit in words', async () => {
  const { page, assertClean, close } = await env.open('/area.html', { login: user('admin') });
  try {
    const utenti = page.locator('[data-pannello="utenti"]');
    await utenti.waitFor(WAIT);
    assert.ok(await utenti.locator('a[href="/utenti.html"]').count() >= 1);
    assert.match(await utenti.textContent(), /Nuovo Comune \(nuovo\.area@prova\.example\)/);
    const audit = page.locator('[data-pannello="audit"]');
    assert.match(await audit.textContent(), /Creazione di un account/);
    assert.match(await audit.textContent(), /Persona admin \(area\.admin@prova\.example\)/);
    assert.doesNotMatch(await audit.textContent(), /user\.create/);
    assertClean();
  } finally {
    await close();
  }
});

test('the Comune\'s card and the calculators\' links', async () => {
  let { page, assertClean, close } = await env.open('/area.html', { login: user('comune') });
  try {
    const card = page.locator('[data-pannello="comune"]');
    await card.waitFor(WAIT);
    assert.match(await card.textContent(), /Vicenza/);
    assert.match(await card.textContent(), /abitanti/);
    assert.match(await card.textContent(), /Fonte: popolazione legale/);
    assert.equal(await card.locator('a[href="/comuni.html?codice=024116"]').count(), 1);
    assertClean();
  } finally {
    await close();
  }
  ({ page, assertClean, close } = await env.open('/area.html', { login: user('sua_officer') }));
  try {
    const sua = page.locator('[data-pannello="sua-calcolatori"]');
    await sua.waitFor(WAIT);
    assert.equal(await sua.locator('a[href="/calcolatori.html#titolo-anomalia"]').count(), 1);
    assertClean();
  } finally {
    await close();
  }
});

test('login without ?next= lands in the area; the menu leads there, the tokens are under the profile', async () => {
  const { page, assertClean, close } = await env.open('/accedi.html');
  try {
    await page.fill('#email', user('sua_officer').email);
    await page.fill('#password', PASSWORD);
    await page.click('#form-accesso button[type=submit]');
    await page.waitForURL(/\/area\.html$/, WAIT);
    await page.locator('[data-pannello="sua-calcolatori"]').waitFor(WAIT);
    await page.click('#menu-utente-pulsante');
    const labels = (await page.locator('#menu-utente a').allTextContents()).map((s) => s.trim());
    assert.equal(labels[0], 'La mia area');
    assert.ok(!labels.some((l) => /token/i.test(l)), labels.join());
    await page.goto('/password.html');
    await page.locator('#profilo:not([hidden])').waitFor(WAIT);
    const adv = page.locator('details.avanzate');
    assert.equal(await adv.getAttribute('open'), null);
    await adv.locator('summary').click();
    await adv.locator('a[href="/token.html"]').click();
    await page.waitForURL(/\/token\.html$/, WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('anonymous visitors are invited to log in', async () => {
  const { page, assertClean, close } = await env.open('/area.html');
  try {
    await page.locator('#accesso-richiesto a[href^="/accedi.html"]').waitFor(WAIT);
    assert.ok(await page.locator('#area-personale').isHidden());
    assertClean();
  } finally {
    await close();
  }
});
