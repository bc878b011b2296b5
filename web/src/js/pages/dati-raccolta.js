// The Comune's answer to one campaign: what the Province asks (purpose,
// deadline, the schema's columns and rules), the templates (modello.csv,
// modello.xlsx), the upload of a CSV or XLSX (POST .../risposte, validated
// at once), the rows typed in a form generated from the schema (POST
// .../righe, lib/dati-modulo.js, errors beside the inputs)
// and its outcome — valid, or every error by row, column and rule in
// Italian (the first 100 inline, all of them in errori.csv); a large
// file's check followed while its job runs (dati-raccolta-verifica.js) —
// and the
// answers sent so far.  An answer with errors is kept but never merged:
// the page says so and invites a corrected file.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, apiUrl } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, showError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, setFieldError } from '../lib/form.js';
import { uploadFile } from '../lib/job.js';
import { formatData, formatDataOra, formatNumero } from '../lib/numeri.js';
import { plural } from '../lib/format.js';
import { comuneOf, statoBadge, tabellaSchema, daUnix } from '../lib/dati.js';
import { creaModulo } from '../lib/dati-modulo.js';
import { seguiVerifica, verificaAvviata } from './dati-raccolta-verifica.js';

const id = new URLSearchParams(window.location.search).get('id') ?? '';
let comune = null;
let modulo = null;
let header = true;

function erroriCsv(r) {
  return h('a', { href: apiUrl(`/dati/risposte/${r.id}/errori.csv`), download: `errori-risposta-${r.id}.csv`, class: 'link-errori' },
    `Scarica tutti gli errori (CSV)`);
}

function esito(r, { tabella = true } = {}) {
  const out = clear($('#esito-risposta'));
  if (r.stato === 'valida') {
    out.append(h('div', { class: 'alert alert-success', id: 'esito-valida' },
      h('p', { class: 'mb-0' }, `«${r.nome_file}»: ${formatNumero(r.righe)} ${plural(r.righe, 'riga valida', 'righe valide')}. La risposta è valida e sarà unita alla tabella provinciale alla chiusura.`)));
  } else {
    const det = r.errori_dettaglio ?? [];
    out.append(h('div', { class: 'alert alert-warning', id: 'esito-errori' },
      h('p', {}, `«${r.nome_file}»: ${formatNumero(r.errori)} ${plural(r.errori, 'errore', 'errori')}. La risposta è conservata come bozza e non sarà unita: correggi il file e caricalo di nuovo.`),
      h('p', { class: 'mb-0' }, erroriCsv(r))),
    !tabella ? h('p', {}, 'Gli errori sono segnati accanto ai campi del modulo.') : h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm', id: 'tabella-errori' },
      h('caption', {}, det.length < r.errori ? `I primi ${det.length} errori` : 'Gli errori'),
      h('thead', {}, h('tr', {}, ['Riga', 'Colonna', 'Regola', 'Errore'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, det.map((e) => h('tr', { dataset: { riga: String(e.riga), regola: e.regola } },
        h('td', {}, e.riga ? String(e.riga) : '—'),
        h('td', {}, e.campo ? h('code', {}, e.campo) : '—'),
        h('td', {}, e.regola),
        h('td', { class: 'messaggio-errore' }, e.messaggio)))))));
  }
  $('#sezione-esito').hidden = false;
}

function storico(rs) {
  $('#stato-storico').textContent = rs.length ? '' : 'Nessuna risposta inviata finora.';
  clear($('#elenco-risposte')).append(...rs.map((r) => h('li', { class: 'py-1 border-bottom', dataset: { risposta: String(r.id) } },
    h('span', { class: 'me-2' }, formatDataOra(daUnix(r.created))), h('strong', {}, r.nome_file), ' ', statoBadge(r.stato),
    ` ${formatNumero(r.righe)} ${plural(r.righe, 'riga', 'righe')}`,
    r.errori ? [`, ${formatNumero(r.errori)} ${plural(r.errori, 'errore', 'errori')} — `, erroriCsv(r)] : null)));
}

