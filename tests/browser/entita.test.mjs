// Entes by name (issue #10, item 4): the ente field of the users page is a
// WAI-ARIA combobox -- typed and chosen from the keyboard only, Comuni by
// name (with code and Province shown), Provinces by name or sigla,
// Escape closing the list without closing the dialog -- and the users'
// roles are shown by name ("Comune di Vicenza (VI)"), resolved with one
// GET /api/v1/enti per page of the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, tabTo, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
const ADMIN = { email: 'admin.entita@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Adele Enti');
  addUser(env.db, 'comune.entita@prova.example', 'comune', 'comune:024116', 'Carla Comune');
});
after(async () => { await env?.close(); });

const userRow = (page, email) => page.locator('#tabella-utenti tbody tr', { hasText: email });

test('users page: roles shown by name, with one /enti request', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN });
  try {
    await userRow(page, 'comune.entita@prova.example').locator('[data-ruolo]', { hasText: 'Comune di' }).waitFor(WAIT);
    const enti = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/enti')) enti.push(r.url()); });
    await page.reload();
    const row = userRow(page, 'comune.entita@prova.example');
    await row.waitFor(WAIT);
    const text = await row.locator('[data-ruolo]').textContent();
    assert.match(text, /Referente del Comune — Comune di Vicenza \(VI\)/);
    assert.doesNotMatch(text, /comune:024116/);
    const adminRow = userRow(page, ADMIN.email);
    assert.match(await adminRow.locator('[data-ruolo]').textContent(), /Provincia di Vicenza \(VI\)/);
    assert.equal(enti.length, 1, `one /enti request: ${enti.join(' ')}`);
    assertClean();
  } finally {
    await close();
  }
});

test('create form: a Comune chosen by name from the keyboard only', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN });
  try {
    await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    await tabTo(page, '#nuovo-email', 40);
    await page.keyboard.type('tastiera@prova.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Teresa Tastiera');
    await page.keyboard.press('Tab');
    // The codice fiscale (optional) comes next; left empty.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-cf');
    await page.keyboard.press('Tab');
    // The role select: choose "Referente del Comune" with the keyboard.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-ruolo');
    await page.selectOption('#nuovo-ruolo', 'comune'); // a native select; the keys are the browser's
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-ente');
    const input = page.locator('#nuovo-ente');
    assert.equal(await input.getAttribute('role'), 'combobox');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    await page.keyboard.type('Bassano del');
    const list = page.locator('#nuovo-ente-lista');
    await list.locator('[role=option]').first().waitFor(WAIT);
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await list.getAttribute('role'), 'listbox');
    const first = await list.locator('[role=option]').first().textContent();
    assert.match(first, /Comune di Bassano del Grappa \(VI\)/);
    assert.match(first, /comune:024012/);
    // Escape closes the list, Down opens it again on the first option.
    await page.keyboard.press('Escape');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    const activeId = await input.getAttribute('aria-activedescendant');
    assert.ok(activeId);
    assert.equal(await page.locator(`#${activeId}`).getAttribute('aria-selected'), 'true');
    assert.match(await page.locator(`#${activeId}`).textContent(), /Bassano del Grappa/);
    await screenshot(page, 'entita-autocomplete');
    await page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), 'comune:024012');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    await page.locator('#nuovo-ente-nome', { hasText: 'Comune di Bassano del Grappa (VI)' }).waitFor(WAIT);
    // Focus stayed in the field all along; Enter again submits the form.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nuovo-ente');
    await page.keyboard.press('Enter');
    const row = userRow(page, 'tastiera@prova.example');
    await row.waitFor(WAIT);
    assert.match(await row.locator('[data-ruolo]').textContent(), /Comune di Bassano del Grappa \(VI\)/);
    assert.equal(await row.locator('[data-ruolo]').getAttribute('data-ente'), 'comune:024012');
    assertClean();
  } finally {
    await close();
  }
});

