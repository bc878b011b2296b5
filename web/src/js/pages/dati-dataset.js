// The data officer's datasets (GET /dati/dataset?ufficio=1: the Province's
// and its Comuni's, every state): create a draft (POST /dati/dataset), edit
// it (PUT /dati/dataset/{id}; ente and nome fixed after creation), add
// resources by URL (POST .../risorse), publish (POST .../pubblica: needs a
// theme and a resource, the server says which is missing) and withdraw
// (POST .../ritira).  Errors of the API are marked on their fields (temi[1]
// on the themes, nome on the name...).  The coverage and contact fields
// and the upload of a file as a resource, with the upload's progress and
// then the ingest job's, are lib/dati-risorse.js and lib/job.js.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { showApiError, showError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { confirmDialog } from '../lib/dialog.js';
import { provinciaOf, statoBadge } from '../lib/dati.js';
import { caricaFile, campoCopertura, leggiCopertura, riempiCopertura, statoCaricamento } from '../lib/dati-risorse.js';
import { createJobProgress, followJob } from '../lib/job.js';
import { formatNumber } from '../lib/format.js';

const TEMI = [
  ['AGRI', 'Agricoltura, pesca, silvicoltura e prodotti alimentari'], ['ECON', 'Economia e finanze'],
  ['EDUC', 'Istruzione, cultura e sport'], ['ENER', 'Energia'], ['ENVI', 'Ambiente'],
  ['GOVE', 'Governo e settore pubblico'], ['HEAL', 'Salute'], ['INTR', 'Tematiche internazionali'],
  ['JUST', 'Giustizia, sistema giuridico e sicurezza pubblica'], ['REGI', 'Regioni e città'],
  ['SOCI', 'Popolazione e società'], ['TECH', 'Scienza e tecnologia'], ['TRAN', 'Trasporti'],
];
const FREQUENZE = [
  ['UNKNOWN', 'Sconosciuta'], ['ANNUAL', 'Annuale'], ['ANNUAL_2', 'Semestrale'], ['QUARTERLY', 'Trimestrale'],
  ['MONTHLY', 'Mensile'], ['WEEKLY', 'Settimanale'], ['DAILY', 'Quotidiano'], ['CONT', 'Continuo'],
  ['IRREG', 'Irregolare'], ['BIENNIAL', 'Biennale'], ['TRIENNIAL', 'Triennale'], ['NEVER', 'Mai'], ['OTHER', 'Altro'],
];
const FORMATI = ['CSV', 'JSON', 'GEOJSON', 'XML', 'XLSX', 'ODS', 'PDF', 'RDF_XML', 'RDF_TURTLE', 'JSON_LD', 'ZIP', 'HTML', 'TXT'];

const form = $('#form-dataset');
const table = $('#tabella-dataset');
const status = $('#stato-dataset');
let provincia = null;
let editing = null; // the dataset in the form (for PUT and resources), or null
let next = null;

clear($('#d-temi-scelte')).append(...TEMI.map(([c, l]) => h('div', { class: 'col-12 col-md-6 form-check' },
  h('input', { class: 'form-check-input', type: 'checkbox', id: `tema-${c}`, value: c }),
  h('label', { class: 'form-check-label', for: `tema-${c}` }, l))));
$('#d-frequenza').append(...FREQUENZE.map(([c, l]) => h('option', { value: c }, l)));
$('#ri-formato').append(...FORMATI.map((f) => h('option', { value: f }, f)));

async function licenze() {
  const res = await fetch('/api/3/action/license_list', { headers: { Accept: 'application/json' } });
  const body = await res.json();
  $('#d-licenza').append(...body.result.map((l) => h('option', { value: l.id, selected: l.id === 'A21_CCBY40' }, l.title)));
}

