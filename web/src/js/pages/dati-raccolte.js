// "Le mie raccolte dati" (a Comune's user): the campaigns addressed to the
// Comune (GET /dati/comuni/{codice}/campagne) with deadline, the campaign's
// state and the Comune's (waiting, with errors, valid); each links to its
// answer page.
import { initSite } from '../lib/site.js';
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, showError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { formatData } from '../lib/numeri.js';
import { plural } from '../lib/format.js';
import { comuneOf, statoBadge } from '../lib/dati.js';

async function carica(comune) {
  const status = $('#stato-raccolte');
  const table = $('#tabella-raccolte');
  setLoading(table, true, { status, text: 'Caricamento delle raccolte…' });
  try {
    const r = await apiGet(`/dati/comuni/${comune}/campagne`, { limit: 200 });
    const oggi = Date.now() / 1000;
    clear(table.tBodies[0]).append(...r.items.map((c) => h('tr', { dataset: { campagna: String(c.id), stato: c.stato_comune } },
      h('td', {}, h('a', { href: `/dati-raccolta.html?id=${c.id}` }, c.titolo),
        c.stato === 'chiusa' ? [' ', statoBadge('chiusa')] : null),
      h('td', {}, formatData(c.scadenza),
        c.stato === 'aperta' && c.stato_comune !== 'valida' && c.scadenza_at < oggi ? [' ', h('span', { class: 'badge bg-warning text-dark' }, 'Scaduta')] : null),
      h('td', {}, statoBadge(c.stato_comune)))));
    table.hidden = !r.items.length;
    setLoading(table, false, { status, text: r.items.length
      ? `${r.items.length} ${plural(r.items.length, 'raccolta', 'raccolte')}.`
      : 'Nessuna raccolta dati rivolta al Comune.' });
  } catch (err) {
    setLoading(table, false, { status, text: 'Elenco non disponibile.' });
    showApiError(err, 'elenco', { retry: () => carica(comune) });
  }
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'comune', forbidden: 'Questa pagina è per gli utenti dei Comuni: le raccolte dati sono rivolte ai Comuni.',
  })) return;
  const comune = comuneOf(me);
  if (!comune) {
    showError('Il ruolo di utente comunale non è assegnato a un Comune.');
    return;
  }
  $('#area-raccolte').hidden = false;
  carica(comune);
});
