// "Bandi europei per il mio Comune" (role comune): GET /comuni/{codice}/
// bandi for the Comune of the user's grant (or ?comune= among them): the
// open calls it may apply to, by deadline, each with its esito and the
// reasons (requisiti met, conditions to verify).
import { initSite } from '../lib/site.js';
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { formatNumber, formatDate, formatUnix, plural } from '../lib/format.js';

const ESITO = {
  ammissibile: ['Ammissibile', 'bg-success'],
  da_verificare: ['Da verificare', 'bg-warning text-dark'],
};

function card(b) {
  return h('article', { class: 'card card-bg mb-3', dataset: { bando: b.bando_id } },
    h('div', { class: 'card-body' },
      h('h2', { class: 'h5 card-title' }, b.titolo),
      h('p', { class: 'mb-2' },
        h('span', { class: `badge ${ESITO[b.esito][1]} me-2` }, ESITO[b.esito][0]),
        b.prossima_scadenza === null ? 'Scadenza non indicata' : `Prossima scadenza: ${formatUnix(b.prossima_scadenza)}`),
      h('ul', { class: 'list-unstyled small mb-0' },
        b.motivi.map((m) => h('li', {}, `✓ ${m.testo}`)),
        b.da_verificare.map((m) => h('li', {}, `? ${m.testo}`)))));
}

async function load(codice) {
  const status = $('#stato-bandi');
  try {
    const list = await apiGet(`/comuni/${encodeURIComponent(codice)}/bandi`, { limit: 1000 });
    const first = list.items[0];
    if (first) {
      $('#nome-comune').textContent = `${first.nome}: popolazione ${first.popolazione === null ? 'non nota' : `${formatNumber(first.popolazione)} al ${formatDate(first.popolazione_data)}`}.`;
    }
    status.textContent = list.total === 0 ? 'Nessun bando aperto a cui il Comune possa partecipare.'
      : `${list.total} ${plural(list.total, 'bando aperto', 'bandi aperti')} a cui il Comune può partecipare.`;
    clear($('#elenco-bandi')).append(...list.items.map(card));
  } catch (err) {
    status.textContent = '';
    showApiError(err, 'generale', { retry: () => load(codice) });
  }
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'comune', forbidden: 'Questa pagina è per i referenti dei Comuni.' })) return;
  const mine = me.roles.filter((r) => r.role === 'comune').map((r) => r.ente.replace('comune:', ''));
  const asked = new URLSearchParams(location.search).get('comune');
  const codice = asked && mine.includes(asked) ? asked : mine[0];
  $('#area-bandi-comune').hidden = false;
  load(codice);
});
