// The EU desk's form of a manual call, whole (PUT /api/v1/bandi/{id} on
// the scheda page): every field of the body of docs/api/europa.md but the
// source and its key, which never change.  readBandoForm turns the form
// into the body the Italian way (dates gg/mm/aaaa, euros "1.500,50" into
// cents, "80,5" % into basis points — text arithmetic, never a float);
// fillBandoForm puts a call (GET /api/v1/bandi/{id}) back into it.  The
// inputs are named by the body's JSON paths ("scadenze[1].ora"), so the
// server's field errors land on them (lib/form.js markFields).
import { h, $ } from './dom.js';
import { parseImporto, parsePercentuale, formatEuroCents } from './numeri.js';
import { setFieldError } from './form.js';
import { bindDateField, readDateField } from './campo-data.js';

export const SCADENZE_MAX = 20; // EU_SCADENZE_MAX of the server

const TESTI = ['identificativo', 'titolo', 'programma_codice', 'programma_nome', 'tipo_azione', 'url', 'descrizione'];
const INTERI = ['sovvenzioni_previste', 'partner_min', 'paesi_min'];
const EURO = ['budget_totale_cent', 'budget_min_cent', 'budget_max_cent'];

// One row of a deadline: date and Italian hour, inputs i.
function scadenzaRow(i, data = '', ora = '') {
  const d = h('input', { type: 'text', id: `m-s${i}`, name: `scadenze[${i}].data`, class: 'form-control', autocomplete: 'off', value: data });
  const o = h('input', { type: 'text', id: `m-s${i}-ora`, name: `scadenze[${i}].ora`, class: 'form-control', inputmode: 'numeric', placeholder: 'hh:mm', maxlength: '5', autocomplete: 'off', value: ora });
  bindDateField(d);
  return h('div', { class: 'row g-3 mb-2 scadenza-riga' },
    h('div', { class: 'col-7 col-md-4' }, h('label', { for: d.id, class: 'form-label' }, `Scadenza ${i + 1} (data)`), d),
    h('div', { class: 'col-5 col-md-3' }, h('label', { for: o.id, class: 'form-label' }, 'Ora (ora italiana)'), o));
}

export function addScadenzaRow(form, data, ora) {
  const box = $('#m-scadenze', form);
  const n = box.children.length;
  if (n >= SCADENZE_MAX) return null;
  const r = scadenzaRow(n, data, ora);
  box.append(r);
  return r;
}

// Cents -> "1.500,50" (what parseImporto reads back).
const euroText = (c) => (Number.isInteger(c) ? formatEuroCents(c).replace(/[€\s\u00a0]/g, '') : '');
const bpText = (bp) => {
  if (!Number.isInteger(bp)) return '';
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${Math.trunc(bp / 100)},${frac}` : String(Math.trunc(bp / 100));
};

export function fillBandoForm(form, b, descrizione) {
  const el = form.elements;
  for (const k of TESTI) el[k].value = k === 'descrizione' ? descrizione : (b[k] ?? '');
  for (const k of INTERI) el[k].value = Number.isInteger(b[k]) ? String(b[k]) : '';
  for (const k of EURO) el[k].value = euroText(b[k]);
  el.cofinanziamento_ue_bp.value = bpText(b.cofinanziamento_ue_bp);
  el.gestione.value = b.gestione ?? '';
  el.stato.value = b.stato;
  el.modello_scadenze.value = b.modello_scadenze;
  el.apertura.value = b.apertura_it ? b.apertura_it.slice(0, 10) : '';
  el.parole_chiave.value = (b.parole_chiave ?? []).join(', ');
  const box = $('#m-scadenze', form);
  box.replaceChildren();
  for (const s of b.scadenze) {
    // "gg/mm/aaaa hh:mm" in Italian time.
    const [d, o] = (s.scadenza_it ?? '').split(' ');
    addScadenzaRow(form, d ?? '', o ?? '');
  }
  if (b.scadenze.length < SCADENZE_MAX) addScadenzaRow(form);
}

// { ok, body }: the fields with a value; wrong ones marked on their inputs.
export function readBandoForm(form) {
  const el = form.elements;
  const body = { stato: el.stato.value, modello_scadenze: el.modello_scadenze.value };
  let ok = true;
  const bad = (input, message) => { setFieldError(input, message); ok = false; };
  for (const k of TESTI) if (el[k].value.trim() !== '') body[k] = el[k].value.trim();
  if (el.gestione.value) body.gestione = el.gestione.value;
  for (const k of INTERI) {
    const t = el[k].value.trim();
    if (t === '') continue;
    if (/^\d{1,7}$/.test(t)) body[k] = Number(t);
    else bad(el[k], 'Scrivi un numero intero, senza punti né virgole.');
  }
  for (const k of EURO) {
    const t = el[k].value.trim();
    if (t === '') continue;
    const r = parseImporto(t, { min: 0 });
    if (r.ok) body[k] = r.cents;
    else bad(el[k], r.message);
  }
  const cofin = el.cofinanziamento_ue_bp.value.trim();
  if (cofin !== '') {
    const r = parsePercentuale(cofin, { maxDecimals: 2 });
    if (r.ok) {
      const [int, frac = ''] = r.value.split('.');
      body.cofinanziamento_ue_bp = Number(int) * 100 + Number(frac.padEnd(2, '0'));
    } else bad(el.cofinanziamento_ue_bp, r.message);
  }
  const ap = readDateField(el.apertura);
  if (!ap.ok) bad(el.apertura, ap.message);
  else if (ap.value) body.apertura = ap.value;
  const parole = el.parole_chiave.value.split(',').map((x) => x.trim()).filter(Boolean);
  if (parole.length) body.parole_chiave = parole;
  const scadenze = [];
  for (const riga of form.querySelectorAll('.scadenza-riga')) {
    const [d, o] = riga.querySelectorAll('input');
    const r = readDateField(d);
    if (!r.ok) { bad(d, r.message); continue; }
    if (r.value === '') continue;
    const i = scadenze.length;
    // Two stages: the first date is stage 1, the second stage 2.
    const s = { fase: body.modello_scadenze === 'due_fasi' ? Math.min(i + 1, 2) : 1, data: r.value };
    if (o.value.trim() !== '') s.ora = o.value.trim();
    scadenze.push(s);
  }
  body.scadenze = scadenze;
  return { ok, body };
}
