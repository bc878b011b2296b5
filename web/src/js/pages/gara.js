// Gara (SUA officer): the tender editor.  Without ?id= it creates a draft
// (POST /api/v1/sua/province/{codice}/gare) and opens it; with ?id= it
// loads the tender (GET /api/v1/sua/gare/{id}) and edits everything: lots
// (one fieldset per lot, so that the page works at 390 px), the procedure
// with the rules engine's advice for the lots being typed (POST
// /api/v1/sua/procedura, the same engine as GET .../consiglio), the award
// criterion (OEPV criteria), deadlines typed as gg/mm/aaaa hh:mm in Italian
// time.  Save (PUT), publish (POST .../pubblica: each refusal marks its
// field), amend a published tender with its reason, cancel with a reason,
// answer clarifications.  Amounts are typed the Italian way (1.234,56) and
// sent in cents.  API errors name the JSON path: the field with that
// data-campo is marked.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { showApiError, showError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, setFieldError, focusFirstInvalid } from '../lib/form.js';
import { openDialog } from '../lib/dialog.js';
import { debounce } from '../lib/debounce.js';
import {
  formatEuroCents, parseImporto, parseData, formatData, formatDataOra, oggiRoma, parseIntero,
} from '../lib/numeri.js';
import { statoGara, isoToCampo, campoToApi, PROCEDURE } from '../lib/gare.js';

const params = new URLSearchParams(window.location.search);
const garaId = /^[1-9]\d{0,17}$/.test(params.get('id') ?? '') ? params.get('id') : null;
const form = $('#form-gara');
const lottiBox = $('#lotti');
const criteriBox = $('#criteri');
let gara = null;
let comuni = []; // [{codice_istat, nome}] of the Province
let lotSeq = 0;
let critSeq = 0;

const centsToCampo = (c) => (Number.isInteger(c) ? formatEuroCents(c).replace(/^€\s?/, '') : '');

// ---- lots ---------------------------------------------------------------

function lotField(idx, key, label, input, cls) {
  input.id = `lotto-${idx}-${key}`;
  return h('div', { class: cls }, h('label', { for: input.id, class: 'form-label' }, label), input);
}

function renumber() {
  $$('fieldset.lotto', lottiBox).forEach((fs, i) => {
    $('legend', fs).textContent = `Lotto ${i + 1}`;
    for (const el of $$('[data-chiave]', fs)) el.dataset.campo = `lotti[${i}].${el.dataset.chiave}`;
    $('.rimuovi-lotto', fs).setAttribute('aria-label', `Rimuovi il lotto ${i + 1}`);
  });
  updateTotal();
}

function addLot(l = {}) {
  const idx = ++lotSeq;
  const input = (key, attrs = {}) => h('input', {
    type: 'text', class: 'form-control', autocomplete: 'off', dataset: { chiave: key }, ...attrs,
  });
  const comune = h('select', { class: 'form-select', dataset: { chiave: 'comune' } },
    comuni.map((c) => h('option', { value: c.codice_istat, selected: c.codice_istat === l.comune }, c.nome)));
  const remove = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm rimuovi-lotto' }, 'Rimuovi');
  const fs = h('fieldset', { class: 'lotto border rounded p-3 mb-3', dataset: { richiesta: l.richiesta_id ?? '' } },
    h('legend', { class: 'h5 w-auto px-2 float-none' }, 'Lotto'),
    h('div', { class: 'row g-3' },
      lotField(idx, 'oggetto', 'Oggetto del lotto', input('oggetto', { maxlength: 1000, value: l.oggetto ?? '' }), 'col-12'),
      lotField(idx, 'cig', 'CIG', input('cig', { maxlength: 10, value: l.cig ?? '', spellcheck: 'false' }), 'col-12 col-md-3'),
      lotField(idx, 'cpv', 'CPV', input('cpv', { maxlength: 10, value: l.cpv ?? '', inputmode: 'numeric', placeholder: '45233141-9' }), 'col-12 col-md-3'),
      lotField(idx, 'importo_cents', 'Importo (€)', input('importo_cents', { inputmode: 'decimal', value: centsToCampo(l.importo_cents), class: 'form-control text-end' }), 'col-6 col-md-3'),
      lotField(idx, 'sicurezza_cents', 'Oneri sicurezza (€)', input('sicurezza_cents', { inputmode: 'decimal', value: centsToCampo(l.sicurezza_cents ?? 0), class: 'form-control text-end' }), 'col-6 col-md-3'),
      lotField(idx, 'comune', 'Comune beneficiario', comune, 'col-12 col-md-9'),
      h('div', { class: 'col-12 col-md-3 d-flex align-items-end' }, remove)));
  remove.addEventListener('click', () => {
    fs.remove();
    renumber();
    adviseSoon();
  });
  for (const el of $$('input', fs)) el.addEventListener('input', adviseSoon);
  lottiBox.append(fs);
  renumber();
  return fs;
}