function leggi() {
  const errors = [];
  const temi = $$('#d-temi-scelte input:checked').map((x) => x.value);
  const body = {
    titolo: $('#d-titolo').value.trim(), descrizione: $('#d-descrizione').value.trim(), temi,
    parole_chiave: $('#d-parole').value.split(',').map((x) => x.trim()).filter(Boolean),
    frequenza: $('#d-frequenza').value, licenza: $('#d-licenza').value,
  };
  if (!editing) {
    body.nome = $('#d-nome').value.trim();
    const ente = $('#d-ente').value.trim();
    if (ente) {
      if (/^\d{6}$/.test(ente)) body.ente = `comune:${ente}`;
      else if (/^comune:\d{6}$/.test(ente)) body.ente = ente;
      else errors.push({ input: $('#d-ente'), message: 'Scrivi il codice ISTAT del Comune (sei cifre), o lascia vuoto per la Provincia.' });
    }
    if (!/^[a-z0-9_-]{2,100}$/.test(body.nome)) errors.push({ input: $('#d-nome'), message: 'Da 2 a 100 tra lettere minuscole, cifre, - e _.' });
  }
  Object.assign(body, leggiCopertura(errors));
  if (!body.titolo) errors.push({ input: $('#d-titolo'), message: 'Scrivi il titolo.' });
  if (!body.descrizione) errors.push({ input: $('#d-descrizione'), message: 'La descrizione è obbligatoria in DCAT-AP_IT.' });
  return { body, errors };
}

// A server error's path on its input: temi[1] -> the themes' first box.
function segna(err) {
  const f = String(err.field ?? '');
  let el = markField(form, f, err.message, { focus: true });
  if (!el && /^temi/.test(f)) el = markField(form, 'temi', err.message, { focus: true });
  if (!el && /^parole_chiave/.test(f)) el = markField(form, 'parole_chiave', err.message, { focus: true });
  if (!el && /^copertura_spaziale/.test(f)) el = markField(form, campoCopertura(f), err.message, { focus: true });
  if (!el) showApiError(err, 'dataset');
}
// The themes' fieldset is not an input: its first checkbox carries the error.
$('#d-temi-scelte').firstElementChild.querySelector('input').dataset.campo = 'temi';

function resetForm() {
  form.reset();
  clearFieldErrors(form);
  editing = null;
  $('#d-ente').disabled = false;
  $('#d-nome').disabled = false;
  $('#titolo-form-dataset').textContent = 'Nuovo dataset';
  $('#salva-dataset').textContent = 'Salva la bozza';
  $('#annulla-dataset').hidden = true;
  $('#sezione-risorse').hidden = true;
}

function risorse(d) {
  clear($('#elenco-risorse-dataset')).append(...d.risorse.map((r) => {
    const stato = statoCaricamento(r);
    return h('li', { class: 'py-1 border-bottom', dataset: { risorsa: String(r.id), caricamento: r.caricamento?.stato ?? '' } },
      h('strong', {}, r.nome), ' ', h('span', { class: 'badge bg-primary' }, r.formato), ' ',
      r.url ? h('span', { class: 'small text-break' }, r.url) : null,
      r.file_url ? h('a', { href: r.file_url, class: 'small ms-1' }, 'Scarica il file') : null,
      r.tabella_id !== null ? h('span', { class: 'badge bg-success ms-1' }, 'in archivio tabellare') : null,
      stato ? h('p', { class: `small mb-0 text-${stato.tipo === 'danger' ? 'danger' : 'body'} esito-caricamento` }, stato.testo) : null);
  }));
  if (!d.risorse.length) $('#elenco-risorse-dataset').append(h('li', {}, 'Nessuna risorsa: ne serve almeno una per pubblicare.'));
  // The upload's destination: a new resource, or a kept CSV/XLSX file.
  clear($('#rf-destinazione')).append(h('option', { value: '' }, 'Una nuova risorsa'),
    ...d.risorse.filter((r) => r.file_url && (r.formato === 'CSV' || r.formato === 'XLSX'))
      .map((r) => h('option', { value: String(r.id) }, `Sostituisci il file di «${r.nome}» (${r.formato})`)));
}

async function modifica(id) {
  const d = await apiGet(`/dati/dataset/${id}`);
  resetForm();
  editing = d;
  $('#d-ente').value = d.ente;
  $('#d-ente').disabled = true;
  $('#d-nome').value = d.nome;
  $('#d-nome').disabled = true;
  $('#d-titolo').value = d.titolo;
  $('#d-descrizione').value = d.descrizione;
  for (const c of d.temi) { const x = $(`#tema-${c}`); if (x) x.checked = true; }
  $('#d-parole').value = d.parole_chiave.join(', ');
  $('#d-frequenza').value = d.frequenza;
  $('#d-licenza').value = d.licenza.codice;
  riempiCopertura(d);
  $('#titolo-form-dataset').textContent = `Modifica di «${d.titolo}»`;
  $('#salva-dataset').textContent = 'Salva le modifiche';
  $('#annulla-dataset').hidden = false;
  $('#sezione-risorse').hidden = false;
  risorse(d);
  $('#titolo-form-dataset').focus();
}

