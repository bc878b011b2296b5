// The one Italian parser and formatter (web/src/js/lib/numeri.js), run in
// the real browser (Chromium, locale it-IT, Intl of the browser) on a table
// of cases, both directions: what a civil servant types -> the API's
// canonical form (or an Italian message), and the API's values -> Italian.
// The module has no imports: its source is evaluated in the calculators'
// page, which uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup } from './support.mjs';

const SRC = readFileSync(new URL('../../web/src/js/lib/numeri.js', import.meta.url), 'utf8');

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// [function, input, expected value or { error: RegExp }, expected extra fields]
const PARSE = [
  ['parseImporto', '150.000,00', '150000.00', { cents: 15000000, ambiguous: false }],
  ['parseImporto', '150000.00', '150000.00', { ambiguous: true, shown: '€ 150.000,00' }],
  ['parseImporto', '150000,00', '150000.00'],
  ['parseImporto', '150000', '150000.00'],
  ['parseImporto', '1.500', '1500.00', { cents: 150000, ambiguous: true, shown: '€ 1.500,00' }],
  ['parseImporto', '1.500.000', '1500000.00'],
  ['parseImporto', '€ 1.234,56', '1234.56'],
  ['parseImporto', '1.234,5 €', '1234.50'],
  ['parseImporto', '  216 000,00 ', '216000.00'],
  ['parseImporto', '1.50', '1.50'],
  ['parseImporto', '0,5', '0.50'],
  ['parseImporto', '1,500.00', { error: /virgola/ }],
  ['parseImporto', '1.50.000', { error: /non riconosciuto/ }],
  ['parseImporto', '12,345', { error: /due decimali/ }],
  ['parseImporto', '1,2,3', { error: /più di una virgola/ }],
  ['parseImporto', '-100', { error: /negativo/ }],
  ['parseImporto', 'cento', { error: /solo cifre/ }],
  ['parseImporto', '', { error: /vuoto/ }],
  ['parseImporto', '0', { error: /almeno/ }],
  ['parsePercentuale', '14,320', '14.320', { shown: '14,320 %' }],
  ['parsePercentuale', '14.320', '14.320'],
  ['parsePercentuale', '14,32 %', '14.32'],
  ['parsePercentuale', '14,32%', '14.32'],
  ['parsePercentuale', '17,245714', '17.245714'],
  ['parsePercentuale', '0', '0'],
  ['parsePercentuale', '100', '100'],
  ['parsePercentuale', '101', { error: /fra 0 e 100/ }],
  ['parsePercentuale', '14,1234567', { error: /6 decimali/ }],
  ['parsePercentuale', '14.3.2', { error: /un solo separatore/ }],
  ['parsePercentuale', '14,5x', { error: /solo cifre/ }],
  ['parsePercentuale', '%', { error: /Manca/ }],
  ['parseData', '01/01/2026', '2026-01-01', { shown: '01/01/2026' }],
  ['parseData', '1/3/2026', '2026-03-01'],
  ['parseData', '29.02.2028', '2028-02-29'],
  ['parseData', '15-07-2020', '2020-07-15'],
  ['parseData', '2026-01-01', '2026-01-01'],
  ['parseData', '29/02/2026', { error: /non esiste/ }],
  ['parseData', '31/04/2026', { error: /non esiste/ }],
  ['parseData', '01/01/26', { error: /quattro cifre/ }],
  ['parseData', 'domani', { error: /gg\/mm\/aaaa/ }],
  ['parseIntero', '1.500', 1500],
  ['parseIntero', '3', 3],
  ['parseIntero', '2,5', { error: /intero/ }],
];

