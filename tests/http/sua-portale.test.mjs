// sua-portale.test.mjs - the public tender portal end to end (issue 12,
// item 8), on both backends: tenders created, edited, published, amended
// and cancelled through the real API of the SUA officer, then read by an
// anonymous visitor.  Drafts never appear (list, detail, per-Comune page,
// CSV, XLSX, search); filters and search (accents folded, apostrophes,
// FTS/SQL syntax as text); cursor pages equal offset pages; the CSV parses
// back; the XLSX opens (its sheet holds the values, amounts as numbers);
// the amendment and the cancellation reach the portal (sua_portale_index
// in their transactions); bad filters are 400 with the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

let srv;
let sua; // sua_officer of Vicenza
let comune; // a Comune's user (asks a clarification)
let tmp;
const T = {}; // the tenders, by name
// What the demo had published before this file's tenders (the demo has
// tenders of its own): their ids, left out of every comparison, and the
// per-Comune totals, compared as differences.
let BASE;
const BASE_TOT = {};

// Anonymous GET of the public API: { status, body, text, headers }.
async function pub(path) {
  const res = await fetch(`${srv.url}/api/v1${path}`);
  // The bytes as sent: a CSV's byte-order mark kept.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  let body = null;
  try { body = JSON.parse(text); } catch { /* CSV */ }
  return { status: res.status, body, text, headers: res.headers };
}
const ids = (r) => r.body.items.map((x) => x.id).filter((id) => !BASE.has(id));
const allIds = (r) => r.body.items.map((x) => x.id);

function lotto(over = {}) {
  return {
    oggetto: 'Lotto di prova', cpv: '45233141-9', importo_cents: 400000000,
    sicurezza_cents: 5000000, comune: '024116', ...over,
  };
}

async function draft(oggetto, tipo, lotti) {
  const r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto, tipo, lotti });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const d = {
    termine_chiarimenti: iso(Date.now() + 10 * DAY),
    termine_offerte: iso(Date.now() + 45 * DAY),
    prima_seduta: iso(Date.now() + 46 * DAY),
  };
  const e = await sua.call('PUT', `/api/v1/sua/gare/${r.body.id}`,
    { procedura: 'aperta', criterio: 'prezzo', rup_nome: 'Ing. Maria Rossi', data_invio: today(), ...d });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  return e.body;
}

