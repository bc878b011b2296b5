// Maps in SVG with d3-geo and topojson-client, from the boundary files
// shipped in web/src/static/geo/ (ISTAT boundaries, elaborazione openpolis,
// CC BY 4.0: see the README there).  No tiles, no network but our own server.
//   loadFeatures(url, object)  -> GeoJSON FeatureCollection of a TopoJSON object
//   mappa(features, opts)      -> {svg, path, projection}: an <svg> sized to fit
//   evidenzia(svg, path)       -> a focus outline drawn on top of the focused area
import { geoConicConformal, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { s } from './grafico.js';

export const GEO = '/geo';
export const ATTRIBUZIONE = 'Confini: ISTAT, elaborazione openpolis (CC BY 4.0).';

export async function loadFeatures(url, object) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`I confini per la mappa non sono disponibili (HTTP ${res.status}).`);
  const topo = await res.json();
  return feature(topo, topo.objects[object]);
}

// A conformal conic projection for Italy, fitted to width x height.
export function mappa(features, { width = 400, height = 460, title, id, cls = 'mappa' } = {}) {
  const projection = geoConicConformal().parallels([38, 46]).rotate([-12.5, 0])
    .fitExtent([[4, 4], [width - 4, height - 4]], features);
  const path = geoPath(projection).digits(1);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: cls, id, role: 'group', 'aria-label': title, tabindex: '-1' });
  return { svg, path, projection };
}

// Keyboard focus on an area (an <a> holding a <path>): redraw its outline on
// top of the others, where neighbours cannot hide it.
export function evidenzia(svg) {
  const outline = s('path', { class: 'mappa-fuoco', 'aria-hidden': 'true' });
  svg.addEventListener('focusin', (e) => {
    const area = e.target.closest?.('a')?.querySelector('path');
    if (!area) return;
    outline.setAttribute('d', area.getAttribute('d'));
    svg.append(outline);
  });
  svg.addEventListener('focusout', () => outline.remove());
}
