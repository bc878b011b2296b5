// Login (POST /api/v1/auth/login).  On success: back to ?next= (same-site
// relative paths only) or to "La mia area"; an account with a one-time
// password goes to the change-password page first (and then there too).  Errors: the API's Italian message
// (401 wrong credentials, 429 with the waiting time).  Empty fields are
// marked under the field; wrong credentials at the top (they concern both
// fields) with the password marked and focused; other failures at the top,
// focused.
import { initSite } from '../lib/site.js';
import { apiSend, apiGet } from '../lib/api.js';
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

// SPID and CIE (docs/spid-cie.md): the identity providers the server
// trusts (GET /api/v1/auth/saml/idp, 404 when not configured); each link
// starts the login at /api/v1/auth/saml/login, which comes back to `next`.
// The SPID button opens the list of providers, as in AgID's
// "spid-sp-access-button" (a button, then a list of links, one per IdP).
function loginUrl(idp) {
  const q = new URLSearchParams({ idp, next });
  return `/api/v1/auth/saml/login?${q.toString()}`;
}

async function initSpidCie() {
  let list;
  try {
    list = await apiGet('/auth/saml/idp');
  } catch {
    return; // not configured: only email and password
  }
  const spid = list.items.filter((i) => i.tipo === 'spid');
  const cie = list.items.find((i) => i.tipo === 'cie');
  if (!spid.length && !cie) return;
  $('#accesso-spid-cie').hidden = false;
  if (spid.length) {
    const ul = $('#spid-idp-list');
    for (const idp of spid) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'spid-idp-link d-block py-2 px-2';
      a.href = loginUrl(idp.entity_id);
      a.textContent = idp.nome;
      a.dataset.idp = idp.entity_id;
      li.append(a);
      ul.append(li);
    }
    const button = $('#spid-idp-button');
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!open));
      ul.hidden = open;
      if (!open) ul.querySelector('a')?.focus();
    });
    $('#spid-blocco').hidden = false;
  }
  if (cie) {
    $('#cie-button').href = loginUrl(cie.entity_id);
    $('#cie-blocco').hidden = false;
  }
}
initSpidCie();

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
