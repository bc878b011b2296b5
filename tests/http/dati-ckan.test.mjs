// dati-ckan.test.mjs - the CKAN read API (issue 15 item 6): every answer
// validated with the alphagov CKAN JSON schemas (ajv, draft-07), the
// envelope and errors exactly as CKAN's (help URL, 404 Not Found Error,
// 409 Validation Error with field -> messages, 400 Search Query Error, an
// unknown action as the bare JSON string), the ckanext-dcatapit fields of
// STANDARDS.md §4.4 compared with the dati.trentino.it example's shapes,
// and package_search's q, fq, sort, rows, start and facets against counts
// computed here from what the test published.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startServer, sqlRows, SHARED } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';
import { withdrawPublished, parseTurtle } from '../lib/dcat.mjs';

const SCHEMAS = join(SHARED, 'data', 'ckan', 'alphagov-schemas');
const TRENTINO = JSON.parse(readFileSync(join(SHARED, 'data', 'ckan', 'package_show_dati-trentino-dcatapit.json'), 'utf8'));

// The schemas refer to each other by their $id without ".schema.json".
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// CKAN writes its times in ISO 8601 without a zone ("2020-03-18T04:48:27.317909",
// UTC): ajv-formats' date-time wants RFC 3339's zone, which real CKAN
// answers (the alphagov examples, checked below) do not have either.
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/);
for (const f of readdirSync(SCHEMAS)) {
  const s = JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8'));
  s.$id = s.$id.replace(/\.schema\.json$/, '');
  ajv.addSchema(s);
}
const ID = 'http://github.com/alphagov/ckan-functional-tests/api/';
function valid(name, body) {
  const v = ajv.getSchema(ID + name);
  assert.ok(v, `schema ${name}`);
  assert.ok(v(body), `${name}: ${JSON.stringify(v.errors, null, 1)}`);
}

test('the validator accepts real CKAN answers (the alphagov examples)', () => {
  const EX = join(SHARED, 'data', 'ckan', 'alphagov-example-responses');
  for (const n of ['package_list', 'package_show', 'package_search', 'organization_list', 'organization_show']) {
    valid(n, JSON.parse(readFileSync(join(EX, `${n}.json`), 'utf8')));
  }
});

let srv;
const as = {};
const BASE = '/api/v1/dati/dataset';
const SETS = [
  { nome: 'popolazione', titolo: 'Popolazione dei Comuni', temi: ['SOCI'], parole_chiave: ['popolazione', 'censimento'], licenza: 'A21_CCBY40', frequenza: 'ANNUAL', formati: ['CSV', 'JSON'], coverage: true },
  { nome: 'scuole', titolo: 'Scuole della Provincia', temi: ['EDUC'], parole_chiave: ['scuole'], licenza: 'A11_CCO10', frequenza: 'ANNUAL', formati: ['CSV'] },
  { nome: 'strade-comunali', titolo: 'Strade comunali e città', temi: ['TRAN', 'REGI'], parole_chiave: ['strade', 'censimento'], licenza: 'A21_CCBY40', frequenza: 'IRREG', formati: ['GEOJSON'], comune: true },
];
let comune;
// The DCAT-AP_IT coverage and contact of 'popolazione' (docs/dati-catalogo.md
// "Coverage and contact"): two places of the registry and a NUTS code.
const coverage = () => ({
  copertura_inizio: '2021-01-01', copertura_fine: '2024-12-31',
  copertura_spaziale: ['provincia:024', `comune:${comune.codice_istat}`, 'nuts:ITH32'],
  contatto_nome: 'Ufficio statistica', contatto_email: 'statistica@example.org',
});

async function ckan(action, params = {}) {
  const qs = new URLSearchParams(params).toString();
  const res = await fetch(`${srv.url}/api/3/action/${action}${qs ? `?${qs}` : ''}`);
  return { status: res.status, body: await res.json() };
}

