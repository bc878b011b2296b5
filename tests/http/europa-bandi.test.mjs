// europa-bandi.test.mjs - the call registry of the Servizio Europa (issue
// 14, items 1, 3, 4) against a real server, on both backends: the
// importers on the real fixtures of ../shared/data/eu-calls (counts after
// dedupe computed here from the files, a re-import that changes nothing, a
// changed checksum, a moved deadline, a closed call, truncated nested JSON
// tolerated, malformed files refused with their line or byte offset and
// nothing stored), the CSV template and the Horizon topics list (two-stage
// calls with two deadlines), a streamed bulk dump, and the routes as each
// role (public catalogue and schede without internal notes, the EU desk's
// manual calls and schede, a Comune and anonymous refused) with a table of
// bad inputs that must leave the registry and the audit log as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, newDatabase, cli, sql as sqlOn, SHARED, ROOT, BACKEND } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const EU = join(SHARED, 'data', 'eu-calls');
const SAMPLE = join(EU, 'sedia_search_response_sample.json');
const MSCA = join(EU, 'sedia_topic_record_msca_cofund.json');
const HORIZON = join(EU, 'horizon_europe_topics_2024-07-11.csv');
const ESEMPIO = join(ROOT, 'data', 'bandi', 'bandi-esempio.csv');

// The server runs on the demo (which holds the shipped calls); the
// importers' exact counts are checked on an empty database of their own.
let srv, imp, tmp;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (table, where = '1=1') => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const isql = (q) => sqlOn(imp.db, q).trim();
const icount = (table, where = '1=1') => Number(isql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
const audits = (action) => icount('audit_log', `action = '${action}'`);
const saudits = (action) => count('audit_log', `action = '${action}'`);
const snapOf = (q) => q('SELECT id, fonte, chiave_fonte, checksum, stato, titolo FROM eu_bando ORDER BY id')
  + '|' + q('SELECT bando_id, fase, scadenza_at FROM eu_bando_scadenza ORDER BY 1, 2, 3');
const snapshot = () => snapOf(isql);

function importaSu(db, formato, ...files) {
  const r = cli(['import', 'bandi', '--db', db, '--formato', formato, '--json', ...files]);
  return { ...r, stats: r.status === 0 ? JSON.parse(r.stdout) : null };
}
const importa = (formato, ...files) => importaSu(imp.db, formato, ...files);

// What the fixture should give, computed from the file, not from the code.
function sampleFacts() {
  const page = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  const ids = page.results.map((r) => r.metadata.identifier[0]);
  let broken = 0;
  for (const r of page.results) {
    for (const k of ['budgetOverview', 'actions']) {
      const v = r.metadata[k]?.[0];
      if (v === undefined) continue;
      try { JSON.parse(v); } catch { broken++; }
    }
  }
  return { page, rows: ids.length, unique: new Set(ids).size, broken };
}

before(async () => {
  srv = await startServer({ web: false });
  imp = newDatabase({ empty: true });
  const init = cli(['init', '--db', imp.db, ...(BACKEND === 'postgres' ? ['--audit-key', join(imp.dir, 'audit-key')] : [])]);
  if (init.status !== 0) throw new Error(init.stderr);
  tmp = mkdtempSync(join(tmpdir(), 'europa-bandi-'));
  const people = [
    ['desk', 'sape_officer', 'provincia:024'],
    ['deskbs', 'sape_officer', 'provincia:017'],
    ['comune', 'comune', 'comune:024116'],
    ['sua', 'sua_officer', 'provincia:024'],
    ['admin', 'admin', 'provincia:024'],
  ];
  for (const [k, role, ente] of people) addUser(srv.db, `eu-${k}@example.org`, role, ente);
  for (const [k] of people) u[k] = await login(srv.url, `eu-${k}@example.org`);
});
after(async () => {
  await srv.stop();
  imp.drop();
  rmSync(tmp, { recursive: true, force: true });
});

test('SEDIA pages: dedupe, tolerated truncated fields, idempotent re-import', () => {
  const f = sampleFacts();
  assert.equal(f.rows, 9);
  assert.equal(icount('eu_bando'), 0);
  const r = importa('sedia', SAMPLE, MSCA);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stats.righe, f.rows + 1);
  assert.equal(r.stats.duplicati, f.rows - f.unique);
  assert.equal(r.stats.nuovi, f.unique + 1);
  assert.equal(r.stats.campi_tollerati, f.broken);
  assert.ok(f.broken >= 5, 'the fixture has truncated nested JSON');
  assert.equal(icount('eu_bando', "fonte = 'SEDIA'"), f.unique + 1);
  // The raw record and the source's checksum are kept.
  const row = isql("SELECT checksum FROM eu_bando WHERE chiave_fonte = 'HORIZON-CL5-2027-03-D5-05'");
  const src = f.page.results.find((x) => x.metadata.identifier[0] === 'HORIZON-CL5-2027-03-D5-05');
  assert.equal(row, src.checksum.toLowerCase());
  assert.equal(icount('eu_bando', "raw_json IS NOT NULL"), f.unique + 1);
  const a0 = audits('europa.bandi.import');
  const snap = snapshot();
  const again = importa('sedia', SAMPLE);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual([again.stats.nuovi, again.stats.modificati, again.stats.invariati],
    [0, 0, f.unique]);
  assert.equal(snapshot(), snap, 'a re-import changes nothing but last_seen');
  assert.equal(audits('europa.bandi.import'), a0 + 1);
});

