// Shared pieces of the albo fornitori pages (impresa, sua-albo, sua-inviti):
// the states' labels and badges, the partita IVA of the operator's role, the
// SOA lines typed as "OG3 III 30/06/2028".
import { h } from './dom.js';

export const STATI_ALBO = [
  ['in_revisione', 'In revisione'],
  ['approvato', 'Approvato'],
  ['sospeso', 'Sospeso'],
  ['respinto', 'Respinto'],
];
const BADGE = { in_revisione: 'bg-warning text-dark', approvato: 'bg-success', sospeso: 'bg-secondary', respinto: 'bg-danger' };

export function statoAlboBadge(s) {
  const label = (STATI_ALBO.find(([k]) => k === s) ?? [s, s])[1];
  return h('span', { class: `badge ${BADGE[s] ?? 'bg-secondary'}`, dataset: { stato: s } }, label);
}

// The partita IVA of the operator role the user holds (or, for a
// self-registration not approved yet, of its applicant role), or null.
export function pivaOf(me) {
  const roles = me?.roles ?? [];
  const r = roles.find((x) => x.role === 'operator' && x.ente.startsWith('operatore:'))
    ?? roles.find((x) => x.role === 'applicant' && x.ente.startsWith('operatore:'));
  return r ? r.ente.slice(10) : null;
}

// "OG3 III 30/06/2028" lines -> [{categoria, classe, scadenza}].
export function parseSoa(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [categoria = '', classe = '', scadenza = ''] = l.split(/\s+/);
    return { categoria: categoria.toUpperCase(), classe, scadenza };
  });
}

export function soaText(s) {
  return `${s.categoria} classifica ${s.classe}, scadenza ${s.scadenza.split('-').reverse().join('/')}${s.scaduta ? ' (scaduta)' : ''}`;
}
