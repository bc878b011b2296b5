// europa-digest.test.mjs - browser tests of "staying informed" (issue 14
// item 7): the Comune's page of saved searches, calendar address and
// "non pertinente" marks at 390 px, and the EU desk's preview of a
// Comune's weekly digest at 1280 px, with the accessibility checks (axe)
// of support.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const SAPE = { email: 'sape.dig@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.dig@prova.example', password: PASSWORD };
let bando;

before(async () => {
  env = await setup();
  addUser(env.db, SAPE.email, 'sape_officer', 'provincia:024', 'Sara Europa');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carlo Comune');
  const sape = await login(env.url, SAPE.email);
  const d = new Date(Date.now() + 12 * 86400 * 1000).toISOString().slice(0, 10);
  const r = await sape.call('POST', '/api/v1/bandi', {
    fonte: 'REGION', chiave_fonte: 'BROWSER-DIG', titolo: 'Biblioteche digitali nei Comuni', stato: 'aperto',
    modello_scadenze: 'unica', scadenze: [{ fase: 1, data: d, ora: '12:00' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  bando = r.body.id;
  const c = await login(env.url, COMUNE.email);
  assert.equal((await c.call('PUT', `/api/v1/comuni/024116/non-pertinenti/${bando}`)).status, 200);
});
after(async () => { await env?.close(); });

test('390 px: the Comune saves a search, gets its calendar address, restores a call', async () => {
  const { page, assertClean, close } = await env.open('/europa-ricerche.html', {
    login: COMUNE, viewport: { width: 390, height: 844 }, allow: [/400.*\/api\/v1\/comuni\/024116\/ricerche/],
  });
  try {
    await page.locator('#stato-ricerche:has-text("Nessuna ricerca salvata")').waitFor(WAIT);
    await page.fill('#ric-nome', 'Biblioteche');
    await page.fill('#ric-q', 'biblioteche');
    await page.fill('#ric-da', '31/02/2027');
    await page.click('#salva-ricerca');
    await page.locator('#ric-da[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('#ric-da', '01/01/2027');
    await page.click('#salva-ricerca');
    await page.locator('#elenco-ricerche [data-ricerca]').first().waitFor(WAIT);
    assert.match(await page.locator('#elenco-ricerche').textContent(), /Biblioteche.*parole «biblioteche».*Con avvisi/s);
    // The calendar address, shown once.
    await page.click('#crea-calendario');
    await page.locator('#box-indirizzo:not([hidden])').waitFor(WAIT);
    const url = await page.inputValue('#indirizzo-calendario');
    assert.match(url, /\/api\/v1\/bandi\.ics\?comune=024116&token=[A-Za-z0-9_-]{43}$/);
    await page.locator('#revoca-calendario:not([hidden])').waitFor(WAIT);
    const ics = await fetch(`${env.url}${url.replace(/^https?:\/\/[^/]+/, '')}`);
    assert.equal(ics.status, 200);
    assert.match(await ics.text(), /^BEGIN:VCALENDAR\r\n/);
    // The call marked non pertinente, restored.
    const np = page.locator(`[data-np="${bando}"]`);
    await np.waitFor(WAIT);
    await np.locator('button').click();
    await page.locator('#stato-np:has-text("Nessun bando")').waitFor(WAIT);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
    await checkPageBasics(page);
    await screenshot(page, 'europa-ricerche-390');
    assertClean();
  } finally {
    await close();
  }
});

test('1280 px: the EU desk previews a Comune\'s weekly digest', async () => {
  const { page, assertClean, close } = await env.open('/europa-digest.html?comune=024116', {
    login: SAPE, viewport: { width: 1280, height: 900 }, allow: [/400.*\/api\/v1\/comuni\/024116\/digest\?data=/],
  });
  try {
    await page.locator('#stato-digest:has-text("Riepilogo caricato")').waitFor(WAIT);
    const frame = page.frameLocator('#cornice-digest');
    await frame.locator('h1').waitFor(WAIT);
    assert.match(await frame.locator('h1').textContent(), /Bandi europei per il Comune di Vicenza/);
    // A wrong date is marked on its field.
    await page.fill('#dig-data', '31/02/2027');
    await page.click('#form-digest button[type="submit"]');
    await page.locator('#dig-data[aria-invalid="true"]').waitFor(WAIT);
    await checkPageBasics(page);
    await screenshot(page, 'europa-digest-1280');
    assertClean();
  } finally {
    await close();
  }
});
