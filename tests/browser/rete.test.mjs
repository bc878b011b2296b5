// The Rete page: the 76 Provinces of /api/v1/rete, filtered by region.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, tabTo, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const UPI = { email: 'upi.rete@prova.example', password: PASSWORD };
const ADMIN = { email: 'admin.rete@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.rete@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  addUser(env.db, UPI.email, 'upi', 'upi', 'Ugo Coordinamento');
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Aldo Admin');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Cora Comune');
});
after(async () => { await env?.close(); });

const rows = (page) => page.locator('#tabella-rete tbody tr');

test('the table lists every Province of the network with its state', async () => {
  const { page, assertClean, close } = await env.open('/rete.html');
  try {
    const rete = await (await page.request.get('/api/v1/rete')).json();
    assert.equal(rete.total, 76);
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    assert.equal(await rows(page).count(), rete.total);
    const status = await page.locator('#conteggio-rete').textContent();
    assert.match(status, new RegExp(`^${rete.total} Province, di cui ${rete.aderenti} aderent`));
    const headers = (await page.locator('#tabella-rete thead th').allTextContents()).map((s) => s.replace(/[▲▼]/, '').trim());
    assert.deepEqual(headers, ['Provincia', 'Regione', 'Adesione', 'Data di adesione', 'Referente',
      'SUA', 'Politiche europee', 'Innovazione e dati']);
    // A member Province shows its signing date and referent.
    const member = rete.items.find((it) => it.aderente && it.data_adesione && it.referente);
    if (member) {
      const row = rows(page).filter({ has: page.locator('th', { hasText: member.provincia.nome }) });
      const [y, m, d] = member.data_adesione.split('-');
      assert.equal((await row.locator('td').nth(2).textContent()).trim(), `${d}/${m}/${y}`);
      assert.ok((await row.locator('td').nth(3).textContent()).startsWith(member.referente.nome));
      assert.equal((await row.locator('td').nth(1).textContent()).trim(), 'Aderente');
    }
    assertClean();
  } finally {
    await close();
  }
});

