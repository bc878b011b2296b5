// "Apertura delle buste" (SUA officer, public session): the holders present
// type their e-mail and passphrase; POST /sua/gare/{id}/apertura opens the
// envelopes of one kind after the deadline; the table then shows the bids
// (GET /sua/gare/{id}/buste: null before the deadline) with what each
// opened envelope holds.  Passphrase fields are cleared whatever happens.
// Beside each opened file: its digital signature as the platform verified
// it after the opening (docs/firma.md) - signer, validity, reason - as a
// warning for the people deciding, never a block; while the verification
// job runs, the table is read again every 2 seconds (at most 30 times).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatUnix } from '../lib/format.js';

const form = $('#form-apertura');
const HOLDERS = 3;

function holderRow(i) {
  return h('div', { class: 'row g-2 mb-2' },
    h('div', { class: 'col-12 col-md-6' },
      h('label', { for: `custode-email-${i}`, class: 'form-label' }, `E-mail del custode ${i + 1}`),
      h('input', { id: `custode-email-${i}`, name: `custodi.${i}.email`, type: 'email', class: 'form-control', autocomplete: 'off' })),
    h('div', { class: 'col-12 col-md-6' },
      h('label', { for: `custode-frase-${i}`, class: 'form-label' }, `Frase segreta del custode ${i + 1}`),
      h('input', { id: `custode-frase-${i}`, name: `custodi.${i}.passphrase`, type: 'password', class: 'form-control', autocomplete: 'off' }),
      h('div', { id: `custode-frase-${i}-errore`, class: 'invalid-feedback', hidden: true })));
}

function contenuto(o) {
  if (!o.aperta_at) return 'sigillata';
  if (o.campi && o.campi.ribasso !== undefined) return `ribasso ${o.campi.ribasso.replace('.', ',')}%`;
  if (o.campi && o.campi.prezzo_cents !== undefined) return `prezzo ${(o.campi.prezzo_cents / 100).toFixed(2).replace('.', ',')} euro`;
  return o.campi && o.campi.note ? o.campi.note : 'aperta';
}

// The signature check of one opened file, in words (firma: the summary
// from GET /sua/gare/{id}/buste, null while the job has not run).
function firmaNote(firma) {
  if (!firma) return h('span', { class: 'small text-muted' }, 'Verifica della firma digitale in corso…');
  if (!firma.firmato) {
    return h('span', { class: 'small' }, h('span', { class: 'badge bg-secondary me-1' }, 'Non firmato'), ' ',
      firma.motivo || 'Il file non contiene una firma digitale.');
  }
  const chi = `${firma.nome || 'firmatario sconosciuto'}${firma.codice_fiscale ? ` (${firma.codice_fiscale})` : ''}`;
  const quando = firma.ora_firma ? ` il ${formatUnix(Math.floor(Date.parse(firma.ora_firma) / 1000))}` : '';
  const altri = firma.firmatari > 1 ? ` e altri ${firma.firmatari - 1}` : '';
  if (firma.valida) {
    return h('span', { class: 'small' }, h('span', { class: 'badge bg-success me-1' }, 'Firma valida'), ' ',
      `Firmato da ${chi}${altri}${quando} (${firma.formato}).`);
  }
  return h('span', { class: 'small' }, h('span', { class: 'badge bg-danger me-1' }, 'Firma non valida'), ' ',
    `Firmato da ${chi}${altri}${quando}: ${firma.motivo}. Avviso per la commissione: non blocca la decisione.`);
}

let polls = 0;

async function loadOfferte(gara) {
  const table = $('#tabella-offerte');
  try {
    const r = await apiGet(`/sua/gare/${gara}/buste`);
    if (r.offerte === null) {
      table.hidden = true;
      $('#stato-offerte').textContent = `Prima del termine le offerte non sono visibili a nessuno. Custodi: ${r.custodi.length}, ne servono ${r.k}.`;
      return;
    }
    clear($('tbody', table)).append(...r.offerte.map((o) => h('tr', {},
      h('td', {}, String(o.lotto)), h('th', { scope: 'row' }, `${o.ragione_sociale} (${o.operatore})`),
      h('td', {}, o.busta || '—'), h('td', {}, o.aperta_at ? formatUnix(o.aperta_at) : 'no'),
      h('td', {}, contenuto(o), ...(o.file || []).map((f) => h('div', { class: 'file-busta', 'data-file': String(f.id) },
        h('a', { href: `/api/v1/sua/gare/${gara}/buste/file/${f.id}`, download: '' }, f.nome || `file ${f.id}`),
        h('div', { class: 'firma-file' }, firmaNote(f.firma))))))));
    const pending = r.offerte.some((o) => (o.file || []).some((f) => !f.firma));
    if (pending && polls < 30) {
      polls += 1;
      setTimeout(() => loadOfferte(gara), 2000);
    }
    table.hidden = r.offerte.length === 0;
    $('#stato-offerte').textContent = r.offerte.length ? '' : 'Nessuna offerta presentata.';
  } catch (err) {
    showApiError(err, 'offerte');
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('apertura');
  clearFieldErrors(form);
  const gara = $('#apertura-gara').value.trim();
  const lotto = $('#apertura-lotto').value.trim();
  const errors = [];
  if (!/^\d+$/.test(gara)) errors.push({ input: $('#apertura-gara'), message: 'Indica il numero della gara.' });
  if (lotto && !/^\d+$/.test(lotto)) errors.push({ input: $('#apertura-lotto'), message: 'Numero del lotto, o vuoto per tutti.' });
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const custodi = [];
  for (let i = 0; i < HOLDERS; i++) {
    const email = $(`#custode-email-${i}`).value.trim();
    const passphrase = $(`#custode-frase-${i}`).value;
    if (email && passphrase) custodi.push({ email, passphrase });
  }
  const body = { busta: $('#apertura-busta').value, custodi };
  if (lotto) body.lotto = Number(lotto);
  const button = $('#apri-buste');
  button.disabled = true;
  $('#stato-apertura').textContent = 'Verifica delle frasi segrete…';
  try {
    const r = await apiSend('POST', `/sua/gare/${gara}/apertura`, body);
    $('#stato-apertura').textContent = `Buste ${r.busta} aperte: ${r.buste_aperte}, file: ${r.file}.`;
    await loadOfferte(gara);
  } catch (err) {
    $('#stato-apertura').textContent = '';
    const m = /^custodi\[(\d+)\]/.exec(err.field || '');
    if (m) markField(form, `custodi.${m[1]}.passphrase`, err.message, { focus: true });
    else if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'apertura');
  } finally {
    for (const f of $$('input[type=password]', form)) f.value = '';
    button.disabled = false;
  }
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'sua_officer', forbidden: 'Solo i funzionari SUA aprono le buste.' })) return;
  const box = $('#custodi');
  for (let i = 0; i < HOLDERS; i++) box.append(holderRow(i));
  const q = new URLSearchParams(window.location.search).get('gara');
  if (q && /^\d+$/.test(q)) {
    $('#apertura-gara').value = q;
    loadOfferte(q);
  }
  $('#area-apertura').hidden = false;
});
