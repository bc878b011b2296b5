// Users (admin only): paginated list with roles (GET /api/v1/users), create
// with a one-time password shown once (POST /users), activate / deactivate
// (PATCH /users/{id}), grant and revoke roles (POST /users/{id}/roles,
// DELETE /users/{id}/roles/{role}/{ente}), reset password (POST
// /users/{id}/password-reset), set or remove the codice fiscale that binds
// SPID/CIE logins (PATCH /users/{id} {codice_fiscale}; "" removes it;
// docs/identity.md "Codice fiscale").  The list holds only the accounts this admin
// manages (docs/identity.md, "Administrators' scope").  A reset or a
// deactivation also revokes the account's API tokens: the page says how
// many.  Non-admins get a 403 message, no request.  The form's errors (its
// own checks and the API's error.field) are marked on their fields; a
// failed load is shown at the top, focused, with "Riprova".
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { ruoloLabel, formatTotale, plural } from '../lib/format.js';
import { resolveEnti, enteName } from '../lib/enti.js';
import { openDialog, confirmDialog } from '../lib/dialog.js';
import { showSecret } from '../lib/secret.js';
import { renderPager, bindPager } from '../lib/pager.js';
import {
  fillRoleSelect, linkRoleToEnte, enteProblem, enteAutocomplete, normalizeEnte,
} from '../lib/ruoli.js';

const PAGE_SIZE = 20;
const table = $('#tabella-utenti');
const status = $('#stato-utenti');
const elenco = $('#elenco-utenti');
const pager = $('#paginazione-utenti');
let me = null;
let lastTotal = 0;
const query = new URLSearchParams(window.location.search);
let pagina = Math.max(1, Number.parseInt(query.get('pagina') ?? '1', 10) || 1);
// The order (GET /users?ordina=): creation order by default, or by name.
let ordina = ['nome', '-nome'].includes(query.get('ordina')) ? query.get('ordina') : 'id';

const hrefFor = (p) => {
  const sp = new URLSearchParams();
  if (ordina !== 'id') sp.set('ordina', ordina);
  if (p > 1) sp.set('pagina', String(p));
  return `/utenti.html${sp.toString() ? `?${sp}` : ''}`;
};

function showOrder() {
  const th = $('th[data-ordina="nome"]', table);
  const dir = { nome: 'ascending', '-nome': 'descending' }[ordina];
  if (dir) th.setAttribute('aria-sort', dir);
  else th.removeAttribute('aria-sort');
  $('.freccia', th).textContent = dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : '';
}

function actionButton(label, hidden, data, cls = 'btn-outline-primary') {
  return h('button', { type: 'button', class: `btn ${cls} btn-sm`, dataset: data },
    label, h('span', { class: 'visually-hidden' }, hidden));
}

function row(u) {
  const who = `${u.name} (${u.email})`;
  const roles = u.roles.length
    ? h('ul', { class: 'ruoli-utente' }, u.roles.map((r) => {
      const b = actionButton('Revoca', ` il ruolo ${ruoloLabel(r.role)} su ${enteName(r.ente)} a ${u.name}`,
        { azione: 'revoca' }, 'btn-outline-danger btn-xs');
      b.addEventListener('click', () => revokeRole(u, r));
      return h('li', { dataset: { ruolo: r.role, ente: r.ente } },
        h('span', {}, ruoloLabel(r.role), ' — ', h('span', { class: 'ente-nome', title: r.ente }, enteName(r.ente))), b);
    }))
    : h('span', { class: 'text-secondary' }, 'Nessun ruolo');
  const grant = actionButton('Assegna ruolo', ` a ${who}`, { azione: 'assegna' });
  grant.addEventListener('click', () => grantRole(u));
  const toggle = u.active
    ? actionButton('Disattiva', ` ${who}`, { azione: 'disattiva' }, 'btn-outline-danger')
    : actionButton('Riattiva', ` ${who}`, { azione: 'riattiva' });
  toggle.addEventListener('click', () => setActive(u, !u.active));
  const reset = actionButton('Reimposta password', ` di ${who}`, { azione: 'reimposta' });
  reset.addEventListener('click', () => resetPassword(u));
  const cf = actionButton('Codice fiscale', ` di ${who}`, { azione: 'codice-fiscale' });
  cf.addEventListener('click', () => editCodiceFiscale(u));
  return h('tr', { dataset: { utente: String(u.id) }, class: u.active ? null : 'text-secondary' },
    h('th', { scope: 'row' }, u.name, h('br'), h('span', { class: 'small fw-normal' }, u.email),
      u.id === me.id ? h('span', { class: 'badge bg-primary ms-2' }, 'tu') : null,
      u.codice_fiscale
        ? [h('br'), h('span', { class: 'small fw-normal codice', dataset: { campo: 'codice-fiscale' } },
          h('abbr', { title: 'Codice fiscale' }, 'CF'), ' ', u.codice_fiscale)]
        : null),
    h('td', {},
      u.active ? h('span', { class: 'badge bg-success' }, 'Attivo') : h('span', { class: 'badge bg-secondary' }, 'Disattivato'),
      u.must_change_password ? [h('br'), h('span', { class: 'badge bg-warning mt-1' }, 'Password da cambiare')] : null),
    h('td', {}, roles),
    h('td', {}, h('div', { class: 'azioni-utente' }, grant, toggle, reset, cf)));
}

