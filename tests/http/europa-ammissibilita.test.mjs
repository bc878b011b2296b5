// europa-ammissibilita.test.mjs - end-to-end tests of the EU desk's
// eligibility (issue 14 items 2, 5, 6): `areavasta import popolazione`
// (census 2011, the demo.istat.it layout, a malformed file refused with its
// row and nothing stored), the typed requisiti of a call (PUT/GET, every
// refusal naming its field and changing nothing), the eligibility of a
// Province's Comuni with reasons (the counts of EUROPA.md §6 recomputed here
// from the CSV files, not from the product), the groupings of neighbouring
// Comuni (every group checked connected on an adjacency computed here from
// the TopoJSON, reaching the minimum, disjoint; same answer twice), the
// calls open to one Comune, and who may ask what.
//
// The calls themselves (eu_bando) are arranged through the call registry's
// route, POST /api/v1/bandi, as the EU desk (no SQL into another module's
// tables).  Our own data (population,
// requisiti, adjacency) is always arranged through our CLI and routes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, cli, sql, sqlRows, ROOT, SHARED } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const CENSUS = join(SHARED, 'data', 'istat', 'comuni_popolazione_censimento2011.csv');
const SITUAS = join(ROOT, 'data', 'istat', 'situas_comuni_2026-08-14.csv');
const RESIDENTI = join(ROOT, 'tests', 'data', 'europa', 'popolazione_residente_2024_esempio.csv');
const MALFORMATA = join(ROOT, 'tests', 'data', 'europa', 'popolazione_malformata.csv');
const TOPO = join(ROOT, 'web', 'src', 'static', 'geo', 'comuni');

// ---- independent readings of the source files ----