before(async () => {
  srv = await startServer({ web: false });
  addUser(srv.db, 'ckan-dati@example.org', 'data_officer', 'provincia:024');
  as.dati = await login(srv.url, 'ckan-dati@example.org');
  await withdrawPublished(as.dati);
  as.anon = session(srv.url, '', '');
  [comune] = sqlRows(srv.db, "SELECT codice_istat, codice_catastale, nome FROM comune WHERE provincia = '024' AND attivo = 1 ORDER BY codice_istat LIMIT 1");
  for (const d of SETS) {
    const r = await as.dati.call('POST', BASE, {
      nome: d.nome, titolo: d.titolo, descrizione: `Descrizione di ${d.nome}`, temi: d.temi, parole_chiave: d.parole_chiave,
      licenza: d.licenza, frequenza: d.frequenza, ...(d.comune ? { ente: `comune:${comune.codice_istat}` } : {}),
      ...(d.coverage ? coverage() : {}),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    for (const f of d.formati) {
      assert.equal((await as.dati.call('POST', `${BASE}/${r.body.id}/risorse`, { nome: `${d.nome} ${f}`, formato: f, url: `https://example.org/${d.nome}.${f.toLowerCase()}` })).status, 201);
    }
    assert.equal((await as.dati.call('POST', `${BASE}/${r.body.id}/pubblica`)).status, 200);
  }
  // A draft: never in CKAN.
  assert.equal((await as.dati.call('POST', BASE, { nome: 'bozza', titolo: 'Bozza censimento', descrizione: 'x', temi: ['SOCI'] })).status, 201);
});
after(async () => { await srv.stop(); });

test('envelope and help URL; package_list sorted, no drafts; schema-valid', async () => {
  const r = await ckan('package_list');
  assert.equal(r.status, 200);
  valid('package_list', r.body);
  assert.equal(r.body.success, true);
  assert.equal(r.body.help, `${srv.url.replace('127.0.0.1', 'localhost')}/api/3/action/help_show?name=package_list`.replace(/localhost/, new URL(r.body.help).hostname));
  assert.deepEqual(r.body.result, SETS.map((d) => d.nome).sort());
  const lim = await ckan('package_list', { limit: 1, offset: 1 });
  assert.deepEqual(lim.body.result, [SETS.map((d) => d.nome).sort()[1]]);
  // /api/action/ is the same API.
  const alt = await fetch(`${srv.url}/api/action/package_list`).then((x) => x.json());
  assert.deepEqual(alt.result, r.body.result);
});

test('package_show: schema-valid, ckanext-dcatapit fields as dati.trentino.it has them; by name or id', async () => {
  const r = await ckan('package_show', { id: 'strade-comunali' });
  assert.equal(r.status, 200);
  valid('package_show', r.body);
  const p = r.body.result;
  // Every dcatapit key of §4.4 we emit has the example's JSON type.
  for (const k of ['identifier', 'holder_identifier', 'holder_name', 'publisher_identifier', 'publisher_name', 'frequency', 'themes_aggregate', 'issued', 'modified', 'language']) {
    assert.ok(k in p, k);
    if (k in TRENTINO.result) assert.equal(typeof p[k], typeof TRENTINO.result[k], k);
  }
  const ipa = `c_${comune.codice_catastale.toLowerCase()}`;
  assert.equal(p.identifier, `${ipa}:strade-comunali`);
  assert.equal(p.holder_identifier, ipa);
  assert.equal(p.holder_name, comune.nome);
  assert.equal(p.organization.name, ipa);
  assert.deepEqual(JSON.parse(p.themes_aggregate), [{ theme: 'TRAN', subthemes: [] }, { theme: 'REGI', subthemes: [] }]);
  assert.match(p.issued, /^\d{2}-\d{2}-\d{4}$/);
  assert.match(p.metadata_modified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  assert.equal(p.num_resources, 1);
  assert.equal(p.resources[0].format, 'GEOJSON');
  assert.equal(p.resources[0].distribution_format, 'GEOJSON');
  assert.equal(p.resources[0].package_id, p.id);
  assert.equal(p.resources[0].datastore_active, false);
  assert.deepEqual(p.tags.map((t) => t.name), ['strade', 'censimento']);
  const byId = await ckan('package_show', { id: p.id });
  assert.deepEqual(byId.body.result, p);
});

test('errors as CKAN: 409 Validation Error, 404 Not Found Error, 400 unknown action as a bare string', async () => {
  let r = await ckan('package_show');
  assert.equal(r.status, 409);
  assert.equal(r.body.success, false);
  assert.deepEqual(r.body.error, { id: ['Missing value'], __type: 'Validation Error' });
  assert.match(r.body.help, /\/api\/3\/action\/help_show\?name=package_show$/);
  r = await ckan('package_show', { id: 'bozza' });
  assert.equal(r.status, 404);
  assert.deepEqual(r.body.error, { __type: 'Not Found Error', message: 'Not found' });
  r = await ckan('package_show', { id: 'non-esiste' });
  assert.equal(r.status, 404);
  r = await ckan('organization_show', { id: 'p_zz' });
  assert.equal(r.status, 404);
  r = await ckan('azione_inventata');
  assert.equal(r.status, 400);
  assert.equal(r.body, 'Bad request: Action name not known: azione_inventata');
  r = await ckan('package_search', { fq: 'password:x' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.__type, 'Search Query Error');
  assert.match(r.body.error.message, /^Search Query is invalid: /);
  r = await ckan('package_search', { sort: 'DROP TABLE' });
  assert.equal(r.status, 400);
  r = await ckan('package_search', { rows: 1001 });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.__type, 'Validation Error');
  assert.ok(Array.isArray(r.body.error.rows));
});

test('package_search: q, fq, sort, rows/start and facets against our own counts', async () => {
  const published = SETS;
  let r = await ckan('package_search', { q: 'censimento', 'facet.field': JSON.stringify(['organization', 'res_format', 'tags', 'license_id']) });
  assert.equal(r.status, 200);
  valid('package_search', r.body);
  const withTag = published.filter((d) => d.parole_chiave.includes('censimento'));
  assert.equal(r.body.result.count, withTag.length);
  assert.deepEqual(r.body.result.results.map((p) => p.name).sort(), withTag.map((d) => d.nome).sort());
  const formats = {};
  for (const d of withTag) for (const f of d.formati) formats[f] = (formats[f] || 0) + 1;
  assert.deepEqual(r.body.result.facets.res_format, formats);
  const sf = r.body.result.search_facets.res_format.items;
  assert.deepEqual(Object.fromEntries(sf.map((i) => [i.name, i.count])), formats);
  assert.equal(r.body.result.search_facets.organization.items.reduce((a, i) => a + i.count, 0), withTag.length);
  // Accents folded: "citta" finds "città".
  r = await ckan('package_search', { q: 'citta' });
  assert.deepEqual(r.body.result.results.map((p) => p.name), ['strade-comunali']);
  // fq on the common fields, ANDed.
  r = await ckan('package_search', { fq: 'license_id:A21_CCBY40 res_format:CSV' });
  assert.deepEqual(r.body.result.results.map((p) => p.name), published.filter((d) => d.licenza === 'A21_CCBY40' && d.formati.includes('CSV')).map((d) => d.nome));
  r = await ckan('package_search', { fq: `organization:c_${comune.codice_catastale.toLowerCase()}` });
  assert.deepEqual(r.body.result.results.map((p) => p.name), ['strade-comunali']);
  r = await ckan('package_search', { fq: 'tags:"censimento"' });
  assert.equal(r.body.result.count, withTag.length);
  // sort, rows, start.
  r = await ckan('package_search', { sort: 'name desc', rows: 2 });
  assert.equal(r.body.result.count, published.length);
  assert.deepEqual(r.body.result.results.map((p) => p.name), published.map((d) => d.nome).sort().reverse().slice(0, 2));
  r = await ckan('package_search', { sort: 'name asc', rows: 2, start: 2 });
  assert.deepEqual(r.body.result.results.map((p) => p.name), published.map((d) => d.nome).sort().slice(2));
  r = await ckan('package_search', { q: 'bozza' });
  assert.equal(r.body.result.count, 0, 'a draft is never found');
});

test('organization_list/show, tag_list, license_list, group_list, status_show', async () => {
  let r = await ckan('organization_list');
  valid('organization_list', r.body);
  const ipaP = sqlRows(srv.db, "SELECT sigla FROM provincia WHERE codice = '024'")[0].sigla;
  assert.deepEqual(r.body.result, [`c_${comune.codice_catastale.toLowerCase()}`, `p_${ipaP.toLowerCase()}`].sort());
  r = await ckan('organization_list', { all_fields: 'true' });
  assert.deepEqual(Object.fromEntries(r.body.result.map((o) => [o.name, o.package_count])),
    { [`c_${comune.codice_catastale.toLowerCase()}`]: 1, [`p_${ipaP.toLowerCase()}`]: 2 });
  const org = r.body.result.find((o) => o.name.startsWith('p_'));
  r = await ckan('organization_show', { id: org.name });
  valid('organization_show', r.body);
  assert.equal(r.body.result.package_count, 2);
  assert.deepEqual((await ckan('organization_show', { id: org.id })).body.result, r.body.result);
  r = await ckan('tag_list');
  assert.deepEqual(r.body.result, [...new Set(SETS.flatMap((d) => d.parole_chiave))].sort());
  r = await ckan('license_list');
  const csv = readFileSync(join(SHARED, 'data', 'vocab', 'dcatapit_licences.csv'), 'utf8').trim().split('\n').slice(1);
  assert.equal(r.body.result.length, csv.filter((l) => l.split(',')[2] === '3').length);
  assert.ok(r.body.result.some((l) => l.id === 'A21_CCBY40' && l.url.endsWith('/A21_CCBY40')));
  r = await ckan('group_list');
  assert.deepEqual(r.body.result, []);
  r = await ckan('status_show');
  assert.equal(r.body.success, true);
  assert.equal(r.body.result.locale_default, 'it');
});

test('package_show/package_search: coverage and contact as the CKAN plugins name them, the same values as /catalogo.ttl', async () => {
  const r = await ckan('package_show', { id: 'popolazione' });
  assert.equal(r.status, 200);
  valid('package_show', r.body);
  const p = r.body.result;
  for (const k of ['temporal_coverage', 'geographical_geonames_url']) {
    assert.equal(typeof p[k], typeof TRENTINO.result[k], k);
  }
  // The catalogue's own RDF, parsed by N3: the expected values come from there.
  const ttl = await fetch(`${srv.url}/catalogo.ttl`).then((x) => x.text());
  const quads = parseTurtle(ttl);
  const DCT = 'http://purl.org/dc/terms/';
  const ds = quads.find((q) => q.predicate.value === `${DCT}identifier` && q.object.value === p.identifier).subject.value;
  const objs = (s, pred) => quads.filter((q) => q.subject.value === s && q.predicate.value === pred).map((q) => q.object.value);
  const places = objs(ds, `${DCT}spatial`);
  assert.equal(places.length, 3);
  assert.deepEqual(p.spatial_coverage.map((x) => x.uri).sort(), [...places].sort());
  assert.ok(places.includes(p.geographical_geonames_url), p.geographical_geonames_url);
  // temporal_coverage is ckanext-dcatapit's JSON string.
  const [period] = objs(ds, `${DCT}temporal`);
  const [tc] = JSON.parse(p.temporal_coverage);
  assert.equal(tc.temporal_start, objs(period, 'http://schema.org/startDate')[0]);
  assert.equal(tc.temporal_end, objs(period, 'http://schema.org/endDate')[0]);
  // The contact point: ckanext-dcat's extras, never maintainer* (PII keys).
  const [cp] = objs(ds, 'http://www.w3.org/ns/dcat#contactPoint');
  const ex = Object.fromEntries(p.extras.map((e) => [e.key, e.value]));
  assert.equal(ex.contact_uri, cp);
  assert.equal(ex.contact_name, objs(cp, 'http://www.w3.org/2006/vcard/ns#fn')[0]);
  assert.equal(`mailto:${ex.contact_email}`, objs(cp, 'http://www.w3.org/2006/vcard/ns#hasEmail')[0]);
  assert.equal(ex.contact_name, 'Ufficio statistica');
  assert.ok(!('maintainer' in p) && !('maintainer_email' in p));
  // package_search gives the same dict.
  const s = await ckan('package_search', { q: 'popolazione' });
  valid('package_search', s.body);
  assert.deepEqual(s.body.result.results.find((x) => x.name === 'popolazione'), p);
  // A dataset without them: empty values, no contact extras.
  const none = (await ckan('package_show', { id: 'scuole' })).body.result;
  assert.equal(none.temporal_coverage, '[]');
  assert.deepEqual(none.spatial_coverage, []);
  assert.equal(none.geographical_geonames_url, '');
  assert.deepEqual(none.extras, []);
});
