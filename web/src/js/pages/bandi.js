// Bandi di gara: the public list of published tenders (GET /api/v1/gare)
// with filters (type, state, beneficiary Comune, CPV, amount, publication
// dates), search as you type on the objects, pages, and the CSV / XLSX
// exports of the same filters (/api/v1/gare.csv, .xlsx).
//
// The filters live in the URL (?q=&tipo=&stato=&comune=&cpv=&importo_min=
// &importo_max=&dal=&al=&pagina=; amounts in cents, dates aaaa-mm-gg) so
// reload, bookmarks and "back" from a tender return to the same results.
// Amounts are typed the Italian way (1.500,00) and dates as gg/mm/aaaa;
// a bad one is marked on its field and the list is not asked.
import { initSite } from '../lib/site.js';
import { apiGet, getIstanza, isAbort } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { debounce } from '../lib/debounce.js';
import { formatTotale, plural } from '../lib/format.js';
import { parseImporto, formatNumero } from '../lib/numeri.js';
import { setFieldError } from '../lib/form.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { renderPager, bindPager, fetchPage, pageSuffix } from '../lib/pager.js';
import { garaRow } from '../lib/portale.js';

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 250;
const FILTRI = ['q', 'tipo', 'stato', 'comune', 'cpv', 'importo_min', 'importo_max', 'dal', 'al'];

initSite();

const params = new URLSearchParams(window.location.search);
const state = Object.fromEntries(FILTRI.map((k) => [k, (params.get(k) ?? '').trim()]));
state.pagina = Math.max(1, Number.parseInt(params.get('pagina') ?? '1', 10) || 1);

const form = $('#form-gare');
const status = $('#stato-gare');
const table = $('#tabella-gare');
const elenco = $('#elenco-gare');
const pager = $('#paginazione');
let controller = null;

// The form shows the state: amounts back from cents, dates as gg/mm/aaaa.
$('#q').value = state.q;
$('#tipo').value = state.tipo;
$('#stato').value = state.stato;
$('#cpv').value = state.cpv;
for (const k of ['importo_min', 'importo_max']) {
  if (/^\d+$/.test(state[k])) $(`#${k}`).value = formatNumero((Number(state[k]) / 100).toFixed(2), 2);
  else state[k] = '';
}
for (const k of ['dal', 'al']) {
  $(`#${k}`).value = state[k];
  bindDateField($(`#${k}`));
}

const query = () => Object.fromEntries(FILTRI.map((k) => [k, state[k]]).filter(([, v]) => v !== ''));

function hrefFor(pagina) {
  const sp = new URLSearchParams(query());
  if (pagina > 1) sp.set('pagina', String(pagina));
  const qs = sp.toString();
  return `/bandi.html${qs ? `?${qs}` : ''}`;
}

// Reads the fields that need parsing; false (fields marked) when one is bad.
function readForm() {
  let ok = true;
  state.q = $('#q').value.trim();
  state.tipo = $('#tipo').value;
  state.stato = $('#stato').value;
  state.comune = $('#comune').value;
  const cpv = $('#cpv').value.trim();
  if (cpv !== '' && !/^\d{2,8}$/.test(cpv)) {
    setFieldError($('#cpv'), 'Scrivi da 2 a 8 cifre del codice CPV (es. 45 o 4521).');
    ok = false;
  } else {
    setFieldError($('#cpv'), null);
    state.cpv = cpv;
  }
  for (const k of ['importo_min', 'importo_max']) {
    const raw = $(`#${k}`).value.trim();
    if (raw === '') {
      setFieldError($(`#${k}`), null);
      state[k] = '';
      continue;
    }
    const p = parseImporto(raw, { min: 0 });
    if (!p.ok) {
      setFieldError($(`#${k}`), p.message);
      ok = false;
    } else {
      setFieldError($(`#${k}`), null);
      state[k] = String(p.cents);
    }
  }
  for (const k of ['dal', 'al']) {
    const p = readDateField($(`#${k}`));
    if (!p.ok) {
      setFieldError($(`#${k}`), p.message);
      ok = false;
    } else {
      setFieldError($(`#${k}`), null);
      state[k] = p.value;
    }
  }
  return ok;
}

function showExports() {
  const qs = new URLSearchParams(query()).toString();
  $('#scarica-csv').href = `/api/v1/gare.csv${qs ? `?${qs}` : ''}`;
  $('#scarica-xlsx').href = `/api/v1/gare.xlsx${qs ? `?${qs}` : ''}`;
}

async function run() {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  setLoading(elenco, true, { status, text: 'Caricamento…' });
  showExports();
  try {
    const get = (offset, limit) => apiGet('/gare', { ...query(), limit, offset }, { signal });
    const { data, pagina, pages } = await fetchPage(get, state.pagina, PAGE_SIZE);
    state.pagina = pagina;
    window.history.replaceState(null, '', hrefFor(state.pagina));
    clearError('gare');
    render(data, pages);
  } catch (e) {
    if (isAbort(e)) return;
    setLoading(elenco, false, { status, text: 'La ricerca non è riuscita.' });
    showApiError(e, 'gare', { retry: run });
    if (e.field && form.elements[e.field]) setFieldError(form.elements[e.field], e.message);
    table.hidden = true;
    pager.hidden = true;
  } finally {
    if (!signal.aborted) setLoading(elenco, false, { status });
  }
}

function render(data, pages) {
  const tbody = clear($('tbody', table));
  for (const g of data.items) tbody.append(garaRow(g));
  table.hidden = data.items.length === 0;
  const what = state.q ? ` per «${state.q}»` : '';
  if (data.total === 0) status.textContent = `Nessun bando di gara trovato${what}.`;
  else status.textContent = `${formatTotale(data)} ${plural(data.total, 'bando trovato', 'bandi trovati')}${what}${pageSuffix(state.pagina, pages)}`;
  renderPager(pager, { pagina: state.pagina, pages, hrefFor });
}

const runSoon = debounce(() => { if (readForm()) run(); }, DEBOUNCE_MS);

$('#q').addEventListener('input', () => {
  if ($('#q').value.trim() === state.q) return;
  state.pagina = 1;
  runSoon();
});
for (const id of ['tipo', 'stato', 'comune']) {
  $(`#${id}`).addEventListener('change', () => {
    state.pagina = 1;
    runSoon.cancel();
    if (readForm()) run();
  });
}
form.addEventListener('submit', (e) => {
  e.preventDefault();
  state.pagina = 1;
  runSoon.cancel();
  if (readForm()) run();
  else form.querySelector('[aria-invalid="true"]')?.focus();
});
bindPager(pager, (p) => { state.pagina = p; return run(); });

// The beneficiary filter: the Comuni of the instance's Province.
async function loadComuni() {
  try {
    const ist = await getIstanza();
    if (ist.provincia) {
      const data = await apiGet('/comuni', { provincia: ist.provincia.sigla, limit: 500 });
      const sel = $('#comune');
      for (const c of data.items) sel.append(h('option', { value: c.codice_istat }, c.nome));
    }
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'comuni', { retry: loadComuni, suffix: ' Il filtro per Comune non è disponibile.' });
  }
  const sel = $('#comune');
  sel.value = state.comune;
  if (sel.value !== state.comune) sel.append(h('option', { value: state.comune }, `Comune ${state.comune}`));
  sel.value = state.comune;
}

loadComuni().then(run);