function census() {
  // codice_istat first, popolazione_2011 last; names may hold quoted
  // commas, so the sigla is the 2-letter field before the catastal code.
  const lines = readFileSync(CENSUS, 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  assert.equal(head[0], 'codice_istat');
  assert.equal(head[head.length - 1], 'popolazione_2011');
  const m = new Map();
  for (const l of lines.slice(1)) {
    const c = l.split(',');
    const sigla = /,([A-Z]{2}),[A-Z]\d{3},/.exec(l)[1];
    m.set(c[0], { sigla, pop: Number(c[c.length - 1]) });
  }
  return m;
}

function situasCodes(sigla) {
  const lines = readFileSync(SITUAS, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const head = lines[0].split(';');
  const iCode = head.indexOf('Codice Comune (alfanumerico)');
  const iSigla = head.indexOf('Sigla automobilistica');
  return lines.slice(1).map((l) => l.split(';')).filter((c) => c[iSigla] === sigla).map((c) => c[iCode]).sort();
}

// Two Comuni are neighbours when their geometries name the same arc.
function adjacency(provincia) {
  const topo = JSON.parse(readFileSync(join(TOPO, `${provincia}.topo.json`), 'utf8'));
  const owners = new Map();
  const adj = new Map();
  const link = (a, b) => {
    if (a === b) return;
    if (!adj.has(a)) adj.set(a, new Set());
    if (!adj.has(b)) adj.set(b, new Set());
    adj.get(a).add(b);
    adj.get(b).add(a);
  };
  for (const g of topo.objects.comuni.geometries) {
    const code = g.properties.codice;
    const walk = (x) => {
      if (Array.isArray(x)) { x.forEach(walk); return; }
      const arc = x < 0 ? ~x : x;
      if (owners.has(arc)) link(owners.get(arc), code); else owners.set(arc, code);
    };
    walk(g.arcs || []);
  }
  return adj;
}

function connected(codes, adj) {
  const set = new Set(codes);
  const seen = new Set([codes[0]]);
  const todo = [codes[0]];
  while (todo.length) {
    const c = todo.pop();
    for (const n of adj.get(c) || []) if (set.has(n) && !seen.has(n)) { seen.add(n); todo.push(n); }
  }
  return seen.size === set.size;
}

// ---- set-up ----

let srv;
const as = {};
let nextId = 900001;

// A deadline given as Unix seconds, as the registry's form takes it: the day
// and the minute in Europe/Rome.
function romeParts(sec) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const [data, ora] = f.format(new Date(sec * 1000)).split(' ');
  return { data, ora };
}

// One manual call through POST /api/v1/bandi as the EU desk; its deadline
// as stored (whole minutes) in deadline[id].
const deadline = {};
async function arrangeBando(titolo, stato = 'aperto', scadenza = null, programma = null) {
  const body = { chiave_fonte: `test-${nextId++}`, titolo, stato };
  if (programma) { body.programma_codice = programma[0]; body.programma_nome = programma[1]; }
  if (scadenza !== null) body.scadenze = [{ fase: 1, ...romeParts(scadenza) }];
  const r = await as.sape.call('POST', '/api/v1/bandi', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  deadline[r.body.id] = r.body.scadenze.length ? r.body.scadenze[0].scadenza_at : null;
  return r.body.id;
}

before(async () => {
  srv = await startServer();
  const users = {
    sape: ['sape_officer', 'provincia:024'],
    sapeBS: ['sape_officer', 'provincia:017'],
    admin: ['admin', 'provincia:024'],
    comune: ['comune', 'comune:024116'],
    operator: ['operator', 'operatore:01234567897'],
    sua: ['sua_officer', 'provincia:024'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `eu-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `eu-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
});
after(async () => { await srv.stop(); });

const popCount = () => Number(sql(srv.db, 'SELECT COUNT(*) FROM comune_popolazione').trim());

// ---- 1. population with its date ----

test('import popolazione: census 2011 by column name, with its date; a re-import changes nothing', () => {
  const expected = census().size;
  // The demo loaded the ISTAT list's "Popolazione legale 2011 (09/10/2011)"
  // (another file, another layout): the census file must agree with it.
  assert.equal(popCount(), expected);
  let r = cli(['import', 'popolazione', '--db', srv.db, CENSUS]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /formato censimento 2011/);
  assert.match(r.stdout, /data di riferimento: 2011-10-09/);
  assert.match(r.stdout, new RegExp(`Comuni nel file: ${expected}; nuovi: 0; cambiati: 0; invariati: ${expected}`));
  // A changed value is reported as changed, then restored.
  const changed = join(tmpdir(), `pop-changed-${process.pid}.csv`);
  writeFileSync(changed, 'codice_istat,popolazione_2011\n024001,1\n');
  r = cli(['import', 'popolazione', '--db', srv.db, changed]);
  assert.match(r.stdout, /nuovi: 0; cambiati: 1; invariati: 0/);
  r = cli(['import', 'popolazione', '--db', srv.db, CENSUS]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`nuovi: 0; cambiati: 1; invariati: ${expected - 1}`));
  r = cli(['import', 'popolazione', '--db', srv.db, CENSUS]);
  assert.match(r.stdout, new RegExp(`nuovi: 0; cambiati: 0; invariati: ${expected}`));
  assert.equal(popCount(), expected);
});

test('import popolazione: a malformed file is refused with its row, and nothing is stored', () => {
  const before = sqlRows(srv.db, 'SELECT codice_istat, data_riferimento, popolazione FROM comune_popolazione ORDER BY 1, 2');
  const r = cli(['import', 'popolazione', '--db', srv.db, '--data', '2030-01-01', MALFORMATA]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /riga 4: popolazione non valida 'duemila'/);
  assert.deepEqual(sqlRows(srv.db, 'SELECT codice_istat, data_riferimento, popolazione FROM comune_popolazione ORDER BY 1, 2'), before);
  const nodate = cli(['import', 'popolazione', '--db', srv.db, join(ROOT, 'tests', 'data', 'europa', 'README.md')]);
  assert.equal(nodate.status, 1);
  assert.equal(popCount(), before.length);
});

test('import popolazione: the demo.istat.it layout (age rows, 999 = total), date from the title line', () => {
  // The totals recomputed from the age rows of the file.
  const rows = readFileSync(RESIDENTI, 'utf8').trim().split(/\r?\n/).slice(2).map((l) => l.split(','));
  const sums = new Map();
  for (const c of rows) if (c[2] !== '999') sums.set(c[0], (sums.get(c[0]) || 0) + Number(c[5]));
  const r = cli(['import', 'popolazione', '--db', srv.db, RESIDENTI]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /data di riferimento: 2024-01-01 \(riga del titolo\)/);
  assert.match(r.stdout, /Comuni nel file: 3; nuovi: 3/);
  const stored = sqlRows(srv.db, "SELECT codice_istat, popolazione FROM comune_popolazione WHERE data_riferimento = '2024-01-01' ORDER BY 1");
  assert.deepEqual(stored.map((x) => [x.codice_istat, Number(x.popolazione)]), [...sums.entries()].sort());
  // The 2011 values are still there: dates are never mixed, they add up.
  assert.equal(Number(sql(srv.db, "SELECT COUNT(*) FROM comune_popolazione WHERE codice_istat = '024001'").trim()), 2);
});

test('import adiacenza: pairs of Comuni sharing a boundary arc', () => {
  const r = cli(['import', 'adiacenza', '--db', srv.db, TOPO]);
  assert.equal(r.status, 0, r.stderr);
  const m = /adiacenze: (\d+) coppie di Comuni confinanti da 107 file/.exec(r.stdout);
  assert.ok(m, r.stdout);
  // Vicenza's pairs, computed here from its file, are all stored.
  const adj = adjacency('024');
  const mine = [];
  for (const [a, ns] of adj) for (const b of ns) if (a < b) mine.push(`${a}|${b}`);
  const stored = new Set(sql(srv.db, "SELECT a || '|' || b FROM comune_adiacenza WHERE a LIKE '024%' AND b LIKE '024%'").trim().split('\n'));
  assert.equal(stored.size, mine.length);
  for (const p of mine) assert.ok(stored.has(p), p);
});

// ---- 2. requisiti ----

test('requisiti: written by the EU desk, read by anyone; refusals name the field and change nothing', async () => {
  const id = await arrangeBando('Piccoli comuni - prova requisiti');
  let r = await as.anon.call('GET', `/api/v1/bandi/${id}/requisiti`);
  assert.equal(r.status, 200);
  assert.equal(r.body.indicati, false);
  const body = {
    tipi_ente: ['comune', 'unione'], popolazione_max: 5000, popolazione_data: '09/10/2011',
    regioni: ['05', '03'], categoria_regione: ['piu_sviluppate'], nuts3: ['ITH32'],
    partner_min: 3, paesi_min: 3, cofinanziamento_max_bp: 8000, verifiche_manuali: ['Delibera di Giunta di adesione'],
  };
  r = await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.indicati, true);
  assert.deepEqual(r.body.regioni, ['03', '05']);
  assert.equal(r.body.popolazione_data, '2011-10-09');
  assert.equal(r.body.cofinanziamento_max_bp, 8000);
  const audit = sql(srv.db, `SELECT COUNT(*) FROM audit_log WHERE action = 'europa.requisiti' AND object_id = '${id}'`).trim();
  assert.equal(audit, '1');
  const saved = (await as.anon.call('GET', `/api/v1/bandi/${id}/requisiti`)).body;
  const bad = [
    [{ regioni: ['21'] }, 'regioni[0]'],
    [{ popolazione_min: 6000, popolazione_max: 5000 }, 'popolazione_max'],
    [{ tipi_ente: ['pirati'] }, 'tipi_ente[0]'],
    [{ categoria_regione: ['ricche'] }, 'categoria_regione[0]'],
    [{ nuts3: ['IT H3'] }, 'nuts3[0]'],
    [{ cofinanziamento_max_bp: 10001 }, 'cofinanziamento_max_bp'],
    [{ popolazione_max: -1 }, 'popolazione_max'],
    [{ popolazione_data: '31/02/2024' }, 'popolazione_data'],
    [{ inventato: 1 }, 'inventato'],
  ];
  for (const [b, field] of bad) {
    r = await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    assert.ok(r.body.error.message.length > 0);
  }
  assert.deepEqual((await as.anon.call('GET', `/api/v1/bandi/${id}/requisiti`)).body, saved);
  for (const who of ['anon', 'comune', 'operator', 'sua']) {
    r = await as[who].call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 1 });
    assert.equal(r.status, who === 'anon' ? 401 : 403, who);
  }
  assert.deepEqual((await as.anon.call('GET', `/api/v1/bandi/${id}/requisiti`)).body, saved);
  r = await as.sape.call('PUT', '/api/v1/bandi/999999999/requisiti', { popolazione_max: 1 });
  assert.equal(r.status, 404);
  r = await as.anon.call('GET', '/api/v1/bandi/999999999/requisiti');
  assert.equal(r.status, 404);
});

