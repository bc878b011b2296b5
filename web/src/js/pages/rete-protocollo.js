// "Protocollo di adesione" on the Rete page (issue 18 item 4): for a
// Province the user may edit, the adhesion protocol signed by its
// President - "Protocollo firmato da ... il ..." or why the signature is
// not valid, a warning that never blocks - and the upload of a new one
// (POST /rete/{sigla}/protocollo).  The signature is checked by a job after
// the upload: the section reads it again while it is pending.
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { formatUnix } from '../lib/format.js';
import { uploadFile } from '../lib/job.js';

const section = $('#sezione-protocollo');
let current = null;
let timer = null;

function firmaFrase(p) {
  const firma = p.firma;
  if (!firma) return h('p', { class: 'text-muted' }, 'Verifica della firma digitale in corso…');
  if (!firma.firmato) {
    return h('p', {}, h('span', { class: 'badge bg-secondary me-1' }, 'Non firmato'), ' ',
      `${firma.motivo || 'Il file non contiene una firma digitale.'} Avviso: non blocca la decisione.`);
  }
  const chi = `${firma.nome || 'firmatario sconosciuto'}${firma.codice_fiscale ? ` (${firma.codice_fiscale})` : ''}`;
  const quando = firma.ora_firma ? ` il ${formatUnix(Math.floor(Date.parse(firma.ora_firma) / 1000))}` : '';
  if (firma.valida) {
    return h('p', {}, h('span', { class: 'badge bg-success me-1' }, 'Firma valida'), ' ',
      `Protocollo firmato da ${chi}${quando} (${firma.formato}).`);
  }
  return h('p', {}, h('span', { class: 'badge bg-danger me-1' }, 'Firma non valida'), ' ',
    `Protocollo firmato da ${chi}${quando}: ${firma.motivo}. Avviso: non blocca la decisione.`);
}

function render(data) {
  const box = clear($('#protocollo-stato'));
  clearTimeout(timer);
  if (!data.protocollo) {
    box.append(h('p', {}, 'Nessun protocollo caricato.'));
    return;
  }
  const p = data.protocollo;
  box.append(firmaFrase(p),
    h('p', {}, h('a', { href: p.url, download: p.nome }, `Scarica ${p.nome}`),
      ` (caricato il ${formatUnix(Math.floor(Date.parse(p.creato) / 1000))})`));
  if (!p.firma) timer = setTimeout(() => load(current), 2000);
}

async function load(item) {
  clearError('protocollo');
  try {
    render(await apiGet(`/rete/${encodeURIComponent(item.provincia.sigla)}/protocollo`));
  } catch (err) {
    showApiError(err, 'protocollo', { retry: () => load(item) });
  }
}

export function showProtocollo(item) {
  current = item;
  section.hidden = false;
  $('#protocollo-titolo').textContent = `Protocollo di adesione: Provincia di ${item.provincia.nome}`;
  $('#protocollo-esito').textContent = '';
  load(item).then(() => $('#protocollo-titolo').focus());
}

$('#form-protocollo').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('#protocollo-file');
  if (!current || !input.files.length) {
    $('#protocollo-esito').textContent = 'Scegli il file del protocollo firmato.';
    return;
  }
  clearError('protocollo');
  try {
    render(await uploadFile(`/rete/${encodeURIComponent(current.provincia.sigla)}/protocollo`, input.files[0]));
    input.value = '';
    $('#protocollo-esito').textContent = 'Protocollo caricato: la firma digitale viene verificata.';
  } catch (err) {
    showApiError(err, 'protocollo');
  }
});
