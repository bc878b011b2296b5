// Rete: the 76 Provinces (GET /api/v1/rete) with adhesion, referent and the
// state of the three services; client-side filter by region and adhesion.
// The filter is kept in the URL (?regione=05&aderenti=1).
// Users allowed to edit (upi: every Province; admin: its own, see
// canEditRete) get a "Modifica" button per row opening a dialog that saves
// with PUT /api/v1/rete/{sigla}; the row is then redrawn from the answer.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showError } from '../lib/alert.js';
import { formatDate, statoServizio, plural, SERVIZI } from '../lib/format.js';
import { canEditRete } from '../lib/session.js';
import { openDialog } from '../lib/dialog.js';

const mePromise = initSite();
let me = null;
let editable = false;

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
    editable ? h('td', {}, editButton(item)) : null,
  );
}

function editButton(item) {
  if (!canEditRete(me, item.provincia.codice)) return null;
  const b = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', dataset: { modifica: item.provincia.sigla } },
    'Modifica', h('span', { class: 'visually-hidden' }, ` ${item.provincia.nome}`));
  b.addEventListener('click', () => edit(item));
  return b;
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
  const data = h('input', { id: 'rete-data', name: 'data_adesione', type: 'date', class: 'form-control', value: item.data_adesione ?? '' });
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
      field('rete-data', 'Data di adesione', data, 'Obbligatoria per le Province aderenti.'),
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
        if (!data.value) throw Object.assign(new Error('Indica la data di adesione.'), { field: 'data_adesione' });
        body.data_adesione = data.value;
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
  status.textContent = `${nomeEnte}: modifiche salvate. ${status.textContent}`;
  $(`[data-modifica="${item.provincia.sigla}"]`)?.focus();
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
  // The CSV (GET /api/v1/rete.csv) with the same filters.
  const csv = $('#scarica-csv');
  if (csv) csv.href = `/api/v1/rete.csv${sp.toString() ? `?${sp}` : ''}`;
}

async function init() {
  try {
    [rete, me] = await Promise.all([apiGet('/rete'), mePromise]);
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
  editable = rete.items.some((it) => canEditRete(me, it.provincia.codice));
  if (editable) {
    $('thead tr', table).append(h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Azioni')));
  }
  select.addEventListener('change', apply);
  soloAderenti.addEventListener('change', apply);
  apply();
}

init();
