// dati-tableschema.test.mjs - the C Table Schema validator (`areavasta
// tableschema`) against the JavaScript reference implementation
// `tableschema` (frictionlessdata/tableschema-js, npm, dev only) on the same
// CSVs and schemas: the same cell errors (row, column, rule), the same rows
// with a uniqueness violation, the same rows with a wrong number of cells.
// The reference reports one error per row for a duplicate key and a short
// row; the C validator more detail (missing-cell per field, the key's
// rule), mapped back here to compare.  tableschema-js implements Table
// Schema v1: the compared files use only what v1 and v2 agree on (no
// exclusiveMinimum, datetimes in UTC "Z", 4-digit yearmonth); the v2
// additions are in the unit conformance table
// (tests/unit/modules/dati/tableschema_test.c).  Also the Italian message
// and the exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { cli } from '../lib/server.mjs';

const require = createRequire(import.meta.url);
const { Table, Schema } = require('tableschema');
const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'tableschema');
const CASES = ['scuole', 'misure'];

function ours(name) {
  const r = cli(['tableschema', '--schema', path.join(DATA, `${name}.schema.json`), path.join(DATA, `${name}.csv`)]);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { status: r.status, errors: lines.slice(0, -1), summary: lines.at(-1) };
}

// The reference: cell errors with their rule, and the rows with row errors.
async function reference(name) {
  const descriptor = JSON.parse(fs.readFileSync(path.join(DATA, `${name}.schema.json`), 'utf8'));
  const schema = await Schema.load(descriptor);
  const table = await Table.load(path.join(DATA, `${name}.csv`), { schema });
  const rows = await table.read({ forceCast: true, extended: true });
  const cells = new Set();
  const unique = new Set();
  const length = new Set();
  let n = 0;
  for (const r of rows) {
    if (!(r instanceof Error)) continue;
    if (r.errors.length) {
      for (const e of r.errors) {
        const m = /to the "(\w+)" constraint/.exec(e.message);
        cells.add(`${e.rowNumber}:${e.columnNumber}:${m ? m[1] : 'type'}`);
        n++;
      }
    } else if (/unique constraint/.test(r.message)) unique.add(r.rowNumber);
    else if (/does not match the \d+ fields/.test(r.message)) length.add(r.rowNumber);
    else throw new Error(`unexpected reference error: ${r.message}`);
  }
  return { cells, unique, length, n };
}

for (const name of CASES) {
  test(`${name}: the same errors as the tableschema reference`, async () => {
    const ref = await reference(name);
    const got = ours(name);
    assert.equal(got.status, 1);
    assert.ok(ref.n > 5, 'the case has cell errors to compare');
    const cells = new Set();
    const unique = new Set();
    const length = new Set();
    for (const e of got.errors) {
      if (['unique', 'primaryKey', 'uniqueKeys'].includes(e.regola)) unique.add(e.riga);
      else if (['missing-cell', 'extra-cell'].includes(e.regola)) length.add(e.riga);
      else cells.add(`${e.riga}:${e.colonna}:${e.regola}`);
    }
    // The reference does not cast a short row, nor check keys of a row
    // with cast errors: compare those rows as sets of rows only.
    for (const r of length) for (const c of [...cells]) if (c.startsWith(`${r}:`)) cells.delete(c);
    assert.deepEqual([...cells].sort(), [...ref.cells].sort());
    assert.deepEqual([...length].sort(), [...ref.length].sort());
    const badCells = new Set([...ref.cells].map((c) => Number(c.split(':')[0])));
    assert.deepEqual([...unique].filter((r) => !badCells.has(r)).sort(), [...ref.unique].sort());
  });
}

test('the messages are plain Italian with row, column and value', () => {
  const got = ours('scuole');
  const date = got.errors.find((e) => e.campo === 'data_apertura' && e.riga === 3);
  assert.equal(date.messaggio, 'riga 3, colonna `data_apertura`: «31/02/2026» non è una data valida nel formato gg/mm/aaaa');
  assert.equal(date.valore, '31/02/2026');
  assert.equal(got.summary.righe, 8);
  assert.ok(got.summary.errori >= got.errors.length - 1);
});

test('a valid file exits 0; a bad schema exits 1 naming the path; usage 2', () => {
  const dir = fs.mkdtempSync('/tmp/av-ts-');
  fs.writeFileSync(path.join(dir, 's.json'), JSON.stringify({ fields: [{ name: 'a', type: 'integer' }] }));
  fs.writeFileSync(path.join(dir, 'ok.csv'), '\uFEFFa\n1\n2\n');
  let r = cli(['tableschema', '--schema', path.join(dir, 's.json'), path.join(dir, 'ok.csv')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { righe: 2, errori: 0, righe_con_errori: 0 });
  fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ fields: [{ name: 'a', type: 'colore' }] }));
  r = cli(['tableschema', '--schema', path.join(dir, 'bad.json'), path.join(dir, 'ok.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /schema\.fields\[0\]\.type/);
  assert.equal(cli(['tableschema']).status, 2);
  fs.rmSync(dir, { recursive: true });
});
