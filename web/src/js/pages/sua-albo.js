// "Albo fornitori" (the Province's SUA officer): the albo with filters (GET
// /sua/albo, paged by cursor), each entry with its data, codes and
// qualifications, and the decisions the state allows: approve, reject or
// suspend with a reason, re-activate (POST /sua/albo/{id}/<azione>); the
// documents each company filed, expired ones flagged (lib/albo-documenti.js).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { markField } from '../lib/form.js';
import { options } from '../lib/sua.js';
import { STATI_ALBO, statoAlboBadge, soaText } from '../lib/albo.js';
import { documentiSection } from '../lib/albo-documenti.js';

const filtri = $('#form-filtri');
const list = $('#elenco-albo');
const status = $('#stato-albo');
const more = $('#altri-albo');
let next = null;

options($('#f-stato'), STATI_ALBO, 'Tutti gli stati');

const AZIONI = {
  in_revisione: [['approva', 'Approva', false], ['respingi', 'Respingi', true]],
  approvato: [['sospendi', 'Sospendi', true]],
  sospeso: [['riattiva', 'Riattiva', false]],
  respinto: [],
};

function entryCard(e) {
  const motivoId = `motivo-${e.id}`;
  const card = h('article', { class: 'card card-bg mb-3 iscrizione', dataset: { id: e.id, piva: e.partita_iva } });
  const render = (x) => {
    const needs = (AZIONI[x.stato] ?? []).some(([, , m]) => m);
    clear(card).append(h('div', { class: 'card-body' },
      h('h2', { class: 'h5 card-title' }, `${x.ragione_sociale} `, statoAlboBadge(x.stato)),
      h('p', { class: 'mb-1' }, `P. IVA ${x.partita_iva} — C.F. ${x.codice_fiscale} — PEC ${x.pec}`),
      h('p', { class: 'mb-1' }, `Sede: ${x.indirizzo}, ${x.comune_nome ?? x.comune}. Legale rappresentante: ${x.legale_rappresentante.nome} (${x.legale_rappresentante.codice_fiscale})`),
      h('p', { class: 'mb-1' }, `CPV: ${x.cpv.join(', ') || 'nessuno'}`),
      x.soa.length ? h('p', { class: 'mb-1' }, `SOA: ${x.soa.map(soaText).join('; ')}`) : null,
      x.motivo ? h('p', { class: 'mb-1' }, `Motivo: ${x.motivo}`) : null,
      needs ? h('div', { class: 'mb-2' },
        h('label', { for: motivoId, class: 'form-label' }, 'Motivo (per respingere o sospendere)'),
        h('input', { id: motivoId, name: 'motivo', type: 'text', class: 'form-control', maxlength: '4000' })) : null,
      h('div', { class: 'd-flex flex-wrap gap-2' }, ...(AZIONI[x.stato] ?? []).map(([azione, label, conMotivo]) => h('button', {
        type: 'button', class: `btn btn-sm ${conMotivo ? 'btn-outline-danger' : 'btn-primary'}`, dataset: { azione },
        onclick: async (ev) => {
          ev.currentTarget.disabled = true;
          clearError(`albo-${x.id}`);
          try {
            const body = conMotivo ? { motivo: $(`#${motivoId}`, card).value.trim() } : undefined;
            render(await apiSend('POST', `/sua/albo/${x.id}/${azione}`, body));
            card.querySelector('h2').setAttribute('tabindex', '-1');
            card.querySelector('h2').focus();
          } catch (err) {
            if (!(err.field === 'motivo' && markField(card, 'motivo', err.message, { focus: true }))) showApiError(err, `albo-${x.id}`);
            ev.target.disabled = false;
          }
        },
      }, label))),
      documentiSection(x.id, { headingLevel: 'h3' })));
  };
  render(e);
  return card;
}

async function load(reset) {
  const params = {};
  for (const k of ['stato', 'cpv', 'soa', 'comune', 'q']) {
    const v = filtri.elements[k].value.trim();
    if (v) params[k] = k === 'soa' ? v.toUpperCase() : v;
  }
  if (!reset && next) params.after = next;
  if (reset) clear(list);
  status.textContent = 'Caricamento dell\'albo…';
  try {
    const r = await apiGet('/sua/albo', params);
    list.append(...r.items.map(entryCard));
    next = r.next;
    more.hidden = !next;
    status.textContent = r.total ? `${r.total} iscrizioni.` : 'Nessuna iscrizione con questi filtri.';
  } catch (err) {
    status.textContent = 'Albo non disponibile.';
    if (!err.field || !markField(filtri, err.field, err.message, { focus: true })) showApiError(err, 'albo');
  }
}

filtri.addEventListener('submit', (ev) => { ev.preventDefault(); load(true); });
more.addEventListener('click', () => load(false));

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'sua_officer', forbidden: 'Questa pagina è per i funzionari della Stazione Unica Appaltante.',
  })) return;
  $('#area-albo').hidden = false;
  const stato = new URLSearchParams(window.location.search).get('stato');
  if (STATI_ALBO.some(([s]) => s === stato)) $('#f-stato').value = stato;
  load(true);
});
