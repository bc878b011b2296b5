// "Convenzioni SUA": the caller's convenzioni (GET /sua/convenzioni: a
// Comune's own, the Province's for its admin and SUA officer), and for
// those two the form that registers a new one (POST
// /sua/comuni/{codice}/convenzioni) or edits one (PUT /sua/convenzioni/{id}),
// with dates typed gg/mm/aaaa, amounts 1.234,56 and the percentage 1,50 %
// (sent in hundredths).  The API's errors are marked on their fields.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { guardPage, hasRole } from '../lib/session.js';
import { clearFieldErrors, markField, markFields, setFieldNote } from '../lib/form.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { parseImporto, parsePercentuale, formatData, formatEuroCents } from '../lib/numeri.js';
import { plural } from '../lib/format.js';
import { tipiConvenzione, compensoText } from '../lib/sua.js';

const form = $('#form-convenzione');
const f = (id) => $(`#c-${id}`);
const table = $('#tabella-convenzioni');
const status = $('#stato-convenzioni');
const elenco = $('#elenco-convenzioni');
const more = $('#altre-convenzioni');
let manager = false;
let editing = null;
let next = null;

for (const id of ['dal', 'al', 'delibera-data']) bindDateField(f(id), { optional: false });

function showFee() {
  const fisso = f('compenso').value === 'fisso';
  for (const el of $$('.solo-percentuale', form)) el.hidden = fisso;
  for (const el of $$('.solo-fisso', form)) el.hidden = !fisso;
}
f('compenso').addEventListener('change', showFee);

function amount(id, body, key, errors, { required = false } = {}) {
  const raw = f(id).value.trim();
  if (!raw) {
    if (required) errors.push({ input: f(id), message: 'Indica l\'importo.' });
    return;
  }
  const p = parseImporto(raw, { min: 0 });
  setFieldNote(f(id), p.ok ? `Letto come ${p.shown}.` : null);
  if (p.ok) body[key] = p.cents;
  else errors.push({ input: f(id), message: p.message });
}

function readForm() {
  const errors = [];
  const body = {
    lavori: f('lavori').checked, servizi: f('servizi').checked, forniture: f('forniture').checked,
    delibera_numero: f('delibera').value.trim(), compenso_tipo: f('compenso').value,
  };
  const comune = f('comune').value.trim();
  if (!editing && !/^\d{6}$/.test(comune)) errors.push({ input: f('comune'), message: 'Il codice ISTAT del Comune ha sei cifre.' });
  if (!body.lavori && !body.servizi && !body.forniture) errors.push({ input: f('lavori'), message: 'Scegli almeno un tipo di contratto.' });
  for (const [id, key] of [['dal', 'valida_dal'], ['al', 'valida_al'], ['delibera-data', 'delibera_data']]) {
    const d = readDateField(f(id), { optional: false });
    if (d.ok) body[key] = d.value;
    else errors.push({ input: f(id), message: d.message });
  }
  if (!body.delibera_numero) errors.push({ input: f('delibera'), message: 'Indica il numero della delibera.' });
  if (body.compenso_tipo === 'percentuale') {
    const p = parsePercentuale(f('perc').value, { maxDecimals: 2 });
    if (p.ok) body.compenso_percentuale = Math.round(Number(p.value) * 100);
    else errors.push({ input: f('perc'), message: p.message });
    amount('min', body, 'compenso_minimo_cents', errors);
    amount('max', body, 'compenso_massimo_cents', errors);
  } else {
    amount('fisso', body, 'compenso_fisso_cents', errors, { required: true });
  }
  const note = f('note').value.trim();
  if (note) body.note = note;
  return { comune, body, errors };
}

function resetForm() {
  form.reset();
  clearFieldErrors(form);
  for (const id of ['min', 'max', 'fisso', 'dal', 'al', 'delibera-data']) setFieldNote(f(id), null);
  editing = null;
  f('comune').disabled = false;
  showFee();
  $('#titolo-form-convenzione').textContent = 'Nuova convenzione';
  $('#salva-convenzione').textContent = 'Registra la convenzione';
  $('#annulla-convenzione').hidden = true;
}

const money = (c) => (c === null ? '' : formatEuroCents(c).replace(/^€\s*/, ''));

