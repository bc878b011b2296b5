// demo-gara-oepv.test.mjs - the demo's OEPV tender (docs/demo-sua.md, "The
// OEPV tender") run from the opening to the contract through the HTTP API
// as the demo users `areavasta demo` prints (users, passwords, the key
// holders' passphrases read from its output, as a person would).
//
// The three bids carry a real file in each envelope, sealed under the
// tender's key when the demo was built; the deadline was then moved into
// the past (demo only, audited) and the three demo commissioners named.
// The commissioners enter the coefficients of the hand-computed case of
// sua-valutazione.test.mjs (criteria 1.1 = 25, 1.2 = 15, 2 = 30; economic
// 30 points, linear; threshold 44 before riparametrazione):
//   X operatore@  1.1 .8 .7 .9 | 1.2 .6 .6 .6 | 2 .5 .6 .4 -> means .8 .6 .5
//   Y operatore2@ 1.1 .6 .5 .4 | 1.2 .9 .8 1  | 2 .7 .8 .6 -> means .5 .9 .7
//   Z operatore3@ 1.1 .3 .4 .5 | 1.2 .5 .4 .3 | 2 .9 1 .8  -> means .4 .4 .9
//   base points (W x mean): X 20 + 9 + 15 = 44, Y 12.5 + 13.5 + 21 = 47,
//   Z 10 + 6 + 27 = 43 < 44: Z out, its envelope C never opened.
//   riparametrazione per criterion (W x sum / max sum, over X Y Z):
//   X 25 + 10 + 30 x .5/.9 = 51.667, Y 15.625 + 15 + 30 x .7/.9 = 53.958
//   economic (linear on the discounts 10.000 and 8.000): X 30, Y 24
//   totals X 81.667, Y 77.958: X (operatore@) wins at 10.000 %.
//   Works of 300,000.00 (safety 6,000.00) under the EU threshold: no
//   standstill; contract 294,000.00 x 0.9 + 6,000.00 = 270,600.00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, newDatabase, assertEnvelope, cli, sql as sqlOn } from '../lib/server.mjs';
import { login } from '../lib/auth.mjs';
import { parseDemo } from '../lib/demo.mjs';

const OGGETTO = 'Manutenzione straordinaria delle piste ciclabili provinciali, offerta economicamente più vantaggiosa (demo)';
// The demo template's directory holds the blobs of the demo's files (the
// data directory `areavasta demo` used for it): they move with the
// database copy, as an installation's data directory would.
const DEMO_DATA = fileURLToPath(new URL('../../build/test', import.meta.url));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const ddmmyyyy = (ymd) => ymd.split('-').reverse().join('/');
const COEFF = {
  X: [[0.8, 0.6, 0.5], [0.7, 0.6, 0.6], [0.9, 0.6, 0.4]],
  Y: [[0.6, 0.9, 0.7], [0.5, 0.8, 0.8], [0.4, 1, 0.6]],
  Z: [[0.3, 0.5, 0.9], [0.4, 0.4, 1], [0.5, 0.3, 0.8]],
};
const KEYS = ['1.1', '1.2', '2'];

let srv;
let users; let passphrases;
let gara;
const sql = (q) => sqlOn(srv.db, q).trim();
const as = (email) => login(srv.url, email, users[email].password);
const mail = (local) => `${local}@demo.areavasta.example`;
const pivaOf = (local) => users[mail(local)].ente.slice('operatore:'.length);

before(async () => {
  const d = newDatabase();
  const r = cli(['demo', '--db', d.db]);
  assert.equal(r.status, 0, r.stderr);
  ({ users, passphrases } = parseDemo(r.stdout));
  cpSync(join(DEMO_DATA, 'blobs'), join(d.dir, 'blobs'), { recursive: true });
  srv = await startServer({ reuse: d.db });
  gara = Number(sql(`SELECT id FROM sua_gara WHERE oggetto = '${OGGETTO.replace(/'/g, "''")}'`));
});
after(async () => { await srv.stop(); });

