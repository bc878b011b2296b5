// sua-inviti.test.mjs - invitations of negotiated procedures end to end
// (issue 13, item 2; LAW.md 2.1 and 5): objective criteria on a tender,
// the preview of the whole albo with the reason of each IN/OUT (state,
// category, class, expired SOA, territory, rotation of the outgoing
// awardee and of the previous invitees in the same sector and band), the
// choice by selection (rotation only with a recorded reason, the legal
// minimum "ove esistenti") and by the motivated public draw, recomputed by
// `areavasta sua sorteggio` from the candidates the API exports; the
// operator's own invitations; other Provinces, operators and Comuni
// refused; bad input refused with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { piva, domanda, EMPTY_ALBO } from '../lib/albo.mjs';

let srv, sua, suaPd, comune;
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));
const future = `${new Date().getUTCFullYear() + 2}-06-30`;
const ops = {}; // letter -> {piva, who, id}

// The albo of Vicenza: A..H qualified alike; the others each fail one
// criterion; N sits in Padova (Veneto: inside the Region).
const OG3 = (classe = 'III') => [{ categoria: 'OG3', classe, scadenza: future }];
const SPEC = {
  A: {}, B: {}, C: {}, D: {}, E: {}, F: {}, G: {}, H: {},
  I: { approve: false },
  J: { cpv: ['72000000-5'], soa: [] },
  K: { soa: OG3('I') },
  L: { expire: true },
  M: { comune: '015146' },
  N: { comune: '028060' },
};

