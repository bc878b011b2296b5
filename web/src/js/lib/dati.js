// The data service's words and helpers shared by its pages (campaigns,
// the Comune's answers, the catalogue, the dataset editor): the Province or
// Comune of the logged-in user, state badges, the Table Schema types the
// builder offers, the Province's Comuni from the registry.
import { h } from './dom.js';
import { apiGet } from './api.js';

// "024" for a data_officer on provincia:024, else null.
export function provinciaOf(me) {
  const r = (me?.roles ?? []).find((x) => x.role === 'data_officer' && x.ente.startsWith('provincia:'));
  return r ? r.ente.slice(10) : null;
}

// "024116" for a comune user on comune:024116, else null.
export function comuneOf(me) {
  const r = (me?.roles ?? []).find((x) => x.role === 'comune' && x.ente.startsWith('comune:'));
  return r ? r.ente.slice(7) : null;
}

const STATI = {
  aperta: ['Aperta', 'bg-primary'],
  chiusa: ['Chiusa', 'bg-dark'],
  attesa: ['In attesa', 'bg-secondary'],
  con_errori: ['Con errori', 'bg-danger'],
  valida: ['Valida', 'bg-success'],
  bozza: ['Bozza', 'bg-secondary'],
  pubblicato: ['Pubblicato', 'bg-success'],
  ritirato: ['Ritirato', 'bg-dark'],
};
export const statoLabel = (s) => (STATI[s] ?? [s])[0];
export function statoBadge(s) {
  return h('span', { class: `badge ${(STATI[s] ?? [s, 'bg-secondary'])[1]}`, dataset: { stato: s } }, statoLabel(s));
}

// Table Schema field types offered by the schema builder (STANDARDS.md §6);
// the JSON editor accepts every other key.
export const TIPI = [
  ['string', 'Testo'], ['integer', 'Numero intero'], ['number', 'Numero decimale'],
  ['boolean', 'Sì/no'], ['date', 'Data'], ['time', 'Ora'], ['datetime', 'Data e ora'],
  ['year', 'Anno'], ['yearmonth', 'Anno e mese'], ['duration', 'Durata'],
  ['geopoint', 'Punto geografico'], ['geojson', 'GeoJSON'], ['object', 'Oggetto JSON'],
  ['array', 'Lista JSON'], ['any', 'Qualsiasi'],
];
export const tipoLabel = (t) => (TIPI.find(([c]) => c === t) ?? [t, t ?? 'Testo'])[1];

// A short Italian description of a field's rules ("obbligatorio, valori: A, B").
export function regoleCampo(f) {
  const c = f.constraints ?? {};
  const out = [];
  if (c.required) out.push('obbligatorio');
  if (c.unique) out.push('unico');
  if (Array.isArray(c.enum)) out.push(`valori ammessi: ${c.enum.join(', ')}`);
  if (c.minimum !== undefined) out.push(`minimo ${c.minimum}`);
  if (c.maximum !== undefined) out.push(`massimo ${c.maximum}`);
  if (c.minLength !== undefined) out.push(`almeno ${c.minLength} caratteri`);
  if (c.maxLength !== undefined) out.push(`al più ${c.maxLength} caratteri`);
  if (c.pattern !== undefined) out.push(`forma ${c.pattern}`);
  if (f.format && f.format !== 'default') out.push(`formato ${f.format}`);
  return out.join('; ');
}

// The schema's fields as a table (name, title, type, rules).
export function tabellaSchema(schema, { id, caption = 'Campi dello schema' } = {}) {
  const pk = [].concat(schema?.primaryKey ?? []);
  return h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm', id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Colonna', 'Titolo', 'Tipo', 'Regole'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, (schema?.fields ?? []).map((f) => h('tr', {},
      h('th', { scope: 'row' }, h('code', {}, f.name)),
      h('td', {}, f.title ?? '—'),
      h('td', {}, tipoLabel(f.type ?? 'string')),
      h('td', {}, [regoleCampo(f), pk.includes(f.name) ? 'chiave primaria' : ''].filter(Boolean).join('; ') || '—'))))));
}

// The Province's active Comuni [{codice_istat, nome}] by name.
export async function comuniDellaProvincia(codice) {
  const prov = await apiGet('/province', { limit: 200 });
  const p = (prov.items ?? prov).find((x) => x.codice === codice);
  if (!p) return [];
  const r = await apiGet('/comuni', { provincia: p.sigla, limit: 500 });
  return r.items;
}

// Unix seconds -> Date.
export const daUnix = (s) => new Date(s * 1000);
