// sua-verbali.test.mjs - the minutes (verbali) of a tender as PDF, end to
// end (issue 13, item 6): the officer of Vicenza writes a minute with a
// table of figures and accented text; the PDF is read back with poppler's
// pdftotext and pdfinfo (independent of the renderer), its SHA-256 equals
// the row's and the audit record's, and the same body gives the same
// bytes; nobody else reads it until it is published (another Province's
// officer, a Comune, an operator, anonymous: 404, and 401/403 on writes),
// then everyone does; bad input is refused with its field and nothing
// stored; the audit chain still verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const VI = 'provincia:024';
const DAY = 86400 * 1000;
let srv, tmp, sua, suaPd, adminVi, comune, oper;
let draftId, pubId, pubLotti;
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

const lotto = (over = {}) => ({
  oggetto: 'Manutenzione strade comunali', cpv: '45233141-9', importo_cents: 400000000,
  sicurezza_cents: 5000000, comune: '024116', ...over,
});

// A minute as the officer types it: two sections, one table of figures.
const body = (over = {}) => ({
  titolo: 'Verbale della seduta pubblica n. 1',
  seduta_numero: 1,
  seduta_at: '2026-03-12T10:30:00+01:00',
  luogo: 'Sala giunta, contrà Gazzolle 1',
  tipo_seduta: 'pubblica',
  presenti: ['Ing. Maria Rossi (RUP)', 'Dott. Niccolò Ferrà'],
  sezioni: [
    { titolo: 'Apertura della seduta', paragrafi: ['Il RUP dà atto della regolarità della convocazione. È presente un rappresentante dell’operatore.'] },
    {
      titolo: 'Offerte economiche',
      paragrafi: ['Media dei ribassi: 11,108 %; soglia di anomalia: 13,457 %.'],
      tabelle: [{
        intestazioni: ['Operatore', 'Ribasso', 'Importo offerto'],
        numeriche: [false, true, true],
        righe: [
          ['Edilizia Perù srl', '12,345 %', '3.506.200,00 €'],
          ['Città Nuova soc. coop.', '9,870 %', '3.605.200,00 €'],
        ],
      }],
    },
  ],
  chiusura: 'La seduta è chiusa alle ore 11:45.',
  firme: ['Il RUP, Ing. Maria Rossi'],
  ...over,
});

