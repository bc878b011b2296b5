// "Importa dati ISTAT" (admin, upi): uploads the list of Comuni to
// POST /api/v1/import/istat, which queues a background job, and follows the
// job (lib/job.js) with a progress bar until its result or error.  A
// refused file is marked on the file field; other failures at the top,
// focused.
import { initSite } from '../lib/site.js';
import { isAbort } from '../lib/api.js';
import { $, h } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage, hasRole } from '../lib/session.js';
import { clearFieldErrors, markField } from '../lib/form.js';
import { formatNumber } from '../lib/format.js';
import { uploadFile, followJob, createJobProgress } from '../lib/job.js';

const form = $('#form-import');
const input = $('#file-istat');
const button = $('#invia-import');

const RISULTATO = [
  ['comuni', 'Comuni nel file'],
  ['added', 'Aggiunti'],
  ['updated', 'Aggiornati'],
  ['unchanged', 'Invariati'],
  ['deactivated', 'Disattivati'],
  ['uts', 'Unità territoriali nel file'],
  ['uts_deactivated', 'Unità territoriali disattivate'],
];

function showResult(result) {
  const dl = $('#esito-dati');
  dl.replaceChildren(...RISULTATO.flatMap(([k, label]) => [
    h('dt', { class: 'col-sm-5' }, label),
    h('dd', { class: 'col-sm-7', dataset: { esito: k } }, formatNumber(result[k])),
  ]), h('dt', { class: 'col-sm-5' }, 'Formato'),
  h('dd', { class: 'col-sm-7' }, `${result.layout === 'situas' ? 'SITUAS' : 'classico'}, ${result.converted ? 'Windows-1252' : 'UTF-8'}`));
  $('#esito-import').hidden = false;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('import');
  clearFieldErrors(form);
  const file = input.files[0];
  if (!file) {
    markField(form, input.name, 'Scegli il file da importare.', { focus: true });
    return;
  }
  button.disabled = true;
  $('#esito-import').hidden = true;
  const section = $('#sezione-avanzamento');
  const progress = createJobProgress($('#avanzamento'), { label: 'Avanzamento dell\'importazione ISTAT' });
  try {
    const queued = await uploadFile('/import/istat', file);
    section.hidden = false;
    $('#titolo-avanzamento').focus();
    const job = await followJob(queued.id, (j) => progress.update(j));
    if (job.state === 'done') showResult(job.result);
  } catch (err) {
    if (!isAbort(err)) {
      const field = err.field === 'file' ? input.name : err.field;
      if (!markField(form, field, err.message, { focus: true })) showApiError(err, 'import');
    }
  } finally {
    button.disabled = false;
  }
});

const FORBIDDEN = 'L\'importazione dei dati ISTAT è riservata agli amministratori e al coordinamento UPI.';

initSite().then((me) => {
  // registry_import: admin and upi (docs/access-policy.md).
  const allowed = hasRole(me, 'admin') || hasRole(me, 'upi');
  if (!guardPage(me, $('#accesso-richiesto'), { role: allowed ? null : 'admin', forbidden: FORBIDDEN })) return;
  $('#area-import').hidden = false;
});
