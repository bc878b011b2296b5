// Bandi europei e per i Comuni: the public catalogue of calls
// (GET /api/v1/bandi) with its facets (programme and state with their
// counts from GET /api/v1/europa/facette, a deadline range), search by
// word beginnings, and "Mostra altri" pages through the list's cursor.
// The filters live in the URL so reload and "back" return to the same list.
// A Comune's referent saves the current filters as a search with alerts
// (POST /api/v1/comuni/{codice}/ricerche); the EU desk creates a manual
// call and imports a file of calls (POST /api/v1/europa/importazioni, a
// background job followed with its progress).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { formatTotale, plural, formatNumber } from '../lib/format.js';
import { formatEuroCents, parseImporto, parsePercentuale } from '../lib/numeri.js';
import { setFieldError, markFields, clearFieldErrors, focusFirstInvalid } from '../lib/form.js';
import { getMe, hasRole } from '../lib/session.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { STATI_BANDO, FONTI } from '../lib/europa.js';
import { uploadFile, followJob, createJobProgress } from '../lib/job.js';

const FILTRI = ['q', 'programma', 'stato', 'scadenza_da', 'scadenza_a'];
const PAGE = 20;

initSite();

const params = new URLSearchParams(window.location.search);
const state = Object.fromEntries(FILTRI.map((k) => [k, (params.get(k) ?? '').trim()]));
// Without filters in the address, the calls still open to applications.
if (![...params.keys()].length) state.stato = 'aperto';
const form = $('#form-bandi-eu');
const status = $('#stato-bandi-eu');
const list = $('#elenco-bandi-eu');
const more = $('#altri-bandi-eu');
let next = null;
let controller = null;

$('#eu-q').value = state.q;
$('#eu-stato').value = state.stato;
$('#eu-da').value = state.scadenza_da;
$('#eu-a').value = state.scadenza_a;
bindDateField($('#eu-da'));
bindDateField($('#eu-a'));

const query = () => Object.fromEntries(FILTRI.map((k) => [k, state[k]]).filter(([, v]) => v !== ''));

function item(b) {
  const stato = STATI_BANDO[b.stato] ?? b.stato;
  return h('li', { class: 'bando-eu card-wrapper pb-3', dataset: { stato: b.stato } },
    h('article', { class: 'card card-bg' },
      h('div', { class: 'card-body' },
        h('p', { class: 'mb-1 small' },
          h('span', { class: `badge me-2 ${b.stato === 'aperto' ? 'bg-success' : 'bg-secondary'}` }, stato),
          b.programma_nome || b.programma_codice || '',
          b.identificativo ? ` · ${b.identificativo}` : ''),
        h('h3', { class: 'h5 card-title' },
          h('a', { href: `/europa-bando.html?id=${b.id}` }, b.titolo)),
        h('p', { class: 'mb-0' },
          b.scadenza_finale_it ? `Scadenza: ${b.scadenza_finale_it} (ora italiana)` : 'Scadenza non indicata',
          b.modello_scadenze === 'due_fasi' ? ' · due fasi' : '',
          b.modello_scadenze === 'cut_off_multipli' ? ' · più scadenze' : '',
          Number.isInteger(b.budget_totale_cent) ? ` · budget ${formatEuroCents(b.budget_totale_cent)}` : ''),
        h('p', { class: 'mb-0 small text-muted' }, FONTI[b.fonte] ?? b.fonte))));
}

async function load(append) {
  controller?.abort();
  controller = new AbortController();
  clearError();
  setLoading(list, true, { status, text: 'Caricamento dei bandi…' });
  try {
    const p = { ...query(), limit: PAGE };
    if (append && next) p.after = next;
    const data = await apiGet('/bandi', p, { signal: controller.signal });
    if (!append) clear(list);
    for (const b of data.items) list.append(item(b));
    next = data.next;
    more.hidden = !next;
    const shown = list.children.length;
    setLoading(list, false, {
      status,
      text: data.total === 0 ? 'Nessun bando trovato.'
        : `${formatTotale(data)} ${plural(data.total, 'bando trovato', 'bandi trovati')}; ${shown} ${plural(shown, 'mostrato', 'mostrati')}.`,
    });
  } catch (e) {
    if (isAbort(e)) return;
    setLoading(list, false, { status, text: '' });
    showApiError(e, 'generale', { retry: () => load(append) });
  }
}

