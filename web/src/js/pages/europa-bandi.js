// Bandi europei e per i Comuni: the public catalogue of calls
// (GET /api/v1/bandi) with its facets (programme and state with their
// counts from GET /api/v1/europa/facette, a deadline range), search by
// word beginnings, and "Mostra altri" pages through the list's cursor.
// The filters live in the URL so reload and "back" return to the same list.
import { initSite } from '../lib/site.js';
import { apiGet, isAbort } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { formatTotale, plural } from '../lib/format.js';
import { formatEuroCents } from '../lib/numeri.js';
import { setFieldError } from '../lib/form.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { STATI_BANDO, FONTI } from '../lib/europa.js';

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

facette();
load(false);
