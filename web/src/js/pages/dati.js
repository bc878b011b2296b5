// The public catalogue: the published datasets through the CKAN API the
// platform serves (GET /api/3/action/package_search: q, fq, facets), with
// facets for theme, publisher, format and licence (one value per facet, as
// radio buttons: CKAN ANDs the fq terms), paged with "Mostra altri".  The
// state lives in the address (?q=&theme=&organization=...) so that a
// search can be linked and the back button works.
import { initSite } from '../lib/site.js';
import { ApiError, isAbort } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { formatNumber, plural } from '../lib/format.js';

const FACETTE = [['theme', 'Tema'], ['organization', 'Ente'], ['res_format', 'Formato'], ['license_id', 'Licenza']];
const ROWS = 20;
const list = $('#elenco-dataset');
const status = $('#stato-catalogo');
let start = 0;
let ctrl = null;

function stato() {
  const p = new URLSearchParams(window.location.search);
  const out = { q: p.get('q') ?? '' };
  for (const [k] of FACETTE) out[k] = p.get(k) ?? '';
  return out;
}

// CKAN's own envelope: {success, result} or {success: false, error}.
async function ckan(action, params, signal) {
  const u = new URL(`/api/3/action/${action}`, window.location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== '') u.searchParams.set(k, v);
  let res;
  try {
    res = await fetch(u.pathname + u.search, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError('Impossibile contattare il server. Controlla la connessione e riprova.', { code: 'rete' });
  }
  const body = await res.json().catch(() => null);
  if (!res.ok || !body?.success) {
    const e = body?.error ?? {};
    throw new ApiError(e.message ?? 'La ricerca non è riuscita: controlla i termini e riprova.', { status: res.status });
  }
  return body.result;
}

const quote = (v) => `"${String(v).replace(/["\\]/g, '')}"`;

function card(d) {
  const formati = [...new Set((d.resources ?? []).map((r) => r.format).filter(Boolean))];
  const temi = (() => { try { return JSON.parse(d.themes_aggregate ?? '[]').map((t) => t.theme); } catch { return []; } })();
  return h('article', { class: 'card card-bg mb-3 dataset', dataset: { dataset: d.id, nome: d.name } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h5 card-title' }, h('a', { href: `/dataset.html?nome=${encodeURIComponent(d.name)}` }, d.title)),
      h('p', { class: 'small mb-1' }, d.organization?.title ?? d.publisher_name ?? ''),
      h('p', { class: 'mb-2' }, (d.notes ?? '').length > 300 ? `${d.notes.slice(0, 300)}…` : d.notes ?? ''),
      h('p', { class: 'mb-0 d-flex flex-wrap gap-1' },
        formati.map((f) => h('span', { class: 'badge bg-primary' }, f)),
        temi.map((t) => h('span', { class: 'badge bg-secondary' }, t)),
        d.license_title ? h('span', { class: 'badge bg-light text-dark border text-wrap text-start' }, d.license_title) : null)));
}

function faccette(sf, st) {
  const box = clear($('#faccette'));
  for (const [k, label] of FACETTE) {
    const items = sf?.[k]?.items ?? [];
    if (!items.length && !st[k]) continue;
    const name = `f-${k}`;
    const fs = h('fieldset', { class: 'mb-3 faccetta', dataset: { faccetta: k } }, h('legend', { class: 'h6' }, label),
      h('div', { class: 'form-check' },
        h('input', { class: 'form-check-input', type: 'radio', name, id: `${name}-tutti`, value: '', checked: !st[k] }),
        h('label', { class: 'form-check-label', for: `${name}-tutti` }, 'Tutti')),
      items.map((it, i) => h('div', { class: 'form-check' },
        h('input', { class: 'form-check-input', type: 'radio', name, id: `${name}-${i}`, value: it.name, checked: st[k] === it.name }),
        h('label', { class: 'form-check-label', for: `${name}-${i}` }, `${it.display_name} (${formatNumber(it.count)})`))));
    fs.addEventListener('change', (e) => vai({ [k]: e.target.value }));
    box.append(fs);
  }
}

function vai(changes) {
  const st = { ...stato(), ...changes };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(st)) if (v) p.set(k, v);
  history.pushState(null, '', `${window.location.pathname}${p.toString() ? `?${p}` : ''}`);
  carica(true);
}

async function carica(fresh) {
  clearError('catalogo');
  const st = stato();
  if (fresh) {
    start = 0;
    clear(list);
    $('#q').value = st.q;
  }
  ctrl?.abort();
  ctrl = new AbortController();
  setLoading(list, true, { status, text: 'Ricerca in corso…' });
  const fq = FACETTE.filter(([k]) => st[k]).map(([k]) => `${k}:${quote(st[k])}`).join(' ');
  try {
    const r = await ckan('package_search', {
      q: st.q, fq, rows: String(ROWS), start: String(start), sort: 'title_string asc',
      'facet.field': JSON.stringify(FACETTE.map(([k]) => k)),
    }, ctrl.signal);
    list.append(...r.results.map(card));
    start += r.results.length;
    $('#altri-dataset').hidden = start >= r.count;
    faccette(r.search_facets, st);
    setLoading(list, false, { status, text: r.count ? `${formatNumber(r.count)} ${plural(r.count, 'dataset trovato', 'dataset trovati')}.` : 'Nessun dataset corrisponde alla ricerca.' });
  } catch (err) {
    if (isAbort(err)) return;
    setLoading(list, false, { status, text: 'Catalogo non disponibile.' });
    showApiError(err, 'catalogo', { retry: () => carica(true) });
  }
}

$('#form-ricerca').addEventListener('submit', (e) => {
  e.preventDefault();
  vai({ q: $('#q').value.trim() });
});
$('#altri-dataset').addEventListener('click', () => carica(false));
window.addEventListener('popstate', () => carica(true));

initSite().then(() => carica(true));
