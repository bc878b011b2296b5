// "Chiave di custode": a SUA officer enrols (or re-enrols) the key from
// which shares of the tenders' keys are sealed (PUT /sua/custodi/chiave).
// Only the public half is ever shown; the passphrase leaves this page once,
// in the request body, and the server derives the key and forgets it.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatUnix } from '../lib/format.js';

const form = $('#form-chiave');
const frase = $('#chiave-frase');
const conferma = $('#chiave-conferma');
const status = $('#stato-chiave');

function show(k) {
  status.textContent = k.registrata
    ? `Chiave registrata il ${formatUnix(k.registrata_at)} (impronta ${k.chiave_pubblica.slice(0, 16)}…). Puoi sostituirla con una nuova frase.`
    : 'Non hai ancora una chiave di custode: registrala prima di essere nominato custode di una gara.';
}

async function load() {
  try {
    show(await apiGet('/sua/custodi/chiave'));
  } catch (err) {
    showApiError(err, 'chiave', { retry: load });
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('chiave');
  clearFieldErrors(form);
  const p = frase.value;
  const errors = [];
  if ([...p].length < 12) errors.push({ input: frase, message: 'La frase segreta deve avere almeno 12 caratteri.' });
  else if (p !== conferma.value) errors.push({ input: conferma, message: 'Le due frasi non coincidono.' });
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = $('#registra-chiave');
  button.disabled = true;
  status.textContent = 'Calcolo della chiave in corso…';
  try {
    const k = await apiSend('PUT', '/sua/custodi/chiave', { passphrase: p });
    form.reset();
    show(k);
  } catch (err) {
    if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'chiave');
    await load();
  } finally {
    button.disabled = false;
  }
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'sua_officer', forbidden: 'Solo i funzionari SUA possono essere custodi della chiave delle gare.' })) return;
  $('#area-custode').hidden = false;
  load();
});
