// dati-ingest.test.mjs - the two-stage ingest of the tabular store (issue
// 15 P3, docs/dati-tabelle.md "Ingest"): a reader thread tokenises and
// checks the CSV and hands batches of about 512 KiB through a ring of 4
// to the writer, which owns the transaction.  These files are large
// enough to cross many batches and to wrap the ring several times:
// - every record of a 6 MB file with quotes, separators, newlines and
//   accents inside values, empty values, as Python's csv module reads it
//   (an independent parser), and types inferred over all the batches (a
//   column that stops being an integer only in its last record);
// - errors found by the reader far into the file (a broken quote at row
//   900,000, invalid UTF-8 at row 700,000, a short last record) stop the
//   writer: the message and the line are the ones the single-thread
//   ingest gave, and nothing is stored (no dati_tabella row, no table).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, cli, sql, sqlRows, BACKEND } from '../lib/server.mjs';

let srv;
let tmp;
let ds;

function file(name, data) {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
}

function pyRead(p, delim) {
  const out = execFileSync('/usr/bin/python3', ['-c', `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))`, p, delim],
  { encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(out);
}

// What an ingest leaves behind: dati_tabella rows and dati_t_* tables.
function stored() {
  const rows = Number(sqlRows(srv.db, 'SELECT COUNT(*) AS n FROM dati_tabella')[0].n);
  const q = BACKEND === 'postgres'
    ? "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name LIKE 'dati\\_t\\_%'"
    : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 'dati\\_t\\_%' ESCAPE '\\'";
  return { rows, tables: Number(sqlRows(srv.db, q)[0].n) };
}

// n records "i;text" after the header "id;testo", the record at line
// `at` (the header is line 1) replaced by `bad`.
function bigFile(n, at, bad) {
  const parts = ['id;testo\n'];
  for (let i = 2; i <= n + 1; i++) parts.push(i === at ? bad : `${i};riga ${i}\n`);
  return Buffer.from(parts.join(''));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-ingest-'));
  srv = await startServer({ web: false });
  sql(srv.db, `INSERT INTO dati_dataset (ente, nome, identificativo, titolo,
    descrizione, stato, created, modified) VALUES ('provincia:024',
    'ingest-test', 'test:ingest-test', 'Ingest', 'd', 'pubblicato', 0, 0)`);
  ds = Number(sqlRows(srv.db, "SELECT id FROM dati_dataset WHERE nome = 'ingest-test'")[0].id);
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

test('a file over many batches: every record as Python reads it, types inferred over all of them', () => {
  const n = 40000;
  const lines = ['codice;descrizione;importo;quando;vuoto;ultimo'];
  for (let i = 1; i <= n; i++) {
    const descr = i % 7 === 0 ? `"riga ${i}; con ""virgolette""\ne a capo"`
      : i % 5 === 0 ? `"città ${i}, perché è così"` : `voce ${i} ${'x'.repeat(i % 90)}`;
    const importo = i % 11 === 0 ? '' : `${i}.${i % 100}`;
    const quando = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const ultimo = i === n ? 'fine' : String(i);
    lines.push(`${String(i).padStart(6, '0')};${descr};${importo};${quando};;${ultimo}`);
  }
  const p = file('grande.csv', lines.join('\r\n') + '\r\n');
  const rows = pyRead(p, ';');
  assert.equal(rows.length, n + 1);
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(ds), p]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/tabella (\d+), (\d+) righe, (\d+) colonne/);
  assert.ok(m, r.stdout);
  const tab = Number(m[1]);
  assert.equal(Number(m[2]), n);
  const campi = sqlRows(srv.db, `SELECT nome, tipo FROM dati_tabella_campo WHERE tabella_id = ${tab} ORDER BY pos`);
  assert.deepEqual(campi.map((c) => c.nome), rows[0]);
  // leading zeros: a code; decimals: number; the last record's "fine"
  // makes the whole column a string (inferred over all the batches)
  assert.deepEqual(campi.map((c) => c.tipo), ['string', 'string', 'number', 'date', 'string', 'string']);
  const got = sqlRows(srv.db, `SELECT _id, c1, c2, c3, c4, c5, c6 FROM dati_t_${tab} ORDER BY _id`);
  assert.equal(got.length, n);
  for (let i = 1; i <= n; i++) {
    const g = got[i - 1];
    assert.equal(Number(g._id), i);
    rows[i].forEach((v, k) => assert.equal(g[`c${k + 1}`] ?? '', v, `record ${i}, column ${k + 1}`));
    assert.equal(g.c5, null, 'an empty value is NULL');
  }
});

test('errors far into the file: the line and the message, nothing stored', () => {
  const was = stored();
  const cases = [
    ['quote900k.csv', bigFile(900000, 900000, '900000;riga "rotta\n'), /riga 900000: il file non è un CSV valido: virgolette/],
    ['utf8-700k.csv', Buffer.concat([
      bigFile(699998, 0, ''), Buffer.from('700000;'), Buffer.from([0xc3, 0x28]), Buffer.from('\n'),
      Buffer.from('700001;dopo\n')]), /riga 700000: colonna 2: il testo non è UTF-8 valido/],
    ['corto.csv', Buffer.concat([bigFile(300000, 0, ''), Buffer.from('300002\n')]), /riga 300002: 1 campi invece dei 2 dell'intestazione/],
    ['virgolette-aperte.csv', Buffer.concat([bigFile(200000, 0, ''), Buffer.from('200002;"mai chiusa\n')]), /riga 200002: il file finisce dentro un valore tra virgolette/],
  ];
  for (const [name, data, re] of cases) {
    const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(ds), file(name, data)]);
    assert.equal(r.status, 1, `${name}: ${r.stdout}`);
    assert.match(r.stderr, re, name);
    assert.deepEqual(stored(), was, name);
  }
});

test('the same file without the error loads every record (the cases above fail only for their error)', () => {
  const was = stored();
  const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(ds), file('buono900k.csv', bigFile(900000, 0, ''))]);
  assert.equal(r.status, 0, r.stderr);
  const tab = Number(r.stdout.match(/tabella (\d+)/)[1]);
  assert.match(r.stdout, /900000 righe, 2 colonne/);
  const [first, last] = [1, 900000].map((i) => sqlRows(srv.db, `SELECT c1, c2 FROM dati_t_${tab} WHERE _id = ${i}`)[0]);
  assert.deepEqual(first, { c1: '2', c2: 'riga 2' });
  assert.deepEqual(last, { c1: '900001', c2: 'riga 900001' });
  assert.deepEqual(stored(), { rows: was.rows + 1, tables: was.tables + 1 });
});
