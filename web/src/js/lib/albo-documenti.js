// The documents of an albo entry (GET|POST /sua/albo/{id}/documenti), shared
// by "La mia impresa" (the company: list and upload with a progress bar)
// and the officer's "Albo fornitori" (list and download).  Expired documents
// are flagged; a date typed gg/mm/aaaa is sent as typed (the server accepts
// both forms and checks it).
import { h, clear } from './dom.js';
import { apiGet, csrfToken, ApiError } from './api.js';
import { showApiError, clearError } from './alert.js';
import { clearFieldErrors, markField } from './form.js';

export const TIPI_DOCUMENTO = [
  ['visura_camerale', 'Visura camerale'],
  ['durc', 'DURC'],
  ['certificato_soa', 'Certificato SOA'],
  ['dgue', 'DGUE'],
  ['polizza', 'Polizza'],
  ['altro', 'Altro'],
];
const tipoLabel = (t) => (TIPI_DOCUMENTO.find(([k]) => k === t) ?? [t, t])[1];
const data = (iso) => (iso ? iso.split('-').reverse().join('/') : '—');
const kb = (n) => `${Math.max(1, Math.round(n / 1024)).toLocaleString('it-IT')} KB`;

// A multipart upload with progress (fetch has none); resolves to the JSON.
function sendForm(path, fd, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', `/api/v1${path}`);
    const csrf = csrfToken();
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.onprogress = (e) => onProgress(e.loaded, e.total);
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
    x.send(fd);
  });
}

function table(items) {
  if (!items.length) return h('p', { class: 'mb-2' }, 'Nessun documento caricato.');
  return h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm documenti-albo' },
    h('caption', { class: 'visually-hidden' }, 'Documenti dell\'iscrizione'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Tipo'), h('th', { scope: 'col' }, 'File'),
      h('th', { scope: 'col' }, 'Scadenza'), h('th', { scope: 'col' }, 'Dimensione'))),
    h('tbody', {}, ...items.map((d) => h('tr', { dataset: { id: String(d.id), tipo: d.tipo } },
      h('td', {}, tipoLabel(d.tipo)),
      h('td', {}, h('a', { href: d.url, download: d.nome }, d.nome)),
      h('td', {}, data(d.scadenza), d.scaduto ? h('span', { class: 'badge bg-danger ms-2 scaduto' }, 'Scaduto') : null),
      h('td', {}, kb(d.size)))))));
}

// The section for entry id; upload: the company's form.  Returns the node.
export function documentiSection(id, { upload = false, headingLevel = 'h3' } = {}) {
  const idp = `doc-${id}`;
  const body = h('div', { class: 'elenco-documenti' }, h('p', { role: 'status' }, 'Caricamento dei documenti…'));
  const section = h('section', { class: 'documenti mt-3', 'aria-labelledby': `${idp}-titolo`, dataset: { iscrizione: String(id) } },
    h(headingLevel, { class: 'h6', id: `${idp}-titolo` }, 'Documenti'), body);
  const load = async () => {
    try {
      const r = await apiGet(`/sua/albo/${id}/documenti`);
      clear(body).append(table(r.items));
    } catch (err) {
      clear(body).append(h('p', {}, 'Documenti non disponibili.'));
      showApiError(err, `documenti-${id}`);
    }
  };
  if (upload) {
    const bar = h('div', { class: 'progress-bar', role: 'progressbar', 'aria-valuenow': '0', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-label': 'Avanzamento del caricamento' });
    bar.style.width = '0%'; // CSSOM, not a style attribute (the CSP)
    const progress = h('div', { class: 'progress mb-2', hidden: true }, bar);
    const form = h('form', { class: 'row g-2 align-items-end form-documento', novalidate: true },
      h('div', { class: 'col-12 col-md-4' },
        h('label', { for: `${idp}-tipo`, class: 'form-label' }, 'Tipo di documento'),
        h('select', { id: `${idp}-tipo`, name: 'tipo', class: 'form-select' },
          ...TIPI_DOCUMENTO.map(([k, l]) => h('option', { value: k }, l)))),
      h('div', { class: 'col-12 col-md-3' },
        h('label', { for: `${idp}-scadenza`, class: 'form-label' }, 'Scadenza (gg/mm/aaaa, facoltativa)'),
        h('input', { id: `${idp}-scadenza`, name: 'scadenza', type: 'text', class: 'form-control', inputmode: 'numeric', maxlength: '10', autocomplete: 'off' })),
      h('div', { class: 'col-12 col-md-5' },
        h('label', { for: `${idp}-file`, class: 'form-label' }, 'File (PDF, P7M, immagine; al massimo 20 MB)'),
        h('input', { id: `${idp}-file`, name: 'file', type: 'file', class: 'form-control', required: true })),
      h('div', { class: 'col-12' }, progress,
        h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, 'Carica il documento')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      clearError(`documenti-${id}`);
      const file = form.elements.file.files[0];
      if (!file) { markField(form, 'file', 'Scegli il file da caricare.', { focus: true }); return; }
      const fd = new FormData();
      fd.append('tipo', form.elements.tipo.value);
      if (form.elements.scadenza.value.trim()) fd.append('scadenza', form.elements.scadenza.value.trim());
      fd.append('file', file, file.name);
      const btn = form.querySelector('button[type=submit]');
      btn.disabled = true;
      progress.hidden = false;
      try {
        await sendForm(`/sua/albo/${id}/documenti`, fd, (done, total) => {
          const pct = total ? Math.round((done / total) * 100) : 100;
          bar.style.width = `${pct}%`;
          bar.setAttribute('aria-valuenow', String(pct));
        });
        form.reset();
        await load();
      } catch (err) {
        if (!err.field || !markField(form, err.field, err.message, { focus: true })) showApiError(err, `documenti-${id}`);
      } finally {
        btn.disabled = false;
        progress.hidden = true;
      }
    });
    section.append(form);
  }
  load();
  return section;
}
