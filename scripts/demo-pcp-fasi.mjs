// demo-pcp-fasi.mjs - the second half of `scripts/demo-pcp.sh`
// (docs/pcp-ciclo.md "In the demo"): once the lifecycle has published the
// call, the tender moves on through the SUA's own routes on a running
// server, and the server's hook drives PCP by itself: the bids close, every
// lot is awarded (S2, A1_29/A2_29), the contract is signed and the RUP's
// statements are saved (SC1, then I1, per lot).  Prints the timeline.
//   node scripts/demo-pcp-fasi.mjs --url URL --db DB --gara N --bin BIN
//        [--attesa SECONDS]
// The demo has no offers: the closing of the bids and the evaluation's
// proposal are written with SQL (sqlite3, or psql for a PostgreSQL
// conninfo), as the tests seed them; everything after goes through the API.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import crypto from 'node:crypto';
import { join } from 'node:path';

const args = process.argv.slice(2);
const get = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const url = get('--url');
const db = get('--db');
const gara = Number(get('--gara', 1));
const bin = get('--bin', 'build/areavasta');
const attesa = Number(get('--attesa', 120)) * 1000;
const dir = get('--dir', 'var/pcp-demo');
if (!url || !db || !Number.isInteger(gara)) {
  process.stderr.write('uso: demo-pcp-fasi.mjs --url URL --db DB --gara N [--bin BIN]\n');
  process.exit(2);
}
const pg = /^postgres(ql)?:\/\/|(^|\s)dbname=/.test(db);
const sql = (q) => (pg
  ? execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', q], { encoding: 'utf8' })
  : execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, q], { encoding: 'utf8' })).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (s) => process.stderr.write(`${s}\n`);

// Today in Europe/Rome, gg/mm/aaaa: the contract is registered today.
function todayIt() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year}`;
}

// The demo's RUP on the API: a SUA officer of the tender's Province with a
// password of this run (0600, var/pcp-demo/), added or reset by the CLI.
async function rupSession(provincia) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pw = crypto.randomBytes(18).toString('base64url');
  const file = join(dir, 'rup-password');
  writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  const email = `rup.pcp-demo.${provincia}@demo.areavasta.example`;
  try {
    execFileSync(bin, ['user', 'add', '--db', db, '--email', email, '--name', 'RUP della demo PCP',
      '--role', 'sua_officer', '--ente', `provincia:${provincia}`, '--password-file', file], { stdio: 'pipe' });
  } catch {
    execFileSync(bin, ['user', 'passwd', '--db', db, '--email', email, '--password-file', file], { stdio: 'pipe' });
  }
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('av_session='));
  return async (method, path, b) => {
    const h = { cookie };
    if (method !== 'GET') h['x-csrf-token'] = body.csrf_token;
    if (b !== undefined) h['content-type'] = 'application/json';
    const r = await fetch(url + path, { method, headers: h, body: b === undefined ? undefined : JSON.stringify(b) });
    const out = { status: r.status, body: await r.json().catch(() => null) };
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(out.body)}`);
    return out.body;
  };
}

const done = (tl, passo) => tl.passi.some((p) => p.passo === passo && p.stato === 'completata');

async function waitFor(call, pred, what) {
  const t0 = Date.now();
  let tl;
  while (Date.now() - t0 < attesa) {
    tl = await call('GET', `/api/v1/sua/gare/${gara}/pcp`);
    if (tl.stato === 'errore') throw new Error(`${what}: il ciclo PCP si è fermato su un errore: ${JSON.stringify(tl.passi.filter((p) => p.stato !== 'completata'))}`);
    if (pred(tl)) return tl;
    await sleep(50);
  }
  throw new Error(`${what}: non avvenuto in ${attesa / 1000} s: ${JSON.stringify(tl)}`);
}

const provincia = sql(`SELECT provincia FROM sua_gara WHERE id = ${gara}`);
if (!/^\d{3}$/.test(provincia)) throw new Error(`gara ${gara} non trovata`);
const call = await rupSession(provincia);
let tl;
const lots = sql(`SELECT numero || ':' || id FROM sua_lotto WHERE gara_id = ${gara} ORDER BY numero`).split('\n')
  .filter(Boolean).map((s) => { const [n, id] = s.split(':').map(Number); return { n, id }; });

