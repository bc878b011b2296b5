// The Comuni page: search as you type, Province filter, pagination, the card
// of one Comune and the display of API errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, WAIT } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const fmt = new Intl.NumberFormat('it-IT', { useGrouping: 'always' }); // as lib/numeri.js: "7.894"
const rows = (page) => page.locator('#tabella-comuni tbody tr');

// Wait until the status line says the search for the current state is done.
async function waitForResults(page, pattern = /trovat/) {
  await page.locator('#stato-ricerca').filter({ hasText: pattern }).waitFor(WAIT);
  await page.waitForFunction(() => !document.querySelector('#tabella-comuni').hasAttribute('aria-busy'), null, WAIT);
}

test('type a name, see the results, open the card, go back', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html');
  try {
    await waitForResults(page);
    await page.selectOption('#provincia', '');
    await waitForResults(page);

    // Typing fires one search after the pause, not one per key.
    let searches = 0;
    page.on('request', (req) => { if (req.url().includes('/api/v1/comuni?')) searches += 1; });
    await page.locator('#q').pressSequentially('schio', { delay: 40 });
    const link = page.locator('#tabella-comuni tbody a', { hasText: /^Schio$/ });
    await link.waitFor(WAIT);
    await waitForResults(page, /schio/);
    assert.ok(searches >= 1 && searches <= 3, `debounced search: ${searches} requests for 5 keys`);
    assert.match(page.url(), /[?&]q=schio(&|$)/, 'the search is kept in the URL');

    const api = await (await page.request.get('/api/v1/comuni?q=schio&limit=20')).json();
    assert.equal(await rows(page).count(), Math.min(api.total, 20));
    assert.match(await page.locator('#stato-ricerca').textContent(), new RegExp(`^${fmt.format(api.total)} Comun`));
    await screenshot(page, 'comuni-ricerca');

    await link.click();
    await page.waitForURL(/\?codice=024100$/, WAIT);
    await page.locator('#titolo-scheda', { hasText: 'Schio' }).waitFor(WAIT);
    const c = await (await page.request.get('/api/v1/comuni/024100')).json();
    const card = Object.fromEntries(await page.locator('#dati-scheda dt').evaluateAll((dts) =>
      dts.map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()])));
    assert.equal(card['Codice ISTAT'], '024100');
    assert.equal(card['Codice catastale'], c.codice_catastale);
    assert.equal(card['NUTS 1'], c.nuts1 ?? '—');
    assert.equal(card['NUTS 2'], c.nuts2 ?? '—');
    assert.equal(card['NUTS 3'], c.nuts3 ?? '—');
    assert.equal(card['Popolazione'], c.popolazione == null ? 'Non disponibile' : `${fmt.format(c.popolazione)} abitanti`);
    assert.match(card['Provincia'], new RegExp(`${c.provincia.nome} \\(${c.provincia.sigla}\\)`));
    assert.match(await page.title(), /^Schio \| Comuni \| areavasta$/);
    await screenshot(page, 'comuni-scheda');

    // "Torna alla ricerca" returns to the same search.
    await page.locator('#torna-ricerca').click();
    await page.waitForURL(/comuni\.html\?q=schio/, WAIT);
    await waitForResults(page, /schio/);
    assert.equal(await page.locator('#q').inputValue(), 'schio');
    assertClean();
  } finally {
    await close();
  }
});

test('the Province filter lists the Provinces and narrows the results', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html?q=&provincia=');
  try {
    await waitForResults(page);
    const province = await (await page.request.get('/api/v1/province')).json();
    // "Tutte le province" plus one option per Province.
    assert.equal(await page.locator('#provincia option').count(), province.total + 1);
    const sigla = province.items.find((p) => p.comuni_attivi > 20)?.sigla ?? province.items[0].sigla;
    await page.selectOption('#provincia', sigla);
    await page.waitForURL(new RegExp(`provincia=${sigla}`), WAIT);
    await waitForResults(page, /in provincia di/);
    const api = await (await page.request.get(`/api/v1/comuni?provincia=${sigla}&limit=20`)).json();
    assert.match(await page.locator('#stato-ricerca').textContent(), new RegExp(`^${fmt.format(api.total)} Comun`));
    const siglas = await page.locator('#tabella-comuni tbody tr td:nth-child(2)').allTextContents();
    assert.ok(siglas.length > 0 && siglas.every((s) => s.trim() === sigla), `all rows in ${sigla}: ${siglas}`);
    assertClean();
  } finally {
    await close();
  }
});

test('results are paginated and the pager works from the keyboard', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html?q=&provincia=');
  try {
    await waitForResults(page, /pagina 1 di/);
    const firstPage = await rows(page).first().textContent();
    assert.equal(await rows(page).count(), 20);
    const next = page.locator('#paginazione a', { hasText: 'Pagina successiva' });
    await next.focus();
    await page.keyboard.press('Enter');
    await waitForResults(page, /pagina 2 di/);
    assert.notEqual(await rows(page).first().textContent(), firstPage);
    assert.match(page.url(), /pagina=2/);
    // Focus stays in the pager, on the current page.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-current')), 'page');
    assertClean();
  } finally {
    await close();
  }
});

test('a search without results says so', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html?provincia=');
  try {
    await waitForResults(page);
    await page.locator('#q').fill('zzqqxxnonesiste');
    await waitForResults(page, /Nessun Comune trovato/);
    assert.ok(await page.locator('#tabella-comuni').isHidden());
    assert.ok(await page.locator('#paginazione').isHidden());
    assertClean();
  } finally {
    await close();
  }
});

test('an unknown code shows the API error in an accessible alert', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html?codice=999999', {
    allow: [/HTTP 404: GET .*\/api\/v1\/comuni\/999999/, /Failed to load resource.*404.*\/api\/v1\/comuni\/999999/],
  });
  try {
    const alert = page.locator('#app-alerts [role="alert"]');
    await alert.waitFor(WAIT);
    const body = await (await page.request.get('/api/v1/comuni/999999')).json();
    assert.equal((await alert.textContent()).trim(), body.error.message);
    assert.equal((await page.locator('#titolo-scheda').textContent()).trim(), 'Comune non trovato');
    assertClean();
  } finally {
    await close();
  }
});
