// europa-bandi-sync.test.mjs - `areavasta sync bandi` (issue 14, item 3)
// against a local stub of the SEDIA search API that checks the request the
// way the real API needs it (EUROPA.md §3.2): a POST with apiKey, text,
// pageSize and pageNumber in the URL and query, languages and sort as
// multipart parts, each with a file name and Content-Type
// application/json.  The stub serves the real sample page in two pages and
// fails the second once: the sync stops keeping page 1, a second run asks
// only page 2 (resumable), pauses between pages (polite) and imports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, binary, sql as sqlOn, SHARED, ROOT } from '../lib/server.mjs';

const SAMPLE = join(SHARED, 'data', 'eu-calls', 'sedia_search_response_sample.json');
const page = JSON.parse(readFileSync(SAMPLE, 'utf8'));
const PER_PAGE = 5;

let srv, stub, stubUrl, tmp;
const seen = []; // {n, at, problems}
let failPage2 = 1;

// The checks of one request; returns the list of what is wrong.
function check(req, raw) {
  const problems = [];
  const u = new URL(req.url, 'http://x');
  if (req.method !== 'POST') problems.push(`method ${req.method}`);
  if (u.pathname !== '/search-api/prod/rest/search') problems.push(`path ${u.pathname}`);
  for (const [k, v] of [['apiKey', 'SEDIA'], ['text', '***'], ['pageSize', '100']]) {
    if (u.searchParams.get(k) !== v) problems.push(`${k}=${u.searchParams.get(k)}`);
  }
  if (u.searchParams.has('query')) problems.push('query in the URL is ignored by the API');
  const m = /^multipart\/form-data; boundary=(.+)$/.exec(req.headers['content-type'] || '');
  if (!m) return [...problems, `content-type ${req.headers['content-type']}`];
  const parts = raw.toString('latin1').split(`--${m[1]}`);
  if (parts[0] !== '') problems.push('preamble before the first boundary');
  if (parts[parts.length - 1] !== '--\r\n') problems.push('bad closing boundary');
  const names = [];
  for (const p of parts.slice(1, -1)) {
    const i = p.indexOf('\r\n\r\n');
    const head = p.slice(2, i).split('\r\n');
    const body = p.slice(i + 4, -2);
    const cd = /^Content-Disposition: form-data; name="([a-z]+)"; filename="[^"]+"$/.exec(head[0]);
    if (!cd) { problems.push(`disposition ${head[0]}`); continue; }
    names.push(cd[1]);
    if (head[1] !== 'Content-Type: application/json') problems.push(`${cd[1]}: ${head[1]}`);
    try { JSON.parse(body); } catch { problems.push(`${cd[1]}: not JSON`); }
    if (cd[1] === 'languages' && body !== '["en"]') problems.push(`languages ${body}`);
    if (cd[1] === 'query' && !JSON.parse(body).bool) problems.push('query without bool');
  }
  if (names.join(',') !== 'query,languages,sort') problems.push(`parts ${names}`);
  return problems;
}

function run(args) {
  return new Promise((resolve) => {
    execFile(binary(), args, { cwd: ROOT, encoding: 'utf8' }, (e, stdout, stderr) => {
      resolve({ status: e ? e.code : 0, stdout, stderr });
    });
  });
}

before(async () => {
  srv = await startServer({ web: false });
  tmp = mkdtempSync(join(tmpdir(), 'europa-sync-'));
  stub = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const n = Number(new URL(req.url, 'http://x').searchParams.get('pageNumber'));
      const problems = check(req, Buffer.concat(chunks));
      seen.push({ n, at: Date.now(), problems });
      if (problems.length) { res.writeHead(400); res.end('{"type":"businessError"}'); return; }
      if (n === 2 && failPage2 > 0) { failPage2--; res.writeHead(503); res.end('busy'); return; }
      const results = page.results.slice((n - 1) * PER_PAGE, n * PER_PAGE);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...page, pageNumber: n, pageSize: 100, totalResults: page.results.length, results }));
    });
  });
  await new Promise((r) => stub.listen(0, '127.0.0.1', r));
  stubUrl = `http://127.0.0.1:${stub.address().port}/search-api/prod/rest/search`;
});
after(async () => {
  await new Promise((r) => stub.close(r));
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('sync bandi: multipart layout, polite, resumable, then imported', async () => {
  const sql = (q) => sqlOn(srv.db, q).trim();
  const n0 = Number(sql("SELECT COUNT(*) FROM eu_bando WHERE fonte = 'SEDIA'"));
  const dir = join(tmp, 'pagine');
  const args = ['sync', 'bandi', '--db', srv.db, '--url', stubUrl, '--dir', dir, '--pausa-ms', '300'];
  let r = await run(args);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /pagina 2: il portale ha risposto 503/);
  assert.ok(existsSync(join(dir, 'pagina-0001.json')), 'page 1 kept');
  assert.ok(!existsSync(join(dir, 'pagina-0002.json')));
  assert.equal(Number(sql("SELECT COUNT(*) FROM eu_bando WHERE fonte = 'SEDIA'")), n0, 'nothing imported');
  assert.deepEqual(seen.map((s) => s.n), [1, 2]);
  assert.ok(seen[1].at - seen[0].at >= 290, `pause ${seen[1].at - seen[0].at} ms`);
  r = await run(args);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(seen.map((s) => s.n), [1, 2, 2], 'page 1 not asked again');
  for (const s of seen) assert.deepEqual(s.problems, []);
  assert.match(r.stdout, /sync bandi: 2 pagine \(1 scaricate ora\), 9 risultati dichiarati/);
  const unique = new Set(page.results.map((x) => x.metadata.identifier[0])).size;
  assert.match(r.stdout, new RegExp(`letti 9, duplicati ${9 - unique}, nuovi \\d+`));
  assert.equal(Number(sql("SELECT COUNT(*) FROM eu_bando WHERE fonte = 'SEDIA'")) >= unique, true);
  assert.ok(!existsSync(dir), 'pages removed after the import');
  // The layout check can fail: a plain form field is refused by the stub.
  const bad = check({ method: 'POST', url: '/search-api/prod/rest/search?apiKey=SEDIA&text=***&pageSize=100',
    headers: { 'content-type': 'multipart/form-data; boundary=b' } },
  Buffer.from('--b\r\nContent-Disposition: form-data; name="query"\r\n\r\n{}\r\n--b--\r\n'));
  assert.ok(bad.length > 0);
});
