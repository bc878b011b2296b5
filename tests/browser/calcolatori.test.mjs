// The Calcolatori page: the procedure advisor and the anomaly calculator
// (POST /api/v1/sua/procedura and /api/v1/sua/anomalia) with every step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, WAIT } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const A1 = ['10.250', '12.100', '13.755', '14.000', '14.320', '15.005', '15.500', '16.125',
  '16.800', '17.040', '18.333', '19.900', '21.450', '24.000', '27.615'];

test('procedure advisor: 150 000 euro of services on 2026-03-01', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.selectOption('#tipo', 'servizi');
    await page.fill('#importo', '150000.00');
    await page.fill('#data', '2026-03-01');
    await page.click('#form-procedura button[type=submit]');
    await page.locator('#esito-procedura h3').waitFor(WAIT);
    assert.equal((await page.locator('#esito-procedura h3').textContent()).trim(), 'Sotto la soglia europea');
    const text = await page.locator('#esito-procedura').textContent();
    assert.match(text, /Procedura negoziata senza bando/);
    assert.match(text, /lett\. e\)/);
    assert.match(text, /almeno 5/);
    assert.match(text, /INCERTO/);
    await screenshot(page, 'calcolatori-procedura');
    assertClean();
  } finally {
    await close();
  }
});

test('anomaly calculator: worked example A1 shows every step', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.selectOption('#metodo', 'A');
    await page.fill('#offerte', A1.join('\n'));
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#passaggi').waitFor(WAIT);
    const steps = await page.locator('#passaggi li').allTextContents();
    assert.ok(steps.some((s) => s.includes('k = 2')));
    assert.ok(steps.some((s) => s.includes('182.228')));
    assert.ok(steps.some((s) => s.includes('18.619063') && s.includes('6400303/343750')));
    assert.ok(steps.some((s) => s.startsWith('Ribasso di aggiudicazione: 18.333')));
    assert.equal(await page.locator('#esito-anomalia tbody tr').count(), 15);
    await screenshot(page, 'calcolatori-anomalia');
    assertClean();
  } finally {
    await close();
  }
});

test('anomaly calculator: a bad offer shows the API message with its line', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html', { allow: [/400.*\/api\/v1\/sua\/anomalia/] });
  try {
    await page.fill('#offerte', '14.320\n14,5\n');
    await page.click('#form-anomalia button[type=submit]');
    const alert = page.locator('[role=alert]');
    await alert.first().waitFor(WAIT);
    assert.match(await alert.first().textContent(), /riga 2/);
    assertClean();
  } finally {
    await close();
  }
});
