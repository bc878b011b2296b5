// Every page opens without console errors or failed requests, has the AgID
// layout (header, navigation, main, footer, skip links), labelled fields and a
// keyboard path to its content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, tabTo, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const ADMIN = { email: 'admin.pagine@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Amministratrice Pagine');
  // One entry of the admin's Province, so that its audit browser has a row.
  const admin = await login(env.url, ADMIN.email);
  const r = await admin.call('POST', '/api/v1/users', {
    email: 'rup.pagine@prova.example', name: 'Rup Pagine', roles: [{ role: 'comune', ente: 'comune:024116' }],
  });
  if (r.status !== 201) throw new Error(`user create: ${r.status} ${JSON.stringify(r.body)}`);
});
after(async () => { await env?.close(); });

// What each page shows once its data has arrived.
const PAGES = [
  { path: '/', name: 'home', ready: '#istanza-cifre:not([hidden])' },
  { path: '/comuni.html', name: 'comuni', ready: '#tabella-comuni:not([hidden])' },
  { path: '/rete.html', name: 'rete', ready: '#tabella-rete:not([hidden])' },
  { path: '/calcolatori.html', name: 'calcolatori', ready: '#form-procedura', field: '#tipo' },
  { path: '/404.html', name: '404', ready: 'h1' },
  { path: '/accedi.html', name: 'accedi', ready: '#form-accesso', field: '#email' },
  // The reserved area, as an anonymous visitor (an invitation to log in) ...
  { path: '/password.html', name: 'password-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/token.html', name: 'token-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/utenti.html', name: 'utenti-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/audit.html', name: 'audit-anonimo', ready: '#stato-checkpoint:has-text("Ultima attestazione")' },
  { path: '/registro.html', name: 'registro', ready: '#stato-ultimo:has-text("pubblicata il")' },
  { path: '/area.html', name: 'area-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/importa-istat.html', name: 'importa-istat-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/identita.html', name: 'identita-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/mappa-sito.html', name: 'mappa-sito', ready: 'h1' },
  { path: '/gare.html', name: 'gare-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/gara.html', name: 'gara-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  // ... and as an administrator.
  { path: '/password.html', name: 'password', login: true, ready: '#profilo:not([hidden])', field: '#password-attuale' },
  { path: '/token.html', name: 'token', login: true, ready: '#stato-token:has-text("token")', field: '#token-nome' },
  { path: '/utenti.html', name: 'utenti', login: true, ready: '#tabella-utenti:not([hidden])', field: '#nuovo-email' },
  { path: '/audit.html', name: 'audit', login: true, ready: '#tabella-audit:not([hidden])', field: '#filtro-azione' },
  { path: '/area.html', name: 'area', login: true, ready: '[data-pannello="utenti"]' },
  { path: '/rete.html', name: 'rete-admin', login: true, ready: '#tabella-rete:not([hidden]) [data-modifica]' },
  { path: '/comuni.html', name: 'comuni-admin', login: true, ready: '#tabella-comuni:not([hidden])' },
  { path: '/importa-istat.html', name: 'importa-istat', login: true, ready: '#area-import:not([hidden])', field: '#file-istat' },
  { path: '/identita.html', name: 'identita', login: true, ready: '#area-identita:not([hidden])', field: '#ente' },
  { path: '/notifiche.html', name: 'notifiche-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/notifiche.html', name: 'notifiche', login: true, ready: '#stato-notifiche:has-text("notifiche")', field: '#ordine-notifiche' },
  { path: '/registrazione-albo.html', name: 'registrazione-albo', ready: '#form-registrazione', field: '#r-provincia' },
  { path: '/albo-conferma.html', name: 'albo-conferma', ready: '#form-conferma', field: '#token' },
  { path: '/pcp.html', name: 'pcp-anonimo', ready: '#accesso-richiesto a[href^="/accedi.html"]' },
  { path: '/pcp.html', name: 'pcp', login: true, ready: '[data-ambiente="collaudo"]' },
];

for (const p of PAGES) {
  test(`page ${p.path}${p.login ? ' (admin)' : ''} loads cleanly and passes the accessibility basics`, async () => {
    const { page, response, assertClean, close } = await env.open(p.path, { login: p.login ? ADMIN : undefined });
    try {
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
      // No inline script or style in the served markup (the CSP forbids them).
      const html = await response.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline <script>');
      assert.doesNotMatch(html, /\s(style|on[a-z]+)=/i, 'no inline style or event handler attributes');
      // Nothing the page loads comes from elsewhere; a link a person follows
      // to another site (SPID's information pages on the login page, as
      // AgID's button guidelines ask) is not a load.
      const loaded = html.replace(/<a\s[^>]*href="https?:\/\/[^"]*"[^>]*>/gi, '<a>');
      assert.doesNotMatch(loaded, /https?:\/\//i, 'no absolute URL: everything is served by areavasta');
      await page.locator(p.ready).first().waitFor(WAIT);
      await page.waitForLoadState('networkidle');
      await checkPageBasics(page);
      // The header shows the instance's Province (or the network) once loaded.
      await page.locator('[data-istanza-ente]').filter({ hasNotText: /^$/ }).waitFor(WAIT);
      await screenshot(page, p.name);
      // The header shows the user's menu once logged in, "Accedi" otherwise.
      if (p.login) assert.equal((await page.locator('[data-utente-nome]').textContent()).trim(), 'Amministratrice Pagine');
      else if (p.path !== '/accedi.html') assert.match(await page.locator('[data-accedi]').getAttribute('href'), /^\/accedi\.html/);
      // Keyboard: Tab from the top of the page reaches the first form field.
      if (p.field) {
        await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
        const presses = await tabTo(page, p.field, 60);
        assert.ok(presses <= 40, `${p.field} reached in ${presses} presses`);
      }
      assertClean();
    } finally {
      await close();
    }
  });
}

// At 390 px (a phone) no page is wider than the viewport: a wide table
// scrolls inside its own .table-responsive box, and nothing inside it (the
// screen-reader texts included) widens the page.
for (const p of PAGES) {
  test(`page ${p.path}${p.login ? ' (admin)' : ''} fits 390 px`, async () => {
    const { page, assertClean, close } = await env.open(p.path, {
      login: p.login ? ADMIN : undefined, viewport: { width: 390, height: 800 },
    });
    try {
      await page.locator(p.ready).first().waitFor(WAIT);
      await page.waitForLoadState('networkidle');
      const w = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => !el.closest('.table-responsive, .visually-hidden, dialog:not([open])'))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`),
      }));
      assert.ok(w.doc <= 390 && w.body <= 390, `${p.path} is ${w.doc}/${w.body} px wide at 390: ${w.wide.join(', ')}`);
      await screenshot(page, `${p.name}-390`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('home shows the three services and the figures of /api/v1/istanza', async () => {
  const { page, assertClean, close } = await env.open('/');
  try {
    const istanza = await (await page.request.get('/api/v1/istanza')).json();
    await page.locator('#istanza-cifre:not([hidden])').waitFor(WAIT);
    const fmt = new Intl.NumberFormat('it-IT', { useGrouping: 'always' }); // as lib/numeri.js: "7.894"
    assert.equal(await page.locator('[data-cifra="comuni_attivi"]').textContent(), fmt.format(istanza.comuni_attivi));
    assert.equal(await page.locator('[data-cifra="popolazione"]').textContent(), fmt.format(istanza.popolazione));
    // The figures say where they come from and as of when (issue 10 item 9).
    const fonti = await page.locator('[data-fonti]').textContent();
    assert.match(fonti, /Elenco dei Comuni: ISTAT, SITUAS: elenco dei Comuni, al 14\/08\/2026/);
    assert.match(fonti, /Popolazione: ISTAT, popolazione legale \(censimento\), al 09\/10\/2011/);
    assert.match(fonti, /2 Comuni, nati da fusioni successive, non hanno ancora il dato di popolazione/);
    if (istanza.provincia) {
      assert.match(await page.locator('#titolo-provincia').textContent(), new RegExp(istanza.provincia.nome));
      assert.match(await page.locator('header [data-istanza-ente]').textContent(), new RegExp(istanza.provincia.nome));
    }
    const services = await page.locator('#servizi h3').allTextContents();
    assert.deepEqual(services.map((s) => s.trim()),
      ['Stazione Unica Appaltante', 'Servizio Associato Politiche Europee', 'Innovazione e dati']);
    // The main navigation marks the current page.
    assert.equal(await page.locator('nav[aria-label="Navigazione principale"] [aria-current="page"]').textContent(), 'Home');
    assertClean();
  } finally {
    await close();
  }
});

test('keyboard: the first Tab reaches the skip link, which leads into the content', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html');
  try {
    await page.locator('#tabella-comuni:not([hidden])').waitFor(WAIT);
    await page.keyboard.press('Tab');
    const first = page.locator(':focus');
    assert.equal((await first.textContent()).trim(), 'Vai al contenuto principale');
    assert.ok(await first.isVisible(), 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash === '#main-container');
    // From the main content the next Tab lands on the search field.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    assertClean();
  } finally {
    await close();
  }
});

test('keyboard: Tab from the top of the page reaches the Comuni search field', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html');
  try {
    await page.locator('#tabella-comuni:not([hidden])').waitFor(WAIT);
    const presses = await tabTo(page, '#q');
    assert.ok(presses <= 15, `search field reached in ${presses} presses`);
    await page.keyboard.type('vicenza');
    await page.locator('#tabella-comuni tbody a', { hasText: /^Vicenza$/ }).first().waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('small screen: the menu opens and closes from the keyboard', async () => {
  const { page, assertClean, close } = await env.open('/', { viewport: { width: 390, height: 800 } });
  try {
    await page.locator('#istanza-cifre:not([hidden])').waitFor(WAIT);
    const toggler = page.locator('.custom-navbar-toggler');
    const link = page.locator('#nav-principale a', { hasText: 'Rete delle Province' });
    assert.ok(await toggler.isVisible(), 'menu button visible on a small screen');
    assert.ok(!(await link.isVisible()), 'menu closed at first');
    await toggler.focus();
    await page.keyboard.press('Enter');
    await link.waitFor({ state: 'visible', ...WAIT });
    assert.equal(await toggler.getAttribute('aria-expanded'), 'true');
    // Once open, the focus is trapped in the menu, on its close button.
    await page.waitForFunction(() => document.activeElement?.matches('#nav-principale .close-menu'), null, WAIT);
    await screenshot(page, 'home-menu-mobile');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('#nav-principale')), 'Tab stays in the open menu');
    await page.keyboard.press('Escape');
    await link.waitFor({ state: 'hidden', ...WAIT });
    assert.equal(await toggler.getAttribute('aria-expanded'), 'false');
    // and the focus goes back to the menu button.
    await page.waitForFunction(() => document.activeElement?.matches('.custom-navbar-toggler'), null, WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('an unknown URL answers 404 with the "page not found" page', async () => {
  const { page, response, assertClean, close } = await env.open('/pagina-che-non-esiste.html', {
    allow: [/HTTP 404: GET .*\/pagina-che-non-esiste\.html/, /Failed to load resource.*404.*pagina-che-non-esiste/],
  });
  try {
    assert.equal(response.status(), 404);
    if (/^text\/html/.test(response.headers()['content-type'] ?? '')) {
      assert.equal((await page.locator('h1').textContent()).trim(), 'Pagina non trovata');
    }
    assertClean();
  } finally {
    await close();
  }
});
