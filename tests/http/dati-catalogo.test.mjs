// dati-catalogo.test.mjs - end-to-end tests of the open-data catalogue's
// datasets (issue 15 item 1): the data officer of a Province creates,
// edits, publishes and withdraws its datasets and its Comuni's (publisher
// = the Comune, identifier from its IPA code, derived here independently
// from the registry's sigla and codice catastale); every bad field is a
// 400 naming it with nothing changed; drafts are invisible; and every
// object is tried as an attacker would: another Province's officer, a
// Comune, another role, anonymous - refused, nothing changed, nothing
// leaked.  Each change leaves its audit record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, sqlRows } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';

let srv;
const as = {};
const BASE = '/api/v1/dati/dataset';

const count = (where = '1=1') => Number(sql(srv.db, `SELECT COUNT(*) FROM dati_dataset WHERE ${where}`).trim());
const row = (id) => sqlRows(srv.db, `SELECT * FROM dati_dataset WHERE id = ${id}`)[0];
const audits = (action, id) => sqlRows(srv.db,
  `SELECT ente, action, object_type, object_id FROM audit_log WHERE action = '${action}' AND object_id = '${id}'`);

// The IPA codes computed from the registry's own columns, not by the product.
function ipaProvincia(codice) {
  const [r] = sqlRows(srv.db, `SELECT sigla FROM provincia WHERE codice = '${codice}'`);
  return `p_${r.sigla}`;
}
function ipaComune(istat) {
  const [r] = sqlRows(srv.db, `SELECT codice_catastale FROM comune WHERE codice_istat = '${istat}'`);
  return `c_${r.codice_catastale.toLowerCase()}`;
}
// A Comune of Province prov other than its first (by code).
function comuneOf(prov) {
  const rows = sqlRows(srv.db, `SELECT codice_istat FROM comune WHERE provincia = '${prov}' AND attivo = 1 ORDER BY codice_istat LIMIT 2`);
  return rows[rows.length - 1].codice_istat;
}

const BODY = {
  nome: 'popolazione-comuni',
  titolo: 'Popolazione dei Comuni',
  descrizione: 'La popolazione legale dei Comuni della Provincia.',
  temi: ['SOCI', 'REGI'],
  parole_chiave: ['popolazione', 'comuni'],
  frequenza: 'ANNUAL',
  licenza: 'A21_CCBY40',
};
const RISORSA = { nome: 'Tabella CSV', formato: 'CSV', url: 'https://example.org/popolazione.csv' };

before(async () => {
  srv = await startServer({ web: false });
  const users = {
    dati: ['data_officer', 'provincia:024'],
    datiBS: ['data_officer', 'provincia:017'],
    comune: ['comune', `comune:${'024116'}`],
    sua: ['sua_officer', 'provincia:024'],
    admin: ['admin', 'provincia:024'],
  };
  for (const [k, [role, ente]] of Object.entries(users)) {
    addUser(srv.db, `dc-${k}@example.org`, role, ente);
    as[k] = await login(srv.url, `dc-${k}@example.org`);
  }
  as.anon = session(srv.url, '', '');
});
after(async () => { await srv.stop(); });