test('filter by region (from the keyboard) and by adhesion, with counts', async () => {
  const { page, assertClean, close } = await env.open('/rete.html');
  try {
    const rete = await (await page.request.get('/api/v1/rete')).json();
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    // The region with most Provinces in the network.
    const byRegion = new Map();
    for (const it of rete.items) byRegion.set(it.regione.codice, [...(byRegion.get(it.regione.codice) ?? []), it]);
    const [codice, items] = [...byRegion.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const nome = items[0].regione.nome;
    assert.equal(await page.locator('#regione option').count(), byRegion.size + 1);

    // The map's 76 Provinces come first: its skip link leads past them.
    await tabTo(page, 'a[href="#titolo-elenco-rete"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'titolo-elenco-rete', null, WAIT);
    await tabTo(page, '#regione', 3);
    await page.selectOption('#regione', codice);
    await page.waitForURL(new RegExp(`regione=${codice}`), WAIT);
    assert.equal(await rows(page).count(), items.length);
    const regions = await page.locator('#tabella-rete tbody tr td:nth-child(2)').allTextContents();
    assert.ok(regions.every((r) => r.trim() === nome), `only ${nome}: ${regions}`);
    const members = items.filter((it) => it.aderente).length;
    assert.match(await page.locator('#conteggio-rete').textContent(),
      new RegExp(`^${items.length} Province in ${nome}, di cui ${members} aderent`));
    await screenshot(page, 'rete-filtro');

    // Bootstrap Italia draws the checkbox on its label: toggle it from the keyboard.
    await page.locator('#solo-aderenti').focus();
    await page.keyboard.press('Space');
    assert.ok(await page.locator('#solo-aderenti').isChecked());
    assert.equal(await rows(page).count(), members);
    assert.match(page.url(), /aderenti=1/);

    // The filter survives a reload.
    await page.reload();
    await page.locator('#conteggio-rete').filter({ hasText: / in / }).waitFor(WAIT);
    assert.equal(await page.locator('#regione').inputValue(), codice);
    assert.ok(await page.locator('#solo-aderenti').isChecked());

    await page.selectOption('#regione', '');
    await page.locator('label[for="solo-aderenti"]').click();
    assert.equal(await rows(page).count(), rete.total);
    assertClean();
  } finally {
    await close();
  }
});

const HEADERS = ['Provincia', 'Regione', 'Adesione', 'Data di adesione', 'Referente',
  'SUA', 'Politiche europee', 'Innovazione e dati'];
const rowOf = (page, sigla) => page.locator('#tabella-rete tbody tr', { has: page.locator(`th:has-text("(${sigla})")`) });

test('upi edits a Province in a dialog and the row changes', async () => {
  const { page, assertClean, close } = await env.open('/rete.html', {
    login: UPI, allow: [/400.*\/api\/v1\/rete\/BL/],
  });
  try {
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    // upi may edit all 76 rows.
    assert.equal(await page.locator('[data-modifica]').count(), 76);
    const row = rowOf(page, 'BL');
    assert.equal((await row.locator('td').nth(1).textContent()).trim(), 'Non aderente');

    // Open from the keyboard.
    await row.locator('[data-modifica]').focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor(WAIT);
    assert.match(await dialog.locator('h2').textContent(), /Belluno/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'rete-aderente');
    assert.ok(await page.locator('#rete-data').isDisabled(), 'no date for a non-member');
    await page.keyboard.press('Space');
    assert.ok(await page.locator('#rete-aderente').isChecked());
    assert.ok(await page.locator('#rete-data').isEnabled());

    // A bad referent email: the API's message, in the dialog, on the field.
    await page.fill('#rete-data', '2026-11-30');
    await page.fill('#rete-ref-nome', 'Bruna Belluno');
    await page.fill('#rete-ref-email', 'non-una-email');
    await dialog.locator('button[type=submit]').click();
    await dialog.locator('[role=alert]').waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'rete-ref-email');
    await screenshot(page, 'rete-modifica-errore');

    await page.fill('#rete-ref-email', 'bruna.belluno@provincia.example');
    await page.fill('#rete-ref-tel', '+39 0437 000000');
    await page.selectOption('#rete-servizio-sua', 'attivo');
    await page.selectOption('#rete-servizio-dati', 'in_avvio');
    await dialog.locator('button[type=submit]').click();
    await page.locator('dialog').waitFor({ state: 'detached', ...WAIT });

    // The row is redrawn from the answer, the focus back on its button.
    assert.equal((await row.locator('td').nth(1).textContent()).trim(), 'Aderente');
    assert.equal((await row.locator('td').nth(2).textContent()).trim(), '30/11/2026');
    assert.match(await row.locator('td').nth(3).textContent(), /^Bruna Belluno/);
    assert.equal((await row.locator('td').nth(4).textContent()).trim(), 'Attivo');
    assert.equal((await row.locator('td').nth(6).textContent()).trim(), 'In avvio');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.modifica), 'BL');
    assert.match(await page.locator('#conteggio-rete').textContent(), /Provincia di Belluno: modifiche salvate/);

    // The server has it (and keeps it after a reload).
    const rete = await (await page.request.get('/api/v1/rete')).json();
    const bl = rete.items.find((it) => it.provincia.sigla === 'BL');
    assert.equal(bl.aderente, true);
    assert.equal(bl.data_adesione, '2026-11-30');
    assert.deepEqual(bl.referente, { nome: 'Bruna Belluno', email: 'bruna.belluno@provincia.example', telefono: '+39 0437 000000' });
    assert.deepEqual(bl.servizi, { sua: 'attivo', europa: 'non_attivo', dati: 'in_avvio' });
    assertClean();
  } finally {
    await close();
  }
});

test("a Province's admin edits only its own Province", async () => {
  const { page, assertClean, close } = await env.open('/rete.html', { login: ADMIN });
  try {
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    const buttons = await page.locator('[data-modifica]').evaluateAll((els) => els.map((e) => e.dataset.modifica));
    assert.deepEqual(buttons, ['VI']);
    assertClean();
  } finally {
    await close();
  }
});

test('a comune user sees no edit buttons', async () => {
  const { page, assertClean, close } = await env.open('/rete.html', { login: COMUNE });
  try {
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    await page.locator('[data-utente-nome]').waitFor(WAIT);
    assert.equal(await page.locator('[data-modifica]').count(), 0);
    const headers = (await page.locator('#tabella-rete thead th').allTextContents()).map((s) => s.replace(/[▲▼]/, '').trim());
    assert.deepEqual(headers, HEADERS);
    assertClean();
  } finally {
    await close();
  }
});

