// Gare (SUA officer): the tenders of the officer's Provinces
// (GET /api/v1/sua/gare), filtered by state, newest first, a page at a time
// ("Mostra altre gare" follows the list's `next` cursor).  Each row links to
// the editor (gara.html?id=N).  Other roles get the 403 message, no request.
import { initSite } from '../lib/site.js';
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { formatEuroCents, formatDataOra } from '../lib/numeri.js';
import { statoGara } from '../lib/gare.js';

const table = $('#tabella-gare');
const status = $('#stato-gare');
const more = $('#altre-gare');
const select = $('#stato');
const query = new URLSearchParams(window.location.search);
let next = null;
let shown = 0;

function row(g) {
  const attesa = g.chiarimenti_in_attesa;
  return h('tr', { dataset: { gara: String(g.id) } },
    h('th', { scope: 'row' }, h('a', { href: `/gara.html?id=${g.id}` }, g.oggetto)),
    h('td', {}, statoGara(g.stato)),
    h('td', {}, String(g.lotti)),
    h('td', { class: 'text-end text-nowrap' }, formatEuroCents(g.importo_totale_cents)),
    h('td', { class: 'text-nowrap' }, g.termine_offerte ? formatDataOra(g.termine_offerte) : '—'),
    h('td', {}, attesa ? h('a', { href: `/gara.html?id=${g.id}#titolo-chiarimenti` }, `${attesa} da evadere`) : '—'));
}

async function load(append = false) {
  clearError('gare');
  const body = $('tbody', table);
  if (!append) {
    clear(body);
    shown = 0;
    next = null;
  }
  status.textContent = 'Caricamento delle gare…';
  try {
    const r = await apiGet('/sua/gare', { stato: select.value, limit: 50, after: append ? next : '' });
    body.append(...r.items.map(row));
    shown += r.items.length;
    next = r.next;
    table.hidden = shown === 0;
    more.hidden = !next;
    status.textContent = shown === 0
      ? 'Nessuna gara con questi criteri.'
      : `${shown} ${shown === 1 ? 'gara mostrata' : 'gare mostrate'} su ${r.total}.`;
  } catch (err) {
    status.textContent = '';
    showApiError(err, 'gare', { retry: () => load(append) });
  }
}

select.addEventListener('change', () => {
  const sp = new URLSearchParams();
  if (select.value) sp.set('stato', select.value);
  window.history.replaceState(null, '', `/gare.html${sp.toString() ? `?${sp}` : ''}`);
  load();
});
more.addEventListener('click', () => load(true));

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'sua_officer',
    forbidden: 'Le gare si gestiscono con il ruolo «Funzionario SUA» della Provincia.',
  })) return;
  const st = query.get('stato');
  if (st && [...select.options].some((o) => o.value === st)) select.value = st;
  $('#area-gare').hidden = false;
  load();
});