test('the OEPV demo tender is ready to open: three sealed bids with files in A, B and C, three commissioners', async () => {
  assert.ok(gara > 0);
  assert.equal(sql(`SELECT criterio || ' ' || stato FROM sua_gara WHERE id = ${gara}`), 'oepv pubblicata');
  assert.ok(Number(sql(`SELECT termine_offerte FROM sua_gara WHERE id = ${gara}`)) < Date.now() / 1000);
  assert.equal(sql(`SELECT COUNT(*) FROM sua_offerta WHERE gara_id = ${gara} AND stato = 'presentata'`), '3');
  assert.equal(sql(`SELECT b.tipo || ':' || COUNT(*) FROM sua_busta_file f JOIN sua_busta b ON b.id = f.busta_id JOIN sua_offerta o ON o.id = b.offerta_id
    WHERE o.gara_id = ${gara} GROUP BY b.tipo ORDER BY b.tipo`).split(/\s+/).join(' '), 'A:3 B:3 C:3');
  // Sealed: nothing opened, no file key or name in clear.
  assert.equal(sql(`SELECT COUNT(*) FROM sua_busta b JOIN sua_offerta o ON o.id = b.offerta_id WHERE o.gara_id = ${gara} AND (b.aperta_at IS NOT NULL OR b.campi IS NOT NULL)`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM sua_busta_file WHERE gara_id = ${gara} AND (chiave IS NOT NULL OR meta IS NOT NULL)`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM sua_commissario WHERE gara_id = ${gara}`), '3');
  // Each bid has its signed receipt, listed to its operator.
  const r = await (await as(mail('operatore3'))).call('GET', '/api/v1/sua/ricevute');
  assert.equal(r.body.items.filter((x) => x.gara === gara).length, 1);
});

