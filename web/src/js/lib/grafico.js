// Small SVG charts without a chart library: an element builder for SVG, the
// fill patterns shared by maps and charts (so a state is told by its pattern
// as well as by its colour), legends and a horizontal bar chart (histogram).
// Every chart is drawn in a viewBox and scales to its container's width
// (css/mappe.css); its text alternative is built by the caller or here
// (tabella) from the same data, so the two cannot disagree.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

// s('rect', {x: 0, class: 'a'}, child...): like dom.js h() for SVG elements.
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Patterns: ids are prefixed so that two charts on a page do not clash.
// 'righe' dark orange diagonal lines, 'punti' grey dots, both on white.
export function patternDefs(prefix) {
  return s('defs', {},
    s('pattern', { id: `${prefix}-righe`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, class: 'motivo-fondo' }),
      s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'motivo-righe' })),
    s('pattern', { id: `${prefix}-punti`, width: 5, height: 5, patternUnits: 'userSpaceOnUse' },
      s('rect', { width: 5, height: 5, class: 'motivo-fondo' }),
      s('circle', { cx: 2.5, cy: 2.5, r: 1.2, class: 'motivo-punti' })));
}

// The fill of a style {cls, pattern}: a class (colour) or url(#prefix-pattern).
export function fillAttrs(style, prefix) {
  return style.pattern ? { class: style.cls, fill: `url(#${prefix}-${style.pattern})` } : { class: style.cls };
}

// A legend: <ul> of swatches (small SVGs with the same fill) and labels; the
// patterns are those of the chart's patternDefs(prefix), in the same page.
export function legenda(items, prefix, label) {
  return h('ul', { class: 'legenda-grafico list-unstyled', 'aria-label': label },
    items.map((it) => h('li', {},
      s('svg', { width: 18, height: 18, viewBox: '0 0 18 18', 'aria-hidden': 'true', focusable: 'false' },
        s('rect', { x: 0.5, y: 0.5, width: 17, height: 17, ...fillAttrs(it, prefix), stroke: '#5c6f82' })),
      ` ${it.label}`)));
}

// A table from rows of cells: the text alternative of a chart.
export function tabella(caption, headers, rows, { id } = {}) {
  return h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm', id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { scope: 'col', class: i ? 'text-end' : null }, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i ? h('td', { class: 'text-end' }, c) : h('th', { scope: 'row' }, c))))))));
}

// Horizontal bars: bars = [{label, value, text}] (text: the value as shown).
// Returns an <svg role="img"> labelled by `title`; the caller adds the table.
export function barre(bars, { title, id }) {
  const W = 400; const row = 26; const left = 118; const right = 48; const top = 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const H = top + bars.length * row + 4;
  const x = (v) => left + (v / max) * (W - left - right);
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'grafico', role: 'img', 'aria-label': title, id },
    bars.map((b, i) => {
      const y = top + i * row;
      return s('g', { 'data-barra': b.label },
        s('text', { x: left - 6, y: y + row / 2 + 4, 'text-anchor': 'end', class: 'grafico-etichetta' }, b.label),
        s('rect', { x: left, y: y + 4, width: Math.max(0, x(b.value) - left), height: row - 8, class: 'grafico-barra' }),
        s('text', { x: x(b.value) + 4, y: y + row / 2 + 4, class: 'grafico-valore' }, b.text ?? String(b.value)));
    }),
    s('line', { x1: left, x2: left, y1: top, y2: H - 4, class: 'grafico-asse' }));
}
