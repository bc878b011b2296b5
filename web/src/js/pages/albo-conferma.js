// "Conferma la registrazione all'albo" (anyone): the code of the e-mail
// (POST /sua/albo/registrazioni/conferma), also taken from ?token= so a
// link can fill it.  A wrong, used or expired code is marked on the field.
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { clearFieldErrors, markField } from '../lib/form.js';

const form = $('#form-conferma');
const token = $('#token');
const preset = new URLSearchParams(window.location.search).get('token');
if (preset) token.value = preset;

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(form);
  clearError('conferma');
  const t = token.value.trim();
  if (!t) { markField(form, 'token', 'Inserisci il codice ricevuto per e-mail.', { focus: true }); return; }
  try {
    const r = await apiSend('POST', '/sua/albo/registrazioni/conferma', { token: t });
    $('#esito-testo').textContent = r.messaggio;
    $('#esito-conferma').hidden = false;
    form.hidden = true;
    $('#esito-conferma').focus();
  } catch (err) {
    if (!err.field || !markField(form, err.field, err.message, { focus: true })) showApiError(err, 'conferma');
  }
});

initSite();
