// sua-gare.test.mjs - the SUA's tenders end to end (issue 12, items 6-7):
// an officer of Vicenza creates a draft from lots, edits it, asks the rules
// engine for advice, is refused publication for each missing piece (422,
// the field named), publishes, amends (extend only, reason required),
// cancels; an officer of Padova, a Comune's user and an operator are
// refused everything; bad input on create and edit is refused (4xx) with
// nothing stored; clarifications are asked before the deadline only and
// answered by the officer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, assertEnvelope, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

const VI = 'provincia:024';
const PD = 'provincia:028';
const DAY = 86400 * 1000;

let srv;
let sua; // sua_officer of Vicenza
let suaPd; // sua_officer of Padova
let adminVi; // admin of Vicenza (reads, does not manage)
let comune; // comune user of Vicenza
let oper; // operator
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));

// A valid lot of Vicenza's Comuni; over overrides fields.
function lotto(over = {}) {
  return {
    oggetto: 'Manutenzione straordinaria strade comunali',
    cpv: '45233141-9',
    importo_cents: 400000000, // 4,000,000.00 euro
    sicurezza_cents: 5000000,
    comune: '024116',
    ...over,
  };
}

// The day in Europe/Rome, as the server counts it, n days from now.
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
const deadlines = (offerteDays = 45) => ({
  termine_chiarimenti: iso(Date.now() + 10 * DAY),
  termine_offerte: iso(Date.now() + offerteDays * DAY),
  prima_seduta: iso(Date.now() + (offerteDays + 1) * DAY),
});

before(async () => {
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  addUser(srv.db, 'sua.vi@example.org', 'sua_officer', VI);
  addUser(srv.db, 'sua.pd@example.org', 'sua_officer', PD);
  addUser(srv.db, 'admin.gare.vi@example.org', 'admin', VI);
  addUser(srv.db, 'comune.gare@example.org', 'comune', 'comune:024116');
  addUser(srv.db, 'op.gare@example.org', 'operator', 'operatore:01234567897');
  sua = await login(srv.url, 'sua.vi@example.org');
  suaPd = await login(srv.url, 'sua.pd@example.org');
  adminVi = await login(srv.url, 'admin.gare.vi@example.org');
  comune = await login(srv.url, 'comune.gare@example.org');
  oper = await login(srv.url, 'op.gare@example.org');
});
after(async () => { await srv.stop(); });

async function create(body, who = sua, prov = '024') {
  return who.call('POST', `/api/v1/sua/province/${prov}/gare`, body);
}