test('SEDIA: two-stage deadlines at 17:00 Brussels, kept with the source text', async () => {
  const id = sql("SELECT id FROM eu_bando WHERE chiave_fonte = 'HORIZON-MISS-2027-05-SOIL-01-two-stage'");
  const r = await fetch(`${srv.url}/api/v1/bandi/${id}`).then((x) => x.json());
  assert.equal(r.modello_scadenze, 'due_fasi');
  assert.equal(r.scadenze.length, 2);
  // 17:00 in Brussels = 17:00 in Rome; summer time in April and September.
  assert.deepEqual(r.scadenze.map((s) => [s.fase, s.scadenza, s.fuso, s.originale]), [
    [1, '2027-04-08T17:00:00+02:00', 'Europe/Brussels', '2027-04-08T00:00:00.000+0000'],
    [2, '2027-09-14T17:00:00+02:00', 'Europe/Brussels', '2027-09-14T00:00:00.000+0000'],
  ]);
  // The instant, checked with the platform's own tz database.
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const s of r.scadenze) assert.equal(fmt.format(new Date(s.scadenza_at * 1000)), '17:00');
  assert.equal(r.scadenze[0].scadenza_it, '08/04/2027 17:00');
});

test('SEDIA: a changed record, a moved deadline and a closed call are reported', () => {
  const { page } = sampleFacts();
  const target = page.results.find((x) => x.metadata.identifier[0] === 'HORIZON-CL4-2027-04-DIGITAL-EMERGING-10');
  target.checksum = 'f'.repeat(64);
  target.metadata.deadlineDate = ['2027-03-25T00:00:00.000+0000'];
  const closing = page.results.find((x) => x.metadata.identifier[0] === 'HORIZON-CL3-2026-02-CS-ECCC-01');
  closing.checksum = 'e'.repeat(64);
  closing.metadata.status = ['31094503'];
  const file = join(tmp, 'changed.json');
  writeFileSync(file, JSON.stringify(page));
  const r = importa('sedia', file);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stats.modificati, 2);
  assert.equal(r.stats.scadenze_spostate, 1);
  assert.equal(r.stats.chiusi, 1);
  assert.equal(isql("SELECT stato FROM eu_bando WHERE chiave_fonte = 'HORIZON-CL3-2026-02-CS-ECCC-01'"), 'chiuso');
  const moved = isql("SELECT s.originale FROM eu_bando_scadenza s JOIN eu_bando b ON b.id = s.bando_id"
    + " WHERE b.chiave_fonte = 'HORIZON-CL4-2027-04-DIGITAL-EMERGING-10'");
  assert.equal(moved, '2027-03-25T00:00:00.000+0000');
});

