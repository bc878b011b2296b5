// dati-campagne-modifiche.test.mjs - GET /api/v1/dati/campagne/{id}/modifiche
// (issue 15 item 2): the changes of a published campaign as the audit log
// recorded them, on both backends.  Each entry is compared with the
// audit_log row itself (time, actor, details), newest first; a refused
// PATCH lists nothing; another campaign's changes are not mixed in.
// Tested as an attacker: another Province's officer, the Comune addressed,
// anonymous, an unknown campaign — refused, nothing leaked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql as sqlOn } from '../lib/server.mjs';
import { addUser, login } from '../lib/auth.mjs';

let srv;
const u = {};
const sql = (q) => sqlOn(srv.db, q).trim();
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

before(async () => {
  srv = await startServer({ web: false });
  const people = [
    ['dati', 'data_officer', 'provincia:024', 'Daniela Dati'],
    ['padova', 'data_officer', 'provincia:028', 'Paolo Padova'],
    ['vicenza', 'comune', 'comune:024116', 'Comune di Vicenza'],
  ];
  for (const [k, role, ente, name] of people) addUser(srv.db, `mod-${k}@example.org`, role, ente, name);
  for (const [k] of people) u[k] = await login(srv.url, `mod-${k}@example.org`);
});
after(async () => { await srv.stop(); });

async function campaign(titolo) {
  const c = await u.dati.call('POST', '/api/v1/dati/province/024/campagne', {
    titolo, scopo: 'Le modifiche dal registro di audit.',
    schema: JSON.stringify({ fields: [{ name: 'codice', type: 'string' }] }), comuni: ['024116'],
    scadenza: day(10),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body.id;
}

test('the changes of a campaign, newest first, exactly as the audit log holds them', async () => {
  const id = await campaign('Raccolta modificata');
  const other = await campaign('Altra raccolta');
  let r = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/modifiche`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { modifiche: [] });
  // refused: nothing listed
  assert.equal((await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`, { scadenza: day(5) })).status, 400);
  // two changes here, one to the other campaign
  assert.equal((await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`, { scadenza: day(20) })).status, 200);
  assert.equal((await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`,
    { comuni: ['024001', '024116'], scadenza: day(30) })).status, 200);
  assert.equal((await u.dati.call('PATCH', `/api/v1/dati/campagne/${other}`, { comuni: ['024100'] })).status, 200);

  r = await u.dati.call('GET', `/api/v1/dati/campagne/${id}/modifiche`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rows = sql(`SELECT time || '|' || actor || '|' || details FROM audit_log
    WHERE action = 'dati.campagna.modifica' AND object_type = 'dati_campagna' AND object_id = '${id}'
    ORDER BY seq DESC`).split('\n').map((l) => l.split('|'));
  assert.equal(rows.length, 2);
  assert.equal(r.body.modifiche.length, 2);
  for (const [i, [time, actor, details]] of rows.entries()) {
    const m = r.body.modifiche[i];
    const d = JSON.parse(details);
    assert.equal(m.quando, time);
    assert.equal(actor, String(u.dati.user.id));
    assert.equal(m.autore, 'Daniela Dati');
    assert.deepEqual(m.comuni_aggiunti, d.comuni_aggiunti);
    assert.deepEqual(m.scadenza, d.scadenza);
  }
  // what those rows say, independently: newest first
  assert.deepEqual(r.body.modifiche[0].comuni_aggiunti, ['024001']);
  assert.deepEqual(r.body.modifiche[0].scadenza, { da: day(20), a: day(30) });
  assert.deepEqual(r.body.modifiche[1].comuni_aggiunti, []);
  assert.deepEqual(r.body.modifiche[1].scadenza, { da: day(10), a: day(20) });
  // the other campaign's change is its own
  const o = await u.dati.call('GET', `/api/v1/dati/campagne/${other}/modifiche`);
  assert.equal(o.body.modifiche.length, 1);
  assert.deepEqual(o.body.modifiche[0].comuni_aggiunti, ['024100']);
  assert.equal(o.body.modifiche[0].scadenza, undefined);
});

test('refused to another Province\'s officer, the Comune, anonymous; an unknown campaign 404', async () => {
  const id = await campaign('Raccolta riservata');
  assert.equal((await u.dati.call('PATCH', `/api/v1/dati/campagne/${id}`, { comuni: ['024001'] })).status, 200);
  const path = `/api/v1/dati/campagne/${id}/modifiche`;
  for (const [who, client, codes] of [['padova', u.padova, [403, 404]], ['vicenza', u.vicenza, [403]]]) {
    const r = await client.call('GET', path);
    assert.ok(codes.includes(r.status), `${who}: ${r.status}`);
    assert.doesNotMatch(JSON.stringify(r.body), /024001|comuni_aggiunti|Daniela/, who);
  }
  const anon = await fetch(srv.url + path);
  assert.equal(anon.status, 401);
  assert.doesNotMatch(await anon.text(), /024001|comuni_aggiunti/);
  assert.equal((await u.dati.call('GET', '/api/v1/dati/campagne/999999/modifiche')).status, 404);
  assert.equal((await u.dati.call('GET', '/api/v1/dati/campagne/abc/modifiche')).status, 404);
});