async function facette() {
  try {
    const f = await apiGet('/europa/facette');
    const sel = $('#eu-programma');
    for (const p of f.programmi) {
      sel.append(h('option', { value: p.codice }, `${p.nome || p.codice} (${p.n})`));
    }
    sel.value = state.programma;
    const counts = Object.fromEntries(f.stati.map((s) => [s.stato, s.n]));
    for (const opt of $('#eu-stato').options) {
      if (opt.value && counts[opt.value] !== undefined) opt.textContent = `${STATI_BANDO[opt.value]} (${counts[opt.value]})`;
    }
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'generale');
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  let ok = true;
  for (const [k, sel] of [['scadenza_da', '#eu-da'], ['scadenza_a', '#eu-a']]) {
    const r = readDateField($(sel));
    if (!r.ok) {
      setFieldError($(sel), r.message);
      ok = false;
    } else {
      setFieldError($(sel), null);
      state[k] = r.value;
    }
  }
  if (!ok) return;
  state.q = $('#eu-q').value.trim();
  state.programma = $('#eu-programma').value;
  state.stato = $('#eu-stato').value;
  const qs = new URLSearchParams(query()).toString();
  window.history.replaceState(null, '', `/europa-bandi.html${qs ? `?${qs}` : ''}`);
  next = null;
  load(false);
});
more.addEventListener('click', () => load(true));

// The EU desk's manual call (POST /api/v1/bandi); the scheda is then
// written on the call's own page.
async function nuovoBando() {
  const me = await getMe();
  if (!hasRole(me, 'sape_officer')) return;
  const form = $('#form-nuovo-bando');
  $('#nuovo-bando').hidden = false;
  for (const sel of ['#n-s1', '#n-s2']) bindDateField($(sel));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    clearFieldErrors(form);
    const v = (sel) => $(sel).value.trim();
    const body = { fonte: v('#n-fonte'), stato: v('#n-stato'), modello_scadenze: v('#n-modello') };
    for (const [k, sel] of [['chiave_fonte', '#n-chiave'], ['titolo', '#n-titolo'], ['programma_codice', '#n-programma'],
      ['url', '#n-url'], ['descrizione', '#n-descrizione']]) {
      if (v(sel) !== '') body[k] = v(sel);
    }
    let ok = true;
    const scadenze = [];
    for (const [i, d, o] of [[0, '#n-s1', '#n-s1-ora'], [1, '#n-s2', '#n-s2-ora']]) {
      const r = readDateField($(d));
      if (!r.ok) { setFieldError($(d), r.message); ok = false; continue; }
      if (r.value === '') continue;
      const s = { fase: body.modello_scadenze === 'due_fasi' ? i + 1 : 1, data: r.value };
      if (v(o) !== '') s.ora = v(o);
      scadenze.push(s);
    }
    if (scadenze.length) body.scadenze = scadenze;
    if (v('#n-budget') !== '') {
      const r = parseImporto(v('#n-budget'), { min: 0 });
      if (r.ok) body.budget_totale_cent = r.cents;
      else { setFieldError($('#n-budget'), r.message); ok = false; }
    }
    if (v('#n-cofin') !== '') {
      const r = parsePercentuale(v('#n-cofin'), { maxDecimals: 2 });
      // Basis points from the decimal text, never through a float.
      const [int, frac = ''] = r.ok ? r.value.split('.') : ['0'];
      if (r.ok) body.cofinanziamento_ue_bp = Number(int) * 100 + Number(frac.padEnd(2, '0'));
      else { setFieldError($('#n-cofin'), r.message); ok = false; }
    }
    if (!ok) { focusFirstInvalid(form); return; }
    try {
      const b = await apiSend('POST', '/bandi', body);
      window.location.assign(`/europa-bando.html?id=${b.id}`);
    } catch (e) {
      if (e.field) markFields(form, [{ path: e.field, message: e.message }]);
      showApiError(e, 'generale');
    }
  });
}

// "Salva questa ricerca": the filters of the list shown (state, not the
// form's unsent edits), for the referent's Comune.
const isoToIt = (d) => (d ? d.split('-').reverse().join('/') : undefined);