test('the columns sort from the keyboard, with aria-sort; one Region hides the Region column', async () => {
  const { page, assertClean, close } = await env.open('/rete.html');
  try {
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    const th = (key) => page.locator(`#tabella-rete th[data-ordina="${key}"]`);
    assert.equal(await th('provincia').getAttribute('aria-sort'), 'ascending', 'by name by default');
    const names = await page.locator('#tabella-rete tbody th').allTextContents();
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'it')));

    // "Data di adesione": the earliest first, then the latest first.
    await th('data').locator('button').focus();
    await page.keyboard.press('Enter');
    assert.equal(await th('data').getAttribute('aria-sort'), 'ascending');
    assert.equal(await th('provincia').getAttribute('aria-sort'), null, 'one sorted column at a time');
    const dates = async () => (await page.locator('#tabella-rete tbody tr td:nth-child(4) time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime'))));
    const asc = await dates();
    assert.ok(asc.length > 0);
    assert.deepEqual(asc, [...asc].sort());
    await page.keyboard.press('Enter');
    assert.equal(await th('data').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await dates(), [...asc].reverse().sort().reverse());
    assert.match(page.url(), /ordina=-data/);
    assert.match(await page.locator('#conteggio-rete').textContent(), /dall'ultima adesione\.$/);
    assert.equal(await page.evaluate(() => document.activeElement.closest('th')?.dataset.ordina), 'data', 'focus stays on the header');

    // SUA: active first.
    await th('sua').locator('button').click();
    const rank = { Attivo: 0, 'In avvio': 1, 'Non attivo': 2 };
    const sua = (await page.locator('#tabella-rete tbody tr td:nth-child(6)').allTextContents()).map((t) => rank[t.trim()]);
    assert.deepEqual(sua, [...sua].sort((a, b) => a - b));

    // The order survives a reload; one Region hides the Region column.
    await page.reload();
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    assert.equal(await th('sua').getAttribute('aria-sort'), 'ascending');
    const rete = await (await page.request.get('/api/v1/rete')).json();
    await page.selectOption('#regione', rete.items[0].regione.codice);
    assert.equal(await th('regione').isVisible(), false);
    assert.equal(await page.locator('#tabella-rete tbody td[data-col="regione"]').first().isVisible(), false);
    await page.locator('label[for="solo-aderenti"]').click();
    assert.equal(await th('adesione').isVisible(), false, 'members only: no adhesion column');
    assertClean();
  } finally {
    await close();
  }
});

test('the adhesion date is typed gg/mm/aaaa, read back and sent as ISO; a bad date is marked on the field', async () => {
  const { page, assertClean, close } = await env.open('/rete.html', { login: UPI });
  try {
    await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
    await rowOf(page, 'RO').locator('[data-modifica]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor(WAIT);
    if (!(await page.locator('#rete-aderente').isChecked())) await page.locator('label[for="rete-aderente"]').click();
    assert.equal(await page.getAttribute('#rete-data', 'placeholder'), 'gg/mm/aaaa');

    // A date that does not exist: marked under the field, focus on it, nothing sent.
    let sent = null;
    page.on('request', (req) => { if (req.method() === 'PUT') sent = req.postDataJSON(); });
    await page.fill('#rete-data', '31/02/2026');
    await page.keyboard.press('Enter');
    await dialog.locator('[role=alert]').waitFor(WAIT);
    assert.equal(await page.getAttribute('#rete-data', 'aria-invalid'), 'true');
    assert.match(await page.locator('#rete-data-errore').textContent(), /non esiste nel calendario/);
    assert.ok((await page.getAttribute('#rete-data', 'aria-describedby')).split(' ').includes('rete-data-errore'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'rete-data');
    assert.equal(sent, null);

    // The Italian form: read back under the field, sent as ISO.
    await page.fill('#rete-data', '01/03/2026');
    await page.locator('#rete-data').blur();
    assert.equal((await page.locator('#rete-data-lettura').textContent()).trim(), 'Letto come 01/03/2026.');
    await page.selectOption('#rete-servizio-sua', 'attivo');
    await dialog.locator('button[type=submit]').click();
    await page.locator('dialog').waitFor({ state: 'detached', ...WAIT });
    assert.equal(sent.data_adesione, '2026-03-01');
    assert.equal((await rowOf(page, 'RO').locator('td').nth(2).textContent()).trim(), '01/03/2026');
    assertClean();
  } finally {
    await close();
  }
});
