// dati-dcat.test.mjs - the catalogue as DCAT-AP_IT (issue 15 item 5):
// /catalogo.rdf, .ttl and .jsonld hold the same triples (Turtle parsed by
// N3, RDF/XML by rapper, JSON-LD by hand - none of them the raptor that
// wrote them), conform to the SEMIC DCAT-AP 1.1 SHACL shapes (run by
// rdf-validate-shacl with the EU vocabularies as data) and to our own
// checks of STANDARDS.md §4.2 (AgID's rules are not all SHACL): double
// typing, the mandatory properties of Catalog, Dataset, Distribution,
// Agent, LicenseDocument, vocabulary URIs.  Drafts and withdrawn datasets
// are not in it; past 100 datasets it is paged with hydra.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, sqlRows, SHARED } from '../lib/server.mjs';
import { addUser, login, session } from '../lib/auth.mjs';
import { parseTurtle, rapperToQuads, jsonldToQuads, tripleSet, shacl, withdrawPublished } from '../lib/dcat.mjs';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const APIT = 'http://dati.gov.it/onto/dcatapit#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';

// The theme codes from the shared vocabulary file, not from the product.
const THEMES = new Set(readFileSync(join(SHARED, 'data', 'vocab', 'eu_data_theme.csv'), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split(',')[0]));

let srv;
const as = {};
const BASE = '/api/v1/dati/dataset';

