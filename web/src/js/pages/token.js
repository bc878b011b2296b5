// "I miei token": list (GET /api/v1/auth/tokens), create (POST, the secret is
// shown once) and revoke (DELETE /auth/tokens/{id}, after a confirmation).
// The form's errors are marked on their fields (the API's error.field
// too); a failed load is shown at the top, focused, with "Riprova".
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatUnix, plural } from '../lib/format.js';
import { confirmDialog } from '../lib/dialog.js';
import { showSecret } from '../lib/secret.js';

const table = $('#tabella-token');
const status = $('#stato-token');
const elenco = $('#elenco-token');
const form = $('#form-token');
const nome = $('#token-nome');
const giorni = $('#token-giorni');

function stato(t) {
  const now = Date.now() / 1000;
  if (t.revoked !== null) return h('span', { class: 'badge bg-secondary' }, `Revocato il ${formatUnix(t.revoked)}`);
  if (t.expires !== null && t.expires <= now) return h('span', { class: 'badge bg-secondary' }, 'Scaduto');
  return h('span', { class: 'badge bg-success' }, 'Attivo');
}

function row(t) {
  const active = t.revoked === null && (t.expires === null || t.expires > Date.now() / 1000);
  let revoke = null;
  if (t.revoked === null) {
    revoke = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { revoca: String(t.id) } },
      'Revoca', h('span', { class: 'visually-hidden' }, ` il token ${t.name}`));
    revoke.addEventListener('click', () => revokeToken(t, revoke));
  }
  return h('tr', { dataset: { token: String(t.id) }, class: active ? null : 'text-secondary' },
    h('th', { scope: 'row' }, t.name),
    h('td', {}, h('span', { class: 'codice' }, `${t.prefix}…`)),
    h('td', {}, formatUnix(t.created)),
    h('td', {}, formatUnix(t.expires, 'mai')),
    h('td', {}, formatUnix(t.last_used, 'mai usato')),
    h('td', {}, stato(t)),
    h('td', {}, revoke));
}

async function load() {
  clearError('elenco-token');
  setLoading(elenco, true, { status, text: 'Caricamento…' });
  try {
    const r = await apiGet('/auth/tokens');
    setLoading(elenco, false, { status });
    const items = [...r.items].sort((a, b) => b.created - a.created || b.id - a.id);
    clear($('tbody', table)).append(...items.map(row));
    table.hidden = items.length === 0;
    const attivi = items.filter((t) => t.revoked === null && (t.expires === null || t.expires > Date.now() / 1000)).length;
    status.textContent = items.length === 0
      ? 'Non hai ancora creato token.'
      : `${items.length} ${plural(items.length, 'token', 'token')}, di cui ${attivi} ${plural(attivi, 'attivo', 'attivi')} (massimo 20 attivi).`;
  } catch (err) {
    setLoading(elenco, false, { status, text: 'Elenco dei token non disponibile.' });
    showApiError(err, 'elenco-token', { retry: load });
  }
}

async function revokeToken(t, button) {
  const ok = await confirmDialog({
    title: 'Revocare il token?',
    intro: `Il token «${t.name}» (${t.prefix}…) smetterà subito di funzionare: gli script che lo usano riceveranno un errore. L'operazione non si può annullare.`,
    submitLabel: 'Revoca il token',
    danger: true,
    onSubmit: () => apiSend('DELETE', `/auth/tokens/${encodeURIComponent(t.id)}`),
  });
  if (!ok) return;
  await load();
  status.textContent = `Token «${t.name}» revocato. ${status.textContent}`;
  // The row's button is gone: put the focus on the list's heading.
  if (!button.isConnected) $('#titolo-elenco-token').focus();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('token');
  clearFieldErrors(form);
  const body = { name: nome.value.trim() };
  const errors = [];
  if (!body.name) errors.push({ input: nome, message: 'Dai un nome al token.' });
  const d = giorni.value.trim();
  if (d) {
    if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 730) errors.push({ input: giorni, message: 'La validità va da 1 a 730 giorni.' });
    else body.expires_days = Number(d);
  }
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const r = await apiSend('POST', '/auth/tokens', body);
    form.reset();
    await load();
    showSecret($('#segreto-token'), {
      title: `Token «${r.name}» creato`,
      warning: `Copia il token adesso e conservalo in un luogo sicuro: non sarà più mostrato. ${r.expires ? `Scade il ${formatUnix(r.expires)}.` : 'Non scade: revocalo quando non serve più.'}`,
      label: 'Il tuo nuovo token',
      value: r.token,
    });
  } catch (err) {
    if (!markField(form, err.field, err.message, { focus: true })) showApiError(err, 'token');
  } finally {
    button.disabled = false;
  }
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'))) return;
  $('#area-token').hidden = false;
  load();
});