// [function, argument, expected text] (spaces compared as plain spaces)
const FORMAT = [
  ['formatEuro', '150000.00', '€ 150.000,00'],
  ['formatEuro', '1500.00', '€ 1.500,00'],
  ['formatEuro', '0.50', '€ 0,50'],
  ['formatEuroCents', 21600000, '€ 216.000,00'],
  ['formatEuroCents', 25000, '€ 250,00'],
  ['formatEuroCents', 1, '€ 0,01'],
  ['formatEuroCents', 1000000000000, '€ 10.000.000.000,00'],
  ['formatPercentuale', '17.245714', '17,245714 %'],
  ['formatPercentuale', '14.320', '14,320 %'],
  ['formatPercentuale', '100', '100 %'],
  ['formatNumero', '182.228', '182,228'],
  ['formatNumero', 7894, '7.894'],
  ['formatNumero', 1500, '1.500'],
  ['formatNumero', '1234567.891', '1.234.567,891'],
  ['formatData', '2026-01-01', '01/01/2026'],
  ['formatData', '2020-07-15', '15/07/2020'],
  ['formatData', '2026-02-30', '—'],
  ['formatData', 'ieri', '—'],
];

async function runInPage(page) {
  return page.evaluate(({ src, parse, format }) => {
    // eslint-disable-next-line no-new-func
    const mod = new Function(`${src.replace(/^export /gm, '')}
      return { parseImporto, parsePercentuale, parseData, parseIntero, formatEuro, formatEuroCents,
        formatPercentuale, formatNumero, formatData, formatDataOra, oggiRoma };`)();
    return {
      parsed: parse.map(([fn, input]) => mod[fn](input)),
      formatted: format.map(([fn, arg]) => mod[fn](arg)),
      // Both directions: every parsed value shown back parses to itself.
      roundTrip: parse.filter(([fn, , exp]) => fn !== 'parseIntero' && typeof exp === 'string').map(([fn, input]) => {
        const r = mod[fn](input);
        const back = fn === 'parseImporto' ? mod.formatEuro(r.value) : fn === 'parseData' ? mod.formatData(r.value) : mod.formatPercentuale(r.value);
        return [input, r.value, back, mod[fn](back).value];
      }),
      // Rome's calendar day, whatever the browser's zone: 23:30 UTC on
      // 31 December is already 1 January in Rome.
      oggi: mod.oggiRoma(new Date(Date.UTC(2025, 11, 31, 23, 30))),
      oraLegale: mod.formatDataOra(Date.UTC(2026, 6, 1, 10, 0)),
    };
  }, { src: SRC, parse: PARSE, format: FORMAT });
}

const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ');

for (const tz of ['Europe/Rome', 'America/New_York']) {
  test(`numeri.js: ${PARSE.length} inputs and ${FORMAT.length} outputs (browser zone ${tz})`, async () => {
    // Its own context: the browser's time zone is the point of the test.
    const ctx = await env.browser.newContext({ baseURL: env.url, locale: 'it-IT', timezoneId: tz });
    const problems = [];
    try {
      const p = await ctx.newPage();
      p.on('pageerror', (e) => problems.push(e.message));
      p.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      await p.goto('/calcolatori.html');
      const r = await runInPage(p);
      PARSE.forEach(([fn, input, exp, extra], i) => {
        const got = r.parsed[i];
        if (exp && typeof exp === 'object' && exp.error) {
          assert.equal(got.ok, false, `${fn}(${JSON.stringify(input)}) refused`);
          assert.match(got.message, exp.error, `${fn}(${JSON.stringify(input)}) message`);
        } else {
          assert.equal(got.ok, true, `${fn}(${JSON.stringify(input)}): ${got.message}`);
          assert.equal(got.value, exp, `${fn}(${JSON.stringify(input)})`);
          for (const [k, v] of Object.entries(extra ?? {})) assert.equal(typeof v === 'string' ? plain(got[k]) : got[k], v, `${fn}(${JSON.stringify(input)}).${k}`);
        }
      });
      FORMAT.forEach(([fn, arg, exp], i) => assert.equal(plain(r.formatted[i]), exp, `${fn}(${JSON.stringify(arg)})`));
      for (const [input, value, back, again] of r.roundTrip) assert.equal(again, value, `${input} -> ${value} -> ${back} -> back`);
      assert.equal(r.oggi, '2026-01-01');
      assert.equal(plain(r.oraLegale), '01/07/2026, 12:00', 'CEST (UTC+2) in July');
      assert.ok(PARSE.length + FORMAT.length >= 30);
      assert.deepEqual(problems, []);
    } finally {
      await ctx.close();
    }
  });
}
