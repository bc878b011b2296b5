// "Documenti e firme" of a request on "Richieste in arrivo" (issue 18 item
// 4): the officer asks the Comune for digitally signed files (PUT
// /sua/richieste/{id}/firma) and reads, beside each attachment, who signed
// it and whether the signature is valid, or why not (GET .../firme), as a
// warning that never blocks the decision.  The verification runs as a job
// after each upload: the section reads the list again while one is
// pending.
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { formatUnix } from '../lib/format.js';

const section = $('#sezione-firme');
let current = null;
let timer = null;

// The verification of one file, in words (firma: the stored summary).
export function firmaNote(firma, chiesta) {
  if (!firma) {
    return h('span', { class: 'small text-muted' }, chiesta
      ? 'Verifica della firma digitale in corso…'
      : 'Firma digitale non verificata: non era richiesta al caricamento.');
  }
  if (!firma.firmato) {
    return h('span', { class: 'small' }, h('span', { class: 'badge bg-secondary me-1' }, 'Non firmato'), ' ',
      `${firma.motivo || 'Il file non contiene una firma digitale.'} Avviso: non blocca la decisione.`);
  }
  const chi = `${firma.nome || 'firmatario sconosciuto'}${firma.codice_fiscale ? ` (${firma.codice_fiscale})` : ''}`;
  const quando = firma.ora_firma ? ` il ${formatUnix(Math.floor(Date.parse(firma.ora_firma) / 1000))}` : '';
  const altri = firma.firmatari > 1 ? ` e altri ${firma.firmatari - 1}` : '';
  if (firma.valida) {
    return h('span', { class: 'small' }, h('span', { class: 'badge bg-success me-1' }, 'Firma valida'), ' ',
      `Firmato da ${chi}${altri}${quando} (${firma.formato}).`);
  }
  return h('span', { class: 'small' }, h('span', { class: 'badge bg-danger me-1' }, 'Firma non valida'), ' ',
    `Firmato da ${chi}${altri}${quando}: ${firma.motivo}. Avviso: non blocca la decisione.`);
}

function render(r, data) {
  const list = $('#firme-documenti');
  clear(list);
  $('#firme-titolo').textContent = `Documenti di «${r.oggetto}»`;
  $('#firma-richiesta').checked = data.firma_richiesta;
  if (data.documenti.length === 0) {
    list.append(h('li', { class: 'list-group-item' }, 'Il Comune non ha allegato documenti.'));
  }
  for (const d of data.documenti) {
    list.append(h('li', { class: 'list-group-item documento-firma', dataset: { documento: String(d.id) } },
      h('a', { href: d.url, download: d.nome }, d.nome),
      h('div', { class: 'firma-file' }, firmaNote(d.firma, data.firma_richiesta))));
  }
  clearTimeout(timer);
  if (data.firma_richiesta && data.documenti.some((d) => !d.firma)) {
    timer = setTimeout(() => load(r), 2000);
  }
}

async function load(r) {
  clearError('firme');
  try {
    render(r, await apiGet(`/sua/richieste/${r.id}/firme`));
  } catch (err) {
    showApiError(err, 'firme', { retry: () => load(r) });
  }
}

export function showFirme(r) {
  current = r;
  section.hidden = false;
  load(r).then(() => $('#firme-titolo').focus());
}

$('#firma-richiesta').addEventListener('change', async (e) => {
  if (!current) return;
  clearError('firme');
  try {
    const data = await apiSend('PUT', `/sua/richieste/${current.id}/firma`, { firma_richiesta: e.target.checked });
    render(current, data);
    $('#firme-esito').textContent = data.firma_richiesta
      ? 'Il Comune vedrà che i documenti vanno firmati digitalmente; ogni file sarà verificato.'
      : 'Non si chiedono più documenti firmati.';
  } catch (err) {
    e.target.checked = !e.target.checked;
    showApiError(err, 'firme');
  }
});
