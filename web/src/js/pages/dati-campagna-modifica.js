// The board's "Modifica la raccolta" (data_officer): while the campaign is
// open, the deadline extended (gg/mm/aaaa) and Comuni added — picked from
// the Province's Comuni not yet addressed — sent as one PATCH
// /dati/campagne/{id} after a confirmation that says what will change;
// the server's errors marked on the field they name (scadenza, comuni[i]).
// Below it, "Modifiche alla raccolta": every change as the audit log
// recorded it (GET /dati/campagne/{id}/modifiche): when, who, what.
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { confirmDialog } from '../lib/dialog.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatData, formatDataOra } from '../lib/numeri.js';
import { plural } from '../lib/format.js';
import { comuniDellaProvincia } from '../lib/dati.js';

const form = $('#form-modifica');
let campagna = null;
let ricarica = null;
let tutti = []; // the Province's Comuni [{codice_istat, nome}]
let destinatari = new Set();
const scelti = new Set();

const nomeDi = (codice) => tutti.find((c) => c.codice_istat === codice)?.nome ?? codice;

const liberi = () => tutti.filter((c) => !destinatari.has(c.codice_istat));
function conteggio() {
  $('#m-conteggio-comuni').textContent = `${scelti.size} ${plural(scelti.size, 'Comune da aggiungere', 'Comuni da aggiungere')}; ${liberi().length} non ancora destinatari.`;
}

// The list is redrawn only when the search changes: a ticked box keeps its
// element, and the keyboard focus with it.
function disegnaComuni() {
  const q = $('#m-filtro-comuni').value.trim().toLowerCase();
  const l = liberi();
  const visibili = l.filter((c) => !q || c.nome.toLowerCase().includes(q));
  clear($('#m-elenco-comuni')).append(...(visibili.length ? visibili.map((c) => h('div', { class: 'form-check' },
    h('input', { class: 'form-check-input', type: 'checkbox', id: `m-comune-${c.codice_istat}`, value: c.codice_istat, checked: scelti.has(c.codice_istat) }),
    h('label', { class: 'form-check-label', for: `m-comune-${c.codice_istat}` }, c.nome)))
    : [h('p', { class: 'small mb-0' }, l.length ? 'Nessun Comune con questo nome.' : 'Tutti i Comuni della Provincia sono già destinatari.')]));
  conteggio();
}

$('#m-elenco-comuni').addEventListener('change', (e) => {
  if (e.target.checked) scelti.add(e.target.value);
  else scelti.delete(e.target.value);
  conteggio();
});
$('#m-filtro-comuni').addEventListener('input', disegnaComuni);
bindDateField($('#m-scadenza'));

// One change in words.
function descrivi(m) {
  const parti = [];
  if (m.scadenza) parti.push(`scadenza prorogata dal ${formatData(m.scadenza.da)} al ${formatData(m.scadenza.a)}`);
  if (m.comuni_aggiunti?.length) {
    parti.push(`${plural(m.comuni_aggiunti.length, 'Comune aggiunto', 'Comuni aggiunti')}: ${m.comuni_aggiunti.map(nomeDi).join(', ')}`);
  }
  return parti.length ? parti.join('; ') : 'nessuna modifica';
}

export async function caricaModifiche() {
  const ul = clear($('#storia-modifiche'));
  try {
    const r = await apiGet(`/dati/campagne/${campagna.id}/modifiche`);
    ul.append(...r.modifiche.map((m) => h('li', { class: 'mb-1', dataset: { quando: m.quando } },
      h('strong', {}, formatDataOra(new Date(m.quando))), ` — ${m.autore}: ${descrivi(m)}.`)));
    $('#stato-storia').textContent = r.modifiche.length ? '' : 'Nessuna modifica dalla pubblicazione.';
  } catch (err) {
    $('#stato-storia').textContent = 'Modifiche non disponibili.';
    showApiError(err, 'modifiche');
  }
}

// Called by the board once the campaign and its board are loaded.
export async function initModifica(c, comuniDestinatari, reload) {
  campagna = c;
  ricarica = reload;
  destinatari = new Set(comuniDestinatari.map((x) => x.codice_istat));
  for (const k of [...scelti]) if (destinatari.has(k)) scelti.delete(k);
  form.hidden = c.stato !== 'aperta';
  if (!tutti.length) {
    try {
      tutti = await comuniDellaProvincia(c.provincia);
    } catch (err) { showApiError(err, 'comuni'); }
  }
  disegnaComuni();
  await caricaModifiche();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('modifica');
  clearFieldErrors(form);
  const body = {};
  const d = readDateField($('#m-scadenza'));
  if (!d.ok) {
    markFields(form, [{ input: $('#m-scadenza'), message: d.message }]);
    return;
  }
  if (d.value) body.scadenza = d.value;
  if (scelti.size) body.comuni = [...scelti];
  if (!body.scadenza && !body.comuni) {
    markFields(form, [{ input: $('#m-scadenza'), message: 'Indica una nuova scadenza o almeno un Comune da aggiungere.' }]);
    return;
  }
  const cosa = [];
  if (body.scadenza) cosa.push(`la scadenza passa dal ${formatData(campagna.scadenza)} al ${formatData(body.scadenza)}`);
  if (body.comuni) cosa.push(`${body.comuni.length === 1 ? 'si aggiunge' : 'si aggiungono'} ${body.comuni.map(nomeDi).join(', ')}, che ${body.comuni.length === 1 ? 'riceve' : 'ricevono'} la raccolta`);
  const ok = await confirmDialog({
    title: 'Modificare la raccolta?',
    intro: `${cosa.join('; ')}. La modifica resta nel registro di audit e non si può annullare.`.replace(/^./, (x) => x.toUpperCase()),
    submitLabel: 'Salva le modifiche',
  });
  if (!ok) return;
  const button = $('#salva-modifica');
  button.disabled = true;
  try {
    await apiSend('PATCH', `/dati/campagne/${campagna.id}`, body);
    scelti.clear();
    $('#m-filtro-comuni').value = '';
    $('#m-scadenza').value = '';
    readDateField($('#m-scadenza'));
    $('#esito-modifica').textContent = `Raccolta modificata: ${cosa.join('; ')}.`;
    await ricarica();
  } catch (err) {
    if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'modifica');
  } finally {
    button.disabled = false;
  }
});
