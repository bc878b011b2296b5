// "Inviti della gara" (the SUA officer), ?gara=ID: the tender's criteria
// (GET|PUT /sua/gare/{id}/inviti/criteri), the albo's operators IN or OUT
// with the reason (GET .../inviti/anteprima), the choice by selection with
// a reason for those out only by rotation, or the motivated draw with a
// public seed (POST .../inviti), and the invitations made with the draw's
// seed, candidates and order, to be checked with `areavasta sua sorteggio`.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField } from '../lib/form.js';

const gara = new URLSearchParams(window.location.search).get('gara');
const fc = $('#form-criteri');
const fs = $('#form-sorteggio');
const tbody = $('#tabella-anteprima tbody');
let invited = false;
let hasCriteri = false;

function showInviti(r) {
  const c = r.criteri;
  hasCriteri = !!c;
  if (c) {
    $('#c-cpv').value = c.cpv ?? '';
    $('#c-soa').value = c.soa_categoria ?? '';
    $('#c-classe').value = c.soa_classe ?? '';
    $('#c-territorio').value = c.territorio;
    $('#sintesi-criteri').textContent = `Settore ${c.settore}, fascia ${c.fascia}; minimo di legge: ${c.min_operatori || 'nessuno'} operatori.`;
  } else {
    $('#sintesi-criteri').textContent = 'Criteri non ancora dichiarati.';
  }
  invited = r.invitati.length > 0;
  $('#stato-invitati').textContent = invited ? `${r.invitati.length} operatori invitati.` : 'Nessun invito ancora.';
  clear($('#elenco-invitati')).append(...r.invitati.map((i) => h('li', { class: 'invitato', dataset: { piva: i.partita_iva } },
    `${i.ragione_sociale} (P. IVA ${i.partita_iva})`, i.deroga ? ` — deroga: ${i.deroga}` : '')));
  const s = r.sorteggio;
  clear($('#dettaglio-sorteggio'));
  if (s) {
    $('#dettaglio-sorteggio').append(
      h('p', {}, `Sorteggio con seme «${s.seed}»: ${s.numero} estratti su ${s.candidati.length} candidati. Motivazione: ${s.motivazione}`),
      h('p', {}, 'Per verificarlo: salva i candidati in un file, uno per riga, ed esegui ',
        h('code', {}, `areavasta sua sorteggio --seed "${s.seed}" --candidati FILE --estrai ${s.numero}`), '.'),
      h('pre', { class: 'small', id: 'candidati-sorteggio' }, s.candidati.join('\n')));
  }
  $('#invita-selezionati').disabled = invited;
  $('#sorteggia').disabled = invited;
}

async function loadInviti() {
  try {
    showInviti(await apiGet(`/sua/gare/${gara}/inviti`));
  } catch (err) {
    showApiError(err, 'inviti');
  }
}

async function loadAnteprima() {
  const status = $('#stato-anteprima');
  clear(tbody);
  if (!hasCriteri) {
    status.textContent = 'Dichiara prima i criteri: poi compare ogni operatore dell\'albo, invitabile o no, con il motivo.';
    return;
  }
  try {
    const r = await apiGet(`/sua/gare/${gara}/inviti/anteprima`);
    status.textContent = `${r.ammessi} ammessi su ${r.operatori.length} iscritti; da invitare almeno ${r.minimo_inviti}.`;
    tbody.append(...r.operatori.map((o, i) => h('tr', { dataset: { piva: o.partita_iva, esito: o.esito } },
      h('td', {}, (o.ammesso || o.derogabile) ? h('input', {
        type: 'checkbox', class: 'form-check-input', name: 'invita', value: o.partita_iva, id: `inv-${i}`,
        'aria-label': `Invita ${o.ragione_sociale}`, disabled: invited,
      }) : ''),
      h('td', {}, `${o.ragione_sociale} (${o.partita_iva})`),
      h('td', {}, h('span', { class: `badge ${o.ammesso ? 'bg-success' : o.derogabile ? 'bg-warning text-dark' : 'bg-secondary'}` }, o.ammesso ? 'Ammesso' : 'Escluso'), ' ', o.motivo),
      h('td', {}, o.derogabile ? h('input', {
        type: 'text', class: 'form-control form-control-sm', name: 'deroga', 'data-piva': o.partita_iva,
        'aria-label': `Motivo della deroga per ${o.ragione_sociale}`, maxlength: '4000', disabled: invited,
      }) : ''))));
  } catch (err) {
    status.textContent = err.field === 'criteri' ? 'Dichiara prima i criteri.' : 'Elenco non disponibile.';
    if (err.field !== 'criteri') showApiError(err, 'anteprima');
  }
}

function deroghe() {
  return $$('input[name="deroga"]', tbody).filter((i) => i.value.trim())
    .map((i) => ({ partita_iva: i.dataset.piva, motivo: i.value.trim() }));
}

fc.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(fc);
  clearError('criteri');
  const body = { territorio: $('#c-territorio').value };
  for (const [k, id] of [['cpv', 'c-cpv'], ['soa_categoria', 'c-soa'], ['soa_classe', 'c-classe']]) {
    const v = $(`#${id}`).value.trim();
    if (v) body[k] = k === 'cpv' ? v : v.toUpperCase();
  }
  try {
    showInviti(await apiSend('PUT', `/sua/gare/${gara}/inviti/criteri`, body));
    await loadAnteprima();
  } catch (err) {
    if (!err.field || !markField(fc, err.field, err.message, { focus: true })) showApiError(err, 'criteri');
  }
});

$('#invita-selezionati').addEventListener('click', async () => {
  clearError('scelta');
  const operatori = $$('input[name="invita"]:checked', tbody).map((i) => i.value);
  try {
    showInviti(await apiSend('POST', `/sua/gare/${gara}/inviti`, { modo: 'selezione', operatori, deroghe: deroghe() }));
    await loadAnteprima();
    $('#titolo-invitati').focus();
  } catch (err) {
    showApiError(err, 'scelta');
  }
});

fs.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(fs);
  clearError('scelta');
  const body = {
    modo: 'sorteggio', seed: $('#s-seed').value.trim(), motivazione: $('#s-motivazione').value.trim(),
    numero: Number($('#s-numero').value) || undefined, deroghe: deroghe(),
  };
  for (const k of ['seed', 'motivazione']) if (!body[k]) delete body[k];
  try {
    showInviti(await apiSend('POST', `/sua/gare/${gara}/inviti`, body));
    await loadAnteprima();
    $('#titolo-invitati').focus();
  } catch (err) {
    if (!err.field || !markField(fs, err.field, err.message, { focus: true })) showApiError(err, 'scelta');
  }
});

initSite().then(async (me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'sua_officer', forbidden: 'Questa pagina è per i funzionari della Stazione Unica Appaltante.',
  })) return;
  $('#gara-id').textContent = gara ?? '—';
  $('#area-inviti').hidden = false;
  if (!/^\d+$/.test(gara ?? '')) return;
  await loadInviti();
  await loadAnteprima();
});
