// sua.test.mjs - end-to-end tests of the SUA rules engine over HTTP
// (POST /api/v1/sua/procedura, POST /api/v1/sua/anomalia,
// GET /api/v1/valida/{tipo}/{codice}) and of the matching CLI commands
// (`areavasta sua procedura|anomalia`, `areavasta valida`, `import cpv`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, api, assertEnvelope, cli, newDatabase, SHARED } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const post = (path, body) => api(srv.url, path, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const A1 = ['10.250', '12.100', '13.755', '14.000', '14.320', '15.005', '15.500', '16.125',
  '16.800', '17.040', '18.333', '19.900', '21.450', '24.000', '27.615'];

test('procedura: 150 000 euro of services in 2026 is a negotiated procedure with 5 operators', async () => {
  const r = await post('/api/v1/sua/procedura', { tipo: 'servizi', importo_cents: 15000000, data: '2026-03-01' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.sopra_soglia_ue, false);
  assert.equal(r.body.regime.soglia_cents, 21600000);
  assert.equal(r.body.regime.valid_from, '2026-01-01');
  assert.equal(r.body.procedure[0].codice, 'negoziata_senza_bando');
  assert.match(r.body.procedure[0].articolo, /lett\. e\)/);
  assert.equal(r.body.min_operatori, 5);
  assert.equal(r.body.standstill_giorni, null);
  assert.equal(r.body.contributo_anac.per_lotto[0].stazione_appaltante_cents, 25000);
  assert.equal(r.body.esclusione_automatica.ammessa, true);
  assert.equal(r.body.qualificazione.livello_richiesto, 'SF3');
  assert.ok(r.body.warnings.some((w) => w.startsWith('INCERTO')));
  assert.ok(r.body.riferimenti.length > 3);
});

test('procedura: a value equal to the threshold is above it; the decimal form is accepted', async () => {
  const r = await post('/api/v1/sua/procedura', { tipo: 'lavori', importo: '5404000.00', data: '2026-01-01' });
  assert.equal(r.status, 200);
  assert.equal(r.body.sopra_soglia_ue, true);
  assert.equal(r.body.standstill_giorni, 35);
  assert.equal(r.body.min_giorni_offerte.giorni, 30);
  const below = await post('/api/v1/sua/procedura', { tipo: 'lavori', importo_cents: 540399999, data: '2026-01-01' });
  assert.equal(below.body.sopra_soglia_ue, false);
  const old = await post('/api/v1/sua/procedura', { tipo: 'lavori', importo_cents: 540400000, data: '2025-12-31' });
  assert.equal(old.body.sopra_soglia_ue, false);
  assert.equal(old.body.regime.soglia_cents, 553800000);
});

