// europa-strumenti.test.mjs - browser tests of the EU service's tools
// added in part 3 of issue 14: the Comune saves the catalogue's current
// filters as a search and marks a call "non pertinente" on its scheda (and
// restores it), and finds its searches and digest from its page; the EU
// desk edits a manual call whole on its scheda (a wrong amount marked
// first, a third deadline added, the scheda kept) and imports a file of
// calls with the job's progress and report (a bad file: the job's reason).
// At 390 and 1280 px, axe-core through support.mjs.  Every change checked
// through the API, not through the page that made it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';

let env;
let sape;
let comune;
const SAPE = { email: 'sape.str@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.str@prova.example', password: PASSWORD };
const tmp = mkdtempSync(join(tmpdir(), 'eu-str-'));
let manuale;

before(async () => {
  env = await setup();
  addUser(env.db, SAPE.email, 'sape_officer', 'provincia:024', 'Sara Europa');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Carlo Comune');
  sape = await login(env.url, SAPE.email);
  comune = await login(env.url, COMUNE.email);
  const r = await sape.call('POST', '/api/v1/bandi', {
    fonte: 'NATIONAL', chiave_fonte: 'BROWSER-STR', titolo: 'Biblioteche scolastiche', stato: 'aperto',
    programma_codice: 'PNRR', modello_scadenze: 'cut_off_multipli',
    scadenze: [{ fase: 1, data: '2027-03-01', ora: '12:00' }, { fase: 1, data: '2027-06-01', ora: '12:00' }],
    budget_totale_cent: 150000000, parole_chiave: ['biblioteche', 'scuole'],
    scheda_a_chi: 'Ai Comuni con biblioteche scolastiche.', note_interne: 'Seguire con la Regione.',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  manuale = r.body.id;
});
after(async () => {
  await env?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const noOverflow = async (page) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px)`);
};

test('390 px: the Comune saves the catalogue\'s current filters, marks a call non pertinente and restores it', async () => {
  const { page, assertClean, close } = await env.open('/europa-bandi.html?q=biblioteche&stato=aperto&scadenza_a=2027-12-31', {
    login: COMUNE, viewport: { width: 390, height: 844 },
  });
  try {
    await page.locator('#salva-ricerca:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('#importa-bandi').isHidden(), true, 'the import is the desk\'s');
    // A name is required, marked on its field.
    await page.click('#salva-questa-ricerca');
    await page.locator('#ric-nome[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('#ric-nome', 'Biblioteche fino al 2027');
    await page.click('#salva-questa-ricerca');
    await page.locator('#esito-salva-ricerca:has-text("Ricerca salvata")').waitFor(WAIT);
    const l = await comune.call('GET', '/api/v1/comuni/024116/ricerche');
    assert.equal(l.body.total, 1);
    const s = l.body.items[0];
    assert.deepEqual([s.nome, s.q, s.stato, s.programma, s.scadenza_da, s.avvisi, s.solo_ammissibili],
      ['Biblioteche fino al 2027', 'biblioteche', 'aperto', null, null, true, true]);
    // The last day whole, Italian time: the first second of 1 January 2028 (UTC+1).
    assert.equal(s.scadenza_a, Date.UTC(2027, 11, 31, 23, 0) / 1000);
    await noOverflow(page);
    await checkPageBasics(page);
    await screenshot(page, 'europa-bandi-salva-ricerca-390');
    assertClean();
  } finally {
    await close();
  }
  const b = await env.open(`/europa-bando.html?id=${manuale}`, { login: COMUNE, viewport: { width: 390, height: 844 } });
  try {
    const { page } = b;
    await page.locator('#non-pertinente:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('#editor-bando').isHidden(), true);
    assert.match(await page.getAttribute('#link-ricerche', 'href'), /\/europa-ricerche\.html\?comune=024116$/);
    await page.click('#non-pertinente');
    await page.locator('#ripristina-pertinente:not([hidden])').waitFor(WAIT);
    let np = await comune.call('GET', '/api/v1/comuni/024116/non-pertinenti');
    assert.deepEqual(np.body.items.map((x) => x.bando_id), [manuale]);
    await checkPageBasics(page);
    await screenshot(page, 'europa-bando-non-pertinente-390');
    await page.click('#ripristina-pertinente');
    await page.locator('#non-pertinente:not([hidden])').waitFor(WAIT);
    np = await comune.call('GET', '/api/v1/comuni/024116/non-pertinenti');
    assert.equal(np.body.total, 0);
    await noOverflow(page);
    b.assertClean();
  } finally {
    await b.close();
  }
});

test('1280 px: the Comune\'s page links its searches and digest', async () => {
  const { page, assertClean, close } = await env.open('/europa-comune.html', { login: COMUNE });
  try {
    await page.locator('#area-bandi-comune:not([hidden])').waitFor(WAIT);
    assert.equal(await page.getAttribute('#link-ricerche', 'href'), '/europa-ricerche.html?comune=024116');
    assert.equal(await page.getAttribute('#link-digest', 'href'), '/europa-digest.html?comune=024116');
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
});

test('1280 px: the EU desk edits a manual call whole; a wrong amount is marked first; the scheda stays', async () => {
  const { page, assertClean, close } = await env.open(`/europa-bando.html?id=${manuale}`, { login: SAPE });
  try {
    await page.locator('#editor-bando:not([hidden])').waitFor(WAIT);
    assert.equal(await page.inputValue('#m-titolo'), 'Biblioteche scolastiche');
    assert.equal(await page.inputValue('#m-s1'), '01/06/2027');
    assert.equal(await page.inputValue('#m-parole'), 'biblioteche, scuole');
    await page.fill('#m-titolo', 'Biblioteche scolastiche e di quartiere');
    await page.fill('#m-bmax', 'centomila');
    await page.click('#salva-bando');
    await page.locator('#m-bmax[aria-invalid="true"]').waitFor(WAIT);
    await page.fill('#m-bmax', '100.000,50');
    // The third cut-off, in the empty row offered, then one more row.
    await page.fill('#m-s2', '01/09/2027');
    await page.fill('#m-s2-ora', '10:30');
    await page.click('#aggiungi-scadenza');
    await page.locator('#m-s3').waitFor(WAIT);
    await page.click('#salva-bando');
    await page.locator('#esito-bando:has-text("Dati del bando salvati")').waitFor(WAIT);
    const g = await sape.call('GET', `/api/v1/bandi/${manuale}`);
    assert.equal(g.body.titolo, 'Biblioteche scolastiche e di quartiere');
    assert.equal(g.body.budget_max_cent, 10000050);
    assert.equal(g.body.budget_totale_cent, 150000000);
    assert.deepEqual(g.body.parole_chiave, ['biblioteche', 'scuole']);
    assert.deepEqual(g.body.scadenze.map((s) => s.scadenza_it), ['01/03/2027 12:00', '01/06/2027 12:00', '01/09/2027 10:30']);
    assert.equal(g.body.scheda.a_chi, 'Ai Comuni con biblioteche scolastiche.');
    assert.equal(g.body.note_interne, 'Seguire con la Regione.');
    assert.match(await page.locator('#bando-titolo').textContent(), /di quartiere/);
    await checkPageBasics(page);
    await screenshot(page, 'europa-bando-modifica-1280');
    assertClean();
  } finally {
    await close();
  }
});

test('390 px: the EU desk imports a CSV with progress and report; a bad file gives the job\'s reason', async () => {
  const good = join(tmp, 'bandi.csv');
  writeFileSync(good, 'fonte;chiave;titolo;stato;scadenze\nREGION;BROWSER-IMP-1;Piazze e verde urbano;aperto;2027-10-31 12:00\n');
  const bad = join(tmp, 'rotto.csv');
  writeFileSync(bad, 'fonte;chiave;titolo;stato;scadenze\nREGION;BROWSER-IMP-2;X;aperto;2027-13-45\n');
  const { page, assertClean, close } = await env.open('/europa-bandi.html', { login: SAPE, viewport: { width: 390, height: 844 } });
  try {
    await page.locator('#importa-bandi:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('#salva-ricerca').isHidden(), true, 'the desk has no Comune to save a search for');
    // No file chosen: marked.
    await page.click('#invia-importa-bandi');
    await page.locator('#imp-file[aria-invalid="true"]').waitFor(WAIT);
    await page.selectOption('#imp-formato', 'csv');
    await page.setInputFiles('#imp-file', good);
    await page.click('#invia-importa-bandi');
    await page.locator('#esito-importa-bandi:not([hidden])').waitFor(WAIT);
    assert.equal(await page.locator('[data-esito="nuovi"]').textContent(), '1');
    assert.equal(await page.locator('[data-esito="righe"]').textContent(), '1');
    const l = await sape.call('GET', '/api/v1/bandi?q=piazze');
    assert.deepEqual(l.body.items.map((x) => x.titolo), ['Piazze e verde urbano']);
    await noOverflow(page);
    await checkPageBasics(page);
    await screenshot(page, 'europa-bandi-importa-390');
    await page.setInputFiles('#imp-file', bad);
    await page.click('#invia-importa-bandi');
    await page.locator('.job-stato:has-text("Non riuscita")').waitFor(WAIT);
    assert.match(await page.locator('.job-stato').textContent(), /riga 2/);
    assert.equal((await sape.call('GET', '/api/v1/bandi?q=browser')).body.total, 0);
    assertClean();
  } finally {
    await close();
  }
});

test('390 px: the EU desk sees the groups for a partnership minimum on the eligibility page', async () => {
  const r = await sape.call('POST', '/api/v1/bandi', {
    fonte: 'NATIONAL', chiave_fonte: 'BROWSER-PARTNER', titolo: 'Partenariato di piccoli Comuni', stato: 'aperto',
    modello_scadenze: 'unica', scadenze: [{ fase: 1, data: '2027-11-30', ora: '12:00' }],
  });
  assert.equal(r.status, 201);
  const id = r.body.id;
  assert.equal((await sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 3000, partner_min: 3 })).status, 200);
  const agg = await sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`);
  assert.equal(agg.body.criterio, 'partner');
  assert.ok(agg.body.gruppi.length > 0);
  const { page, assertClean, close } = await env.open(`/europa-ammissibilita.html?bando=${id}&provincia=VI`, { login: SAPE, viewport: { width: 390, height: 844 } });
  try {
    await page.locator('#lista-gruppi li').first().waitFor(WAIT);
    assert.equal(await page.locator('#lista-gruppi > li').count(), agg.body.gruppi.length);
    assert.match(await page.locator('#lista-gruppi > li').first().textContent(), /3 Comuni partner \(minimo 3\)/);
    await noOverflow(page);
    await checkPageBasics(page);
    assertClean();
  } finally {
    await close();
  }
});