function edit(c) {
  resetForm();
  editing = c.id;
  f('comune').value = c.comune;
  f('comune').disabled = true;
  for (const t of ['lavori', 'servizi', 'forniture']) f(t).checked = c[t];
  f('dal').value = formatData(c.valida_dal);
  f('al').value = formatData(c.valida_al);
  f('delibera').value = c.delibera_numero;
  f('delibera-data').value = formatData(c.delibera_data);
  f('compenso').value = c.compenso_tipo;
  if (c.compenso_percentuale !== null) {
    const p = c.compenso_percentuale;
    f('perc').value = `${Math.trunc(p / 100)},${String(p % 100).padStart(2, '0')}`;
  }
  f('min').value = money(c.compenso_minimo_cents);
  f('max').value = money(c.compenso_massimo_cents);
  f('fisso').value = money(c.compenso_fisso_cents);
  f('note').value = c.note ?? '';
  showFee();
  $('#titolo-form-convenzione').textContent = `Modifica della convenzione di ${c.comune_nome}`;
  $('#salva-convenzione').textContent = 'Salva le modifiche';
  $('#annulla-convenzione').hidden = false;
  $('#titolo-form-convenzione').focus();
}

$('#annulla-convenzione').addEventListener('click', resetForm);

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('convenzione');
  clearFieldErrors(form);
  const { comune, body, errors } = readForm();
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = $('#salva-convenzione');
  button.disabled = true;
  try {
    const c = editing
      ? await apiSend('PUT', `/sua/convenzioni/${editing}`, body)
      : await apiSend('POST', `/sua/comuni/${encodeURIComponent(comune)}/convenzioni`, body);
    resetForm();
    await load(true);
    status.textContent = `Convenzione di ${c.comune_nome} salvata. ${status.textContent}`;
  } catch (err) {
    const path = err.field === 'codice' ? 'comune' : err.field;
    if (!markField(form, path, err.message, { focus: true })) showApiError(err, 'convenzione');
  } finally {
    button.disabled = false;
  }
});

function row(c) {
  let action = null;
  if (manager) {
    action = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', dataset: { azione: 'modifica' } },
      'Modifica', h('span', { class: 'visually-hidden' }, ` la convenzione di ${c.comune_nome}`));
    action.addEventListener('click', () => edit(c));
  }
  return h('tr', { dataset: { convenzione: String(c.id) } },
    h('th', { scope: 'row' }, c.comune_nome || c.comune),
    h('td', {}, tipiConvenzione(c)),
    h('td', {}, `dal ${formatData(c.valida_dal)} al ${formatData(c.valida_al)}`, ' ',
      h('span', { class: `badge ${c.vigente ? 'bg-success' : 'bg-secondary'}` }, c.vigente ? 'vigente' : 'non vigente')),
    h('td', {}, `n. ${c.delibera_numero} del ${formatData(c.delibera_data)}`),
    h('td', {}, compensoText(c)),
    h('td', {}, action));
}

async function load(fresh) {
  clearError('elenco');
  if (fresh) {
    next = null;
    clear($('tbody', table));
  }
  setLoading(elenco, true, { status, text: 'Caricamento delle convenzioni…' });
  try {
    const params = { limit: 100 };
    if (next) params.after = next;
    const r = await apiGet('/sua/convenzioni', params);
    $('tbody', table).append(...r.items.map(row));
    next = r.next;
    more.hidden = !next;
    table.hidden = $('tbody', table).children.length === 0;
    setLoading(elenco, false, { status });
    status.textContent = r.total === 0 ? 'Nessuna convenzione.' : `${r.total} ${plural(r.total, 'convenzione', 'convenzioni')}.`;
  } catch (err) {
    setLoading(elenco, false, { status, text: 'Elenco non disponibile.' });
    showApiError(err, 'elenco', { retry: () => load(true) });
  }
}
more.addEventListener('click', () => load(false));

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'))) return;
  manager = hasRole(me, 'admin') || hasRole(me, 'sua_officer');
  if (!manager && !hasRole(me, 'comune')) {
    guardPage(me, $('#accesso-richiesto'), { role: 'comune', forbidden: 'Le convenzioni SUA sono visibili ai Comuni e alla Provincia.' });
    return;
  }
  $('#gestione-convenzioni').hidden = !manager;
  $('#area-convenzioni').hidden = false;
  showFee();
  load(true);
});
