// Rete: the 76 Provinces (GET /api/v1/rete) with adhesion, referent and the
// state of the three services; client-side filter by region and adhesion.
// The filter and the order are kept in the URL (?regione=05&aderenti=1&ordina=-sua).
// The columns sort in the browser (a bounded list of 76 rows): a button in
// each sortable header, aria-sort on it, as on the Comuni page; the Region
// column is hidden when one Region is chosen, the adhesion column when only
// the members are shown.  A failed load is shown at the top, focused, with
// "Riprova"; the dialog's adhesion date is typed gg/mm/aaaa.
// Users allowed to edit (upi: every Province; admin: its own, see
// canEditRete) get a "Modifica" button per row opening a dialog that saves
// with PUT /api/v1/rete/{sigla}; the row is then redrawn from the answer.
// "Protocollo" shows the signed adhesion protocol (rete-protocollo.js).
// Above the table: the network's counters and a map of the Provinces
// coloured (and patterned) by adhesion or by one service's state; each
// Province of the network is a link to its row (the table is the map's text
// alternative); a click on a row marks its Province on the map.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { h, $, $$, clear } from '../lib/dom.js';
import { showApiError, setLoading } from '../lib/alert.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { formatDate, statoServizio, plural, SERVIZI } from '../lib/format.js';
import { canEditRete } from '../lib/session.js';
import { showProtocollo } from './rete-protocollo.js';
import { openDialog } from '../lib/dialog.js';
import { GEO, loadFeatures, mappa, evidenzia } from '../lib/mappa.js';
import { s, patternDefs, fillAttrs, legenda } from '../lib/grafico.js';

const mePromise = initSite();
let me = null;
let editable = false;

const select = $('#regione');
const soloAderenti = $('#solo-aderenti');
const status = $('#conteggio-rete');
const table = $('#tabella-rete');
const elenco = $('#elenco-rete');
let rete = null;

// --- order ---

const ORDINI = ['provincia', 'regione', 'adesione', 'data', ...SERVIZI.map((x) => x.key)];
const RANGO_STATO = { attivo: 0, in_avvio: 1, non_attivo: 2 };
let ordina = 'provincia'; // a key, '-key' for the other way

const perNome = (a, b) => a.provincia.nome.localeCompare(b.provincia.nome, 'it');
// How two rows compare on one column (ascending); ties by the Province's name.
function confronta(key, a, b) {
  if (key === 'regione') return a.regione.nome.localeCompare(b.regione.nome, 'it');
  if (key === 'adesione') return Number(b.aderente) - Number(a.aderente); // members first
  if (key === 'data') {
    // The earliest first; Provinces without a date at the end.
    if (!a.data_adesione || !b.data_adesione) return Number(!a.data_adesione) - Number(!b.data_adesione);
    return a.data_adesione.localeCompare(b.data_adesione);
  }
  if (SERVIZI.some((x) => x.key === key)) {
    return (RANGO_STATO[a.servizi?.[key]] ?? 3) - (RANGO_STATO[b.servizi?.[key]] ?? 3); // active first
  }
  return perNome(a, b);
}

function ordinati(items) {
  const key = ordina.replace(/^-/, '');
  const dir = ordina.startsWith('-') ? -1 : 1;
  return [...items].sort((a, b) => dir * confronta(key, a, b) || perNome(a, b));
}

function showOrder() {
  for (const th of table.querySelectorAll('th[data-ordina]')) {
    const key = th.dataset.ordina;
    const dir = ordina === key ? 'ascending' : ordina === `-${key}` ? 'descending' : null;
    if (dir) th.setAttribute('aria-sort', dir);
    else th.removeAttribute('aria-sort');
    $('.freccia', th).textContent = dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : '';
  }
}

const ORDINE_FRASE = {
  provincia: '', '-provincia': ', dalla Z alla A', regione: ', per Regione', '-regione': ', per Regione dalla Z alla A',
  adesione: ', prima le aderenti', '-adesione': ', prima le non aderenti',
  data: ', dalla prima adesione', '-data': ', dall\'ultima adesione',
};
function ordineFrase() {
  if (ordina in ORDINE_FRASE) return ORDINE_FRASE[ordina];
  const sv = SERVIZI.find((x) => x.key === ordina.replace(/^-/, ''));
  return `, per stato del servizio ${sv.short}${ordina.startsWith('-') ? ' (prima i non attivi)' : ' (prima gli attivi)'}`;
}

function badge(label, cls) {
  return h('span', { class: `badge ${cls}` }, label);
}