// ---- 3. ammissibilità ----

async function allItems(client, path) {
  const r = await client.call('GET', path + (path.includes('?') ? '&' : '?') + 'limit=1000');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.items.length, r.body.total);
  return r.body.items;
}

test('ammissibilità: Comuni ≤ 5,000 inhabitants on the census 2011, Province by Province (EUROPA.md §6)', async () => {
  const id = await arrangeBando('Piccoli comuni (L. 158/2017)');
  const r = await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 5000, popolazione_data: '2011-10-09' });
  assert.equal(r.status, 200);
  const pop = census();
  // The fixture itself says what EUROPA.md §6 says (codes as of 2020).
  const inFile = (s) => [...pop.values()].filter((v) => v.sigla === s);
  assert.deepEqual([inFile('VI').length, inFile('VI').filter((v) => v.pop <= 5000).length], [114, 60]);
  assert.deepEqual([inFile('BS').length, inFile('BS').filter((v) => v.pop <= 5000).length], [205, 135]);
  for (const [sigla, client] of [['VI', as.sape], ['BS', as.admin], ['TN', as.admin], ['TO', as.admin]]) {
    const codes = situasCodes(sigla);
    const expect = { ammissibile: 0, non_ammissibile: 0, da_verificare: 0 };
    for (const c of codes) {
      const p = pop.get(c);
      if (!p) expect.da_verificare++; // a code born after 2011: no value at that date
      else if (p.pop <= 5000) expect.ammissibile++;
      else expect.non_ammissibile++;
    }
    const items = await allItems(client, `/api/v1/bandi/${id}/ammissibilita?provincia=${sigla}`);
    assert.deepEqual(items.map((i) => i.codice_istat).sort(), codes, sigla);
    const got = { ammissibile: 0, non_ammissibile: 0, da_verificare: 0 };
    for (const i of items) got[i.esito]++;
    assert.deepEqual(got, expect, sigla);
    // The filter gives the same count.
    const f = await client.call('GET', `/api/v1/bandi/${id}/ammissibilita?provincia=${sigla}&esito=ammissibile&limit=1`);
    assert.equal(f.body.total, expect.ammissibile);
    // Every reason carries the value it used and the limit.
    for (const i of items) {
      const p = pop.get(i.codice_istat);
      if (i.esito === 'ammissibile') {
        assert.deepEqual(i.motivi.map((m) => [m.regola, m.valore, m.limite, m.data]), [['popolazione_max', p.pop, 5000, '2011-10-09']]);
        assert.equal(i.esclusioni.length, 0);
      } else if (i.esito === 'non_ammissibile') {
        assert.deepEqual(i.esclusioni.map((m) => [m.regola, m.valore, m.limite]), [['popolazione_max', p.pop, 5000]]);
        assert.match(i.esclusioni[0].testo, /> 5\.000 abitanti/);
      } else {
        assert.deepEqual(i.da_verificare.map((m) => [m.regola, m.valore]), [['popolazione_max', null]]);
      }
    }
  }
});

