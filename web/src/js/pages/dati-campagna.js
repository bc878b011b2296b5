// The board of one campaign (data_officer): the campaign and its schema,
// the templates, and per Comune its state (waiting, with errors and how
// many, valid), late or not, its answers (GET /dati/campagne/{id}/quadro),
// drawn as a table and as a map of the Province's Comuni coloured by state;
// "Invia un promemoria" (POST .../promemoria) and "Chiudi e pubblica"
// (POST .../chiudi, confirmed) while open; the dataset's link once closed;
// the deadline extended and Comuni added (dati-campagna-modifica.js).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, apiUrl } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, showError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { confirmDialog } from '../lib/dialog.js';
import { formatData, formatDataOra } from '../lib/numeri.js';
import { plural } from '../lib/format.js';
import { s } from '../lib/grafico.js';
import { GEO, ATTRIBUZIONE, loadFeatures, mappa } from '../lib/mappa.js';
import { statoBadge, statoLabel, tabellaSchema, daUnix } from '../lib/dati.js';
import { caricaFirme } from './dati-campagna-firme.js';
import { initModifica } from './dati-campagna-modifica.js';

const id = new URLSearchParams(window.location.search).get('id') ?? '';
let campagna = null;

// The colour class of a Comune on the map (legend below it).
const classe = (c) => (c.stato === 'valida' ? 'dati-valida' : c.stato === 'con_errori' ? 'dati-errori' : c.in_ritardo ? 'dati-ritardo' : 'dati-attesa');
const LEGENDA = [['dati-valida', 'Risposta valida'], ['dati-errori', 'Risposta con errori'], ['dati-ritardo', 'In ritardo'], ['dati-attesa', 'In attesa'], ['area-neutra', 'Non destinatario']];

function dettagli(c) {
  const dl = clear($('#dettagli-campagna'));
  const row = (t, v) => dl.append(h('dt', { class: 'col-sm-3' }, t), h('dd', { class: 'col-sm-9' }, v));
  row('Scopo', c.scopo);
  row('Scadenza', `${formatData(c.scadenza)} (ore 24, ora italiana)`);
  row('Stato', statoBadge(c.stato));
  if (c.promemoria?.length) row('Promemoria', `${c.promemoria.join(', ')} giorni prima della scadenza`);
  if (c.dataset_id !== null) row('Dataset pubblicato', h('a', { href: `/dataset.html?id=${c.dataset_id}`, id: 'link-dataset' }, 'Apri il dataset nel catalogo'));
  $('#link-modello-csv').href = apiUrl(`/dati/campagne/${c.id}/modello.csv`);
  $('#link-modello-xlsx').href = apiUrl(`/dati/campagne/${c.id}/modello.xlsx`);
  clear($('#schema-campagna')).append(tabellaSchema(c.schema, { id: 'tabella-schema' }));
  $('#azioni-campagna').hidden = c.stato !== 'aperta';
}

async function disegnaMappa(q) {
  const per = new Map(q.comuni.map((c) => [c.codice_istat, c]));
  try {
    const aree = await loadFeatures(`${GEO}/comuni/${encodeURIComponent(campagna.provincia)}.topo.json`, 'comuni');
    const t = q.totali;
    const { svg, path } = mappa(aree, {
      id: 'svg-quadro', width: 400, height: 400,
      title: `Mappa dei Comuni: ${t.valide} con risposta valida, ${t.con_errori} con errori, ${t.in_ritardo} in ritardo; la tabella riporta ogni Comune.`,
    });
    for (const f of aree.features) {
      const c = per.get(f.properties.codice);
      svg.append(s('path', { d: path(f), class: c ? `area-dati ${classe(c)}` : 'area-neutra', 'data-comune': f.properties.codice },
        s('title', {}, f.properties.nome + (c ? `: ${c.in_ritardo ? 'in ritardo' : statoLabel(c.stato).toLowerCase()}` : ''))));
    }
    clear($('#mappa-quadro')).append(svg,
      h('ul', { class: 'list-unstyled small legenda-dati mt-2' }, LEGENDA.map(([k, l]) => h('li', {},
        h('span', { class: `campione ${k}`, 'aria-hidden': 'true' }), ` ${l}`))),
      h('p', { class: 'small text-secondary' }, ATTRIBUZIONE));
  } catch {
    clear($('#mappa-quadro')).append(h('p', {}, 'La mappa non è disponibile: lo stato di ogni Comune è nella tabella.'));
  }
}