test('create a draft from lots, read it back, audit record', async () => {
  const audits = count("audit_log WHERE action = 'sua.gara.create'");
  const r = await create({
    oggetto: 'Manutenzione strade 2027', tipo: 'lavori',
    lotti: [lotto({ cig: 'A005FC04C3' }), lotto({ oggetto: 'Strade di Agugliaro', comune: '024001', cpv: '45000000', importo_cents: 200000000, sicurezza_cents: 0 })],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const g = r.body;
  assert.equal(g.stato, 'bozza');
  assert.equal(g.provincia, '024');
  assert.equal(g.versione, 0);
  assert.equal(g.lotti.length, 2);
  assert.deepEqual(g.lotti.map((l) => [l.numero, l.cig, l.cpv, l.importo_cents, l.comune]),
    [[1, 'A005FC04C3', '45233141-9', 400000000, '024116'], [2, null, '45000000-7', 200000000, '024001']]);
  assert.equal(g.lotti[0].comune_nome, 'Vicenza');
  assert.equal(g.importo_totale_cents, 600000000);
  assert.equal(g.procedura, null);
  assert.equal(count("audit_log WHERE action = 'sua.gara.create'"), audits + 1);
  const again = await sua.call('GET', `/api/v1/sua/gare/${g.id}`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.lotti, g.lotti);
  // The Province's admin reads it too.
  assert.equal((await adminVi.call('GET', `/api/v1/sua/gare/${g.id}`)).status, 200);
  // A draft with no lots is allowed (the aggregation adds them later).
  const empty = await create({ oggetto: 'Senza lotti', tipo: 'servizi' });
  assert.equal(empty.status, 201);
  assert.deepEqual(empty.body.lotti, []);
});

test('edit a draft, the advice, publication refused for each missing piece, then published', async () => {
  const r = await create({ oggetto: 'Lavori di pavimentazione', tipo: 'lavori' });
  assert.equal(r.status, 201);
  const id = r.body.id;
  const put = (body) => sua.call('PUT', `/api/v1/sua/gare/${id}`, body);
  const publish = () => sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  const refused = async (field) => {
    const p = await publish();
    const e = assertEnvelope(assert, p, 422, 'unprocessable');
    assert.equal(e.field, field, e.message);
    assert.match(e.message, /[a-z]/);
    const now = await sua.call('GET', `/api/v1/sua/gare/${id}`);
    assert.equal(now.body.stato, 'bozza');
    assert.equal(now.body.pubblicata_at, null);
  };
  // No lots: the advice and publication both say so.
  assertEnvelope(assert, await sua.call('GET', `/api/v1/sua/gare/${id}/consiglio`), 422);
  await refused('lotti');
  // Lots (6 million euro of works: above the EU threshold), one without CIG.
  let e = await put({ lotti: [lotto({ cig: 'A003270025' }), lotto({ importo_cents: 200000000, comune: '024001' })] });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.equal(e.body.importo_totale_cents, 600000000);
  const adv = await sua.call('GET', `/api/v1/sua/gare/${id}/consiglio`);
  assert.equal(adv.status, 200, JSON.stringify(adv.body));
  assert.equal(adv.body.sopra_soglia_ue, true);
  assert.equal(adv.body.input.importo_cents, 600000000);
  assert.equal(adv.body.input.lotti, 2);
  assert.equal(adv.body.data_riferimento, today());
  const codes = adv.body.procedure.map((p) => p.codice);
  assert.ok(codes.includes('aperta'), codes.join());
  assert.ok(!codes.includes('negoziata_senza_bando'));
  await refused('lotti[1].cig');
  e = await put({ lotti: [lotto({ cig: 'A003270025' }), lotto({ importo_cents: 200000000, comune: '024001', cig: 'A00518EDE1' })] });
  assert.equal(e.status, 200);
  await refused('criterio');
  e = await put({ criterio: 'oepv' });
  assert.equal(e.status, 200);
  await refused('criteri');
  // OEPV criteria: points must make 100 (refused at the edit, nothing kept).
  const criteri = {
    criteri: [{ nome: 'Qualità tecnica', punti: 50, sottocriteri: [{ nome: 'Metodologia', punti: 30 }, { nome: 'Organizzazione', punti: 20 }] },
      { nome: 'Tempi', punti: 20 }],
    economico: { punti: 30, formula: 'bilineare', x: '0.85' },
  };
  const bad = await put({ criteri: { ...criteri, economico: { punti: 40, formula: 'lineare' } } });
  assert.ok(bad.status >= 400 && bad.status < 500);
  assert.equal(bad.body.error.field, 'criteri.economico.punti');
  assert.equal((await sua.call('GET', `/api/v1/sua/gare/${id}`)).body.criteri, null);
  e = await put({ criteri });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.deepEqual(e.body.criteri.economico, criteri.economico);
  await refused('procedura');
  e = await put({ procedura: 'negoziata_senza_bando' });
  assert.equal(e.status, 200);
  await refused('procedura_motivo');
  e = await put({ procedura: 'aperta', rup_nome: 'Ing. Maria Rossi', data_invio: today() });
  assert.equal(e.status, 200);
  await refused('termine_chiarimenti');
  // Clarifications after the offers: refused.
  const d = deadlines();
  e = await put({ termine_chiarimenti: d.prima_seduta, termine_offerte: d.termine_offerte, prima_seduta: d.prima_seduta });
  assert.equal(e.status, 200);
  await refused('termine_chiarimenti');
  // Offers earlier than the legal minimum (30 days for an open procedure).
  const short = deadlines(20);
  e = await put(short);
  assert.equal(e.status, 200);
  await refused('termine_offerte');
  const p0 = await publish();
  assert.match(p0.body.error.message, /30 giorni/);
  e = await put(d);
  assert.equal(e.status, 200);
  assert.match(e.body.termine_offerte, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);
  assert.equal(Date.parse(e.body.termine_offerte), Date.parse(d.termine_offerte));
  const audits = count("audit_log WHERE action = 'sua.gara.publish'");
  const ok = await publish();
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.stato, 'pubblicata');
  assert.notEqual(ok.body.pubblicata_at, null);
  assert.equal(count("audit_log WHERE action = 'sua.gara.publish'"), audits + 1);
  assert.equal(sql(`SELECT stato FROM sua_gara WHERE id = ${id}`), 'pubblicata');
  // Twice: refused.
  assertEnvelope(assert, await publish(), 422);
});

// A published tender of Vicenza, for the tests below.
async function published(oggetto = 'Servizio di pulizia scuole') {
  const d = deadlines();
  const r = await create({ oggetto, tipo: 'lavori', lotti: [lotto({ cig: 'A005544DD8' }), lotto({ cig: 'A007F7819A', importo_cents: 200000000, comune: '024001' })] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, { procedura: 'aperta', criterio: 'prezzo', data_invio: today(), ...d });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  const p = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

test('amendments: reason required, deadlines extended only, changes recorded', async () => {
  const g = await published();
  const put = (body) => sua.call('PUT', `/api/v1/sua/gare/${g.id}`, body);
  const later = iso(Date.parse(g.termine_offerte) + 7 * DAY);
  const seduta = iso(Date.parse(g.prima_seduta) + 7 * DAY);
  // No reason: refused, nothing stored.
  let r = await put({ termine_offerte: later, prima_seduta: seduta });
  assert.equal(assertEnvelope(assert, r, 400).field, 'motivo_rettifica');
  // Earlier deadline: refused.
  r = await put({ termine_offerte: iso(Date.parse(g.termine_offerte) - DAY), motivo_rettifica: 'Anticipo' });
  assert.equal(assertEnvelope(assert, r, 422).field, 'termine_offerte');
  // Fewer lots: refused.
  r = await put({ lotti: [lotto({ cig: 'A005544DD8' })], motivo_rettifica: 'Un lotto in meno' });
  assert.equal(assertEnvelope(assert, r, 422).field, 'lotti');
  assert.equal(count(`sua_rettifica WHERE gara_id = ${g.id}`), 0);
  assert.equal(sql(`SELECT versione FROM sua_gara WHERE id = ${g.id}`), '0');
  // Extension with its reason: amendment 1.
  r = await put({ termine_offerte: later, prima_seduta: seduta, motivo_rettifica: 'Proroga per sopralluoghi' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.versione, 1);
  assert.equal(r.body.stato, 'pubblicata');
  assert.equal(r.body.rettifiche.length, 1);
  const m = r.body.rettifiche[0];
  assert.equal(m.numero, 1);
  assert.equal(m.motivo, 'Proroga per sopralluoghi');
  assert.deepEqual(Object.keys(m.modifiche).sort(), ['prima_seduta', 'termine_offerte']);
  assert.equal(m.modifiche.termine_offerte.da, g.termine_offerte);
  assert.equal(Date.parse(m.modifiche.termine_offerte.a), Date.parse(later));
  // A lot's amount and CIG: allowed, recorded.
  r = await put({ lotti: [lotto({ cig: 'A005544DD8', importo_cents: 410000000 }), lotto({ cig: 'A0080D94E7', importo_cents: 200000000, comune: '024001' })], motivo_rettifica: 'Correzione importo e CIG' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.versione, 2);
  const m2 = r.body.rettifiche[1].modifiche;
  assert.deepEqual(m2['lotti[0].importo_cents'], { da: 400000000, a: 410000000 });
  assert.deepEqual(m2['lotti[1].cig'], { da: 'A007F7819A', a: 'A0080D94E7' });
  assert.equal(r.body.lotti[0].id, g.lotti[0].id, 'lots keep their identity');
  assert.equal(count(`audit_log WHERE action = 'sua.gara.rettifica' AND object_id = '${g.id}'`), 2);
  // Nothing changed: refused.
  r = await put({ motivo_rettifica: 'Niente' });
  assertEnvelope(assert, r, 422);
  // A reason on a draft is refused.
  const draft = await create({ oggetto: 'Bozza', tipo: 'servizi' });
  r = await sua.call('PUT', `/api/v1/sua/gare/${draft.body.id}`, { oggetto: 'Bozza 2', motivo_rettifica: 'x' });
  assert.equal(assertEnvelope(assert, r, 400).field, 'motivo_rettifica');
});

test('cancel: reason required, from draft or published, then nothing moves', async () => {
  const g = await published('Da annullare');
  let r = await sua.call('POST', `/api/v1/sua/gare/${g.id}/annulla`, {});
  assert.equal(assertEnvelope(assert, r, 400).field, 'motivo');
  r = await sua.call('POST', `/api/v1/sua/gare/${g.id}/annulla`, { motivo: '   ' });
  assert.equal(assertEnvelope(assert, r, 400).field, 'motivo');
  r = await sua.call('POST', `/api/v1/sua/gare/${g.id}/annulla`, { motivo: 'Finanziamento revocato' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'annullata');
  assert.equal(r.body.motivo_annullamento, 'Finanziamento revocato');
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${g.id}/annulla`, { motivo: 'ancora' }), 422);
  assertEnvelope(assert, await sua.call('PUT', `/api/v1/sua/gare/${g.id}`, { oggetto: 'x', motivo_rettifica: 'x' }), 422);
  assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${g.id}/pubblica`), 422);
  const d = await create({ oggetto: 'Bozza da annullare', tipo: 'forniture' });
  r = await sua.call('POST', `/api/v1/sua/gare/${d.body.id}/annulla`, { motivo: 'Doppione' });
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'annullata');
  assert.equal(count(`audit_log WHERE action = 'sua.gara.annulla' AND object_id IN ('${g.id}', '${d.body.id}')`), 2);
});

test('the list: the officer\'s Provinces only, by state, paged', async () => {
  const g = await published('Per la lista');
  const all = await sua.call('GET', '/api/v1/sua/gare?limit=200');
  assert.equal(all.status, 200);
  assert.ok(all.body.items.some((x) => x.id === g.id));
  assert.ok(all.body.items.every((x) => x.provincia === '024'));
  assert.equal(all.body.total, all.body.items.length);
  const pub = await sua.call('GET', '/api/v1/sua/gare?stato=pubblicata');
  assert.ok(pub.body.items.every((x) => x.stato === 'pubblicata'));
  const bozze = await sua.call('GET', '/api/v1/sua/gare?stato=bozza');
  assert.ok(bozze.body.items.length > 0);
  assert.ok(bozze.body.items.every((x) => x.stato === 'bozza'));
  const item = all.body.items.find((x) => x.id === g.id);
  assert.equal(item.lotti, 2);
  assert.equal(item.importo_totale_cents, 600000000);
  // Paging with after.
  const p1 = await sua.call('GET', '/api/v1/sua/gare?limit=2');
  assert.equal(p1.body.items.length, 2);
  assert.ok(p1.body.next);
  const p2 = await sua.call('GET', `/api/v1/sua/gare?limit=2&after=${encodeURIComponent(p1.body.next)}`);
  assert.equal(p2.status, 200);
  assert.ok(p2.body.items.every((x) => x.id < p1.body.items[1].id));
  assertEnvelope(assert, await sua.call('GET', '/api/v1/sua/gare?stato=boh'), 400);
  // Padova's officer sees none of Vicenza's.
  const pd = await suaPd.call('GET', '/api/v1/sua/gare');
  assert.equal(pd.status, 200);
  assert.ok(pd.body.items.every((x) => x.provincia === '028'));
  assert.ok(!pd.body.items.some((x) => x.id === g.id));
});

test('another Province\'s officer, a Comune and an operator are refused everything', async () => {
  const g = await published('Riservata a Vicenza');
  const d = await create({ oggetto: 'Bozza riservata', tipo: 'servizi' });
  const snapshot = () => sql('SELECT id, stato, oggetto, versione, termine_offerte FROM sua_gara ORDER BY id')
    + sql('SELECT COUNT(*) FROM sua_lotto') + sql('SELECT COUNT(*) FROM sua_rettifica');
  const before0 = snapshot();
  for (const who of [suaPd, comune, oper]) {
    for (const id of [g.id, d.body.id]) {
      const calls = [
        ['GET', `/api/v1/sua/gare/${id}`],
        ['GET', `/api/v1/sua/gare/${id}/consiglio`],
        ['PUT', `/api/v1/sua/gare/${id}`, { oggetto: 'Presa', motivo_rettifica: 'x' }],
        ['POST', `/api/v1/sua/gare/${id}/pubblica`],
        ['POST', `/api/v1/sua/gare/${id}/annulla`, { motivo: 'x' }],
      ];
      for (const [m, p, b] of calls) {
        const r = await who.call(m, p, b);
        assert.ok([403, 404].includes(r.status), `${m} ${p}: ${r.status}`);
      }
    }
    const c = await create({ oggetto: 'Intrusa', tipo: 'lavori', lotti: [lotto()] }, who);
    assert.ok([403, 404].includes(c.status), `create: ${c.status}`);
  }
  // Padova's officer cannot create for Vicenza, nor for a Province that does not exist.
  assert.equal((await create({ oggetto: 'x', tipo: 'lavori' }, suaPd, '024')).status, 403);
  assert.equal((await create({ oggetto: 'x', tipo: 'lavori' }, sua, '999')).status, 404);
  assert.equal((await create({ oggetto: 'x', tipo: 'lavori' }, sua, 'abc')).status, 404);
  // The admin reads but does not manage.
  assert.equal((await adminVi.call('PUT', `/api/v1/sua/gare/${d.body.id}`, { oggetto: 'x' })).status, 403);
  assert.equal((await adminVi.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'x', tipo: 'lavori' })).status, 403);
  // Comune and operator: the list too.
  assert.equal((await comune.call('GET', '/api/v1/sua/gare')).status, 403);
  assert.equal((await oper.call('GET', '/api/v1/sua/gare')).status, 403);
  // Unknown ids.
  assert.equal((await sua.call('GET', '/api/v1/sua/gare/99999999')).status, 404);
  assert.equal((await sua.call('GET', '/api/v1/sua/gare/abc')).status, 404);
  assert.equal(snapshot(), before0, 'refused calls change nothing');
});

test('bad input on create and edit: 4xx with the field, nothing stored', async () => {
  const big = 'x'.repeat(1001);
  const cases = [
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ cig: '1234567DE8' })] }, 'lotti[0].cig'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ cpv: '99999999' })] }, 'lotti[0].cpv'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ cpv: '45233141-8' })] }, 'lotti[0].cpv'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ cpv: '4523' })] }, 'lotti[0].cpv'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ importo_cents: -100 })] }, 'lotti[0].importo_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ importo_cents: 0 })] }, 'lotti[0].importo_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ importo_cents: 10000000000001 })] }, 'lotti[0].importo_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ importo_cents: 1.5 })] }, 'lotti[0].importo_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ importo_cents: '1000' })] }, 'lotti[0].importo_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ sicurezza_cents: -1 })] }, 'lotti[0].sicurezza_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ importo_cents: 100, sicurezza_cents: 200 })] }, 'lotti[0].sicurezza_cents'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ comune: '028060' })] }, 'lotti[0].comune'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ comune: '999999' })] }, 'lotti[0].comune'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ comune: '24116' })] }, 'lotti[0].comune'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ richiesta_id: 987654 })] }, 'lotti[0].richiesta_id'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ oggetto: big })] }, 'lotti[0].oggetto'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ altro: 1 })] }, 'lotti[0].altro'],
    [{ oggetto: 'a', tipo: 'lavori', lotti: [lotto({ cig: 'A005FC04C3' }), lotto({ cig: 'A005FC04C3' })] }, 'lotti[1].cig'],
    [{ oggetto: 'a', tipo: 'lavori', richieste: [424242] }, 'richieste[0]'],
    [{ oggetto: big, tipo: 'lavori' }, 'oggetto'],
    [{ oggetto: '   ', tipo: 'lavori' }, 'oggetto'],
    [{ oggetto: 'a', tipo: 'pippo' }, 'tipo'],
    [{ tipo: 'lavori' }, 'oggetto'],
    [{ oggetto: 'a', tipo: 'lavori', extra: true }, 'extra'],
  ];
  const before0 = [count('sua_gara'), count('sua_lotto')];
  for (const [body, field] of cases) {
    const r = await create(body);
    const e = assertEnvelope(assert, r, 400);
    assert.equal(e.field, field, `${JSON.stringify(body).slice(0, 120)} -> ${e.message}`);
  }
  assert.deepEqual([count('sua_gara'), count('sua_lotto')], before0);
  // Edits of a draft.
  const d = await create({ oggetto: 'Bozza per input errati', tipo: 'lavori', lotti: [lotto()] });
  const id = d.body.id;
  const row = () => sql(`SELECT oggetto, tipo, procedura, criterio, criteri, termine_offerte, data_invio FROM sua_gara WHERE id = ${id}`)
    + sql(`SELECT numero, cig, importo_cents FROM sua_lotto WHERE gara_id = ${id}`);
  const was = row();
  const edits = [
    [{ termine_offerte: 'domani' }, 'termine_offerte'],
    [{ termine_offerte: '2027-02-30T12:00:00+01:00' }, 'termine_offerte'],
    [{ prima_seduta: 'x'.repeat(40) }, 'prima_seduta'],
    [{ procedura: 'boh' }, 'procedura'],
    [{ criterio: 'sorteggio' }, 'criterio'],
    [{ tipo: 'opere' }, 'tipo'],
    [{ data_invio: '2027-13-01' }, 'data_invio'],
    [{ data_invio: '2019-01-01' }, 'data_invio'],
    [{ rup_nome: 'x'.repeat(201) }, 'rup_nome'],
    [{ procedura_motivo: 'x'.repeat(4001) }, 'procedura_motivo'],
    [{ lotti: [lotto({ cig: 'ZZZ' })] }, 'lotti[0].cig'],
    [{ lotti: [lotto(), lotto({ comune: '028060' })] }, 'lotti[1].comune'],
    [{ criteri: { criteri: [{ nome: 'A', punti: 70 }], economico: { punti: 30, formula: 'magica' } } }, 'criteri.economico.formula'],
    [{ criteri: { criteri: [{ nome: 'A', punti: 70 }], economico: { punti: 30, formula: 'bilineare', x: '0.70' } } }, 'criteri.economico.x'],
    [{ criteri: { criteri: [{ nome: 'A', punti: 70, sottocriteri: [{ nome: 'a', punti: 60 }] }], economico: { punti: 30, formula: 'lineare' } } }, 'criteri.criteri[0].sottocriteri'],
    [{ criteri: { criteri: [{ nome: 'A', punti: 60 }], economico: { punti: 40, formula: 'lineare' }, manodopera: true } }, 'criteri.economico.punti'],
    [{ criteri: { criteri: [], economico: { punti: 100, formula: 'lineare' } } }, 'criteri.criteri'],
    [{ oggetto: 'a', nuovo: 1 }, 'nuovo'],
  ];
  for (const [body, field] of edits) {
    const r = await sua.call('PUT', `/api/v1/sua/gare/${id}`, body);
    assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(body).slice(0, 80)}: ${r.status}`);
    assert.equal(r.body.error.field, field, `${JSON.stringify(body).slice(0, 80)} -> ${r.body.error.message}`);
  }
  assert.equal(row(), was, 'refused edits change nothing');
});

test('clarifications: asked before the deadline by anyone logged in, answered by the officer, asker never shown', async () => {
  const g = await published('Con chiarimenti');
  const ask = (who, body, id = g.id) => who.call('POST', `/api/v1/gare/${id}/chiarimenti`, body);
  let r = await ask(comune, { domanda: 'È ammesso il subappalto?' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const q1 = r.body.id;
  assert.equal(r.body.gara_id, g.id);
  r = await ask(oper, { domanda: 'Serve il sopralluogo obbligatorio?' });
  assert.equal(r.status, 201);
  const q2 = r.body.id;
  assert.equal(count(`audit_log WHERE action = 'sua.chiarimento.domanda' AND object_id IN ('${q1}', '${q2}')`), 2);
  // Anonymous: 401; a draft or unknown tender: 404; bad questions: 400.
  const anon = await fetch(`${srv.url}/api/v1/gare/${g.id}/chiarimenti`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"domanda":"x"}' });
  assert.equal(anon.status, 401);
  const draft = await create({ oggetto: 'Bozza senza domande', tipo: 'servizi' });
  const n0 = count('sua_chiarimento');
  assertEnvelope(assert, await ask(comune, { domanda: 'x' }, draft.body.id), 404);
  assertEnvelope(assert, await ask(comune, { domanda: 'x' }, 99999999), 404);
  assert.equal(assertEnvelope(assert, await ask(comune, { domanda: '  ' }), 400).field, 'domanda');
  assert.equal(assertEnvelope(assert, await ask(comune, { domanda: 'x'.repeat(4001) }), 400).field, 'domanda');
  assert.equal(assertEnvelope(assert, await ask(comune, {}), 400).field, 'domanda');
  assert.equal(count('sua_chiarimento'), n0);
  // The officer's list: every question, no asker.
  r = await sua.call('GET', `/api/v1/sua/gare/${g.id}/chiarimenti`);
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 2);
  assert.deepEqual(r.body.items.map((x) => x.id), [q1, q2]);
  for (const it of r.body.items) assert.deepEqual(Object.keys(it).sort(), ['chiesto_at', 'domanda', 'id', 'risposta', 'risposto_at']);
  assert.equal(r.body.items[0].risposta, null);
  assert.ok(!JSON.stringify(r.body).includes('comune.gare@example.org'));
  for (const who of [suaPd, comune, oper, adminVi]) {
    assert.equal((await who.call('GET', `/api/v1/sua/gare/${g.id}/chiarimenti`)).status, 403);
    assert.equal((await who.call('POST', `/api/v1/sua/chiarimenti/${q1}/risposta`, { risposta: 'No' })).status, 403);
  }
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/chiarimenti/${q1}/risposta`, { risposta: ' ' }), 400).field, 'risposta');
  assertEnvelope(assert, await sua.call('POST', '/api/v1/sua/chiarimenti/99999999/risposta', { risposta: 'x' }), 404);
  assert.equal(sql(`SELECT COUNT(*) FROM sua_chiarimento WHERE risposta IS NOT NULL AND gara_id = ${g.id}`), '0');
  r = await sua.call('POST', `/api/v1/sua/chiarimenti/${q1}/risposta`, { risposta: 'Sì, nei limiti dell\'art. 119.' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await sua.call('GET', `/api/v1/sua/gare/${g.id}/chiarimenti`);
  assert.equal(r.body.items[0].risposta, 'Sì, nei limiti dell\'art. 119.');
  assert.notEqual(r.body.items[0].risposto_at, null);
  assert.equal(count(`audit_log WHERE action = 'sua.chiarimento.risposta' AND object_id = '${q1}'`), 1);
  // The list of tenders counts the one still waiting.
  const l = await sua.call('GET', '/api/v1/sua/gare?stato=pubblicata&limit=200');
  assert.equal(l.body.items.find((x) => x.id === g.id).chiarimenti_in_attesa, 1);
  // After the deadline: refused, nothing stored.
  sql(`UPDATE sua_gara SET termine_chiarimenti = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${g.id}`);
  const n1 = count('sua_chiarimento');
  r = await ask(comune, { domanda: 'Troppo tardi?' });
  assert.match(assertEnvelope(assert, r, 422).message, /scaduto/);
  assert.equal(count('sua_chiarimento'), n1);
});

