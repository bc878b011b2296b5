// "Richieste in arrivo" (the Province's SUA officer): the requests its
// Comuni sent (GET /sua/richieste: never drafts), filtered by state, type,
// Comune, CPV and words of the object, paged by cursor; take one in charge
// (POST .../prendi) or reject it with a reason (POST .../respingi, in a
// dialog).  The filters are kept in the address, so a link from "La mia
// area" (?stato=inviata) opens the right list.  "Documenti e firme" opens
// the attachments with their digital signatures (sua-inbox-firme.js).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markFields } from '../lib/form.js';
import { formatEuroCents, formatData } from '../lib/numeri.js';
import { openDialog, confirmDialog } from '../lib/dialog.js';
import { formatTotale, plural } from '../lib/format.js';
import { STATI, TIPI, options, statoBadge, tipoLabel } from '../lib/sua.js';
import { showFirme } from './sua-inbox-firme.js';

const form = $('#form-filtri');
const table = $('#tabella-inbox');
const status = $('#stato-inbox');
const elenco = $('#elenco-inbox');
const more = $('#altre-inbox');
const FILTERS = ['stato', 'tipo', 'comune', 'cpv', 'q'];
let next = null;

options($('#f-stato'), STATI.filter(([s]) => s !== 'bozza'), 'Tutti');
options($('#f-tipo'), TIPI, 'Tutti');

function filters() {
  const out = {};
  for (const k of FILTERS) {
    const v = $(`#f-${k}`).value.trim();
    if (v) out[k] = v;
  }
  return out;
}

function actionButton(label, hidden, data, cls = 'btn-outline-primary') {
  return h('button', { type: 'button', class: `btn ${cls} btn-sm`, dataset: data },
    label, h('span', { class: 'visually-hidden' }, hidden));
}

async function take(r) {
  const ok = await confirmDialog({
    title: 'Prendere in carico la richiesta?',
    intro: `«${r.oggetto}» del Comune di ${r.comune_nome}: il Comune vedrà che la SUA se ne occupa.`,
    submitLabel: 'Prendi in carico',
    onSubmit: () => apiSend('POST', `/sua/richieste/${r.id}/prendi`),
  });
  if (!ok) return;
  await load(true);
  status.textContent = `Richiesta «${r.oggetto}» presa in carico. ${status.textContent}`;
}

async function reject(r) {
  const input = h('textarea', { id: 'motivo-rifiuto', name: 'motivo', class: 'form-control', rows: '3', maxlength: '2000', required: true });
  const ok = await openDialog({
    title: 'Respingere la richiesta?',
    intro: `«${r.oggetto}» del Comune di ${r.comune_nome}. Il motivo sarà mostrato al Comune.`,
    content: [h('label', { for: 'motivo-rifiuto', class: 'form-label' }, 'Motivo del rifiuto'), input],
    submitLabel: 'Respingi',
    danger: true,
    onSubmit: async (f) => {
      const motivo = input.value.trim();
      if (!motivo) {
        clearFieldErrors(f);
        markFields(f, [{ input, message: 'Scrivi il motivo del rifiuto.' }]);
        throw Object.assign(new Error('Scrivi il motivo del rifiuto.'), { field: 'motivo' });
      }
      return apiSend('POST', `/sua/richieste/${r.id}/respingi`, { motivo });
    },
  });
  if (!ok) return;
  await load(true);
  status.textContent = `Richiesta «${r.oggetto}» respinta. ${status.textContent}`;
}

function row(r) {
  const actions = [];
  if (r.stato === 'inviata') {
    const b = actionButton('Prendi in carico', ` la richiesta ${r.oggetto}`, { azione: 'prendi' }, 'btn-primary');
    b.addEventListener('click', () => take(r));
    actions.push(b);
  }
  if (r.stato === 'inviata' || r.stato === 'presa_in_carico') {
    const b = actionButton('Respingi', ` la richiesta ${r.oggetto}`, { azione: 'respingi' }, 'btn-outline-danger');
    b.addEventListener('click', () => reject(r));
    actions.push(b);
  }
  const doc = actionButton('Documenti e firme', ` della richiesta ${r.oggetto}`, { azione: 'firme' });
  doc.addEventListener('click', () => showFirme(r));
  actions.push(doc);
  return h('tr', { dataset: { richiesta: String(r.id), stato: r.stato } },
    h('th', { scope: 'row' }, r.oggetto, h('br'),
      h('span', { class: 'small fw-normal' }, `${tipoLabel(r.tipo)}, CPV ${r.cpv}`)),
    h('td', {}, r.comune_nome || r.comune),
    h('td', { class: 'text-nowrap' }, formatEuroCents(r.importo_cents)),
    h('td', {}, formatData(r.data_aggiudicazione)),
    h('td', {}, statoBadge(r.stato)),
    h('td', {}, h('div', { class: 'd-flex flex-wrap gap-2' }, actions)));
}

async function load(fresh) {
  clearError('inbox');
  if (fresh) {
    next = null;
    clear($('tbody', table));
  }
  setLoading(elenco, true, { status, text: 'Caricamento delle richieste…' });
  try {
    const params = { ...filters(), limit: 50 };
    if (next) params.after = next;
    const r = await apiGet('/sua/richieste', params);
    $('tbody', table).append(...r.items.map(row));
    next = r.next;
    more.hidden = !next;
    table.hidden = $('tbody', table).children.length === 0;
    setLoading(elenco, false, { status });
    status.textContent = r.total === 0
      ? 'Nessuna richiesta con questi filtri.'
      : `${formatTotale(r)} ${plural(r.total, 'richiesta', 'richieste')}.`;
  } catch (err) {
    setLoading(elenco, false, { status, text: 'Elenco non disponibile.' });
    if (err.field && FILTERS.includes(err.field)) markFields(form, [{ path: err.field, message: err.message }]);
    else showApiError(err, 'inbox', { retry: () => load(true) });
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  const sp = new URLSearchParams(filters());
  window.history.replaceState(null, '', `/sua-inbox.html${sp.toString() ? `?${sp}` : ''}`);
  load(true);
});
more.addEventListener('click', () => load(false));

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'sua_officer', forbidden: 'Le richieste in arrivo sono per i funzionari della Stazione Unica Appaltante.',
  })) return;
  const q = new URLSearchParams(window.location.search);
  for (const k of FILTERS) if (q.get(k)) $(`#f-${k}`).value = q.get(k);
  $('#area-inbox').hidden = false;
  load(true);
});
