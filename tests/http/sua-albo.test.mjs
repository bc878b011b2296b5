// sua-albo.test.mjs - the albo fornitori end to end (issue 13, item 1): an
// operator applies to the albo of Vicenza and of Padova, reads its own
// company, edits it; the officer of Vicenza lists with filters, approves,
// suspends with a reason, re-activates, rejects; an edit of key data sends
// an approved entry back to review; the officer of Padova, another
// operator, a Comune's user and anonymous callers are refused everything
// and learn nothing; bad input is refused (4xx, field named) with nothing
// stored; every change leaves its audit record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

import { piva, domanda, CF_LEGALE, P1, EMPTY_ALBO } from '../lib/albo.mjs';

const P2 = piva('0987654321'); // another operator
const future = `${new Date().getUTCFullYear() + 2}-06-30`;

let srv, op, op2, sua, suaPd, comune;
let seq0; // the audit log before the tests (ids of the emptied demo albo repeat)
const sql = (q) => sqlOn(srv.db, q).trim();
const count = (t) => Number(sql(`SELECT COUNT(*) FROM ${t}`));

before(async () => {
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  sql(EMPTY_ALBO);
  seq0 = Number(sql('SELECT MAX(seq) FROM audit_log'));
  addUser(srv.db, 'op.albo@example.org', 'operator', `operatore:${P1}`);
  addUser(srv.db, 'op2.albo@example.org', 'operator', `operatore:${P2}`);
  addUser(srv.db, 'sua.albo.vi@example.org', 'sua_officer', 'provincia:024');
  addUser(srv.db, 'sua.albo.pd@example.org', 'sua_officer', 'provincia:028');
  addUser(srv.db, 'comune.albo@example.org', 'comune', 'comune:024116');
  op = await login(srv.url, 'op.albo@example.org');
  op2 = await login(srv.url, 'op2.albo@example.org');
  sua = await login(srv.url, 'sua.albo.vi@example.org');
  suaPd = await login(srv.url, 'sua.albo.pd@example.org');
  comune = await login(srv.url, 'comune.albo@example.org');
});
after(async () => { await srv.stop(); });

let idVi, idPd;

