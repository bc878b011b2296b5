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

test('calculators: an indexed path from the API marks the offers with its line', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html', {
    allow: [/400.*\/api\/v1\/sua\/anomalia/],
  });
  try {
    // Every value the page sends is checked first, so the server's refusal of
    // one offer is simulated: the page maps offerte[1] to the second offer's
    // line (blank lines and comments skipped) under the textarea.
    await page.route('**/api/v1/sua/anomalia', (route) => route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid_field', message: 'Ribasso non valido.', field: 'offerte[1]' } }),
    }));
    await page.fill('#offerte', '# offerte\n14,320\n\n14,500\n');
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#offerte-errore').waitFor(WAIT);
    assert.equal((await page.locator('#offerte-errore').textContent()).trim(), 'Ribasso non valido. (riga 4 delle offerte inserite)');
    assert.equal(await page.locator('#offerte').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'offerte', 'focus on the wrong field');
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0, 'no message far above');
    assertClean();
  } finally {
    await close();
  }
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 800 }]]) {
  test(`calculators (${label}): a field refused by the API is marked where the eye is, and the mark goes when fixed`, async () => {
    const { page, assertClean, close } = await env.open('/calcolatori.html', {
      viewport, allow: [/400.*\/api\/v1\/sua\/procedura/],
    });
    try {
      await page.fill('#importo', '150.000,00');
      await page.fill('#qualificazione', 'L9');
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/sua/procedura'));
      await page.click('#form-procedura button[type=submit]');
      const body = await (await answer).json();
      assert.equal(body.error.field, 'qualificazione');
      await page.locator('#qualificazione-errore').waitFor(WAIT);
      assert.equal(await page.locator('#form-procedura [aria-invalid="true"]').count(), 1);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'qualificazione');
      assert.ok((await page.getAttribute('#qualificazione', 'aria-describedby')).split(' ').includes('qualificazione-errore'));
      // Under the field, and in the viewport.
      const [fb, input] = await page.evaluate(() => ['qualificazione-errore', 'qualificazione'].map((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }));
      assert.ok(fb.y > input.y + input.height / 2 && fb.x < input.x + input.width, `under the field: ${JSON.stringify({ fb, input })}`);
      assert.ok(fb.y >= 0 && fb.y + fb.height <= viewport.height, 'visible without scrolling');
      assert.ok(fb.x >= 0 && fb.x + fb.width <= viewport.width + 1, `within ${viewport.width} px`);
      await screenshot(page, `campi-calcolatori-${label}`);
      // Corrected, the mark goes.
      await page.fill('#qualificazione', '');
      const ok = page.waitForResponse((r) => r.url().endsWith('/api/v1/sua/procedura'));
      await page.click('#form-procedura button[type=submit]');
      assert.equal((await ok).status(), 200);
      assert.equal(await page.locator('#form-procedura [aria-invalid="true"]').count(), 0);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('calculators: wrong inputs are all marked, the focus on the first one, nothing sent', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    let sent = false;
    page.on('request', (r) => { if (r.url().includes('/api/v1/sua/')) sent = true; });
    await page.fill('#importo', '1,500.00');
    await page.fill('#data', '31/02/2026');
    await page.click('#form-procedura button[type=submit]');
    await page.locator('#data-errore').waitFor(WAIT);
    assert.match(await page.locator('#importo-errore').textContent(), /virgola/);
    assert.match(await page.locator('#data-errore').textContent(), /non esiste/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'importo', 'the first wrong field');
    // The data help text stays described alongside the error.
    assert.deepEqual((await page.getAttribute('#data', 'aria-describedby')).split(' '), ['data-aiuto', 'data-errore']);
    assert.equal(sent, false);
    assertClean();
  } finally {
    await close();
  }
});

test('calculators: a network failure says so at the top, focused, and "Riprova" retries', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html', {
    allow: [/request failed: POST .*\/api\/v1\/sua\/procedura/, /ERR_INTERNET_DISCONNECTED.*\/api\/v1\/sua\/procedura/],
  });
  try {
    await page.route('**/api/v1/sua/procedura', (route) => route.abort('internetdisconnected'));
    await page.fill('#importo', '150.000,00');
    await page.locator('#form-procedura button[type=submit]').scrollIntoViewIfNeeded();
    await page.click('#form-procedura button[type=submit]');
    const alert = page.locator('#app-alerts [role=alert][data-key="procedura"]');
    await alert.waitFor(WAIT);
    assert.match(await alert.textContent(), /Impossibile contattare il server/);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.key), 'procedura', 'focus on the message');
    const box = await alert.boundingBox();
    assert.ok(box.y >= 0 && box.y < 900, 'scrolled into view');
    assert.match(await page.locator('#stato-procedura').textContent(), /non riuscito/);
    assert.equal(await page.getAttribute('#esito-procedura', 'aria-busy'), null);
    // Back online: "Riprova" computes, the message goes.
    await page.unroute('**/api/v1/sua/procedura');
    await alert.locator('button', { hasText: 'Riprova' }).click();
    await page.locator('#risposta-procedura').waitFor(WAIT);
    assert.equal(await page.locator('#app-alerts [role=alert]').count(), 0);
    assertClean();
  } finally {
    await close();
  }
});

test('calculators: the result area is busy, with a visible text, while computing', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route('**/api/v1/sua/anomalia', async (route) => { await gate; await route.continue(); });
    await page.fill('#offerte', '14,320\n15,000\n16,000\n17,000\n18,000');
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#esito-anomalia[aria-busy="true"]').waitFor({ state: 'attached', ...WAIT });
    assert.equal((await page.locator('#stato-anomalia').textContent()).trim(), 'Calcolo in corso…');
    assert.ok(await page.locator('#stato-anomalia').isVisible());
    release();
    await page.locator('#passaggi').waitFor(WAIT);
    assert.equal(await page.getAttribute('#esito-anomalia', 'aria-busy'), null);
    assertClean();
  } finally {
    await close();
  }
});