async function load(focusSel = null) {
  clearError('utenti');
  setLoading(elenco, true, { status, text: 'Caricamento…' });
  try {
    showOrder();
    const data = await apiGet('/users', {
      limit: PAGE_SIZE, offset: (pagina - 1) * PAGE_SIZE, ordina: ordina === 'id' ? '' : ordina,
    });
    await resolveEnti(data.items.flatMap((u) => u.roles.map((r) => r.ente)));
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    lastTotal = data.total;
    if (data.items.length === 0 && data.total > 0 && pagina > pages) {
      pagina = pages;
      return load(focusSel);
    }
    clear($('tbody', table)).append(...data.items.map(row));
    table.hidden = data.items.length === 0;
    setLoading(elenco, false, { status });
    const first = (pagina - 1) * PAGE_SIZE + 1;
    status.textContent = data.total === 0
      ? 'Nessun utente.'
      : `${formatTotale(data)} ${plural(data.total, 'utente', 'utenti')}`
        + ({ nome: ' per nome, dalla A alla Z', '-nome': ' per nome, dalla Z alla A' }[ordina] ?? '')
        + (pages > 1 ? `: dal ${first} al ${first + data.items.length - 1}, pagina ${pagina} di ${pages}.` : '.');
    renderPager(pager, { pagina, pages, hrefFor });
    window.history.replaceState(null, '', hrefFor(pagina));
    if (focusSel) ($(focusSel) ?? $('#titolo-elenco-utenti')).focus();
  } catch (err) {
    setLoading(elenco, false, { status, text: "L'elenco degli utenti non è disponibile." });
    showApiError(err, 'utenti', { retry: () => load(focusSel) });
  }
}

function announce(text) {
  status.textContent = `${text} ${status.textContent}`;
}

// The API tokens a reset or a deactivation revoked (tokens_revoked), as a sentence.
function tokensRevokedText(n) {
  if (!n) return 'Non aveva token API attivi.';
  return n === 1 ? 'Anche il suo token API è stato revocato.' : `Anche i suoi ${n} token API sono stati revocati.`;
}

// --- actions ---

async function grantRole(u) {
  const select = h('select', { id: 'assegna-ruolo', name: 'role', class: 'form-select', required: true },
    h('option', { value: '' }, 'Scegli un ruolo'));
  fillRoleSelect(select);
  const ente = h('input', {
    id: 'assegna-ente', name: 'ente', type: 'text', class: 'form-control', required: true, maxlength: '128',
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'assegna-ente-aiuto',
  });
  linkRoleToEnte(select, ente, me);
  const enteCampo = enteAutocomplete(select, ente);
  const done = await openDialog({
    title: `Assegna un ruolo a ${u.name}`,
    intro: `L'utente ${u.email} potrà agire con questo ruolo per l'ente indicato.`,
    content: [
      h('div', { class: 'mb-3' }, h('label', { for: 'assegna-ruolo', class: 'form-label' }, 'Ruolo'), select),
      h('div', { class: 'mb-3' }, h('label', { for: 'assegna-ente', class: 'form-label' }, 'Ente'), enteCampo,
        h('small', { id: 'assegna-ente-aiuto', class: 'form-text d-block' },
          'Scrivi il nome del Comune o della Provincia e scegli tra i suggerimenti (frecce su e giù, Invio); per un operatore economico la partita IVA. Si accetta anche il codice: provincia:024, comune:024116, operatore:PARTITAIVA, upi.')),
    ],
    submitLabel: 'Assegna ruolo',
    onSubmit: async () => {
      if (!select.value) throw Object.assign(new Error('Scegli un ruolo.'), { field: 'role' });
      const code = normalizeEnte(select.value, ente.value);
      const problem = enteProblem(select.value, code);
      if (problem) throw Object.assign(new Error(problem), { field: 'ente' });
      await apiSend('POST', `/users/${u.id}/roles`, { role: select.value, ente: code });
      return { role: select.value, ente: code };
    },
  });
  if (!done) return;
  await load(`tr[data-utente="${u.id}"] [data-azione="assegna"]`);
  announce(`Ruolo ${ruoloLabel(done.role)} su ${enteName(done.ente)} assegnato a ${u.name}.`);
}