const sha = (buf) => createHash('sha256').update(buf).digest('hex');
async function download(id, who) {
  const url = `${srv.url}/api/v1/sua/verbali/${id}/pdf`;
  const res = who ? await fetch(url, { headers: { cookie: `av_session=${who.cookie}` } }) : await fetch(url);
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}
function pdfText(buf) {
  const f = join(tmp, `v${Date.now()}${Math.random()}.pdf`);
  writeFileSync(f, buf);
  return {
    text: execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString('utf8'),
    info: execFileSync('pdfinfo', [f]).toString('utf8'),
  };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'av-verbali-'));
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(srv.db, 'sua.verbali@example.org', 'sua_officer', VI);
  addUser(srv.db, 'sua.verbali.pd@example.org', 'sua_officer', 'provincia:028');
  addUser(srv.db, 'admin.verbali@example.org', 'admin', VI);
  addUser(srv.db, 'comune.verbali@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'op.verbali@example.org', 'operator', 'operatore:01234567897');
  sua = await login(srv.url, 'sua.verbali@example.org');
  suaPd = await login(srv.url, 'sua.verbali.pd@example.org');
  adminVi = await login(srv.url, 'admin.verbali@example.org');
  comune = await login(srv.url, 'comune.verbali@example.org');
  oper = await login(srv.url, 'op.verbali@example.org');
  let g = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'Bozza riservata', tipo: 'lavori', lotti: [lotto()] });
  assert.equal(g.status, 201);
  draftId = g.body.id;
  g = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto: 'Manutenzione straordinaria delle strade provinciali', tipo: 'lavori',
    lotti: [lotto({ cig: 'A005FC04C3' }), lotto({ oggetto: 'Strade di Agugliaro', comune: '024001', importo_cents: 200000000, sicurezza_cents: 0, cig: 'A003270025' })],
  });
  assert.equal(g.status, 201);
  pubId = g.body.id;
  const e = await sua.call('PUT', `/api/v1/sua/gare/${pubId}`, {
    procedura: 'aperta', criterio: 'prezzo', rup_nome: 'Ing. Maria Rossi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY),
    prima_seduta: iso(Date.now() + 46 * DAY),
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  pubLotti = e.body.lotti;
  const p = await sua.call('POST', `/api/v1/sua/gare/${pubId}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
});
after(async () => {
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('the officer writes a minute: the PDF says every figure, its hash is audited', async () => {
  const audits = count("audit_log WHERE action = 'sua.verbale.create'");
  const r = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body({ lotto_id: pubLotti[0].id }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const v = r.body;
  assert.equal(v.gara_id, pubId);
  assert.equal(v.lotto_id, pubLotti[0].id);
  assert.equal(v.seduta_id, null);
  assert.equal(v.pubblicato, false);
  assert.equal(v.titolo, 'Verbale della seduta pubblica n. 1');
  assert.match(v.sha256, /^[0-9a-f]{64}$/);
  assert.equal(count("audit_log WHERE action = 'sua.verbale.create'"), audits + 1);
  const det = JSON.parse(sql(`SELECT details FROM audit_log WHERE action = 'sua.verbale.create' AND object_id = '${v.id}'`));
  const d = await download(v.id, sua);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.equal(d.buf.length, v.size);
  // The downloaded bytes, the row and the audit record agree.
  assert.equal(sha(d.buf), v.sha256);
  assert.equal(det.sha256, v.sha256);
  assert.equal(det.size, v.size);
  assert.equal(det.pagine, v.pagine);
  const { text, info } = pdfText(d.buf);
  for (const want of [
    'Verbale della seduta pubblica n. 1', 'Provincia di Vicenza – Stazione Unica Appaltante',
    'Manutenzione straordinaria delle strade provinciali', 'A005FC04C3', 'Lotto 1 – Manutenzione strade comunali',
    'Minor prezzo', 'Procedura aperta (art. 71 d.lgs. 36/2023)', 'seduta n. 1 del 12/03/2026, ore 10:30 (ora italiana)', 'contrà Gazzolle',
    'Dott. Niccolò Ferrà', 'dà atto della regolarità', 'È presente', 'dell’operatore',
    '11,108 %', '13,457 %', '12,345 %', '9,870 %', '3.506.200,00 €', '3.605.200,00 €',
    'Edilizia Perù srl', 'Città Nuova soc. coop.', 'La seduta è chiusa alle ore 11:45.', 'Pagina 1 di 1',
  ]) assert.ok(text.includes(want), `missing '${want}' in:\n${text}`);
  assert.match(info, /Pages:\s+1\n/);
  assert.equal(Number(info.match(/Pages:\s+(\d+)/)[1]), v.pagine);
  // The blob is in the data directory under its hash.
  const found = [];
  const walk = (p) => { for (const n of readdirSync(p)) { const q = join(p, n); if (statSync(q).isDirectory()) walk(q); else if (n === v.sha256) found.push(q); } };
  walk(srv.dir);
  assert.equal(found.length, 1);
});

test('same minute, same bytes; a changed figure, another hash', async () => {
  const a = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body());
  const b = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body());
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.notEqual(a.body.id, b.body.id);
  assert.equal(a.body.sha256, b.body.sha256);
  const changed = body();
  changed.sezioni[1].tabelle[0].righe[0][1] = '12,346 %';
  const c = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, changed);
  assert.equal(c.status, 201);
  assert.notEqual(c.body.sha256, a.body.sha256);
});

test('a long table spans pages with "Pagina n di m"', async () => {
  const righe = Array.from({ length: 300 }, (_, i) => [`Operatore n. ${i + 1}`, `${i % 30},${String(i).padStart(3, '0')} %`, `${i + 1}.000,00 €`]);
  const long = body({ sezioni: [{ titolo: 'Graduatoria', tabelle: [{ intestazioni: ['Operatore', 'Ribasso', 'Importo'], numeriche: [false, true, true], righe }] }] });
  const r = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, long);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.ok(r.body.pagine > 3, `pages ${r.body.pagine}`);
  const d = await download(r.body.id, sua);
  const { text, info } = pdfText(d.buf);
  assert.equal(Number(info.match(/Pages:\s+(\d+)/)[1]), r.body.pagine);
  assert.ok(text.includes(`Pagina ${r.body.pagine} di ${r.body.pagine}`));
  assert.ok(text.includes('Operatore n. 300'));
  assert.ok(text.includes('29,299 %'));
});

test('unpublished: only the Province reads it; writes refused to everyone else', async () => {
  const r = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body({ titolo: 'Verbale riservato' }));
  assert.equal(r.status, 201);
  const id = r.body.id;
  assert.equal((await download(id, adminVi)).status, 200);
  for (const who of [suaPd, comune, oper, undefined]) {
    const d = await download(id, who);
    assert.equal(d.status, 404);
    assert.ok(!d.buf.toString('latin1').includes('%PDF'));
    const l = who ? await who.call('GET', `/api/v1/sua/gare/${pubId}/verbali`) : { status: 0 };
    if (who) {
      assert.equal(l.status, 200);
      assert.ok(!l.body.items.some((x) => x.id === id), 'listed to an outsider');
    }
  }
  const anonList = await fetch(`${srv.url}/api/v1/sua/gare/${pubId}/verbali`).then((x) => x.json());
  assert.ok(!anonList.items.some((x) => x.id === id));
  // The officer's list has it, with everything.
  const mine = await sua.call('GET', `/api/v1/sua/gare/${pubId}/verbali`);
  assert.ok(mine.body.items.some((x) => x.id === id && x.pubblicato === false));
  // A draft tender is not there at all for outsiders.
  assert.equal((await fetch(`${srv.url}/api/v1/sua/gare/${draftId}/verbali`)).status, 404);
  assert.equal((await suaPd.call('GET', `/api/v1/sua/gare/${draftId}/verbali`)).status, 404);
  assert.equal((await sua.call('GET', `/api/v1/sua/gare/${draftId}/verbali`)).status, 200);
  // Writes: another Province 403, Comune and operator 403, anonymous 401.
  const before = count('sua_verbale');
  const audits = count('audit_log');
  assertEnvelope(assert, await suaPd.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body()), 403);
  assertEnvelope(assert, await comune.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body()), 403);
  assertEnvelope(assert, await oper.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body()), 403);
  assertEnvelope(assert, await adminVi.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body()), 403);
  const anon = await fetch(`${srv.url}/api/v1/sua/gare/${pubId}/verbali`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) });
  assert.equal(anon.status, 401);
  assertEnvelope(assert, await suaPd.call('POST', `/api/v1/sua/verbali/${id}/pubblica`), 403);
  assertEnvelope(assert, await oper.call('POST', `/api/v1/sua/verbali/${id}/pubblica`), 403);
  assert.equal(count('sua_verbale'), before);
  assert.equal(count('audit_log'), audits);
  assert.equal(sql(`SELECT pubblicato FROM sua_verbale WHERE id = ${id}`), '0');
});

test('published: the public downloads the same bytes; publishing twice is refused', async () => {
  const r = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body({ titolo: 'Verbale da pubblicare' }));
  const id = r.body.id;
  const p = await sua.call('POST', `/api/v1/sua/verbali/${id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.pubblicato, true);
  assert.equal(typeof p.body.pubblicato_at, 'number');
  assert.equal(count(`audit_log WHERE action = 'sua.verbale.pubblica' AND object_id = '${id}'`), 1);
  const again = await sua.call('POST', `/api/v1/sua/verbali/${id}/pubblica`);
  assertEnvelope(assert, again, 409, 'conflict');
  assert.equal(count(`audit_log WHERE action = 'sua.verbale.pubblica' AND object_id = '${id}'`), 1);
  for (const who of [undefined, suaPd, oper, comune]) {
    const d = await download(id, who);
    assert.equal(d.status, 200);
    assert.equal(sha(d.buf), r.body.sha256);
  }
  const list = await fetch(`${srv.url}/api/v1/sua/gare/${pubId}/verbali`).then((x) => x.json());
  assert.deepEqual(list.items.map((x) => x.id), [id]);
  assert.equal(list.items[0].sha256, r.body.sha256);
  assertEnvelope(assert, await sua.call('POST', '/api/v1/sua/verbali/999999/pubblica'), 404);
  assert.equal((await download(999999)).status, 404);
  assert.equal((await download('abc')).status, 404);
});

test('bad input: refused with its field, nothing stored', async () => {
  const before = count('sua_verbale');
  const audits = count('audit_log');
  const bad = async (b, status, field) => {
    const r = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, b);
    const e = assertEnvelope(assert, r, status);
    if (field) assert.equal(e.field, field, JSON.stringify(e));
    assert.match(e.message, /[a-zà-ù]/);
  };
  const { titolo, ...noTitle } = body();
  await bad(noTitle, 400, 'titolo');
  await bad(body({ titolo: 'x'.repeat(1001) }), 400, 'titolo');
  await bad(body({ seduta_at: 'ieri' }), 400, 'seduta_at');
  await bad(body({ seduta_at: '2026-02-30T10:00:00Z' }), 400, 'seduta_at');
  await bad(body({ lotto_id: 999999 }), 400, 'lotto_id');
  await bad(body({ chiusura: 'a\u0001b' }), 400, 'chiusura');
  await bad(body({ presenti: [''] }), 400, 'presenti[0]');
  const rows = body();
  rows.sezioni[1].tabelle[0].righe[1] = ['solo una cella'];
  await bad(rows, 400, 'sezioni[1].tabelle[0].righe[1]');
  const cols = body();
  cols.sezioni[1].tabelle[0].intestazioni = Array.from({ length: 13 }, (_, i) => `C${i}`);
  await bad(cols, 400, 'sezioni[1].tabelle[0].intestazioni');
  await bad(body({ sezioni: 'no' }), 400, 'sezioni');
  await bad('{"titolo": ', 400);
  // Over the body cap: 413 before the body is read.
  const huge = await sua.call('POST', `/api/v1/sua/gare/${pubId}/verbali`, body({ chiusura: 'x'.repeat(1100 * 1024) }));
  assert.equal(huge.status, 413);
  assertEnvelope(assert, await sua.call('POST', '/api/v1/sua/gare/999999/verbali', body()), 404);
  assert.equal(count('sua_verbale'), before);
  assert.equal(count('audit_log'), audits);
});

test('the audit chain verifies with the minutes in it', async () => {
  const r = cli(['audit', 'verify', '--db', srv.db, ...srv.keyArgs]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