// The lots as the API wants them, or null after marking the wrong fields.
function readLots(errors) {
  return $$('fieldset.lotto', lottiBox).map((fs, i) => {
    const v = (k) => $(`[data-chiave="${k}"]`, fs).value.trim();
    const lot = { oggetto: v('oggetto'), cpv: v('cpv'), comune: v('comune') };
    if (v('cig')) lot.cig = v('cig').toUpperCase();
    const imp = parseImporto(v('importo_cents'));
    if (imp.ok) lot.importo_cents = imp.cents;
    else errors.push({ path: `lotti[${i}].importo_cents`, message: imp.message });
    const sic = v('sicurezza_cents') === '' ? { ok: true, cents: 0 } : parseImporto(v('sicurezza_cents'), { min: 0 });
    if (sic.ok) lot.sicurezza_cents = sic.cents;
    else errors.push({ path: `lotti[${i}].sicurezza_cents`, message: sic.message });
    if (!lot.oggetto) errors.push({ path: `lotti[${i}].oggetto`, message: 'Scrivi l\'oggetto del lotto.' });
    if (fs.dataset.richiesta) lot.richiesta_id = Number(fs.dataset.richiesta);
    return lot;
  });
}

function updateTotal() {
  let total = 0;
  let n = 0;
  for (const el of $$('[data-chiave="importo_cents"]', lottiBox)) {
    const r = parseImporto(el.value);
    if (r.ok) total += r.cents;
    n++;
  }
  $('#totale-lotti').textContent = n ? `${n} ${n === 1 ? 'lotto' : 'lotti'}, importo complessivo ${formatEuroCents(total)}` : 'Nessun lotto.';
  return total;
}

// ---- the advice of the rules engine ---------------------------------------

let adviceCtl = null;
async function advise() {
  const box = $('#consiglio');
  const cents = [];
  for (const el of $$('[data-chiave="importo_cents"]', lottiBox)) {
    const r = parseImporto(el.value);
    if (!r.ok) {
      box.replaceChildren(h('p', { class: 'mb-0' }, 'Completa gli importi dei lotti per vedere regime e procedure ammesse.'));
      return;
    }
    cents.push(r.cents);
  }
  updateTotal();
  if (cents.length === 0) {
    box.replaceChildren(h('p', { class: 'mb-0' }, 'Aggiungi almeno un lotto per vedere regime e procedure ammesse.'));
    fillProcedures(null);
    return;
  }
  const data = parseData($('#data-invio').value);
  adviceCtl?.abort();
  adviceCtl = new AbortController();
  try {
    const r = await apiSend('POST', '/sua/procedura', {
      tipo: $('#tipo').value,
      data: data.ok ? data.value : oggiRoma(),
      importo_cents: cents.reduce((a, b) => a + b, 0),
      importi_lotti_cents: cents,
      ente: 'provincia',
    }, { signal: adviceCtl.signal });
    showAdvice(r);
  } catch (err) {
    if (err.name === 'AbortError') return;
    box.replaceChildren(h('p', { class: 'mb-0' }, `Consiglio non disponibile: ${err.message}`));
  }
}
const adviseSoon = debounce(advise, 300);

function showAdvice(r) {
  const regime = r.sopra_soglia_ue
    ? `Sopra la soglia europea (${formatEuroCents(r.regime.soglia_cents)}): procedure ordinarie.`
    : `Sotto la soglia europea (${formatEuroCents(r.regime.soglia_cents)}).`;
  $('#consiglio').replaceChildren(
    h('p', { class: 'fw-semibold mb-1', id: 'consiglio-regime' }, regime),
    h('p', { class: 'mb-1' }, `Importo complessivo ${formatEuroCents(r.input.importo_cents)} in ${r.input.lotti} ${r.input.lotti === 1 ? 'lotto' : 'lotti'}: procedure indicate dal motore delle regole`),
    h('ul', { class: 'mb-0', id: 'consiglio-procedure' }, r.procedure.map((p) => h('li', { dataset: { procedura: p.codice } },
      `${p.nome} (${p.articolo})`,
      p.min_giorni_offerte ? `, offerte in almeno ${p.min_giorni_offerte.giorni ?? p.min_giorni_offerte} giorni` : '',
      p.scadenza_minima_offerte ? ` (non prima del ${formatData(p.scadenza_minima_offerte)})` : ''))));
  fillProcedures(r.procedure.map((p) => p.codice));
}

