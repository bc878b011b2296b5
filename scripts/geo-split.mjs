// Make the boundary files the web UI ships (web/src/static/geo/) from the
// openpolis/ISTAT TopoJSON files (CC BY 4.0, see web/src/static/geo/README.md):
//   node scripts/geo-split.mjs DIR
// where DIR holds limits_IT_provinces.topo.json and
// comuni-italia-2023-simplified.topo.json (e.g. ../shared/data/geo).
// Writes province.topo.json (107 Provinces, properties codice/sigla/nome) and
// comuni/NNN.topo.json (the Comuni of Province NNN, properties codice/nome).
// The split copies the quantized, delta-encoded arcs a Province's Comuni use
// and renumbers them (a reversed arc ~i stays reversed); no geometry changes.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2];
if (!src) {
  console.error('usage: node scripts/geo-split.mjs DIR');
  process.exit(2);
}
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'web/src/static/geo');
mkdirSync(join(OUT, 'comuni'), { recursive: true });

// Keep only the arcs the geometries use, renumbered in order of first use.
function subset(topo, name, geometries) {
  const map = new Map();
  const arcs = [];
  const ref = (i) => {
    const k = i < 0 ? ~i : i;
    if (!map.has(k)) {
      map.set(k, arcs.length);
      arcs.push(topo.arcs[k]);
    }
    const j = map.get(k);
    return i < 0 ? ~j : j;
  };
  const walk = (a) => (typeof a === 'number' ? ref(a) : a.map(walk));
  const geoms = geometries.map((g) => ({ ...g, arcs: walk(g.arcs) }));
  return { type: 'Topology', transform: topo.transform, objects: { [name]: { type: 'GeometryCollection', geometries: geoms } }, arcs };
}

const prov = JSON.parse(readFileSync(join(src, 'limits_IT_provinces.topo.json'), 'utf8'));
const pg = prov.objects.provinces.geometries.map((g) => ({
  type: g.type, arcs: g.arcs,
  properties: { codice: g.properties.prov_istat_code, sigla: g.properties.prov_acr, nome: g.properties.prov_name },
}));
writeFileSync(join(OUT, 'province.topo.json'), JSON.stringify(subset(prov, 'province', pg)));

const com = JSON.parse(readFileSync(join(src, 'comuni-italia-2023-simplified.topo.json'), 'utf8'));
const byProv = new Map();
for (const g of com.objects.comuni.geometries) {
  if (!g.arcs) continue;
  const p = g.properties.prov_istat_code;
  if (!byProv.has(p)) byProv.set(p, []);
  byProv.get(p).push({ type: g.type, arcs: g.arcs, properties: { codice: g.properties.com_istat_code, nome: g.properties.name } });
}
for (const [p, geoms] of byProv) {
  writeFileSync(join(OUT, 'comuni', `${p}.topo.json`), JSON.stringify(subset(com, 'comuni', geoms)));
}
console.log(`province.topo.json: ${pg.length} Provinces; comuni/: ${byProv.size} files`);
