// The dataset editor's additions (docs/dati-catalogo.md "Files as
// resources", "Coverage and contact"):
//
// leggiCopertura(errors)         the DCAT-AP_IT coverage and contact fields
//                                of the form as the API's body members
//                                ("" clears a field); errors get {input,
//                                message} for what the browser can tell
// riempiCopertura(d)             the same fields from a dataset
// campoCopertura(field)          the form's field name of an API error path
//                                (copertura_spaziale[2] -> copertura_spaziale)
// caricaFile(path, form, onSent) POST the form's file (multipart, with the
//                                CSRF token) by XMLHttpRequest, so that the
//                                upload's progress can be shown: onSent(sent,
//                                total) as bytes go; resolves to the JSON
//                                answer, rejects with ApiError
// statoCaricamento(r)            a resource's last ingest in words
import { ApiError, csrfToken, API_BASE } from './api.js';
import { $ } from './dom.js';
import { formatNumber } from './format.js';

// "024, 024116, ITH32" -> ["provincia:024", "comune:024116", "nuts:ITH32"].
function luoghi(text, errors) {
  const out = [];
  for (const raw of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    if (/^\d{3}$/.test(raw)) out.push(`provincia:${raw}`);
    else if (/^\d{6}$/.test(raw)) out.push(`comune:${raw}`);
    else if (/^IT[A-Z0-9]{1,3}$/i.test(raw)) out.push(`nuts:${raw.toUpperCase()}`);
    else if (/^(provincia:\d{3}|comune:\d{6}|nuts:IT[A-Z0-9]{1,3})$/.test(raw)) out.push(raw);
    else {
      errors.push({ input: $('#d-copertura-spaziale'), message: `«${raw}» non è un codice: 3 cifre per la Provincia, 6 per un Comune, ITxxx per una regione NUTS.` });
      break;
    }
  }
  return out;
}

export function leggiCopertura(errors) {
  const body = {
    copertura_inizio: $('#d-copertura-inizio').value,
    copertura_fine: $('#d-copertura-fine').value,
    copertura_spaziale: luoghi($('#d-copertura-spaziale').value, errors),
    contatto_nome: $('#d-contatto-nome').value.trim(),
    contatto_email: $('#d-contatto-email').value.trim(),
  };
  if (body.copertura_inizio && body.copertura_fine && body.copertura_fine < body.copertura_inizio) {
    errors.push({ input: $('#d-copertura-fine'), message: 'La fine viene prima dell\'inizio.' });
  }
  if (!body.contatto_nome !== !body.contatto_email) {
    const input = body.contatto_nome ? $('#d-contatto-email') : $('#d-contatto-nome');
    errors.push({ input, message: 'Il punto di contatto ha il nome dell\'ufficio e la sua email.' });
  }
  return body;
}

const corto = (code) => code.replace(/^(provincia|comune|nuts):/, '');

export function riempiCopertura(d) {
  $('#d-copertura-inizio').value = d.copertura_temporale?.inizio ?? '';
  $('#d-copertura-fine').value = d.copertura_temporale?.fine ?? '';
  $('#d-copertura-spaziale').value = (d.copertura_spaziale ?? []).map((l) => corto(l.codice)).join(', ');
  $('#d-contatto-nome').value = d.contatto?.nome ?? '';
  $('#d-contatto-email').value = d.contatto?.email ?? '';
}

export function campoCopertura(field) {
  const f = String(field ?? '');
  return /^copertura_spaziale/.test(f) ? 'copertura_spaziale' : f;
}

export function caricaFile(path, formData, onSent) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', API_BASE + path);
    x.setRequestHeader('Accept', 'application/json');
    const csrf = csrfToken();
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onSent(e.loaded, e.total); });
    x.addEventListener('error', () => reject(new ApiError('Impossibile inviare il file. Controlla la connessione e riprova.', { code: 'rete' })));
    x.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(x.responseText); } catch { body = null; }
      if (x.status >= 200 && x.status < 300) { resolve(body); return; }
      const err = body && body.error;
      reject(new ApiError(err && err.message ? err.message : `Il server ha risposto con un errore (HTTP ${x.status}).`,
        { status: x.status, code: (err && err.code) || `http_${x.status}`, field: (err && err.field) || null }));
    });
    x.send(formData);
  });
}

export function statoCaricamento(r) {
  const c = r.caricamento;
  if (!c) return null;
  if (c.stato === 'failed') return { tipo: 'danger', testo: `Caricamento non riuscito: ${c.errore}` };
  if (c.stato === 'done') return { tipo: 'success', testo: `Caricata: ${formatNumber(c.righe)} righe.` };
  return { tipo: 'info', testo: `Caricamento in corso: ${formatNumber(c.righe)} righe lette.` };
}
