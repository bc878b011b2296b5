// europa-digest.test.mjs - end-to-end tests of staying informed about EU
// calls (issue 14 item 7): saved searches (each user's own, per Comune;
// every field's bad input refused naming it, nothing stored), the "non
// pertinente" marks of a Comune (set, listed, undone, audited), and who may
// do what: another Comune, another Province's EU desk, an operator,
// anonymous — refused, nothing leaked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, sql, sqlRows } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

const COMUNE = '024116';
let srv;
const as = {};
let bandoId;

before(async () => {
  srv = await startServer();
  const users = {
    sape: ['sape_officer', 'provincia:024'],
    sapeBS: ['sape_officer', 'provincia:017'],
    comune: ['comune', `comune:${COMUNE}`],
    comune2: ['comune', `comune:${COMUNE}`],
    altro: ['comune', 'comune:024001'],
    operator: ['operator', 'operatore:01234567897'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `dig-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `dig-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
  const r = await as.sape.call('POST', '/api/v1/bandi', {
    fonte: 'REGION', chiave_fonte: 'DIG-1', titolo: 'Bando per le biblioteche comunali', stato: 'aperto',
    modello_scadenze: 'unica', scadenze: [{ fase: 1, data: '2027-03-01', ora: '12:00' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  bandoId = r.body.id;
});
after(async () => { await srv.stop(); });

const count = (t) => Number(sql(srv.db, `SELECT COUNT(*) FROM ${t}`).trim());
const audits = (a) => Number(sql(srv.db, `SELECT COUNT(*) FROM audit_log WHERE action = '${a}'`).trim());
const URL = `/api/v1/comuni/${COMUNE}/ricerche`;

function ricerca(over = {}) {
  return { nome: 'Biblioteche e cultura', programma: 'CREA', stato: 'aperto', q: 'biblioteche', scadenza_da: '01/01/2027', scadenza_a: '31/12/2027', solo_ammissibili: true, avvisi: true, ...over };
}

test('saved searches: stored with their filters, each user sees only their own', async () => {
  const a0 = audits('europa.ricerca');
  const r = await as.comune.call('POST', URL, ricerca());
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const mine = await as.comune.call('GET', URL);
  assert.equal(mine.status, 200);
  assert.equal(mine.body.total, 1);
  const s = mine.body.items[0];
  assert.equal(s.id, id);
  assert.equal(s.nome, 'Biblioteche e cultura');
  assert.equal(s.programma, 'CREA');
  assert.equal(s.stato, 'aperto');
  assert.equal(s.q, 'biblioteche');
  assert.equal(s.solo_ammissibili, true);
  assert.equal(s.avvisi, true);
  // The range is whole Italian days: from 00:00 of the first to 00:00 of the day after the last.
  assert.equal(s.scadenza_da, Date.UTC(2026, 11, 31, 23, 0) / 1000);
  assert.equal(s.scadenza_a, Date.UTC(2027, 11, 31, 23, 0) / 1000);
  assert.equal(audits('europa.ricerca'), a0 + 1);
  // Alerts off, the fewest fields.
  const r2 = await as.comune.call('POST', URL, { nome: 'Solo nome', avvisi: false });
  assert.equal(r2.status, 201);
  const l2 = await as.comune.call('GET', URL);
  assert.deepEqual(l2.body.items.map((x) => [x.nome, x.avvisi, x.programma, x.scadenza_da]), [['Biblioteche e cultura', true, 'CREA', s.scadenza_da], ['Solo nome', false, null, null]]);
  // Another referent of the same Comune does not see them, nor delete them.
  const other = await as.comune2.call('GET', URL);
  assert.equal(other.status, 200);
  assert.equal(other.body.total, 0);
  assert.equal((await as.comune2.call('DELETE', `${URL}/${id}`)).status, 404);
  // The EU desk of the Province has searches of its own for the Comune.
  assert.equal((await as.sape.call('GET', URL)).body.total, 0);
  // Another Comune, another Province's desk, an operator, anonymous: refused.
  for (const who of ['altro', 'sapeBS', 'operator']) {
    const g = await as[who].call('GET', URL);
    assert.equal(g.status, 403, who);
    assert.ok(!JSON.stringify(g.body).includes('Biblioteche'), who);
    assert.equal((await as[who].call('POST', URL, ricerca())).status, 403, who);
    assert.equal((await as[who].call('DELETE', `${URL}/${id}`)).status, 403, who);
  }
  assert.equal((await as.anon.call('GET', URL)).status, 401);
  // The owner deletes it; again: 404.
  assert.equal((await as.comune.call('DELETE', `${URL}/${id}`)).status, 200);
  assert.equal((await as.comune.call('DELETE', `${URL}/${id}`)).status, 404);
  assert.equal((await as.comune.call('DELETE', `${URL}/abc`)).status, 404);
  assert.equal((await as.comune.call('GET', URL)).body.total, 1);
});

test('saved searches: bad input on every field refused naming it, nothing stored', async () => {
  const n0 = count('eu_ricerca');
  const cases = [
    [{ nome: undefined }, 'nome'],
    [{ nome: '' }, 'nome'],
    [{ nome: 'x'.repeat(201) }, 'nome'],
    [{ nome: 12 }, 'nome'],
    [{ programma: '' }, 'programma'],
    [{ programma: 'p'.repeat(101) }, 'programma'],
    [{ stato: 'aperta' }, 'stato'],
    [{ stato: 3 }, 'stato'],
    [{ q: 'q'.repeat(201) }, 'q'],
    [{ q: 'a\u0001b' }, 'q'],
    [{ scadenza_da: '31/02/2027' }, 'scadenza_da'],
    [{ scadenza_da: '2027-1-1' }, 'scadenza_da'],
    [{ scadenza_a: 'domani' }, 'scadenza_a'],
    [{ scadenza_da: '02/03/2027', scadenza_a: '01/03/2027' }, 'scadenza_a'],
    [{ solo_ammissibili: 'si' }, 'solo_ammissibili'],
    [{ avvisi: 1 }, 'avvisi'],
    [{ altro: 1 }, 'altro'],
  ];
  for (const [over, field] of cases) {
    const r = await as.comune.call('POST', URL, ricerca(over));
    assert.equal(r.status, 400, `${JSON.stringify(over)}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, field, JSON.stringify(over));
    assert.equal(typeof r.body.error.message, 'string');
  }
  const bad = await as.comune.call('POST', URL, '{"nome":');
  assert.equal(bad.status, 400);
  assert.equal(count('eu_ricerca'), n0);
  // At most 50 per user and Comune.
  const have = (await as.comune2.call('GET', URL)).body.total;
  for (let i = have; i < 50; i++) assert.equal((await as.comune2.call('POST', URL, { nome: `R${i}` })).status, 201);
  const over = await as.comune2.call('POST', URL, { nome: 'una di troppo' });
  assert.equal(over.status, 422, JSON.stringify(over.body));
  assert.equal((await as.comune2.call('GET', URL)).body.total, 50);
});

test('non pertinente: marked, listed, undone; audited; others refused', async () => {
  const NP = `/api/v1/comuni/${COMUNE}/non-pertinenti`;
  const a0 = audits('europa.non_pertinente');
  for (const who of ['altro', 'sapeBS', 'operator']) {
    assert.equal((await as[who].call('PUT', `${NP}/${bandoId}`)).status, 403, who);
    assert.equal((await as[who].call('GET', NP)).status, 403, who);
  }
  assert.equal((await as.anon.call('PUT', `${NP}/${bandoId}`)).status, 401);
  assert.equal(count('eu_non_pertinente'), 0);
  assert.equal((await as.comune.call('PUT', `${NP}/999999999`)).status, 404);
  assert.equal((await as.comune.call('PUT', `${NP}/x`)).status, 404);
  assert.equal((await as.comune.call('PUT', `${NP}/${bandoId}`)).status, 200);
  assert.equal((await as.comune.call('PUT', `${NP}/${bandoId}`)).status, 200, 'idempotent');
  const l = await as.comune2.call('GET', NP);
  assert.equal(l.status, 200);
  assert.deepEqual(l.body.items.map((x) => [x.bando_id, x.titolo]), [[bandoId, 'Bando per le biblioteche comunali']]);
  // Per Comune: another Comune's list is its own (empty), and refused to us.
  const rows = sqlRows(srv.db, 'SELECT comune, bando_id FROM eu_non_pertinente');
  assert.deepEqual(rows.map((x) => [x.comune, Number(x.bando_id)]), [[COMUNE, bandoId]]);
  // The desk of the Province may undo it.
  assert.equal((await as.sape.call('DELETE', `${NP}/${bandoId}`)).status, 200);
  assert.equal((await as.comune.call('GET', NP)).body.total, 0);
  assert.equal(audits('europa.non_pertinente'), a0 + 3);
});

test('alerts: a new call matching a saved search is announced once to its user; non-matching and non pertinente calls are not', async () => {
  const mine = async () => (await as.comune.call('GET', '/api/v1/notifiche?ordine=data')).body.items.filter((x) => x.oggetto.includes('«Avviso biblioteche»'));
  let r = await as.comune.call('POST', URL, { nome: 'Avviso biblioteche', q: 'biblioteche', stato: 'aperto', solo_ammissibili: true });
  assert.equal(r.status, 201);
  // Calls are compared with the search's mark by the second: wait for the next one.
  await new Promise((res) => setTimeout(res, 1100));
  const mk = async (key, titolo) => {
    const x = await as.sape.call('POST', '/api/v1/bandi', { fonte: 'REGION', chiave_fonte: key, titolo, stato: 'aperto', modello_scadenze: 'unica', scadenze: [{ fase: 1, data: '2027-09-01', ora: '12:00' }] });
    assert.equal(x.status, 201, JSON.stringify(x.body));
    return x.body.id;
  };
  const si = await mk('AVV-1', 'Biblioteche scolastiche e digitali');
  const no = await mk('AVV-2', 'Strade provinciali');
  // Alerts go out in the desk's own request: the call for small Comuni is
  // written closed, given its requisiti, then opened (a whole edit).
  const piccoloBody = { titolo: 'Biblioteche dei piccoli Comuni', stato: 'chiuso', modello_scadenze: 'unica', scadenze: [{ fase: 1, data: '2027-09-01', ora: '12:00' }] };
  const p0 = await as.sape.call('POST', '/api/v1/bandi', { fonte: 'REGION', chiave_fonte: 'AVV-3', ...piccoloBody });
  assert.equal(p0.status, 201);
  const piccoli = p0.body.id;
  assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${piccoli}/requisiti`, { popolazione_max: 5000 })).status, 200);
  await new Promise((res) => setTimeout(res, 1100));
  assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${piccoli}`, { ...piccoloBody, stato: 'aperto' })).status, 200);
  // Announced at once, before any cron run.
  assert.equal((await mine()).length, 1);
  const run = cli(['europa', 'avvisi', '--db', srv.db]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /avvisi inviati: \d+/);
  let got = await mine();
  assert.equal(got.length, 1);
  assert.equal(got[0].oggetto, 'Bandi europei: 1 novità per la ricerca «Avviso biblioteche»');
  assert.match(got[0].testo, new RegExp(`nuovo: Biblioteche scolastiche e digitali \\(/europa-bando.html\\?id=${si}\\)`));
  assert.ok(!got[0].testo.includes('Strade'), 'non-matching call');
  assert.ok(!got[0].testo.includes('piccoli'), 'a call the Comune may not apply to');
  assert.equal(got[0].link, `/europa-ricerche.html?comune=${COMUNE}`);
  // Nothing changed: nothing sent again.
  assert.equal(cli(['europa', 'avvisi', '--db', srv.db]).status, 0);
  assert.equal((await mine()).length, 1);
  // A matching call marked non pertinente by the Comune is not announced.
  await new Promise((res) => setTimeout(res, 1100));
  const npBody = { titolo: 'Biblioteche rurali', stato: 'chiuso', modello_scadenze: 'unica', scadenze: [{ fase: 1, data: '2027-09-01', ora: '12:00' }] };
  const n0 = await as.sape.call('POST', '/api/v1/bandi', { fonte: 'REGION', chiave_fonte: 'AVV-4', ...npBody });
  assert.equal(n0.status, 201);
  const np = n0.body.id;
  assert.equal((await as.comune.call('PUT', `/api/v1/comuni/${COMUNE}/non-pertinenti/${np}`)).status, 200);
  await new Promise((res) => setTimeout(res, 1100));
  assert.equal((await as.sape.call('PUT', `/api/v1/bandi/${np}`, { ...npBody, stato: 'aperto' })).status, 200);
  assert.equal(cli(['europa', 'avvisi', '--db', srv.db]).status, 0);
  got = await mine();
  assert.equal(got.length, 1);
  // The other referent's search was not for these words: nothing of ours reached them.
  const other = (await as.comune2.call('GET', '/api/v1/notifiche')).body.items;
  assert.ok(!other.some((x) => x.oggetto.includes('«Avviso biblioteche»')));
  assert.ok(no > 0);
});
