// "Le mie richieste alla SUA" (a Comune's user): the Comune's convenzione in
// one line (GET /sua/convenzioni), the form of a new request or of a draft
// being edited (POST /sua/comuni/{codice}/richieste, PUT /sua/richieste/{id})
// with the Italian number and date parsers, and the list of the Comune's
// requests (GET /sua/richieste, filter by state, paged by cursor) with their
// actions: edit and send a draft (POST .../invia), attach files while it is a
// draft or sent (POST .../documenti), follow its state and the SUA's reason
// when it is rejected.  Errors of the API are marked on their fields.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, showError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields, setFieldNote } from '../lib/form.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { parseImporto, formatEuroCents, formatData } from '../lib/numeri.js';
import { confirmDialog } from '../lib/dialog.js';
import { uploadFile } from '../lib/job.js';
import { plural } from '../lib/format.js';
import {
  STATI, TIPI, FONTI, options, statoBadge, tipoLabel, comuneOf, convenzioneText,
} from '../lib/sua.js';

const form = $('#form-richiesta');
const f = (id) => $(`#r-${id}`);
const list = $('#elenco-richieste');
const status = $('#stato-richieste');
const more = $('#altre-richieste');
const filtro = $('#filtro-stato');
const fileInput = $('#file-allegato');
let comune = null;
let editing = null; // the id of the draft in the form, or null
let next = null;
let attachTo = null;

options(f('tipo'), TIPI, 'Scegli…');
options(f('fonte'), FONTI, 'Scegli…');
options(filtro, STATI, 'Tutti gli stati');
bindDateField(f('data'), { optional: false });
for (const id of ['importo', 'sicurezza']) {
  f(id).addEventListener('change', () => {
    const raw = f(id).value.trim();
    const p = raw ? parseImporto(raw, { min: id === 'sicurezza' ? 0 : 0.01 }) : null;
    setFieldNote(f(id), p?.ok ? `Letto come ${p.shown}.` : null);
  });
}

async function loadConvenzione() {
  const out = $('#sintesi-convenzione');
  try {
    const r = await apiGet('/sua/convenzioni');
    const vigenti = r.items.filter((c) => c.vigente);
    if (vigenti.length) out.textContent = vigenti.map(convenzioneText).join(' ');
    else out.textContent = 'Il Comune non ha una convenzione valida oggi con la Stazione Unica Appaltante: puoi preparare le bozze, ma per inviarle serve la convenzione.';
  } catch (err) {
    out.textContent = 'Convenzione non disponibile.';
    showApiError(err, 'convenzione');
  }
}

function readForm() {
  const errors = [];
  const body = {
    oggetto: f('oggetto').value.trim(),
    tipo: f('tipo').value,
    cpv: f('cpv').value.trim(),
    fonte: f('fonte').value,
    investimento: f('investimento').checked,
    rup_nome: f('rup').value.trim(),
  };
  if (!body.oggetto) errors.push({ input: f('oggetto'), message: 'Scrivi l\'oggetto della richiesta.' });
  if (!body.tipo) errors.push({ input: f('tipo'), message: 'Scegli il tipo di contratto.' });
  if (!/^\d{8}(-\d)?$/.test(body.cpv)) errors.push({ input: f('cpv'), message: 'Il CPV ha 8 cifre e la cifra di controllo: es. 90911200-8.' });
  if (!body.fonte) errors.push({ input: f('fonte'), message: 'Scegli la fonte di finanziamento.' });
  const imp = parseImporto(f('importo').value);
  if (imp.ok) body.importo_cents = imp.cents;
  else errors.push({ input: f('importo'), message: imp.message });
  const sic = f('sicurezza').value.trim();
  if (sic) {
    const s = parseImporto(sic, { min: 0 });
    if (s.ok) body.sicurezza_cents = s.cents;
    else errors.push({ input: f('sicurezza'), message: s.message });
  } else body.sicurezza_cents = 0;
  const cup = f('cup').value.trim().toUpperCase();
  if (cup) body.cup = cup;
  else if (body.investimento) errors.push({ input: f('cup'), message: 'Per un investimento il CUP è obbligatorio.' });
  const d = readDateField(f('data'), { optional: false });
  if (d.ok) body.data_aggiudicazione = d.value;
  else errors.push({ input: f('data'), message: d.message });
  if (!body.rup_nome) errors.push({ input: f('rup'), message: 'Indica il RUP del Comune.' });
  const email = f('rup-email').value.trim();
  if (email) body.rup_email = email;
  const note = f('note').value.trim();
  if (note) body.note = note;
  return { body, errors };
}