test('malformed files are refused with their position and store nothing', () => {
  const snap = snapshot();
  const a0 = audits('europa.bandi.import');
  const text = readFileSync(SAMPLE, 'utf8');
  const cut = join(tmp, 'cut.json');
  writeFileSync(cut, text.slice(0, 5000));
  let r = importa('sedia', SAMPLE, cut);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cut\.json: JSON non valido alla riga \d+, colonna \d+ \(byte \d+\)/);
  // A result whose deadline is not a date: the whole import is refused.
  const page = JSON.parse(text);
  page.results[2].metadata.deadlineDate = ['il 14 aprile'];
  const bad = join(tmp, 'bad-date.json');
  writeFileSync(bad, JSON.stringify(page));
  r = importa('sedia', bad);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Data non valida: 'il 14 aprile'/);
  const notPage = join(tmp, 'not-page.json');
  writeFileSync(notPage, '{"items": []}');
  r = importa('sedia', notPage);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /manca 'results'/);
  assert.equal(snapshot(), snap);
  assert.equal(audits('europa.bandi.import'), a0);
});

test('Horizon topics CSV: 411 topics, two-stage topics with two deadlines', () => {
  const lines = readFileSync(HORIZON, 'utf8').trim().split('\n');
  // The file read by a second tool (Python's csv module).
  const py = JSON.parse(execFileSync('python3', ['-c',
    'import csv,json,sys; r=list(csv.DictReader(open(sys.argv[1], encoding="utf-8")));'
    + ' print(json.dumps([[x["topicId"], x["process"]] for x in r]))', HORIZON], { encoding: 'utf8' }));
  const ids = py.map((x) => x[0]);
  const twoStage = py.filter((x) => x[1] === 'two-stage').length;
  assert.equal(twoStage, 51);
  const known = new Set(isql("SELECT chiave_fonte FROM eu_bando WHERE fonte = 'SEDIA'").split('\n'));
  const overlap = ids.filter((x) => known.has(x)).length;
  const r = importa('csv', HORIZON);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stats.righe, lines.length - 1);
  assert.equal(r.stats.righe, 411);
  assert.equal(r.stats.nuovi, 411 - overlap);
  assert.equal(r.stats.modificati, overlap);
  assert.ok(overlap >= 1, 'the sample and the list share topics');
  const ds = Number(isql("SELECT COUNT(*) FROM eu_bando WHERE modello_scadenze = 'due_fasi'"
    + " AND chiave_fonte LIKE 'HORIZON-%' AND raw_json LIKE '%two-stage%' AND raw_json LIKE '%\"topicId\"%'"));
  assert.equal(ds, 51);
  assert.equal(icount('eu_bando_scadenza s JOIN eu_bando b ON b.id = s.bando_id',
    "s.fase = 2 AND b.raw_json LIKE '%\"topicId\"%'"), 51);
  const again = importa('csv', HORIZON);
  assert.equal(again.stats.invariati, 411);
  assert.equal(again.stats.nuovi + again.stats.modificati, 0);
});