function fillProcedures(allowed) {
  const sel = $('#procedura');
  const current = sel.value || gara?.procedura || '';
  clear(sel);
  sel.append(h('option', { value: '' }, 'Da scegliere'));
  for (const [code, nome] of PROCEDURE) {
    const ok = allowed?.includes(code);
    sel.append(h('option', { value: code, selected: code === current }, ok ? `${nome} (indicata)` : nome));
  }
}

// ---- OEPV criteria ----------------------------------------------------------

function addCriterion(c = {}) {
  const idx = ++critSeq;
  const nome = h('input', { id: `criterio-${idx}-nome`, type: 'text', class: 'form-control', maxlength: 500, autocomplete: 'off', value: c.nome ?? '', dataset: { chiave: 'nome' } });
  const punti = h('input', { id: `criterio-${idx}-punti`, type: 'text', inputmode: 'numeric', class: 'form-control', autocomplete: 'off', value: c.punti ?? '', dataset: { chiave: 'punti' } });
  const remove = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm' }, 'Rimuovi');
  const row = h('div', { class: 'row g-2 align-items-end mb-2 criterio', dataset: { sotto: JSON.stringify(c.sottocriteri ?? []) } },
    h('div', { class: 'col-12 col-md-7' }, h('label', { for: nome.id, class: 'form-label' }, 'Criterio tecnico'), nome),
    h('div', { class: 'col-6 col-md-3' }, h('label', { for: punti.id, class: 'form-label' }, 'Punti'), punti),
    h('div', { class: 'col-6 col-md-2' }, remove));
  remove.addEventListener('click', () => { row.remove(); renumberCriteria(); });
  criteriBox.append(row);
  renumberCriteria();
}

function renumberCriteria() {
  $$('.criterio', criteriBox).forEach((row, i) => {
    for (const el of $$('[data-chiave]', row)) el.dataset.campo = `criteri.criteri[${i}].${el.dataset.chiave}`;
    $('button', row).setAttribute('aria-label', `Rimuovi il criterio ${i + 1}`);
  });
}

function readCriteria(errors) {
  const criteri = $$('.criterio', criteriBox).map((row, i) => {
    const nome = $('[data-chiave="nome"]', row).value.trim();
    const p = parseIntero($('[data-chiave="punti"]', row).value, { min: 0, max: 100 });
    if (!p.ok) errors.push({ path: `criteri.criteri[${i}].punti`, message: p.message });
    const c = { nome, punti: p.ok ? p.value : 0 };
    const sotto = JSON.parse(row.dataset.sotto || '[]');
    if (sotto.length) c.sottocriteri = sotto;
    return c;
  });
  const ep = parseIntero($('#eco-punti').value, { min: 0, max: 100 });
  if (!ep.ok) errors.push({ path: 'criteri.economico.punti', message: ep.message });
  const economico = { punti: ep.ok ? ep.value : 0, formula: $('#eco-formula').value };
  const param = $('#eco-param').value.trim().replace(',', '.');
  if (economico.formula === 'bilineare') economico.x = param;
  if (economico.formula === 'concava') economico.alpha = param;
  const out = { criteri, economico };
  if ($('#manodopera').checked) out.manodopera = true;
  return out;
}

function showCriteria(c) {
  clear(criteriBox);
  for (const it of c?.criteri ?? []) addCriterion(it);
  if (!c) addCriterion();
  $('#eco-punti').value = c?.economico?.punti ?? '';
  $('#eco-formula').value = c?.economico?.formula ?? 'lineare';
  $('#eco-param').value = c?.economico?.x ?? c?.economico?.alpha ?? '';
  $('#manodopera').checked = !!c?.manodopera;
}

