// sua-inviti-notifiche.test.mjs - the invitation of a negotiated procedure
// notified to each invited company (issue 13, item 7): every operator user
// of an invited company receives it, with the tender and the link to its
// page; a company of the albo not invited receives nothing; a refused
// choice (fewer operators than the legal minimum) notifies nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, cli, sql as sqlOn, SHARED } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';
import { piva, domanda, EMPTY_ALBO } from '../lib/albo.mjs';

let srv; let sua;
const sql = (q) => sqlOn(srv.db, q).trim();
const future = `${new Date().getUTCFullYear() + 2}-06-30`;
const ops = []; // {piva, who}

before(async () => {
  srv = await startServer();
  const r = cli(['import', 'cpv', '--db', srv.db, join(SHARED, 'data', 'vocab', 'cpv_2008.csv')]);
  assert.equal(r.status, 0, r.stderr);
  sql(EMPTY_ALBO);
  addUser(srv.db, 'sua.invn.vi@example.org', 'sua_officer', 'provincia:024');
  sua = await login(srv.url, 'sua.invn.vi@example.org');
  for (let n = 1; n <= 6; n++) {
    const p = piva(String(2000000000 + n));
    addUser(srv.db, `op${n}.invn@example.org`, 'operator', `operatore:${p}`);
    const who = await login(srv.url, `op${n}.invn@example.org`);
    const res = await who.call('POST', `/api/v1/sua/operatori/${p}/albo`, domanda({
      ragione_sociale: `Impresa ${n}`, codice_fiscale: p, cpv: ['45233141-9'],
      soa: [{ categoria: 'OG3', classe: 'III', scadenza: future }],
    }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await sua.call('POST', `/api/v1/sua/albo/${res.body.id}/approva`)).status, 200);
    ops.push({ piva: p, who });
  }
  // A second user of the first company: both receive.
  addUser(srv.db, 'op1b.invn@example.org', 'operator', `operatore:${ops[0].piva}`);
  ops[0].who2 = await login(srv.url, 'op1b.invn@example.org');
});
after(async () => { await srv.stop(); });

const mine = async (who) => {
  const r = await who.call('GET', '/api/v1/notifiche');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
};

test('the invited companies are notified, the others not; a refused choice notifies nobody', async () => {
  let r = await sua.call('POST', '/api/v1/sua/province/024/gare', {
    oggetto: 'Ponte sul Bacchiglione – manutenzione', tipo: 'lavori',
    lotti: [{ oggetto: 'Ponte', cpv: '45233141-9', importo_cents: 40000000, sicurezza_cents: 0, comune: '024116' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}`, { procedura: 'negoziata_senza_bando' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}/inviti/criteri`, { soa_categoria: 'OG3' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const notifiche = () => Number(sql('SELECT COUNT(*) FROM notifica'));
  // The demo database already holds the demo tender's invitations: count
  // from here.
  const audited = () => Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'notifica.invia'"));
  const before = notifiche();
  const auditedBefore = audited();
  // Too few: refused, nothing sent.
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/inviti`, { modo: 'selezione', operatori: ops.slice(0, 2).map((o) => o.piva) });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(notifiche(), before);
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/inviti`, { modo: 'selezione', operatori: ops.slice(0, 5).map((o) => o.piva) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  for (const o of ops.slice(0, 5)) {
    const l = await mine(o.who);
    assert.equal(l.length, 1, o.piva);
    assert.match(l[0].oggetto, /^Invito a presentare offerta – Ponte sul Bacchiglione/);
    assert.match(l[0].testo, /invitata a presentare offerta nella procedura negoziata «Ponte sul Bacchiglione – manutenzione»/);
    assert.equal(l[0].link, `/bando.html?id=${id}`);
    assert.equal(l[0].ente, `operatore:${o.piva}`);
  }
  assert.equal((await mine(ops[0].who2)).length, 1);
  assert.deepEqual(await mine(ops[5].who), []);
  assert.deepEqual(await mine(sua), []);
  // One row per recipient user, with its time; one audit record per company.
  assert.equal(notifiche(), before + 6);
  assert.equal(audited(), auditedBefore + 5);
});
