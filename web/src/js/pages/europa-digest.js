// "Riepilogo settimanale": an archived digest (?comune=&id=, the link of
// the notification) or the preview of a Comune's digest at a date (the
// Comune; the EU desk of its Province for any of its Comuni).  The HTML is
// the server's, shown in a sandboxed frame (no scripts, no same origin).
import { initSite } from '../lib/site.js';
import { apiUrl } from '../lib/api.js';
import { $ } from '../lib/dom.js';
import { guardPage, hasRole } from '../lib/session.js';
import { clearFieldErrors, markField } from '../lib/form.js';

async function show(path, params) {
  const status = $('#stato-digest');
  status.textContent = 'Caricamento…';
  const r = await fetch(apiUrl(path, params), { credentials: 'same-origin' });
  if (!r.ok) {
    let msg = `Errore ${r.status}.`;
    try { const e = (await r.json()).error; msg = e.message; if (e.field === 'data') markField($('#form-digest'), 'data', e.message, { focus: true }); } catch { /* not JSON */ }
    status.textContent = msg;
    $('#cornice-digest').srcdoc = '';
    return;
  }
  $('#cornice-digest').srcdoc = await r.text();
  status.textContent = 'Riepilogo caricato.';
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: hasRole(me, 'sape_officer') ? 'sape_officer' : 'comune', forbidden: 'Questa pagina è per i referenti dei Comuni e per l\'ufficio europeo della Provincia.' })) return;
  const q = new URLSearchParams(location.search);
  const mine = me.roles.filter((r) => r.role === 'comune').map((r) => r.ente.replace('comune:', ''));
  $('#dig-comune').value = q.get('comune') || mine[0] || '';
  $('#area-digest').hidden = false;
  const form = $('#form-digest');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const codice = $('#dig-comune').value.trim();
    if (!/^\d{6}$/.test(codice)) { markField(form, 'codice', 'Il codice ISTAT ha 6 cifre.', { focus: true }); return; }
    const data = $('#dig-data').value.trim();
    show(`/comuni/${codice}/digest`, data ? { data } : {});
  });
  const codice = $('#dig-comune').value;
  if (q.get('id') && /^\d{6}$/.test(codice)) show(`/comuni/${codice}/digests/${encodeURIComponent(q.get('id'))}`, {});
  else if (/^\d{6}$/.test(codice)) show(`/comuni/${codice}/digest`, {});
});
