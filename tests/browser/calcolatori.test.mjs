// The Calcolatori page: the procedure advisor and the anomaly calculator
// (POST /api/v1/sua/procedura and /api/v1/sua/anomalia) with every step,
// Italian inputs and outputs, the main answer highlighted, references
// linked to Normattiva, and the printable computation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, screenshot, WAIT, SCREENS } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const A1 = ['10.250', '12.100', '13.755', '14.000', '14.320', '15.005', '15.500', '16.125',
  '16.800', '17.040', '18.333', '19.900', '21.450', '24.000', '27.615'];
const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ');
const NORMATTIVA = 'https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2023-03-31;36';

test('procedure advisor: 150.000,00 euro of services on 01/03/2026, typed the Italian way', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    // Today's date in Rome is the default, shown gg/mm/aaaa.
    assert.match(await page.inputValue('#data'), /^\d{2}\/\d{2}\/\d{4}$/);
    await page.selectOption('#tipo', 'servizi');
    await page.fill('#importo', '150.000,00');
    await page.fill('#data', '01/03/2026');
    const req = page.waitForRequest((r) => r.url().endsWith('/api/v1/sua/procedura'));
    await page.click('#form-procedura button[type=submit]');
    const body = JSON.parse((await req).postData());
    assert.equal(body.importo, '150000.00', 'the API gets its canonical amount');
    assert.equal(body.data, '2026-03-01', 'and its ISO date');
    await page.locator('#esito-procedura h3').waitFor(WAIT);
    assert.equal(await page.getAttribute('#esito-procedura', 'aria-busy'), null, 'not busy any more');
    // The main answer, highlighted first.
    const main = page.locator('#risposta-procedura.esito-principale');
    assert.equal((await main.locator('h3').textContent()).trim(), 'Sotto la soglia europea');
    assert.match(plain(await main.textContent()), /Procedura negoziata senza bando/);
    assert.match(plain(await main.textContent()), /€ 150\.000,00 rispetto alla soglia di € 216\.000,00/);
    const text = plain(await page.locator('#esito-procedura').textContent());
    assert.match(text, /lett\. e\)/);
    assert.match(text, /almeno 5/);
    assert.match(text, /INCERTO/);
    assert.match(text, /dal 01\/01\/2026 al 31\/12\/2027/);
    assert.match(text, /scadenza minima 31\/03\/2026/);
    assert.doesNotMatch(text, /2026-01-01|150000\.00/, 'no canonical forms shown');
    // Inputs echoed for the file.
    assert.match(plain(await page.locator('#esito-procedura .dati-inseriti').textContent()), /€ 150\.000,00.*01\/03\/2026/s);
    // References linked to the articles on Normattiva.
    const art50 = page.locator('#esito-procedura .riferimenti a', { hasText: 'art. 50' }).first();
    assert.equal(await art50.getAttribute('href'), `${NORMATTIVA}~art50`);
    const art48 = page.locator('#esito-procedura .riferimenti a', { hasText: 'art. 48' }).first();
    assert.equal(await art48.getAttribute('href'), `${NORMATTIVA}~art48`);
    // Another act's reference stays text.
    assert.equal(await page.locator('#esito-procedura .riferimenti a', { hasText: '1182/71' }).count(), 0);
    await screenshot(page, 'calcolatori-procedura');
    assertClean();
  } finally {
    await close();
  }
});

test('procedure advisor: "1.500" is read as one thousand five hundred and shown back', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.fill('#importo', '1.500');
    await page.locator('#importo').blur();
    await page.locator('#importo-lettura').waitFor(WAIT);
    assert.equal(plain(await page.locator('#importo-lettura').textContent()), 'Letto come € 1.500,00.');
    assert.ok((await page.getAttribute('#importo', 'aria-describedby')).split(' ').includes('importo-lettura'));
    const req = page.waitForRequest((r) => r.url().endsWith('/api/v1/sua/procedura'));
    await page.fill('#data', '2026-03-01'); // the API's form is accepted too
    await page.click('#form-procedura button[type=submit]');
    assert.equal(JSON.parse((await req).postData()).importo, '1500.00');
    await page.locator('#risposta-procedura').waitFor(WAIT);
    assertClean();
  } finally {
    await close();
  }
});

test('anomaly calculator: worked example A1 typed with commas shows every step in Italian', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.selectOption('#metodo', 'A');
    await page.fill('#offerte', A1.map((x, i) => (i % 2 ? x.replace('.', ',') : `${x} %`)).join('\n'));
    const req = page.waitForRequest((r) => r.url().endsWith('/api/v1/sua/anomalia'));
    await page.click('#form-anomalia button[type=submit]');
    assert.deepEqual(JSON.parse((await req).postData()).offerte, A1, 'decimals sent as written, with a dot');
    await page.locator('#passaggi').waitFor(WAIT);
    const steps = (await page.locator('#passaggi li').allTextContents()).map(plain);
    assert.ok(steps.some((s) => s.includes('k = 2')));
    assert.ok(steps.some((s) => s.includes('182,228')));
    assert.ok(steps.some((s) => s.includes('18,619063 %') && s.includes('6400303/343750')));
    assert.ok(steps.some((s) => s.startsWith('Ribasso di aggiudicazione: 18,333 %')));
    assert.equal(await page.locator('#esito-anomalia table:not([data-anomalia-grafico] table) tbody tr').count(), 15);
    assert.equal(plain(await page.locator('#risposta-anomalia h3').textContent()), 'Soglia di anomalia: 18,619063 %');
    assert.match(plain(await page.locator('#risposta-anomalia').textContent()), /Ribasso di aggiudicazione: 18,333 %/);
    assert.equal(await page.locator('#esito-anomalia [data-anomalia-grafico]').count(), 1, 'room for the number line');
    assert.equal(await page.locator('#esito-anomalia .riferimenti a', { hasText: 'art. 54' }).getAttribute('href'), `${NORMATTIVA}~art54`);
    await screenshot(page, 'calcolatori-anomalia');
    assertClean();
  } finally {
    await close();
  }
});