test('the officer\'s "Gare" panel: counts of its own Province, deadlines of the next 30 days', async () => {
  const g = await published('Per il pannello');
  const panel = async (who) => (await who.call('GET', '/api/v1/area')).body.panels.find((p) => p.id === 'sua-gare');
  const p = await panel(sua);
  assert.ok(p, 'the officer sees the panel');
  const todo = Object.fromEntries(p.todo.map((t) => [t.label, t]));
  assert.equal(todo['Gare in bozza'].count, Number(sql("SELECT COUNT(*) FROM sua_gara WHERE provincia = '024' AND stato = 'bozza'")));
  assert.equal(todo['Gare pubblicate'].count, Number(sql("SELECT COUNT(*) FROM sua_gara WHERE provincia = '024' AND stato = 'pubblicata'")));
  assert.equal(todo['Chiarimenti in attesa di risposta'].count,
    Number(sql("SELECT COUNT(*) FROM sua_chiarimento c JOIN sua_gara g ON g.id = c.gara_id WHERE g.provincia = '024' AND c.risposta IS NULL")));
  assert.equal(todo['Gare in bozza'].link, '/gare.html?stato=bozza');
  const mine = p.deadlines.filter((d) => d.link === `/gara.html?id=${g.id}`);
  assert.equal(mine.length, 1, 'the clarification deadline (10 days) is in the window, the offers (45) are not');
  assert.match(mine[0].label, /^Termine chiarimenti \(ore \d\d:\d\d\): Per il pannello$/);
  assert.match(mine[0].date, /^\d{4}-\d\d-\d\d$/);
  // Padova's officer: nothing of Vicenza's.
  const pd = await panel(suaPd);
  assert.ok(pd.todo.every((t) => t.count === 0), JSON.stringify(pd.todo));
  assert.deepEqual(pd.deadlines, []);
  // Not for the Comune or the admin.
  assert.equal(await panel(comune), undefined);
  assert.equal(await panel(adminVi), undefined);
});