async function revokeRole(u, r) {
  const last = u.roles.length === 1
    ? ' È il suo ultimo ruolo: senza ruoli, l\'account resta gestibile solo dalla Provincia che lo ha creato e può sparire da questo elenco.'
    : '';
  const ok = await confirmDialog({
    title: 'Revocare il ruolo?',
    intro: `${u.name} (${u.email}) non avrà più il ruolo ${ruoloLabel(r.role)} su ${enteName(r.ente)}. Anche i suoi token smettono subito di avere quel ruolo.${last}`,
    submitLabel: 'Revoca il ruolo',
    danger: true,
    onSubmit: () => apiSend('DELETE', `/users/${u.id}/roles/${encodeURIComponent(r.role)}/${encodeURIComponent(r.ente)}`),
  });
  if (!ok) return;
  await load(`tr[data-utente="${u.id}"] [data-azione="assegna"]`);
  announce(`Ruolo ${ruoloLabel(r.role)} su ${enteName(r.ente)} revocato a ${u.name}.`);
}

async function setActive(u, active) {
  const done = active
    ? await openDialog({
      title: 'Riattivare l\'account?',
      intro: `${u.name} (${u.email}) potrà di nuovo accedere con la sua password. I token API revocati alla disattivazione restano revocati.`,
      submitLabel: 'Riattiva',
      onSubmit: () => apiSend('PATCH', `/users/${u.id}`, { active: true }),
    })
    : await openDialog({
      title: 'Disattivare l\'account?',
      intro: `${u.name} (${u.email}) non potrà più accedere: le sue sessioni aperte vengono chiuse e i suoi token API revocati. L'account resta nel registro e si può riattivare.`,
      submitLabel: 'Disattiva',
      danger: true,
      onSubmit: () => apiSend('PATCH', `/users/${u.id}`, { active: false }),
    });
  if (!done) return;
  await load(`tr[data-utente="${u.id}"] [data-azione="${active ? 'disattiva' : 'riattiva'}"]`);
  announce(active
    ? `Account di ${u.name} riattivato.`
    : `Account di ${u.name} disattivato. ${tokensRevokedText(done.tokens_revoked)}`);
}

async function resetPassword(u) {
  const r = await openDialog({
    title: 'Reimpostare la password?',
    intro: `${u.name} (${u.email}) riceverà una nuova password monouso, da cambiare al primo accesso; la password attuale smette di funzionare, le sue sessioni vengono chiuse e i suoi token API revocati.`,
    submitLabel: 'Reimposta password',
    danger: true,
    onSubmit: () => apiSend('POST', `/users/${u.id}/password-reset`),
  });
  if (!r) return;
  await load();
  showSecret($('#segreto-utente'), {
    title: `Nuova password monouso di ${u.name}`,
    warning: `Comunicala all'interessato per un canale sicuro: non sarà più mostrata. Al primo accesso dovrà cambiarla. ${tokensRevokedText(r.tokens_revoked)}`,
    label: `Password monouso di ${u.email}`,
    value: r.one_time_password,
  });
}

