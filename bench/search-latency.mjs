// search-latency.mjs - the latency of search as you type, one request at
// a time (issue 11, docs/internals/lists.md "Measured"): on a machine
// shared with other work a serial loop measures what one query costs the
// server better than wrk's saturation does.  Sends N queries of a file
// (one a line, taken in a fixed shuffled order) as
// GET /api/v1/comuni?limit=10&q=..., prints one JSON line with p50, p90,
// p99, max in milliseconds and the slowest queries.  With SAVE=FILE the
// answers are written to FILE (one line each: query, then the body), so
// two servers' answers can be compared with cmp.  The "kinds" member
// gives n, p50, p99 per kind of query (one word of 1, 2, 3-8 letters,
// several words: docs/internals/lists.md "The kinds of query"), and
// TIMES=FILE writes each query's milliseconds (ms TAB query).
//
//   node bench/search-latency.mjs BASE_URL QUERIES_FILE [N] [EXTRA]
//   e.g. node bench/search-latency.mjs http://127.0.0.1:8080 q.txt 2000
// EXTRA is appended to each query string (e.g. "&provincia=VI").
import fs from 'node:fs';
import http from 'node:http';

const [base, file, nArg, extra = ''] = process.argv.slice(2);
const n = Number(nArg || 2000);
const all = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const save = process.env.SAVE ? fs.openSync(process.env.SAVE, 'w') : null;

function get(path) {
	return new Promise((resolve, reject) => {
		http.get(base + path, { agent }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
		}).on('error', reject);
	});
}

const times = [];
let bad = 0;
for (let i = 0; i < n; i++) {
	const q = all[(i * 7919) % all.length];
	const path = '/api/v1/comuni?limit=10&q=' + encodeURIComponent(q) + extra;
	const t0 = process.hrtime.bigint();
	const r = await get(path);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (r.status !== 200)
		bad++;
	times.push([ms, q]);
	if (save !== null)
		fs.writeSync(save, q + '\n' + r.body.toString() + '\n');
}
agent.destroy();
// The kind of a query as the server folds it: words of [a-z0-9].
function kind(q) {
	const w = q.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
		.split(/[^a-z0-9]+/).filter((x) => x.length > 0);
	if (w.length !== 1)
		return w.length === 0 ? 'empty' : 'words';
	return w[0].length <= 2 ? `letters${w[0].length}` : 'word3+';
}
const byKind = {};
for (const [ms, q] of times)
	(byKind[kind(q)] ??= []).push(ms);
const kinds = {};
for (const [k, v] of Object.entries(byKind).sort()) {
	v.sort((a, b) => a - b);
	const pk = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
	kinds[k] = { n: v.length, p50: +pk(0.5).toFixed(2), p99: +pk(0.99).toFixed(2), max: +v[v.length - 1].toFixed(2) };
}
if (process.env.TIMES)
	fs.writeFileSync(process.env.TIMES, times.map(([ms, q]) => `${ms.toFixed(3)}\t${q}`).join('\n') + '\n');
const sorted = times.map((t) => t[0]).sort((a, b) => a - b);
const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const slow = [...times].sort((a, b) => b[0] - a[0]).slice(0, 8)
	.map(([ms, q]) => `${q}:${ms.toFixed(1)}`);
console.log(JSON.stringify({
	n, non200: bad, p50: +at(0.5).toFixed(2), p90: +at(0.9).toFixed(2),
	p99: +at(0.99).toFixed(2), max: +sorted[sorted.length - 1].toFixed(2), slowest: slow, kinds,
}));
