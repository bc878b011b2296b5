// Registro (public): in plain Italian, what the audit log is, when the
// latest signed attestation was published and how to keep copies; in the
// "Per chi verifica" disclosure (open when the URL asks for a page of the
// list) the installation's public key (GET /api/v1/audit/public-key), every
// published checkpoint newest first (GET /api/v1/audit/checkpoints,
// paginated, page in the URL) and the command that verifies them.  The list
// is busy with a visible "Caricamento…" while loading; a failed load (any of
// the three) is shown once at the top, focused, with "Riprova", which loads
// again whatever failed.
import { initSite } from '../lib/site.js';
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { formatTimestamp, formatNumber, plural } from '../lib/format.js';
import { renderPager, bindPager, fetchPage, pageSuffix } from '../lib/pager.js';

const PAGE_SIZE = 20;
const table = $('#tabella-checkpoint');
const status = $('#stato-elenco');
const elenco = $('#elenco-checkpoint');
const pager = $('#paginazione-checkpoint');
let pagina = Math.max(1, Number.parseInt(new URLSearchParams(window.location.search).get('pagina') ?? '1', 10) || 1);

const hrefFor = (p) => (p > 1 ? `/registro.html?pagina=${p}` : '/registro.html');

// What failed, to load again from the one "Riprova".
const falliti = new Set();
function fallito(err, what) {
  falliti.add(what);
  showApiError(err, 'registro', {
    retry: () => {
      const todo = [...falliti];
      falliti.clear();
      for (const f of todo) f();
    },
  });
}

function row(cp) {
  return h('tr', { dataset: { seq: String(cp.seq) } },
    h('td', { class: 'text-nowrap-sm' }, h('time', { datetime: cp.time, title: `${cp.time} (UTC)` }, formatTimestamp(cp.time))),
    h('td', { class: 'num' }, cp.seq === 0 ? 'nessuna (registro vuoto)' : `n. ${cp.seq}`),
    h('td', { class: 'hash' }, cp.hash),
    h('td', { class: 'hash' }, cp.signature));
}

async function loadKey() {
  const st = $('#stato-chiave');
  try {
    const { public_key: pk } = await apiGet('/audit/public-key');
    $('#chiave-pubblica').textContent = pk;
    $('#chiave-pubblica').hidden = false;
    $('#comando-verifica').textContent = `areavasta audit verify --db areavasta.db --checkpoint checkpoint.json --public-key ${pk}`;
    st.textContent = 'Chiave pubblica Ed25519 (64 cifre esadecimali):';
  } catch (err) {
    st.textContent = 'Chiave pubblica non disponibile.';
    fallito(err, loadKey);
  }
}

// The plain sentence: when the latest attestation was published.
async function loadLatest() {
  const st = $('#stato-ultimo');
  try {
    const { items } = await apiGet('/audit/checkpoints', { limit: 1 });
    st.textContent = items.length
      ? `L'ultima attestazione è stata pubblicata il ${formatTimestamp(items[0].time)}.`
      : 'Nessuna attestazione è stata ancora pubblicata.';
  } catch (err) {
    st.textContent = 'Le attestazioni non sono disponibili.';
    fallito(err, loadLatest);
  }
}

async function load() {
  clearError('registro');
  setLoading(elenco, true, { status, text: 'Caricamento…' });
  try {
    const get = (offset, limit) => apiGet('/audit/checkpoints', { limit, offset });
    const { data, pages, ...got } = await fetchPage(get, pagina, PAGE_SIZE);
    pagina = got.pagina;
    clear($('tbody', table)).append(...data.items.map(row));
    table.hidden = data.items.length === 0;
    setLoading(elenco, false, { status });
    status.textContent = data.total === 0
      ? 'Nessun checkpoint pubblicato finora.'
      : `${formatNumber(data.total)} ${plural(data.total, 'checkpoint pubblicato', 'checkpoint pubblicati')}, dal più recente`
        + pageSuffix(pagina, pages);
    renderPager(pager, { pagina, pages, hrefFor });
    window.history.replaceState(null, '', hrefFor(pagina));
  } catch (err) {
    setLoading(elenco, false, { status, text: 'I checkpoint non sono disponibili.' });
    table.hidden = true;
    pager.hidden = true;
    fallito(err, load);
  }
}

bindPager(pager, async (p) => {
  pagina = p;
  await load();
});
if (pagina > 1) $('#per-chi-verifica').open = true;
initSite();
loadLatest();
loadKey();
load();