async function publish(nome, over = {}) {
  const r = await as.dati.call('POST', BASE, {
    nome, titolo: `Dataset ${nome} «àè»`, descrizione: 'Descrizione con <tag> & "virgolette"',
    temi: ['SOCI'], parole_chiave: ['prova'], frequenza: 'ANNUAL', licenza: 'A11_CCO10', ...over,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal((await as.dati.call('POST', `${BASE}/${r.body.id}/risorse`,
    { nome: 'CSV', formato: 'CSV', url: `https://example.org/${nome}.csv?a=1&b=2` })).status, 201);
  assert.equal((await as.dati.call('POST', `${BASE}/${r.body.id}/pubblica`)).status, 200);
  return r.body;
}

async function fetchText(path) {
  const res = await fetch(srv.url + path);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

// Index of a quad list: subject -> predicate -> [objects].
function index(quads) {
  const m = new Map();
  for (const q of quads) {
    if (!m.has(q.subject.value)) m.set(q.subject.value, new Map());
    const p = m.get(q.subject.value);
    if (!p.has(q.predicate.value)) p.set(q.predicate.value, []);
    p.get(q.predicate.value).push(q.object);
  }
  return m;
}
const objs = (ix, s, p) => (ix.get(s)?.get(p)) || [];
const typesOf = (ix, s) => objs(ix, s, `${RDF}type`).map((o) => o.value);
const subjectsOfType = (ix, t) => [...ix.keys()].filter((s) => typesOf(ix, s).includes(t));

// STANDARDS.md §4.2, checked class by class.
function check42(quads) {
  const ix = index(quads);
  const problems = [];
  const need = (s, p, what, test = () => true) => {
    const o = objs(ix, s, p);
    if (o.length === 0) problems.push(`${s}: ${what} missing`);
    for (const x of o) if (!test(x)) problems.push(`${s}: ${what} bad ${x.value}`);
    return o;
  };
  const isDate = (o) => o.termType === 'Literal' && o.datatype.value === `${XSD}date` && /^\d{4}-\d{2}-\d{2}$/.test(o.value);
  const agent = (a) => {
    if (!typesOf(ix, a).includes(`${APIT}Agent`) || !typesOf(ix, a).includes(`${FOAF}Agent`)) problems.push(`${a}: not typed twice as Agent`);
    need(a, `${DCT}identifier`, 'agent identifier', (o) => /^(p_[A-Z]{2}|c_[a-z]\d{3})$/.test(o.value));
    need(a, `${FOAF}name`, 'agent name');
  };
  const cats = subjectsOfType(ix, `${APIT}Catalog`);
  if (cats.length !== 1) problems.push(`catalogs: ${cats.length}`);
  for (const c of cats) {
    if (!typesOf(ix, c).includes(`${DCAT}Catalog`)) problems.push('catalog not dcat:Catalog');
    need(c, `${DCT}title`, 'catalog title');
    need(c, `${DCT}description`, 'catalog description');
    need(c, `${DCT}modified`, 'catalog modified', isDate);
    need(c, `${DCT}publisher`, 'catalog publisher').forEach((a) => agent(a.value));
  }
  const datasets = subjectsOfType(ix, `${APIT}Dataset`);
  for (const d of datasets) {
    if (!typesOf(ix, d).includes(`${DCAT}Dataset`)) problems.push(`${d}: not dcat:Dataset`);
    if (!cats.some((c) => objs(ix, c, `${DCAT}dataset`).some((o) => o.value === d))) problems.push(`${d}: not in the catalog`);
    need(d, `${DCT}identifier`, 'identifier', (o) => /^(p_[A-Z]{2}|c_[a-z]\d{3}):[a-z0-9_-]+$/.test(o.value));
    need(d, `${DCT}title`, 'title');
    need(d, `${DCT}description`, 'description');
    need(d, `${DCT}modified`, 'modified', isDate);
    need(d, `${DCAT}theme`, 'theme', (o) => o.value.startsWith('http://publications.europa.eu/resource/authority/data-theme/')
      && THEMES.has(o.value.split('/').pop()));
    need(d, `${DCT}rightsHolder`, 'rightsHolder').forEach((a) => agent(a.value));
    need(d, `${DCT}accrualPeriodicity`, 'frequency', (o) => o.value.startsWith('http://publications.europa.eu/resource/authority/frequency/'));
    for (const dist of need(d, `${DCAT}distribution`, 'distribution')) {
      const u = dist.value;
      if (!typesOf(ix, u).includes(`${APIT}Distribution`) || !typesOf(ix, u).includes(`${DCAT}Distribution`)) problems.push(`${u}: not typed twice`);
      need(u, `${DCT}format`, 'format', (o) => o.value.startsWith('http://publications.europa.eu/resource/authority/file-type/'));
      need(u, `${DCAT}accessURL`, 'accessURL', (o) => o.termType === 'NamedNode');
      for (const l of need(u, `${DCT}license`, 'license', (o) => o.value.startsWith('https://w3id.org/italia/controlled-vocabulary/licences/'))) {
        if (!typesOf(ix, l.value).includes(`${APIT}LicenseDocument`)) problems.push(`${l.value}: not a LicenseDocument`);
      }
    }
  }
  return { problems, datasets, ix };
}

before(async () => {
  srv = await startServer({ web: false });
  addUser(srv.db, 'dcat-dati@example.org', 'data_officer', 'provincia:024');
  as.dati = await login(srv.url, 'dcat-dati@example.org');
  await withdrawPublished(as.dati);
  as.anon = session(srv.url, '', '');
});
after(async () => { await srv.stop(); });

test('the three files hold the same triples; SHACL-valid; §4.2 checks pass', async () => {
  const [com] = sqlRows(srv.db, "SELECT codice_istat FROM comune WHERE provincia = '024' AND attivo = 1 ORDER BY codice_istat DESC LIMIT 1");
  await publish('primo', {
    copertura_inizio: '2020-01-01', copertura_fine: '2025-12-31',
    copertura_spaziale: ['provincia:024', `comune:${com.codice_istat}`, 'nuts:ITH32'],
    contatto_nome: 'Ufficio statistica', contatto_email: 'statistica@provincia.vicenza.it',
  });
  await publish('del-comune', { ente: `comune:${com.codice_istat}`, temi: ['REGI', 'GOVE'], frequenza: 'IRREG', licenza: 'A21_CCBY40' });
  // A draft and a withdrawn dataset: never in the files.
  const draft = await as.dati.call('POST', BASE, { nome: 'bozza-segreta', titolo: 'Bozza', descrizione: 'x', temi: ['SOCI'] });
  assert.equal(draft.status, 201);
  const gone = await publish('ritirato');
  assert.equal((await as.dati.call('POST', `${BASE}/${gone.id}/ritira`)).status, 200);

  const ttl = await fetchText('/catalogo.ttl');
  assert.equal(ttl.status, 200);
  assert.match(ttl.type, /^text\/turtle/);
  const xml = await fetchText('/catalogo.rdf');
  assert.match(xml.type, /^application\/rdf\+xml/);
  const jl = await fetchText('/catalogo.jsonld');
  assert.match(jl.type, /^application\/ld\+json/);

  const qTtl = parseTurtle(ttl.text);
  const qXml = rapperToQuads(xml.text);
  const qJl = jsonldToQuads(JSON.parse(jl.text));
  const sTtl = tripleSet(qTtl);
  assert.deepEqual(tripleSet(qXml), sTtl, 'RDF/XML and Turtle differ');
  assert.deepEqual(tripleSet(qJl), sTtl, 'JSON-LD and Turtle differ');
  assert.ok(!/bozza-segreta|ritirato/.test(ttl.text + xml.text + jl.text), 'a draft or withdrawn dataset leaked');

  const { problems, datasets, ix } = check42(qTtl);
  assert.deepEqual(problems, []);
  assert.equal(datasets.length, 2);
  const comDs = datasets.find((d) => d.endsWith('/del-comune'));
  const holder = objs(ix, comDs, `${DCT}rightsHolder`)[0].value;
  const [{ codice_catastale: cc }] = sqlRows(srv.db, `SELECT codice_catastale FROM comune WHERE codice_istat = '${com.codice_istat}'`);
  assert.equal(objs(ix, holder, `${DCT}identifier`)[0].value, `c_${cc.toLowerCase()}`);
  assert.deepEqual(objs(ix, comDs, `${DCAT}theme`).map((o) => o.value.split('/').pop()).sort(), ['GOVE', 'REGI']);

  // The coverage and the contact point (migration 0056), as DCAT-AP_IT has them.
  const primo = datasets.find((d) => d.endsWith('/primo'));
  const [period] = objs(ix, primo, `${DCT}temporal`);
  assert.ok(typesOf(ix, period.value).includes(`${DCT}PeriodOfTime`));
  const date = (p) => objs(ix, period.value, `http://schema.org/${p}`).map((o) => [o.value, o.datatype.value]);
  assert.deepEqual(date('startDate'), [['2020-01-01', `${XSD}date`]]);
  assert.deepEqual(date('endDate'), [['2025-12-31', `${XSD}date`]]);
  const TC = 'https://w3id.org/italia/controlled-vocabulary/territorial-classifications/';
  assert.deepEqual(objs(ix, primo, `${DCT}spatial`).map((o) => o.value).sort(),
    [`${TC}cities/${com.codice_istat}`, `${TC}provinces/024`, 'http://data.europa.eu/nuts/code/ITH32'].sort());
  const [cp] = objs(ix, primo, `${DCAT}contactPoint`);
  const VCARD = 'http://www.w3.org/2006/vcard/ns#';
  assert.ok(typesOf(ix, cp.value).includes(`${APIT}Organization`));
  assert.ok(typesOf(ix, cp.value).includes(`${VCARD}Kind`));
  assert.deepEqual(objs(ix, cp.value, `${VCARD}fn`).map((o) => o.value), ['Ufficio statistica']);
  assert.deepEqual(objs(ix, cp.value, `${VCARD}hasEmail`).map((o) => o.value), ['mailto:statistica@provincia.vicenza.it']);
  assert.equal(objs(ix, comDs, `${DCT}temporal`).length, 0);
  assert.equal(objs(ix, comDs, `${DCAT}contactPoint`).length, 0);

  const report = await shacl(qTtl);
  assert.ok(report.conforms, report.results.join('\n'));
  // The contact point's and the places' classes are checked: untyped, they fail.
  const untyped = qTtl.filter((q) => !(q.subject.value === cp.value && q.predicate.value === `${RDF}type`));
  assert.equal((await shacl(untyped)).conforms, false);
  const noPlace = qTtl.filter((q) => !(q.subject.value.startsWith(TC) && q.predicate.value === `${RDF}type`));
  assert.equal((await shacl(noPlace)).conforms, false);
});

test('SHACL and §4.2 can fail: a dataset without its theme, distribution or type is caught', async () => {
  const ttl = (await fetchText('/catalogo.ttl')).text;
  const quads = parseTurtle(ttl);
  const cut = quads.filter((q) => !(q.predicate.value === `${DCAT}theme` || q.predicate.value === `${DCT}license`));
  assert.ok(check42(cut).problems.some((p) => /theme missing/.test(p)));
  assert.ok(check42(cut).problems.some((p) => /license missing/.test(p)));
  const noTitle = quads.filter((q) => !(q.predicate.value === `${DCT}title` && q.subject.value.includes('/dataset/')));
  const r = await shacl(noTitle);
  assert.equal(r.conforms, false);
});

test('paging: past 100 datasets, hydra pages; a page past the last is 404, a bad page 400', async () => {
  for (let i = 0; i < 100; i++) await publish(`serie-${String(i).padStart(3, '0')}`);
  const total = 101 + 1; // primo, del-comune, 100 here
  const p1 = parseTurtle((await fetchText('/catalogo.ttl')).text);
  const p2 = parseTurtle((await fetchText('/catalogo.ttl?page=2')).text);
  const ix1 = index(p1);
  const ix2 = index(p2);
  const ds1 = subjectsOfType(ix1, `${APIT}Dataset`);
  const ds2 = subjectsOfType(ix2, `${APIT}Dataset`);
  assert.equal(ds1.length, 100);
  assert.equal(ds2.length, total - 100);
  assert.equal(new Set([...ds1, ...ds2]).size, total);
  const page1 = `${srv.url}/catalogo.ttl?page=1`.replace('127.0.0.1', 'localhost');
  const pc = subjectsOfType(ix1, `${HYDRA}PagedCollection`);
  assert.equal(pc.length, 1);
  assert.equal(objs(ix1, pc[0], `${HYDRA}totalItems`)[0].value, String(total));
  assert.equal(objs(ix1, pc[0], `${HYDRA}itemsPerPage`)[0].value, '100');
  assert.match(objs(ix1, pc[0], `${HYDRA}nextPage`)[0].value, /\/catalogo\.ttl\?page=2$/);
  assert.match(objs(ix1, pc[0], `${HYDRA}lastPage`)[0].value, /\/catalogo\.ttl\?page=2$/);
  assert.ok(page1.length > 0);
  assert.equal(objs(ix2, subjectsOfType(ix2, `${HYDRA}PagedCollection`)[0], `${HYDRA}nextPage`).length, 0);
  assert.deepEqual(check42(p2).problems, []);
  assert.equal((await fetchText('/catalogo.rdf?page=3')).status, 404);
  assert.equal((await fetchText('/catalogo.rdf?page=0')).status, 400);
  assert.equal((await fetchText('/catalogo.rdf?page=abc')).status, 400);
  assert.equal((await fetchText('/catalogo.rdf?pagina=1')).status, 400);
  const report = await shacl(p2);
  assert.ok(report.conforms, report.results.join('\n'));
});