async function create(oggetto, importo = 40000000) {
  let r = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto, tipo: 'lavori',
    lotti: [{ oggetto, cpv: '45233141-9', importo_cents: importo, sicurezza_cents: 0, comune: '024116' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}`, { procedura: 'negoziata_senza_bando' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return id;
}

before(async () => {
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  sql(EMPTY_ALBO);
  addUser(srv.db, 'sua.inv.vi@example.org', 'sua_officer', 'provincia:024');
  addUser(srv.db, 'sua.inv.pd@example.org', 'sua_officer', 'provincia:028');
  addUser(srv.db, 'comune.inv@example.org', 'comune', 'comune:024116');
  sua = await login(srv.url, 'sua.inv.vi@example.org');
  suaPd = await login(srv.url, 'sua.inv.pd@example.org');
  comune = await login(srv.url, 'comune.inv@example.org');
  let n = 1;
  for (const [k, s] of Object.entries(SPEC)) {
    const p = piva(String(1000000000 + n++));
    addUser(srv.db, `op.${k}@example.org`, 'operator', `operatore:${p}`);
    const who = await login(srv.url, `op.${k}@example.org`);
    const res = await who.call('POST', `/api/v1/sua/operatori/${p}/albo`, domanda({
      ragione_sociale: `Impresa ${k}`, codice_fiscale: p, comune: s.comune || '024116',
      cpv: s.cpv || ['45233141-9'], soa: s.soa || OG3(),
    }));
    assert.equal(res.status, 201, `${k}: ${JSON.stringify(res.body)}`);
    ops[k] = { piva: p, who, id: res.body.id };
    if (s.approve !== false) {
      const a = await sua.call('POST', `/api/v1/sua/albo/${res.body.id}/approva`);
      assert.equal(a.status, 200);
    }
    if (s.expire) sql(`UPDATE sua_albo_soa SET scadenza = '2021-03-31' WHERE albo_id = ${res.body.id}`);
  }
});
after(async () => { await srv.stop(); });

const letterOf = (p) => Object.keys(ops).find((k) => ops[k].piva === p);
let t0, t1, t00;

test('criteria: sector, band and the legal minimum from the rules engine; bad input refused', async () => {
  t0 = await create('Strade 2026 lotto A');
  const audits = count("audit_log WHERE action = 'sua.inviti.criteri'");
  const rowsBefore = count('sua_inviti_criteri');
  let r = await sua.call('GET', `/api/v1/sua/gare/${t0}/inviti/anteprima`);
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'criteri');
  const bad = [
    [{ cpv: '45233141-9', soa_categoria: 'OG3' }, 'cpv'],
    [{}, 'cpv'],
    [{ soa_categoria: 'OG99' }, 'soa_categoria'],
    [{ soa_categoria: 'OG3', soa_classe: 'XI' }, 'soa_classe'],
    [{ cpv: '45233141-9', soa_classe: 'II' }, 'soa_classe'],
    [{ cpv: '12345678-9' }, 'cpv'],
    [{ soa_categoria: 'OG3', territorio: 'mondo' }, 'territorio'],
    [{ soa_categoria: 'OG3', extra: 1 }, 'extra'],
  ];
  for (const [body, field] of bad) {
    r = await sua.call('PUT', `/api/v1/sua/gare/${t0}/inviti/criteri`, body);
    assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(body));
    assert.equal(r.body.error.field, field, `${JSON.stringify(body)} -> ${r.body.error.message}`);
  }
  assert.equal(count('sua_inviti_criteri'), rowsBefore);
  r = await suaPd.call('PUT', `/api/v1/sua/gare/${t0}/inviti/criteri`, { soa_categoria: 'OG3' });
  assert.equal(r.status, 403);
  r = await sua.call('PUT', `/api/v1/sua/gare/${t0}/inviti/criteri`, { soa_categoria: 'OG3', soa_classe: 'II', territorio: 'regione' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // 400,000 euro of works: art. 50 c.1 lett. c, at least 5 operators.
  assert.deepEqual(r.body.criteri, {
    cpv: null, soa_categoria: 'OG3', soa_classe: 'II', territorio: 'regione',
    settore: 'soa:OG3', fascia: 'lavori:negoziata_senza_bando:15000000', min_operatori: 5,
  });
  assert.equal(count("audit_log WHERE action = 'sua.inviti.criteri'"), audits + 1);
});

test('first tender: preview reasons, selection of five, the operator sees it', async () => {
  let r = await sua.call('GET', `/api/v1/sua/gare/${t0}/inviti/anteprima`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const esito = Object.fromEntries(r.body.operatori.map((o) => [letterOf(o.partita_iva), o.esito]));
  assert.deepEqual(esito, {
    A: 'ammesso', B: 'ammesso', C: 'ammesso', D: 'ammesso', E: 'ammesso', F: 'ammesso', G: 'ammesso', H: 'ammesso',
    I: 'non_approvato', J: 'categoria_mancante', K: 'classe_insufficiente', L: 'soa_scaduta', M: 'fuori_territorio', N: 'ammesso',
  });
  assert.equal(r.body.ammessi, 9);
  assert.equal(r.body.minimo_inviti, 5);
  for (const o of r.body.operatori) assert.match(o.motivo, /\S/);
  // Fewer than the minimum: 422, nothing stored.
  r = await sua.call('POST', `/api/v1/sua/gare/${t0}/inviti`, { modo: 'selezione', operatori: ['A', 'B', 'C', 'D'].map((k) => ops[k].piva) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'operatori');
  // A non-eligible one: 422 naming it.
  r = await sua.call('POST', `/api/v1/sua/gare/${t0}/inviti`, { modo: 'selezione', operatori: ['A', 'B', 'C', 'D', 'K'].map((k) => ops[k].piva) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'operatori[4]');
  // A deroga is only for rotation.
  r = await sua.call('POST', `/api/v1/sua/gare/${t0}/inviti`, { modo: 'selezione', operatori: ['A', 'B', 'C', 'D', 'K'].map((k) => ops[k].piva), deroghe: [{ partita_iva: ops.K.piva, motivo: 'serve' }] });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'deroghe[0].partita_iva');
  assert.equal(count('sua_invito'), 0);
  // Another Province's officer, an operator, a Comune: refused.
  for (const who of [suaPd, ops.A.who, comune]) {
    for (const [m, p] of [['GET', 'anteprima'], ['GET', ''], ['POST', '']]) {
      const x = await who.call(m, `/api/v1/sua/gare/${t0}/inviti${p ? '/' + p : ''}`, m === 'POST' ? { modo: 'selezione', operatori: [ops.A.piva] } : undefined);
      assert.equal(x.status, 403, `${m} ${p}`);
    }
  }
  r = await sua.call('POST', `/api/v1/sua/gare/${t0}/inviti`, { modo: 'selezione', operatori: ['A', 'B', 'C', 'D', 'E'].map((k) => ops[k].piva) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(r.body.invitati.map((i) => letterOf(i.partita_iva)), ['A', 'B', 'C', 'D', 'E']);
  assert.equal(r.body.sorteggio, null);
  r = await sua.call('POST', `/api/v1/sua/gare/${t0}/inviti`, { modo: 'selezione', operatori: ['F', 'G', 'H', 'N', 'A'].map((k) => ops[k].piva) });
  assert.equal(r.status, 409);
  r = await sua.call('PUT', `/api/v1/sua/gare/${t0}/inviti/criteri`, { cpv: '45233141-9' });
  assert.equal(r.status, 409, 'criteria frozen once invited');
  // One record for this tender (the demo's negotiated tender has its own).
  assert.equal(count(`audit_log WHERE action = 'sua.inviti.invita' AND object_type = 'sua_gara' AND object_id = '${t0}'`), 1);
  // The operator sees its invitation; nobody else sees its list.
  r = await ops.A.who.call('GET', `/api/v1/sua/operatori/${ops.A.piva}/inviti`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((i) => i.gara_id), [t0]);
  r = await ops.F.who.call('GET', `/api/v1/sua/operatori/${ops.F.piva}/inviti`);
  assert.deepEqual(r.body.items, []);
  for (const who of [ops.F.who, sua, comune]) {
    r = await who.call('GET', `/api/v1/sua/operatori/${ops.A.piva}/inviti`);
    assert.equal(r.status, 403);
  }
});

test('rotation: the outgoing awardee and the previous invitees are out unless a reason is recorded', async () => {
  // An earlier tender of the same sector and band awarded to A (the award
  // step writes sua_aggiudicatario; here through SQL).
  t00 = await create('Strade 2025');
  let r = await sua.call('PUT', `/api/v1/sua/gare/${t00}/inviti/criteri`, { soa_categoria: 'OG3' });
  assert.equal(r.status, 200);
  const lot = sql(`SELECT id FROM sua_lotto WHERE gara_id = ${t00}`);
  sql(`INSERT INTO sua_aggiudicatario (gara_id, lotto_id, operatore, aggiudicato_at) VALUES (${t00}, ${lot}, '${ops.A.piva}', 1767225600)`);
  // A tender in another band (1.2 M: lett. d) or sector is not affected.
  t1 = await create('Strade 2026 lotto B');
  r = await sua.call('PUT', `/api/v1/sua/gare/${t1}/inviti/criteri`, { soa_categoria: 'OG3', soa_classe: 'II', territorio: 'regione' });
  assert.equal(r.status, 200);
  r = await sua.call('GET', `/api/v1/sua/gare/${t1}/inviti/anteprima`);
  assert.equal(r.status, 200);
  const esito = Object.fromEntries(r.body.operatori.map((o) => [letterOf(o.partita_iva), [o.esito, o.derogabile]]));
  assert.deepEqual(esito, {
    A: ['rotazione_aggiudicatario', true],
    B: ['rotazione_invitato', true], C: ['rotazione_invitato', true], D: ['rotazione_invitato', true], E: ['rotazione_invitato', true],
    F: ['ammesso', false], G: ['ammesso', false], H: ['ammesso', false], N: ['ammesso', false],
    I: ['non_approvato', false], J: ['categoria_mancante', false], K: ['classe_insufficiente', false], L: ['soa_scaduta', false], M: ['fuori_territorio', false],
  });
  assert.equal(r.body.rotazione.aggiudicatario_uscente, ops.A.piva);
  assert.equal(r.body.rotazione.aggiudicatario_gara, t00);
  assert.deepEqual(r.body.rotazione.invitati_precedenti.map(letterOf).sort(), ['A', 'B', 'C', 'D', 'E']);
  // Four eligible, the law wants five "ove esistenti": four suffice...
  assert.equal(r.body.ammessi, 4);
  assert.equal(r.body.minimo_inviti, 4);
  // ...but B without a reason is refused; with one it is invited.
  r = await sua.call('POST', `/api/v1/sua/gare/${t1}/inviti`, { modo: 'selezione', operatori: ['F', 'G', 'H', 'N', 'B'].map((k) => ops[k].piva) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'operatori[4]');
  // With B's deroga five are eligible, so five are the minimum.
  r = await sua.call('POST', `/api/v1/sua/gare/${t1}/inviti`, { modo: 'selezione', operatori: ['F', 'G', 'H', 'B'].map((k) => ops[k].piva), deroghe: [{ partita_iva: ops.B.piva, motivo: 'Unico con mezzi speciali; esecuzione precedente accurata (art. 49 c.4)' }] });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'operatori');
  r = await sua.call('POST', `/api/v1/sua/gare/${t1}/inviti`, { modo: 'selezione', operatori: ['F', 'G', 'H', 'N', 'B'].map((k) => ops[k].piva), deroghe: [{ partita_iva: ops.B.piva, motivo: 'Unico con mezzi speciali; esecuzione precedente accurata (art. 49 c.4)' }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const b = r.body.invitati.find((i) => i.partita_iva === ops.B.piva);
  assert.match(b.deroga, /art\. 49 c\.4/);
  // A tender of another band: no rotation from t0/t1 (1.2 M euro, lett. d).
  const t3 = await create('Ponte sul Bacchiglione', 120000000);
  r = await sua.call('PUT', `/api/v1/sua/gare/${t3}/inviti/criteri`, { soa_categoria: 'OG3', soa_classe: 'II', territorio: 'regione' });
  assert.equal(r.body.criteri.fascia, 'lavori:negoziata_senza_bando:100000000');
  assert.equal(r.body.criteri.min_operatori, 10);
  r = await sua.call('GET', `/api/v1/sua/gare/${t3}/inviti/anteprima`);
  assert.equal(r.body.operatori.find((o) => o.partita_iva === ops.A.piva).esito, 'ammesso');
  assert.equal(r.body.ammessi, 9);
});

test('the motivated draw: stored seed and candidates, recomputed by the CLI', async () => {
  // A later award of a tender without invitation criteria (an open one):
  // its sector is its lot's CPV division (45), its band its amount's.
  const tx = await create('Marciapiedi 2025', 39000000);
  const lotx = sql(`SELECT id FROM sua_lotto WHERE gara_id = ${tx}`);
  sql(`INSERT INTO sua_aggiudicatario (gara_id, lotto_id, operatore, aggiudicato_at) VALUES (${tx}, ${lotx}, '${ops.H.piva}', 1767312000)`);
  const t2 = await create('Asfaltature 2026');
  let r = await sua.call('PUT', `/api/v1/sua/gare/${t2}/inviti/criteri`, { cpv: '45233141-9' });
  assert.equal(r.status, 200);
  assert.equal(r.body.criteri.settore, 'cpv:45');
  r = await sua.call('GET', `/api/v1/sua/gare/${t2}/inviti/anteprima`);
  assert.equal(r.body.rotazione.aggiudicatario_uscente, ops.H.piva);
  assert.equal(r.body.rotazione.aggiudicatario_gara, tx);
  assert.deepEqual(r.body.rotazione.invitati_precedenti, []);
  const seed = 'Lotto 05/12/2026 ruota di Venezia: 12 34 56 78 90';
  const rows = count('sua_invito');
  for (const [body, field] of [
    [{ modo: 'sorteggio', seed, numero: 5 }, 'motivazione'],
    [{ modo: 'sorteggio', motivazione: 'x', numero: 5 }, 'seed'],
    [{ modo: 'sorteggio', seed, motivazione: 'x' }, 'numero'],
    [{ modo: 'sorteggio', seed, motivazione: 'x', numero: 50 }, 'numero'],
    [{ modo: 'sorteggio', seed, motivazione: 'x', numero: 2 }, 'numero'],
    [{ modo: 'lotteria', seed, motivazione: 'x', numero: 5 }, 'modo'],
    [{ modo: 'sorteggio', seed: 'a\u0001b', motivazione: 'x', numero: 5 }, 'seed'],
  ]) {
    r = await sua.call('POST', `/api/v1/sua/gare/${t2}/inviti`, body);
    assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(body));
    assert.equal(r.body.error.field, field, `${JSON.stringify(body)} -> ${r.body.error.message}`);
  }
  assert.equal(count('sua_invito'), rows);
  r = await sua.call('POST', `/api/v1/sua/gare/${t2}/inviti`, {
    modo: 'sorteggio', seed, numero: 5,
    motivazione: 'Mercato con molti operatori equivalenti; nessun altro criterio oggettivo praticabile (art. 50 c.2)',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const s = r.body.sorteggio;
  assert.equal(s.seed, seed);
  // Candidates: everyone approved with a covering CPV, in partita IVA
  // order, but H (the outgoing awardee of sector 45 in this band).
  const expected = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'K', 'L', 'M', 'N'].map((k) => ops[k].piva).sort();
  assert.deepEqual(s.candidati, expected);
  // The CLI, given the exported candidates and the seed, prints the same order.
  const dir = mkdtempSync(join(tmpdir(), 'sorteggio-'));
  writeFileSync(join(dir, 'candidati.txt'), s.candidati.join('\n') + '\n');
  const out = cli(['sua', 'sorteggio', '--seed', seed, '--candidati', join(dir, 'candidati.txt'), '--estrai', '5']);
  assert.equal(out.status, 0, out.stderr);
  const draw = JSON.parse(out.stdout);
  assert.deepEqual(draw.ordine.map((o) => o.candidato), s.ordine);
  assert.deepEqual(r.body.invitati.map((i) => i.partita_iva), draw.ordine.filter((o) => o.estratto).map((o) => o.candidato));
  assert.equal(r.body.invitati.length, 5);
  assert.ok(r.body.invitati.every((i) => i.modo === 'sorteggio'));
  const audit = JSON.parse(sql("SELECT details FROM audit_log WHERE action = 'sua.inviti.invita' ORDER BY seq DESC LIMIT 1"));
  assert.equal(audit.seed, seed);
  assert.match(audit.motivazione, /art\. 50 c\.2/);
});

test('only negotiated procedures take invitations', async () => {
  let r = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto: 'Aperta', tipo: 'lavori',
    lotti: [{ oggetto: 'Aperta', cpv: '45233141-9', importo_cents: 40000000, sicurezza_cents: 0, comune: '024116' }],
  });
  const id = r.body.id;
  await sua.call('PUT', `/api/v1/sua/gare/${id}`, { procedura: 'aperta', procedura_motivo: 'scelta della SUA' });
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}/inviti/criteri`, { soa_categoria: 'OG3' });
  assert.equal(r.status, 200);
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/inviti`, { modo: 'selezione', operatori: ['F', 'G', 'H', 'N', 'A'].map((k) => ops[k].piva) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'procedura');
});
