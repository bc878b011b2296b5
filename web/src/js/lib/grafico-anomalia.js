// The anomaly calculator's result on a number line: every offer (ribasso, %)
// as a mark, the wings (ali) cut off before the mean shaded, the mean and the
// anomaly threshold (soglia) as vertical lines.  Shapes tell the kinds apart
// (circle admitted, square in a wing, cross excluded), not only colours.
//   renderGraficoAnomalia(r, root = document)
// draws the answer r of POST /api/v1/sua/anomalia into every
// <div data-anomalia-grafico> under root (nothing when there is none), with
// a caption saying the same in words and a table of the offers.
import { h, clear } from './dom.js';
import { s, patternDefs, tabella } from './grafico.js';

let serial = 0;
const it = (v) => String(v).replace('.', ',');

// About five round ticks over [lo, hi].
function ticks(lo, hi) {
  const raw = (hi - lo) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw) ?? 10 * p;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

function tipo(o) {
  if (o.ala) return o.ala === 'bassa' ? 'ala bassa (accantonata)' : 'ala alta (accantonata)';
  return o.esclusa ? 'esclusa (anomala)' : 'ammessa';
}

function marker(o, x, y, title) {
  const t = s('title', {}, title);
  if (o.ala) return s('rect', { x: x - 4, y: y - 4, width: 8, height: 8, class: 'grafico-offerta-ala', 'data-offerta': o.posizione }, t);
  if (o.esclusa) {
    return s('path', { d: `M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x - 4} ${y + 4}L${x + 4} ${y - 4}`, class: 'grafico-offerta-esclusa', 'data-offerta': o.posizione }, t);
  }
  return s('circle', { cx: x, cy: y, r: 4.5, class: 'grafico-offerta', 'data-offerta': o.posizione }, t);
}

function descrizione(r) {
  const offerte = r.offerte_ordinate ?? [];
  const parts = [];
  if (offerte.length) parts.push(`${offerte.length} offerte, con ribassi da ${it(offerte[0].ribasso)} % a ${it(offerte[offerte.length - 1].ribasso)} %.`);
  const t = r.taglio_ali;
  if (t) parts.push(`Ali accantonate (${t.k} per ala): ribassi fino a ${it(t.limite_basso)} % e da ${it(t.limite_alto)} % in su.`);
  if (r.media) parts.push(`Media dei ribassi rimasti: ${it(r.media)} %.`);
  if (r.soglia) {
    const n = r.escluse?.length ?? 0;
    parts.push(`Soglia di anomalia: ${it(r.soglia)} %; ${n === 1 ? '1 offerta esclusa' : `${n} offerte escluse`}.`);
  } else if (r.motivo) {
    parts.push(`Soglia non calcolata: ${r.motivo}`);
  }
  return parts.join(' ');
}

