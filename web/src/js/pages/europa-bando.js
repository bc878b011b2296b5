// Scheda bando: one call (GET /api/v1/bandi/{id}) in Italian: its data,
// its deadlines in Italian time beside the source's own text and zone
// (two stages, several cut-offs), the Servizio Europa's scheda and the
// source's description as text (never its HTML).  The EU desk
// (sape_officer) edits the scheda and its internal notes here
// (PUT /api/v1/bandi/{id} with the scheda fields only), and its requisiti
// (PUT /api/v1/bandi/{id}/requisiti, each refusal shown at its field), and
// goes from here to the Comuni's eligibility table and the groupings map;
// a manual call is edited whole (PUT with every field, lib/europa-form.js).
// A Comune's referent marks the call "non pertinente" for its Comune (PUT /
// DELETE /api/v1/comuni/{codice}/non-pertinenti/{id}): out of its digests,
// alerts and calendar until restored.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { formatEuroCents } from '../lib/numeri.js';
import { markFields, clearFieldErrors, focusFirstInvalid } from '../lib/form.js';
import { getMe, hasRole } from '../lib/session.js';
import { STATI_BANDO, GESTIONI, MODELLI, FONTI, formatBp, htmlText } from '../lib/europa.js';
import { fillBandoForm, readBandoForm, addScadenzaRow } from '../lib/europa-form.js';
import { bindDateField } from '../lib/campo-data.js';

initSite();

const id = new URLSearchParams(window.location.search).get('id') ?? '';
const status = $('#stato-bando');
const DIFFICOLTA = { bassa: 'Bassa', media: 'Media', alta: 'Alta' };
const SCHEDA = [
  ['a_chi', 'A chi si rivolge'],
  ['cosa_finanzia', 'Cosa finanzia'],
  ['cofinanziamento', 'Cofinanziamento'],
  ['difficolta', 'Difficoltà'],
  ['note_comuni', 'Note per i Comuni'],
];

function row(dl, label, value) {
  if (value === null || value === undefined || value === '') return;
  dl.append(h('dt', { class: 'col-sm-4' }, label), h('dd', { class: 'col-sm-8' }, value));
}

function faseLabel(b, s) {
  if (b.modello_scadenze === 'due_fasi') return s.fase === 1 ? 'Fase 1' : 'Fase 2';
  if (b.modello_scadenze === 'cut_off_multipli') return 'Cut-off';
  return 'Unica';
}

