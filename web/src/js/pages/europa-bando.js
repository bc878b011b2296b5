// Scheda bando: one call (GET /api/v1/bandi/{id}) in Italian: its data,
// its deadlines in Italian time beside the source's own text and zone
// (two stages, several cut-offs), the Servizio Europa's scheda and the
// source's description as text (never its HTML).  The EU desk
// (sape_officer) edits the scheda and its internal notes here
// (PUT /api/v1/bandi/{id} with the scheda fields only).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { formatEuroCents } from '../lib/numeri.js';
import { markFields, clearFieldErrors } from '../lib/form.js';
import { getMe, hasRole } from '../lib/session.js';
import { STATI_BANDO, GESTIONI, MODELLI, FONTI, formatBp, htmlText } from '../lib/europa.js';

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

function fillEditor(b) {
  $('#s-a_chi').value = b.scheda.a_chi ?? '';
  $('#s-cosa_finanzia').value = b.scheda.cosa_finanzia ?? '';
  $('#s-cofinanziamento').value = b.scheda.cofinanziamento ?? '';
  $('#s-difficolta').value = b.scheda.difficolta ?? '';
  $('#s-note_comuni').value = b.scheda.note_comuni ?? '';
  $('#s-note_interne').value = b.note_interne ?? '';
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
  if (!hasRole(me, 'sape_officer')) return;
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
