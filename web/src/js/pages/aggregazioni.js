// Aggregation of demand (sua_officer): GET /api/v1/sua/province/{p}/
// aggregazioni shows each suggestion (Comuni, total, the rules engine's
// regime and procedures, one lot per request, the estimated saving);
// "Crea la gara" accepts it (a draft tender, then its editor) and
// "Rifiuta" records the reason.  Below, the splitting alerts
// (/frazionamenti) with "Registra le ragioni".  The Province comes from
// ?provincia= or the officer's first grant; the criteria are typed in
// Italian (5.500,00) and sent as integers.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField } from '../lib/form.js';
import { openDialog } from '../lib/dialog.js';
import { formatEuroCents, formatData, parseImporto, parseIntero } from '../lib/numeri.js';
import { plural } from '../lib/format.js';

const area = $('#area-aggregazioni');
const form = $('#form-parametri');
const sugStatus = $('#stato-suggerimenti');
const sugList = $('#elenco-suggerimenti');
const frStatus = $('#stato-frazionamenti');
const frList = $('#elenco-frazionamenti');
let provincia = null;
let params = {};

const TIPO = { lavori: 'Lavori', servizi: 'Servizi', forniture: 'Forniture' };

function readParams() {
  clearFieldErrors(form);
  const out = {};
  const cifre = parseIntero($('#par-cifre').value, { min: 2, max: 8 });
  if (!cifre.ok) { markField(form, 'cifre_cpv', 'Da 2 a 8 cifre.', { focus: true }); return null; }
  out.cifre_cpv = cifre.value;
  const fin = parseIntero($('#par-finestra').value, { min: 0, max: 730 });
  if (!fin.ok) { markField(form, 'finestra_giorni', 'Da 0 a 730 giorni.', { focus: true }); return null; }
  out.finestra_giorni = fin.value;
  const costo = parseImporto($('#par-costo').value, { min: 0, max: 1e9 });
  if (!costo.ok) { markField(form, 'costo_procedura_cents', costo.message || 'Importo non valido.', { focus: true }); return null; }
  out.costo_procedura_cents = costo.cents;
  return out;
}

function lotRows(s) {
  const regimi = (s.consiglio.lotti && s.consiglio.lotti.lotti) || [];
  return s.richieste.map((r, i) => {
    const l = regimi[i] || {};
    return h('tr', {},
      h('th', { scope: 'row' }, String(i + 1)),
      h('td', {}, r.comune_nome || r.comune),
      h('td', {}, r.oggetto),
      h('td', {}, h('span', { class: 'codice' }, r.cpv)),
      h('td', { class: 'text-end' }, formatEuroCents(r.importo_cents)),
      h('td', {}, formatData(r.data_aggiudicazione)),
      h('td', {}, l.regime === 'sopra_soglia' ? 'europeo' : (l.regime ? 'sotto soglia' : '—')));
  });
}

