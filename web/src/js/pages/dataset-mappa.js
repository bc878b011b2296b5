// The map of a dataset's spatial coverage (dataset.html): the Comuni and
// Provinces among its places (copertura_spaziale: "comune:NNNNNN",
// "provincia:NNN"; NUTS codes have no area here) drawn over the Comuni of
// their Provinces with the maps' own component (lib/mappa.js, the
// campaign board's), a Province covered whole in one colour, a Comune
// named alone in another.  Its text alternative: the svg's label, the
// list of places under the map (each with its URI) and, on each area, a
// <title>.  At most MAX_PROVINCE Provinces are drawn.
import { h, clear } from '../lib/dom.js';
import { s } from '../lib/grafico.js';
import { GEO, ATTRIBUZIONE, loadFeatures, mappa } from '../lib/mappa.js';

const MAX_PROVINCE = 6;

// The Provinces and Comuni of the places; null when none has an area.
export function luoghiMappa(luoghi) {
  const province = new Set();
  const comuni = new Set();
  for (const l of luoghi ?? []) {
    let m = /^provincia:([0-9]{3})$/.exec(l.codice);
    if (m) province.add(m[1]);
    m = /^comune:([0-9]{6})$/.exec(l.codice);
    if (m) comuni.add(m[1]);
  }
  const file = [...new Set([...province, ...[...comuni].map((c) => c.slice(0, 3))])].sort().slice(0, MAX_PROVINCE);
  return file.length ? { province, comuni, file } : null;
}

export async function mappaCopertura(luoghi, box) {
  const l = luoghiMappa(luoghi);
  if (!l) return false;
  const nomi = (luoghi ?? []).filter((x) => !x.codice.startsWith('nuts:'));
  const descr = nomi.map((x) => (x.codice.startsWith('provincia:') ? `${x.nome ?? x.codice} (tutti i suoi Comuni)` : x.nome ?? x.codice)).join('; ');
  const elenco = h('ul', { class: 'small mb-1', id: 'luoghi-mappa' }, nomi.map((x) => h('li', {},
    `${x.codice.startsWith('provincia:') ? 'Provincia: ' : 'Comune: '}`, h('a', { href: x.uri }, x.nome ?? x.codice))));
  try {
    const parti = await Promise.all(l.file.map((p) => loadFeatures(`${GEO}/comuni/${encodeURIComponent(p)}.topo.json`, 'comuni')));
    const aree = { type: 'FeatureCollection', features: parti.flatMap((p) => p.features) };
    const { svg, path } = mappa(aree, {
      id: 'svg-copertura', width: 400, height: 400,
      title: `Mappa della copertura territoriale: ${descr}. L'elenco dei luoghi è sotto la mappa.`,
    });
    let fuori = 0;
    for (const f of aree.features) {
      const cod = f.properties.codice;
      const classe = l.comuni.has(cod) ? 'area-dati copertura-comune' : l.province.has(cod.slice(0, 3)) ? 'area-dati copertura-provincia' : 'area-neutra';
      if (classe === 'area-neutra') fuori += 1;
      svg.append(s('path', { d: path(f), class: classe, 'data-comune': cod },
        s('title', {}, f.properties.nome + (classe === 'area-neutra' ? '' : ': nella copertura del dataset'))));
    }
    const legenda = [['copertura-comune', 'Comune indicato'], ['copertura-provincia', 'Provincia indicata (tutti i suoi Comuni)'], ['area-neutra', 'Fuori dalla copertura']]
      .filter(([k]) => (k === 'area-neutra' ? fuori : k === 'copertura-comune' ? l.comuni.size : l.province.size));
    clear(box).append(svg,
      h('ul', { class: 'list-unstyled small legenda-dati mt-2' }, legenda.map(([k, t]) => h('li', {},
        h('span', { class: `campione ${k}`, 'aria-hidden': 'true' }), ` ${t}`))),
      elenco, h('p', { class: 'small text-secondary' }, ATTRIBUZIONE));
  } catch {
    clear(box).append(h('p', {}, 'La mappa non è disponibile: i luoghi sono elencati qui.'), elenco);
  }
  return true;
}