test('ammissibilità: the population is taken at the call\'s date, and says which', async () => {
  const id = await arrangeBando('Data della popolazione');
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 5000 });
  let items = await allItems(as.sape, `/api/v1/bandi/${id}/ammissibilita?provincia=VI`);
  let agugliaro = items.find((i) => i.codice_istat === '024001');
  assert.equal(agugliaro.popolazione_data, '2024-01-01'); // the latest
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 5000, popolazione_data: '2023-12-31' });
  items = await allItems(as.sape, `/api/v1/bandi/${id}/ammissibilita?provincia=VI`);
  agugliaro = items.find((i) => i.codice_istat === '024001');
  assert.equal(agugliaro.popolazione_data, '2011-10-09');
  assert.equal(agugliaro.popolazione, census().get('024001').pop);
  // Before any value: unknown, never a silent pass.
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 5000, popolazione_data: '2000-01-01' });
  items = await allItems(as.sape, `/api/v1/bandi/${id}/ammissibilita?provincia=VI`);
  assert.ok(items.every((i) => i.esito === 'da_verificare' && i.popolazione === null));
});

test('ammissibilità: type, region, category, NUTS3 and the proposal rules', async () => {
  const unioni = await arrangeBando('Solo Unioni');
  await as.sape.call('PUT', `/api/v1/bandi/${unioni}/requisiti`, { tipi_ente: ['unione'] });
  let items = await allItems(as.sape, `/api/v1/bandi/${unioni}/ammissibilita?provincia=VI`);
  assert.ok(items.every((i) => i.esito === 'non_ammissibile' && i.esclusioni[0].regola === 'tipi_ente'));
  const sud = await arrangeBando('Regioni meno sviluppate');
  await as.sape.call('PUT', `/api/v1/bandi/${sud}/requisiti`, { categoria_regione: ['meno_sviluppate'] });
  items = await allItems(as.sape, `/api/v1/bandi/${sud}/ammissibilita?provincia=VI`);
  assert.ok(items.every((i) => i.esito === 'non_ammissibile' && i.esclusioni[0].valore === 'piu_sviluppate'));
  const interreg = await arrangeBando('Interreg Italia-Austria');
  await as.sape.call('PUT', `/api/v1/bandi/${interreg}/requisiti`, { nuts3: ['ITH32', 'ITH10'], regioni: ['05'], partner_min: 2, verifiche_manuali: ['Partner austriaco'] });
  items = await allItems(as.sape, `/api/v1/bandi/${interreg}/ammissibilita?provincia=VI`);
  for (const i of items) {
    assert.equal(i.esito, 'da_verificare', i.codice_istat);
    assert.deepEqual(i.motivi.map((m) => m.regola), ['regioni', 'nuts3']);
    assert.deepEqual(i.da_verificare.map((m) => m.regola), ['partner_min', 'verifica_manuale']);
  }
  const none = await arrangeBando('Senza requisiti');
  items = await allItems(as.sape, `/api/v1/bandi/${none}/ammissibilita?provincia=VI`);
  assert.ok(items.every((i) => i.esito === 'da_verificare' && i.motivi.length === 0));
});

