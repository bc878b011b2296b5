// europa-importazioni.test.mjs - the EU desk's import from the browser
// (POST /api/v1/europa/importazioni, docs/api/europa.md): a file uploaded
// becomes an import_bandi job whose result equals the CLI importer's on
// the same data; a bad file fails the job with nothing stored; the job's
// file is removed; the alerts of saved searches go out right after the
// import's commit (no cron run) — and after the desk's own edit.  Who may:
// only the EU desk; a Comune, an operator, an admin, anonymous refused,
// nothing queued.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, sql, newDatabase, demoTemplate, ROOT } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const COMUNE = '024116';
const tmp = mkdtempSync(join(tmpdir(), 'eu-imp-'));
let srv;
const as = {};

const HEADER = 'fonte;chiave;titolo;stato;modello_scadenze;scadenze;parole_chiave';
function csvFile(name, rows) {
  const p = join(tmp, name);
  writeFileSync(p, `${HEADER}\n${rows.join('\n')}\n`);
  return p;
}

function upload(client, file, formato, name = 'bandi.csv') {
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(file)]), name);
  const q = formato === undefined ? '' : `?formato=${encodeURIComponent(formato)}`;
  const headers = client.cookie ? { cookie: `av_session=${client.cookie}`, 'x-csrf-token': client.csrf } : {};
  return fetch(`${srv.url}/api/v1/europa/importazioni${q}`, { method: 'POST', headers, body: fd })
    .then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() }));
}