function resetForm() {
  form.reset();
  clearFieldErrors(form);
  for (const id of ['importo', 'sicurezza', 'data']) setFieldNote(f(id), null);
  editing = null;
  $('#titolo-form-richiesta').textContent = 'Nuova richiesta';
  $('#salva-richiesta').textContent = 'Salva la bozza';
  $('#annulla-modifica').hidden = true;
}

function editDraft(r) {
  resetForm();
  editing = r.id;
  f('oggetto').value = r.oggetto;
  f('tipo').value = r.tipo;
  f('cpv').value = r.cpv;
  f('fonte').value = r.fonte;
  f('importo').value = formatEuroCents(r.importo_cents).replace(/^€\s*/, '');
  f('sicurezza').value = formatEuroCents(r.sicurezza_cents).replace(/^€\s*/, '');
  f('investimento').checked = r.investimento;
  f('cup').value = r.cup ?? '';
  f('data').value = formatData(r.data_aggiudicazione);
  f('rup').value = r.rup_nome;
  f('rup-email').value = r.rup_email ?? '';
  f('note').value = r.note ?? '';
  $('#titolo-form-richiesta').textContent = `Modifica della bozza «${r.oggetto}»`;
  $('#salva-richiesta').textContent = 'Salva le modifiche';
  $('#annulla-modifica').hidden = false;
  $('#titolo-form-richiesta').focus();
}

$('#annulla-modifica').addEventListener('click', () => {
  resetForm();
  $('#titolo-elenco-richieste').focus();
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('richiesta');
  clearFieldErrors(form);
  const { body, errors } = readForm();
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = $('#salva-richiesta');
  button.disabled = true;
  try {
    const r = editing
      ? await apiSend('PUT', `/sua/richieste/${editing}`, body)
      : await apiSend('POST', `/sua/comuni/${comune}/richieste`, body);
    resetForm();
    await load(true);
    status.textContent = `Bozza «${r.oggetto}» salvata. ${status.textContent}`;
    $(`[data-richiesta="${r.id}"] h3`)?.focus();
  } catch (err) {
    if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'richiesta');
  } finally {
    button.disabled = false;
  }
});

function actionButton(label, hidden, data, cls = 'btn-outline-primary') {
  return h('button', { type: 'button', class: `btn ${cls} btn-sm`, dataset: data },
    label, h('span', { class: 'visually-hidden' }, hidden));
}

async function send(r) {
  const ok = await confirmDialog({
    title: 'Inviare la richiesta alla SUA?',
    intro: `«${r.oggetto}» sarà inviata alla Stazione Unica Appaltante: dopo l'invio non si può più modificare, ma puoi ancora allegare documenti finché la SUA non la prende in carico.`,
    submitLabel: 'Invia la richiesta',
    onSubmit: () => apiSend('POST', `/sua/richieste/${r.id}/invia`),
  });
  if (!ok) return;
  await load(true);
  status.textContent = `Richiesta «${r.oggetto}» inviata alla SUA. ${status.textContent}`;
}

fileInput.addEventListener('change', async () => {
  const file = fileInput.files[0];
  const r = attachTo;
  fileInput.value = '';
  if (!file || !r) return;
  clearError('allegato');
  status.textContent = `Caricamento di «${file.name}»…`;
  try {
    const d = await uploadFile(`/sua/richieste/${r.id}/documenti`, file);
    await load(true);
    status.textContent = `«${d.nome}» allegato a «${r.oggetto}». ${status.textContent}`;
  } catch (err) {
    status.textContent = 'Allegato non caricato.';
    showError(err.message, 'allegato', { focus: true });
  }
});