test('procedura: lots, sum decides and small lots exception', async () => {
  const r = await post('/api/v1/sua/procedura', {
    tipo: 'servizi', data: '2026-03-01', importi_lotti_cents: [5000000, 10000000, 5000000, 5000000],
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.sopra_soglia_ue, true);
  assert.equal(r.body.lotti.quota_massima_cents, 5000000);
  assert.equal(r.body.lotti.lotti.filter((l) => l.deroga_art_14_c11).length, 1);
  assert.equal(r.body.contributo_anac.per_lotto.length, 4);
});

test('procedura: refusals name the field', async () => {
  const cases = [
    [{ tipo: 'servizi', importo_cents: 1, data: '2026-03-01', extra: 1 }, 'extra'],
    [{ tipo: 'opere', importo_cents: 1, data: '2026-03-01' }, 'tipo'],
    [{ tipo: 'servizi', importo_cents: '100', data: '2026-03-01' }, 'importo_cents'],
    [{ tipo: 'servizi', importo_cents: 12.5, data: '2026-03-01' }, 'importo_cents'],
    [{ tipo: 'servizi', importo: '1,5', data: '2026-03-01' }, 'importo'],
    [{ tipo: 'servizi', importo_cents: 100, data: '2023-06-30' }, 'data'],
    [{ tipo: 'servizi', importo_cents: 100, data: '01/03/2026' }, 'data'],
    [{ tipo: 'servizi', importo_cents: 100, data: '2026-03-01', ente: 'regione' }, 'ente'],
    [{ tipo: 'servizi', importo_cents: 100, data: '2026-03-01', qualificazione: 'L9' }, 'qualificazione'],
    [{ tipo: 'servizi', importo_cents: 100, data: '2026-03-01', interesse_transfrontaliero: 'si' }, 'interesse_transfrontaliero'],
    [{ tipo: 'servizi', data: '2026-03-01', importi_lotti_cents: [1, -2] }, 'importi_lotti_cents[1]'],
  ];
  for (const [body, field] of cases) {
    const e = assertEnvelope(assert, await post('/api/v1/sua/procedura', body), 400);
    assert.equal(e.field, field, JSON.stringify(body));
    assert.ok(e.message.length > 10);
  }
  assertEnvelope(assert, await post('/api/v1/sua/procedura', '{"tipo":'), 400);
});

test('anomalia: worked example A1 of LAW.md with every step', async () => {
  const r = await post('/api/v1/sua/anomalia', { metodo: 'A', offerte: A1 });
  assert.equal(r.status, 200);
  assert.equal(r.body.applicabile, true);
  assert.equal(r.body.taglio_ali.k, 2);
  assert.equal(r.body.somma, '182.228');
  assert.equal(r.body.soglia, '18.619063');
  assert.equal(r.body.soglia_frazione, '6400303/343750');
  assert.deepEqual(r.body.escluse.map((x) => x.ribasso), ['27.615', '24.000', '21.450', '19.900']);
  assert.equal(r.body.vincitrice.ribasso, '18.333');
  assert.deepEqual(r.body.vincitrice.posizioni, [11]);
  assert.equal(r.body.ribasso_aggiudicazione, '18.333');
});

test('anomalia: B awards at the second price, C uses E', async () => {
  const b = await post('/api/v1/sua/anomalia', { metodo: 'B', offerte: ['9.870', '11.235', '12.400', '13.060', '14.500', '15.125', '15.990', '16.700', '17.480', '19.360', '21.005', '24.300'] });
  assert.equal(b.body.soglia, '17.2741625');
  assert.equal(b.body.vincitrice.ribasso, '16.700');
  assert.equal(b.body.ribasso_aggiudicazione, '15.990');
  const c = await post('/api/v1/sua/anomalia', { metodo: 'C', sconto_riferimento: '24.000', offerte: ['15.200', '18.750', '20.100', '21.330', '22.000', '22.480', '23.150', '24.010', '25.600', '27.900'] });
  assert.equal(c.body.soglia, '24.1306');
  assert.equal(c.body.ribasso_aggiudicazione, '24.010');
  const few = await post('/api/v1/sua/anomalia', { metodo: 'A', offerte: ['1', '2', '3', '4'] });
  assert.equal(few.status, 200);
  assert.equal(few.body.applicabile, false);
});

test('anomalia: refusals', async () => {
  const cases = [
    [{ metodo: 'D', offerte: A1 }, 'metodo'],
    [{ metodo: 'A', offerte: [14.32] }, 'offerte[0]'],
    [{ metodo: 'A', offerte: ['14,32'] }, 'offerte[0]'],
    [{ metodo: 'A', offerte: 'x' }, 'offerte'],
    [{ metodo: 'A' }, 'offerte'],
    [{ metodo: 'C', offerte: A1 }, 'sconto_riferimento'],
    [{ metodo: 'A', offerte: A1, decimali: 3 }, 'decimali'],
  ];
  for (const [body, field] of cases) {
    const e = assertEnvelope(assert, await post('/api/v1/sua/anomalia', body), 400);
    assert.equal(e.field, field, JSON.stringify(body));
  }
});

test('valida: codes over HTTP', async () => {
  let r = await api(srv.url, '/api/v1/valida/cig/A005FC04C3');
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.tipo, r.body.codice, r.body.valido, r.body.motivo], ['cig', 'A005FC04C3', true, null]);
  r = await api(srv.url, '/api/v1/valida/cig/1234567DE8');
  assert.equal(r.body.valido, false);
  assert.match(r.body.motivo, /controllo/);
  r = await api(srv.url, '/api/v1/valida/cf/RSSMRA79B11C56SO');
  assert.equal(r.body.valido, true);
  assert.equal(r.body.omocodia, true);
  r = await api(srv.url, '/api/v1/valida/piva/02342520158');
  assert.equal(r.body.valido, true);
  r = await api(srv.url, '/api/v1/valida/cup/j51b21005010006');
  assert.equal(r.body.valido, false);
  assertEnvelope(assert, await api(srv.url, '/api/v1/valida/iban/IT60X'), 404);
});