// The codice fiscale: set, changed, or removed (empty field).  The server
// checks it (check character, omocodia) and that no other account holds it;
// its error is marked on the field.
async function editCodiceFiscale(u) {
  const input = h('input', {
    id: 'modifica-cf', name: 'codice_fiscale', type: 'text', class: 'form-control text-uppercase',
    maxlength: '16', autocomplete: 'off', spellcheck: 'false', value: u.codice_fiscale ?? '',
    'aria-describedby': 'modifica-cf-aiuto',
  });
  const done = await openDialog({
    title: `Codice fiscale di ${u.name}`,
    intro: `Con SPID o CIE si entra nell'account ${u.email} solo se il codice fiscale dell'identità digitale è questo.`,
    content: [
      h('div', { class: 'mb-3' }, h('label', { for: 'modifica-cf', class: 'form-label' }, 'Codice fiscale'), input,
        h('small', { id: 'modifica-cf-aiuto', class: 'form-text d-block' },
          '16 caratteri; lascia vuoto per toglierlo (l\'utente non potrà più entrare con SPID o CIE).')),
    ],
    submitLabel: 'Salva',
    onSubmit: () => apiSend('PATCH', `/users/${u.id}`, { codice_fiscale: input.value.trim().toUpperCase() }),
  });
  if (!done) return;
  await load(`tr[data-utente="${u.id}"] [data-azione="codice-fiscale"]`);
  announce(done.codice_fiscale
    ? `Codice fiscale di ${u.name} impostato.`
    : `Codice fiscale di ${u.name} tolto.`);
}

// --- create ---

const form = $('#form-utente');
const fEmail = $('#nuovo-email');
const fNome = $('#nuovo-nome');
const fRuolo = $('#nuovo-ruolo');
const fEnte = $('#nuovo-ente');
const fCf = $('#nuovo-cf');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('nuovo-utente');
  clearFieldErrors(form);
  const body = { email: fEmail.value.trim(), name: fNome.value.trim() };
  const cfValue = fCf.value.trim().toUpperCase();
  if (cfValue) body.codice_fiscale = cfValue;
  const errors = [];
  if (!/^[^\s@]+@[^\s@]+$/.test(body.email)) errors.push({ input: fEmail, message: 'Inserisci un indirizzo email valido.' });
  if (!body.name) errors.push({ input: fNome, message: 'Inserisci nome e cognome.' });
  if (fRuolo.value) {
    const code = normalizeEnte(fRuolo.value, fEnte.value);
    const problem = enteProblem(fRuolo.value, code);
    if (problem) errors.push({ input: fEnte, message: problem });
    else body.roles = [{ role: fRuolo.value, ente: code }];
  }
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const u = await apiSend('POST', '/users', body);
    form.reset();
    fEnte.placeholder = '';
    fEnte.dispatchEvent(new Event('input'));
    // Back to creation order, on its last page: the new account is there.
    ordina = 'id';
    pagina = Math.max(1, Math.ceil((lastTotal + 1) / PAGE_SIZE));
    await load();
    showSecret($('#segreto-utente'), {
      title: `Utente ${u.name} creato`,
      warning: 'Questa è la password monouso dell\'account: comunicala all\'interessato per un canale sicuro, non sarà più mostrata. Al primo accesso dovrà cambiarla.',
      label: `Password monouso di ${u.email}`,
      value: u.one_time_password,
    });
  } catch (err) {
    // The form adds one role: roles[0].role / roles[0].ente name its inputs
    // (data-campo="roles[].role", "roles[].ente"); "roles" is the role's.
    const field = err.field === 'roles' ? 'roles[].role' : err.field;
    if (!markField(form, field, err.message, { focus: true })) showApiError(err, 'nuovo-utente');
  } finally {
    button.disabled = false;
  }
});

// "Utente": by name, A to Z first, then Z to A.
$('th[data-ordina="nome"] button', table).addEventListener('click', async () => {
  ordina = ordina === 'nome' ? '-nome' : 'nome';
  pagina = 1;
  await load();
});

bindPager(pager, async (p) => {
  pagina = p;
  await load();
});

initSite().then((u) => {
  me = u;
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'admin',
    forbidden: 'La gestione degli utenti è riservata agli amministratori della Provincia (ruolo «Amministratore»). Se ti serve un account o un ruolo, rivolgiti a loro.',
  })) return;
  fillRoleSelect(fRuolo);
  linkRoleToEnte(fRuolo, fEnte, me);
  enteAutocomplete(fRuolo, fEnte);
  fEnte.value = '';
  $('#area-utenti').hidden = false;
  load();
});