// A large answer being checked by its job: a progress bar in the Comune's
// row (the percentage of the file read; indeterminate while queued), or
// why the check failed.  The board refreshes itself while one is running.
function verifica(v) {
  if (!v) return null;
  if (v.stato === 'failed') {
    return h('p', { class: 'small text-danger mb-0 verifica-fallita' }, `Verifica non riuscita: ${v.errore ?? 'errore'}. Il Comune deve caricare di nuovo il file.`);
  }
  const pct = v.stato === 'running' && v.percentuale !== null && v.percentuale !== undefined ? v.percentuale : null;
  const label = pct === null ? 'Verifica in coda' : `Verifica in corso: ${pct} %`;
  const bar = h('div', {
    class: 'progress-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-label': label,
  });
  if (pct !== null) {
    bar.setAttribute('aria-valuenow', String(pct));
    bar.style.width = `${pct}%`; // CSSOM, allowed by the CSP
  }
  return h('div', { class: 'verifica-risposta mt-1', dataset: { job: String(v.job_id), stato: v.stato } },
    h('div', { class: `progress${pct === null ? ' progress-indeterminate' : ''}` }, bar),
    h('p', { class: 'small mb-0' }, label));
}

let aggiorna = null;

async function quadro() {
  clearTimeout(aggiorna);
  const q = await apiGet(`/dati/campagne/${id}/quadro`);
  const t = q.totali;
  $('#totali-quadro').textContent = `${q.comuni.length} ${plural(q.comuni.length, 'Comune destinatario', 'Comuni destinatari')}: `
    + `${t.valide} ${plural(t.valide, 'risposta valida', 'risposte valide')}, ${t.con_errori} con errori, `
    + `${t.in_attesa} in attesa, ${t.in_ritardo} in ritardo`
    + `${t.in_verifica ? `, ${t.in_verifica} in verifica` : ''}.`;
  const tbody = clear($('#tabella-quadro').tBodies[0]);
  for (const c of q.comuni) {
    let ultima = '—';
    if (c.ultima_risposta_id !== null && c.ultima_risposta_id !== undefined) {
      const r = await apiGet(`/dati/risposte/${c.ultima_risposta_id}`);
      ultima = h('span', {}, formatDataOra(daUnix(r.created)),
        r.errori ? [h('br'), h('a', { href: apiUrl(`/dati/risposte/${r.id}/errori.csv`), download: `errori-${c.codice_istat}.csv` },
          `${r.errori} ${plural(r.errori, 'errore', 'errori')} (CSV)`)] : null);
    }
    tbody.append(h('tr', { dataset: { comune: c.codice_istat, stato: c.stato, ritardo: String(!!c.in_ritardo) } },
      h('th', { scope: 'row' }, c.nome),
      h('td', {}, statoBadge(c.stato), c.in_ritardo ? [' ', h('span', { class: 'badge bg-warning text-dark' }, 'In ritardo')] : null,
        c.in_verifica ? verifica(c.verifica) : null),
      h('td', {}, String(c.risposte)),
      h('td', {}, ultima)));
  }
  await disegnaMappa(q);
  if (q.comuni.some((c) => c.in_verifica && c.verifica && c.verifica.stato !== 'failed')) {
    aggiorna = setTimeout(() => quadro().catch(() => {}), 2000);
  }
  return q;
}

async function carica() {
  try {
    campagna = await apiGet(`/dati/campagne/${id}`);
    $('#titolo-campagna').textContent = campagna.titolo;
    document.title = `${campagna.titolo} | areavasta`;
    dettagli(campagna);
    const q = await quadro();
    await initModifica(campagna, q.comuni, carica);
    await caricaFirme(id, q.comuni);
  } catch (err) {
    $('#totali-quadro').textContent = 'Quadro non disponibile.';
    showApiError(err, 'quadro', { retry: carica });
  }
}

$('#invia-promemoria').addEventListener('click', async () => {
  try {
    const r = await apiSend('POST', `/dati/campagne/${id}/promemoria`);
    $('#esito-azione').textContent = `Promemoria inviato a ${r.comuni_sollecitati} ${plural(r.comuni_sollecitati, 'Comune', 'Comuni')} senza una risposta valida.`;
  } catch (err) { showApiError(err, 'azione'); }
});

$('#chiudi-campagna').addEventListener('click', async () => {
  const ok = await confirmDialog({
    title: 'Chiudere la raccolta?',
    intro: 'I Comuni non potranno più rispondere; le risposte valide saranno unite in una tabella con il codice ISTAT del Comune e pubblicate nel catalogo come dataset.',
    submitLabel: 'Chiudi e pubblica',
    onSubmit: () => apiSend('POST', `/dati/campagne/${id}/chiudi`),
  });
  if (!ok) return;
  await carica();
  $('#esito-azione').textContent = 'Raccolta chiusa: il dataset è pubblicato nel catalogo.';
  $('#link-dataset')?.focus();
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'data_officer', forbidden: 'Il quadro delle raccolte è dell\'ufficio dati della Provincia.',
  })) return;
  if (!/^[1-9][0-9]{0,17}$/.test(id)) {
    showError('Indica la raccolta nell\'indirizzo della pagina (?id=numero).', 'generale');
    return;
  }
  $('#area-quadro').hidden = false;
  carica();
});
