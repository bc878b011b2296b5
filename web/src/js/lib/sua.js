// The SUA's words shared by its pages (requests, inbox, convenzioni): the
// labels of states, types and funding sources, a state badge, the Comune of
// the logged-in user, and how a convenzione reads in one line.
import { h } from './dom.js';
import { formatData, formatEuroCents } from './numeri.js';

export const STATI = [
  ['bozza', 'In bozza'],
  ['inviata', 'Inviata'],
  ['presa_in_carico', 'Presa in carico'],
  ['in_gara', 'In gara'],
  ['conclusa', 'Conclusa'],
  ['respinta', 'Respinta'],
];
export const TIPI = [['lavori', 'Lavori'], ['servizi', 'Servizi'], ['forniture', 'Forniture']];
export const FONTI = [
  ['proprie', 'Risorse proprie'], ['pnrr', 'PNRR'], ['ue', 'Fondi UE'],
  ['regionali', 'Fondi regionali'], ['altro', 'Altro'],
];

const label = (list, code) => (list.find(([c]) => c === code) ?? [code, code])[1];
export const statoLabel = (s) => label(STATI, s);
export const tipoLabel = (t) => label(TIPI, t);
export const fonteLabel = (f) => label(FONTI, f);

const BADGE = {
  bozza: 'bg-secondary', inviata: 'bg-primary', presa_in_carico: 'bg-info text-dark',
  in_gara: 'bg-success', conclusa: 'bg-dark', respinta: 'bg-danger',
};
export function statoBadge(s) {
  return h('span', { class: `badge ${BADGE[s] ?? 'bg-secondary'}`, dataset: { stato: s } }, statoLabel(s));
}

// Options of a <select> from a [code, label] list, with a first empty one.
export function options(select, list, empty) {
  if (empty !== undefined) select.append(h('option', { value: '' }, empty));
  for (const [v, l] of list) select.append(h('option', { value: v }, l));
}

// The ISTAT code of the Comune the user holds the comune role on, or null.
export function comuneOf(me) {
  const r = (me?.roles ?? []).find((x) => x.role === 'comune' && x.ente.startsWith('comune:'));
  return r ? r.ente.slice(7) : null;
}

export function tipiConvenzione(c) {
  return TIPI.filter(([t]) => c[t]).map(([, l]) => l.toLowerCase()).join(', ');
}

// "1,50 % (minimo € 1.000,00, massimo € 25.000,00)" or "fisso € 3.000,00".
export function compensoText(c) {
  if (c.compenso_tipo === 'fisso') return `importo fisso di ${formatEuroCents(c.compenso_fisso_cents)}`;
  const p = c.compenso_percentuale ?? 0;
  const parts = [];
  if (c.compenso_minimo_cents !== null) parts.push(`minimo ${formatEuroCents(c.compenso_minimo_cents)}`);
  if (c.compenso_massimo_cents !== null) parts.push(`massimo ${formatEuroCents(c.compenso_massimo_cents)}`);
  return `${Math.trunc(p / 100)},${String(p % 100).padStart(2, '0')} % dell'importo a base di gara${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function convenzioneText(c) {
  return `Dal ${formatData(c.valida_dal)} al ${formatData(c.valida_al)} per ${tipiConvenzione(c)}; `
    + `delibera n. ${c.delibera_numero} del ${formatData(c.delibera_data)}; compenso: ${compensoText(c)}.`;
}
