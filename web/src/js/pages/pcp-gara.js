// "Ciclo di vita PCP della gara" (the RUP, a SUA officer of the tender's
// Province): GET /api/v1/sua/gare/{id}/pcp shows the steps (state,
// attempts, ANAC's error with its Italian explanation) and the lots'
// CIGs; the form POSTs to start or resume the lifecycle (SPID/CIE session
// required: the refusal is shown as the API words it).  Refreshed every
// few seconds while the lifecycle runs.  Per lot, the RUP's statements
// for SC1 and I1 (GET/PUT /api/v1/sua/gare/{id}/lotti/{n}/contratto): a
// form "Contratto" and one "Avvio dell'esecuzione" for each awarded lot,
// the API's error shown on its field.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { $, h } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { clearFieldErrors, markField } from '../lib/form.js';
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
let seguiFino = 0;

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
    h('th', { scope: 'row' }, p.descrizione, p.scheda ? h('span', { class: 'badge bg-primary ms-2' }, p.lotto ? `scheda ${p.scheda} · lotto ${p.lotto}` : `scheda ${p.scheda}`) : ''),
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
    // while it runs, and for a minute after the RUP saved statements
    // (the job the save queued starts a moment later)
    if (c.stato === 'in_corso' || Date.now() < seguiFino) timer = setTimeout(load, 3000);
    await caricaContratti(c);
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'ciclo', { retry: load, suffix: ' La cronologia PCP non è stata caricata.' });
  }
}

// "aaaa-mm-gg" -> "gg/mm/aaaa" (the form shows what the RUP types).
function dataIt(iso) {
  return iso ? iso.split('-').reverse().join('/') : '';
}

// "1.234,56" of integer cents (no floating point; grouping from 1.000,
// which it-IT's number format leaves out for four digits).
function euroIt(cents) {
  if (cents == null) return '';
  const units = String((cents - (cents % 100)) / 100).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${units},${String(cents % 100).padStart(2, '0')}`;
}

// One labelled input; name is the API's JSON path (errors land on it).
function campo(n, name, label, value, { help = '', required = true, type = 'text' } = {}) {
  const id = `lotto${n}-${name.replace('.', '-')}`;
  const input = h('input', { id, name, type, class: 'form-control', value: value ?? '', ...(required ? { required: '' } : {}), ...(help ? { 'aria-describedby': `${id}-aiuto` } : {}) });
  return h('div', { class: 'col-12 col-md-6 col-lg-4' },
    h('label', { for: id, class: 'form-label' }, label, required ? '' : ' (facoltativo)'), input,
    help ? h('div', { id: `${id}-aiuto`, class: 'form-text' }, help) : '');
}

// Sends part ("contratto" or "avvio") of lot n's statements.
async function invia(form, n, part, body) {
  clearFieldErrors(form);
  const esito = form.querySelector('.esito');
  esito.replaceChildren();
  const btn = form.querySelector('button[type=submit]');
  btn.disabled = true;
  try {
    await apiSend('PUT', `/sua/gare/${garaId}/lotti/${n}/contratto`, { [part]: body });
    seguiFino = Date.now() + 60000;
    // shown above the rebuilt forms
    messaggi.set(n, part === 'contratto' ? 'Dati del contratto registrati: la scheda SC1 parte appena possibile.'
      : "Avvio dell'esecuzione registrato: la scheda I1 parte dopo la SC1.");
    await load();
  } catch (e) {
    if (!e.field || !markField(form, e.field, e.message, { focus: true })) {
      esito.replaceChildren(h('div', { class: 'alert alert-danger mt-2', role: 'alert' }, e.message || 'Registrazione non riuscita.'));
    }
  } finally {
    btn.disabled = false;
  }
}

function formContratto(n, d) {
  const c = d.contratto ?? {};
  const form = h('form', { class: 'row g-3 mb-3', novalidate: '', 'data-lotto': String(n), 'data-parte': 'contratto' },
    h('fieldset', { class: 'col-12' }, h('legend', { class: 'h6' }, 'Contratto (scheda SC1)'),
      h('div', { class: 'row g-3' },
        campo(n, 'contratto.codice_ausa', 'Codice AUSA di chi firma il contratto', c.codice_ausa, { help: "L'amministrazione che sottoscrive (il Comune): solo cifre." }),
        campo(n, 'contratto.data_decorrenza', 'Decorrenza', dataIt(c.data_decorrenza), { help: 'gg/mm/aaaa' }),
        campo(n, 'contratto.data_scadenza', 'Scadenza', dataIt(c.data_scadenza), { help: 'gg/mm/aaaa' }),
        campo(n, 'contratto.data_esecutivita', 'Esecutività', dataIt(c.data_esecutivita), { help: 'gg/mm/aaaa', required: false }),
        campo(n, 'contratto.cauzione', 'Cauzione definitiva (euro)', euroIt(c.cauzione_cents), { help: 'Ad esempio 8.668,00; 0 se esonerata.' }))),
    h('div', { class: 'col-12' }, h('button', { type: 'submit', class: 'btn btn-primary' }, `Registra il contratto del lotto ${n}`), h('div', { class: 'esito' })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (k) => form.elements[`contratto.${k}`].value.trim();
    const body = { codice_ausa: v('codice_ausa'), data_decorrenza: v('data_decorrenza'), data_scadenza: v('data_scadenza'), cauzione: v('cauzione') };
    if (v('data_esecutivita')) body.data_esecutivita = v('data_esecutivita');
    for (const k of Object.keys(body)) if (body[k] === '') delete body[k];
    invia(form, n, 'contratto', body);
  });
  return form;
}

function formAvvio(n, d) {
  const a = d.avvio ?? {};
  const id = `lotto${n}-avvio-riserva`;
  const form = h('form', { class: 'row g-3', novalidate: '', 'data-lotto': String(n), 'data-parte': 'avvio' },
    h('fieldset', { class: 'col-12' }, h('legend', { class: 'h6' }, "Avvio dell'esecuzione (scheda I1)"),
      d.stato_lotto !== 'contratto' ? h('p', { class: 'text-muted' }, "Si dichiara dopo la stipula del contratto, registrata nella valutazione della gara.") : '',
      h('div', { class: 'row g-3' },
        campo(n, 'avvio.data_inizio', 'Inizio effettivo', dataIt(a.data_inizio), { help: 'gg/mm/aaaa' }),
        campo(n, 'avvio.data_fine_prevista', 'Fine prevista', dataIt(a.data_fine_prevista), { help: 'gg/mm/aaaa' }),
        campo(n, 'avvio.data_verbale', 'Verbale di prima consegna', dataIt(a.data_verbale), { help: 'gg/mm/aaaa', required: false }),
        h('div', { class: 'col-12 col-md-6 col-lg-4' }, h('div', { class: 'form-check mt-md-4' },
          h('input', { id, name: 'avvio.consegna_sotto_riserva', type: 'checkbox', class: 'form-check-input', ...(a.consegna_sotto_riserva ? { checked: '' } : {}) }),
          h('label', { for: id, class: 'form-check-label' }, 'Consegna sotto riserva di legge'))))),
    h('div', { class: 'col-12' }, h('button', { type: 'submit', class: 'btn btn-outline-primary', ...(d.stato_lotto !== 'contratto' ? { disabled: '' } : {}) }, `Registra l'avvio del lotto ${n}`), h('div', { class: 'esito' })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (k) => form.elements[`avvio.${k}`].value.trim();
    const body = { data_inizio: v('data_inizio'), data_fine_prevista: v('data_fine_prevista'), consegna_sotto_riserva: form.elements['avvio.consegna_sotto_riserva'].checked };
    if (v('data_verbale')) body.data_verbale = v('data_verbale');
    for (const k of Object.keys(body)) if (body[k] === '') delete body[k];
    invia(form, n, 'avvio', body);
  });
  return form;
}

