// Login (POST /api/v1/auth/login).  On success: back to ?next= (same-site
// relative paths only) or to "La mia area"; an account with a one-time
// password goes to the change-password page first (and then there too).  Errors: the API's Italian message
// (401 wrong credentials, 429 with the waiting time).  Empty fields are
// marked under the field; wrong credentials at the top (they concern both
// fields) with the password marked and focused; other failures at the top,
// focused.
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { showError, showApiError, clearError } from '../lib/alert.js';
import { safeNext } from '../lib/session.js';
import { setFieldError, clearFieldErrors, markField, markFields } from '../lib/form.js';

const next = safeNext(new URLSearchParams(window.location.search).get('next')) ?? '/area.html';
const form = $('#form-accesso');
const email = $('#email');
const password = $('#password');
const status = $('#stato-accesso');

initSite().then((me) => {
  if (me && !me.must_change_password) {
    const p = $('#gia-connesso');
    p.textContent = `Hai già effettuato l'accesso come ${me.name} (${me.email}). Puoi accedere con un altro account qui sotto.`;
    p.hidden = false;
  }
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('accesso');
  clearFieldErrors(form);
  const body = { email: email.value.trim(), password: password.value };
  const errors = [];
  if (!body.email) errors.push({ input: email, message: "Inserisci l'email." });
  if (!body.password) errors.push({ input: password, message: 'Inserisci la password.' });
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  status.textContent = 'Accesso in corso…';
  try {
    const r = await apiSend('POST', '/auth/login', body);
    status.textContent = 'Accesso effettuato.';
    if (r.user && r.user.must_change_password) {
      window.location.assign(`/password.html?primo=1&next=${encodeURIComponent(next)}`);
    } else {
      window.location.assign(next);
    }
  } catch (err) {
    button.disabled = false;
    status.textContent = '';
    if (err.status === 401) {
      showError(err.message, 'accesso');
      setFieldError(password, err.message);
      password.value = '';
      password.focus();
    } else if (!markField(form, err.field, err.message, { focus: true })) {
      showApiError(err, 'accesso');
    }
  }
});
