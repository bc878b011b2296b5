// rete.test.mjs - end-to-end tests of GET /api/v1/rete on the demo database
// (76 Provinces derived from the registry, demo adhesions) and of
// `areavasta rete set` changing what the API returns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, assertEnvelope, cli, newDatabase } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('rete lists the 76 Provinces of ordinary-statute regions', async () => {
  const r = await api(srv.url, '/api/v1/rete');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 76);
  assert.equal(r.body.items.length, 76);
  const sig = r.body.items.map((x) => x.provincia.sigla);
  assert.equal(new Set(sig).size, 76);
  for (const metro of ['TO', 'MI', 'VE', 'GE', 'BO', 'FI', 'RM', 'NA', 'BA', 'RC']) assert.ok(!sig.includes(metro), metro);
  for (const special of ['AO', 'BZ', 'TN', 'UD', 'PA', 'SS', 'CA']) assert.ok(!sig.includes(special), special);
  assert.equal(r.body.aderenti, r.body.items.filter((x) => x.aderente).length);
  assert.ok(r.body.aderenti >= 5);
  const vi = r.body.items.find((x) => x.provincia.sigla === 'VI');
  assert.deepEqual(vi.provincia, { codice: '024', sigla: 'VI', nome: 'Vicenza' });
  assert.deepEqual(vi.regione, { codice: '05', nome: 'Veneto' });
  assert.equal(vi.aderente, true);
  assert.match(vi.data_adesione, /^2020-\d\d-\d\d$/);
  assert.match(vi.referente.email, /@example\.org$/);
  for (const k of ['sua', 'europa', 'dati']) assert.ok(['attivo', 'in_avvio', 'non_attivo'].includes(vi.servizi[k]));
  const no = r.body.items.find((x) => !x.aderente && x.referente === null);
  assert.equal(no.data_adesione, null);
  assert.deepEqual(no.servizi, { sua: 'non_attivo', europa: 'non_attivo', dati: 'non_attivo' });
});

test('rete refuses parameters and other methods', async () => {
  assertEnvelope(assert, await api(srv.url, '/api/v1/rete?regione=05'), 400);
  assertEnvelope(assert, await api(srv.url, '/api/v1/rete/'), 404);
  const p = await api(srv.url, '/api/v1/rete', { method: 'DELETE' });
  assertEnvelope(assert, p, 405);
});

test('rete set updates the row and validates its input', async () => {
  const { db, drop } = newDatabase();
  try {
    const ok = cli(['rete', 'set', '--db', db, 'PD', '--aderente', 'yes', '--data', '2021-03-04',
      '--referente', 'Nome Prova', '--email', 'nome.prova@example.org', '--telefono', '+39 000 000 0009',
      '--sua', 'in_avvio']);
    assert.equal(ok.status, 0, ok.stderr);
    const row = JSON.parse(ok.stdout);
    assert.equal(row.provincia.sigla, 'PD');
    assert.equal(row.data_adesione, '2021-03-04');
    assert.equal(row.servizi.sua, 'in_avvio');
    assert.equal(row.servizi.europa, 'non_attivo');
    for (const bad of [
      ['RM', '--aderente', 'yes', '--data', '2021-01-01', '--referente', 'A', '--email', 'a@example.org'],
      ['PD', '--aderente', 'yes', '--data', '2021-02-30', '--referente', 'A', '--email', 'a@example.org'],
      ['PD', '--aderente', 'yes', '--data', '2021-02-03', '--referente', 'A', '--email', 'nope'],
      ['PD', '--aderente', 'yes', '--data', '2021-02-03', '--referente', 'A', '--email', 'a@example.org', '--dati', 'acceso'],
    ]) {
      const r = cli(['rete', 'set', '--db', db, ...bad]);
      assert.equal(r.status, 1, bad.join(' '));
      assert.match(r.stderr, /areavasta: /);
    }
    assert.equal(cli(['rete', 'set', '--db', db, 'PD', '--aderente', 'forse']).status, 2);
    assert.equal(cli(['rete', 'set', '--db', db]).status, 2);
    assert.equal(cli(['rete', '--help']).status, 0);
    const s2 = await startServer({ db });
    try {
      const r = await api(s2.url, '/api/v1/rete');
      const pd = r.body.items.find((x) => x.provincia.sigla === 'PD');
      assert.equal(pd.aderente, true);
      assert.equal(pd.referente.telefono, '+39 000 000 0009');
    } finally { await s2.stop(); }
  } finally { drop(); }
});