$('#criterio').addEventListener('change', () => { $('#area-oepv').hidden = $('#criterio').value !== 'oepv'; });
$('#eco-formula').addEventListener('change', () => {
  $('#eco-param').dataset.campo = $('#eco-formula').value === 'concava' ? 'criteri.economico.alpha' : 'criteri.economico.x';
});
$('#aggiungi-criterio').addEventListener('click', () => addCriterion());

// ---- the whole form ----------------------------------------------------------

// The PUT body from the form, or null after marking its errors.
function readForm() {
  clearFieldErrors(form);
  clearError('gara');
  const errors = [];
  const body = { oggetto: $('#oggetto').value.trim(), tipo: $('#tipo').value };
  if ($('#rup').value.trim()) body.rup_nome = $('#rup').value.trim();
  if ($('#data-invio').value.trim()) {
    const d = parseData($('#data-invio').value);
    if (d.ok) body.data_invio = d.value;
    else errors.push({ path: 'data_invio', message: d.message });
  }
  if ($('#procedura').value) body.procedura = $('#procedura').value;
  if ($('#procedura-motivo').value.trim()) body.procedura_motivo = $('#procedura-motivo').value.trim();
  if ($('#criterio').value) body.criterio = $('#criterio').value;
  if ($('#criterio').value === 'oepv') body.criteri = readCriteria(errors);
  for (const [id, key] of [['#termine-chiarimenti', 'termine_chiarimenti'], ['#termine-offerte', 'termine_offerte'], ['#prima-seduta', 'prima_seduta']]) {
    const r = campoToApi($(id).value);
    // Unchanged: not sent (the field shows minutes, the tender may hold
    // seconds: resending would move a published deadline earlier).
    if (!r.ok) errors.push({ path: key, message: r.message });
    else if (r.value && r.value !== isoToCampo(gara[key])) body[key] = r.value;
  }
  body.lotti = readLots(errors);
  if (gara.stato === 'pubblicata') body.motivo_rettifica = $('#motivo-rettifica').value.trim();
  if (errors.length) {
    for (const e of errors) markField(form, e.path, e.message);
    focusFirstInvalid(form);
    showError('Alcuni campi non sono validi: correggili e riprova.', 'gara');
    return null;
  }
  return body;
}

// An API error: its field marked (and focused) when the form has it.
function fail(err) {
  const el = markField(form, err.field, err.message, { focus: true });
  showApiError(err, 'gara');
  if (el) el.focus();
}

function show(g) {
  gara = g;
  document.title = `${g.oggetto} | areavasta`;
  $('#titolo-gara').textContent = g.oggetto;
  $('#link-verbali').href = `/verbali.html?gara=${g.id}`;
  $('#link-pcp').href = `/pcp-gara.html?id=${g.id}`;
  const n = g.lotti.length;
  // The evaluation (issue 13) of a published tender: valutazione.html.
  $('#link-valutazione').hidden = g.stato !== 'pubblicata' && g.stato !== 'chiusa';
  $('#link-valutazione a').href = `/valutazione.html?id=${g.id}`;
  $('#riepilogo-gara').textContent = `${statoGara(g.stato)}${g.versione ? `, ${g.versione} ${g.versione === 1 ? 'rettifica' : 'rettifiche'}` : ''} · ${n} ${n === 1 ? 'lotto' : 'lotti'} · ${formatEuroCents(g.importo_totale_cents)}`;
  $('#oggetto').value = g.oggetto;
  $('#tipo').value = g.tipo;
  $('#rup').value = g.rup_nome ?? '';
  $('#data-invio').value = g.data_invio ? formatData(g.data_invio) : '';
  $('#procedura-motivo').value = g.procedura_motivo ?? '';
  $('#criterio').value = g.criterio ?? '';
  $('#area-oepv').hidden = g.criterio !== 'oepv';
  showCriteria(g.criteri);
  $('#termine-chiarimenti').value = isoToCampo(g.termine_chiarimenti);
  $('#termine-offerte').value = isoToCampo(g.termine_offerte);
  $('#prima-seduta').value = isoToCampo(g.prima_seduta);
  clear(lottiBox);
  for (const l of g.lotti) addLot(l);
  fillProcedures(null);
  $('#procedura').value = g.procedura ?? '';
  $('#link-inviti').hidden = !/^negoziata_/.test(g.procedura ?? '');
  $('#vai-inviti').href = `/sua-inviti.html?gara=${g.id}`;
  const pubblicata = g.stato === 'pubblicata';
  const chiusa = g.stato === 'annullata' || g.stato === 'chiusa';
  $('#area-rettifica').hidden = !pubblicata;
  $('#motivo-rettifica').value = '';
  $('#pubblica-gara').hidden = g.stato !== 'bozza';
  $('#salva-gara').textContent = pubblicata ? 'Pubblica la rettifica' : 'Salva';
  $('#salva-gara').hidden = chiusa;
  $('#annulla-gara').hidden = chiusa;
  for (const el of $$('input, select, textarea, #aggiungi-lotto, #aggiungi-criterio, .rimuovi-lotto', form)) el.disabled = chiusa;
  $('#avviso-stato').replaceChildren(chiusa
    ? h('div', { class: 'alert alert-warning' }, g.stato === 'annullata' ? `Gara annullata: ${g.motivo_annullamento}` : 'Gara chiusa: non si modifica più.')
    : pubblicata ? h('div', { class: 'alert alert-info' }, 'Gara pubblicata: ogni modifica è una rettifica motivata e pubblicata; i termini si possono solo prorogare.') : '');
  $('#sezione-rettifiche').hidden = g.rettifiche.length === 0;
  $('#rettifiche').replaceChildren(...g.rettifiche.map((r) => h('li', {},
    h('span', { class: 'fw-semibold' }, `Rettifica del ${formatDataOra(r.pubblicata_at)}: `), r.motivo,
    h('ul', {}, Object.entries(r.modifiche).map(([k, v]) => h('li', {}, `${campoLabel(k)}: da ${fmtVal(v.da, k)} a ${fmtVal(v.a, k)}`))))));
  advise();
  if (g.stato !== 'bozza') loadClarifications();
}