test('an operator applies to two Provinces and reads its own company', async () => {
  const audits = count("audit_log WHERE action = 'sua.albo.create'");
  let r = await op.call('POST', `/api/v1/sua/operatori/${P1}/albo`, domanda({ soa: [{ categoria: 'OG3', classe: 'III', scadenza: `30/06/${new Date().getUTCFullYear() + 2}` }] }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  idVi = r.body.id;
  assert.equal(r.body.stato, 'in_revisione');
  assert.equal(r.body.partita_iva, P1);
  assert.equal(r.body.comune_nome, 'Vicenza');
  // The CPV without check digit is stored with the official one.
  assert.deepEqual(r.body.cpv, ['45000000-7', '45233141-9']);
  assert.deepEqual(r.body.soa.map((s) => [s.categoria, s.classe, s.scadenza, s.scaduta]), [['OG3', 'III', future, false]]);
  r = await op.call('POST', `/api/v1/sua/operatori/${P1}/albo`, domanda({ provincia: '028' }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  idPd = r.body.id;
  // Twice in the same albo: 409, nothing stored.
  r = await op.call('POST', `/api/v1/sua/operatori/${P1}/albo`, domanda());
  assert.equal(r.status, 409);
  assert.equal(r.body.error.field, 'provincia');
  assert.equal(count('sua_albo'), 2);
  assert.equal(count("audit_log WHERE action = 'sua.albo.create'"), audits + 2);
  r = await op.call('GET', `/api/v1/sua/operatori/${P1}/albo`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((e) => e.provincia), ['024', '028']);
});

test('nobody else reads or applies for the company', async () => {
  for (const who of [op2, sua, suaPd, comune]) {
    const r = await who.call('GET', `/api/v1/sua/operatori/${P1}/albo`);
    assert.equal(r.status, 403, `GET mine ${r.status}`);
    assert.ok(!JSON.stringify(r.body).includes('Berica'));
  }
  let r = await fetch(`${srv.url}/api/v1/sua/operatori/${P1}/albo`);
  assert.equal(r.status, 401);
  r = await fetch(`${srv.url}/api/v1/sua/albo/${idVi}`);
  assert.equal(r.status, 401);
  // Another operator applying in the name of P1: refused, nothing stored.
  const before = count('sua_albo');
  r = await op2.call('POST', `/api/v1/sua/operatori/${P1}/albo`, domanda({ provincia: '028' }));
  assert.equal(r.status, 403);
  // The officer cannot apply in an operator's name either.
  r = await sua.call('POST', `/api/v1/sua/operatori/${P1}/albo`, domanda({ provincia: '028' }));
  assert.equal(r.status, 403);
  assert.equal(count('sua_albo'), before);
  // One entry: the other operator, the other Province's officer, a Comune.
  for (const [who, id] of [[op2, idVi], [suaPd, idVi], [comune, idVi], [sua, idPd]]) {
    const g = await who.call('GET', `/api/v1/sua/albo/${id}`);
    assert.equal(g.status, 403, `GET ${id} ${g.status}`);
    assert.ok(!JSON.stringify(g.body).includes('Berica'));
    const a = await who.call('POST', `/api/v1/sua/albo/${id}/approva`);
    assert.equal(a.status, 403);
  }
  // The operator cannot approve itself.
  r = await op.call('POST', `/api/v1/sua/albo/${idVi}/approva`);
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT stato FROM sua_albo WHERE id = ${idVi}`), 'in_revisione');
  // Lists: only the Province's own officer.
  r = await suaPd.call('GET', '/api/v1/sua/albo?provincia=024');
  assert.equal(r.status, 403);
  for (const who of [op, comune]) {
    r = await who.call('GET', '/api/v1/sua/albo?provincia=024');
    assert.equal(r.status, 403);
  }
  // An unknown id is the same 404 for everyone.
  r = await sua.call('GET', '/api/v1/sua/albo/999999');
  assert.equal(r.status, 404);
});

test('the officer approves, suspends with a reason, re-activates; each audited', async () => {
  let r = await sua.call('GET', `/api/v1/sua/albo/${idVi}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.ragione_sociale, 'Costruzioni Berica S.r.l.');
  r = await sua.call('POST', `/api/v1/sua/albo/${idVi}/riattiva`);
  assert.equal(r.status, 422, 'riattiva from in_revisione');
  r = await sua.call('POST', `/api/v1/sua/albo/${idVi}/approva`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'approvato');
  r = await sua.call('POST', `/api/v1/sua/albo/${idVi}/sospendi`, {});
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'motivo');
  r = await sua.call('POST', `/api/v1/sua/albo/${idVi}/sospendi`, { motivo: 'DURC irregolare' });
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'sospeso');
  assert.equal(r.body.motivo, 'DURC irregolare');
  r = await sua.call('POST', `/api/v1/sua/albo/${idVi}/riattiva`);
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'approvato');
  assert.equal(r.body.motivo, null);
  const acts = sql(`SELECT action FROM audit_log WHERE object_type = 'sua_albo' AND object_id = '${idVi}' AND seq > ${seq0} ORDER BY seq`).split('\n');
  assert.deepEqual(acts, ['sua.albo.create', 'sua.albo.approva', 'sua.albo.sospendi', 'sua.albo.riattiva']);
  assert.equal(sql(`SELECT ente FROM audit_log WHERE action = 'sua.albo.sospendi' AND seq > ${seq0}`), 'provincia:024');
  // Padova's officer rejects the Padova entry, with its reason.
  r = await suaPd.call('POST', `/api/v1/sua/albo/${idPd}/respingi`, { motivo: 'Documentazione incompleta' });
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'respinto');
});