async function publish(g) {
  const p = await sua.call('POST', `/api/v1/sua/gare/${g.id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-portale-'));
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(srv.db, 'sua.portale@example.org', 'sua_officer', 'provincia:024');
  addUser(srv.db, 'comune.portale@example.org', 'comune', 'comune:024116');
  sua = await login(srv.url, 'sua.portale@example.org');
  comune = await login(srv.url, 'comune.portale@example.org');
  BASE = new Set(allIds(await pub('/gare?limit=100')));
  for (const c of ['024116', '024001', '024008']) BASE_TOT[c] = (await pub(`/comuni/${c}/gare`)).body.totali;

  // Works in Vicenza and Agugliaro: 6,000,000.00 euro.
  T.scuola = await publish(await draft('Manutenzione straordinaria dell\'edificio scolastico', 'lavori', [
    lotto({ oggetto: 'Scuola primaria di Àrzignano', cig: 'A005FC04C3' }),
    lotto({ oggetto: 'Palestra comunale', cig: 'A003270025', comune: '024001', importo_cents: 200000000, sicurezza_cents: 0 }),
  ]));
  // Services with FTS syntax in the object: 300,000.00 euro in Vicenza.
  T.pulizia = await publish(await draft('Servizio di pulizia "uffici" * OR NEAR( sede', 'servizi', [
    lotto({ oggetto: 'Pulizia del municipio', cpv: '90911200-8', cig: 'A00518EDE1', importo_cents: 30000000, sicurezza_cents: 0 }),
  ]));
  // A supply, published then cancelled: 150,000.00 euro in Vicenza.
  T.arredi = await publish(await draft('Fornitura di arredi per uffici', 'forniture', [
    lotto({ oggetto: 'Arredi', cpv: '39130000-2', cig: 'A005544DD8', importo_cents: 15000000, sicurezza_cents: 0 }),
  ]));
  const c = await sua.call('POST', `/api/v1/sua/gare/${T.arredi.id}/annulla`, { motivo: 'Finanziamento revocato' });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  // A draft, never published: its words must never be found.
  T.bozza = await draft('Manutenzione segretissima delle strade', 'lavori', [
    lotto({ oggetto: 'Strade riservate', cig: 'A007F7819A', comune: '024008' }),
  ]);
});

after(async () => {
  await srv?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('drafts never appear: list, detail, per-Comune page, search, CSV, XLSX', async () => {
  const all = await pub('/gare?limit=100');
  assert.equal(all.status, 200);
  assert.deepEqual(ids(all).sort(), [T.scuola.id, T.pulizia.id, T.arredi.id].sort());
  assert.equal(all.body.total, BASE.size + 3);
  assertEnvelope(assert, await pub(`/gare/${T.bozza.id}`), 404, 'not_found');
  assertEnvelope(assert, await pub('/gare/99999999'), 404, 'not_found');
  assertEnvelope(assert, await pub('/gare/abc'), 404, 'not_found');
  assert.equal((await pub('/gare?q=segretissima')).body.total, 0);
  const arz = await pub('/comuni/024008/gare');
  assert.equal(arz.status, 200);
  assert.deepEqual(arz.body.items, []);
  assert.deepEqual(arz.body.totali, BASE_TOT['024008']);
  const csv = await pub('/gare.csv');
  assert.doesNotMatch(csv.text, /segretissima/i);
  const sheet = await xlsxSheet('');
  assert.doesNotMatch(sheet, /segretissima/i);
  // Publishing it makes it public at once (the portal indexed it).
  const g = await publish(T.bozza);
  assert.deepEqual(ids(await pub('/gare?q=segretissima')), [g.id]);
  assert.equal((await pub(`/gare/${g.id}`)).status, 200);
  T.strade = g;
});

test('the detail: lots, Comuni, deadlines in two forms', async () => {
  const r = await pub(`/gare/${T.scuola.id}`);
  assert.equal(r.status, 200);
  const g = r.body;
  assert.equal(g.stato, 'pubblicata');
  assert.equal(g.tipo, 'lavori');
  assert.equal(g.procedura, 'aperta');
  assert.equal(g.criterio, 'prezzo');
  assert.equal(g.rup_nome, 'Ing. Maria Rossi');
  assert.equal(g.importo_cents, 600000000);
  assert.equal(g.sicurezza_cents, 5000000);
  assert.deepEqual(g.lotti.map((l) => [l.numero, l.cig, l.cpv, l.importo_cents, l.comune.codice_istat, l.comune.nome]), [
    [1, 'A005FC04C3', '45233141-9', 400000000, '024116', 'Vicenza'],
    [2, 'A003270025', '45233141-9', 200000000, '024001', 'Agugliaro'],
  ]);
  const off = g.termini.offerte;
  assert.match(off.iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);
  assert.equal(Date.parse(off.iso), Date.parse(T.scuola.termine_offerte));
  // The same instant as Rome's wall clock, gg/mm/aaaa hh:mm.
  const rome = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    .format(new Date(off.iso)).replace(',', '');
  assert.equal(off.locale, rome);
  for (const k of ['chiarimenti', 'prima_seduta']) assert.match(g.termini[k].locale, /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  assert.match(g.pubblicata.locale, /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  assert.equal(g.data_pubblicazione, today());
  assert.deepEqual(g.rettifiche, []);
  assert.deepEqual(g.chiarimenti, []);
  assert.ok(Array.isArray(g.documenti));
});

test('clarifications: only answered ones are public, never who asked', async () => {
  const q1 = await comune.call('POST', `/api/v1/gare/${T.scuola.id}/chiarimenti`, { domanda: 'È ammesso il subappalto?' });
  assert.equal(q1.status, 201, JSON.stringify(q1.body));
  const q2 = await comune.call('POST', `/api/v1/gare/${T.scuola.id}/chiarimenti`, { domanda: 'Domanda senza risposta' });
  assert.equal(q2.status, 201);
  assert.deepEqual((await pub(`/gare/${T.scuola.id}`)).body.chiarimenti, []);
  const a = await sua.call('POST', `/api/v1/sua/chiarimenti/${q1.body.id}/risposta`, { risposta: 'Sì, nei limiti di legge.' });
  assert.ok(a.status === 200 || a.status === 201, JSON.stringify(a.body));
  const g = (await pub(`/gare/${T.scuola.id}`)).body;
  assert.equal(g.chiarimenti.length, 1);
  assert.equal(g.chiarimenti[0].domanda, 'È ammesso il subappalto?');
  assert.equal(g.chiarimenti[0].risposta, 'Sì, nei limiti di legge.');
  assert.match(g.chiarimenti[0].risposto.locale, /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  assert.doesNotMatch(JSON.stringify(g), /comune\.portale|chiesto_da|risposto_da|senza risposta/);
});

const BOUNDARY = '----areavasta-portale-boundary-7c1';
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n', 'latin1');

// The officer attaches a file to a tender (multipart, field "tipo").
async function attach(garaId, name, tipo) {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\n${tipo}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/octet-stream\r\n\r\n'),
    PDF, Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const res = await fetch(`${srv.url}/api/v1/sua/gare/${garaId}/documenti`, {
    method: 'POST',
    headers: { cookie: `av_session=${sua.cookie}`, 'x-csrf-token': sua.csrf, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
  });
  const json = await res.json();
  assert.equal(res.status, 201, JSON.stringify(json));
  return json.id;
}

test('documents: listed with the tender, downloaded by anyone, never a draft\'s', async () => {
  const doc = await attach(T.scuola.id, 'Bando di gara.pdf', 'bando');
  const g = (await pub(`/gare/${T.scuola.id}`)).body;
  assert.equal(g.documenti.length, 1);
  const d = g.documenti[0];
  assert.deepEqual([d.id, d.tipo, d.nome, d.mime, d.size], [doc, 'bando', 'Bando di gara.pdf', 'application/pdf', PDF.length]);
  assert.equal(d.url, `/api/v1/gare/${T.scuola.id}/documenti/${doc}`);
  const res = await fetch(srv.url + d.url); // anonymous
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="Bando di gara\.pdf"/);
  // Through another tender's address: not found.
  assertEnvelope(assert, await pub(`/gare/${T.pulizia.id}/documenti/${doc}`), 404, 'not_found');
  assertEnvelope(assert, await pub(`/gare/${T.scuola.id}/documenti/99999999`), 404, 'not_found');
  assertEnvelope(assert, await pub(`/gare/${T.scuola.id}/documenti/x`), 404, 'not_found');
  // A draft's document: neither listed nor served.
  const draft = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'Bozza con documenti', tipo: 'servizi' });
  assert.equal(draft.status, 201);
  const hidden = await attach(draft.body.id, 'riservato.pdf', 'capitolato');
  assertEnvelope(assert, await pub(`/gare/${draft.body.id}/documenti/${hidden}`), 404, 'not_found');
  assertEnvelope(assert, await pub(`/gare/${T.scuola.id}/documenti/${hidden}`), 404, 'not_found');
  assertEnvelope(assert, await pub(`/gare/${draft.body.id}`), 404, 'not_found');
});

test('filters', async () => {
  const q = async (qs) => ids(await pub(`/gare?limit=100&${qs}`)).sort((a, b) => a - b);
  const sorted = (...x) => x.sort((a, b) => a - b);
  assert.deepEqual(await q('tipo=servizi'), [T.pulizia.id]);
  assert.deepEqual(await q('stato=annullata'), [T.arredi.id]);
  assert.deepEqual(await q('stato=pubblicata'), sorted(T.scuola.id, T.pulizia.id, T.strade.id));
  assert.deepEqual(await q('comune=024001'), [T.scuola.id]);
  assert.deepEqual(await q('comune=024116&tipo=lavori'), [T.scuola.id]);
  assert.deepEqual(await q('cpv=90'), [T.pulizia.id]);
  assert.deepEqual(await q('cpv=4523'), sorted(T.scuola.id, T.strade.id));
  assert.deepEqual(await q('cpv=46'), []);
  // The whole tender's amount: 6,000,000 / 300,000 / 150,000 / 4,000,000 euro.
  assert.deepEqual(await q('importo_min=400000000'), sorted(T.scuola.id, T.strade.id));
  assert.deepEqual(await q('importo_min=400000001'), [T.scuola.id]);
  assert.deepEqual(await q('importo_max=30000000'), sorted(T.pulizia.id, T.arredi.id));
  assert.deepEqual(await q('importo_min=15000000&importo_max=15000000'), [T.arredi.id]);
  assert.deepEqual(await q(`dal=${today()}&al=${today()}`).then((x) => x.length), 4);
  assert.deepEqual(await q('al=2020-01-01'), []);
  assert.deepEqual(await q('dal=2100-01-01'), []);
});

test('search: word beginnings, accents, apostrophes, syntax characters as text', async () => {
  const q = async (text) => ids(await pub(`/gare?q=${encodeURIComponent(text)}`)).sort((a, b) => a - b);
  assert.deepEqual(await q('manut'), [T.scuola.id, T.strade.id].sort((a, b) => a - b));
  assert.deepEqual(await q('MANUT scol'), [T.scuola.id]);
  assert.deepEqual(await q('arzignano'), [T.scuola.id], 'a lot\'s object, accent folded');
  assert.deepEqual(await q('àrzignàno'), [T.scuola.id]);
  assert.deepEqual(await q("dell'edificio"), [T.scuola.id]);
  assert.deepEqual(await q('dell’edificio'), [T.scuola.id], 'typographic apostrophe');
  assert.deepEqual(await q('"uffici" * OR NEAR('), [T.pulizia.id]);
  assert.deepEqual(await q('uffici'), [T.pulizia.id, T.arredi.id].sort((a, b) => a - b));
  assert.deepEqual(await q("' OR 1=1 --"), []);
  assert.deepEqual(await q('%_%'), []);
  assert.deepEqual(await q('pulizia palestra'), []);
  const empty = await pub('/gare?q=');
  assert.equal(empty.body.total, BASE.size + 4);
});

test('pages: walking by next gives what offset gives; a cursor of other filters is refused', async () => {
  const n = BASE.size + 4;
  const byOffset = [];
  for (let off = 0; off < n; off++) byOffset.push(...allIds(await pub(`/gare?limit=1&offset=${off}`)));
  const byNext = [];
  let r = await pub('/gare?limit=1');
  assert.equal(r.body.total, n);
  for (;;) {
    byNext.push(...allIds(r));
    if (!r.body.next) break;
    r = await pub(`/gare?limit=1&after=${encodeURIComponent(r.body.next)}`);
    assert.equal(r.status, 200);
  }
  assert.deepEqual(byNext, byOffset);
  assert.equal(new Set(byNext).size, n);
  // Newest publication first (of this file's: the last published).
  assert.equal(byNext.filter((id) => !BASE.has(id))[0], T.strade.id);
  const p1 = await pub('/gare?limit=1');
  const bad = await pub(`/gare?limit=1&tipo=lavori&after=${encodeURIComponent(p1.body.next)}`);
  assert.equal(assertEnvelope(assert, bad, 400).field, 'after');
  const both = await pub(`/gare?limit=1&offset=1&after=${encodeURIComponent(p1.body.next)}`);
  assertEnvelope(assert, both, 400);
});

test('a Comune\'s tenders with totals (its own lots, cancelled counted apart)', async () => {
  const r = await pub('/comuni/024116/gare');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.comune, { codice_istat: '024116', nome: 'Vicenza', provincia: '024' });
  // Vicenza's lots: 4,000,000 (scuola) + 300,000 (pulizia); arredi cancelled
  // (added to what the demo had).
  const b = BASE_TOT['024116'];
  const t = r.body.totali;
  assert.equal(t.gare - b.gare, 2);
  assert.equal(t.importo_cents - b.importo_cents, 430000000);
  assert.equal(t.annullate - b.annullate, 1);
  const d = (k) => ({ gare: t.per_tipo[k].gare - b.per_tipo[k].gare, importo_cents: t.per_tipo[k].importo_cents - b.per_tipo[k].importo_cents });
  assert.deepEqual(d('lavori'), { gare: 1, importo_cents: 400000000 });
  assert.deepEqual(d('servizi'), { gare: 1, importo_cents: 30000000 });
  assert.deepEqual(d('forniture'), { gare: 0, importo_cents: 0 });
  assert.equal(t.gare, t.per_tipo.lavori.gare + t.per_tipo.servizi.gare + t.per_tipo.forniture.gare);
  assert.deepEqual(ids(r).sort((a, b) => a - b), [T.scuola.id, T.pulizia.id, T.arredi.id].sort((a, b) => a - b));
  const agu = await pub('/comuni/024001/gare');
  assert.equal(agu.body.totali.importo_cents - BASE_TOT['024001'].importo_cents, 200000000);
  assert.deepEqual(ids(agu), [T.scuola.id]);
  assertEnvelope(assert, await pub('/comuni/999999/gare'), 404, 'not_found');
  assertEnvelope(assert, await pub('/comuni/abc/gare'), 404, 'not_found');
  assert.equal(assertEnvelope(assert, await pub('/comuni/024116/gare?tipo=x'), 400).field, 'tipo');
});

// A minimal RFC 4180 reader for ';' (quoted fields, doubled quotes).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ';') { row.push(f); f = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; } else f += c;
  }
  return rows;
}

test('CSV: the filtered list, Italian formats, parses back', async () => {
  const r = await pub('/gare.csv?tipo=lavori');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="bandi-di-gara\.csv"/);
  assert.ok(r.text.startsWith('\uFEFF'), 'byte-order mark');
  const rows = parseCsv(r.text.slice(1));
  const head = rows[0];
  assert.deepEqual(head.slice(0, 4), ['id', 'oggetto', 'tipo', 'stato']);
  const col = (name) => head.indexOf(name);
  const body = rows.slice(1).filter((x) => !BASE.has(Number(x[0])));
  assert.deepEqual(body.map((x) => Number(x[col('id')])).sort((a, b) => a - b), [T.scuola.id, T.strade.id].sort((a, b) => a - b));
  const s = body.find((x) => Number(x[0]) === T.scuola.id);
  assert.equal(s[col('oggetto')], 'Manutenzione straordinaria dell\'edificio scolastico');
  assert.equal(s[col('importo_euro')], '6.000.000,00');
  assert.equal(s[col('sicurezza_euro')], '50.000,00');
  assert.equal(s[col('lotti')], '2');
  assert.equal(s[col('comuni')], 'Vicenza, Agugliaro');
  assert.match(s[col('data_pubblicazione')], /^\d\d\/\d\d\/\d{4}$/);
  assert.equal(s[col('termine_offerte')], (await pub(`/gare/${T.scuola.id}`)).body.termini.offerte.locale);
  assert.equal(s[col('indirizzo')], `/bando.html?id=${T.scuola.id}`);
  // Quotes and ';' survive.
  const all = parseCsv((await pub('/gare.csv')).text.slice(1));
  assert.equal(all.length - 1, BASE.size + 4);
  assert.ok(all.some((x) => x[1] === 'Servizio di pulizia "uffici" * OR NEAR( sede'));
  assert.equal(assertEnvelope(assert, await pub('/gare.csv?importo_min=x'), 400).field, 'importo_min');
  const none = parseCsv((await pub('/gare.csv?q=nessunaparolacosi')).text.slice(1));
  assert.equal(none.length, 1, 'only the header');
});

// The first sheet of /gare.xlsx?qs as XML (the file checked by unzip).
async function xlsxSheet(qs) {
  const res = await fetch(`${srv.url}/api/v1/gare.xlsx${qs ? `?${qs}` : ''}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /filename="bandi-di-gara\.xlsx"/);
  const file = join(tmp, `g${Date.now()}${Math.random()}.xlsx`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  assert.match(execFileSync('unzip', ['-l', file], { encoding: 'utf8' }), /xl\/worksheets\/sheet1\.xml/);
  return execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
}

test('XLSX: opens, one row per tender, amounts as number cells', async () => {
  const res = await fetch(`${srv.url}/api/v1/gare.xlsx?tipo=lavori`);
  assert.equal(res.headers.get('x-righe'), String((await pub('/gare?tipo=lavori&limit=100')).body.total));
  await res.arrayBuffer();
  const sheet = await xlsxSheet('tipo=lavori');
  assert.match(sheet, /Manutenzione straordinaria dell'edificio scolastico/);
  // 600000000 cents: the number 6000000 in the amount column (H), a number cell.
  assert.match(sheet, /<c r="H\d+"[^>]*><v>6000000<\/v><\/c>/);
  assert.match(sheet, /<c r="H\d+"[^>]*><v>4000000<\/v><\/c>/);
  assert.doesNotMatch(sheet, /OR NEAR/);
  assert.equal(assertEnvelope(assert, await pub('/gare.xlsx?dal=ieri'), 400).field, 'dal');
});

test('an amendment and a cancellation reach the portal', async () => {
  const later = iso(Date.parse(T.pulizia.termine_offerte) + 7 * DAY);
  const seduta = iso(Date.parse(T.pulizia.prima_seduta) + 7 * DAY);
  const r = await sua.call('PUT', `/api/v1/sua/gare/${T.pulizia.id}`, {
    termine_offerte: later, prima_seduta: seduta, motivo_rettifica: 'Proroga per sopralluoghi',
    lotti: [lotto({ oggetto: 'Pulizia del municipio e della biblioteca', cpv: '90911200-8', cig: 'A00518EDE1', importo_cents: 35000000, sicurezza_cents: 0 })],
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const g = (await pub(`/gare/${T.pulizia.id}`)).body;
  assert.equal(g.versione, 1);
  assert.equal(g.rettifiche.length, 1);
  assert.equal(g.rettifiche[0].motivo, 'Proroga per sopralluoghi');
  assert.equal(Date.parse(g.termini.offerte.iso), Date.parse(later));
  assert.equal(g.importo_cents, 35000000);
  // The list's amount and search words follow the amendment.
  assert.deepEqual(ids(await pub('/gare?q=biblioteca')), [T.pulizia.id]);
  assert.deepEqual(ids(await pub('/gare?importo_min=35000000&importo_max=35000000')), [T.pulizia.id]);
  // Cancelled: still public, as annullata, with its reason.
  const c = await sua.call('POST', `/api/v1/sua/gare/${T.strade.id}/annulla`, { motivo: 'Progetto ritirato' });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  const s = (await pub(`/gare/${T.strade.id}`)).body;
  assert.equal(s.stato, 'annullata');
  assert.equal(s.motivo_annullamento, 'Progetto ritirato');
  assert.ok(ids(await pub('/gare?stato=annullata')).includes(T.strade.id));
  assert.equal((await pub('/comuni/024008/gare')).body.totali.annullate - BASE_TOT['024008'].annullate, 1);
});

test('bad filters: 400 with the field, nothing listed', async () => {
  const cases = [
    ['stato=bozza', 'stato'], ['stato=boh', 'stato'], ['tipo=opere', 'tipo'],
    ['comune=24116', 'comune'], ['comune=02411x', 'comune'], ['cpv=4', 'cpv'], ['cpv=45a', 'cpv'],
    ['cpv=452331419', 'cpv'], ['importo_min=-1', 'importo_min'], ['importo_max=1,5', 'importo_max'],
    ['importo_min=99999999999999999', 'importo_min'], ['importo_min=5&importo_max=4', 'importo_max'],
    ['dal=01/12/2026', 'dal'], ['al=2026-02-30', 'al'], ['dal=2027-01-02&al=2027-01-01', 'al'],
    [`q=${'a'.repeat(201)}`, 'q'], ['q=%01', 'q'], ['limit=0', 'limit'], ['limit=101', 'limit'],
    ['after=xyz', 'after'],
  ];
  for (const [qs, field] of cases) {
    const r = await pub(`/gare?${qs}`);
    const e = assertEnvelope(assert, r, 400);
    assert.equal(e.field, field, `${qs}: ${e.message}`);
    assert.match(e.message, /[a-zà-ù]/);
  }
  assertEnvelope(assert, await pub('/gare?provincia=VI'), 400);
});
