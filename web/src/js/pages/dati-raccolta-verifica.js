// The Comune's page follows its own large answer's check (issue 15 item
// 2): a file over 1 MiB is validated by a job (202), and instead of "in
// verifica" until a reload the page shows the job's progress — queued,
// then the share of the file read — and, when the job ends, the outcome
// inline (valid, or every error by row, column and rule) exactly as for a
// small file; a failed check says why and asks for the file again.  It
// polls the Comune's own campaign (GET /dati/comuni/{c}/campagne/{id},
// its "verifica"), not the job, so any user of the Comune sees it, also
// after a reload.
import { createJobProgress } from '../lib/job.js';
import { h } from '../lib/dom.js';

const POLL_MS = 1000;
let seguita = null; // the job_id being followed, or 'nuova' right after a 202
let barra = null;
let timer = null;

// The "verifica" object as the job API's shape createJobProgress reads.
const comeJob = (v) => ({
  state: v.stato,
  error: v.errore ?? null,
  progress: {
    percent: v.stato === 'running' ? v.percentuale ?? null : null,
    rows_total: null, rows_done: null,
    bytes_total: v.byte_totali || null, bytes_done: v.byte_letti ?? 0,
  },
});

// A 202: follow the job even if it ends before the next poll.
export function verificaAvviata(nomeFile, out) {
  seguita = 'nuova';
  mostra(out, { stato: 'queued' }, nomeFile);
}

function mostra(out, v, nomeFile) {
  if (!barra || !out.contains(barra.el)) {
    const el = h('div', { id: 'verifica-risposta' });
    out.replaceChildren(
      h('p', { id: 'verifica-titolo' }, nomeFile
        ? `«${nomeFile}» è grande: il controllo continua in background e l'esito compare qui.`
        : 'Il controllo del file caricato continua in background: l\'esito compare qui.'),
      el);
    barra = { el, ...createJobProgress(el, { label: 'Controllo del file' }) };
  }
  barra.update(comeJob(v));
}

/*
 * Called with each reading of the campaign: v its "verifica" (null when
 * no check runs).  Returns 'in_corso' (a poll is scheduled: ricarica),
 * 'finita' (a followed check ended: show the newest answer), 'fallita'
 * (shown here) or null (nothing followed).
 */
export function seguiVerifica(v, out, ricarica) {
  clearTimeout(timer);
  if (v && (v.stato === 'queued' || v.stato === 'running')) {
    seguita = v.job_id;
    out.closest('section').hidden = false;
    mostra(out, v, null);
    timer = setTimeout(ricarica, POLL_MS);
    return 'in_corso';
  }
  const era = seguita;
  seguita = null;
  barra = null;
  if (v && v.stato === 'failed' && (era !== null || !out.hasChildNodes())) {
    out.closest('section').hidden = false;
    out.replaceChildren(h('div', { class: 'alert alert-danger', id: 'verifica-fallita' },
      h('p', { class: 'mb-0' }, `Il controllo del file non è riuscito: ${v.errore || 'errore'}. Carica di nuovo il file.`)));
    return 'fallita';
  }
  return era !== null ? 'finita' : null;
}