test('the legal minimum for the offers rolls over Christmas and the weekend (termini.h)', async () => {
  const y = Number(today().slice(0, 4)) + 1;
  // 30 days from 25 November is Christmas: the term moves to the next working day.
  let d = new Date(Date.UTC(y, 11, 25));
  while ([0, 6].includes(d.getUTCDay()) || d.getUTCDate() === 25 || d.getUTCDate() === 26) d = new Date(d.getTime() + DAY);
  const min = d.toISOString().slice(0, 10);
  const [yy, mm, dd] = min.split('-');
  const r = await create({ oggetto: 'Termine a Natale', tipo: 'lavori', lotti: [lotto({ cig: 'A006B83983' }), lotto({ cig: '9914876E7F', importo_cents: 200000000 })] });
  const id = r.body.id;
  let e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, {
    procedura: 'aperta', criterio: 'prezzo', data_invio: `${y}-11-25`,
    termine_chiarimenti: `${y}-12-01T12:00:00+01:00`, termine_offerte: `${y}-12-25T12:00:00+01:00`, prima_seduta: `${y + 1}-01-20T10:00:00+01:00`,
  });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  const p = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  const err = assertEnvelope(assert, p, 422);
  assert.equal(err.field, 'termine_offerte');
  assert.ok(err.message.includes(`${dd}/${mm}/${yy}`), err.message);
  // The day before the minimum is still refused; the minimum itself is fine.
  const before1 = new Date(Date.parse(`${min}T12:00:00Z`) - DAY).toISOString().slice(0, 10);
  e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, { termine_offerte: `${before1}T23:59:00+01:00` });
  assert.equal(e.status, 200);
  assert.equal(assertEnvelope(assert, await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`), 422).field, 'termine_offerte');
  e = await sua.call('PUT', `/api/v1/sua/gare/${id}`, { termine_offerte: `${min}T00:00:00+01:00` });
  assert.equal(e.status, 200);
  const ok = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
});
