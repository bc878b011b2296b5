// duckdb-ingest.mjs - the DuckDB side of bench/ingest.sh: loads the CSV
// into a table of a fresh database file (every column as text, as
// areavasta and sqlite3 .import store it) and times the per-Province
// aggregate.  Prints "load_s=<s> agg_ms=<ms> rows=<n>".  Benchmark only.
import { DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';

const [file, dbPath] = process.argv.slice(2);
rmSync(dbPath, { force: true });
rmSync(dbPath + '.wal', { force: true });
const inst = await DuckDBInstance.create(dbPath);
const con = await inst.connect();
const path = file.replaceAll("'", "''");
let t = performance.now();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${path}', delim=';',
  header=true, all_varchar=true, quote='"')`);
await con.run('CHECKPOINT');
const load = (performance.now() - t) / 1000;
const rows = (await con.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0];
const q = `SELECT provincia, count(*), sum(TRY_CAST(importo_lotto AS DOUBLE))
  FROM t GROUP BY provincia`;
await con.runAndReadAll(q); // warm, as the others are queried after a load
t = performance.now();
await con.runAndReadAll(q);
const agg = performance.now() - t;
console.log(`load_s=${load.toFixed(2)} agg_ms=${agg.toFixed(1)} rows=${rows}`);