function show(b) {
  document.title = `${b.titolo} | Scheda bando | areavasta`;
  $('#bando-titolo').textContent = b.titolo;
  $('#bando-sottotitolo').textContent = [b.programma_nome || b.programma_codice, b.identificativo].filter(Boolean).join(' · ');
  const dati = $('#bando-dati');
  clear(dati);
  row(dati, 'Stato', STATI_BANDO[b.stato] ?? b.stato);
  row(dati, 'Fonte', FONTI[b.fonte] ?? b.fonte);
  row(dati, 'Gestione', GESTIONI[b.gestione] ?? b.gestione);
  row(dati, 'Programma', b.programma_nome ? `${b.programma_nome} (${b.programma_codice})` : b.programma_codice);
  row(dati, 'Tipo di azione', b.tipo_azione);
  row(dati, 'Apertura', b.apertura_it ? b.apertura_it.slice(0, 10) : null);
  if (Number.isInteger(b.budget_totale_cent)) row(dati, 'Budget totale', formatEuroCents(b.budget_totale_cent));
  if (Number.isInteger(b.budget_min_cent) || Number.isInteger(b.budget_max_cent)) {
    row(dati, 'Contributo per progetto', `da ${formatEuroCents(b.budget_min_cent)} a ${formatEuroCents(b.budget_max_cent)}`);
  }
  if (Number.isInteger(b.sovvenzioni_previste)) row(dati, 'Progetti finanziabili', String(b.sovvenzioni_previste));
  if (Number.isInteger(b.cofinanziamento_ue_bp)) row(dati, 'Cofinanziamento UE', formatBp(b.cofinanziamento_ue_bp));
  if (Number.isInteger(b.partner_min)) row(dati, 'Partner minimi', String(b.partner_min));
  if (Number.isInteger(b.paesi_min)) row(dati, 'Paesi minimi', String(b.paesi_min));
  if (b.parole_chiave?.length) row(dati, 'Parole chiave', b.parole_chiave.join(', '));

  $('#bando-modello').textContent = MODELLI[b.modello_scadenze] ?? b.modello_scadenze;
  const tbody = $('#tabella-scadenze tbody');
  clear(tbody);
  for (const s of b.scadenze) {
    tbody.append(h('tr', { dataset: { fase: String(s.fase) } },
      h('th', { scope: 'row' }, faseLabel(b, s)),
      h('td', {}, s.scadenza_it ?? '—'),
      h('td', {}, s.originale ? `${s.originale} (${s.fuso})` : s.fuso)));
  }
  if (!b.scadenze.length) tbody.append(h('tr', {}, h('td', { colspan: '3' }, 'Nessuna scadenza indicata.')));

  const scheda = $('#bando-scheda');
  clear(scheda);
  for (const [k, label] of SCHEDA) {
    const v = k === 'difficolta' ? DIFFICOLTA[b.scheda[k]] : b.scheda[k];
    scheda.append(h('dt', {}, label), h('dd', { class: 'scheda-testo' }, v || 'Non ancora scritta dal Servizio Europa.'));
  }
  if ('note_interne' in b) {
    scheda.append(h('dt', {}, 'Note interne (solo ufficio)'), h('dd', { class: 'scheda-testo' }, b.note_interne || '—'));
  }
  const testo = htmlText(b.descrizione_html);
  $('#bando-descrizione').textContent = testo || 'Nessuna descrizione.';
  const link = $('#bando-link');
  clear(link);
  if (b.url && /^https?:\/\//.test(b.url)) link.append(h('a', { href: b.url, rel: 'noopener', target: '_blank' }, 'Il bando sul sito della fonte (si apre in una nuova finestra)'));
  $('#bando-corpo').hidden = false;
}

// ---- requisiti (sape_officer) ----

const INTERI = ['popolazione_min', 'popolazione_max', 'popolazione_aggregata_min', 'partner_min', 'paesi_min'];

// "70" or "70,5" per cent -> basis points, as text arithmetic (no float);
// anything else is sent as typed and the server names the field.
function percentToBp(s) {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return s;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function bpToPercent(bp) {
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${Math.trunc(bp / 100)},${frac}` : String(Math.trunc(bp / 100));
}

function fillRequisiti(r) {
  const form = $('#form-requisiti');
  for (const sel of ['tipi_ente', 'categoria_regione']) {
    for (const o of form.elements[sel].options) o.selected = (r[sel] ?? []).includes(o.value);
  }
  for (const k of INTERI) {
    const fromCall = r.fonte_valori?.[k] === 'bando';
    form.elements[k].value = r[k] === null || fromCall ? '' : String(r[k]);
    form.elements[k].placeholder = fromCall ? `dal bando: ${r[k]}` : '';
  }
  const cofin = form.elements.cofinanziamento_max_bp;
  const cofinCall = r.fonte_valori?.cofinanziamento_max_bp === 'bando';
  cofin.value = r.cofinanziamento_max_bp === null || cofinCall ? '' : bpToPercent(r.cofinanziamento_max_bp);
  cofin.placeholder = cofinCall ? `dal bando: ${bpToPercent(r.cofinanziamento_max_bp)}` : '';
  form.elements.popolazione_data.value = r.popolazione_data ? r.popolazione_data.split('-').reverse().join('/') : '';
  form.elements.regioni.value = (r.regioni ?? []).join(', ');
  form.elements.nuts3.value = (r.nuts3 ?? []).join(', ');
  form.elements.verifiche_manuali.value = (r.verifiche_manuali ?? []).join('\n');
}

function requisitiBody(form) {
  const body = {};
  for (const sel of ['tipi_ente', 'categoria_regione']) {
    const v = [...form.elements[sel].selectedOptions].map((o) => o.value);
    if (v.length) body[sel] = v;
  }
  for (const k of INTERI) {
    const t = form.elements[k].value.trim().replace(/\./g, '');
    if (t !== '') body[k] = /^\d{1,12}$/.test(t) ? Number(t) : t;
  }
  const cofin = form.elements.cofinanziamento_max_bp.value.trim();
  if (cofin !== '') body.cofinanziamento_max_bp = percentToBp(cofin);
  const data = form.elements.popolazione_data.value.trim();
  if (data !== '') body.popolazione_data = data;
  for (const k of ['regioni', 'nuts3']) {
    const v = form.elements[k].value.split(/[\s,;]+/).filter(Boolean).map((x) => x.toUpperCase());
    if (v.length) body[k] = v;
  }
  const righe = form.elements.verifiche_manuali.value.split('\n').map((x) => x.trim()).filter(Boolean);
  if (righe.length) body.verifiche_manuali = righe;
  return body;
}

async function setupRequisiti() {
  const form = $('#form-requisiti');
  fillRequisiti(await apiGet(`/bandi/${id}/requisiti`));
  $('#editor-requisiti').hidden = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    clearFieldErrors(form);
    $('#esito-requisiti').textContent = '';
    try {
      const saved = await apiSend('PUT', `/bandi/${id}/requisiti`, requisitiBody(form));
      fillRequisiti(saved);
      $('#esito-requisiti').textContent = 'Requisiti salvati.';
    } catch (e) {
      if (e.field) markFields(form, [{ path: e.field, message: e.message }]);
      showApiError(e, 'generale');
    }
  });
}

function fillEditor(b) {
  $('#s-a_chi').value = b.scheda.a_chi ?? '';
  $('#s-cosa_finanzia').value = b.scheda.cosa_finanzia ?? '';
  $('#s-cofinanziamento').value = b.scheda.cofinanziamento ?? '';
  $('#s-difficolta').value = b.scheda.difficolta ?? '';
  $('#s-note_comuni').value = b.scheda.note_comuni ?? '';
  $('#s-note_interne').value = b.note_interne ?? '';
}

// ---- a Comune's "non pertinente" ----

async function setupPertinenza(codice) {
  const base = `/comuni/${encodeURIComponent(codice)}/non-pertinenti`;
  const segna = $('#non-pertinente');
  const ripristina = $('#ripristina-pertinente');
  const esito = $('#esito-pertinenza');
  const mostra = (marcato) => {
    $('#testo-pertinenza').textContent = marcato
      ? 'Il Comune ha segnato questo bando come non pertinente: non compare nei suoi riepiloghi settimanali, negli avvisi e nel calendario.'
      : 'Se il bando non interessa il Comune, segnalo come non pertinente: non comparirà più nei riepiloghi settimanali, negli avvisi e nel calendario del Comune.';
    segna.hidden = marcato;
    ripristina.hidden = !marcato;
  };
  $('#link-ricerche').href = `/europa-ricerche.html?comune=${encodeURIComponent(codice)}`;
  try {
    const l = await apiGet(base);
    mostra(l.items.some((x) => String(x.bando_id) === id));
  } catch (e) {
    showApiError(e, 'generale');
    return;
  }
  $('#pertinenza-comune').hidden = false;
  const agisci = async (metodo, marcato, testo, poi) => {
    clearError();
    esito.textContent = '';
    try {
      await apiSend(metodo, `${base}/${id}`);
      mostra(marcato);
      esito.textContent = testo;
      poi.focus();
    } catch (e) {
      showApiError(e, 'generale');
    }
  };
  segna.addEventListener('click', () => agisci('PUT', true, 'Bando segnato come non pertinente per il Comune.', ripristina));
  ripristina.addEventListener('click', () => agisci('DELETE', false, 'Bando ripristinato: torna nei riepiloghi del Comune.', segna));
}

// ---- a manual call, whole (sape_officer) ----

function setupEditorBando(b) {
  const form = $('#form-bando');
  let current = b;
  bindDateField($('#m-apertura'));
  fillBandoForm(form, b, htmlText(b.descrizione_html));
  $('#editor-bando').hidden = false;
  $('#aggiungi-scadenza').addEventListener('click', () => {
    const r = addScadenzaRow(form);
    if (r) r.querySelector('input').focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    clearFieldErrors(form);
    $('#esito-bando').textContent = '';
    const { ok, body } = readBandoForm(form);
    if (!ok) { focusFirstInvalid(form); return; }
    // The scheda and the internal notes stay as they are: a whole
    // replacement carries them.
    for (const k of ['a_chi', 'cosa_finanzia', 'cofinanziamento', 'difficolta', 'note_comuni']) {
      if (current.scheda[k]) body[`scheda_${k}`] = current.scheda[k];
    }
    if (current.note_interne) body.note_interne = current.note_interne;
    try {
      const saved = await apiSend('PUT', `/bandi/${id}`, body);
      current = saved;
      show(saved);
      fillBandoForm(form, saved, htmlText(saved.descrizione_html));
      $('#esito-bando').textContent = 'Dati del bando salvati.';
    } catch (e) {
      if (e.field) markFields(form, [{ path: e.field, message: e.message }]);
      showApiError(e, 'generale');
    }
  });
}

async function main() {
  const article = $('#scheda-bando');
  if (!/^\d{1,18}$/.test(id)) {
    status.textContent = 'Bando non trovato.';
    article.removeAttribute('aria-busy');
    return;
  }
  setLoading(article, true, { status, text: 'Caricamento del bando…' });
  let b;
  try {
    b = await apiGet(`/bandi/${id}`);
  } catch (e) {
    setLoading(article, false, { status, text: '' });
    showApiError(e, 'generale');
    return;
  }
  setLoading(article, false, { status, text: '' });
  show(b);
  const me = await getMe();
  const comuni = (me?.roles ?? []).filter((r) => r.role === 'comune' && r.ente.startsWith('comune:'));
  if (comuni.length) await setupPertinenza(comuni[0].ente.slice(7));
  if (!hasRole(me, 'sape_officer')) return;
  if (!b.importato) setupEditorBando(b);
  $('#link-tabella').href = `/europa-ammissibilita.html?bando=${id}`;
  $('#link-aggregazioni').href = `/europa-ammissibilita.html?bando=${id}#titolo-aggregazioni`;
  $('#ufficio-europa').hidden = false;
  await setupRequisiti();
  $('#editor-scheda').hidden = false;
  fillEditor(b);
  const form = $('#form-scheda');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    clearFieldErrors(form);
    const body = {};
    for (const el of form.elements) {
      if (el.name && el.value.trim() !== '') body[el.name] = el.value.trim();
    }
    $('#esito-scheda').textContent = '';
    try {
      const saved = await apiSend('PUT', `/bandi/${id}`, body);
      show(saved);
      fillEditor(saved);
      $('#esito-scheda').textContent = 'Scheda salvata.';
    } catch (e) {
      if (e.field) markFields(form, [{ path: e.field, message: e.message }]);
      showApiError(e, 'generale');
    }
  });
}

main();