function salvaRicerca(me) {
  const comuni = (me?.roles ?? []).filter((r) => r.role === 'comune' && r.ente.startsWith('comune:'));
  if (!comuni.length) return;
  const codice = comuni[0].ente.slice(7);
  const f = $('#form-salva-ricerca');
  const esito = $('#esito-salva-ricerca');
  $('#salva-ricerca').hidden = false;
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    clearFieldErrors(f);
    esito.textContent = '';
    const nome = $('#ric-nome').value.trim();
    if (!nome) {
      setFieldError($('#ric-nome'), 'Dai un nome alla ricerca.');
      focusFirstInvalid(f);
      return;
    }
    const body = {
      nome,
      programma: state.programma || undefined,
      stato: state.stato || undefined,
      q: state.q || undefined,
      scadenza_da: isoToIt(state.scadenza_da),
      scadenza_a: isoToIt(state.scadenza_a),
      avvisi: $('#ric-avvisi').checked,
      solo_ammissibili: $('#ric-solo').checked,
    };
    try {
      await apiSend('POST', `/comuni/${encodeURIComponent(codice)}/ricerche`, body);
      $('#ric-nome').value = '';
      esito.replaceChildren('Ricerca salvata. ', h('a', { href: `/europa-ricerche.html?comune=${encodeURIComponent(codice)}` }, 'Vai alle mie ricerche'));
    } catch (e) {
      // A filter the server refuses belongs to the search form above.
      if (e.field === 'nome') markFields(f, [{ path: 'nome', message: e.message }]);
      else if (e.field) markFields(form, [{ path: e.field, message: e.message }]);
      showApiError(e, 'generale');
    }
  });
}

// The desk's import of a file: queued as a job, followed with its progress.
const ESITO_IMPORT = [
  ['righe', 'Bandi letti'],
  ['duplicati', 'Duplicati nel file'],
  ['nuovi', 'Nuovi'],
  ['modificati', 'Modificati'],
  ['invariati', 'Invariati'],
  ['scadenze_spostate', 'Scadenze spostate'],
  ['chiusi', 'Chiusi'],
  ['campi_tollerati', 'Campi illeggibili lasciati vuoti'],
  ['scartati', "Voci saltate (gare d'appalto, non bandi)"],
  ['avvisi', 'Avvisi inviati alle ricerche salvate'],
];

function importaBandi(me) {
  if (!hasRole(me, 'sape_officer')) return;
  const f = $('#form-importa-bandi');
  const input = $('#imp-file');
  const button = $('#invia-importa-bandi');
  $('#importa-bandi').hidden = false;
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    clearFieldErrors(f);
    const file = input.files[0];
    if (!file) {
      setFieldError(input, 'Scegli il file da importare.');
      focusFirstInvalid(f);
      return;
    }
    button.disabled = true;
    $('#esito-importa-bandi').hidden = true;
    const box = $('#avanzamento-importa');
    box.hidden = false;
    const progress = createJobProgress(box, { label: 'Avanzamento dell\'importazione dei bandi' });
    try {
      const queued = await uploadFile(`/europa/importazioni?formato=${encodeURIComponent($('#imp-formato').value)}`, file);
      const job = await followJob(queued.id, (j) => progress.update(j));
      if (job.state === 'done') {
        $('#esito-importa-dati').replaceChildren(...ESITO_IMPORT.filter(([k]) => Number.isInteger(job.result[k])).flatMap(([k, label]) => [
          h('dt', { class: 'col-sm-6' }, label),
          h('dd', { class: 'col-sm-6', dataset: { esito: k } }, formatNumber(job.result[k])),
        ]));
        $('#esito-importa-bandi').hidden = false;
        $('#titolo-esito-importa').focus();
        next = null;
        load(false);
      }
    } catch (e) {
      if (isAbort(e)) return;
      if (e.field === 'file' || e.field === 'formato') markFields(f, [{ path: e.field, message: e.message }]);
      else showApiError(e, 'generale');
    } finally {
      button.disabled = false;
    }
  });
}

facette();
load(false);
nuovoBando();
getMe().then((me) => {
  salvaRicerca(me);
  importaBandi(me);
});