test('partner, countries, co-financing: one source of truth, the desk over the call, and the answer says which', async () => {
  // The call carries its own proposal rules (as an import would).
  let r = await as.sape.call('POST', '/api/v1/bandi', { chiave_fonte: 'test-fonte-valori', titolo: 'Partenariato europeo', stato: 'aperto', partner_min: 3, paesi_min: 3, cofinanziamento_ue_bp: 7000 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  r = await as.anon.call('GET', `/api/v1/bandi/${id}/requisiti`);
  assert.equal(r.body.indicati, false);
  assert.equal(r.body.partner_min, 3);
  assert.equal(r.body.cofinanziamento_max_bp, 7000);
  assert.deepEqual(r.body.fonte_valori, { partner_min: 'bando', paesi_min: 'bando', cofinanziamento_max_bp: 'bando' });
  let items = await allItems(as.sape, `/api/v1/bandi/${id}/ammissibilita?provincia=VI`);
  const first = items[0];
  assert.deepEqual(first.da_verificare.map((m) => [m.regola, m.limite, m.fonte]),
    [['partner_min', 3, 'bando'], ['paesi_min', 3, 'bando'], ['cofinanziamento_max_pct', 7000, 'bando']]);
  // The desk overrides one value, clears another (0 = no minimum), leaves the third to the call.
  r = await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { partner_min: 5, paesi_min: 0 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.fonte_valori, { partner_min: 'requisiti', paesi_min: null, cofinanziamento_max_bp: 'bando' });
  items = await allItems(as.sape, `/api/v1/bandi/${id}/ammissibilita?provincia=VI`);
  assert.deepEqual(items[0].da_verificare.map((m) => [m.regola, m.limite, m.fonte]),
    [['partner_min', 5, 'requisiti'], ['cofinanziamento_max_pct', 7000, 'bando']]);
  // The call's value changes (a re-import, an edit): the requisiti follow it.
  r = await as.sape.call('PUT', `/api/v1/bandi/${id}`, { titolo: 'Partenariato europeo', stato: 'aperto', cofinanziamento_ue_bp: 6000 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await as.anon.call('GET', `/api/v1/bandi/${id}/requisiti`)).body.cofinanziamento_max_bp, 6000);
});

test('ammissibilità: who may ask', async () => {
  const id = await arrangeBando('Accessi');
  const path = `/api/v1/bandi/${id}/ammissibilita?provincia=VI&limit=1`;
  assert.equal((await as.anon.call('GET', path)).status, 401);
  for (const who of ['comune', 'operator', 'sua', 'sapeBS']) {
    const r = await as[who].call('GET', path);
    assert.equal(r.status, 403, who);
    assert.equal(r.body.items, undefined);
  }
  assert.equal((await as.sapeBS.call('GET', `/api/v1/bandi/${id}/ammissibilita?provincia=BS&limit=1`)).status, 200);
  assert.equal((await as.sape.call('GET', `/api/v1/bandi/${id}/ammissibilita?provincia=ZZ`)).status, 400);
  assert.equal((await as.sape.call('GET', `/api/v1/bandi/${id}/ammissibilita?provincia=VI&esito=forse`)).body.error.field, 'esito');
  assert.equal((await as.sape.call('GET', '/api/v1/bandi/999999999/ammissibilita?provincia=VI')).status, 404);
});

// ---- 4. aggregazioni ----

test('aggregazioni: connected groups of neighbours reaching the minimum, disjoint, deterministic', async () => {
  const id = await arrangeBando('Rigenerazione urbana in forma associata');
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 14999, popolazione_aggregata_min: 15000, popolazione_data: '2011-10-09' });
  const r = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const again = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`);
  assert.deepEqual(again.body, r.body);
  const pop = census();
  const adj = adjacency('024');
  const seen = new Set();
  assert.equal(r.body.possibile, true);
  assert.ok(r.body.gruppi.length > 0);
  for (const g of r.body.gruppi) {
    const codes = g.membri.map((m) => m.codice_istat);
    const total = codes.reduce((s, c) => s + pop.get(c).pop, 0);
    assert.equal(g.popolazione_totale, total);
    assert.ok(total >= 15000, `gruppo ${g.numero}: ${total}`);
    assert.ok(connected(codes, adj), `gruppo ${g.numero} non connesso`);
    for (const c of codes) {
      assert.ok(!seen.has(c), `${c} in due gruppi`);
      seen.add(c);
      assert.ok(pop.get(c).pop <= 14999);
    }
    // Smallest: without its last member the group stays below the minimum.
    assert.ok(total - pop.get(codes[codes.length - 1]).pop < 15000);
    assert.ok(g.perche.length > 0);
  }
  // Everyone else is accounted for, with a reason.
  const rest = [...r.body.da_soli, ...r.body.esclusi];
  for (const x of rest) { assert.ok(!seen.has(x.codice_istat)); assert.ok(x.motivo.length > 0); }
  assert.equal(seen.size + rest.length, situasCodes('VI').length);
  for (const x of r.body.esclusi.filter((e) => e.popolazione !== null && e.popolazione <= 14999)) {
    // A left-out candidate has no ungrouped candidate neighbour that would
    // let a group reach the minimum: at least, none of its neighbours is free.
    assert.ok(/confinanti/.test(x.motivo));
  }
});

test('aggregazioni: a Province where no grouping is possible says so', async () => {
  const id = await arrangeBando('Soglia irraggiungibile');
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 5000, popolazione_aggregata_min: 50000000 });
  const r = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`);
  assert.equal(r.status, 200);
  assert.equal(r.body.possibile, false);
  assert.deepEqual(r.body.gruppi, []);
  assert.match(r.body.messaggio, /Nessuna aggregazione possibile/);
  const plain = await arrangeBando('Senza soglia aggregata');
  await as.sape.call('PUT', `/api/v1/bandi/${plain}/requisiti`, { popolazione_max: 5000 });
  const n = await as.sape.call('GET', `/api/v1/bandi/${plain}/aggregazioni?provincia=VI`);
  assert.equal(n.status, 422);
  assert.equal(n.body.error.field, 'popolazione_aggregata_min');
  assert.equal((await as.comune.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`)).status, 403);
});

test('aggregazioni per partner_min: groups of at least N neighbouring eligible Comuni, connected, disjoint, deterministic', async () => {
  const id = await arrangeBando('Partenariato di piccoli Comuni');
  const put = await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 3000, partner_min: 4, paesi_min: 2, popolazione_data: '2011-10-09' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const r = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual((await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`)).body, r.body);
  assert.equal(r.body.criterio, 'partner');
  assert.equal(r.body.partner_minimi, 4);
  assert.equal(r.body.popolazione_minima, null);
  assert.equal(r.body.possibile, true);
  const pop = census();
  const adj = adjacency('024');
  const eligible = situasCodes('VI').filter((c) => pop.get(c) && pop.get(c).pop <= 3000);
  const seen = new Set();
  for (const g of r.body.gruppi) {
    const codes = g.membri.map((m) => m.codice_istat);
    // Smallest sufficient: exactly the minimum number of partners.
    assert.equal(codes.length, 4, `gruppo ${g.numero}`);
    assert.ok(connected(codes, adj), `gruppo ${g.numero} non connesso`);
    assert.equal(g.popolazione_totale, codes.reduce((s, c) => s + pop.get(c).pop, 0));
    assert.match(g.perche, /numero minimo di partner/);
    assert.match(g.perche, /altri 1 paesi/);
    for (const c of codes) {
      assert.ok(eligible.includes(c), `${c} non ammissibile`);
      assert.ok(!seen.has(c), `${c} in due gruppi`);
      seen.add(c);
    }
  }
  // Every eligible Comune left out has fewer than 3 free eligible
  // neighbours reachable: its component of ungrouped eligible Comuni
  // (computed here on the topology) is smaller than 4.
  const free = new Set(eligible.filter((c) => !seen.has(c)));
  for (const c of free) {
    const comp = new Set([c]);
    const stack = [c];
    while (stack.length) {
      const x = stack.pop();
      for (const y of adj.get(x) ?? []) if (free.has(y) && !comp.has(y)) { comp.add(y); stack.push(y); }
    }
    assert.ok(comp.size < 4, `${c}: ${comp.size} Comuni liberi collegati, un altro gruppo era possibile`);
  }
  const rest = [...r.body.da_soli, ...r.body.esclusi];
  assert.deepEqual(r.body.da_soli, []);
  for (const x of rest) assert.ok(!seen.has(x.codice_istat) && x.motivo.length > 0);
  assert.equal(seen.size + rest.length, situasCodes('VI').length);
  for (const x of r.body.esclusi.filter((e) => free.has(e.codice_istat))) assert.match(x.motivo, /numero minimo di partner/);
  // With a population minimum too, the population decides unless asked.
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 3000, partner_min: 4, popolazione_aggregata_min: 10000, popolazione_data: '2011-10-09' });
  assert.equal((await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI`)).body.criterio, 'popolazione');
  const p2 = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI&criterio=partner`);
  assert.equal(p2.body.criterio, 'partner');
  assert.ok(p2.body.gruppi.every((g) => g.membri.length === 4));
  const bad = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI&criterio=abitanti`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'criterio');
  // No partnership minimum: nothing to group by.
  await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 3000, partner_min: 0 });
  const none = await as.sape.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI&criterio=partner`);
  assert.equal(none.status, 422);
  assert.equal(none.body.error.field, 'criterio');
  // Another Province's desk, a Comune: refused.
  for (const who of ['comune', 'sapeBS', 'operator']) {
    assert.equal((await as[who].call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI&criterio=partner`)).status, 403, who);
  }
  assert.equal((await as.anon.call('GET', `/api/v1/bandi/${id}/aggregazioni?provincia=VI&criterio=partner`)).status, 401);
});

// ---- 5. the calls open to one Comune ----

test('comuni/{codice}/bandi: the calls open to the Comune, with reasons; only its own', async () => {
  const now = Math.floor(Date.now() / 1000);
  const grandi = await arrangeBando('Comuni sopra 15.000', 'aperto', now + 86400 * 10);
  await as.sape.call('PUT', `/api/v1/bandi/${grandi}/requisiti`, { popolazione_min: 15000 });
  const piccoli = await arrangeBando('Solo piccoli comuni', 'aperto', now + 86400 * 5);
  await as.sape.call('PUT', `/api/v1/bandi/${piccoli}/requisiti`, { popolazione_max: 5000 });
  const chiuso = await arrangeBando('Chiuso', 'chiuso');
  await as.sape.call('PUT', `/api/v1/bandi/${chiuso}/requisiti`, { popolazione_min: 15000 });
  const r = await as.comune.call('GET', '/api/v1/comuni/024116/bandi?limit=1000');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const ids = r.body.items.map((i) => i.bando_id);
  assert.ok(ids.includes(grandi));
  assert.ok(!ids.includes(piccoli));
  assert.ok(!ids.includes(chiuso));
  const g = r.body.items.find((i) => i.bando_id === grandi);
  assert.equal(g.esito, 'ammissibile');
  assert.equal(g.motivi[0].regola, 'popolazione_min');
  assert.equal(g.prossima_scadenza, deadline[grandi]);
  assert.ok(Math.abs(deadline[grandi] - (now + 86400 * 10)) < 60);
  assert.ok(r.body.items.every((i) => i.esito !== 'non_ammissibile'));
  // Ordered by next deadline (no interest profiles yet).
  const dl = r.body.items.map((i) => i.prossima_scadenza).filter((x) => x !== null);
  assert.deepEqual(dl, [...dl].sort((a, b) => a - b));
  assert.equal((await as.sape.call('GET', '/api/v1/comuni/024116/bandi')).status, 200);
  assert.equal((await as.anon.call('GET', '/api/v1/comuni/024116/bandi')).status, 401);
  assert.equal((await as.comune.call('GET', '/api/v1/comuni/024001/bandi')).status, 403);
  assert.equal((await as.sapeBS.call('GET', '/api/v1/comuni/024116/bandi')).status, 403);
  assert.equal((await as.operator.call('GET', '/api/v1/comuni/024116/bandi')).status, 403);
  assert.equal((await as.sape.call('GET', '/api/v1/comuni/999999/bandi')).status, 404);
});

test('comuni/{codice}/bandi: every change shows at once — by the API, by another process, and a deadline passing', async () => {
  // The list reuses a decoded snapshot of the open calls (aperti.c); it must
  // never answer from a stale one.
  const now = Math.floor(Date.now() / 1000);
  const id = await arrangeBando('Istantanea condivisa', 'aperto', now + 86400 * 20);
  const get = async () => {
    const r = await as.comune.call('GET', '/api/v1/comuni/024116/bandi?limit=1000');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.find((i) => i.bando_id === id);
  };
  assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_min: 15000 })).status, 200);
  assert.equal((await get()).esito, 'ammissibile');
  assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_max: 5000 })).status, 200);
  assert.equal(await get(), undefined, 'a rule changed by the API');
  assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_min: 15000 })).status, 200);
  assert.ok(await get());
  // Another process (sqlite3 / psql) closes the call, then reopens it with
  // a deadline a few seconds away.
  sql(srv.db, `UPDATE eu_bando SET stato = 'chiuso' WHERE id = ${id}`);
  assert.equal(await get(), undefined, 'a call closed by another process');
  const soon = Math.floor(Date.now() / 1000) + 3;
  sql(srv.db, `UPDATE eu_bando_scadenza SET scadenza_at = ${soon} WHERE bando_id = ${id}`);
  sql(srv.db, `UPDATE eu_bando SET stato = 'aperto', prossima_scadenza = ${soon} WHERE id = ${id}`);
  assert.equal((await get()).prossima_scadenza, soon);
  while (Math.floor(Date.now() / 1000) <= soon) await new Promise((res) => setTimeout(res, 200));
  assert.equal((await get()).prossima_scadenza, null, 'the deadline passed: no next one');
});

// ---- 6. interest profiles ----

test('profilo-interessi: the Comune writes its own; its open calls are ranked by it, with the matches', async () => {
  const now = Math.floor(Date.now() / 1000);
  const life = await arrangeBando('Adattamento climatico delle scuole', 'aperto', now + 86400 * 30, ['43252405', 'LIFE']);
  const altro = await arrangeBando('Digitalizzazione degli archivi', 'aperto', now + 86400 * 2, ['43152860', 'DIGITAL']);
  for (const id of [life, altro]) {
    assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${id}/requisiti`, { popolazione_min: 15000 })).status, 200);
  }
  const list = async () => (await as.comune.call('GET', '/api/v1/comuni/024116/bandi?limit=1000')).body.items;
  const pos = (items, id) => items.findIndex((i) => i.bando_id === id);
  let items = await list();
  assert.ok(pos(items, altro) < pos(items, life), 'without a profile: by deadline');
  assert.ok(items.every((i) => i.ordine === 'scadenza' && i.interesse.punteggio === 0));
  let r = await as.comune.call('GET', '/api/v1/comuni/024116/profilo-interessi');
  assert.equal(r.status, 200);
  assert.equal(r.body.indicato, false);
  const body = { programmi: ['life'], parole_chiave: ['scuole'], temi: ['clima'], budget_min_cent: 0, capofila: true };
  r = await as.comune.call('PUT', '/api/v1/comuni/024116/profilo-interessi', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.indicato, true);
  assert.deepEqual(r.body.programmi, ['life']);
  assert.equal(r.body.capofila, true);
  assert.equal(sql(srv.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'europa.profilo' AND ente = 'comune:024116'").trim(), '1');
  items = await list();
  assert.equal(items[0].bando_id, life, 'the LIFE call on schools comes first');
  assert.equal(items[0].ordine, 'profilo');
  // programme +30, "scuole" +10 ("clima" is not "climatico": whole words).
  assert.equal(items[0].interesse.punteggio, 40);
  assert.deepEqual(items[0].interesse.corrispondenze, [{ tipo: 'programma', valore: 'life' }, { tipo: 'parola_chiave', valore: 'scuole' }]);
  const scores = items.map((i) => i.interesse.punteggio);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  const saved = (await as.comune.call('GET', '/api/v1/comuni/024116/profilo-interessi')).body;
  for (const [b, field] of [
    [{ temi: 'clima' }, 'temi'],
    [{ parole_chiave: [''] }, 'parole_chiave[0]'],
    [{ budget_min_cent: 5, budget_max_cent: 4 }, 'budget_max_cent'],
    [{ budget_min_cent: -1 }, 'budget_min_cent'],
    [{ capofila: 'si' }, 'capofila'],
    [{ inventato: 1 }, 'inventato'],
  ]) {
    r = await as.comune.call('PUT', '/api/v1/comuni/024116/profilo-interessi', b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.equal(r.body.error.field, field);
  }
  for (const [who, code, status] of [['comune', '024001', 403], ['sapeBS', '024116', 403], ['operator', '024116', 403], ['anon', '024116', 401], ['admin', '024116', 403]]) {
    r = await as[who].call('PUT', `/api/v1/comuni/${code}/profilo-interessi`, { temi: ['x'] });
    assert.equal(r.status, status, who);
  }
  assert.deepEqual((await as.comune.call('GET', '/api/v1/comuni/024116/profilo-interessi')).body, saved);
  assert.equal((await as.sape.call('PUT', '/api/v1/comuni/024116/profilo-interessi', body)).status, 200);
  assert.equal((await as.comune.call('GET', '/api/v1/comuni/024001/profilo-interessi')).status, 403);
});
