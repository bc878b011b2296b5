// Login (POST /api/v1/auth/login).  On success: back to ?next= (same-site
// relative paths only) or to "La mia area"; an account with a one-time
// password goes to the change-password page first (and then there too).  Errors: the API's Italian message
// (401 wrong credentials, 429 with the waiting time).
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { showError, clearError } from '../lib/alert.js';
import { safeNext } from '../lib/session.js';
import { setFieldError, clearFieldErrors } from '../lib/form.js';

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
  let bad = null;
  if (!body.password) {
    setFieldError(password, 'Inserisci la password.');
    bad = password;
  }
  if (!body.email) {
    setFieldError(email, "Inserisci l'email.");
    bad = email;
  }
  if (bad) {
    showError('Compila i campi indicati.', 'accesso');
    bad.focus();
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
    showError(err.message, 'accesso');
    if (err.status === 401) {
      setFieldError(password, err.message);
      password.value = '';
      password.focus();
    } else if (err.field === 'email') {
      setFieldError(email, err.message);
      email.focus();
    }
  }
});
