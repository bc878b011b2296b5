// "Notifiche": the logged-in user's notifications, unread first or newest
// first, a page at a time (the API's keyset cursor), each one marked read
// with its button or all at once; the bell in the header follows.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { showApiError, clearError } from '../lib/alert.js';
import { h, $ } from '../lib/dom.js';
import { guardPage } from '../lib/session.js';
import { formatDataOra } from '../lib/numeri.js';
import { setBell } from '../lib/notifiche.js';

const PAGINA = 20;
let next = null;
let ordine = 'non_lette';

// Only links of this site or https addresses (the API accepts only those).
function safeLink(link) {
  return typeof link === 'string' && (/^\/(?![/\\])/.test(link) || /^https:\/\//.test(link)) ? link : null;
}

async function aggiornaConteggio() {
  try {
    const c = await apiGet('/notifiche/conteggio');
    setBell(c.non_lette);
    $('#stato-notifiche').textContent = c.totale === 0 ? 'Non hai notifiche.'
      : `${c.totale} ${c.totale === 1 ? 'notifica' : 'notifiche'}, ${c.non_lette} da leggere.`;
    $('#tutte-lette').disabled = c.non_lette === 0;
  } catch (e) {
    showApiError(e, 'conteggio');
  }
}

function voce(n) {
  const link = safeLink(n.link);
  const letta = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', dataset: { letta: String(n.id) } },
    'Segna come letta');
  const li = h('li', { class: `notifica card card-bg mb-3${n.letta ? ' notifica-letta' : ''}`, dataset: { notifica: String(n.id) } },
    h('div', { class: 'card-body' },
      h('div', { class: 'd-flex flex-column flex-md-row justify-content-between gap-1' },
        h('h2', { class: `h5 card-title mb-1${n.letta ? '' : ' fw-bold'}` },
          n.letta ? null : h('span', { class: 'badge bg-primary me-2' }, 'Nuova'), n.oggetto),
        h('span', { class: 'text-secondary small' }, formatDataOra(n.created * 1000))),
      h('p', { class: 'card-text notifica-testo mb-2' }, n.testo),
      h('div', { class: 'd-flex flex-wrap gap-2' },
        link ? h('a', { class: 'btn btn-sm btn-primary', href: link }, 'Apri') : null,
        n.letta ? null : letta)));
  letta.addEventListener('click', async () => {
    letta.disabled = true;
    try {
      await apiSend('POST', `/notifiche/${n.id}/letta`);
      clearError('letta');
      li.classList.add('notifica-letta');
      li.querySelector('.badge')?.remove();
      li.querySelector('h2').classList.remove('fw-bold');
      letta.remove();
      await aggiornaConteggio();
    } catch (e) {
      letta.disabled = false;
      showApiError(e, 'letta');
    }
  });
  return li;
}

async function carica(reset) {
  const elenco = $('#elenco-notifiche');
  const params = { ordine, limit: PAGINA };
  if (!reset && next) params.after = next;
  try {
    const r = await apiGet('/notifiche', params);
    clearError('elenco');
    if (reset) elenco.replaceChildren();
    elenco.append(...r.items.map(voce));
    next = r.next;
    $('#altre-notifiche').hidden = !next;
  } catch (e) {
    showApiError(e, 'elenco', { retry: () => carica(reset) });
  }
}

initSite().then(async (me) => {
  if (!guardPage(me, $('#accesso-richiesto'))) return;
  $('#area-notifiche').hidden = false;
  $('#ordine-notifiche').addEventListener('change', (ev) => {
    ordine = ev.target.value;
    next = null;
    carica(true);
  });
  $('#altre-notifiche').addEventListener('click', () => carica(false));
  $('#tutte-lette').addEventListener('click', async () => {
    const b = $('#tutte-lette');
    b.disabled = true;
    try {
      await apiSend('POST', '/notifiche/lette');
      clearError('tutte');
      next = null;
      await carica(true);
    } catch (e) {
      showApiError(e, 'tutte');
    }
    await aggiornaConteggio();
  });
  await Promise.all([aggiornaConteggio(), carica(true)]);
});
