// "Ciclo di vita PCP della gara" (the RUP, a SUA officer of the tender's
// Province): GET /api/v1/sua/gare/{id}/pcp shows the steps (state,
// attempts, ANAC's error with its Italian explanation) and the lots'
// CIGs; the form POSTs to start or resume the lifecycle (SPID/CIE session
// required: the refusal is shown as the API words it).  Refreshed every
// few seconds while the lifecycle runs.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { $, h } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';

const garaId = new URLSearchParams(window.location.search).get('id');
const STATI = {
  non_avviato: 'non avviato', in_corso: 'in corso', attesa_gara: 'in attesa della prossima fase della gara',
  completato: 'completato', errore: 'fermo per un errore',
};
const PASSI = {
  da_inviare: ['da inviare', 'bg-secondary'], inviata: ['inviata, in attesa di risposta', 'bg-info text-dark'],
  attesa: ['nuovo tentativo programmato', 'bg-warning text-dark'], completata: ['completato', 'bg-success'],
  errore: ['errore', 'bg-danger'],
};
let timer = null;

function ora(t) {
  return t ? new Date(t * 1000).toLocaleString('it-IT', { timeZone: 'Europe/Rome' }) : '';
}

function riga(p) {
  const [label, cls] = PASSI[p.stato] ?? [p.stato, 'bg-secondary'];
  const det = [];
  if (p.errore_codice) det.push(h('strong', {}, `Codice ${p.errore_codice}: `));
  if (p.errore) det.push(p.errore);
  if (p.stato === 'attesa') det.push(h('span', { class: 'd-block small' }, `Prossimo tentativo: ${ora(p.prossimo_tentativo)}`));
  return h('tr', { 'data-passo': p.passo },
    h('th', { scope: 'row' }, p.descrizione, p.scheda ? h('span', { class: 'badge bg-primary ms-2' }, `scheda ${p.scheda}`) : ''),
    h('td', {}, h('span', { class: `badge ${cls}` }, label)),
    h('td', {}, String(p.tentativi)),
    h('td', { class: 'text-break' }, ...(det.length ? det : ['—'])));
}

async function load() {
  clearError('ciclo');
  clearTimeout(timer);
  try {
    const c = await apiGet(`/sua/gare/${garaId}/pcp`);
    const parti = [`Stato del ciclo: ${STATI[c.stato] ?? c.stato}.`];
    if (c.ambiente) parti.push(`Ambiente: ${c.ambiente}.`);
    if (c.id_appalto) parti.push(`Appalto ANAC ${c.id_appalto}.`);
    if (c.stato_avviso) parti.push(`Avviso: ${c.stato_avviso === 'PUBB' ? 'pubblicato' : c.stato_avviso}.`);
    $('#ciclo-riepilogo').replaceChildren(h('p', { class: `alert ${c.stato === 'errore' ? 'alert-danger' : 'alert-info'}`, id: 'ciclo-stato', 'data-stato': c.stato }, parti.join(' ')));
    $('#tabella-passi tbody').replaceChildren(...(c.passi.length ? c.passi.map(riga)
      : [h('tr', {}, h('td', { colspan: '4' }, 'Nessuna comunicazione ad ANAC ancora.'))]));
    $('#lista-cig').replaceChildren(...c.lotti.map((l) => h('li', {}, `Lotto ${l.numero}: `, l.cig ? h('strong', { class: 'cig' }, l.cig) : 'CIG non ancora assegnato')));
    if (c.stato === 'in_corso') timer = setTimeout(load, 3000);
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'ciclo', { retry: load, suffix: ' La cronologia PCP non è stata caricata.' });
  }
}

$('#form-ciclo').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const btn = $('#ciclo-avvia');
  btn.disabled = true;
  $('#ciclo-esito').replaceChildren();
  try {
    await apiSend('POST', `/sua/gare/${garaId}/pcp`, { ambiente: $('#ciclo-ambiente').value });
    $('#ciclo-esito').replaceChildren(h('div', { class: 'alert alert-success' }, 'Ciclo PCP avviato: i passi si aggiornano da soli.'));
    await load();
  } catch (e) {
    $('#ciclo-esito').replaceChildren(h('div', { class: 'alert alert-danger' }, e.message || 'Avvio non riuscito.'));
  } finally {
    btn.disabled = false;
  }
});

initSite().then(async (me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'sua_officer',
    forbidden: 'Il ciclo PCP della gara è gestito dal RUP, con il ruolo «Funzionario SUA» della Provincia.',
  })) return;
  if (!garaId) {
    $('#accesso-richiesto').replaceChildren(h('div', { class: 'alert alert-warning' }, 'Aprire questa pagina dalla gara.'));
    return;
  }
  $('#link-gara').href = `/gara.html?id=${encodeURIComponent(garaId)}`;
  $('#titolo-pcp').textContent = `Ciclo di vita PCP della gara n. ${garaId}`;
  $('#area-ciclo').hidden = false;
  await load();
});
