// The evaluation screens (valutazione.html) and the public results on the
// bando page: at 1280 and 390 px the SUA officer opens the administrative
// session, admits five offers and excludes one with its reason, closes the
// session, opens the economic one, computes the ranking (the anomaly
// threshold of method A, computed by hand below, shown with its steps),
// proposes, records a check, awards and records the contract; the public
// bando page then shows the ranking and the awardee.  A commissioner
// assigned to an OEPV tender scores an offer on the scoring form, and a
// value out of range marks its field.  A Comune's user gets the 403
// message.
//
// The bids are real (tests/lib/offerte.mjs): three officers enrol their
// holder keys, each tender names them, the operators submit sealed
// envelopes through the API, and envelope C is opened with two holders'
// passphrases while the page is open; only the offer deadline is moved
// past by SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, screenshot, checkPageBasics, WAIT } from './support.mjs';
import { addUser, login, PASSWORD } from '../lib/auth.mjs';
import { cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { enrolHolders, nameHolders, submit, openEnvelopes } from '../lib/offerte.mjs';
import { piva } from '../lib/buste.mjs';

let env;
const SUA = { email: 'sua.valut@prova.example', password: PASSWORD };
const COMM = { email: 'comm.valut@prova.example', password: PASSWORD };
const COMUNE = { email: 'comune.valut@prova.example', password: PASSWORD };
let commId;
const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const fmt = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const now = () => fmt.format(new Date()).replace(', ', ' ');
const sql = (q) => sqlOn(env.db, q);
let keys; // the key holders' { user_id, passphrase }

before(async () => {
  env = await setup();
  const r = cli(['import', 'cpv', '--db', env.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(env.db, SUA.email, 'sua_officer', 'provincia:024', 'Sara Appalti');
  addUser(env.db, 'capo.valut@prova.example', 'sua_officer', 'provincia:024', 'Dirigente SUA');
  addUser(env.db, 'terzo.valut@prova.example', 'sua_officer', 'provincia:024', 'Terzo custode');
  commId = addUser(env.db, COMM.email, 'commissioner', 'provincia:024', 'Carlo Commissario');
  addUser(env.db, COMUNE.email, 'comune', 'comune:024116', 'Cora Comune');
  keys = await enrolHolders([await login(env.url, SUA.email), await login(env.url, 'capo.valut@prova.example'),
    await login(env.url, 'terzo.valut@prova.example')]);
});
after(async () => { await env?.close(); });

// A published tender past its deadline with real sealed offers [piva,
// name, discount] (envelope B too for OEPV).
async function tender(cig, criterio, offers, criteri) {
  const s = await login(env.url, SUA.email);
  let r = await s.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto: `Asfaltature ${cig}`, tipo: 'lavori',
    lotti: [{ oggetto: 'Asfaltature', cig, cpv: '45233141-9', importo_cents: 80000000, sicurezza_cents: 0, comune: '024116' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const lotto = r.body.lotti[0].id;
  r = await s.call('PUT', `/api/v1/sua/gare/${id}`, {
    procedura: 'aperta', criterio, ...(criteri ? { criteri } : {}), rup_nome: 'Ing. Anna Verdi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY), prima_seduta: iso(Date.now() + 46 * DAY),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await nameHolders(s, id, keys);
  assert.equal((await s.call('POST', `/api/v1/sua/gare/${id}/pubblica`)).status, 200);
  if (criterio === 'prezzo') assert.equal((await s.call('PUT', `/api/v1/sua/gare/${id}/valutazione`, { metodo_anomalia: 'A' })).status, 200);
  const ids = [];
  for (const [piva, nome, rib] of offers) {
    const o = await submit(env, id, 1, piva, nome, { ribasso: rib }, criterio === 'oepv' ? { note: 'Relazione tecnica' } : null);
    ids.push({ oid: o.id, rib });
  }
  sql(`UPDATE sua_gara SET termine_offerte = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id}`);
  return { id, lotto, ids, s };
}
// The public session: two holders open the envelopes C of lot 1.
const openC = (t) => openEnvelopes(t.s, t.id, 1, 'C', keys.slice(0, 2));

// Six offers, one excluded at envelope A; the five admitted: 10.000 12.000
// 14.000 16.000 30.000.  n = 5: k = 1, wings 10.000 and 30.000; kept 12, 14,
// 16: S = 42.000, M = 14, above M: 16 -> SM = 2; A.2: SM/M = 0.142857 <=
// 0.15 -> threshold = 1.2 x 14 = 16.8.  30.000 >= 16.8: excluded; winner
// 16.000.
const OFFERS = [
  [piva('0000000101'), 'Asfalti Uno srl', '10.000'], [piva('0000000102'), 'Asfalti Due srl', '12.000'],
  [piva('0000000103'), 'Asfalti Tre srl', '14.000'], [piva('0000000104'), 'Asfalti Quattro srl', '16.000'],
  [piva('0000000105'), 'Asfalti Cinque srl', '30.000'], [piva('0000000106'), 'Asfalti Sei srl', '18.000'],
];

for (const [width, height, cig] of [[1280, 900, 'A003270025'], [390, 844, 'A0080D94E7']]) {
  test(`the officer runs the sessions to the contract, the public sees the results, at ${width} px`, async () => {
    const t = await tender(cig, 'prezzo', OFFERS);
    const { page, assertClean, close } = await env.open(`/valutazione.html?id=${t.id}`, {
      login: SUA, viewport: { width, height }, allow: [/422.*\/graduatoria/],
    });
    try {
      await page.locator('#area-funzionario:not([hidden])').waitFor(WAIT);
      assert.match(await page.locator('#regole').textContent(), /Metodo A/);
      await page.locator('#seduta-tipo').selectOption('amministrativa');
      await page.locator('#seduta-data').fill(now());
      await page.locator('#seduta-presenti').fill('Ing. Anna Verdi (RUP)\nDott. Luca Neri');
      await page.locator('#apri-seduta').click();
      await page.locator('#tabella-sedute tbody tr:has-text("Amministrativa")').waitFor(WAIT);
      for (let i = 0; i < 6; i++) {
        await page.locator('#amm-1-offerta').selectOption(String(t.ids[i].oid));
        if (i === 5) {
          await page.locator('#amm-1-esito').selectOption('esclusa');
          await page.locator('#amm-1-motivo').fill('Garanzia provvisoria mancante');
        } else {
          await page.locator('#amm-1-esito').selectOption('ammessa');
        }
        await page.locator('#amm-1-invia').click();
        await page.locator(`#partecipanti-1 tbody tr:nth-child(${i + 1}) td:has-text("${i === 5 ? 'Esclusa' : 'Ammessa'}")`).waitFor(WAIT);
      }
      await page.locator('#tabella-sedute input[data-campo="esito"]').fill('Cinque offerte ammesse, una esclusa.');
      await page.locator('#tabella-sedute button:has-text("Chiudi la seduta")').click();
      await page.locator('#tabella-sedute td:has-text("Cinque offerte ammesse")').waitFor(WAIT);
      await page.locator('#seduta-tipo').selectOption('economica');
      await page.locator('#seduta-data').fill(now());
      await page.locator('#seduta-presenti').fill('Ing. Anna Verdi (RUP)');
      await page.locator('#apri-seduta').click();
      await page.locator('#tabella-sedute tbody tr:has-text("Economica")').waitFor(WAIT);
      // Envelopes C still sealed: the refusal is shown.
      await page.locator('#form-graduatoria-1-invia').click();
      await page.locator('#app-alerts:has-text("busta C")').waitFor(WAIT);
      assert.equal((await openC(t)).buste_aperte, 5);
      await page.locator('#form-graduatoria-1-invia').click();
      await page.locator('#graduatoria-1').waitFor(WAIT);
      const rows = await page.locator('#graduatoria-1 tbody tr').allTextContents();
      assert.equal(rows.length, 5);
      assert.match(rows[0], /^1Asfalti Quattro srl.*16\.000/);
      assert.match(rows[4], /Asfalti Cinque srl.*30\.000.*esclusa/);
      assert.match(await page.locator('.soglia-anomalia').textContent(), /16\.8 %/);
      await checkPageBasics(page);
      await screenshot(page, `sua-valutazione-graduatoria-${width}`);
      await page.locator('#proposta-1').click();
      await page.locator('#aggiudicatario-1:has-text("Asfalti Quattro srl")').waitFor(WAIT);
      await page.locator('#requisito-1').fill('DURC regolare');
      await page.locator('#form-verifica-1-invia').click();
      await page.locator('#lotto-1 li:has-text("DURC regolare: positivo")').waitFor(WAIT);
      await page.locator('#aggiudica-1').click();
      await page.locator('#lotto-1 h2:has-text("Aggiudicato")').waitFor(WAIT);
      const oggi = today().split('-').reverse().join('/');
      await page.locator('#contratto-data-1').fill(oggi);
      await page.locator('#contratto-importo-1').fill('672.000,00');
      await page.locator('#form-contratto-1-invia').click();
      await page.locator(`#contratto-1:has-text("${oggi}")`).waitFor(WAIT);
      assert.match(await page.locator('#contratto-1').textContent(), /672\.000,00/);
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
      }
      await screenshot(page, `sua-valutazione-contratto-${width}`);

      // The tender editor links here.
      await page.goto(`/gara.html?id=${t.id}`);
      await page.locator('#link-valutazione:not([hidden])').waitFor(WAIT);
      assert.equal(await page.locator('#link-valutazione a').getAttribute('href'), `/valutazione.html?id=${t.id}`);

      // The public bando page: the results.
      await page.goto(`/bando.html?id=${t.id}`);
      await page.locator('#sezione-esiti:not([hidden])').waitFor(WAIT);
      const esito = await page.locator('#esito-lotto-1').textContent();
      assert.match(esito, /Aggiudicato a Asfalti Quattro srl/);
      assert.match(esito, /16\.000 %/);
      assert.match(esito, /Soglia di anomalia: 16\.8 %/);
      assert.doesNotMatch(esito, /Garanzia provvisoria mancante/);
      await checkPageBasics(page);
      await screenshot(page, `sua-bando-esiti-${width}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('a commissioner scores on the form; a value out of range marks its field', async () => {
  const criteri = { criteri: [{ nome: 'Qualità', punti: 70 }], economico: { punti: 30, formula: 'lineare', decimali: 3 } };
  const t = await tender('A005FC04C3', 'oepv', [[piva('0000000201'), 'Verde Uno srl', '10.000']], criteri);
  assert.equal((await t.s.call('POST', `/api/v1/sua/gare/${t.id}/commissari`, { user_id: commId })).status, 200);
  const r1 = await t.s.call('POST', `/api/v1/sua/gare/${t.id}/sedute`, { lotto: 1, tipo: 'amministrativa', data: iso(Date.now()), presenti: ['RUP'] });
  assert.equal(r1.status, 201);
  assert.equal((await t.s.call('POST', `/api/v1/sua/gare/${t.id}/lotti/1/ammissioni`, { offerta_id: t.ids[0].oid, esito: 'ammessa' })).status, 200);
  const { page, assertClean, close } = await env.open(`/valutazione.html?id=${t.id}&lotto=1`, { login: COMM, allow: [/400.*\/coefficienti/] });
  try {
    await page.locator('#area-commissario:not([hidden])').waitFor(WAIT);
    const input = page.locator(`#scheda-${t.ids[0].oid}-1`);
    await input.fill('1,5');
    await page.locator(`#scheda-${t.ids[0].oid} button[type="submit"]`).click();
    await page.locator(`#scheda-${t.ids[0].oid}-1[aria-invalid="true"]`).waitFor(WAIT);
    await input.fill('0,75');
    await page.locator(`#scheda-${t.ids[0].oid} button[type="submit"]`).click();
    await page.locator('#stato-pagina:has-text("Coefficienti salvati")').waitFor(WAIT);
    assert.equal(await page.locator(`#scheda-${t.ids[0].oid}-1`).inputValue(), '0.750000');
    await checkPageBasics(page);
    await screenshot(page, 'sua-valutazione-commissario');
    assertClean();
  } finally {
    await close();
  }
});

test('a Comune\'s user gets the 403 message', async () => {
  const { page, assertClean, close } = await env.open('/valutazione.html?id=1', { login: COMUNE });
  try {
    await page.locator('#accesso-richiesto .alert-danger').waitFor(WAIT);
    assert.match(await page.locator('#accesso-richiesto').textContent(), /403/);
    assertClean();
  } finally {
    await close();
  }
});