const CAMPI = {
  oggetto: 'Oggetto', tipo: 'Tipo di contratto', procedura: 'Procedura', procedura_motivo: 'Motivazione della procedura',
  criterio: 'Criterio', criteri: 'Criteri di valutazione', rup_nome: 'RUP', data_invio: 'Data di trasmissione',
  termine_chiarimenti: 'Termine chiarimenti', termine_offerte: 'Termine offerte', prima_seduta: 'Prima seduta pubblica',
  cig: 'CIG', cpv: 'CPV', importo_cents: 'importo', sicurezza_cents: 'oneri della sicurezza', comune: 'Comune', richiesta_id: 'richiesta',
};

// "lotti[1].importo_cents" -> "Lotto 2, importo".
function campoLabel(k) {
  const m = k.match(/^lotti\[(\d+)\]\.(\w+)$/);
  if (m) return `Lotto ${Number(m[1]) + 1}, ${m[2] === 'oggetto' ? 'oggetto' : (CAMPI[m[2]] ?? m[2])}`;
  return CAMPI[k] ?? k;
}

function fmtVal(v, k = '') {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' && k.endsWith('_cents')) return formatEuroCents(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return isoToCampo(v);
  if (typeof v === 'object') return 'criteri modificati';
  return String(v);
}

async function load() {
  try {
    show(await apiGet(`/sua/gare/${garaId}`));
    $('#area-gara').hidden = false;
  } catch (err) {
    showApiError(err, 'gara', { retry: load });
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = readForm();
  if (!body) return;
  const btn = $('#salva-gara');
  btn.disabled = true;
  try {
    show(await apiSend('PUT', `/sua/gare/${garaId}`, body));
    $('#riepilogo-gara').textContent = `Salvato. ${$('#riepilogo-gara').textContent}`;
  } catch (err) {
    fail(err);
  } finally {
    btn.disabled = false;
  }
});

$('#pubblica-gara').addEventListener('click', async () => {
  const body = readForm();
  if (!body) return;
  const btn = $('#pubblica-gara');
  btn.disabled = true;
  try {
    show(await apiSend('PUT', `/sua/gare/${garaId}`, body));
    show(await apiSend('POST', `/sua/gare/${garaId}/pubblica`));
    $('#riepilogo-gara').textContent = `Gara pubblicata. ${$('#riepilogo-gara').textContent}`;
  } catch (err) {
    fail(err);
  } finally {
    btn.disabled = false;
  }
});