// 1. The bids close (the deadline passed three days ago) and the
//    evaluation proposes one offer per lot (the demo has no offers).
const past = Math.floor(Date.now() / 1000) - 3 * 86400;
sql(`UPDATE sua_gara SET stato = 'chiusa', termine_chiarimenti = ${past - 86400}, termine_offerte = ${past}, prima_seduta = ${past + 3600} WHERE id = ${gara} AND stato = 'pubblicata'`);
const eco = JSON.stringify({ graduatoria: [{ offerta_id: 7, operatore: '01234567897', ragione_sociale: 'Strade Srl (demo)' }], ribasso_aggiudicazione: '12.500' });
const now = Math.floor(Date.now() / 1000) - 60;
for (const l of lots) {
  sql(`INSERT INTO sua_esito_lotto (lotto_id, gara_id, stato, economica, proposta_offerta, proposta_at, updated)
    SELECT ${l.id}, ${gara}, 'proposta', '${eco}', 7, ${now}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM sua_esito_lotto WHERE lotto_id = ${l.id})`);
}
// 2. The award of every lot, through the SUA's routes: S2 and the award
//    scheda follow by themselves.
for (const l of lots) {
  const st = sql(`SELECT stato FROM sua_esito_lotto WHERE lotto_id = ${l.id}`);
  if (st !== 'proposta') continue;
  await call('POST', `/api/v1/sua/gare/${gara}/lotti/${l.n}/verifiche`, { requisito: 'DURC', esito: 'positivo' });
  await call('POST', `/api/v1/sua/gare/${gara}/lotti/${l.n}/aggiudica`);
}
const awarded = (t) => ['A1_29', 'A2_29'].find((s) => done(t, `${s}.esito`));
tl = await waitFor(call, (t) => awarded(t) && t.stato !== 'in_corso', "S2 e A1_29/A2_29 dopo l'aggiudicazione");
say(`   S2 e ${awarded(tl)} inviati`);
// 3. Per lot: the contract's statements, the contract signed (the SUA's
//    route: SC1 starts at once, the route wakes the workers after its
//    commit - the delay is printed), then the start of execution (I1).
const contratto = { codice_ausa: '0000240001', data_decorrenza: '01/08/2027', data_scadenza: '31/07/2029', cauzione: '8.668,00' };
const started = (t, passo) => t.passi.some((p) => p.passo === passo);
for (const l of lots) {
  await call('PUT', `/api/v1/sua/gare/${gara}/lotti/${l.n}/contratto`, { contratto });
  if (sql(`SELECT stato FROM sua_esito_lotto WHERE lotto_id = ${l.id}`) === 'aggiudicata') {
    await call('POST', `/api/v1/sua/gare/${gara}/lotti/${l.n}/contratto`, { data: todayIt(), importo_cents: 15750011 });
    const t0 = Date.now();
    tl = await waitFor(call, (t) => started(t, `SC1.${l.n}.crea`), `SC1 del lotto ${l.n} dopo il contratto`);
    say(`   lotto ${l.n}: contratto stipulato, SC1 partita dopo ${Date.now() - t0} ms`);
  }
  await call('PUT', `/api/v1/sua/gare/${gara}/lotti/${l.n}/contratto`, {
    avvio: { data_inizio: '01/09/2027', data_fine_prevista: '31/08/2029', consegna_sotto_riserva: false, data_verbale: '01/09/2027' },
  });
}
tl = await waitFor(call, (t) => t.stato === 'completato', 'SC1 e I1 di ogni lotto');
process.stdout.write(`${JSON.stringify(tl, null, 2)}\n`);
say(`Ciclo PCP della gara ${gara}: ${tl.stato} (idAppalto ${tl.id_appalto}, avviso ${tl.stato_avviso})`);
for (const l of tl.lotti) say(`  lotto ${l.numero}: CIG ${l.cig}`);
for (const p of tl.passi) say(`  ${p.passo.padEnd(16)} ${p.stato.padEnd(11)} ${p.id_esterno || ''}`);