test('anomaly calculator: a bad offer is marked under the field, with its line, and focused', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    let sent = false;
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/sua/anomalia')) sent = true; });
    await page.fill('#offerte', '14,320\n\n14,5x\n');
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#offerte-errore').waitFor(WAIT);
    assert.match(await page.locator('#offerte-errore').textContent(), /riga 3 \(«14,5x»\)/);
    assert.equal(await page.getAttribute('#offerte', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'offerte');
    assert.equal(sent, false, 'nothing sent');
    assertClean();
  } finally {
    await close();
  }
});

test('print: "Stampa / scarica PDF" prints only the computation, on A4', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.fill('#importo', '150.000,00');
    await page.fill('#data', '01/03/2026');
    await page.click('#form-procedura button[type=submit]');
    await page.locator('#risposta-procedura').waitFor(WAIT);
    await page.fill('#offerte', A1.join('\n'));
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#risposta-anomalia').waitFor(WAIT);
    // The button calls window.print() (replaced here: the dialog is the browser's).
    await page.evaluate(() => { window.stampe = 0; window.print = () => { window.stampe += 1; }; });
    await page.click('button[data-stampa="procedura"]');
    assert.equal(await page.evaluate(() => window.stampe), 1);
    assert.equal(await page.evaluate(() => document.body.dataset.stampa), 'procedura');
    await page.emulateMedia({ media: 'print' });
    const shown = async (sel) => page.locator(sel).first().isVisible();
    assert.equal(await shown('header.it-header-wrapper'), false, 'no header');
    assert.equal(await shown('footer.it-footer'), false, 'no footer');
    assert.equal(await shown('#form-procedura'), false, 'no form');
    assert.equal(await shown('#sezione-anomalia'), false, 'not the other calculator');
    assert.equal(await shown('button[data-stampa="procedura"]'), false, 'no button on paper');
    for (const sel of ['h1', '#risposta-procedura', '#esito-procedura .dati-inseriti', '#esito-procedura .riferimenti', '#esito-procedura .piede-calcolo']) {
      assert.ok(await shown(sel), `${sel} printed`);
    }
    assert.match(plain(await page.locator('#esito-procedura .piede-calcolo').textContent()), /Calcolo eseguito il \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} \(ora di Roma\)/);
    await screenshot(page, 'calcolatori-stampa'); // print styles, one long page
    const pdf = await page.pdf({ format: 'A4', path: join(SCREENS, 'calcolatori-stampa.pdf') });
    assert.ok(pdf.length > 10000, 'a PDF is produced');
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.equal(await page.evaluate(() => document.body.dataset.stampa ?? null), null);
    assertClean();
  } finally {
    await close();
  }
});

test('phone (390 px): both results fit the viewport', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html', { viewport: { width: 390, height: 800 } });
  try {
    await page.fill('#importo', '6.000.000');
    await page.selectOption('#tipo', 'lavori');
    await page.fill('#lotti', '3');
    await page.click('#form-procedura button[type=submit]');
    await page.locator('#risposta-procedura').waitFor(WAIT);
    await page.fill('#offerte', A1.join('\n'));
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#risposta-anomalia').waitFor(WAIT);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page ${width} px wide`);
    await screenshot(page, 'calcolatori-390');
    assertClean();
  } finally {
    await close();
  }
});

test('anomaly calculator: method C with E typed "24,000"; fewer than 5 offers is an honest "not computed"', async () => {
  const { page, assertClean, close } = await env.open('/calcolatori.html');
  try {
    await page.selectOption('#metodo', 'C');
    await page.fill('#sconto-riferimento', '24,000');
    await page.fill('#offerte', A1.join('\n'));
    const req = page.waitForRequest((r) => r.url().endsWith('/api/v1/sua/anomalia'));
    await page.click('#form-anomalia button[type=submit]');
    assert.equal(JSON.parse((await req).postData()).sconto_riferimento, '24.000');
    await page.locator('#risposta-anomalia').waitFor(WAIT);
    assert.match(plain(await page.locator('#esito-anomalia .dati-inseriti').textContent()), /24,000 %/);

    await page.fill('#offerte', '14,320\n15\n16,5');
    await page.click('#form-anomalia button[type=submit]');
    await page.locator('#risposta-anomalia h3', { hasText: 'Soglia non calcolata' }).waitFor(WAIT);
    assert.equal(await page.locator('#esito-anomalia table:not([data-anomalia-grafico] table) tbody tr').count(), 3);
    assertClean();
  } finally {
    await close();
  }
});
