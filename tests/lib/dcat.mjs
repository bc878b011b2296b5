// dcat.mjs - test helpers for the DCAT-AP_IT catalogue: parse our Turtle
// with N3 (not raptor, the tool that wrote it), the RDF/XML with `rapper`
// (raptor2-utils, a second tool), the expanded JSON-LD by hand, and run the
// SEMIC DCAT-AP 1.1 SHACL shapes with rdf-validate-shacl, the EU
// vocabularies loaded as data so the MDR shapes can check the concepts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Parser } from 'n3';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';
import { SHARED } from './server.mjs';

const DCATAPIT = join(SHARED, 'data', 'dcatapit');
const SHAPES = join(DCATAPIT, 'semic-dcat-ap-1.1-shacl');
const VOCABS = ['data-theme-filtered.rdf', 'frequencies-filtered.rdf', 'filetypes-filtered.rdf', 'languages-filtered.rdf']
  .map((f) => join(DCATAPIT, 'eu-authority-tables', f));

// Triples as N-Triples-like strings, a set: comparable across tools.
const key = (q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType === 'Literal'
  ? `"${q.object.value}"^^${q.object.datatype.value}@${q.object.language}` : q.object.value}`;

export function parseTurtle(text, base = 'http://x/') {
  return new Parser({ baseIRI: base }).parse(text);
}

// rapper reads RDF/XML (or any syntax it knows) and prints N-Triples.
export function rapperToQuads(text, syntax = 'rdfxml') {
  const nt = execFileSync('rapper', ['-q', '-i', syntax, '-o', 'ntriples', '-', 'http://x/'], { input: text, encoding: 'utf8', maxBuffer: 1 << 28 });
  return new Parser({ format: 'N-Triples' }).parse(nt);
}

export function rapperFile(path) {
  const nt = execFileSync('rapper', ['-q', '-i', 'rdfxml', '-o', 'ntriples', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return new Parser({ format: 'N-Triples' }).parse(nt);
}

// Expanded JSON-LD (an array of node objects, no context) into quads.
export function jsonldToQuads(doc) {
  const namedNode = (v) => rdf.namedNode(v);
  const literal = (v, l) => rdf.literal(v, l);
  const quad = (a, b, c) => rdf.quad(a, b, c);
  const out = [];
  for (const node of doc) {
    const s = namedNode(node['@id']);
    for (const [k, vs] of Object.entries(node)) {
      if (k === '@id') continue;
      if (k === '@type') { for (const t of vs) out.push(quad(s, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(t))); continue; }
      for (const v of vs) {
        const o = '@id' in v ? namedNode(v['@id'])
          : literal(v['@value'], v['@language'] || (v['@type'] ? namedNode(v['@type']) : undefined));
        out.push(quad(s, namedNode(k), o));
      }
    }
  }
  return out;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL_IMPORTS = 'http://www.w3.org/2002/07/owl#imports';

export const tripleSet = (quads) => new Set(quads.map(key));

export async function shacl(quads) {
  // The shapes files owl:import each other; all three are loaded here, so
  // the imports (which the validator would fetch) are dropped.
  const all = rdf.dataset();
  for (const f of ['dcat-ap.shapes.ttl', 'dcat-ap-mandatory-classes.shapes.ttl']) {
    await all.import(rdf.fromFile(join(SHAPES, f)));
  }
  // The MDR shapes want every dct:publisher to be a concept of the EU
  // corporate-body table (EU institutions only); DCAT-AP_IT makes it a
  // dcatapit:Agent with its IPA code (STANDARDS.md §4.2), checked by
  // check42 in the test: those property shapes only are left out.
  // Likewise dct:spatial: the MDR shapes want a concept of the EU country,
  // place or continent tables or GeoNames; DCAT-AP_IT's spatial coverage
  // is given by the national territorial vocabularies (ISTAT codes, and
  // NUTS; STANDARDS.md §4.3), whose URIs are in none of those schemes and
  // whose tables are not in ../shared.  dcat-ap.shapes.ttl still checks
  // each place is an IRI of class dct:Location.
  const mdr = [...await rdf.dataset().import(rdf.fromFile(join(SHAPES, 'dcat-ap-mdr-vocabularies.shapes.ttl')))];
  const left = ['http://purl.org/dc/terms/publisher', 'http://purl.org/dc/terms/spatial'];
  const pub = new Set(mdr.filter((q) => q.predicate.value === 'http://www.w3.org/ns/shacl#path'
    && left.includes(q.object.value)).map((q) => q.subject.value));
  for (const l of left) {
    if (!mdr.some((q) => q.predicate.value === 'http://www.w3.org/ns/shacl#path' && q.object.value === l)) {
      throw new Error(`shapes: no ${l} shape in the MDR file`);
    }
  }
  for (const q of mdr) if (!(q.predicate.value === 'http://www.w3.org/ns/shacl#property' && pub.has(q.object.value))) all.add(q);
  // dcat-ap-mandatory-classes.shapes.ttl names its target classes as
  // string literals ("foaf:Agent"), which no node can ever match (a known
  // defect of the 1.1 file, fixed in later SEMIC releases): they are made
  // the IRIs they mean, so the shape really requires an instance.
  const PREFIX = { foaf: 'http://xmlns.com/foaf/0.1/', dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', skos: 'http://www.w3.org/2004/02/skos/core#', vcard: 'http://www.w3.org/2006/vcard/ns#' };
  const fixed = [...all].filter((q) => q.predicate.value !== OWL_IMPORTS).map((q) => {
    if (q.predicate.value === 'http://www.w3.org/ns/shacl#targetNode' && q.object.termType === 'Literal') {
      const [p, l] = q.object.value.split(':');
      if (!PREFIX[p]) throw new Error(`shapes: unknown prefix in ${q.object.value}`);
      return rdf.quad(q.subject, q.predicate, rdf.namedNode(PREFIX[p] + l));
    }
    return q;
  });
  // The node shapes of dcat-ap.shapes.ttl are the classes themselves
  // (dcat:Dataset a sh:NodeShape) but are not declared rdfs:Class, so a
  // SHACL processor gives them no implicit target and checks nothing: each
  // is given its class as sh:targetClass, as the authors meant.
  const SH = 'http://www.w3.org/ns/shacl#';
  for (const q of [...fixed]) {
    if (q.predicate.value === RDF_TYPE && q.object.value === `${SH}NodeShape` && q.subject.termType === 'NamedNode'
      && !q.subject.value.startsWith('http://data.europa.eu/r5r/')) {
      fixed.push(rdf.quad(q.subject, rdf.namedNode(`${SH}targetClass`), q.subject));
    }
  }
  const shapes = rdf.dataset(fixed);
  const data = rdf.dataset(quads);
  // The filtered EU tables keep each concept's type but not its
  // skos:inScheme, which the MDR shapes check: it is restored from the URI
  // (<scheme>/<code>, typed skos:Concept in the scheme's own file).
  const SKOS = 'http://www.w3.org/2004/02/skos/core#';
  for (const v of VOCABS) {
    const qs = rapperFile(v).filter((q) => q.predicate.value !== OWL_IMPORTS);
    const schemes = qs.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${SKOS}ConceptScheme`).map((q) => q.subject.value);
    for (const q of qs) {
      data.add(q);
      if (q.predicate.value === RDF_TYPE && q.object.value === `${SKOS}Concept`) {
        const sc = schemes.find((x) => q.subject.value.startsWith(`${x}/`));
        if (sc) data.add(rdf.quad(q.subject, rdf.namedNode(`${SKOS}inScheme`), rdf.namedNode(sc)));
      }
      // Nor the scheme's dct:title: its skos:prefLabel.
      if (schemes.includes(q.subject.value) && q.predicate.value === `${SKOS}prefLabel`) {
        data.add(rdf.quad(q.subject, rdf.namedNode('http://purl.org/dc/terms/title'), q.object));
      }
    }
  }
  const report = await new SHACLValidator(shapes, { factory: rdf }).validate(data);
  return {
    conforms: report.conforms,
    results: report.results.map((r) => `${r.focusNode?.value} ${r.path?.value} ${r.sourceConstraintComponent?.value?.split('#')[1]} ${r.value?.value ?? ''}: ${r.message.map((m) => m.value).join('; ')}`),
  };
}

// The demo publishes the dataset of a closed data campaign.  Tests that
// count the public catalogue start from none: the Province's data officer
// withdraws what the demo published, through the API as a person would.
export async function withdrawPublished(client) {
  let after = '';
  for (;;) {
    const r = await client.call('GET', `/api/v1/dati/dataset?limit=100${after ? `&after=${after}` : ''}`);
    if (r.status !== 200) throw new Error(`dataset list: ${r.status} ${JSON.stringify(r.body)}`);
    for (const d of r.body.items.filter((x) => x.stato === 'pubblicato')) {
      const w = await client.call('POST', `/api/v1/dati/dataset/${d.id}/ritira`);
      if (w.status !== 200) throw new Error(`ritira ${d.id}: ${w.status} ${JSON.stringify(w.body)}`);
    }
    if (!r.body.next) return;
    after = r.body.next;
  }
}