function row(item) {
  const ref = item.referente;
  return h('tr', { id: `riga-${item.provincia.sigla}`, dataset: { regione: item.regione.codice } },
    h('th', { scope: 'row', tabindex: '-1' }, `${item.provincia.nome} `, h('span', { class: 'text-secondary' }, `(${item.provincia.sigla})`)),
    h('td', { dataset: { col: 'regione' } }, item.regione.nome),
    h('td', { dataset: { col: 'adesione' } }, item.aderente ? badge('Aderente', 'bg-success') : badge('Non aderente', 'bg-secondary')),
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
    editable ? h('td', {}, editButton(item)) : null,
  );
}

function editButton(item) {
  if (!canEditRete(me, item.provincia.codice)) return null;
  const b = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', dataset: { modifica: item.provincia.sigla } },
    'Modifica', h('span', { class: 'visually-hidden' }, ` ${item.provincia.nome}`));
  b.addEventListener('click', () => edit(item));
  const p = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', dataset: { protocollo: item.provincia.sigla } },
    'Protocollo', h('span', { class: 'visually-hidden' }, ` di adesione della Provincia di ${item.provincia.nome}`));
  p.addEventListener('click', () => showProtocollo(item));
  return h('div', { class: 'd-flex flex-wrap gap-2' }, b, p);
}

// --- counters and map ---

const STILI = {
  aderente: { cls: 'st-aderente', label: 'Aderente' },
  non_aderente: { cls: 'st-non-aderente', pattern: 'punti', label: 'Non aderente' },
  attivo: { cls: 'st-attivo', label: 'Attivo' },
  in_avvio: { cls: 'st-avvio', pattern: 'righe', label: 'In avvio' },
  non_attivo: { cls: 'st-non-attivo', pattern: 'punti', label: 'Non attivo' },
  fuori: { cls: 'st-fuori', label: 'Fuori dalla rete' },
};
const tema = $('#mappa-tema');
let province = null; // GeoJSON features of the 107 Provinces (null: not loaded)

function statoDi(item, t) {
  if (t === 'adesione') return item.aderente ? 'aderente' : 'non_aderente';
  const st = item.servizi?.[t];
  return STILI[st] ? st : 'non_attivo';
}

function renderContatori() {
  const n = rete.items.length;
  const card = (value, label, extra) => h('li', { class: 'mb-2' },
    h('span', { class: 'figure-value d-block' }, value), h('span', { class: 'figure-label' }, label), extra);
  clear($('#contatori-rete')).append(
    card(`${rete.aderenti}/${n}`, `Province aderenti alla rete su ${n}`),
    ...SERVIZI.map((sv) => {
      const att = rete.items.filter((it) => it.servizi?.[sv.key] === 'attivo').length;
      const avv = rete.items.filter((it) => it.servizi?.[sv.key] === 'in_avvio').length;
      return h('li', { class: 'mb-1', dataset: { contatore: sv.key } },
        h('strong', {}, `${sv.label}: `), `attivo in ${att} ${plural(att, 'Provincia', 'Province')}, in avvio in ${avv}`);
    }));
}

function renderMappa() {
  const box = $('#mappa-rete');
  if (!province) return;
  const t = tema.value;
  const nomeTema = tema.selectedOptions[0].textContent;
  const byCodice = new Map(rete.items.map((it) => [it.provincia.codice, it]));
  const { svg, path } = mappa(province, { title: `Mappa delle Province colorata per: ${nomeTema}`, id: 'svg-rete' });
  svg.append(patternDefs('mr'));
  for (const f of province.features) {
    const item = byCodice.get(f.properties.codice);
    const d = path(f);
    if (!d) continue;
    if (!item) {
      svg.append(s('path', { d, class: 'st-fuori st-fuori-bordo', 'aria-hidden': 'true' }));
      continue;
    }
    const st = statoDi(item, t);
    const stato = t === 'adesione' ? STILI[st].label.toLowerCase() : `${SERVIZI.find((x) => x.key === t).short} ${STILI[st].label.toLowerCase()}`;
    const a = s('a', { href: `#riga-${item.provincia.sigla}`, 'data-provincia': item.provincia.sigla, 'data-stato': st },
      s('title', {}, `${item.provincia.nome} (${item.provincia.sigla}), ${item.regione.nome}: ${stato}`),
      s('path', { d, ...fillAttrs(STILI[st], 'mr') }));
    a.addEventListener('click', (e) => {
      e.preventDefault();
      vaiAllaRiga(item.provincia.sigla);
    });
    svg.append(a);
  }
  evidenzia(svg);
  clear(box).append(svg);
  const voci = t === 'adesione' ? ['aderente', 'non_aderente', 'fuori'] : ['attivo', 'in_avvio', 'non_attivo', 'fuori'];
  clear($('#legenda-rete')).append(legenda(voci.map((k) => STILI[k]), 'mr', `Legenda della mappa: ${nomeTema}`));
}

