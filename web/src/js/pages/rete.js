// Rete: the 76 Provinces (GET /api/v1/rete) with adhesion, referent and the
// state of the three services; client-side filter by region and adhesion.
// The filter is kept in the URL (?regione=05&aderenti=1).
import { initSite } from '../lib/site.js';
import { apiGet, isAbort } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showError } from '../lib/alert.js';
import { formatDate, statoServizio, plural, SERVIZI } from '../lib/format.js';

initSite();

const select = $('#regione');
const soloAderenti = $('#solo-aderenti');
const status = $('#conteggio-rete');
const table = $('#tabella-rete');
let rete = null;

function badge(label, cls) {
  return h('span', { class: `badge ${cls}` }, label);
}

function row(item) {
  const ref = item.referente;
  return h('tr', { dataset: { regione: item.regione.codice } },
    h('th', { scope: 'row' }, `${item.provincia.nome} `, h('span', { class: 'text-secondary' }, `(${item.provincia.sigla})`)),
    h('td', {}, item.regione.nome),
    h('td', {}, item.aderente ? badge('Aderente', 'bg-success') : badge('Non aderente', 'bg-secondary')),
    h('td', { class: 'text-nowrap-sm' }, item.data_adesione ? h('time', { datetime: item.data_adesione }, formatDate(item.data_adesione)) : '—'),
    h('td', {}, ref
      ? [ref.nome || '—',
        ref.email ? [h('br'), h('a', { href: `mailto:${ref.email}` }, ref.email)] : null,
        ref.telefono ? [h('br'), h('a', { href: `tel:${ref.telefono.replace(/[^+\d]/g, '')}` }, ref.telefono)] : null]
      : '—'),
    SERVIZI.map((s) => {
      const st = statoServizio(item.servizi ? item.servizi[s.key] : null);
      return h('td', {}, badge(st.label, st.badge));
    }),
  );
}

function apply() {
  const regione = select.value;
  const onlyMembers = soloAderenti.checked;
  const shown = rete.items.filter((it) => (!regione || it.regione.codice === regione) && (!onlyMembers || it.aderente));
  clear($('tbody', table)).append(...shown.map(row));
  table.hidden = shown.length === 0;

  const aderenti = shown.filter((it) => it.aderente).length;
  const ambito = regione ? ` in ${select.selectedOptions[0].textContent}` : '';
  status.textContent = shown.length === 0
    ? `Nessuna Provincia${ambito} corrisponde ai filtri.`
    : `${shown.length} ${plural(shown.length, 'Provincia', 'Province')}${ambito}, di cui ${aderenti} ${plural(aderenti, 'aderente', 'aderenti')}`
      + ` (in tutta la rete: ${rete.total} Province, ${rete.aderenti} ${plural(rete.aderenti, 'aderente', 'aderenti')}).`;

  const sp = new URLSearchParams();
  if (regione) sp.set('regione', regione);
  if (onlyMembers) sp.set('aderenti', '1');
  window.history.replaceState(null, '', `/rete.html${sp.size ? `?${sp}` : ''}`);
}

async function init() {
  try {
    rete = await apiGet('/rete');
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = 'La rete delle Province non è disponibile.';
    showError(e.message, 'rete');
    return;
  }
  const regioni = new Map();
  for (const it of rete.items) {
    const r = regioni.get(it.regione.codice) ?? { ...it.regione, n: 0 };
    r.n += 1;
    regioni.set(it.regione.codice, r);
  }
  for (const r of [...regioni.values()].sort((a, b) => a.nome.localeCompare(b.nome, 'it'))) {
    select.append(h('option', { value: r.codice }, r.nome));
  }
  const params = new URLSearchParams(window.location.search);
  select.value = params.get('regione') ?? '';
  if (select.value !== (params.get('regione') ?? '')) select.value = '';
  soloAderenti.checked = params.get('aderenti') === '1';
  select.addEventListener('change', apply);
  soloAderenti.addEventListener('change', apply);
  apply();
}

init();
