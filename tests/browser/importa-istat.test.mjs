// The "Importa dati ISTAT" page: an admin uploads the real SITUAS list, the
// page follows the background job with a progress bar (aria-valuenow, an
// aria-live text) to its result, at desktop and phone width; a file the
// reader refuses ends in the job's Italian error; a role without the
// permission gets the 403 message and no form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';
import { SHARED } from '../lib/server.mjs';

let env;
const ADMIN = { email: 'admin.istat@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.istat@prova.example', password: PASSWORD };
const SITUAS = join(SHARED, 'data', 'istat', 'situas_comuni_2026-08-14.csv');
const tmp = mkdtempSync(join(tmpdir(), 'areavasta-importa-'));
const LONG = { timeout: 60000 };
before(async () => {
  env = await setup();
  addUser(env.db, ADMIN.email, 'admin', 'provincia:024', 'Ada Anagrafe');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carla Comune');
});
after(async () => {
  await env?.close();
  rmSync(tmp, { recursive: true, force: true });
});

for (const [width, height, label] of [[1280, 900, 'desktop'], [390, 844, 'phone']]) {
  test(`admin imports the SITUAS list and follows the job to its result (${label})`, async () => {
    const { page, assertClean, close } = await env.open('/importa-istat.html', { login: ADMIN, viewport: { width, height } });
    try {
      await page.locator('#area-import:not([hidden])').waitFor(WAIT);
      // Watch the job's answers as the page polls them.
      const states = [];
      page.on('response', async (res) => {
        if (/\/api\/v1\/jobs\/\d+$/.test(res.url())) states.push((await res.json()).state);
      });
      await page.setInputFiles('#file-istat', SITUAS);
      await page.click('#invia-import');
      const bar = page.locator('#avanzamento [role=progressbar]');
      await bar.waitFor(WAIT);
      assert.equal(await bar.getAttribute('aria-valuemin'), '0');
      assert.equal(await bar.getAttribute('aria-valuemax'), '100');
      assert.match(await bar.getAttribute('aria-label'), /importazione ISTAT/);
      await page.locator('#avanzamento[data-stato="done"]').waitFor(LONG);
      assert.equal(await bar.getAttribute('aria-valuenow'), '100');
      const live = page.locator('#avanzamento [role=status][aria-live=polite]');
      assert.equal((await live.textContent()).trim(), 'Completata.');
      await page.locator('#esito-import:not([hidden])').waitFor(WAIT);
      const fmt = new Intl.NumberFormat('it-IT', { useGrouping: 'always' }); // as lib/numeri.js: "7.894"
      assert.equal(await page.locator('[data-esito="comuni"]').textContent(), fmt.format(7894));
      const num = async (k) => Number((await page.locator(`[data-esito="${k}"]`).textContent()).replace(/\D/g, ''));
      const [added, updated, unchanged] = [await num('added'), await num('updated'), await num('unchanged')];
      assert.equal(added + updated + unchanged, 7894);
      // The job was seen running (or queued) before it was done.
      assert.ok(states.length >= 2 && states.includes('done'), states.join());
      assert.ok(states.some((s) => s === 'running' || s === 'queued'), states.join());
      assert.equal(await page.locator('#invia-import').isEnabled(), true);
      await screenshot(page, `importa-istat-${label}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('a file the reader refuses ends in the job\'s error', async () => {
  const bad = join(tmp, 'sbagliato.csv');
  writeFileSync(bad, 'Codice;Nome\n1;Uno\n');
  const { page, assertClean, close } = await env.open('/importa-istat.html', { login: ADMIN });
  try {
    await page.locator('#area-import:not([hidden])').waitFor(WAIT);
    await page.setInputFiles('#file-istat', bad);
    await page.click('#invia-import');
    await page.locator('#avanzamento[data-stato="failed"]').waitFor(LONG);
    assert.match(await page.locator('#avanzamento [role=status]').textContent(), /^Non riuscita: riga 1: intestazione non riconosciuta/);
    assert.equal(await page.locator('#esito-import').isHidden(), true);
    // No file: the field says so, nothing is sent.
    await page.setInputFiles('#file-istat', []);
    await page.click('#invia-import');
    assert.equal(await page.locator('#file-istat').getAttribute('aria-invalid'), 'true');
    assertClean();
  } finally {
    await close();
  }
});

test('a Comune referent gets the 403 message and no form', async () => {
  const { page, assertClean, close } = await env.open('/importa-istat.html', { login: COMUNE });
  try {
    await page.locator('#accesso-richiesto [role=alert]').waitFor(WAIT);
    assert.match(await page.locator('#accesso-richiesto').textContent(), /errore 403/);
    assert.equal(await page.locator('#area-import').isHidden(), true);
    assertClean();
  } finally {
    await close();
  }
});
