// Comuni: search as you type over GET /api/v1/comuni with a Province filter
// (GET /api/v1/province) and paginated results; ?codice=NNNNNN shows the card
// of one Comune (GET /api/v1/comuni/{codice_istat}).
//
// The search state lives in the URL (?q=&provincia=&ordina=&pagina=) so that
// reload, bookmarks and the "back" link from a card return to the same
// results.  Columns Comune, Codice ISTAT and Popolazione sort on the server
// (?ordina=, aria-sort on the header); with one Province chosen its
// Province and Region columns are hidden (the same on every row); "Scarica
// CSV" links /api/v1/comuni.csv with the current filters.  The list is busy
// with a visible "Caricamento…" while a search runs; failed loads (the
// search, the Province list, a card) are shown at the top, focused, with
// "Riprova".
import { initSite } from '../lib/site.js';
import { apiGet, getIstanza, isAbort } from '../lib/api.js';
import { h, $, clear, icon } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { debounce } from '../lib/debounce.js';
import { formatNumber, formatTotale, orDash, plural } from '../lib/format.js';
import { fontiFrase } from '../lib/fonti.js';
import { formatEuroCents } from '../lib/numeri.js';
import { garaRow, TIPI } from '../lib/portale.js';

const PAGE_SIZE = 20;
const ORDINI = ['nome', '-nome', 'codice', '-codice', 'popolazione', '-popolazione'];
const DEBOUNCE_MS = 250;

initSite();
// Where the list and its population come from, and as of when.
getIstanza().then((i) => { $('[data-fonti]').textContent = fontiFrase(i); }).catch(() => {});

const params = new URLSearchParams(window.location.search);
if (params.has('codice')) {
  showScheda(params.get('codice'));
} else {
  initRicerca(params);
}

/* ---------- search ---------- */

