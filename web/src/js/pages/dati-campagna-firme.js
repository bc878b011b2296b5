// "Firme delle risposte" on the board of a campaign (issue 18 item 4): the
// data officer asks for digitally signed answers (PUT
// /dati/campagne/{id}/firma) and reads, beside each answer, who signed it
// and whether the signature is valid, or why not (GET .../firme) - a
// warning that never blocks the decision.  Each signed answer is verified
// by a job: the section reads the list again while one is pending.
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { formatUnix, plural } from '../lib/format.js';
import { statoBadge } from '../lib/dati.js';

let campagna = null;
let nomi = new Map();
let timer = null;

function firmaNote(firma, chiesta) {
  if (!firma) {
    return h('span', { class: 'small text-muted' }, chiesta
      ? 'Verifica della firma digitale in corso…'
      : 'Firma non verificata: non era richiesta quando è arrivata la risposta.');
  }
  if (!firma.firmato) {
    return h('span', { class: 'small' }, h('span', { class: 'badge bg-secondary me-1' }, 'Non firmata'), ' ',
      `${firma.motivo || 'Il file non contiene una firma digitale.'} Avviso: non blocca la decisione.`);
  }
  const chi = `${firma.nome || 'firmatario sconosciuto'}${firma.codice_fiscale ? ` (${firma.codice_fiscale})` : ''}`;
  const quando = firma.ora_firma ? ` il ${formatUnix(Math.floor(Date.parse(firma.ora_firma) / 1000))}` : '';
  if (firma.valida) {
    return h('span', { class: 'small' }, h('span', { class: 'badge bg-success me-1' }, 'Firma valida'), ' ',
      `Firmata da ${chi}${quando} (${firma.formato}).`);
  }
  return h('span', { class: 'small' }, h('span', { class: 'badge bg-danger me-1' }, 'Firma non valida'), ' ',
    `Firmata da ${chi}${quando}: ${firma.motivo}. Avviso: non blocca la decisione.`);
}

function render(data) {
  $('#risposte-firmate').checked = data.risposte_firmate;
  const tbody = clear($('#tabella-firme').tBodies[0]);
  $('#tabella-firme').hidden = data.risposte.length === 0;
  $('#stato-firme').textContent = data.risposte.length === 0
    ? 'Nessuna risposta ricevuta.'
    : `${data.risposte.length} ${plural(data.risposte.length, 'risposta', 'risposte')}, la più recente per prima.`;
  for (const r of data.risposte) {
    const codice = r.comune.replace(/^comune:/, '');
    tbody.append(h('tr', { class: 'risposta-firma', dataset: { risposta: String(r.id), comune: codice } },
      h('th', { scope: 'row' }, nomi.get(codice) || codice),
      h('td', {}, r.nome_file, h('br'), statoBadge(r.stato)),
      h('td', { class: 'firma-risposta' }, firmaNote(r.firma, data.risposte_firmate))));
  }
  clearTimeout(timer);
  if (data.risposte_firmate && data.risposte.some((r) => !r.firma)) {
    timer = setTimeout(() => load(), 2000);
  }
}

async function load() {
  clearError('firme');
  try {
    render(await apiGet(`/dati/campagne/${campagna}/firme`));
  } catch (err) {
    showApiError(err, 'firme', { retry: load });
  }
}

// comuni: the board's [{codice_istat, nome}], for the Comuni's names.
export function caricaFirme(id, comuni) {
  campagna = id;
  nomi = new Map(comuni.map((c) => [c.codice_istat, c.nome]));
  return load();
}

$('#risposte-firmate').addEventListener('change', async (e) => {
  if (!campagna) return;
  clearError('firme');
  try {
    const data = await apiSend('PUT', `/dati/campagne/${campagna}/firma`, { risposte_firmate: e.target.checked });
    render(data);
    $('#esito-firme').textContent = data.risposte_firmate
      ? 'I Comuni vedranno che la risposta va firmata digitalmente (.csv.p7m); ogni risposta sarà verificata.'
      : 'Non si chiedono più risposte firmate.';
  } catch (err) {
    e.target.checked = !e.target.checked;
    showApiError(err, 'firme');
  }
});