async function carica() {
  try {
    const r = await apiGet(`/dati/comuni/${comune}/campagne/${id}`);
    const c = r.campagna;
    $('#titolo-raccolta').textContent = c.titolo;
    document.title = `${c.titolo} | areavasta`;
    const dl = clear($('#dettagli-raccolta'));
    const row = (t, v) => dl.append(h('dt', { class: 'col-sm-3' }, t), h('dd', { class: 'col-sm-9' }, v));
    row('Scopo', c.scopo);
    row('Scadenza', `${formatData(c.scadenza)} (ore 24, ora italiana)`);
    row('Stato della raccolta', statoBadge(c.stato));
    const d = c.dialetto ?? {};
    row('Separatore delle colonne', d.delimiter === ';' ? 'punto e virgola (;)' : d.delimiter === '|' ? 'barra verticale (|)' : 'virgola (,)');
    $('#link-modello-csv').href = apiUrl(`/dati/comuni/${comune}/campagne/${id}/modello.csv`);
    $('#link-modello-xlsx').href = apiUrl(`/dati/comuni/${comune}/campagne/${id}/modello.xlsx`);
    clear($('#schema-raccolta')).append(tabellaSchema(c.schema, { id: 'tabella-schema', caption: 'Le colonne del file' }));
    $('#sezione-carica').hidden = c.stato !== 'aperta';
    // issue 18: the Province asks for the CSV signed digitally (.csv.p7m)
    if (r.risposte_firmate) {
      row('Firma digitale', 'Richiesta: carica il file CSV firmato digitalmente (.csv.p7m, CAdES).');
      $('#r-file').accept = '.csv,.p7m,text/csv,application/pkcs7-mime';
      $('#r-file-label').textContent = 'File CSV firmato digitalmente (.csv.p7m, al più 50 MB)';
    }
    $('#sezione-modulo').hidden = c.stato !== 'aperta';
    modulo ??= creaModulo($('#righe-modulo'), c.schema);
    header = (c.dialetto ?? {}).header !== false;
    storico(r.risposte.risposte);
    // a large answer's check: its progress, then its outcome inline
    const v = seguiVerifica(r.verifica, $('#esito-risposta'), carica);
    if (v === 'finita' && r.risposte.risposte.length) {
      const ultima = r.risposte.risposte.reduce((a, b) => (b.id > a.id ? b : a));
      esito(await apiGet(`/dati/risposte/${ultima.id}`));
      $('#titolo-esito').focus();
    }
  } catch (err) {
    showApiError(err, 'raccolta', { retry: carica });
  }
}

$('#form-risposta').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('#r-file');
  clearError('risposta');
  clearFieldErrors($('#form-risposta'));
  const file = input.files[0];
  if (!file) {
    setFieldError(input, 'Scegli il file CSV da caricare.');
    input.focus();
    return;
  }
  const button = $('#invia-risposta');
  button.disabled = true;
  try {
    const r = await uploadFile(`/dati/comuni/${comune}/campagne/${id}/risposte`, file);
    input.value = '';
    if (r.job_id) { // 202: a large file, checked by a job the page follows
      verificaAvviata(file.name, $('#esito-risposta'));
      $('#sezione-esito').hidden = false;
      $('#titolo-esito').focus();
      await carica();
      return;
    }
    esito(r);
    await carica();
    $('#titolo-esito').focus();
  } catch (err) {
    if (err.field === 'file' || err.status === 413 || err.status === 415) {
      setFieldError(input, err.message);
      input.focus();
    } else showApiError(err, 'risposta');
  } finally {
    button.disabled = false;
  }
});

$('#aggiungi-riga').addEventListener('click', () => {
  modulo.aggiungi().querySelector('input, select')?.focus();
});

$('#form-righe').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('risposta');
  modulo.pulisci();
  const righe = modulo.righe();
  const button = $('#invia-righe');
  if (righe.every((r) => Object.keys(r).length === 0)) {
    showError('Compila almeno una riga.', 'risposta');
    return;
  }
  button.disabled = true;
  try {
    const r = await apiSend('POST', `/dati/comuni/${comune}/campagne/${id}/righe`, { righe });
    esito(r, { tabella: false });
    const first = modulo.segna(r.errori_dettaglio ?? [], { header });
    await carica();
    (first ?? $('#titolo-esito')).focus();
  } catch (err) {
    const el = err.field ? modulo.inputPerPercorso(err.field) : null;
    if (el) {
      setFieldError(el, err.message);
      el.focus();
    } else showApiError(err, 'risposta');
  } finally {
    button.disabled = false;
  }
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'comune', forbidden: 'Questa pagina è per gli utenti dei Comuni.',
  })) return;
  comune = comuneOf(me);
  if (!comune || !/^[1-9][0-9]{0,17}$/.test(id)) {
    showError('Indica la raccolta nell\'indirizzo della pagina (?id=numero).');
    return;
  }
  $('#area-raccolta').hidden = false;
  carica();
});