test('editing: PEC keeps an approved entry, key data send it back to review, a rejected one returns to review', async () => {
  let r = await op.call('PUT', `/api/v1/sua/albo/${idVi}`, { ...domanda({ pec: 'nuova@pec.it' }), provincia: undefined });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'approvato');
  assert.equal(r.body.pec, 'nuova@pec.it');
  r = await op.call('PUT', `/api/v1/sua/albo/${idVi}`, { ...domanda({ pec: 'nuova@pec.it', cpv: ['45233141-9'] }), provincia: undefined });
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'in_revisione');
  assert.deepEqual(r.body.cpv, ['45233141-9']);
  r = await op.call('PUT', `/api/v1/sua/albo/${idPd}`, { ...domanda(), provincia: undefined });
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'in_revisione');
  // provincia is not part of an edit.
  r = await op.call('PUT', `/api/v1/sua/albo/${idPd}`, domanda());
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'provincia');
  // Other operators cannot edit.
  r = await op2.call('PUT', `/api/v1/sua/albo/${idVi}`, { ...domanda(), provincia: undefined });
  assert.equal(r.status, 403);
  await sua.call('POST', `/api/v1/sua/albo/${idVi}/approva`);
});

test('list with filters (stato, cpv, soa, comune, q) and keyset paging', async () => {
  // A second company in Vicenza's albo, with other codes and no SOA.
  let r = await op2.call('POST', `/api/v1/sua/operatori/${P2}/albo`, domanda({
    ragione_sociale: 'Pulizie Venete S.p.A.', codice_fiscale: P2, comune: '024001', cpv: ['90910000-9'], soa: [],
  }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const q = async (qs) => {
    const res = await sua.call('GET', `/api/v1/sua/albo?provincia=024${qs}`);
    assert.equal(res.status, 200, `${qs}: ${JSON.stringify(res.body)}`);
    return res.body.items.map((e) => e.partita_iva);
  };
  assert.deepEqual(await q(''), [P2, P1]);
  assert.deepEqual(await q('&stato=approvato'), [P1]);
  assert.deepEqual(await q('&stato=in_revisione'), [P2]);
  assert.deepEqual(await q('&cpv=4523'), [P1]);
  assert.deepEqual(await q('&cpv=909'), [P2]);
  assert.deepEqual(await q('&soa=OG3'), [P1]);
  assert.deepEqual(await q('&soa=OG1'), []);
  assert.deepEqual(await q('&comune=024001'), [P2]);
  assert.deepEqual(await q('&q=venete'), [P2]);
  assert.deepEqual(await q(`&q=${P1}`), [P1]);
  // Without ?provincia the officer's own Province.
  r = await sua.call('GET', '/api/v1/sua/albo?limit=1');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.total, 2);
  assert.ok(r.body.next);
  const r2 = await sua.call('GET', `/api/v1/sua/albo?limit=1&after=${encodeURIComponent(r.body.next)}`);
  assert.deepEqual(r2.body.items.map((e) => e.partita_iva), [P1]);
  assert.equal(r2.body.next, null);
  for (const [qs, field] of [['&stato=boh', 'stato'], ['&cpv=4x', 'cpv'], ['&soa=OG99', 'soa'], ['&comune=12', 'comune'], [`&q=${'x'.repeat(101)}`, 'q']]) {
    const res = await sua.call('GET', `/api/v1/sua/albo?provincia=024${qs}`);
    assert.equal(res.status, 400, qs);
    assert.equal(res.body.error.field, field, qs);
  }
  // An expired qualification is shown expired and the SOA filter ignores it.
  sql(`UPDATE sua_albo_soa SET scadenza = '2020-01-01' WHERE albo_id = ${idVi}`);
  r = await sua.call('GET', `/api/v1/sua/albo/${idVi}`);
  assert.equal(r.body.soa[0].scaduta, true);
  assert.deepEqual(await q('&soa=OG3'), []);
  sql(`UPDATE sua_albo_soa SET scadenza = '${future}' WHERE albo_id = ${idVi}`);
});

test('bad input: 4xx with the field, nothing stored', async () => {
  const P3 = piva('0555555555');
  addUser(srv.db, 'op3.albo@example.org', 'operator', `operatore:${P3}`);
  const op3 = await login(srv.url, 'op3.albo@example.org');
  const rows = count('sua_albo') + count('sua_albo_cpv') + count('sua_albo_soa');
  const cases = [
    [{ codice_fiscale: '12345678901' }, 'codice_fiscale'],
    [{ codice_fiscale: 'RSSMRA85T10A562X' }, 'codice_fiscale'],
    [{ pec: 'non-una-pec' }, 'pec'],
    [{ pec: 'a@b' }, 'pec'],
    [{ pec: 'a b@pec.it' }, 'pec'],
    [{ comune: '999999' }, 'comune'],
    [{ comune: '24116' }, 'comune'],
    [{ provincia: '999' }, 'provincia'],
    [{ legale_rappresentante: { nome: 'Mario Rossi', codice_fiscale: 'RSSMRA85T10A562X' } }, 'legale_rappresentante.codice_fiscale'],
    [{ legale_rappresentante: { nome: '', codice_fiscale: CF_LEGALE } }, 'legale_rappresentante.nome'],
    [{ cpv: ['99999999-9'] }, 'cpv[0]'],
    [{ cpv: ['45233141-9', '45233141'] }, 'cpv[1]'],
    [{ cpv: ['45233141-1'] }, 'cpv[0]'],
    [{ cpv: [], soa: [] }, 'cpv'],
    [{ soa: [{ categoria: 'OG99', classe: 'I', scadenza: future }] }, 'soa[0].categoria'],
    [{ soa: [{ categoria: 'OG1', classe: 'IX', scadenza: future }] }, 'soa[0].classe'],
    [{ soa: [{ categoria: 'OG1', classe: 'I', scadenza: '2020-01-01' }] }, 'soa[0].scadenza'],
    [{ soa: [{ categoria: 'OG1', classe: 'I', scadenza: '31/02/2030' }] }, 'soa[0].scadenza'],
    [{ soa: [{ categoria: 'OG1', classe: 'I', scadenza: future }, { categoria: 'OG1', classe: 'II', scadenza: future }] }, 'soa[1].categoria'],
    [{ ragione_sociale: 'x'.repeat(301) }, 'ragione_sociale'],
    [{ indirizzo: 'x'.repeat(301) }, 'indirizzo'],
    [{ cpv: Array.from({ length: 51 }, () => '45233141-9') }, 'cpv'],
    [{ altro: 1 }, 'altro'],
  ];
  for (const [over, field] of cases) {
    const r = await op3.call('POST', `/api/v1/sua/operatori/${P3}/albo`, domanda({ codice_fiscale: P3, ...over }));
    assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(over).slice(0, 60)}: ${r.status}`);
    assert.equal(r.body.error.field, field, `${JSON.stringify(over).slice(0, 60)} -> ${r.body.error.message}`);
    assert.match(r.body.error.message, /\S/);
  }
  // An invalid partita IVA in the path.
  const r = await op3.call('POST', '/api/v1/sua/operatori/01234567890/albo', domanda());
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'partita_iva');
  assert.equal(count('sua_albo') + count('sua_albo_cpv') + count('sua_albo_soa'), rows);
  // At the limits: 300 bytes of name and street are accepted (301 were not).
  const ok = await op3.call('POST', `/api/v1/sua/operatori/${P3}/albo`, domanda({ codice_fiscale: P3, ragione_sociale: 'x'.repeat(300), indirizzo: 'y'.repeat(300) }));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.ragione_sociale.length, 300);
});
