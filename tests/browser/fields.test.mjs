// Server-side errors name the JSON path of the bad value ("referente.email");
// the form marks the input that edits it: aria-invalid, the API's message
// beside it (tied with aria-describedby), the focus on it, and no other
// input marked.  At desktop and at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, WAIT } from './support.mjs';
import { addUser, PASSWORD } from '../lib/auth.mjs';

let env;
const UPI = { email: 'upi.campi@prova.example', password: PASSWORD };
before(async () => {
  env = await setup();
  addUser(env.db, UPI.email, 'upi', 'upi', 'Ugo Campi');
});
after(async () => { await env?.close(); });

const rowOf = (page, sigla) => page.locator('#tabella-rete tbody tr', { has: page.locator(`th:has-text("(${sigla})")`) });

// The input marked invalid, its visible message, and the others clean.
async function assertMarked(page, id, message) {
  const input = page.locator(`#${id}`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `${id} marked`);
  const fb = page.locator(`#${id}-errore`);
  assert.ok(await fb.isVisible(), `${id}: message shown beside the field`);
  assert.equal((await fb.textContent()).trim(), message);
  assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes(`${id}-errore`));
  assert.equal(await page.evaluate(() => document.activeElement.id), id);
  const marked = await page.locator('dialog[open] [aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(marked, [id], 'only that input');
  // The message is on screen, not pushed out of a narrow viewport.
  const box = await fb.boundingBox();
  const width = page.viewportSize().width;
  assert.ok(box && box.x >= 0 && box.x + box.width <= width + 1, `message within ${width} px`);
}

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 800 }]]) {
  test(`rete dialog (${label}): a nested field refused by the server marks its own input`, async () => {
    const { page, assertClean, close } = await env.open('/rete.html', {
      login: UPI, viewport, allow: [/400.*\/api\/v1\/rete\/RO/],
    });
    try {
      await page.locator('#tabella-rete:not([hidden])').waitFor(WAIT);
      await rowOf(page, 'RO').locator('[data-modifica]').click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor(WAIT);
      if (!(await page.locator('#rete-aderente').isChecked())) await page.locator('#rete-aderente').check({ force: true });
      await page.fill('#rete-data', '2026-10-01');
      await page.fill('#rete-ref-nome', 'Rita Rovigo');

      // referente.email: the browser does not check it (novalidate), the API does.
      await page.fill('#rete-ref-email', 'non-una-email');
      let answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/rete/RO'));
      await dialog.locator('button[type=submit]').click();
      let body = await (await answer).json();
      assert.equal(body.error.field, 'referente.email');
      await dialog.locator('[role=alert]').waitFor(WAIT);
      await assertMarked(page, 'rete-ref-email', body.error.message);
      await screenshot(page, `campi-rete-email-${label}`);

      // Fixed, a bad phone instead: the mark moves to referente.telefono.
      await page.fill('#rete-ref-email', 'rita.rovigo@provincia.example');
      await page.fill('#rete-ref-tel', 'chiamami');
      answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/rete/RO'));
      await dialog.locator('button[type=submit]').click();
      body = await (await answer).json();
      assert.equal(body.error.field, 'referente.telefono');
      await dialog.locator('[role=alert]', { hasText: body.error.message }).waitFor(WAIT);
      await assertMarked(page, 'rete-ref-tel', body.error.message);
      assert.ok(!(await page.locator('#rete-ref-email-errore').isVisible()), 'the old message is gone');

      await page.keyboard.press('Escape');
      await page.locator('dialog').waitFor({ state: 'detached', ...WAIT });
      assertClean();
    } finally {
      await close();
    }
  });
}

test('calculators: an indexed path marks the offers, a bad key its own input', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html', {
    allow: [/400.*\/api\/v1\/sua\/(anomalia|procedura)/],
  });
  try {
    await page.fill('#offerte', '14.320\n14,5\n');
    let answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/sua/anomalia'));
    await page.click('#form-anomalia button[type=submit]');
    let body = await (await answer).json();
    assert.equal(body.error.field, 'offerte[1]');
    await page.locator('#offerte-errore').waitFor(WAIT);
    assert.equal(await page.locator('#offerte').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#offerte-errore').textContent(), /riga 2/);

    await page.fill('#importo', '150000.00');
    await page.fill('#qualificazione', 'L9');
    answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/sua/procedura'));
    await page.click('#form-procedura button[type=submit]');
    body = await (await answer).json();
    assert.equal(body.error.field, 'qualificazione');
    await page.locator('#qualificazione-errore').waitFor(WAIT);
    assert.equal(await page.locator('#qualificazione').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#form-procedura [aria-invalid="true"]').count(), 1);
    // Corrected, the mark goes.
    await page.fill('#qualificazione', '');
    answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/sua/procedura'));
    await page.click('#form-procedura button[type=submit]');
    assert.equal((await answer).status(), 200);
    assert.equal(await page.locator('#form-procedura [aria-invalid="true"]').count(), 0);
    assertClean();
  } finally {
    await close();
  }
});