function card(s) {
  const reg = s.consiglio.regime || {};
  const procs = (s.consiglio.procedure || []).map((p) => p.nome).join(', ');
  const sav = s.risparmio;
  const deciso = s.decisione;
  const actions = h('div', { class: 'd-flex flex-wrap gap-2 mt-3' });
  if (!deciso) {
    const accept = h('button', { type: 'button', class: 'btn btn-primary', dataset: { accetta: s.chiave } }, 'Crea la gara');
    const reject = h('button', { type: 'button', class: 'btn btn-outline-danger', dataset: { rifiuta: s.chiave } }, 'Rifiuta');
    accept.addEventListener('click', () => acceptSuggestion(s, accept));
    reject.addEventListener('click', () => rejectSuggestion(s));
    actions.append(accept, reject);
  } else {
    actions.append(h('p', { class: 'mb-0' }, deciso.esito === 'accettata'
      ? h('a', { href: `/gara-modifica.html?id=${deciso.gara_id}` }, `Accettato: gara n. ${deciso.gara_id}`)
      : `Rifiutato: ${deciso.motivo || ''}`));
  }
  const title = `${TIPO[s.tipo] || s.tipo}, CPV ${s.cpv_gruppo}…: ${s.comuni} Comuni, ${s.richieste.length} richieste`;
  return h('article', { class: 'card card-bg mb-4', dataset: { suggerimento: s.chiave } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h5 card-title' }, title),
      h('dl', { class: 'row mb-2' },
        h('dt', { class: 'col-sm-4' }, 'Valore complessivo'), h('dd', { class: 'col-sm-8' }, formatEuroCents(s.totale_cents)),
        h('dt', { class: 'col-sm-4' }, 'Regime'), h('dd', { class: 'col-sm-8' },
          s.consiglio.sopra_soglia_ue ? `sopra la soglia europea (${formatEuroCents(reg.soglia_cents)})` : `sotto la soglia europea (${formatEuroCents(reg.soglia_cents)})`),
        h('dt', { class: 'col-sm-4' }, 'Procedure ammesse'), h('dd', { class: 'col-sm-8' }, procs || '—'),
        h('dt', { class: 'col-sm-4' }, 'Risparmio stimato'), h('dd', { class: 'col-sm-8' },
          `${formatEuroCents(sav.risparmio_procedure_cents)}: ${sav.procedure_evitate} ${plural(sav.procedure_evitate, 'procedura evitata', 'procedure evitate')} × ${formatEuroCents(sav.costo_procedura_cents)}. `,
          h('span', { class: 'text-secondary' }, sav.ribasso_aggiuntivo.stimabile ? '' : 'Ribasso aggiuntivo per dimensione: non stimabile (servono almeno 10 aggiudicazioni storiche).'))),
      h('div', { class: 'table-responsive' },
        h('table', { class: 'table table-sm' },
          h('caption', {}, 'Un lotto per richiesta'),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'Lotto'), h('th', { scope: 'col' }, 'Comune'), h('th', { scope: 'col' }, 'Oggetto'),
            h('th', { scope: 'col' }, 'CPV'), h('th', { scope: 'col', class: 'text-end' }, 'Importo'),
            h('th', { scope: 'col' }, 'Aggiudicazione voluta'), h('th', { scope: 'col' }, 'Regime del lotto'))),
          h('tbody', {}, ...lotRows(s)))),
      actions));
}

async function loadSuggestions() {
  clearError('elenco-suggerimenti');
  setLoading(sugList, true, { status: sugStatus, text: 'Caricamento…' });
  try {
    const r = await apiGet(`/sua/province/${provincia}/aggregazioni`, params);
    setLoading(sugList, false, { status: sugStatus });
    clear(sugList).append(...r.suggerimenti.map(card));
    const open = r.suggerimenti.filter((s) => !s.decisione).length;
    sugStatus.textContent = r.suggerimenti.length === 0
      ? `Nessun suggerimento: ${r.richieste_esaminate} ${plural(r.richieste_esaminate, 'richiesta aperta esaminata', 'richieste aperte esaminate')}.`
      : `${r.suggerimenti.length} ${plural(r.suggerimenti.length, 'suggerimento', 'suggerimenti')}, ${open} da valutare.`;
  } catch (err) {
    setLoading(sugList, false, { status: sugStatus, text: 'Suggerimenti non disponibili.' });
    showApiError(err, 'elenco-suggerimenti', { retry: loadSuggestions });
  }
}

function ids(s) {
  return s.richieste.map((r) => r.id);
}

async function acceptSuggestion(s, button) {
  button.disabled = true;
  try {
    const r = await apiSend('POST', `/sua/province/${provincia}/aggregazioni/accetta`, { richieste: ids(s) });
    window.location.assign(`/gara-modifica.html?id=${r.gara_id}`);
  } catch (err) {
    button.disabled = false;
    showApiError(err, 'elenco-suggerimenti', { retry: loadSuggestions });
  }
}

function motivoField(id, label) {
  return h('div', { class: 'mb-3' },
    h('label', { for: id, class: 'form-label' }, label),
    h('textarea', { id, name: 'motivo', class: 'form-control', rows: '4', maxlength: '2000', required: true }),
    h('div', { class: 'invalid-feedback', hidden: true }));
}

async function rejectSuggestion(s) {
  const ok = await openDialog({
    title: 'Rifiutare il suggerimento?',
    intro: 'Le richieste restano nella casella della SUA; il suggerimento non sarà più proposto. Indica perché.',
    content: [motivoField('motivo-rifiuto', 'Motivo')],
    submitLabel: 'Rifiuta',
    danger: true,
    onSubmit: (f) => apiSend('POST', `/sua/province/${provincia}/aggregazioni/rifiuta`, { richieste: ids(s), motivo: f.motivo.value.trim() }),
  });
  if (ok !== null) {
    await loadSuggestions();
    $('#titolo-suggerimenti').focus();
  }
}