// The state of scheda s of lot n in the timeline, in words.
function statoScheda(c, s, n) {
  const passi = c.passi.filter((p) => p.scheda === s && p.lotto === n);
  if (!passi.length) return 'non ancora inviata';
  if (passi.some((p) => p.stato === 'errore')) return 'in errore';
  return passi.every((p) => p.stato === 'completata') ? 'comunicata ad ANAC' : 'in invio';
}

// Rebuilt when the lots' states change, not at every refresh (the RUP may
// be typing): keyed by each lot's state and statements.
let firmaContratti = '';
const messaggi = new Map(); // lot -> the last save's confirmation
async function caricaContratti(c) {
  const box = $('#lotti-contratto');
  const dati = await Promise.all(c.lotti.map(async (l) => {
    const d = await apiGet(`/sua/gare/${garaId}/lotti/${l.numero}/contratto`);
    return { n: l.numero, d: d.stato_lotto ? d : null };
  }));
  const stati = dati.map(({ n }) => ['SC1', 'I1'].map((s) => statoScheda(c, s, n)));
  const firma = JSON.stringify(dati);
  if (firma !== firmaContratti) {
    firmaContratti = firma;
    box.replaceChildren(...dati.map(({ n, d }) => h('section', { class: 'card mb-3', 'data-lotto': String(n), 'aria-labelledby': `lotto${n}-titolo` },
      h('div', { class: 'card-body' },
        h('h3', { class: 'h5', id: `lotto${n}-titolo` }, `Lotto ${n}`),
        d == null ? h('p', { class: 'text-muted' }, 'Lotto non ancora aggiudicato.')
          : h('div', {},
            h('p', { class: 'small' }, d.contratto_data ? `Contratto stipulato il ${dataIt(d.contratto_data)} per ${euroIt(d.contratto_cents)} €.` : 'Contratto non ancora stipulato.'),
            h('p', { class: 'small stato-schede' }),
            messaggi.has(n) ? h('div', { class: 'alert alert-success', role: 'status' }, messaggi.get(n)) : '',
            formContratto(n, d), formAvvio(n, d))))));
    messaggi.clear();
  }
  // the schede's states change while the RUP may be typing: text only
  dati.forEach(({ n }, i) => {
    const el = box.querySelector(`section[data-lotto="${n}"] .stato-schede`);
    if (el) el.textContent = `Scheda SC1: ${stati[i][0]}. Scheda I1: ${stati[i][1]}.`;
  });
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