test('the CSV template: example calls, Rome deadlines, cents and basis points', async () => {
  const r = importa('csv', ESEMPIO);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stats.nuovi, 4);
  const id = sql("SELECT id FROM eu_bando WHERE chiave_fonte = 'ESEMPIO-VEN-2027-02'");
  const b = await fetch(`${srv.url}/api/v1/bandi/${id}`).then((x) => x.json());
  assert.equal(b.fonte, 'REGION');
  assert.equal(b.gestione, 'regionale');
  assert.equal(b.budget_totale_cent, 1200000050);
  assert.equal(b.cofinanziamento_ue_bp, 7000);
  assert.equal(b.modello_scadenze, 'cut_off_multipli');
  assert.deepEqual(b.scadenze.map((s) => [s.fase, s.scadenza_it, s.fuso]),
    [[1, '15/05/2027 17:00', 'Europe/Rome'], [1, '15/10/2027 17:00', 'Europe/Rome']]);
  const two = await fetch(`${srv.url}/api/v1/bandi/${sql("SELECT id FROM eu_bando WHERE chiave_fonte = 'ESEMPIO-MIN-2027-03'")}`).then((x) => x.json());
  assert.deepEqual(two.scadenze.map((s) => [s.fase, s.scadenza_it]),
    [[1, '31/03/2027 23:59'], [2, '30/09/2027 18:00']]);
  // Plain text is escaped, never HTML from a CSV.
  assert.match(b.descrizione_html, /^<p>Riga di esempio/);
  // A bad row: the file is refused with its line, nothing stored.
  const snap = snapshot();
  const text = readFileSync(ESEMPIO, 'utf8').replace('2027-04-30 12:00', '31/04/2027');
  const bad = join(tmp, 'bad.csv');
  writeFileSync(bad, text);
  const rb = importa('csv', bad);
  assert.equal(rb.status, 1);
  assert.match(rb.stderr, /riga 2, colonna 'scadenze'/);
  const unknown = join(tmp, 'unknown.csv');
  writeFileSync(unknown, 'a;b;c\n1;2;3\n');
  assert.match(importa('csv', unknown).stderr, /intestazione non riconosciuta/);
  const cols = join(tmp, 'cols.csv');
  writeFileSync(cols, readFileSync(ESEMPIO, 'utf8').split('\n')[0] + '\nREGION;X;1\n');
  assert.match(importa('csv', cols).stderr, /riga 2: 3 colonne invece delle 22/);
  assert.equal(snapshot(), snap);
});

test('the bulk dump is streamed; duplicates and a truncated file', () => {
  const entries = [];
  for (let i = 0; i < 40; i++) {
    entries.push({
      identifier: `DUMP-TEST-${String(i).padStart(3, '0')}`,
      title: `Topic di prova ${i}`,
      status: { abbreviation: i % 2 ? 'Open' : 'Closed' },
      frameworkProgramme: { abbreviation: 'LIFE' },
      deadlineDatesLong: i === 7 ? [1807196400000, 1820934000000] : [1807196400000],
      actions: [{ submissionProcedure: { abbreviation: i === 7 ? 'two-stage' : 'single-stage' } }],
      tags: ['prova'],
    });
  }
  entries.push(entries[3]);
  const file = join(tmp, 'grantsTenders.json');
  writeFileSync(file, JSON.stringify({ fundingData: { GrantTenderObj: entries } }, null, 1));
  const r = importa('sedia-dump', file);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([r.stats.righe, r.stats.duplicati, r.stats.nuovi], [41, 1, 40]);
  assert.equal(isql("SELECT modello_scadenze FROM eu_bando WHERE chiave_fonte = 'DUMP-TEST-007'"), 'due_fasi');
  assert.equal(isql("SELECT programma_nome FROM eu_bando WHERE chiave_fonte = 'DUMP-TEST-001'"),
    'Programme for the Environment and Climate Action (LIFE)');
  const again = importa('sedia-dump', file);
  assert.equal(again.stats.invariati, 40);
  const snap = snapshot();
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, Math.floor(text.length * 0.6)));
  const cut = importa('sedia-dump', file);
  assert.equal(cut.status, 1);
  assert.match(cut.stderr, /byte \d+ \(voce \d+\): JSON non valido/);
  assert.equal(snapshot(), snap);
});