// A Province chosen on the map: show its row (clearing filters that hide it)
// and move the focus there.
function vaiAllaRiga(sigla) {
  if (!$(`#riga-${sigla}`)) {
    select.value = '';
    soloAderenti.checked = false;
    apply();
  }
  const tr = $(`#riga-${sigla}`);
  if (!tr) return;
  segna(sigla);
  tr.scrollIntoView({ block: 'center' });
  $('th', tr).focus();
}

// The chosen Province: its row highlighted, its area outlined on the map.
function segna(sigla) {
  for (const r of $$('tbody tr.table-active', table)) r.classList.remove('table-active');
  $(`#riga-${sigla}`)?.classList.add('table-active');
  const svg = $('#svg-rete');
  if (!svg) return;
  svg.querySelector('.mappa-scelta')?.remove();
  const area = svg.querySelector(`a[data-provincia="${sigla}"] path`);
  if (area) svg.insertBefore(s('path', { d: area.getAttribute('d'), class: 'mappa-scelta', 'aria-hidden': 'true' }), null);
}

table.addEventListener('click', (e) => {
  if (e.target.closest('a, button')) return;
  const tr = e.target.closest('tbody tr');
  if (tr) segna(tr.id.replace(/^riga-/, ''));
});

async function initMappa() {
  try {
    province = await loadFeatures(`${GEO}/province.topo.json`, 'province');
  } catch (e) {
    if (isAbort(e)) return;
    $('#stato-mappa-rete').textContent = 'La mappa non è disponibile: i dati sono nella tabella qui sotto.';
    return;
  }
  renderMappa();
}

// --- editing ---

const STATI = [['attivo', 'Attivo'], ['in_avvio', 'In avvio'], ['non_attivo', 'Non attivo']];

function field(id, label, input, help = null) {
  if (help) input.setAttribute('aria-describedby', `${id}-aiuto`);
  return h('div', { class: 'mb-3' }, h('label', { for: id, class: 'form-label' }, label), input,
    help ? h('small', { id: `${id}-aiuto`, class: 'form-text' }, help) : null);
}

async function edit(item) {
  const ref = item.referente ?? {};
  const aderente = h('input', { id: 'rete-aderente', name: 'aderente', type: 'checkbox' });
  aderente.checked = !!item.aderente;
  const data = h('input', {
    id: 'rete-data', name: 'data_adesione', type: 'text', class: 'form-control', maxlength: '10', autocomplete: 'off', value: item.data_adesione ?? '',
  });
  bindDateField(data, { optional: false });
  const nome = h('input', { id: 'rete-ref-nome', name: 'nome', 'data-campo': 'referente.nome', type: 'text', class: 'form-control', maxlength: '200', autocomplete: 'off', value: ref.nome ?? '' });
  const email = h('input', { id: 'rete-ref-email', name: 'email', 'data-campo': 'referente.email', type: 'email', class: 'form-control', maxlength: '254', autocomplete: 'off', value: ref.email ?? '' });
  const tel = h('input', { id: 'rete-ref-tel', name: 'telefono', 'data-campo': 'referente.telefono', type: 'tel', class: 'form-control', maxlength: '40', autocomplete: 'off', value: ref.telefono ?? '' });
  const selects = SERVIZI.map((s) => {
    const sel = h('select', { id: `rete-servizio-${s.key}`, name: s.key, 'data-campo': `servizi.${s.key}`, class: 'form-select' },
      STATI.map(([v, l]) => h('option', { value: v }, l)));
    sel.value = item.servizi?.[s.key] ?? 'non_attivo';
    return [s, sel];
  });
  const syncDate = () => {
    data.disabled = !aderente.checked;
    if (!aderente.checked) data.value = '';
  };
  aderente.addEventListener('change', syncDate);
  syncDate();

  const nomeEnte = `Provincia di ${item.provincia.nome}`;
  const saved = await openDialog({
    title: `Modifica: ${nomeEnte}`,
    intro: 'Adesione alla rete, referente e stato dei tre servizi. La modifica è registrata nel registro di audit.',
    content: [
      h('div', { class: 'form-check mb-3' }, aderente, h('label', { for: 'rete-aderente' }, 'La Provincia aderisce alla rete')),
      field('rete-data', 'Data di adesione', data, 'Obbligatoria per le Province aderenti; scrivila come gg/mm/aaaa (es. 01/03/2026).'),
      h('fieldset', { class: 'mb-3' }, h('legend', { class: 'h6' }, 'Referente'),
        field('rete-ref-nome', 'Nome e cognome', nome),
        field('rete-ref-email', 'Email', email),
        field('rete-ref-tel', 'Telefono (facoltativo)', tel, 'Lascia vuoti i tre campi se non c\'è un referente.')),
      h('fieldset', {}, h('legend', { class: 'h6' }, 'Stato dei servizi'),
        selects.map(([s, sel]) => field(sel.id, s.label, sel))),
    ],
    submitLabel: 'Salva',
    onSubmit: async () => {
      const body = { aderente: aderente.checked };
      if (aderente.checked) {
        if (!data.value.trim()) throw Object.assign(new Error('Indica la data di adesione.'), { field: 'data_adesione' });
        const giorno = readDateField(data, { optional: false });
        if (!giorno.ok) throw Object.assign(new Error(`Data di adesione: ${giorno.message}`), { field: 'data_adesione' });
        body.data_adesione = giorno.value;
      }
      const r = { nome: nome.value.trim(), email: email.value.trim(), telefono: tel.value.trim() };
      if (r.nome || r.email || r.telefono) {
        if (!r.nome) throw Object.assign(new Error('Indica il nome del referente.'), { field: 'referente.nome' });
        if (!r.email) throw Object.assign(new Error("Indica l'email del referente."), { field: 'referente.email' });
        body.referente = { nome: r.nome, email: r.email };
        if (r.telefono) body.referente.telefono = r.telefono;
      } else {
        body.referente = null;
      }
      body.servizi = Object.fromEntries(selects.map(([s, sel]) => [s.key, sel.value]));
      return apiSend('PUT', `/rete/${encodeURIComponent(item.provincia.sigla)}`, body);
    },
  });
  if (!saved || typeof saved !== 'object') return;
  const i = rete.items.findIndex((it) => it.provincia.sigla === item.provincia.sigla);
  if (i >= 0) rete.items[i] = saved;
  rete.aderenti = rete.items.filter((it) => it.aderente).length;
  apply();
  renderContatori();
  renderMappa();
  status.textContent = `${nomeEnte}: modifiche salvate. ${status.textContent}`;
  $(`[data-modifica="${item.provincia.sigla}"]`)?.focus();
}

