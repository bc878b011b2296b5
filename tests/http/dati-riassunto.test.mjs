// dati-riassunto.test.mjs - the tabular store's per-group summaries (issue 15
// item 4, migration 0050), on both backends.
//
// The real ANAC sample is imported twice (two resources, two tables): each
// ingest queues the job dati_riassunto.  Once both have run, the second
// table's summary is deleted, so the same questions are answered from the
// summary on the first table and by a scan on the second: the answers must
// be identical (count, exact sums and averages, least and greatest, groups
// and their order, the empty group).  One answer is also checked against
// Python's Decimal over the CSV (an independent computation), and a summary
// row altered on purpose shows in the answer: the route really reads it.
// A question the summary does not cover (a filter, a column of too many
// values, min of a text column) is answered by the scan, as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, cli, sql, sqlRows, SHARED } from '../lib/server.mjs';

const ANAC = join(SHARED, 'data', 'anac', 'cig_csv_sample_20231001.csv');
let srv;
const res = [];

function dataset(nome) {
  sql(srv.db, `INSERT INTO dati_dataset (ente, nome, identificativo, titolo,
    descrizione, stato, created, modified) VALUES ('provincia:024', '${nome}',
    'test:${nome}', 'Titolo ${nome}', 'd', 'pubblicato', 0, 0)`);
  return Number(sqlRows(srv.db, `SELECT id FROM dati_dataset WHERE nome = '${nome}'`)[0].id);
}
const one = (q) => sql(srv.db, q).trim();

async function aggrega(risorsa, params) {
  const r = await fetch(`${srv.url}/api/v1/dati/risorse/${risorsa}/aggrega?${new URLSearchParams(params)}`);
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  delete body.risorsa_id;
  return body;
}

before(async () => {
  srv = await startServer({ web: false });
  const ds = dataset('cig-riassunto');
  for (let i = 0; i < 2; i++) {
    const r = cli(['import', 'csv', '--db', srv.db, '--dataset', String(ds), ANAC]);
    assert.equal(r.status, 0, r.stderr);
  }
  for (const row of sqlRows(srv.db, `SELECT id, tabella_id FROM dati_risorsa WHERE dataset_id = ${ds} ORDER BY id`)) {
    res.push({ id: Number(row.id), tabella: Number(row.tabella_id) });
  }
  assert.equal(res.length, 2);
  // the jobs queued by the CLI's ingests run in the server's workers
  for (let k = 0; k < 300; k++) {
    const n = Number(one(`SELECT COUNT(*) FROM job WHERE kind = 'dati_riassunto' AND state IN ('queued', 'running')`));
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(one(`SELECT COUNT(*) FROM job WHERE kind = 'dati_riassunto' AND state <> 'done'`), '0',
    one(`SELECT id || ' ' || state || ' ' || COALESCE(error, '') || ' ' || COALESCE(result, '') || ' ' || input FROM job WHERE kind = 'dati_riassunto'`).replace(/\n/g, ' | '));
});
after(async () => { await srv.stop(); });

const pos = (tabella, nome) => Number(one(`SELECT pos FROM dati_tabella_campo WHERE tabella_id = ${tabella} AND nome = '${nome}'`));

test('each ingest writes its summary: low-cardinality columns as groups, numeric ones as measures', () => {
  const [a] = res;
  const groups = (nome) => Number(one(`SELECT COUNT(*) FROM dati_tabella_riassunto WHERE tabella_id = ${a.tabella} AND gruppo = ${pos(a.tabella, nome)} AND misura = 0`));
  assert.equal(groups('provincia'), 105);
  assert.equal(groups('settore'), 2);
  assert.equal(groups('cig'), 0); // 1068 distinct values: not a group
  assert.equal(one(`SELECT righe FROM dati_tabella_riassunto WHERE tabella_id = ${a.tabella} AND gruppo = 0 AND misura = 0`), '1068');
  const measures = one(`SELECT COUNT(DISTINCT misura) FROM dati_tabella_riassunto WHERE tabella_id = ${a.tabella} AND misura > 0`);
  assert.ok(Number(measures) >= 3, measures);
});

test('the summary and the scan give the same answers, digit for digit', async () => {
  const [a, b] = res;
  sql(srv.db, `DELETE FROM dati_tabella_riassunto WHERE tabella_id = ${b.tabella}`);
  const questions = [
    { group_by: 'provincia', sum: 'importo_lotto' },
    { group_by: 'provincia', avg: 'importo_lotto', min: 'importo_lotto', max: 'importo_lotto' },
    { group_by: 'settore', sum: 'importo_complessivo_gara,importo_lotto', avg: 'importo_complessivo_gara' },
    { group_by: 'anno_pubblicazione', max: 'importo_lotto', min: 'n_lotti_componenti' },
    { sum: 'importo_lotto', avg: 'importo_lotto' },
    { group_by: 'tipo_scelta_contraente' },
  ];
  for (const q of questions) {
    assert.deepEqual(await aggrega(a.id, q), await aggrega(b.id, q), JSON.stringify(q));
  }
  // not covered: a filter, a column of too many values, min of a text column
  for (const q of [
    { group_by: 'provincia', sum: 'importo_lotto', filters: JSON.stringify({ settore: 'SETTORI ORDINARI' }) },
    { group_by: 'cig', sum: 'importo_lotto' },
    { group_by: 'settore', min: 'provincia' },
  ]) {
    assert.deepEqual(await aggrega(a.id, q), await aggrega(b.id, q), JSON.stringify(q));
  }
});

test('an answer from the summary is the exact sum Python\'s Decimal computes from the CSV', async () => {
  const want = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import csv, json, sys
from decimal import Decimal
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))
out = {}
for r in rows:
    g = out.setdefault(r['settore'], [0, Decimal(0)])
    g[0] += 1
    if r['importo_lotto'] != '':
        g[1] += Decimal(r['importo_lotto'])
print(json.dumps({k: [v[0], str(v[1].normalize() if v[1] != v[1].to_integral() else v[1].quantize(Decimal(1)))] for k, v in out.items()}))`, ANAC], { encoding: 'utf8' }));
  const got = await aggrega(res[0].id, { group_by: 'settore', sum: 'importo_lotto', min: 'importo_lotto' });
  assert.equal(got.gruppi.length, Object.keys(want).length);
  for (const g of got.gruppi) {
    assert.equal(g.count, want[g.valore][0], g.valore);
    assert.equal(String(g['sum:importo_lotto']), want[g.valore][1], g.valore);
  }
});

test('the route reads the summary: a row altered on purpose shows', async () => {
  const [a] = res;
  const p = pos(a.tabella, 'settore');
  sql(srv.db, `UPDATE dati_tabella_riassunto SET righe = 999999 WHERE tabella_id = ${a.tabella} AND gruppo = ${p} AND misura = 0 AND valore = 'SETTORI SPECIALI'`);
  const got = await aggrega(a.id, { group_by: 'settore', max: 'importo_complessivo_gara' });
  assert.equal(got.gruppi.find((g) => g.valore === 'SETTORI SPECIALI').count, 999999);
  // with a filter the table is scanned: the true count
  const scan = await aggrega(a.id, { group_by: 'settore', max: 'importo_complessivo_gara', filters: JSON.stringify({ stato: 'ATTIVO' }) });
  assert.ok(scan.gruppi.find((g) => g.valore === 'SETTORI SPECIALI').count < 1068);
});