test('opening to contract as the demo users: threshold keeps Z\'s envelope C sealed, files read, minutes with the numbers', async () => {
  const sua = await as(mail('sua'));
  const holder = (l) => ({ email: mail(l), passphrase: passphrases[mail(l)] });
  const apri = async (busta, hs) => {
    const r = await sua.call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta, custodi: hs.map(holder) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const seduta = async (tipo, presenti) => {
    const r = await sua.call('POST', `/api/v1/sua/gare/${gara}/sedute`, { lotto: 1, tipo, data: iso(Date.now()), presenti });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.numero;
  };
  const chiudi = async (n, esito) => assert.equal((await sua.call('POST', `/api/v1/sua/gare/${gara}/sedute/${n}/chiudi`, { esito })).status, 200);
  const ok = (r) => { assert.equal(r.status, 200, JSON.stringify(r.body)); return r.body; };

  // Envelope A in the administrative session; the files open with it.
  const s1 = await seduta('amministrativa', ['Stefano Appalti (RUP)', 'Silvia Capo SUA']);
  let b = await apri('A', ['sua', 'sua.capo']);
  assert.deepEqual([b.buste_aperte, b.file], [3, 3]);
  const part = ok(await sua.call('GET', `/api/v1/sua/gare/${gara}/valutazione`)).lotti[0].partecipanti;
  const byOp = Object.fromEntries(part.map((o) => [o.operatore, o.offerta_id]));
  const X = byOp[pivaOf('operatore')]; const Y = byOp[pivaOf('operatore2')]; const Z = byOp[pivaOf('operatore3')];
  assert.ok(X && Y && Z, JSON.stringify(part));
  for (const o of [X, Y, Z]) ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/ammissioni`, { offerta_id: o, esito: 'ammessa' }));
  await chiudi(s1, '3 offerte ammesse.');
  // The officer reads the opened DGUE file, decrypted intact.
  const fileOf = (oid, tipo) => sql(`SELECT f.id FROM sua_busta_file f JOIN sua_busta b ON b.id = f.busta_id WHERE b.offerta_id = ${oid} AND b.tipo = '${tipo}'`);
  const download = (who, fid) => fetch(`${srv.url}/api/v1/sua/gare/${gara}/buste/file/${fid}`, { headers: { cookie: `av_session=${who.cookie}` } });
  let res = await download(sua, fileOf(X, 'A'));
  assert.equal(res.status, 200);
  assert.match(await res.text(), new RegExp(`Documento di gara unico europeo.*`, 's'));

  // Technical session (reserved): B opened, the three commissioners score.
  const st = await seduta('tecnica', ['Carla Commissaria (presidente)', 'Corrado Commissario', 'Chiara Commissaria']);
  b = await apri('B', ['sua.capo', 'sua.custode']);
  assert.deepEqual([b.buste_aperte, b.file], [3, 3]);
  const comm = [await as(mail('commissario')), await as(mail('commissario2')), await as(mail('commissario3'))];
  res = await download(comm[1], fileOf(Y, 'B'));
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Relazione tecnica/);
  for (let c = 0; c < 3; c++) {
    for (const [name, o] of [['X', X], ['Y', Y], ['Z', Z]]) {
      ok(await comm[c].call('PUT', `/api/v1/sua/gare/${gara}/lotti/1/offerte/${o}/coefficienti`,
        { coefficienti: KEYS.map((k, j) => ({ criterio: k, valore: String(COEFF[name][c][j]) })) }));
    }
  }
  const tec = ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/tecnica/chiudi`)).lotti[0].tecnica;
  const t = (o) => tec.offerte.find((x) => x.offerta_id === o);
  assert.deepEqual([X, Y, Z].map((o) => [t(o).punti_base, t(o).totale, t(o).sotto_soglia]),
    [['44.000', '51.667', false], ['47.000', '53.958', false], ['43.000', '49.167', true]]);
  await chiudi(st, 'Punteggi tecnici attribuiti; una offerta sotto la soglia di sbarramento.');
  // Z is out before any C is opened: told so, its C stays sealed.
  const zNote = ok(await (await as(mail('operatore3'))).call('GET', '/api/v1/notifiche?ordine=data')).items.find((n) => n.oggetto.startsWith('Offerta esclusa'));
  assert.ok(zNote && /43,000.*soglia di sbarramento di 44 punti/.test(zNote.testo), JSON.stringify(zNote));

  // Economic session: C of X and Y only.
  const se = await seduta('economica', ['Stefano Appalti (RUP)', 'Sergio Custode']);
  b = await apri('C', ['sua', 'sua.custode']);
  assert.deepEqual([b.buste_aperte, b.file], [2, 2]);
  assert.equal(sql(`SELECT COUNT(*) FROM sua_busta WHERE offerta_id = ${Z} AND tipo = 'C' AND aperta_at IS NULL AND campi IS NULL`), '1');
  assert.equal((await download(sua, fileOf(Z, 'C'))).status, 404);
  res = await download(sua, fileOf(X, 'C'));
  assert.match(await res.text(), /ribasso del 10,000 %/);
  const eco = ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/graduatoria`, {})).lotti[0].economica;
  assert.deepEqual(eco.graduatoria.map((e) => [e.offerta_id, e.punti_tecnici, e.punti_economici, e.totale, e.posizione]),
    [[X, '51.667', '30.000', '81.667', 1], [Y, '53.958', '24.000', '77.958', 2]]);
  assert.deepEqual(eco.escluse_soglia_tecnica.map((e) => e.offerta_id), [Z]);

  // Proposal, checks, award (no standstill under the EU threshold), contract.
  assert.equal(ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/proposta`)).lotti[0].proposta_offerta, X);
  for (const req of ['DURC', 'Casellario giudiziale', 'Attestazione SOA OG3']) {
    ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/verifiche`, { requisito: req, esito: 'positivo', note: 'Acquisito tramite FVOE (demo)' }));
  }
  assert.equal(ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/aggiudica`)).lotti[0].standstill_giorni, null);
  await chiudi(se, 'Graduatoria e aggiudicazione.');
  assert.equal(ok(await sua.call('POST', `/api/v1/sua/gare/${gara}/lotti/1/contratto`, { data: ddmmyyyy(today()), importo_cents: 27060000 })).lotti[0].stato, 'contratto');

  // Every session and step left its minute: 3 sessions, threshold, proposal, award, contract.
  const titles = sql(`SELECT titolo FROM sua_verbale WHERE gara_id = ${gara} ORDER BY id`).split('\n');
  assert.equal(titles.length, 7, titles.join('\n'));
  assert.ok(titles.some((x) => /soglia di sbarramento/.test(x)));
  assert.ok(titles.some((x) => /stipula del contratto/.test(x)));
  // Public results, anonymous.
  const pub = await (await fetch(`${srv.url}/api/v1/gare/${gara}`)).json();
  assert.ok(JSON.stringify(pub.esiti).includes(pivaOf('operatore')));
  // A commissioner cannot open envelopes; nothing more opens.
  assertEnvelope(assert, await comm[0].call('POST', `/api/v1/sua/gare/${gara}/apertura`, { lotto: 1, busta: 'C', custodi: [] }), 403);
  const v = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(v.status, 0, v.stderr + v.stdout);
});