function apply() {
  const regione = select.value;
  const onlyMembers = soloAderenti.checked;
  const shown = ordinati(rete.items.filter((it) => (!regione || it.regione.codice === regione) && (!onlyMembers || it.aderente)));
  clear($('tbody', table)).append(...shown.map(row));
  table.hidden = shown.length === 0;
  table.classList.toggle('una-regione', !!regione);
  table.classList.toggle('solo-aderenti', onlyMembers);
  showOrder();

  const aderenti = shown.filter((it) => it.aderente).length;
  const ambito = regione ? ` in ${select.selectedOptions[0].textContent}` : '';
  status.textContent = shown.length === 0
    ? `Nessuna Provincia${ambito} corrisponde ai filtri.`
    : `${shown.length} ${plural(shown.length, 'Provincia', 'Province')}${ambito}, di cui ${aderenti} ${plural(aderenti, 'aderente', 'aderenti')}`
      + ` (in tutta la rete: ${rete.total} Province, ${rete.aderenti} ${plural(rete.aderenti, 'aderente', 'aderenti')})${ordineFrase()}.`;

  const sp = new URLSearchParams();
  if (regione) sp.set('regione', regione);
  if (onlyMembers) sp.set('aderenti', '1');
  // The CSV (GET /api/v1/rete.csv) with the same filters.
  const csv = $('#scarica-csv');
  if (csv) csv.href = `/api/v1/rete.csv${sp.toString() ? `?${sp}` : ''}`;
  if (ordina !== 'provincia') sp.set('ordina', ordina);
  window.history.replaceState(null, '', `/rete.html${sp.size ? `?${sp}` : ''}`);
}

// A sortable header: ascending first, then the other way.
table.querySelector('thead').addEventListener('click', (e) => {
  const th = e.target.closest('th[data-ordina]');
  if (!th || !e.target.closest('button') || !rete) return;
  const key = th.dataset.ordina;
  ordina = ordina === key ? `-${key}` : key;
  apply();
});

let listening = false;

async function init() {
  setLoading(elenco, true, { status, text: 'Caricamento…' });
  try {
    [rete, me] = await Promise.all([apiGet('/rete'), mePromise]);
  } catch (e) {
    if (isAbort(e)) return;
    setLoading(elenco, false, { status, text: 'La rete delle Province non è disponibile.' });
    showApiError(e, 'rete', { retry: init });
    return;
  }
  setLoading(elenco, false, { status });
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
  const o = params.get('ordina') ?? '';
  if (ORDINI.includes(o.replace(/^-/, ''))) ordina = o;
  editable = rete.items.some((it) => canEditRete(me, it.provincia.codice));
  if (editable) {
    $('thead tr', table).append(h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Azioni')));
  }
  if (!listening) {
    listening = true;
    select.addEventListener('change', apply);
    soloAderenti.addEventListener('change', apply);
    tema.addEventListener('change', renderMappa);
  }
  apply();
  renderContatori();
  initMappa();
}

init();
