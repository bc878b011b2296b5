// sua-termini.test.mjs - end-to-end tests of the legal minimum time limits
// (GET /api/v1/sua/termini and `areavasta sua termini`): dates across
// holidays and the days the clocks change, with the installation's
// roll-over setting on (the default) and off (`areavasta impostazioni set
// proroga_festivi no`); refusals naming their field (API 400, CLI exit 2).
// Every expected date is written by hand, with its weekday.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, cli } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const get = (params) => api(srv.url, '/api/v1/sua/termini?' + new URLSearchParams(params));

// [query, giorni, roll-over off (invio + giorni), roll-over on]
const TABLE = [
  // Christmas Fri 25/12/2026, Santo Stefano Sat 26, Sun 27 -> Mon 28.
  [{ procedura: 'aperta', invio: '2026-11-25' }, 30, '2026-12-25', '2026-12-28'],
  [{ procedura: 'aperta', fase: 'offerte', invio: '25/11/2026' }, 30, '2026-12-25', '2026-12-28'],
  // Easter Monday 2026 (06/04) -> Tue 07/04.
  [{ procedura: 'ristretta', fase: 'domande', invio: '2026-03-07' }, 30, '2026-04-06', '2026-04-07'],
  // Easter Monday 2027 (29/03) -> Tue 30/03.
  [{ procedura: 'negoziata', fase: 'domande', invio: '2027-03-19' }, 10, '2027-03-29', '2027-03-30'],
  // Easter Sunday 2027 = start of summer time (28/03), then Pasquetta -> Tue 30/03.
  [{ procedura: 'ristretta', fase: 'offerte', riduzione: 'urgenza', invio: '2027-03-18' }, 10, '2027-03-28', '2027-03-30'],
  // 25 April 2026 is a Saturday -> Mon 27/04.
  [{ procedura: 'ristretta', fase: 'offerte', riduzione: 'urgenza', invio: '2026-04-15' }, 10, '2026-04-25', '2026-04-27'],
  // 2 June 2026 is a Tuesday -> Wed 03/06.
  [{ procedura: 'aperta', invio: '2026-05-03' }, 30, '2026-06-02', '2026-06-03'],
  [{ procedura: 'ristretta', fase: 'domande', riduzione: 'urgenza', invio: '2026-05-18' }, 15, '2026-06-02', '2026-06-03'],
  // 15 August 2026 is a Saturday -> Mon 17/08.
  [{ procedura: 'negoziata', fase: 'offerte', invio: '2026-07-21' }, 25, '2026-08-15', '2026-08-17'],
  // 1 November 2026 is a Sunday -> Mon 02/11 (spans the end of summer time).
  [{ procedura: 'ristretta', fase: 'offerte', invio: '2026-10-02' }, 30, '2026-11-01', '2026-11-02'],
  // 1 November 2027 is a Monday -> Tue 02/11.
  [{ procedura: 'aperta', riduzione: 'preinformazione', invio: '2027-10-17' }, 15, '2027-11-01', '2027-11-02'],
  // Summer time starts Sun 29/03/2026 -> Mon 30/03.
  [{ procedura: 'aperta', invio: '2026-02-27' }, 30, '2026-03-29', '2026-03-30'],
  // Summer time ends Sun 25/10/2026 -> Mon 26/10.
  [{ procedura: 'ristretta', fase: 'domande', invio: '2026-09-25' }, 30, '2026-10-25', '2026-10-26'],
  // Sent on the day the clocks change: Tue 24/11/2026 is a working day.
  [{ procedura: 'aperta', invio: '2026-10-25' }, 30, '2026-11-24', '2026-11-24'],
  // Sent on Christmas: Mon 04/01/2027 is a working day.
  [{ procedura: 'ristretta', fase: 'offerte', riduzione: 'subcentrale', invio: '2026-12-25' }, 10, '2027-01-04', '2027-01-04'],
];

const italian = (iso) => iso.split('-').reverse().join('/');

