// The Rete page: the 76 Provinces of /api/v1/rete, filtered by region.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, tabTo, WAIT } from './support.mjs';

let env;
before(async () => { env = await setup(); });
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
    const headers = (await page.locator('#tabella-rete thead th').allTextContents()).map((s) => s.trim());
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

    await tabTo(page, '#regione');
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