$('#annulla-gara').addEventListener('click', async () => {
  const motivo = h('textarea', { id: 'motivo-annullamento', name: 'motivo', class: 'form-control', rows: 3, maxlength: 4000 });
  const g = await openDialog({
    title: 'Annullare la gara?',
    intro: 'L\'annullamento è definitivo e pubblico: indica il motivo.',
    content: [h('label', { for: motivo.id, class: 'form-label' }, 'Motivo dell\'annullamento'), motivo],
    submitLabel: 'Annulla la gara',
    cancelLabel: 'Non annullare',
    danger: true,
    onSubmit: () => apiSend('POST', `/sua/gare/${garaId}/annulla`, { motivo: motivo.value }),
  });
  if (g) show(g);
});

$('#aggiungi-lotto').addEventListener('click', () => {
  const fs = addLot({ comune: comuni[0]?.codice_istat });
  $('input', fs).focus();
  adviseSoon();
});
$('#tipo').addEventListener('change', adviseSoon);
$('#data-invio').addEventListener('change', adviseSoon);

// ---- clarifications ----------------------------------------------------------

async function loadClarifications() {
  const box = $('#chiarimenti');
  $('#sezione-chiarimenti').hidden = false;
  try {
    const r = await apiGet(`/sua/gare/${garaId}/chiarimenti`);
    const waiting = r.items.filter((c) => c.risposta === null).length;
    $('#stato-chiarimenti').textContent = r.total === 0
      ? 'Nessuna richiesta di chiarimento.'
      : `${r.total} ${r.total === 1 ? 'richiesta' : 'richieste'}, ${waiting} in attesa di risposta. Le risposte sono pubbliche, senza il nome di chi ha chiesto.`;
    box.replaceChildren(...r.items.map(clarification));
  } catch (err) {
    showApiError(err, 'chiarimenti', { retry: loadClarifications });
  }
}

function clarification(c) {
  const ta = h('textarea', { id: `risposta-${c.id}`, class: 'form-control', rows: 3, maxlength: 4000 });
  ta.value = c.risposta ?? '';
  const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-sm mt-2' }, c.risposta ? 'Correggi la risposta' : 'Pubblica la risposta');
  const f = h('form', { class: 'border rounded p-3 mb-3', novalidate: true, dataset: { chiarimento: String(c.id) } },
    h('p', { class: 'mb-1 small text-secondary' }, `Domanda del ${formatDataOra(c.chiesto_at)}`),
    h('p', { class: 'fw-semibold' }, c.domanda),
    h('label', { for: ta.id, class: 'form-label' }, 'Risposta'), ta, btn);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(ta, null);
    btn.disabled = true;
    try {
      await apiSend('POST', `/sua/chiarimenti/${c.id}/risposta`, { risposta: ta.value });
      await loadClarifications();
    } catch (err) {
      setFieldError(ta, err.message);
      ta.focus();
    } finally {
      btn.disabled = false;
    }
  });
  return f;
}

// ---- start ---------------------------------------------------------------------

async function loadComuni(provincia) {
  const prov = await apiGet('/province');
  const p = prov.items.find((x) => x.codice === provincia);
  if (!p) return;
  const r = await apiGet('/comuni', { provincia: p.sigla, limit: 500 });
  comuni = r.items.map((c) => ({ codice_istat: c.codice_istat, nome: c.nome }));
}

$('#form-nuova').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = $('#form-nuova');
  clearFieldErrors(f);
  const oggetto = $('#nuova-oggetto').value.trim();
  if (!oggetto) {
    markField(f, 'oggetto', 'Scrivi l\'oggetto della gara.', { focus: true });
    return;
  }
  try {
    const g = await apiSend('POST', `/sua/province/${f.dataset.provincia}/gare`, { oggetto, tipo: $('#nuova-tipo').value });
    window.location.assign(`/gara.html?id=${g.id}`);
  } catch (err) {
    markField(f, err.field, err.message, { focus: true });
    showApiError(err, 'gara');
  }
});

initSite().then(async (me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'sua_officer',
    forbidden: 'Le gare si gestiscono con il ruolo «Funzionario SUA» della Provincia.',
  })) return;
  const grant = me.roles.find((r) => r.role === 'sua_officer' && r.ente.startsWith('provincia:'));
  if (!garaId) {
    $('#titolo-gara').textContent = 'Nuova gara';
    $('#form-nuova').dataset.provincia = grant.ente.slice('provincia:'.length);
    $('#area-nuova').hidden = false;
    return;
  }
  try {
    const g = await apiGet(`/sua/gare/${garaId}`);
    await loadComuni(g.provincia);
    show(g);
    $('#area-gara').hidden = false;
  } catch (err) {
    showApiError(err, 'gara', { retry: load });
  }
});
