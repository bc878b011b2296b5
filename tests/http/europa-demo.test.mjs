// europa-demo.test.mjs - issue 14's "Done when" on the demo database: the
// calls imported from the fixtures, a few of them with the desk's requisiti
// (src/cli/demo_europa.c), the demo Comune (Vicenza) sees the calls it may
// apply to with reasons, the demo EU desk sees eligibility and groupings
// for the demo Province (VI).  As a person would: the test re-runs the demo
// on its copy and logs in with the users and passwords it prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newDatabase, cli, sql as sqlOn } from '../lib/server.mjs';
import { login } from '../lib/auth.mjs';
import { parseDemo } from '../lib/demo.mjs';

let srv;
let users;
const id = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const mail = (local) => `${local}@demo.areavasta.example`;
const as = (local) => login(srv.url, mail(local), users[mail(local)].password);

// Every item of a list route in one page (the lists allow 1,000).
async function allItems(client, path) {
  const r = await client.call('GET', path + (path.includes('?') ? '&' : '?') + 'limit=1000');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.items.length, r.body.total);
  return r.body.items;
}

before(async () => {
  const d = newDatabase();
  const r = cli(['demo', '--db', d.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /requisiti indicati per 4 bandi/);
  ({ users } = parseDemo(r.stdout));
  srv = await startServer({ reuse: d.db });
  for (const [k, key] of [['lom', 'ESEMPIO-LOM-2027-01'], ['ven', 'ESEMPIO-VEN-2027-02'], ['min', 'ESEMPIO-MIN-2027-03'], ['horizon', 'HORIZON-CL3-2024-INFRA-01-02']]) {
    id[k] = Number(sql(`SELECT id FROM eu_bando WHERE chiave_fonte = '${key}'`));
    assert.ok(id[k] > 0, key);
  }
});
after(async () => { await srv.stop(); });

test('the demo prints an EU desk user and a Comune user', () => {
  assert.equal(users[mail('europa')].role, 'sape_officer');
  assert.equal(users[mail('europa')].ente, 'provincia:024');
  assert.equal(users[mail('comune')].ente, 'comune:024116');
});

test('the demo Comune sees the calls it may apply to, with reasons, and not the ones it may not', async () => {
  const c = await as('comune');
  const items = await allItems(c, '/api/v1/comuni/024116/bandi');
  const byId = new Map(items.map((i) => [i.bando_id, i]));
  assert.ok(items.every((i) => i.esito !== 'non_ammissibile'));
  const ven = byId.get(id.ven);
  assert.ok(ven, 'the Veneto call is open to Vicenza');
  assert.deepEqual(ven.motivi.map((m) => m.regola), ['tipi_ente', 'regioni', 'categoria_regione']);
  assert.equal(ven.motivi[1].valore, '05');
  // The call's own EU rate (70 %, from the CSV) is the co-financing rule:
  // to verify on the proposal, and said to come from the call.
  assert.equal(ven.esito, 'da_verificare');
  assert.deepEqual(ven.da_verificare.map((m) => [m.regola, m.limite, m.fonte]), [['cofinanziamento_max_pct', 7000, 'bando']]);
  const h = byId.get(id.horizon);
  assert.ok(h, 'the Horizon topic is listed');
  assert.equal(h.esito, 'da_verificare');
  assert.deepEqual(h.da_verificare.map((m) => [m.regola, m.limite]), [['partner_min', 3], ['paesi_min', 3], ['verifica_manuale', null]]);
  assert.ok(!byId.has(id.lom), 'a Lombardy call is not offered');
  assert.ok(!byId.has(id.min), 'a call for Comuni under 5,000 is not offered to Vicenza');
});

test('the demo EU desk sees eligibility for the Province, with the limits, and the groupings', async () => {
  const s = await as('europa');
  const lom = await allItems(s, `/api/v1/bandi/${id.lom}/ammissibilita?provincia=VI`);
  assert.ok(lom.length > 100, String(lom.length));
  assert.ok(lom.every((i) => i.esito === 'non_ammissibile' && i.esclusioni.some((e) => e.regola === 'regioni' && e.valore === '05')));
  const min = await allItems(s, `/api/v1/bandi/${id.min}/ammissibilita?provincia=VI`);
  assert.equal(min.length, lom.length);
  for (const i of min) {
    assert.equal(i.esito, i.popolazione > 4999 ? 'non_ammissibile' : 'da_verificare', `${i.codice_istat} ${i.popolazione}`);
  }
  const small = new Map(min.filter((i) => i.popolazione <= 4999).map((i) => [i.codice_istat, i.popolazione]));
  const r = await s.call('GET', `/api/v1/bandi/${id.min}/aggregazioni?provincia=VI`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.possibile, true);
  assert.ok(r.body.gruppi.length > 0);
  const seen = new Set();
  for (const g of r.body.gruppi) {
    let tot = 0;
    for (const m of g.membri) {
      assert.ok(small.has(m.codice_istat), m.codice_istat);
      assert.ok(!seen.has(m.codice_istat));
      seen.add(m.codice_istat);
      tot += small.get(m.codice_istat);
    }
    assert.ok(tot >= 15000);
  }
  // The Comune may not see the Province's table.
  const c = await as('comune');
  assert.equal((await c.call('GET', `/api/v1/bandi/${id.min}/ammissibilita?provincia=VI`)).status, 403);
});