function initRicerca(params) {
  const form = $('#form-ricerca');
  const input = $('#q');
  const select = $('#provincia');
  const status = $('#stato-ricerca');
  const table = $('#tabella-comuni');
  const elenco = $('#elenco-comuni');
  const pager = $('#paginazione');
  const explicit = params.has('q') || params.has('provincia');
  const state = {
    q: (params.get('q') ?? '').trim(),
    provincia: (params.get('provincia') ?? '').toUpperCase(),
    pagina: Math.max(1, Number.parseInt(params.get('pagina') ?? '1', 10) || 1),
    ordina: ORDINI.includes(params.get('ordina')) ? params.get('ordina') : 'nome',
  };
  input.value = state.q;
  let controller = null;

  const hrefFor = (pagina) => {
    const sp = new URLSearchParams({ q: state.q, provincia: state.provincia });
    if (state.ordina !== 'nome') sp.set('ordina', state.ordina);
    if (pagina > 1) sp.set('pagina', String(pagina));
    return `/comuni.html?${sp}`;
  };

  async function run() {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    window.history.replaceState(null, '', hrefFor(state.pagina));
    setLoading(elenco, true, { status, text: 'Caricamento…' });
    showFilters();
    try {
      const data = await apiGet('/comuni', {
        q: state.q,
        provincia: state.provincia,
        ordina: state.ordina === 'nome' ? '' : state.ordina,
        limit: PAGE_SIZE,
        offset: (state.pagina - 1) * PAGE_SIZE,
      }, { signal });
      clearError('ricerca');
      const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
      if (data.items.length === 0 && data.total > 0 && state.pagina > pages) {
        state.pagina = pages; // page out of range (old link): show the last one
        return run();
      }
      render(data, pages);
    } catch (e) {
      if (isAbort(e)) return;
      setLoading(elenco, false, { status, text: 'La ricerca non è riuscita.' });
      showApiError(e, 'ricerca', { retry: run });
      table.hidden = true;
      pager.hidden = true;
    } finally {
      if (!signal.aborted) setLoading(elenco, false, { status });
    }
  }

  // What the filters change besides the rows: the CSV link, the repeated
  // columns, the sort state of the headers.
  function showFilters() {
    const csv = new URLSearchParams();
    if (state.q) csv.set('q', state.q);
    if (state.provincia) csv.set('provincia', state.provincia);
    const qs = csv.toString();
    $('#scarica-csv').href = `/api/v1/comuni.csv${qs ? `?${qs}` : ''}`;
    table.classList.toggle('una-provincia', !!state.provincia);
    for (const th of table.querySelectorAll('th[data-ordina]')) {
      const key = th.dataset.ordina;
      const dir = state.ordina === key ? 'ascending' : state.ordina === `-${key}` ? 'descending' : null;
      if (dir) th.setAttribute('aria-sort', dir);
      else th.removeAttribute('aria-sort');
      $('.freccia', th).textContent = dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : '';
    }
  }

  function render(data, pages) {
    const tbody = clear($('tbody', table));
    for (const c of data.items) {
      tbody.append(h('tr', {},
        h('th', { scope: 'row' },
          h('a', { href: `/comuni.html?codice=${encodeURIComponent(c.codice_istat)}` }, c.nome),
          c.attivo === false ? [' ', h('span', { class: 'badge bg-secondary' }, 'soppresso')] : null),
        h('td', { dataset: { col: 'provincia' } }, c.provincia ? h('abbr', { title: c.provincia.nome }, c.provincia.sigla) : '—'),
        h('td', { dataset: { col: 'regione' } }, c.regione ? c.regione.nome : '—'),
        h('td', { class: 'codice' }, c.codice_istat),
        h('td', { class: 'codice' }, orDash(c.codice_catastale)),
        h('td', { class: 'num' }, formatNumber(c.popolazione)),
      ));
    }
    table.hidden = data.items.length === 0;
    const where = state.provincia ? ` in provincia di ${select.selectedOptions[0]?.dataset.nome ?? state.provincia}` : '';
    const what = state.q ? ` per «${state.q}»` : '';
    const ORDINE = {
      '-nome': ', dalla Z alla A', codice: ', per codice ISTAT', '-codice': ', per codice ISTAT decrescente',
      popolazione: ', dal meno popoloso', '-popolazione': ', dal più popoloso',
    };
    const order = ORDINE[state.ordina] ?? '';
    if (data.total === 0) {
      status.textContent = `Nessun Comune trovato${what}${where}.`;
    } else {
      status.textContent = `${formatTotale(data)} ${plural(data.total, 'Comune trovato', 'Comuni trovati')}${what}${where}${order}`
        + (pages > 1 ? ` — pagina ${state.pagina} di ${pages}.` : '.');
    }
    renderPager(pages);
  }

  function renderPager(pages) {
    pager.hidden = pages <= 1;
    const ul = clear($('.pagination', pager));
    if (pages <= 1) return;
    const cur = state.pagina;
    const link = (page, content, label, extra = {}) => h('li', { class: `page-item${extra.active ? ' active' : ''}${extra.disabled ? ' disabled' : ''}` },
      extra.disabled
        ? h('span', { class: 'page-link', 'aria-disabled': 'true' }, content, h('span', { class: 'visually-hidden' }, label))
        : h('a', { class: 'page-link', href: hrefFor(page), dataset: { page: String(page) }, 'aria-current': extra.active ? 'page' : null },
          label && !extra.numeric ? [content, h('span', { class: 'visually-hidden' }, label)] : [h('span', { class: 'visually-hidden' }, 'Pagina '), content]));
    ul.append(link(cur - 1, icon('it-chevron-left', 'icon-primary'), 'Pagina precedente', { disabled: cur <= 1 }));
    const shown = new Set([1, pages, cur - 1, cur, cur + 1].filter((p) => p >= 1 && p <= pages));
    let last = 0;
    for (const p of [...shown].sort((a, b) => a - b)) {
      if (p > last + 1) ul.append(h('li', { class: 'page-item' }, h('span', { class: 'page-link', 'aria-hidden': 'true' }, '…')));
      ul.append(link(p, String(p), null, { active: p === cur, numeric: true }));
      last = p;
    }
    ul.append(link(cur + 1, icon('it-chevron-right', 'icon-primary'), 'Pagina successiva', { disabled: cur >= pages }));
  }

  const runSoon = debounce(run, DEBOUNCE_MS);

  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (q === state.q) return;
    state.q = q;
    state.pagina = 1;
    runSoon();
  });
  select.addEventListener('change', () => {
    state.provincia = select.value;
    state.pagina = 1;
    runSoon.cancel();
    run();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.q = input.value.trim();
    state.pagina = 1;
    runSoon.cancel();
    run();
  });
  // A sortable header: ascending first (the largest population first),
  // then the other way.
  table.querySelector('thead').addEventListener('click', (e) => {
    const th = e.target.closest('th[data-ordina]');
    if (!th || !e.target.closest('button')) return;
    const key = th.dataset.ordina;
    const first = key === 'popolazione' ? `-${key}` : key;
    const other = first.startsWith('-') ? key : `-${key}`;
    state.ordina = state.ordina === first ? other : first;
    state.pagina = 1;
    runSoon.cancel();
    run();
  });
  pager.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-page]');
    if (!a) return;
    e.preventDefault();
    state.pagina = Number(a.dataset.page);
    run().then(() => $('.page-item.active a', pager)?.focus());
  });

  // Province list for the filter; by default the instance's own Province.
  const loadProvince = () => apiGet('/province').then((data) => {
    clearError('province');
    const items = [...data.items].sort((a, b) => a.nome.localeCompare(b.nome, 'it'));
    for (const p of items) {
      select.append(h('option', { value: p.sigla, dataset: { nome: p.nome } }, `${p.nome} (${p.sigla})`));
    }
    select.value = state.provincia;
    if (select.value !== state.provincia) select.value = '';
  }, (e) => {
    if (!isAbort(e)) showApiError(e, 'province', { retry: loadProvince, suffix: ' Il filtro per Provincia non è disponibile.' });
  });
  const defaultProvincia = explicit
    ? Promise.resolve(state.provincia)
    : getIstanza().then((ist) => (ist.provincia ? ist.provincia.sigla : ''), () => '');

  Promise.all([loadProvince(), defaultProvincia]).then(([, sigla]) => {
    state.provincia = sigla;
    select.value = sigla;
    if (select.value !== sigla) select.value = '';
    run();
  });
}