async function follow(client, id) {
  const t0 = Date.now();
  for (;;) {
    const r = await client.call('GET', `/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    assert.ok(Date.now() - t0 < 60000, `job ${id} still ${r.body.state}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

// What `areavasta import bandi --json` reports for the same file on a copy
// of the demo database (the server's starting point).
function cliReport(file, formato) {
  const { db, drop } = newDatabase({ db: demoTemplate() });
  const r = cli(['import', 'bandi', '--db', db, '--formato', formato, '--json', file]);
  drop();
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const count = (t, where = '') => Number(sql(srv.db, `SELECT COUNT(*) FROM ${t} ${where}`).trim());
const avvisi = async () => (await as.comune.call('GET', '/api/v1/notifiche?ordine=data')).body.items
  .filter((x) => x.oggetto.includes('«Biblioteche rurali»'));

before(async () => {
  srv = await startServer({ web: false });
  const users = {
    sape: ['sape_officer', 'provincia:024'],
    comune: ['comune', `comune:${COMUNE}`],
    operator: ['operator', 'operatore:01234567897'],
    admin: ['admin', 'provincia:024'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `imp-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `imp-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
});
after(async () => {
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('a CSV uploaded by the desk is imported by a job: the CLI\'s counts, the file removed, the search alerted at once', async () => {
  const s = await as.comune.call('POST', `/api/v1/comuni/${COMUNE}/ricerche`, { nome: 'Biblioteche rurali', q: 'biblioteche rurali', avvisi: true });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  // The search's mark is compared by the second.
  await new Promise((res) => setTimeout(res, 1100));
  const file = csvFile('nuovi.csv', [
    'REGION;IMP-1;Biblioteche rurali e digitali;aperto;unica;2027-05-31 12:00;cultura',
    'REGION;IMP-2;Strade e ponti;aperto;unica;2027-06-30;infrastrutture',
  ]);
  const expected = cliReport(file, 'csv');
  const before0 = count('eu_bando');
  const r = await upload(as.sape, file, 'csv');
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.body.state, 'queued');
  assert.equal(r.body.formato, 'csv');
  assert.equal(r.headers.get('location'), `/api/v1/jobs/${r.body.id}`);
  const job = await follow(as.sape, r.body.id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.kind, 'import_bandi');
  for (const k of ['righe', 'nuovi', 'modificati', 'invariati', 'chiusi']) assert.equal(job.result[k], expected[k], k);
  assert.equal(job.result.nuovi, 2);
  assert.equal(count('eu_bando'), before0 + 2);
  assert.deepEqual(readdirSync(join(srv.dir, 'jobs')), [], 'the job\'s file is removed');
  // The alert, with no `europa avvisi` run: one notification, the matching call only.
  const got = await avvisi();
  assert.equal(got.length, 1);
  const id = Number(sql(srv.db, "SELECT id FROM eu_bando WHERE chiave_fonte = 'IMP-1'").trim());
  assert.match(got[0].testo, new RegExp(`nuovo: Biblioteche rurali e digitali \\(/europa-bando.html\\?id=${id}\\)`));
  assert.ok(!got[0].testo.includes('Strade'));
  assert.equal(job.result.avvisi >= 1, true);
  // The same file again: unchanged, nothing announced twice; the cron run finds nothing either.
  const again = await follow(as.sape, (await upload(as.sape, file, 'csv')).body.id);
  assert.equal(again.result.invariati, 2);
  assert.equal(again.result.nuovi, 0);
  assert.equal(cli(['europa', 'avvisi', '--db', srv.db]).status, 0);
  assert.equal((await avvisi()).length, 1);
  // Queueing is audited with the file's hash.
  const a = sql(srv.db, "SELECT details FROM audit_log WHERE action = 'job.create' ORDER BY seq DESC LIMIT 1");
  assert.match(a, /"kind":"import_bandi"/);
  assert.match(a, /"sha256":"[0-9a-f]{64}"/);
});

test('a changed call in a later upload is alerted at once as changed', async () => {
  await new Promise((res) => setTimeout(res, 1100));
  const file = csvFile('cambiati.csv', [
    'REGION;IMP-1;Biblioteche rurali e digitali;aperto;unica;2027-06-15 12:00;cultura',
  ]);
  const job = await follow(as.sape, (await upload(as.sape, file, 'csv')).body.id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.modificati, 1);
  assert.equal(job.result.scadenze_spostate, 1);
  const got = await avvisi();
  assert.equal(got.length, 2);
  assert.match(got[0].testo, /modificato: Biblioteche rurali e digitali/);
});

test('the desk\'s own new call matching a search is alerted in its request', async () => {
  await new Promise((res) => setTimeout(res, 1100));
  const r = await as.sape.call('POST', '/api/v1/bandi', {
    fonte: 'NATIONAL', chiave_fonte: 'IMP-3', titolo: 'Biblioteche rurali: arredi', stato: 'aperto',
    modello_scadenze: 'unica', scadenze: [{ fase: 1, data: '2027-09-01', ora: '12:00' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const got = await avvisi();
  assert.equal(got.length, 3);
  assert.match(got[0].testo, /nuovo: Biblioteche rurali: arredi/);
});

test('a SEDIA page uploaded: the CLI\'s counts', async () => {
  const file = join(ROOT, 'data', 'bandi', 'sedia_search_response_sample.json');
  const expected = cliReport(file, 'sedia');
  const job = await follow(as.sape, (await upload(as.sape, file, 'sedia', 'pagina.json')).body.id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  for (const k of ['righe', 'duplicati', 'nuovi', 'modificati', 'invariati', 'chiusi']) assert.equal(job.result[k], expected[k], k);
});

test('a malformed file fails its job naming the line, and nothing is stored', async () => {
  const file = csvFile('rotto.csv', [
    'REGION;IMP-9;Buono;aperto;unica;2027-05-31;x',
    'REGION;IMP-10;Scadenza sbagliata;aperto;unica;2027-13-45 12:00;x',
  ]);
  const n0 = count('eu_bando');
  const job = await follow(as.sape, (await upload(as.sape, file, 'csv')).body.id);
  assert.equal(job.state, 'failed');
  assert.match(job.error, /riga 3/);
  assert.equal(count('eu_bando'), n0);
  assert.equal(count('eu_bando', "WHERE chiave_fonte = 'IMP-9'"), 0);
  assert.deepEqual(readdirSync(join(srv.dir, 'jobs')), []);
  // A JSON that is not JSON, as a SEDIA page.
  const bad = join(tmp, 'rotto.json');
  writeFileSync(bad, '{"results": [');
  const j2 = await follow(as.sape, (await upload(as.sape, bad, 'sedia', 'rotto.json')).body.id);
  assert.equal(j2.state, 'failed');
  assert.match(j2.error, /JSON non valido/);
  assert.equal(count('eu_bando'), n0);
});

test('bad requests: the format is required and checked, the file required; nothing queued', async () => {
  const file = csvFile('ok.csv', ['REGION;IMP-20;X;aperto;unica;2027-05-31;x']);
  const jobs0 = count('job');
  for (const f of [undefined, '', 'sedia-dump', 'xlsx']) {
    const r = await upload(as.sape, file, f);
    assert.equal(r.status, 400, `${f}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, 'formato');
    assert.match(r.body.error.message, /formato/);
  }
  // A PDF is not a file of calls.
  const pdf = join(tmp, 'x.pdf');
  writeFileSync(pdf, '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  assert.equal((await upload(as.sape, pdf, 'csv', 'x.pdf')).status, 415);
  // No file part.
  const r = await fetch(`${srv.url}/api/v1/europa/importazioni?formato=csv`, {
    method: 'POST', headers: { cookie: `av_session=${as.sape.cookie}`, 'x-csrf-token': as.sape.csrf }, body: new FormData(),
  });
  assert.equal(r.status, 400);
  assert.equal(count('job'), jobs0);
  assert.ok(!existsSync(join(srv.dir, 'jobs')) || readdirSync(join(srv.dir, 'jobs')).length === 0);
});

test('only the EU desk: a Comune, an operator, an admin 403; anonymous 401; nothing queued', async () => {
  const file = csvFile('ruoli.csv', ['REGION;IMP-30;X;aperto;unica;2027-05-31;x']);
  const jobs0 = count('job');
  // Refused before a byte of the body is read (the server then closes
  // the connection: a small body, as the jobs test does).
  for (const k of ['comune', 'operator', 'admin']) {
    const r = await as[k].call('POST', '/api/v1/europa/importazioni?formato=csv', {});
    assert.equal(r.status, 403, `${k}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, 'forbidden');
  }
  assert.equal((await fetch(`${srv.url}/api/v1/europa/importazioni?formato=csv`, { method: 'POST' })).status, 401);
  assert.ok(file);
  assert.equal(count('job'), jobs0);
  assert.equal(count('eu_bando', "WHERE chiave_fonte = 'IMP-30'"), 0);
  // The desk's job is not visible to the Comune (404 as an unknown id).
  const id = Number(sql(srv.db, "SELECT MAX(id) FROM job WHERE kind = 'import_bandi'").trim());
  assert.equal((await as.comune.call('GET', `/api/v1/jobs/${id}`)).status, 404);
});

test('the stored next deadline: written with the deadlines, and a stale one is not believed', async () => {
  const now = Math.floor(Date.now() / 1000);
  const day = (d) => new Date((now + d * 86400) * 1000).toISOString().slice(0, 10);
  const r = await as.sape.call('POST', '/api/v1/bandi', {
    fonte: 'NATIONAL', chiave_fonte: 'IMP-PROSSIMA', titolo: 'Cut-off successivi', stato: 'aperto', modello_scadenze: 'cut_off_multipli',
    scadenze: [{ fase: 1, data: day(-3), ora: '12:00' }, { fase: 1, data: day(20), ora: '12:00' }, { fase: 1, data: day(60), ora: '12:00' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const at = r.body.scadenze.map((s) => s.scadenza_at).sort((a, b) => a - b);
  const stored = () => Number(sql(srv.db, `SELECT prossima_scadenza FROM eu_bando WHERE id = ${id}`).trim());
  // The earliest deadline not yet passed, from the call's own deadlines.
  assert.equal(stored(), at.filter((t) => t >= now)[0]);
  const listed = async () => (await as.comune.call('GET', `/api/v1/comuni/${COMUNE}/bandi?limit=1000`)).body.items.find((x) => x.bando_id === id);
  assert.equal((await listed()).prossima_scadenza, at[1]);
  // Time passes: a stored value in the past is stale; the list recomputes it.
  sql(srv.db, `UPDATE eu_bando SET prossima_scadenza = ${at[0]} WHERE id = ${id}`);
  assert.equal((await listed()).prossima_scadenza, at[1]);
  // The whole edit rewrites it in its transaction.
  const e = await as.sape.call('PUT', `/api/v1/bandi/${id}`, {
    titolo: 'Cut-off successivi', stato: 'aperto', modello_scadenze: 'cut_off_multipli',
    scadenze: [{ fase: 1, data: day(60), ora: '12:00' }],
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.equal(stored(), e.body.scadenze[0].scadenza_at);
  assert.equal((await listed()).prossima_scadenza, e.body.scadenze[0].scadenza_at);
});