test('grant dialog: a Province by sigla, Escape closes the list and not the dialog', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN });
  try {
    const row = userRow(page, 'comune.entita@prova.example');
    await row.waitFor(WAIT);
    await row.locator('[data-azione="assegna"]').focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor(WAIT);
    await page.selectOption('#assegna-ruolo', 'data_officer');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'assegna-ente');
    assert.equal(await page.inputValue('#assegna-ente'), 'provincia:024', 'own Province proposed');
    await page.locator('#assegna-ente-nome', { hasText: 'Provincia di Vicenza (VI)' }).waitFor(WAIT);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('vr');
    await page.locator('#assegna-ente-lista [role=option]').first().waitFor(WAIT);
    assert.match(await page.locator('#assegna-ente-lista [role=option]').first().textContent(), /Provincia di Verona \(VR\)/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#assegna-ente').getAttribute('aria-expanded'), 'false');
    assert.equal(await dialog.count(), 1, 'the dialog is still open');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('#assegna-ente'), 'provincia:023');
    await page.locator('#assegna-ente-nome', { hasText: 'Provincia di Verona (VR)' }).waitFor(WAIT);
    // Escape with the list closed closes the dialog, as always.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    assertClean();
  } finally {
    await close();
  }
});

test('profile: the user\'s roles by name', async () => {
  const { page, assertClean, close } = await env.open('/password.html', { login: ADMIN });
  try {
    await page.locator('#profilo:not([hidden])').waitFor(WAIT);
    assert.match(await page.locator('#profilo-ruoli').textContent(), /Amministratore della Provincia — Provincia di Vicenza \(VI\)/);
    assertClean();
  } finally {
    await close();
  }
});

test('comuni: one Province hides its repeated columns; headers sort on the server; the CSV link carries the search', async () => {
  const { page, assertClean, close } = await env.open('/comuni.html?provincia=VI&q=');
  try {
    const table = page.locator('#tabella-comuni:not([hidden])');
    await table.waitFor(WAIT);
    assert.ok(!(await page.locator('#tabella-comuni thead th[data-col="provincia"]').isVisible()), 'Provincia hidden');
    assert.ok(!(await page.locator('#tabella-comuni thead th[data-col="regione"]').isVisible()), 'Regione hidden');
    assert.ok(!(await page.locator('#tabella-comuni tbody td[data-col="regione"]').first().isVisible()));
    assert.equal(await page.locator('#scarica-csv').getAttribute('href'), '/api/v1/comuni.csv?provincia=VI');
    assert.equal(await page.locator('th[data-ordina="nome"]').getAttribute('aria-sort'), 'ascending');
    // Population: from the keyboard, the largest first, then the other way.
    await page.locator('th[data-ordina="popolazione"] button').focus();
    await page.keyboard.press('Enter');
    await page.locator('th[data-ordina="popolazione"][aria-sort="descending"]').waitFor(WAIT);
    await page.locator('#tabella-comuni tbody tr').first().locator('a', { hasText: /^Vicenza$/ }).waitFor(WAIT);
    assert.equal(await page.locator('th[data-ordina="nome"]').getAttribute('aria-sort'), null);
    assert.match(page.url(), /ordina=-popolazione/);
    assert.match(await page.locator('#stato-ricerca').textContent(), /dal più popoloso/);
    await page.keyboard.press('Enter');
    await page.locator('th[data-ordina="popolazione"][aria-sort="ascending"]').waitFor(WAIT);
    // Typing narrows the CSV too; all Provinces shows the columns again.
    await page.fill('#q', 'bassano');
    await page.waitForFunction(() => document.querySelector('#scarica-csv').getAttribute('href').includes('q=bassano'), null, WAIT);
    await page.selectOption('#provincia', '');
    await page.locator('#tabella-comuni thead th[data-col="regione"]').waitFor({ state: 'visible', ...WAIT });
    assert.equal(await page.locator('#scarica-csv').getAttribute('href'), '/api/v1/comuni.csv?q=bassano');
    const csv = await page.request.get(await page.locator('#scarica-csv').getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /Bassano del Grappa/);
    assertClean();
  } finally {
    await close();
  }
});