function grafico(r, id) {
  const offerte = r.offerte_ordinate ?? [];
  const vals = offerte.map((o) => Number(o.ribasso));
  for (const k of ['media', 'soglia']) if (r[k]) vals.push(Number(r[k]));
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  const pad = hi > lo ? (hi - lo) * 0.06 : 0.5;
  lo -= pad;
  hi += pad;
  // Offers of equal value stack upwards.
  const stack = new Map();
  let maxStack = 1;
  for (const o of offerte) {
    const n = (stack.get(o.ribasso) ?? 0) + 1;
    stack.set(o.ribasso, n);
    maxStack = Math.max(maxStack, n);
  }
  const W = 400; const L = 16; const R = 16; const top = 40;
  const base = top + 14 + maxStack * 11;
  const H = base + 30;
  const x = (v) => L + ((Number(v) - lo) / (hi - lo)) * (W - L - R);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'grafico', role: 'img', 'aria-labelledby': `${id}-didascalia`, id: `${id}-svg` },
    patternDefs(id));
  const t = r.taglio_ali;
  if (t) {
    const xb = x(t.limite_basso); const xa = x(t.limite_alto);
    svg.append(s('rect', { x: L, y: top, width: Math.max(0, xb - L), height: base - top, fill: `url(#${id}-righe)`, class: 'grafico-zona-ala', opacity: 0.35 }),
      s('rect', { x: xa, y: top, width: Math.max(0, W - R - xa), height: base - top, fill: `url(#${id}-righe)`, class: 'grafico-zona-ala', opacity: 0.35 }));
  }
  // Axis and ticks.
  svg.append(s('line', { x1: L, x2: W - R, y1: base, y2: base, class: 'grafico-asse' }));
  for (const v of ticks(lo, hi)) {
    svg.append(s('line', { x1: x(v), x2: x(v), y1: base, y2: base + 4, class: 'grafico-asse' }),
      s('text', { x: x(v), y: base + 16, 'text-anchor': 'middle' }, it(v)));
  }
  svg.append(s('text', { x: W - R, y: base + 28, 'text-anchor': 'end', class: 'grafico-etichetta' }, 'ribasso %'));
  // Mean and threshold, labelled on two rows so they never overlap.
  const clamp = (v) => Math.min(W - R - 50, Math.max(L + 50, v));
  if (r.media) {
    svg.append(s('line', { x1: x(r.media), x2: x(r.media), y1: top - 6, y2: base, class: 'grafico-media', 'data-linea': 'media' }),
      s('text', { x: clamp(x(r.media)), y: 12, 'text-anchor': 'middle' }, `media ${it(r.media)}`));
  }
  if (r.soglia) {
    svg.append(s('line', { x1: x(r.soglia), x2: x(r.soglia), y1: top - 20, y2: base, class: 'grafico-soglia', 'data-linea': 'soglia' }),
      s('text', { x: clamp(x(r.soglia)), y: 26, 'text-anchor': 'middle', 'font-weight': 'bold' }, `soglia ${it(r.soglia)}`));
  }
  const seen = new Map();
  for (const o of offerte) {
    const n = seen.get(o.ribasso) ?? 0;
    seen.set(o.ribasso, n + 1);
    svg.append(marker(o, x(o.ribasso), base - 9 - n * 11, `Offerta n. ${o.posizione}: ${it(o.ribasso)} %, ${tipo(o)}`));
  }
  return svg;
}

function legenda() {
  const sw = (...c) => s('svg', { width: 22, height: 14, viewBox: '0 0 22 14', 'aria-hidden': 'true', focusable: 'false' }, c);
  const items = [
    [sw(s('circle', { cx: 11, cy: 7, r: 4.5, class: 'grafico-offerta' })), 'offerta ammessa'],
    [sw(s('rect', { x: 7, y: 3, width: 8, height: 8, class: 'grafico-offerta-ala' })), 'offerta nelle ali (accantonata per la media)'],
    [sw(s('path', { d: 'M7 3L15 11M7 11L15 3', class: 'grafico-offerta-esclusa' })), 'offerta esclusa (pari o oltre la soglia)'],
    [sw(s('line', { x1: 2, x2: 20, y1: 7, y2: 7, class: 'grafico-media' })), 'media'],
    [sw(s('line', { x1: 2, x2: 20, y1: 7, y2: 7, class: 'grafico-soglia' })), 'soglia di anomalia'],
  ];
  return h('ul', { class: 'legenda-grafico list-unstyled small' }, items.map(([g, l]) => h('li', {}, g, ` ${l}`)));
}

export function renderGraficoAnomalia(r, root = document) {
  for (const box of root.querySelectorAll('[data-anomalia-grafico]')) {
    clear(box);
    if (!r || !Array.isArray(r.offerte_ordinate) || r.offerte_ordinate.length === 0) continue;
    serial += 1;
    const id = `grafico-anomalia-${serial}`;
    box.append(h('figure', { class: 'mb-3' },
      grafico(r, id),
      h('figcaption', { id: `${id}-didascalia`, class: 'small' }, `Le offerte sulla retta dei ribassi. ${descrizione(r)}`)),
    legenda(),
    h('details', { class: 'mb-3' }, h('summary', {}, 'Tabella: le offerte del grafico'),
      tabella('Offerte sul grafico, in ordine di ribasso', ['Offerta n.', 'Ribasso (%)', 'Esito'],
        r.offerte_ordinate.map((o) => [String(o.posizione), it(o.ribasso), tipo(o)]))));
  }
}
