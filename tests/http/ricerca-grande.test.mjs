// ricerca-grande.test.mjs - search over a list larger than the count's
// work bound (issue 11, docs/internals/lists.md "The vocabulary"): the
// demo plus 20,000 generated rows (bench/gen-righe.py: names of the words
// of ANAC's tender objects), 27,894 texts.  For searches as people type
// them (the generator's own list) and a few chosen ones, the first page's
// total and total_esatto are those of a model computed here from the
// stored folded names, not from the server:
//  - one word whose commonest completion is in more than 1,000 texts: the
//    cap, inexact, without counting;
//  - an exact count that would read more than 15,000 rows (both the
//    rarest word's texts x 3 and the walk to 1,001 matches; for several
//    words, 900 rows by the rarest word's texts): the estimate
//    N x prod(texts of each word's prefix / N), inexact;
//  - otherwise the exact count up to the cap (parts of words included for
//    one word of 3+ characters).
// On the postgres run the same database copied to PostgreSQL answers the
// same first pages, totals and cursors (the choice of plan there must not
// change an answer).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKEND, ROOT, api, cli, demoTemplate, newDatabase, sqlRows, startServer,
} from '../lib/server.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'areavasta-ricerca-grande-'));
const enc = encodeURIComponent;
const CAP = 1000;
const WORK = 15000;
const WORK_AND = 900; // several words: the rarest word's texts x 3 (3 x 300)
const PREFIX_WORDS = 2000;

let lite;
let pg = null;
let texts; // the search texts of the active rows
let split; // their words
let docs; // word -> texts holding it
let typed; // the generator's queries