$('#annulla-dataset').addEventListener('click', () => { resetForm(); $('#titolo-elenco-dataset').focus(); });

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('dataset');
  clearFieldErrors(form);
  const { body, errors } = leggi();
  if (errors.length) { markFields(form, errors); return; }
  const button = $('#salva-dataset');
  button.disabled = true;
  try {
    const d = editing ? await apiSend('PUT', `/dati/dataset/${editing.id}`, body) : await apiSend('POST', '/dati/dataset', body);
    await carica(true);
    await modifica(d.id);
    status.textContent = `Dataset «${d.titolo}» salvato. ${status.textContent}`;
  } catch (err) {
    segna(err);
  } finally {
    button.disabled = false;
  }
});

$('#form-risorsa').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = $('#form-risorsa');
  clearError('risorsa');
  clearFieldErrors(f);
  const body = { nome: $('#ri-nome').value.trim(), formato: $('#ri-formato').value, url: $('#ri-url').value.trim() };
  const desc = $('#ri-descrizione').value.trim();
  if (desc) body.descrizione = desc;
  const errors = [];
  if (!body.nome) errors.push({ input: $('#ri-nome'), message: 'Scrivi il nome della risorsa.' });
  if (!/^https?:\/\/\S+$/.test(body.url)) errors.push({ input: $('#ri-url'), message: 'Un indirizzo che inizia con https:// o http://.' });
  if (errors.length) { markFields(f, errors); return; }
  try {
    const d = await apiSend('POST', `/dati/dataset/${editing.id}/risorse`, body);
    f.reset();
    risorse(d);
    await carica(true);
  } catch (err) {
    if (!markField(f, err.field, err.message, { focus: true })) showApiError(err, 'risorsa');
  }
});

// A file as a resource: the upload's progress (bytes sent), then the
// ingest job's (rows and bytes read), then the resource's state, with the
// error and its row inline when the file does not load.
$('#form-file').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = $('#form-file');
  clearFieldErrors(f);
  const file = $('#rf-file').files[0];
  if (!file) { markFields(f, [{ input: $('#rf-file'), message: 'Scegli il file da caricare.' }]); return; }
  const fd = new FormData();
  const nome = $('#rf-nome').value.trim();
  const descr = $('#rf-descrizione').value.trim();
  if (nome) fd.append('nome', nome);
  if (descr) fd.append('descrizione', descr);
  fd.append('file', file, file.name);
  const box = $('#avanzamento-file');
  const esito = $('#esito-file');
  box.hidden = false;
  esito.textContent = '';
  const bar = createJobProgress(box, { label: 'Avanzamento del caricamento' });
  bar.update({ state: 'running', progress: { rows_done: 0, rows_total: null, bytes_done: 0, bytes_total: file.size, percent: 0 } });
  const button = $('#carica-file');
  button.disabled = true;
  const id = editing.id;
  try {
    const dest = $('#rf-destinazione').value;
    const path = dest ? `/dati/risorse/${dest}/file` : `/dati/dataset/${id}/risorse/file`;
    const r = await caricaFile(path, fd, (sent, total) => {
      bar.update({ state: 'running', progress: { rows_done: 0, rows_total: null, bytes_done: sent, bytes_total: total, percent: Math.floor((100 * sent) / total) } });
    });
    if (r.location) {
      const job = await followJob(r.id, (j) => bar.update(j));
      esito.textContent = job.state === 'done'
        ? `File caricato: ${formatNumber(job.result.righe)} righe nell'archivio tabellare.`
        : `${dest ? 'Il file non ha sostituito quello della risorsa' : 'Il file è stato salvato ma non è entrato nell\'archivio tabellare'}: ${job.error}`;
      esito.className = `col-12 ${job.state === 'done' ? 'text-success' : 'text-danger'}`;
    } else {
      bar.update({ state: 'done', progress: { rows_done: 0, rows_total: null, bytes_done: file.size, bytes_total: file.size, percent: 100 } });
      esito.textContent = 'File caricato.';
      esito.className = 'col-12 text-success';
    }
    f.reset();
    risorse(await apiGet(`/dati/dataset/${id}`));
    await carica(true);
  } catch (err) {
    box.hidden = true;
    const campo = err.field === 'file' || err.status === 413 || err.status === 415 ? 'file' : err.field;
    if (!markField(f, campo, err.message, { focus: true })) showApiError(err, 'risorsa');
  } finally {
    button.disabled = false;
  }
});