// A slice of the real grantsTenders.json (tests/fixtures/europa/README.md):
// grants ("type": 1) and procurement tenders ("type": 0) mixed; the
// deadline day written as midnight UTC.  Expected values come from the file
// itself: its types, its ids, and its own latestInfos text naming the last
// cut-off in Brussels time, checked with Node's time-zone database.
test('a real slice of the bulk dump: tenders skipped, deadlines at 17:00 Brussels', () => {
  const file = join(ROOT, 'tests', 'fixtures', 'europa', 'grantsTenders-slice.json');
  const objs = JSON.parse(readFileSync(file, 'utf8')).fundingData.GrantTenderObj;
  const grants = objs.filter((o) => o.type === 1);
  const tenders = objs.filter((o) => o.type !== 1);
  assert.ok(grants.length > 0 && tenders.length > 0);
  const before = icount('eu_bando');
  const r = importa('sedia-dump', file);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([r.stats.righe, r.stats.scartati, r.stats.nuovi, r.stats.duplicati],
    [objs.length, tenders.length, grants.length, 0]);
  assert.equal(icount('eu_bando'), before + grants.length);
  for (const t of tenders) {
    assert.equal(icount('eu_bando', `chiave_fonte = '${t.identifier.replace(/'/g, "''")}'`), 0);
  }
  const brussels = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels', day: '2-digit', month: '2-digit', year: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const fmt = (sec) => brussels.format(new Date(sec * 1000)).replace(',', '');
  for (const g of grants) {
    const key = g.identifier.replace(/'/g, "''");
    const rows = isql(`SELECT s.scadenza_at || '|' || s.fuso || '|' || s.originale FROM eu_bando_scadenza s
      JOIN eu_bando b ON b.id = s.bando_id WHERE b.chiave_fonte = '${key}' ORDER BY s.scadenza_at`)
      .split('\n').map((l) => l.split('|'));
    assert.equal(rows.length, g.deadlineDatesLong.length);
    rows.forEach(([at, fuso, orig], i) => {
      assert.equal(orig, String(g.deadlineDatesLong[i]));
      assert.equal(fuso, 'Europe/Brussels');
      // the same day as the file's UTC midnight, at 17:00 in Brussels
      const day = new Date(g.deadlineDatesLong[i]).toISOString().slice(0, 10).split('-').reverse().join('/');
      assert.equal(fmt(Number(at)), `${day} 17:00`);
    });
    // One facet with the search API: the programme by its id.
    assert.equal(isql(`SELECT programma_codice FROM eu_bando WHERE chiave_fonte = '${key}'`),
      { 43353764: 'ERASMUS+', 43254037: 'ESC' }[g.frameworkProgramme.id]);
    assert.equal(isql(`SELECT tipo_azione FROM eu_bando WHERE chiave_fonte = '${key}'`),
      g.topicActions[0].abbreviation);
  }
  // The portal's own words: "the last cut off closed on the 24/03/2026 17:00".
  const eche = grants.find((g) => g.identifier === 'ERASMUS-EDU-2022-ECHE-CERT-FP');
  const said = /last cut off closed on the (\d\d\/\d\d\/\d{4} \d\d:\d\d)/.exec(eche.latestInfos[0].content)[1];
  const last = Number(isql(`SELECT MAX(s.scadenza_at) FROM eu_bando_scadenza s JOIN eu_bando b ON b.id = s.bando_id
    WHERE b.chiave_fonte = 'ERASMUS-EDU-2022-ECHE-CERT-FP'`));
  assert.equal(fmt(last), said);
  assert.equal(importa('sedia-dump', file).stats.invariati, grants.length);
});

test('the public catalogue: filters, search, cursor through every page', async () => {
  const all = [];
  let next = null;
  let total;
  do {
    const r = await fetch(`${srv.url}/api/v1/bandi?stato=aperto&limit=37${next ? `&after=${next}` : ''}`);
    assert.equal(r.status, 200);
    const b = await r.json();
    total = b.total;
    all.push(...b.items);
    next = b.next;
  } while (next);
  assert.equal(all.length, count('eu_bando', "stato = 'aperto'"));
  assert.equal(total, all.length);
  assert.equal(new Set(all.map((x) => x.id)).size, all.length);
  for (const x of all) assert.equal(x.stato, 'aperto');
  const ends = all.map((x) => (x.scadenza_finale ? Date.parse(x.scadenza_finale) : Infinity));
  for (let i = 1; i < ends.length; i++) assert.ok(ends[i - 1] <= ends[i], 'ordered by last deadline');
  // Search by word beginnings with accents folded.
  let b = await fetch(`${srv.url}/api/v1/bandi?q=${encodeURIComponent('SÒIL liv')}`).then((x) => x.json());
  assert.ok(b.items.length > 0);
  for (const x of b.items) assert.match(x.titolo + ' ' + x.identificativo, /soil/i);
  b = await fetch(`${srv.url}/api/v1/bandi?q=oil`).then((x) => x.json());
  assert.ok(!b.items.some((x) => /\bsoil\b/i.test(x.titolo) && !/\boil/i.test(x.titolo)), 'no part-of-word match');
  // A deadline range, days in Europe/Rome.
  b = await fetch(`${srv.url}/api/v1/bandi?scadenza_da=2027-04-08&scadenza_a=2027-04-08&limit=100`).then((x) => x.json());
  assert.ok(b.items.some((x) => x.identificativo === 'HORIZON-MISS-2027-05-SOIL-01-two-stage'));
  b = await fetch(`${srv.url}/api/v1/bandi?programma=LIFE&limit=100`).then((x) => x.json());
  assert.equal(b.total, count('eu_bando', "programma_codice = 'LIFE'"));
  b = await fetch(`${srv.url}/api/v1/bandi?fonte=REGION&gestione=regionale`).then((x) => x.json());
  assert.equal(b.items.length, 2);
  const f = await fetch(`${srv.url}/api/v1/europa/facette`).then((x) => x.json());
  assert.equal(f.programmi.find((p) => p.codice === 'HORIZON').n, count('eu_bando', "programma_codice = 'HORIZON'"));
  for (const [q, field] of [['stato=aperta', 'stato'], ['fonte=sedia', 'fonte'], ['scadenza_da=2027-02-30', 'scadenza_da'],
    ['gestione=x', 'gestione'], [`q=${'x'.repeat(201)}`, 'q'], ['after=abc', 'after'], ['limit=101', 'limit']]) {
    const r = await fetch(`${srv.url}/api/v1/bandi?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal((await r.json()).error.field, field, q);
  }
  // A cursor made with other filters is refused.
  b = await fetch(`${srv.url}/api/v1/bandi?limit=1`).then((x) => x.json());
  const other = await fetch(`${srv.url}/api/v1/bandi?limit=1&stato=chiuso&after=${b.next}`);
  assert.equal(other.status, 400);
});

function manuale(over = {}) {
  return {
    fonte: 'REGION',
    chiave_fonte: 'LOM-TEST-001',
    identificativo: 'LOM-TEST-001',
    titolo: 'Bando regionale di prova per le biblioteche',
    programma_codice: 'PR FESR Lombardia',
    stato: 'aperto',
    apertura: '2027-01-10',
    modello_scadenze: 'due_fasi',
    scadenze: [{ fase: 1, data: '2027-03-01', ora: '12:00' }, { fase: 2, data: '2027-06-30' }],
    budget_totale_cent: 150000000,
    budget_min_cent: 1000000,
    budget_max_cent: 20000000,
    cofinanziamento_ue_bp: 8000,
    partner_min: 0,
    parole_chiave: ['biblioteche', 'cultura'],
    url: 'https://www.example.org/bando',
    descrizione: 'Contributi <b>per</b> le biblioteche.\nSeconda riga.',
    scheda_a_chi: 'Comuni lombardi',
    scheda_difficolta: 'media',
    note_interne: 'Sentire la Regione prima della fase 2.',
    ...over,
  };
}

test('manual calls: the EU desk writes, others are refused, nothing leaks', async () => {
  const n0 = count('eu_bando');
  const a0 = saudits('europa.bando.crea');
  // Anonymous, a Comune, the SUA officer, an admin: refused, nothing stored.
  const anon = await fetch(`${srv.url}/api/v1/bandi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(manuale()) });
  assert.equal(anon.status, 401);
  for (const who of ['comune', 'sua', 'admin']) {
    const r = await u[who].call('POST', '/api/v1/bandi', manuale());
    assert.equal(r.status, 403, who);
  }
  assert.equal(count('eu_bando'), n0);
  const r = await u.desk.call('POST', '/api/v1/bandi', manuale());
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.note_interne, 'Sentire la Regione prima della fase 2.');
  assert.equal(r.body.descrizione_html, '<p>Contributi &lt;b&gt;per&lt;/b&gt; le biblioteche.</p><p>Seconda riga.</p>');
  assert.deepEqual(r.body.scadenze.map((s) => [s.fase, s.scadenza_it, s.fuso]),
    [[1, '01/03/2027 12:00', 'Europe/Rome'], [2, '30/06/2027 23:59', 'Europe/Rome']]);
  assert.equal(saudits('europa.bando.crea'), a0 + 1);
  const id = r.body.id;
  // The public scheda and the list never carry the internal notes.
  const pub = await fetch(`${srv.url}/api/v1/bandi/${id}`);
  const pubText = await pub.text();
  assert.equal(pub.status, 200);
  assert.ok(!pubText.includes('Sentire la Regione'), 'note_interne leaked');
  assert.ok(!('note_interne' in JSON.parse(pubText)));
  for (const who of ['comune', 'sua', 'admin']) {
    const g = await u[who].call('GET', `/api/v1/bandi/${id}`);
    assert.ok(!JSON.stringify(g.body).includes('Sentire la Regione'), who);
  }
  const list = await fetch(`${srv.url}/api/v1/bandi?q=biblioteche`).then((x) => x.text());
  assert.ok(!list.includes('Sentire la Regione'));
  // Another Province's EU desk shares the installation's catalogue.
  const g = await u.deskbs.call('GET', `/api/v1/bandi/${id}`);
  assert.equal(g.body.note_interne, 'Sentire la Regione prima della fase 2.');
  // The same source and key twice: 409.
  const dup = await u.desk.call('POST', '/api/v1/bandi', manuale());
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.field, 'chiave_fonte');
  // Edit the manual call whole.
  const put = await u.desk.call('PUT', `/api/v1/bandi/${id}`, { ...manuale(), fonte: undefined, chiave_fonte: undefined, stato: 'chiuso', titolo: 'Titolo nuovo' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.titolo, 'Titolo nuovo');
  assert.equal(put.body.chiave_fonte, 'LOM-TEST-001');
  assert.equal(saudits('europa.bando.modifica'), 1);
  assert.equal((await u.comune.call('PUT', `/api/v1/bandi/${id}`, manuale())).status, 403);
  // The scheda alone, on a manual call: the rest stays.
  const sch = await u.desk.call('PUT', `/api/v1/bandi/${id}`, { scheda_note_comuni: 'Serve la delibera.' });
  assert.equal(sch.status, 200, JSON.stringify(sch.body));
  assert.equal(sch.body.titolo, 'Titolo nuovo');
  assert.equal(sch.body.scheda.note_comuni, 'Serve la delibera.');
  assert.equal(sch.body.scheda.a_chi, null);
});

