// What the public tender pages share (bandi.js, bando.js, the Comune card in
// comuni.js): Italian labels of a tender's type and state, its row in a
// table of tenders, and the countdown to a deadline.
import { h } from './dom.js';
import { formatEuroCents, formatData } from './numeri.js';

export const TIPI = { lavori: 'Lavori', servizi: 'Servizi', forniture: 'Forniture' };
export const STATI = { pubblicata: 'Pubblicata', chiusa: 'Chiusa', annullata: 'Annullata' };
const STATO_CLASS = { pubblicata: 'bg-success', chiusa: 'bg-secondary', annullata: 'bg-danger' };

export const tipoLabel = (t) => TIPI[t] ?? t ?? '—';
export const statoLabel = (s) => STATI[s] ?? s ?? '—';

export function statoBadge(stato) {
  return h('span', { class: `badge ${STATO_CLASS[stato] ?? 'bg-secondary'}` }, statoLabel(stato));
}

// The beneficiary Comuni of a list item: "Arzignano, Vicenza e altri 3".
export function comuniText(g) {
  const names = (g.comuni ?? []).map((c) => c.nome);
  const more = g.altri_comuni ? ` e altri ${g.altri_comuni}` : '';
  return names.length ? names.join(', ') + more : '—';
}

// One row of a table of tenders (columns of bandi.html's table).
export function garaRow(g) {
  return h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `/bando.html?id=${encodeURIComponent(g.id)}` }, g.oggetto)),
    h('td', {}, tipoLabel(g.tipo)),
    h('td', {}, statoBadge(g.stato)),
    h('td', {}, comuniText(g)),
    h('td', { class: 'num' }, formatEuroCents(g.importo_cents)),
    h('td', {}, formatData(g.data_pubblicazione)),
    h('td', {}, g.termine_offerte ? g.termine_offerte.locale : '—'));
}

// Time left until the ISO instant `iso` from `now` (ms), in Italian:
// "mancano 3 giorni e 4 ore", "manca 1 giorno e 1 ora", "mancano 25 minuti",
// "termine scaduto".  Whole units, rounded down.
export function countdownText(iso, now = Date.now()) {
  const left = Date.parse(iso) - now;
  if (!Number.isFinite(left)) return '';
  if (left <= 0) return 'termine scaduto';
  const min = Math.floor(left / 60000);
  const days = Math.floor(min / 1440);
  const hours = Math.floor((min % 1440) / 60);
  const mins = min % 60;
  const unit = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  let parts;
  if (days > 0) parts = [unit(days, 'giorno', 'giorni'), hours ? unit(hours, 'ora', 'ore') : null];
  else if (hours > 0) parts = [unit(hours, 'ora', 'ore'), mins ? unit(mins, 'minuto', 'minuti') : null];
  else parts = [unit(Math.max(mins, 1), 'minuto', 'minuti')];
  parts = parts.filter(Boolean);
  const first = Number.parseInt(parts[0], 10);
  const verb = parts.length === 1 && first === 1 ? 'manca' : 'mancano';
  return `${verb} ${parts.join(' e ')}`;
}
