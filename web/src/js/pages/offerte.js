// "Le mie offerte" (operator): uploads the envelopes' files one by one with
// a progress bar (XMLHttpRequest: fetch has no upload progress), then
// submits the bid's fields (POST .../offerta) and shows the signed receipt;
// withdraws the bid on a lot; lists the receipts (GET /sua/ricevute), each
// downloadable as the JSON that `areavasta ricevuta verifica` checks.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, csrfToken, ApiError } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatTotale, formatUnix, plural } from '../lib/format.js';
import { confirmDialog } from '../lib/dialog.js';

const form = $('#form-offerta');
const stato = $('#stato-invio');
const barra = $('#barra');
const STATI = { presentata: 'Presentata', sostituita: 'Sostituita', ritirata: 'Ritirata' };

// Euro as typed in Italy -> integer cents, without floating point:
// "1.500,25", "1500,25", "90.000" (a thousands dot), "1500.25".
function cents(s) {
  let t = s.trim();
  if (t.includes(',')) t = t.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, '');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '0').padEnd(2, '0'));
}

function progress(done, total) {
  const pct = total ? Math.round((done / total) * 100) : 100;
  barra.style.width = `${pct}%`;
  barra.setAttribute('aria-valuenow', String(pct));
}

// One raw upload with progress; resolves to the API's JSON.
function sendFile(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', `/api/v1${path}`);
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    x.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    const csrf = csrfToken();
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.onprogress = (e) => onProgress(e.loaded);
    x.onload = () => {
      let body = null;
      try { body = JSON.parse(x.responseText); } catch { body = null; }
      if (x.status >= 200 && x.status < 300) resolve(body);
      else {
        const e = body && body.error ? body.error : {};
        reject(new ApiError(e.message || 'Caricamento non riuscito.', { status: x.status, code: e.code, field: e.field }));
      }
    };
    x.onerror = () => reject(new ApiError('Impossibile contattare il server.', { code: 'rete' }));
    x.send(file);
  });
}

function downloadLink(ricevuta, name) {
  const blob = new Blob([JSON.stringify(ricevuta, null, 2)], { type: 'application/json' });
  return h('a', { href: URL.createObjectURL(blob), download: name, class: 'btn btn-outline-primary btn-sm' }, 'Scarica la ricevuta');
}

async function loadRicevute() {
  const table = $('#tabella-ricevute');
  try {
    const r = await apiGet('/sua/ricevute');
    clear($('tbody', table)).append(...r.items.map((o) => h('tr', { dataset: { offerta: String(o.offerta) } },
      h('th', { scope: 'row' }, String(o.offerta)), h('td', {}, String(o.gara)), h('td', {}, String(o.lotto)),
      h('td', {}, STATI[o.stato] || o.stato), h('td', {}, formatUnix(o.presentata_at)),
      h('td', {}, o.ricevuta ? downloadLink(o.ricevuta, `ricevuta-${o.offerta}.json`) : '—'))));
    table.hidden = r.items.length === 0;
    // The total of the list (docs/internals/lists.md), the newest first.
    $('#stato-ricevute').textContent = r.items.length
      ? `${formatTotale(r)} ${plural(r.total, 'offerta', 'offerte')}${r.next ? `, le ${r.items.length} più recenti` : ''}.`
      : 'Nessuna offerta presentata.';
  } catch (err) {
    showApiError(err, 'ricevute', { retry: loadRicevute });
  }
}

function readForm() {
  const errors = [];
  const gara = $('#offerta-gara').value.trim();
  const lotto = $('#offerta-lotto').value.trim();
  if (!/^\d+$/.test(gara)) errors.push({ input: $('#offerta-gara'), message: 'Indica il numero della gara.' });
  if (!/^\d+$/.test(lotto)) errors.push({ input: $('#offerta-lotto'), message: 'Indica il numero del lotto.' });
  return { gara, lotto, errors };
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('offerta');
  clearFieldErrors(form);
  const { gara, lotto, errors } = readForm();
  const ragione = $('#offerta-ragione').value.trim();
  const oneri = cents($('#c-oneri').value);
  const mano = cents($('#c-manodopera').value);
  if (oneri === null) errors.push({ input: $('#c-oneri'), message: 'Importo in euro, ad esempio 1.500,00.' });
  if (mano === null) errors.push({ input: $('#c-manodopera'), message: 'Importo in euro, ad esempio 90.000,00.' });
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const usaB = $('#usa-B').checked;
  const jobs = [];
  for (const t of usaB ? ['A', 'B', 'C'] : ['A', 'C']) for (const f of $(`#file-${t}`).files) jobs.push([t, f]);
  const total = jobs.reduce((s, [, f]) => s + f.size, 0);
  const button = $('#invia-offerta');
  button.disabled = true;
  $('#avanzamento').hidden = false;
  let done = 0;
  progress(0, total);
  try {
    for (const [t, f] of jobs) {
      stato.textContent = `Caricamento di ${f.name} (busta ${t})…`;
      await sendFile(`/sua/gare/${gara}/lotti/${lotto}/buste/${t}/file`, f, (n) => progress(done + n, total));
      done += f.size;
      progress(done, total);
    }
    stato.textContent = 'Invio dell\'offerta…';
    const buste = { A: { note: $('#note-A').value }, C: { ribasso: $('#c-ribasso').value.trim(), oneri_sicurezza_cents: oneri, costo_manodopera_cents: mano } };
    if (usaB) buste.B = {};
    const r = await apiSend('POST', `/sua/gare/${gara}/lotti/${lotto}/offerta`, ragione ? { ragione_sociale: ragione, buste } : { buste });
    const c = JSON.parse(r.ricevuta.contenuto);
    stato.textContent = `Offerta ${r.offerta} presentata il ${formatUnix(c.presentata_at)}: conserva la ricevuta firmata.`;
    clear($('#ricevuta-nuova')).append(h('div', { class: 'alert alert-success', role: 'status' },
      h('p', { class: 'mb-2' }, `Ricevuta dell'offerta ${r.offerta}: ${c.parti.length} parti cifrate, ciascuna con la sua impronta SHA-256.`),
      downloadLink(r.ricevuta, `ricevuta-${r.offerta}.json`)));
    await loadRicevute();
  } catch (err) {
    stato.textContent = '';
    if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'offerta');
  } finally {
    button.disabled = false;
  }
});

$('#ritira-offerta').addEventListener('click', async () => {
  clearError('offerta');
  clearFieldErrors(form);
  const { gara, lotto, errors } = readForm();
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const ok = await confirmDialog({
    title: 'Ritirare l\'offerta?',
    intro: `L'offerta sul lotto ${lotto} della gara ${gara} sarà ritirata. Potrai presentarne un'altra fino al termine.`,
    submitLabel: 'Ritira l\'offerta',
    danger: true,
    onSubmit: () => apiSend('DELETE', `/sua/gare/${gara}/lotti/${lotto}/offerta`),
  });
  if (!ok) return;
  stato.textContent = `Offerta sul lotto ${lotto} ritirata.`;
  await loadRicevute();
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'operator', forbidden: 'Solo gli operatori economici presentano offerte.' })) return;
  $('#area-offerte').hidden = false;
  loadRicevute();
});
