// Profile and password change (POST /api/v1/auth/password).  The checks here
// mirror the policy (≥ 12 characters, not the email, confirmation equal) to
// help the user; the server decides.  A successful change ends every session
// and sets a new one (new CSRF cookie) and revokes the user's API tokens
// (the answer says how many, and so does the page); with ?next= the user
// goes back there.  Wrong fields (ours and the API's error.field) are
// marked under the field, the focus on the first; other failures at the
// top, focused.
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { $, h } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage, safeNext } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { ruoloLabel } from '../lib/format.js';
import { resolveEnti, enteName } from '../lib/enti.js';

const params = new URLSearchParams(window.location.search);
const next = safeNext(params.get('next'));
const form = $('#form-password');
const attuale = $('#password-attuale');
const nuova = $('#password-nuova');
const conferma = $('#password-conferma');
const status = $('#stato-password');
let me = null;

async function fillProfile() {
  await resolveEnti((me.roles ?? []).map((r) => r.ente));
  $('#profilo-nome').textContent = me.name;
  $('#profilo-email').textContent = me.email;
  $('#utente-email').value = me.email;
  const roles = me.roles ?? [];
  $('#profilo-ruoli').replaceChildren(...(roles.length
    ? roles.map((r) => h('li', {}, `${ruoloLabel(r.role)} — ${enteName(r.ente)}`))
    : [h('li', {}, 'Nessun ruolo assegnato')]));
  $('#avviso-primo-accesso').hidden = !me.must_change_password;
}

initSite().then((u) => {
  me = u;
  if (!guardPage(me, $('#accesso-richiesto'))) return;
  fillProfile().then(() => { $('#profilo').hidden = false; });
});

// What the change did to the user's API tokens, as a sentence (or nothing).
function tokensRevokedText(n) {
  if (!n) return '';
  return n === 1
    ? ' Anche il tuo token API è stato revocato: se ti serve, creane uno nuovo.'
    : ` Anche i tuoi ${n} token API sono stati revocati: se ti servono, creane di nuovi.`;
}

// Client-side checks: [{input, message}], empty when all is well.
function check() {
  const errors = [];
  const err = (input, message) => errors.push({ input, message });
  if (!attuale.value) err(attuale, 'Inserisci la password attuale.');
  const n = nuova.value;
  if ([...n].length < 12) err(nuova, 'La nuova password deve avere almeno 12 caratteri.');
  else if (me && n.toLowerCase() === me.email.toLowerCase()) err(nuova, "La nuova password non può essere uguale all'indirizzo email.");
  else if (n === attuale.value) err(nuova, 'La nuova password deve essere diversa da quella attuale.');
  if (conferma.value !== n) err(conferma, 'Le due password non coincidono.');
  return errors;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('password');
  clearFieldErrors(form);
  status.textContent = '';
  const errors = check();
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  status.textContent = 'Cambio della password in corso…';
  try {
    const r = await apiSend('POST', '/auth/password', { current_password: attuale.value, new_password: nuova.value });
    form.reset();
    const forced = me.must_change_password;
    me.must_change_password = false;
    $('#avviso-primo-accesso').hidden = true;
    status.textContent = `Password cambiata. Le altre sessioni aperte con questo account sono state chiuse.${tokensRevokedText(r.tokens_revoked)}`;
    button.disabled = false;
    if (next || forced) {
      status.textContent += ' Ti riportiamo alla pagina di prima…';
      window.setTimeout(() => window.location.assign(next ?? '/'), 1200);
    }
  } catch (err) {
    button.disabled = false;
    status.textContent = '';
    const field = err.field === 'password' ? 'new_password' : err.field;
    if (!markField(form, field, err.message, { focus: true })) showApiError(err, 'password');
  }
});
