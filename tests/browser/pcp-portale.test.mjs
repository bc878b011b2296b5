// The public tender page shows where the call was published through
// ANAC's PCP (issue 17, item 7): "Pubblicazione presso l'ANAC" with the
// link to ANAC's notice in production and the TED notice id of an EU call;
// a test environment's notice is named as such, with no link; nothing
// before publication.  The lifecycle's row (pcp_ciclo) is written as
// ciclo.c writes it; tenders are made and published through the officer's
// API.  1280 and 390 px wide, no console errors, accessibility basics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, checkPageBasics, screenshot, WAIT } from './support.mjs';
import { sql } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const AVVISO = 'f81d4fae-7dec-41d0-a765-00a0c91e6bf6';

let env;
const T = {};

async function gara(sua, oggetto, importo) {
  const r = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto, tipo: 'lavori',
    lotti: [{ oggetto: 'Lotto unico', cpv: '45233141-9', importo_cents: importo, sicurezza_cents: 0, comune: '024116', cig: 'A005FC04C3' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const e = await sua.call('PUT', `/api/v1/sua/gare/${r.body.id}`, {
    procedura: 'aperta', criterio: 'prezzo', rup_nome: 'Ing. Maria Rossi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 20 * DAY), termine_offerte: iso(Date.now() + 45 * DAY), prima_seduta: iso(Date.now() + 46 * DAY),
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  const p = await sua.call('POST', `/api/v1/sua/gare/${r.body.id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body.id;
}
function ciclo(id, ambiente, avviso, stato) {
  sql(env.db, `INSERT INTO pcp_ciclo (gara_id, ente, ambiente, stato, rup_cf, rup_ruolo, rup_loa, rup_idp, id_avviso, stato_avviso, created, updated)
    VALUES (${id}, 'provincia:024', '${ambiente}', 'attesa_gara', 'RSSMRA85T10A562S', 'RP', '3', 'SPID', '${avviso}', '${stato}', 0, 0)`);
}

before(async () => {
  env = await setup();
  addUser(env.db, 'sua.pcp.portale@example.org', 'sua_officer', 'provincia:024');
  const sua = await login(env.url, 'sua.pcp.portale@example.org');
  // 8,000,000.00 euro of works: above the EU threshold.
  T.eu = await gara(sua, 'Nuova sede del liceo', 800000000);
  ciclo(T.eu, 'esercizio', AVVISO, 'PUBB');
  T.prova = await gara(sua, 'Asfaltatura strade provinciali', 40000000);
  ciclo(T.prova, 'collaudo', '00000000-0000-4000-8000-0000000000aa', 'PUBB');
  T.attesa = await gara(sua, 'Rifacimento della copertura', 40000000);
  ciclo(T.attesa, 'esercizio', '00000000-0000-4000-8000-0000000000bb', 'IN_ATT_PUBB');
});
after(async () => { await env?.close(); });

for (const width of [1280, 390]) {
  test(`an EU call published in production: ANAC link and TED notice id (${width} px)`, async () => {
    const { page, assertClean, close } = await env.open(`/bando.html?id=${T.eu}`, { viewport: { width, height: 900 } });
    try {
      const sec = page.locator('#sezione-pubblicazione:not([hidden])');
      await sec.waitFor(WAIT);
      const api = await (await page.request.get(`/api/v1/gare/${T.eu}`)).json();
      const link = sec.locator('a');
      assert.equal(await link.getAttribute('href'), `https://pubblicitalegale.anticorruzione.it/bandi/${AVVISO}`);
      assert.match(await link.textContent(), new RegExp(AVVISO));
      const text = await sec.textContent();
      assert.match(text, /Gazzetta europea \(TED\)/);
      assert.ok(text.includes(api.pcp.ted.notice_id), 'the TED notice id of the API');
      assert.match(api.pcp.ted.notice_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
      assert.ok(w.doc <= width && w.body <= width, `${w.doc}/${w.body} px wide at ${width}`);
      await checkPageBasics(page);
      await screenshot(page, `pcp-portale-${width}`);
      assertClean();
    } finally {
      await close();
    }
  });
}

test('a test environment\'s notice says so, without a link; a notice not yet published is not shown', async () => {
  const a = await env.open(`/bando.html?id=${T.prova}`);
  try {
    const sec = a.page.locator('#sezione-pubblicazione:not([hidden])');
    await sec.waitFor(WAIT);
    assert.equal(await sec.locator('a').count(), 0);
    assert.match(await sec.textContent(), /ambiente di prova ANAC: collaudo, non è una pubblicazione legale/);
    assert.doesNotMatch(await sec.textContent(), /TED/, 'a national call');
    a.assertClean();
  } finally {
    await a.close();
  }
  const b = await env.open(`/bando.html?id=${T.attesa}`);
  try {
    await b.page.locator('#gara:not([hidden])').waitFor(WAIT);
    assert.equal(await b.page.locator('#sezione-pubblicazione').isHidden(), true);
    b.assertClean();
  } finally {
    await b.close();
  }
});