test('rete: the "Scarica CSV" link carries the filters', async () => {
  const { page, assertClean, close } = await env.open('/rete.html');
  try {
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('#scarica-csv').getAttribute('href'), '/api/v1/rete.csv');
    await page.selectOption('#regione', '05');
    await page.locator('#solo-aderenti').focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#scarica-csv').getAttribute('href').includes('aderenti=1'), null, WAIT);
    const href = await page.locator('#scarica-csv').getAttribute('href');
    assert.equal(href, '/api/v1/rete.csv?regione=05&aderenti=1');
    const csv = await page.request.get(href);
    assert.equal(csv.status(), 200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    assert.equal(lines.length - 1, await page.locator('#tabella-rete tbody tr').count());
    assertClean();
  } finally {
    await close();
  }
});

test('users page: "Scarica CSV" downloads the admin\'s accounts', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN });
  try {
    await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#scarica-csv').click()]);
    assert.equal(download.suggestedFilename(), 'utenti.csv');
    const text = (await import('node:fs')).readFileSync(await download.path(), 'utf8');
    assert.match(text, /^\uFEFFid;email;nome;attivo;password_da_cambiare;ruoli\r\n/);
    assert.match(text, /comune\.entita@prova\.example;Carla Comune;si;(si|no);comune@comune:024116\r\n/);
    assertClean();
  } finally {
    await close();
  }
});

test('audit page: "Scarica CSV" carries the filters and downloads the same entries', async () => {
  const admin = await login(env.url, ADMIN.email);
  const made = await admin.call('POST', '/api/v1/users', {
    email: 'audit.entita@prova.example', name: 'Voce di audit', roles: [{ role: 'comune', ente: 'comune:024116' }],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const { page, assertClean, close } = await env.open('/audit.html', { login: ADMIN });
  try {
    await page.locator('#tabella-audit:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('#scarica-csv').getAttribute('href'), '/api/v1/audit.csv');
    await page.selectOption('#filtro-azione', 'user.create');
    await page.locator('#stato-audit', { hasText: 'corrispondenti ai filtri' }).waitFor(WAIT);
    assert.equal(await page.locator('#scarica-csv').getAttribute('href'), '/api/v1/audit.csv?action=user.create');
    const shown = await page.locator('#tabella-audit tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.seq));
    // The entes by name, the code beneath.
    assert.match(await page.locator('#tabella-audit tbody tr').first().textContent(), /(Provincia|Comune) di Vicenza \(VI\)(provincia|comune):024/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#scarica-csv').click()]);
    assert.equal(download.suggestedFilename(), 'registro-audit.csv');
    const text = (await import('node:fs')).readFileSync(await download.path(), 'utf8');
    const seqs = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1).map((l) => l.split(';')[0]);
    assert.deepEqual(seqs.slice(0, shown.length), shown);
    assertClean();
  } finally {
    await close();
  }
});

test('users page: "Utente" sorts by name on the server, from the keyboard', async () => {
  const { page, assertClean, close } = await env.open('/utenti.html', { login: ADMIN });
  try {
    await page.locator('#tabella-utenti:not([hidden])').waitFor(WAIT);
    const th = page.locator('#tabella-utenti th[data-ordina="nome"]');
    assert.equal(await th.getAttribute('aria-sort'), null, 'creation order at first');
    await th.locator('button').focus();
    await page.keyboard.press('Enter');
    await page.locator('#tabella-utenti th[data-ordina="nome"][aria-sort="ascending"]').waitFor(WAIT);
    await page.locator('#stato-utenti', { hasText: 'dalla A alla Z' }).waitFor(WAIT);
    assert.match(page.url(), /ordina=nome/);
    const names = async () => page.locator('#tabella-utenti tbody th').evaluateAll(
      (ths) => ths.map((t) => t.firstChild.textContent.toLowerCase()));
    const asc = await names();
    assert.deepEqual(asc, [...asc].sort());
    await page.keyboard.press('Enter');
    await page.locator('#stato-utenti', { hasText: 'dalla Z alla A' }).waitFor(WAIT);
    const desc = await names();
    assert.deepEqual(desc, [...desc].sort().reverse());
    assertClean();
  } finally {
    await close();
  }
});
