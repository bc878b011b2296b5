// Background jobs in the UI (docs/api/jobs-get.md).
//
// uploadFile(path, file)            POST a file as multipart/form-data (field
//                                   "file") with the CSRF token; resolves to
//                                   the JSON answer (202 {id, location}), or
//                                   rejects with ApiError
// followJob(id, onUpdate, opts)     polls GET /api/v1/jobs/{id} until the job
//                                   is done or failed; calls onUpdate(job) on
//                                   every answer; resolves to the last one
// createJobProgress(container)      a Bootstrap Italia progress bar with an
//                                   aria-live text; returns {update(job)}
import { apiGet, ApiError, csrfToken, API_BASE } from './api.js';
import { h } from './dom.js';
import { formatNumber } from './format.js';

const POLL_MS = 500;

export async function uploadFile(path, file, { signal } = {}) {
  const fd = new FormData();
  fd.append('file', file, file.name);
  const headers = { Accept: 'application/json' };
  const csrf = csrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(API_BASE + path, {
      method: 'POST', body: fd, headers, signal, credentials: 'same-origin',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('Impossibile inviare il file. Controlla la connessione e riprova.', { code: 'rete' });
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = body && body.error;
    throw new ApiError(err && err.message ? err.message
      : `Il server ha risposto con un errore (HTTP ${res.status}). Riprova più tardi.`,
    { status: res.status, code: (err && err.code) || `http_${res.status}`, field: (err && err.field) || null });
  }
  return body;
}

const ended = (job) => job.state === 'done' || job.state === 'failed';
const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  if (signal) signal.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

export async function followJob(id, onUpdate, { signal, intervalMs = POLL_MS } = {}) {
  for (;;) {
    const job = await apiGet(`/jobs/${encodeURIComponent(id)}`, {}, { signal });
    onUpdate(job);
    if (ended(job)) return job;
    await sleep(intervalMs, signal);
  }
}

function megabytes(n) {
  return `${(n / (1024 * 1024)).toLocaleString('it-IT', { maximumFractionDigits: 1 })} MB`;
}

// What the job is doing, in words: "Lettura del file: 2,3 MB di 4,7 MB".
export function describeJob(job) {
  const p = job.progress;
  if (job.state === 'queued') return 'In coda: l\'elaborazione partirà a breve.';
  if (job.state === 'done') return 'Completata.';
  if (job.state === 'failed') return `Non riuscita: ${job.error}`;
  if (p.rows_total !== null) {
    return `Scrittura: ${formatNumber(p.rows_done)} righe di ${formatNumber(p.rows_total)} (${p.percent} %).`;
  }
  if (p.bytes_total !== null) {
    return `Lettura del file: ${megabytes(p.bytes_done)} di ${megabytes(p.bytes_total)} (${p.percent} %).`;
  }
  return 'In corso…';
}

export function createJobProgress(container, { label = 'Avanzamento dell\'elaborazione' } = {}) {
  const bar = h('div', {
    class: 'progress-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
    'aria-label': label,
  });
  const pct = h('span', { class: 'progress-bar-label', 'aria-hidden': 'true' }, '0 %');
  const track = h('div', { class: 'progress progress-indeterminate' }, bar);
  // The live text changes only when the stage, the state or the tens of
  // the percentage change, so a screen reader is not flooded every poll.
  const live = h('p', { class: 'job-stato mt-2', role: 'status', 'aria-live': 'polite' });
  container.replaceChildren(h('div', { class: 'progress-bar-wrapper job-progress' }, pct, track), live);
  let spoken = '';
  return {
    update(job) {
      const p = job.progress;
      const percent = job.state === 'done' ? 100 : p.percent;
      if (percent === null || job.state === 'queued') {
        track.classList.add('progress-indeterminate');
        bar.removeAttribute('aria-valuenow');
        bar.style.width = '';
        pct.textContent = '';
      } else {
        track.classList.remove('progress-indeterminate');
        bar.setAttribute('aria-valuenow', String(percent));
        bar.style.width = `${percent}%`; // CSSOM, allowed by the CSP
        pct.textContent = `${percent} %`;
      }
      bar.classList.toggle('bg-danger', job.state === 'failed');
      bar.classList.toggle('bg-success', job.state === 'done');
      const stage = p.rows_total !== null ? 'scrittura' : 'lettura';
      const key = `${job.state}|${stage}|${percent === null ? '-' : Math.floor(percent / 10)}`;
      if (key !== spoken) {
        spoken = key;
        live.textContent = describeJob(job);
      }
      container.dataset.stato = job.state;
    },
  };
}