function alertCard(a) {
  const rows = a.richieste.map((r) => h('tr', {},
    h('td', {}, String(r.id)), h('td', {}, r.oggetto), h('td', {}, h('span', { class: 'codice' }, r.cpv)),
    h('td', { class: 'text-end' }, formatEuroCents(r.importo_cents)), h('td', {}, r.giustificata ? 'sì' : 'no')));
  const fascia = (f) => (f.sopra_soglia_ue ? 'sopra la soglia europea' : `${(f.procedura || '').replace(/_/g, ' ')}`);
  const actions = h('div', { class: 'mt-2' });
  if (!a.giustificato) {
    const b = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm' }, 'Registra le ragioni oggettive');
    b.addEventListener('click', () => justify(a));
    actions.append(b);
  } else {
    actions.append(h('p', { class: 'mb-0 text-success' }, 'Ragioni registrate.'));
  }
  return h('article', { class: 'card card-bg mb-3', dataset: { allarme: `${a.comune}-${a.tipo}-${a.cpv_gruppo}` } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h6 card-title' }, `Comune ${a.comune}: ${TIPO[a.tipo] || a.tipo}, CPV ${a.cpv_gruppo}…, totale ${formatEuroCents(a.totale_cents)}`),
      h('p', {}, `Da sola la richiesta più grande sarebbe: ${fascia(a.fascia_singola)}; sommate: ${fascia(a.fascia_somma)}.`),
      h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm' },
        h('caption', { class: 'visually-hidden' }, 'Richieste sommate'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'N.'), h('th', { scope: 'col' }, 'Oggetto'),
          h('th', { scope: 'col' }, 'CPV'), h('th', { scope: 'col', class: 'text-end' }, 'Importo'), h('th', { scope: 'col' }, 'Giustificata'))),
        h('tbody', {}, ...rows))),
      actions));
}

async function loadAlerts() {
  clearError('elenco-frazionamenti');
  setLoading(frList, true, { status: frStatus, text: 'Caricamento…' });
  try {
    const r = await apiGet(`/sua/province/${provincia}/frazionamenti`);
    setLoading(frList, false, { status: frStatus });
    clear(frList).append(...r.allarmi.map(alertCard));
    frStatus.textContent = r.allarmi.length === 0 ? 'Nessun allarme di frazionamento.'
      : `${r.allarmi.length} ${plural(r.allarmi.length, 'allarme', 'allarmi')}.`;
  } catch (err) {
    setLoading(frList, false, { status: frStatus, text: 'Allarmi non disponibili.' });
    showApiError(err, 'elenco-frazionamenti', { retry: loadAlerts });
  }
}

async function justify(a) {
  const ok = await openDialog({
    title: 'Ragioni oggettive',
    intro: 'Perché queste richieste dello stesso Comune vanno trattate separatamente (art. 14 c.6)?',
    content: [motivoField('motivo-frazionamento', 'Ragioni oggettive')],
    submitLabel: 'Registra',
    onSubmit: (f) => apiSend('POST', `/sua/province/${provincia}/frazionamenti/giustifica`,
      { richieste: a.richieste.filter((r) => !r.giustificata).map((r) => r.id), motivo: f.motivo.value.trim() }),
  });
  if (ok !== null) {
    await loadAlerts();
    $('#titolo-frazionamenti').focus();
  }
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'sua_officer', forbidden: 'Questa pagina è riservata ai funzionari della Stazione Unica Appaltante.' })) return;
  const grants = me.roles.filter((r) => r.role === 'sua_officer' && r.ente.startsWith('provincia:')).map((r) => r.ente.slice(10));
  const asked = new URLSearchParams(window.location.search).get('provincia');
  provincia = grants.includes(asked) ? asked : grants[0];
  if (!provincia) return;
  $('#provincia-scelta').textContent = `Provincia: ${provincia}`;
  area.hidden = false;
  params = readParams() || {};
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = readParams();
    if (!p) return;
    params = p;
    loadSuggestions();
  });
  loadSuggestions();
  loadAlerts();
});