/* ---------- card of one Comune ---------- */

async function showScheda(codice) {
  $('#ricerca').hidden = true;
  $('#scheda').hidden = false;
  const back = $('#torna-ricerca');
  try {
    const ref = new URL(document.referrer);
    if (ref.origin === window.location.origin && ref.pathname === '/comuni.html' && !ref.searchParams.has('codice')) {
      back.href = ref.pathname + ref.search;
    }
  } catch (e) {
    // no or foreign referrer: keep the plain link
  }
  const title = $('#titolo-scheda');
  clearError('scheda');
  try {
    const c = await apiGet(`/comuni/${encodeURIComponent(codice)}`);
    renderScheda(c);
    showGare(c.codice_istat);
  } catch (e) {
    if (isAbort(e)) return;
    title.textContent = e.status === 404 ? 'Comune non trovato' : 'Scheda non disponibile';
    showApiError(e, 'scheda', { retry: () => showScheda(codice) });
  }
}

function renderScheda(c) {
  document.title = `${c.nome} | Comuni | areavasta`;
  $('#titolo-scheda').textContent = c.nome_altra_lingua ? `${c.nome} / ${c.nome_altra_lingua}` : c.nome;
  const sub = clear($('#sottotitolo-scheda'));
  sub.append(c.provincia ? `Provincia di ${c.provincia.nome} (${c.provincia.sigla})` : '',
    c.regione ? ` — ${c.regione.nome}` : '');
  if (c.capoluogo_provincia) sub.append(' ', h('span', { class: 'badge bg-primary' }, 'Capoluogo di provincia'));
  if (c.attivo === false) sub.append(' ', h('span', { class: 'badge bg-secondary' }, 'Soppresso'));

  const rows = [
    ['Codice ISTAT', h('span', { class: 'codice' }, c.codice_istat)],
    ['Codice catastale', h('span', { class: 'codice' }, orDash(c.codice_catastale))],
    ['Codice fiscale', h('span', { class: 'codice' }, orDash(c.codice_fiscale))],
    c.nome_altra_lingua ? ['Denominazione in altra lingua', c.nome_altra_lingua] : null,
    ['Provincia', c.provincia ? `${c.provincia.nome} (${c.provincia.sigla}), codice ${c.provincia.codice}` : '—'],
    ['Regione', c.regione ? `${c.regione.nome}, codice ${c.regione.codice}` : '—'],
    ['Ripartizione geografica', orDash(c.ripartizione)],
    ['NUTS 1', h('span', { class: 'codice' }, orDash(c.nuts1))],
    ['NUTS 2', h('span', { class: 'codice' }, orDash(c.nuts2))],
    ['NUTS 3', h('span', { class: 'codice' }, orDash(c.nuts3))],
    ['Popolazione', c.popolazione === null || c.popolazione === undefined ? 'Non disponibile' : `${formatNumber(c.popolazione)} abitanti`],
    ['Capoluogo di provincia', c.capoluogo_provincia ? 'Sì' : 'No'],
    ['Stato', c.attivo === false ? 'Soppresso o fuso in un altro Comune' : 'Attivo'],
    ['Dati aperti', h('a', { href: `/api/v1/comuni/${encodeURIComponent(c.codice_istat)}`, type: 'application/json' }, 'Scheda in formato JSON')],
  ];
  const dl = clear($('#dati-scheda'));
  for (const row of rows) {
    if (!row) continue;
    dl.append(h('dt', { class: 'col-sm-4' }, row[0]), h('dd', { class: 'col-sm-8' }, row[1]));
  }
}