test('the scheda of an imported call; its source fields stay the source\'s', async () => {
  const id = sql("SELECT id FROM eu_bando WHERE chiave_fonte = 'HORIZON-CL5-2027-03-D5-05'");
  const sum = sql(`SELECT checksum FROM eu_bando WHERE id = ${id}`);
  let r = await u.desk.call('PUT', `/api/v1/bandi/${id}`, { titolo: 'Altro' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'titolo');
  r = await u.desk.call('PUT', `/api/v1/bandi/${id}`, {
    scheda_a_chi: 'Comuni con rete di ricarica', scheda_cosa_finanzia: 'Ricarica MW',
    scheda_cofinanziamento: 'Lump sum 100%', scheda_difficolta: 'alta',
    scheda_note_comuni: 'Serve un partner industriale.', note_interne: 'Solo per noi',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.scheda.difficolta, 'alta');
  // A re-import never overwrites the scheda.
  const again = importaSu(srv.db, 'sedia', SAMPLE);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stats.nuovi, 0);
  const b = await fetch(`${srv.url}/api/v1/bandi/${id}`).then((x) => x.json());
  assert.equal(b.scheda.note_comuni, 'Serve un partner industriale.');
  assert.equal(b.note_interne, undefined);
  assert.equal(sql(`SELECT checksum FROM eu_bando WHERE id = ${id}`), sum);
  assert.equal((await fetch(`${srv.url}/api/v1/bandi/999999`)).status, 404);
  assert.equal((await fetch(`${srv.url}/api/v1/bandi/abc`)).status, 404);
});

test('bad input on every field: 400 with the field, nothing changed', async () => {
  const cases = [
    [{ titolo: '' }, 'titolo'],
    [{ titolo: 'x'.repeat(1001) }, 'titolo'],
    [{ titolo: undefined }, 'titolo'],
    [{ stato: 'aperta' }, 'stato'],
    [{ stato: undefined }, 'stato'],
    [{ fonte: 'SEDIA', chiave_fonte: 'S-1' }, 'fonte'],
    [{ fonte: 'ALTRO', chiave_fonte: 'S-2' }, 'fonte'],
    [{ gestione: 'europea', chiave_fonte: 'S-3' }, 'gestione'],
    [{ modello_scadenze: 'tre_fasi', chiave_fonte: 'S-4' }, 'modello_scadenze'],
    [{ scadenze: [{ fase: 3, data: '2027-01-01' }] }, 'scadenze[0].fase'],
    [{ scadenze: [{ fase: 1, data: '2027-02-30' }] }, 'scadenze[0].data'],
    [{ scadenze: [{ fase: 1, data: '2027-02-03', ora: '25:00' }] }, 'scadenze[0].ora'],
    [{ modello_scadenze: 'unica', scadenze: [{ fase: 2, data: '2027-02-03' }], chiave_fonte: 'S-5' }, 'scadenze'],
    [{ scadenze: [{ fase: 1, data: '2027-02-03' }], chiave_fonte: 'S-6' }, 'scadenze'],
    [{ budget_totale_cent: -1 }, 'budget_totale_cent'],
    [{ budget_totale_cent: 12.5 }, 'budget_totale_cent'],
    [{ budget_totale_cent: '100' }, 'budget_totale_cent'],
    [{ budget_min_cent: 5, budget_max_cent: 4, chiave_fonte: 'S-7' }, 'budget_min_cent'],
    [{ cofinanziamento_ue_bp: 10001 }, 'cofinanziamento_ue_bp'],
    [{ partner_min: -2 }, 'partner_min'],
    [{ paesi_min: 101 }, 'paesi_min'],
    [{ parole_chiave: ['x'.repeat(101)] }, 'parole_chiave[0]'],
    [{ url: 'javascript:alert(1)', chiave_fonte: 'S-8' }, 'url'],
    [{ apertura: '10/01/2027' }, 'apertura'],
    [{ scheda_difficolta: 'facile', chiave_fonte: 'S-9' }, 'scheda_difficolta'],
    [{ note_interne: 'x'.repeat(8001) }, 'note_interne'],
    [{ chiave_fonte: undefined, identificativo: undefined }, 'chiave_fonte'],
    [{ sconosciuto: 1 }, 'sconosciuto'],
  ];
  const snap = snapOf(sql);
  const a0 = count('audit_log');
  for (const [over, field] of cases) {
    const r = await u.desk.call('POST', '/api/v1/bandi', manuale({ chiave_fonte: 'BAD-1', ...over }));
    assert.equal(r.status, 400, `${JSON.stringify(over).slice(0, 80)} -> ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, field, JSON.stringify(over).slice(0, 80));
    assert.ok(r.body.error.message.length > 0);
  }
  const notJson = await u.desk.call('POST', '/api/v1/bandi', '{"titolo": ');
  assert.equal(notJson.status, 400);
  assert.equal(snapOf(sql), snap);
  assert.equal(count('audit_log'), a0);
});