async function azione(d, verbo) {
  const pubblica = verbo === 'pubblica';
  const ok = await confirmDialog({
    title: pubblica ? 'Pubblicare il dataset?' : 'Ritirare il dataset?',
    intro: pubblica
      ? `«${d.titolo}» comparirà nel catalogo pubblico, nelle API CKAN e nel catalogo DCAT-AP_IT raccolto da dati.gov.it.`
      : `«${d.titolo}» uscirà dal catalogo pubblico, dalle API CKAN e dal catalogo DCAT-AP_IT.`,
    submitLabel: pubblica ? 'Pubblica' : 'Ritira',
    onSubmit: () => apiSend('POST', `/dati/dataset/${d.id}/${verbo}`),
  });
  if (!ok) return;
  await carica(true);
  status.textContent = `«${d.titolo}» ${pubblica ? 'pubblicato' : 'ritirato'}. ${status.textContent}`;
}

function bottone(label, hidden, data, cls = 'btn-outline-primary') {
  return h('button', { type: 'button', class: `btn ${cls} btn-sm`, dataset: data }, label, h('span', { class: 'visually-hidden' }, hidden));
}

function riga(d) {
  const mod = bottone('Modifica', ` ${d.titolo}`, { azione: 'modifica' });
  mod.addEventListener('click', () => modifica(d.id).catch((err) => showApiError(err, 'dataset')));
  const acts = [mod];
  if (d.stato !== 'pubblicato') {
    const p = bottone('Pubblica', ` ${d.titolo}`, { azione: 'pubblica' }, 'btn-primary');
    p.addEventListener('click', () => azione(d, 'pubblica'));
    acts.push(p);
  } else {
    const r = bottone('Ritira', ` ${d.titolo}`, { azione: 'ritira' });
    r.addEventListener('click', () => azione(d, 'ritira'));
    acts.push(r);
  }
  return h('tr', { dataset: { dataset: String(d.id), stato: d.stato } },
    h('td', {}, h('a', { href: `/dataset.html?id=${d.id}` }, d.titolo), h('span', { class: 'd-block small' }, h('code', {}, d.nome))),
    h('td', {}, d.editore?.nome ?? d.ente),
    h('td', {}, statoBadge(d.stato)),
    h('td', {}, h('div', { class: 'd-flex flex-wrap gap-1' }, acts)));
}

async function carica(fresh) {
  clearError('elenco');
  if (fresh) { next = null; clear(table.tBodies[0]); }
  setLoading(table, true, { status, text: 'Caricamento dei dataset…' });
  try {
    const params = { ufficio: 1, limit: 50 };
    if (next) params.after = next;
    const r = await apiGet('/dati/dataset', params);
    table.tBodies[0].append(...r.items.map(riga));
    next = r.next;
    $('#altri-dataset').hidden = !next;
    table.hidden = !table.tBodies[0].rows.length;
    setLoading(table, false, { status, text: r.total ? `${r.total} dataset.` : 'Nessun dataset: il primo si crea qui sotto.' });
  } catch (err) {
    setLoading(table, false, { status, text: 'Elenco non disponibile.' });
    showApiError(err, 'elenco', { retry: () => carica(true) });
  }
}
$('#altri-dataset').addEventListener('click', () => carica(false));

initSite().then(async (me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'data_officer', forbidden: 'I dataset li cura l\'ufficio dati della Provincia.',
  })) return;
  provincia = provinciaOf(me);
  if (!provincia) { showError('Il ruolo di funzionario dati non è assegnato a una Provincia.'); return; }
  $('#area-dataset-ufficio').hidden = false;
  try { await licenze(); } catch (err) { showApiError(err, 'licenze'); }
  carica(true);
  if (window.location.hash === '#nuovo') $('#d-nome').focus();
});