before(async () => {
  const demo = join(tmp, 'demo.db');
  let r = cli(['copy', '--from', demoTemplate(), '--to', demo, '--yes']);
  assert.equal(r.status, 0, r.stderr);
  typed = execFileSync('python3', [join(ROOT, 'bench', 'gen-righe.py'), demo, '20000', '5'],
    { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter(Boolean);
  // The copy rebuilds the derived tables, as an import would.
  const big = join(tmp, 'big.db');
  r = cli(['copy', '--from', demo, '--to', big, '--yes']);
  assert.equal(r.status, 0, r.stderr);
  texts = sqlRows(big, "SELECT REPLACE(nome_search, '|', ' ') AS t FROM comune WHERE attivo = 1")
    .map((x) => x.t);
  assert.equal(texts.length, 7894 + 20000);
  split = texts.map((t) => t.split(' '));
  docs = new Map();
  for (const ws of split) for (const w of new Set(ws)) docs.set(w, (docs.get(w) || 0) + 1);
  lite = await startServer({ db: big, web: false });
  if (BACKEND === 'postgres') {
    const { db } = newDatabase({ empty: true });
    r = cli(['copy', '--from', big, '--to', db, '--yes']);
    assert.equal(r.status, 0, r.stderr);
    pg = await startServer({ reuse: db, web: false });
  }
});

after(async () => {
  if (lite) await lite.stop();
  if (pg) await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// The search form of a query (core/fold.h for the ASCII queries used here).
const fold = (q) => q.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

// The expected {total, total_esatto} of page 1 (limit 10) of q.
function model(q) {
  const sf = fold(q);
  const words = sf.split(' ').map((w) => w.slice(0, 8));
  const n = texts.length;
  // Matches: word beginnings first, then (one word of 3+) parts of words.
  const byWords = split.filter((ws) => words.every((w) => ws.some((x) => x.startsWith(w)))).length;
  const parts = sf.length >= 3 && !sf.includes(' ');
  const inside = parts ? texts.filter((t) => t.includes(sf)).length : 0;
  const matches = parts ? byWords + split.filter((ws, i) => texts[i].includes(sf)
    && !ws.some((x) => x.startsWith(words[0]))).length : byWords;
  if (matches <= 10) return { total: matches, total_esatto: true, kind: 'page' };
  let est = -1;
  let rarest = Infinity;
  let lower = 0;
  for (const w of words) {
    const begun = [...docs].filter(([x]) => x.startsWith(w));
    const sum = begun.reduce((a, [, d]) => a + d, 0);
    const upper = begun.length > PREFIX_WORDS || sum > n ? n : sum;
    if (est < 0) est = n;
    est *= upper / n;
    rarest = Math.min(rarest, upper);
    if (words.length === 1) lower = begun.reduce((a, [, d]) => Math.max(a, d), 0);
  }
  if (lower >= CAP + 1) return { total: CAP, total_esatto: false, kind: 'cap' };
  const walk = (CAP + 1) * n / (est < 1 ? 1 : est);
  const collect = words.length > 1 ? WORK_AND : WORK;
  if (n > WORK && 3 * rarest > collect && walk > WORK) {
    let total = Math.floor(est + 0.5);
    if (total < 11) total = 11;
    return { total: Math.min(total, CAP), total_esatto: false, kind: 'estimate' };
  }
  const counted = byWords > CAP ? byWords : (parts ? inside : byWords);
  return counted > CAP ? { total: CAP, total_esatto: false, kind: 'cap' }
    : { total: counted, total_esatto: true, kind: 'exact' };
}

test('first pages of a 27,894-row list: totals counted, capped or estimated as the rule says', async () => {
  const queries = [
    ...typed.filter((q) => q.includes(' ')).slice(0, 50),
    ...typed.filter((q) => !q.includes(' ')).slice(0, 30),
    'servizio', 'di', 'lavori di', 'servizi per', 'manutenzione straordinaria', 'sana', 'raziona',
  ];
  // Pairs of the commonest prefixes seldom together (estimated in a
  // larger list; here still counted).
  const n = texts.length;
  const prefixes = new Map();
  for (const [w, d] of docs) {
    if (w.length < 3) continue;
    const p = w.slice(0, 3);
    const e = prefixes.get(p) || { words: 0, sum: 0 };
    e.words++;
    e.sum += d;
    prefixes.set(p, e);
  }
  const common = [...prefixes].filter(([, e]) => e.words <= PREFIX_WORDS && e.sum > 5200 && e.sum < n)
    .sort((x, y) => (x[0] < y[0] ? -1 : 1));
  for (let i = 0, k = 0; i < common.length && k < 4; i++) {
    for (let j = i + 1; j < common.length && k < 4; j++) {
      if (common[i][1].sum * common[j][1].sum / n < 1800) {
        queries.push(`${common[i][0]} ${common[j][0]}`);
        k++;
      }
    }
  }
  const kinds = {};
  const problems = [];
  for (const q of queries) {
    const want = model(q);
    kinds[want.kind] = (kinds[want.kind] || 0) + 1;
    const tipo = { page: 'esatto', exact: 'esatto', cap: 'minimo', estimate: 'stima' }[want.kind];
    const path = `/api/v1/comuni?limit=10&q=${enc(q)}`;
    const a = await api(lite.url, path);
    assert.equal(a.status, 200, path);
    if (a.body.total_tipo !== tipo) problems.push(`q=${q}: total_tipo ${a.body.total_tipo}, model ${tipo} (${want.kind})`);
    if (a.body.total !== want.total || a.body.total_esatto !== want.total_esatto) {
      problems.push(`q=${q}: ${a.body.total}/${a.body.total_esatto}, model ${want.total}/${want.total_esatto} (${want.kind})`);
    }
    if (pg) {
      const b = await api(pg.url, path);
      assert.equal(b.status, 200, path);
      assert.deepEqual(b.body, a.body, `${path}: PostgreSQL and SQLite differ`);
      if (a.body.next) {
        const p2 = `${path}&after=${enc(a.body.next)}`;
        assert.deepEqual((await api(pg.url, p2)).body, (await api(lite.url, p2)).body, `${p2}: page 2 differs`);
      }
    }
  }
  assert.deepEqual(problems, []);
  // Every branch of the rule was exercised: an estimate needs several
  // words, each in more than 1,000 texts, seldom together (the pairs of
  // common prefixes above).
  for (const k of ['page', 'cap', 'exact', 'estimate']) assert.ok(kinds[k] > 0, `no ${k} case: ${JSON.stringify(kinds)}`);
});