test('create: a Province dataset (default ente) and a Comune dataset, identifiers from IPA codes', async () => {
  let r = await as.dati.call('POST', BASE, BODY);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.ente, 'provincia:024');
  assert.equal(r.body.stato, 'bozza');
  assert.equal(r.body.identificativo, `${ipaProvincia('024')}:popolazione-comuni`);
  assert.equal(r.body.editore.codice_ipa, ipaProvincia('024'));
  assert.deepEqual(r.body.temi, ['SOCI', 'REGI']);
  assert.equal(r.body.licenza.uri, 'https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40');
  assert.deepEqual(r.body.risorse, []);
  const com = comuneOf('024');
  r = await as.dati.call('POST', BASE, { ...BODY, nome: 'servizi-comune', ente: `comune:${com}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.ente, `comune:${com}`);
  assert.equal(r.body.identificativo, `${ipaComune(com)}:servizi-comune`);
  const [{ nome }] = sqlRows(srv.db, `SELECT nome FROM comune WHERE codice_istat = '${com}'`);
  assert.equal(r.body.editore.nome, nome);
  assert.equal(audits('dati.dataset.crea', r.body.id).length, 1);
  assert.equal(audits('dati.dataset.crea', r.body.id)[0].ente, `comune:${com}`);
});

test('create: every bad field is a 400 naming it, nothing stored', async () => {
  const before = count();
  const cases = [
    [{ ...BODY, nome: 'Con Spazi' }, 'nome'],
    [{ ...BODY, nome: 'x' }, 'nome'],
    [{ ...BODY, nome: 'ok-nome', temi: ['SOCI', 'XXXX'] }, 'temi[1]'],
    [{ ...BODY, nome: 'ok-nome', temi: ['SOCI', 'SOCI'] }, 'temi[1]'],
    [{ ...BODY, nome: 'ok-nome', licenza: 'MIT' }, 'licenza'],
    [{ ...BODY, nome: 'ok-nome', frequenza: 'SOMETIMES' }, 'frequenza'],
    [{ ...BODY, nome: 'ok-nome', titolo: undefined }, 'titolo'],
    [{ ...BODY, nome: 'ok-nome', descrizione: undefined }, 'descrizione'],
    [{ ...BODY, nome: 'ok-nome', ente: 'comune:999999' }, 'ente'],
    [{ ...BODY, nome: 'ok-nome', ente: 'operatore:01234567897' }, 'ente'],
    [{ ...BODY, nome: 'ok-nome', parole_chiave: [''] }, 'parole_chiave[0]'],
    [{ ...BODY, nome: 'ok-nome', sconosciuto: 1 }, 'sconosciuto'],
  ];
  for (const [body, field] of cases) {
    const r = await as.dati.call('POST', BASE, body);
    assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    assert.match(r.body.error.message, /[a-zà-ù]/);
  }
  const dup = await as.dati.call('POST', BASE, BODY);
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.field, 'nome');
  assert.equal(count(), before);
});

test('objects x entes on create: another Province, its Comuni, other roles, anonymous', async () => {
  const before = count();
  const bs = comuneOf('017');
  for (const [who, ente, status] of [
    ['dati', 'provincia:017', 403],
    ['dati', `comune:${bs}`, 403],
    ['datiBS', 'provincia:024', 403],
    ['datiBS', `comune:${comuneOf('024')}`, 403],
    ['comune', 'comune:024116', 403],
    ['sua', 'provincia:024', 403],
    ['admin', 'provincia:024', 403],
    ['anon', 'provincia:024', 401],
  ]) {
    const r = await as[who].call('POST', BASE, { ...BODY, nome: `x-${who}-${status}`, ente });
    assert.equal(r.status, status, `${who} on ${ente}: ${JSON.stringify(r.body)}`);
  }
  assert.equal(count(), before);
});

test('a draft is invisible; publish needs a resource; then public; withdraw hides it again', async () => {
  const { body: ds } = await as.dati.call('POST', BASE, { ...BODY, nome: 'ciclo-di-vita' });
  const id = ds.id;
  for (const who of ['anon', 'datiBS', 'comune', 'sua']) {
    assert.equal((await as[who].call('GET', `${BASE}/${id}`)).status, 404, who);
  }
  let list = await as.anon.call('GET', `${BASE}?limit=100`);
  assert.ok(!list.body.items.some((d) => d.id === id));
  list = await as.dati.call('GET', `${BASE}?ufficio=1&limit=100`);
  assert.ok(list.body.items.some((d) => d.id === id && d.stato === 'bozza'));
  assert.equal((await as.datiBS.call('GET', `${BASE}?ufficio=1&limit=100`)).body.items.some((d) => d.id === id), false);
  assert.equal((await as.anon.call('GET', `${BASE}?ufficio=1`)).status, 401);
  assert.equal((await as.comune.call('GET', `${BASE}?ufficio=1`)).status, 403);

  let r = await as.dati.call('POST', `${BASE}/${id}/pubblica`);
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'risorse');
  assert.equal(row(id).stato, 'bozza');
  for (const [body, field] of [
    [{ ...RISORSA, url: 'ftp://example.org/x.csv' }, 'url'],
    [{ ...RISORSA, url: 'javascript:alert(1)' }, 'url'],
    [{ ...RISORSA, formato: 'EXE' }, 'formato'],
    [{ ...RISORSA, nome: '' }, 'nome'],
  ]) {
    r = await as.dati.call('POST', `${BASE}/${id}/risorse`, body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
  }
  assert.equal(Number(sql(srv.db, `SELECT COUNT(*) FROM dati_risorsa WHERE dataset_id = ${id}`).trim()), 0);
  r = await as.dati.call('POST', `${BASE}/${id}/risorse`, RISORSA);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.risorse.length, 1);
  assert.equal(r.body.risorse[0].url, RISORSA.url);
  assert.equal(r.body.risorse[0].tabella_id, null);

  r = await as.dati.call('POST', `${BASE}/${id}/pubblica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.stato, 'pubblicato');
  assert.equal((await as.dati.call('POST', `${BASE}/${id}/pubblica`)).status, 409);
  r = await as.anon.call('GET', `${BASE}/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.risorse.length, 1);
  list = await as.anon.call('GET', `${BASE}?limit=100&tema=SOCI`);
  assert.ok(list.body.items.some((d) => d.id === id));
  list = await as.anon.call('GET', `${BASE}?limit=100&tema=TRAN`);
  assert.ok(!list.body.items.some((d) => d.id === id));
  list = await as.anon.call('GET', `${BASE}?limit=100&ente=provincia:017`);
  assert.equal(list.body.items.length, 0);
  assert.equal((await as.anon.call('GET', `${BASE}?tema=NOPE`)).status, 400);

  r = await as.dati.call('POST', `${BASE}/${id}/ritira`);
  assert.equal(r.status, 200);
  assert.equal(r.body.stato, 'ritirato');
  assert.equal((await as.anon.call('GET', `${BASE}/${id}`)).status, 404);
  assert.equal((await as.dati.call('POST', `${BASE}/${id}/ritira`)).status, 409);
  for (const a of ['dati.dataset.pubblica', 'dati.dataset.ritira']) assert.equal(audits(a, id).length, 1, a);
  const [res] = sqlRows(srv.db, `SELECT id FROM dati_risorsa WHERE dataset_id = ${id}`);
  assert.equal(audits('dati.risorsa.aggiungi', res.id).length, 1);
});

test('edit: fields checked, ente and nome fixed; attackers refused, nothing changed', async () => {
  const { body: ds } = await as.dati.call('POST', BASE, { ...BODY, nome: 'da-modificare' });
  const id = ds.id;
  let r = await as.dati.call('PUT', `${BASE}/${id}`, { titolo: 'Nuovo titolo', temi: ['ECON'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.titolo, 'Nuovo titolo');
  assert.deepEqual(r.body.temi, ['ECON']);
  assert.deepEqual(r.body.parole_chiave, BODY.parole_chiave);
  assert.equal(audits('dati.dataset.modifica', id).length, 1);
  const snap = row(id);
  for (const [body, field] of [
    [{ nome: 'altro-nome' }, 'nome'],
    [{ ente: 'provincia:017' }, 'ente'],
    [{ licenza: 'XX' }, 'licenza'],
    [{ titolo: '' }, 'titolo'],
  ]) {
    r = await as.dati.call('PUT', `${BASE}/${id}`, body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
  }
  for (const [who, status] of [['datiBS', 403], ['comune', 403], ['sua', 403], ['admin', 403], ['anon', 401]]) {
    for (const [m, p, b] of [
      ['PUT', `${BASE}/${id}`, { titolo: 'preso' }],
      ['POST', `${BASE}/${id}/risorse`, RISORSA],
      ['POST', `${BASE}/${id}/pubblica`, undefined],
      ['POST', `${BASE}/${id}/ritira`, undefined],
    ]) {
      r = await as[who].call(m, p, b);
      assert.equal(r.status, status, `${who} ${m} ${p}: ${JSON.stringify(r.body)}`);
      assert.ok(!JSON.stringify(r.body).includes('da-modificare'), 'nothing leaked');
    }
  }
  assert.deepEqual(row(id), snap);
  assert.equal((await as.dati.call('PUT', `${BASE}/999999`, { titolo: 'x' })).status, 404);
  assert.equal((await as.datiBS.call('PUT', `${BASE}/999999`, { titolo: 'x' })).status, 404);
});

test('the officer edits a Comune dataset of its Province; the other Province cannot', async () => {
  const com = comuneOf('024');
  const { body: ds } = await as.dati.call('POST', BASE, { ...BODY, nome: 'del-comune', ente: `comune:${com}` });
  let r = await as.dati.call('POST', `${BASE}/${ds.id}/risorse`, RISORSA);
  assert.equal(r.status, 201);
  r = await as.datiBS.call('POST', `${BASE}/${ds.id}/pubblica`);
  assert.equal(r.status, 403);
  r = await as.dati.call('POST', `${BASE}/${ds.id}/pubblica`);
  assert.equal(r.status, 200);
  const list = await as.anon.call('GET', `${BASE}?ente=comune:${com}`);
  assert.deepEqual(list.body.items.map((d) => d.nome), ['del-comune']);
  assert.equal(list.body.total, 1);
});