test('cli: sua procedura, anomalia, valida and import cpv', () => {
  let r = cli(['sua', 'procedura', '--tipo', 'lavori', '--importo', '150000.00', '--data', '2026-03-01', '--compatto']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).min_operatori, 5);
  r = cli(['sua', 'procedura', '--tipo', 'lavori']);
  assert.equal(r.status, 2);
  r = cli(['sua', 'procedura', '--help']);
  assert.equal(r.status, 0);
  r = cli(['sua', 'anomalia', '--metodo', 'A', '--compatto'], { input: A1.join('\n') + '\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).soglia, '18.619063');
  r = cli(['sua', 'anomalia', '--metodo', 'A'], { input: '14.3\nabc\n' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Riga 2/);
  r = cli(['valida', 'cig', '1234567CE7', '1234567DE8']);
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.valido), [true, false]);
  const { db, drop } = newDatabase({ empty: true });
  try {
    r = cli(['import', 'cpv', '--db', db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
    assert.equal(r.status, 0, r.stderr);
    r = cli(['valida', 'cpv', '--db', db, '45233141-9', '51000000-9', '45233141-8', '99999999']);
    assert.equal(r.status, 1);
    const v = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(v.map((x) => x.valido), [true, true, false, false]);
    assert.equal(v[0].descrizione_it, 'Lavori di manutenzione stradale');
    assert.equal(v[0].descrizione_en, 'Road-maintenance works');
    r = cli(['valida', 'cpv', '45233141-9']);
    assert.equal(r.status, 2);
  } finally {
    drop();
  }
});

// Legal time (issue 8, item 11): the minimum terms as dates, counted as
// Reg. 1182/71 counts them, with the installation's patron day and
// roll-over setting changed by `areavasta impostazioni set`.
test('procedura: minimum terms as dates follow the calendar and the settings', async () => {
  const body = { tipo: 'lavori', importo_cents: 600000000, data: '2026-11-20' };
  let r = await post('/api/v1/sua/procedura', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const mg = r.body.min_giorni_offerte;
  // 30 days from Friday 20/11/2026 end on Sunday 20/12: Monday 21/12.
  assert.equal(mg.giorni, 30);
  assert.equal(mg.scadenza_minima, '2026-12-21');
  // 15 days end on Saturday 5/12: Monday 7/12.
  assert.deepEqual(mg.riduzioni.map((x) => [x.giorni, x.scadenza_minima]),
    [[15, '2026-12-07'], [15, '2026-12-07']]);
  assert.equal(r.body.procedure[0].scadenza_minima_offerte, '2026-12-21');
  assert.ok(r.body.riferimenti.includes('art. 3 reg. (CEE, Euratom) 1182/71'));

  // The patron on 7/12 (Sant'Ambrogio, Milano): Tuesday 8/12 is the
  // Immacolata, so the 15-day term ends on Wednesday 9/12.
  let c = cli(['impostazioni', 'set', '--db', srv.db, 'patrono', '07/12']);
  assert.equal(c.status, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout), { patrono: '07/12', proroga_festivi: true, 'ocds.prefisso': 'ocds-areavasta' });
  r = await post('/api/v1/sua/procedura', body);
  assert.equal(r.body.min_giorni_offerte.riduzioni[0].scadenza_minima, '2026-12-09');

  // Bad values are refused and change nothing.
  for (const [k, v] of [['patrono', '31/02'], ['patrono', '7/12'], ['proroga_festivi', 'forse'], ['fuso', 'x']]) {
    c = cli(['impostazioni', 'set', '--db', srv.db, k, v]);
    assert.equal(c.status, 1, `${k}=${v}`);
    assert.match(c.stderr, /non valid|sconosciuta/);
  }
  c = cli(['impostazioni', 'show', '--db', srv.db]);
  assert.deepEqual(JSON.parse(c.stdout), { patrono: '07/12', proroga_festivi: true, 'ocds.prefisso': 'ocds-areavasta' });

  // Without roll-over the terms end on the Sunday and the Saturday.
  c = cli(['impostazioni', 'set', '--db', srv.db, 'proroga_festivi', 'no']);
  assert.equal(c.status, 0, c.stderr);
  r = await post('/api/v1/sua/procedura', body);
  assert.equal(r.body.min_giorni_offerte.scadenza_minima, '2026-12-20');
  assert.equal(r.body.min_giorni_offerte.riduzioni[0].scadenza_minima, '2026-12-05');

  // Back to the defaults.
  for (const [k, v] of [['patrono', 'nessuno'], ['proroga_festivi', 'si']]) {
    c = cli(['impostazioni', 'set', '--db', srv.db, k, v]);
    assert.equal(c.status, 0, c.stderr);
  }
  assert.deepEqual(JSON.parse(c.stdout), { patrono: null, proroga_festivi: true, 'ocds.prefisso': 'ocds-areavasta' });
  r = await post('/api/v1/sua/procedura', body);
  assert.equal(r.body.min_giorni_offerte.riduzioni[0].scadenza_minima, '2026-12-07');

  // The CLI calculator takes the same settings as options.
  c = cli(['sua', 'procedura', '--tipo', 'lavori', '--importo', '6000000.00', '--data', '2026-11-20',
    '--patrono', '07/12', '--compatto']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).min_giorni_offerte.riduzioni[0].scadenza_minima, '2026-12-09');
  c = cli(['sua', 'procedura', '--tipo', 'lavori', '--importo', '6000000.00', '--data', '2026-11-20',
    '--proroga-festivi', 'forse']);
  assert.equal(c.status, 2);
  // Under the threshold there is no legal minimum, hence no date.
  r = await post('/api/v1/sua/procedura', { tipo: 'servizi', importo_cents: 15000000, data: '2026-03-01' });
  assert.equal(r.body.min_giorni_offerte.scadenza_minima, null);
});