/* ---------- the Comune's tenders (GET /api/v1/comuni/{codice}/gare) ---------- */

const GARE_LIMIT = 10;

async function showGare(codice) {
  const status = $('#stato-gare-comune');
  status.textContent = 'Caricamento delle gare…';
  clearError('gare-comune');
  try {
    const d = await apiGet(`/comuni/${encodeURIComponent(codice)}/gare`, { limit: GARE_LIMIT });
    const t = d.totali;
    const dl = clear($('#totali-gare-comune'));
    const rows = [
      ['Gare', `${formatNumber(t.gare)} per ${formatEuroCents(t.importo_cents)}`],
      ...Object.entries(TIPI).map(([k, label]) => [label, `${formatNumber(t.per_tipo[k].gare)} per ${formatEuroCents(t.per_tipo[k].importo_cents)}`]),
      t.annullate ? ['Gare annullate', formatNumber(t.annullate)] : null,
    ];
    for (const row of rows) {
      if (row) dl.append(h('dt', { class: 'col-sm-4' }, row[0]), h('dd', { class: 'col-sm-8' }, row[1]));
    }
    dl.hidden = false;
    const tbody = clear($('#tabella-gare-comune tbody'));
    for (const g of d.items) tbody.append(garaRow(g));
    $('#tabella-gare-comune').hidden = d.items.length === 0;
    status.textContent = d.total === 0 ? 'Nessuna gara pubblicata per questo Comune.'
      : `${formatTotale(d)} ${plural(d.total, 'gara', 'gare')}${d.total > d.items.length ? `, le ${d.items.length} più recenti.` : '.'}`;
    const more = $('#altre-gare-comune');
    more.hidden = d.total <= d.items.length;
    $('a', more).href = `/bandi.html?comune=${encodeURIComponent(codice)}`;
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = 'Le gare del Comune non sono disponibili.';
    showApiError(e, 'gare-comune', { retry: () => showGare(codice) });
  }
}