function card(r) {
  const actions = [];
  if (r.stato === 'bozza') {
    const edit = actionButton('Modifica', ` la bozza ${r.oggetto}`, { azione: 'modifica' });
    edit.addEventListener('click', async () => {
      try {
        editDraft(await apiGet(`/sua/richieste/${r.id}`));
      } catch (err) { showApiError(err, 'richiesta'); }
    });
    const invia = actionButton('Invia alla SUA', ` la richiesta ${r.oggetto}`, { azione: 'invia' }, 'btn-primary');
    invia.addEventListener('click', () => send(r));
    actions.push(edit, invia);
  }
  if (r.stato === 'bozza' || r.stato === 'inviata') {
    const att = actionButton('Allega un file', ` alla richiesta ${r.oggetto}`, { azione: 'allega' });
    att.addEventListener('click', () => { attachTo = r; fileInput.click(); });
    actions.push(att);
  }
  const docs = r.documenti ?? [];
  return h('article', { class: 'card card-bg mb-3 richiesta', dataset: { richiesta: String(r.id), stato: r.stato } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h5 card-title', tabindex: '-1' }, r.oggetto, ' ', statoBadge(r.stato)),
      h('dl', { class: 'row small mb-2' },
        h('dt', { class: 'col-5 col-md-3' }, 'Tipo e CPV'), h('dd', { class: 'col-7 col-md-9' }, `${tipoLabel(r.tipo)}, ${r.cpv}`),
        h('dt', { class: 'col-5 col-md-3' }, 'Importo stimato'), h('dd', { class: 'col-7 col-md-9' }, formatEuroCents(r.importo_cents),
          r.sicurezza_cents ? ` (di cui oneri della sicurezza ${formatEuroCents(r.sicurezza_cents)})` : ''),
        h('dt', { class: 'col-5 col-md-3' }, 'Aggiudicazione desiderata'), h('dd', { class: 'col-7 col-md-9' }, formatData(r.data_aggiudicazione)),
        h('dt', { class: 'col-5 col-md-3' }, 'RUP'), h('dd', { class: 'col-7 col-md-9' }, r.rup_nome)),
      r.motivo_rifiuto ? h('p', { class: 'alert alert-warning py-2 mb-2' }, `Motivo del rifiuto: ${r.motivo_rifiuto}`) : null,
      r.firma_richiesta ? h('p', { class: 'alert alert-info py-2 mb-2 firma-richiesta' },
        'La SUA chiede documenti firmati digitalmente (.p7m o PDF firmato).') : null,
      docs.length ? h('ul', { class: 'small documenti' }, docs.map((d) => h('li', {},
        h('a', { href: d.url, download: d.nome }, d.nome), ` (${d.mime})`))) : null,
      actions.length ? h('div', { class: 'd-flex flex-wrap gap-2' }, actions) : null));
}

async function load(fresh) {
  clearError('elenco');
  if (fresh) {
    next = null;
    clear(list);
  }
  setLoading(list, true, { status, text: 'Caricamento delle richieste…' });
  try {
    const params = { limit: 20 };
    if (filtro.value) params.stato = filtro.value;
    if (next) params.after = next;
    const r = await apiGet('/sua/richieste', params);
    // The list carries no documents: read each of this page's requests.
    const full = await Promise.all(r.items.map((x) => apiGet(`/sua/richieste/${x.id}`)));
    list.append(...full.map(card));
    next = r.next;
    more.hidden = !next;
    setLoading(list, false, { status });
    status.textContent = r.total === 0
      ? 'Nessuna richiesta.'
      : `${r.total} ${plural(r.total, 'richiesta', 'richieste')}.`;
  } catch (err) {
    setLoading(list, false, { status, text: 'Elenco non disponibile.' });
    showApiError(err, 'elenco', { retry: () => load(true) });
  }
}

filtro.addEventListener('change', () => load(true));
more.addEventListener('click', () => load(false));

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'comune', forbidden: 'Questa pagina è per gli utenti dei Comuni: le richieste alla SUA le prepara il Comune.',
  })) return;
  comune = comuneOf(me);
  const q = new URLSearchParams(window.location.search);
  if (STATI.some(([s]) => s === q.get('stato'))) filtro.value = q.get('stato');
  $('#area-richieste').hidden = false;
  loadConvenzione();
  load(true);
  if (window.location.hash === '#nuova') f('oggetto').focus();
});