test('termini: the answer, field by field', async () => {
  const r = await get({ procedura: 'aperta', invio: '2026-11-25' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(r.body.input, { procedura: 'aperta', invio: '2026-11-25', riduzione: null, fase: null });
  assert.equal(r.body.procedura, 'aperta');
  assert.equal(r.body.procedura_nome, 'Procedura aperta');
  assert.equal(r.body.fase, 'offerte');
  assert.equal(r.body.riduzione, null);
  assert.equal(r.body.invio, '2026-11-25');
  assert.equal(r.body.invio_it, '25/11/2026');
  assert.equal(r.body.giorni, 30);
  assert.equal(r.body.termine_minimo, '2026-12-28');
  assert.equal(r.body.termine_minimo_it, '28/12/2026');
  assert.match(r.body.regola, /30 giorni dalla data di trasmissione del bando/);
  assert.equal(r.body.riferimento, 'art. 71 c.2 d.lgs. 36/2023');
  assert.equal(r.body.incerto, false);
  assert.equal(r.body.fine_conteggio, '2026-12-25');
  assert.equal(r.body.giorno_non_lavorativo, 'Natale');
  assert.equal(r.body.proroga_festivi, true);
  assert.equal(r.body.prorogato, true);
  // Art. 73 through its short name, flagged UNCERTAIN as LAW.md says.
  const n = await get({ procedura: 'negoziata', fase: 'offerte', invio: '2026-07-21' });
  assert.equal(n.status, 200, JSON.stringify(n.body));
  assert.equal(n.body.procedura, 'competitiva_con_negoziazione');
  assert.equal(n.body.input.procedura, 'negoziata');
  assert.equal(n.body.incerto, true);
  assert.match(n.body.nota, /verificare/);
});

test('termini: dates across holidays and clock changes, roll-over on (default)', async () => {
  for (const [q, giorni, , roll] of TABLE) {
    const r = await get(q);
    assert.equal(r.status, 200, `${JSON.stringify(q)} ${JSON.stringify(r.body)}`);
    assert.equal(r.body.giorni, giorni, JSON.stringify(q));
    assert.equal(r.body.termine_minimo, roll, JSON.stringify(q));
    assert.equal(r.body.termine_minimo_it, italian(roll), JSON.stringify(q));
  }
});

test('termini: roll-over off by the installation setting, then on again', async () => {
  let c = cli(['impostazioni', 'set', '--db', srv.db, 'proroga_festivi', 'no']);
  assert.equal(c.status, 0, c.stderr);
  try {
    for (const [q, giorni, plain] of TABLE) {
      const r = await get(q);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.giorni, giorni);
      assert.equal(r.body.termine_minimo, plain, JSON.stringify(q));
      assert.equal(r.body.proroga_festivi, false);
      assert.equal(r.body.prorogato, false);
    }
  } finally {
    c = cli(['impostazioni', 'set', '--db', srv.db, 'proroga_festivi', 'si']);
    assert.equal(c.status, 0, c.stderr);
  }
  const r = await get({ procedura: 'aperta', invio: '2026-11-25' });
  assert.equal(r.body.termine_minimo, '2026-12-28');
});

test('termini: the CLI gives the same dates, with and without roll-over', () => {
  for (const [q, giorni, plain, roll] of TABLE) {
    const args = ['sua', 'termini', '--compatto'];
    for (const [k, v] of Object.entries(q)) args.push('--' + k, v);
    let c = cli(args);
    assert.equal(c.status, 0, c.stderr);
    let o = JSON.parse(c.stdout);
    assert.equal(o.giorni, giorni);
    assert.equal(o.termine_minimo, roll, args.join(' '));
    assert.equal(o.termine_minimo_it, italian(roll));
    c = cli([...args, '--proroga-festivi', 'no']);
    assert.equal(c.status, 0, c.stderr);
    o = JSON.parse(c.stdout);
    assert.equal(o.termine_minimo, plain, args.join(' '));
  }
});

// [query, field, a word of the message]
const BAD = [
  [{ procedura: 'chiusa', invio: '2026-03-02' }, 'procedura', /sconosciuta/],
  [{ invio: '2026-03-02' }, 'procedura', /Indicare la procedura/],
  [{ procedura: 'aperta' }, 'invio', /Indicare la data di invio/],
  [{ procedura: 'aperta', invio: '' }, 'invio', /Indicare la data di invio/],
  [{ procedura: 'aperta', invio: '2026-02-30' }, 'invio', /inesistente: 30\/02\/2026/],
  [{ procedura: 'aperta', invio: '2026-03-02T10:00' }, 'invio', /troppo lunga/],
  [{ procedura: 'aperta', invio: '2026-03-02'.repeat(3) }, 'invio', /troppo lunga/],
  [{ procedura: 'aperta', invio: '2/3/2026' }, 'invio', /AAAA-MM-GG o gg\/mm\/aaaa/],
  [{ procedura: 'aperta', invio: '2023-06-30' }, 'invio', /01\/07\/2023/],
  [{ procedura: 'aperta', invio: '2026-03-02', fase: 'tutte' }, 'fase', /sconosciuta/],
  [{ procedura: 'aperta', invio: '2026-03-02', fase: 'domande' }, 'fase', /fase=offerte/],
  [{ procedura: 'ristretta', invio: '2026-03-02' }, 'fase', /due termini/],
  [{ procedura: 'aperta', invio: '2026-03-02', riduzione: 'fretta' }, 'riduzione', /sconosciuta/],
  [{ procedura: 'aperta', invio: '2026-03-02', riduzione: 'subcentrale' }, 'riduzione', /non applicabile.*previste: urgenza, preinformazione/],
  [{ procedura: 'negoziata', fase: 'offerte', invio: '2026-03-02', riduzione: 'urgenza' }, 'riduzione', /non prevede riduzioni/],
  [{ procedura: 'affidamento_diretto', invio: '2026-03-02' }, 'procedura', /Nessun termine minimo di legge.*art\. 92/],
  [{ procedura: 'aperta'.repeat(6), invio: '2026-03-02' }, 'procedura', /troppo lungo/],
];

test('termini: bad inputs are refused with their field (API 400)', async () => {
  for (const [q, field, re] of BAD) {
    const e = assertEnvelope(assert, await get(q), 400, 'invalid_field');
    assert.equal(e.field, field, JSON.stringify(q));
    assert.match(e.message, re, JSON.stringify(q));
  }
  // The router's own checks: an unknown key, a value over 512 bytes.
  let e = assertEnvelope(assert, await get({ procedura: 'aperta', invio: '2026-03-02', data: 'x' }), 400);
  assert.equal(e.field, 'data');
  e = assertEnvelope(assert, await get({ procedura: 'aperta', invio: 'x'.repeat(600) }), 400);
  assert.equal(e.field, 'invio');
  // No body, GET only.
  const r = await api(srv.url, '/api/v1/sua/termini?procedura=aperta&invio=2026-03-02', { method: 'POST' });
  assert.equal(r.status, 405);
});

test('termini: bad inputs are a usage error on the CLI (exit 2 and the message)', () => {
  for (const [q, field, re] of BAD) {
    const args = ['sua', 'termini'];
    for (const [k, v] of Object.entries(q)) args.push('--' + k, v);
    const c = cli(args);
    assert.equal(c.status, 2, args.join(' '));
    assert.equal(c.stdout, '');
    assert.match(c.stderr, re, args.join(' '));
    assert.ok(c.stderr.includes(`[--${field}]`), c.stderr);
  }
  let c = cli(['sua', 'termini', '--procedura', 'aperta', '--invio', '2026-03-02', '--proroga-festivi', 'forse']);
  assert.equal(c.status, 2);
  c = cli(['sua', 'termini', '--procedura', 'aperta', '--invio', '2026-03-02', 'extra']);
  assert.equal(c.status, 2);
  c = cli(['sua', 'termini', '--help']);
  assert.equal(c.status, 0);
  assert.match(c.stdout, /--procedura/);
});

test('termini: the patron day of the installation is a holiday too', async () => {
  // Mon 07/12/2026 Sant'Ambrogio, Tue 08/12 Immacolata -> Wed 09/12.
  const q = { procedura: 'aperta', invio: '2026-11-07' };
  assert.equal((await get(q)).body.termine_minimo, '2026-12-07');
  let c = cli(['impostazioni', 'set', '--db', srv.db, 'patrono', '07/12']);
  assert.equal(c.status, 0, c.stderr);
  try {
    const r = await get(q);
    assert.equal(r.body.termine_minimo, '2026-12-09');
    assert.equal(r.body.giorno_non_lavorativo, 'Santo patrono');
  } finally {
    c = cli(['impostazioni', 'set', '--db', srv.db, 'patrono', 'nessuno']);
    assert.equal(c.status, 0, c.stderr);
  }
  c = cli(['sua', 'termini', '--procedura', 'aperta', '--invio', '2026-11-07', '--patrono', '07/12', '--compatto']);
  assert.equal(JSON.parse(c.stdout).termine_minimo, '2026-12-09');
});
