// "Bandi europei per il mio Comune" (role comune): GET /comuni/{codice}/
// bandi for the Comune of the user's grant (or ?comune= among them): the
// open calls it may apply to, by deadline, each with its esito and the
// reasons (requisiti met, conditions to verify).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { formatNumber, formatDate, formatUnix, plural } from '../lib/format.js';
import { clearFieldErrors, markField } from '../lib/form.js';
import { parseImporto, formatEuroCents } from '../lib/numeri.js';

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
      b.interesse.punteggio > 0 ? h('p', { class: 'small mb-1', dataset: { interesse: b.interesse.punteggio } },
        `Interesse ${b.interesse.punteggio}: ${b.interesse.corrispondenze.map((m) => m.valore).join(', ')}.`) : null,
      h('ul', { class: 'list-unstyled small mb-0' },
        b.motivi.map((m) => h('li', {}, `✓ ${m.testo}`)),
        b.da_verificare.map((m) => h('li', {}, `? ${m.testo}`)))));
}

async function load(codice) {
  const status = $('#stato-bandi');
  try {
    const list = await apiGet(`/comuni/${encodeURIComponent(codice)}/bandi`, { limit: 1000 });
    const first = list.items[0];
    $('#ordine-bandi').textContent = first && first.ordine === 'profilo'
      ? 'In ordine di interesse secondo il profilo del Comune, poi di scadenza.' : 'In ordine di scadenza.';
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

const form = $('#form-profilo');
const lista = (v) => v.split(',').map((x) => x.trim()).filter(Boolean);
const euro = (c) => (c === null ? '' : formatEuroCents(c).replace('€', '').trim());

function showProfilo(p) {
  $('#prof-temi').value = p.temi.join(', ');
  $('#prof-programmi').value = p.programmi.join(', ');
  $('#prof-parole').value = p.parole_chiave.join(', ');
  $('#prof-min').value = euro(p.budget_min_cent);
  $('#prof-max').value = euro(p.budget_max_cent);
  $('#prof-capofila').checked = p.capofila;
  $('#prof-partner').checked = p.partner;
}

async function loadProfilo(codice) {
  try {
    showProfilo(await apiGet(`/comuni/${encodeURIComponent(codice)}/profilo-interessi`));
  } catch (err) {
    showApiError(err, 'profilo');
  }
}

function bindProfilo(codice) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const body = {
      temi: lista($('#prof-temi').value),
      programmi: lista($('#prof-programmi').value),
      parole_chiave: lista($('#prof-parole').value),
      capofila: $('#prof-capofila').checked,
      partner: $('#prof-partner').checked,
      budget_min_cent: null,
      budget_max_cent: null,
    };
    for (const [id, key] of [['#prof-min', 'budget_min_cent'], ['#prof-max', 'budget_max_cent']]) {
      const raw = $(id).value.trim();
      if (!raw) continue;
      const v = parseImporto(raw, { min: 0 });
      if (!v.ok) { markField(form, key, v.message || 'Importo non valido.', { focus: true }); return; }
      body[key] = v.cents;
    }
    $('#salva-profilo').disabled = true;
    try {
      showProfilo(await apiSend('PUT', `/comuni/${encodeURIComponent(codice)}/profilo-interessi`, body));
      $('#stato-profilo').textContent = 'Profilo salvato: i bandi sono ora in ordine di interesse.';
      await load(codice);
    } catch (err) {
      const path = (err.field || '').replace(/\[\d+\]$/, '');
      if (!markField(form, path, err.message, { focus: true })) showApiError(err, 'profilo');
    } finally {
      $('#salva-profilo').disabled = false;
    }
  });
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'comune', forbidden: 'Questa pagina è per i referenti dei Comuni.' })) return;
  const mine = me.roles.filter((r) => r.role === 'comune').map((r) => r.ente.replace('comune:', ''));
  const asked = new URLSearchParams(location.search).get('comune');
  const codice = asked && mine.includes(asked) ? asked : mine[0];
  $('#link-ricerche').href = `/europa-ricerche.html?comune=${encodeURIComponent(codice)}`;
  $('#link-digest').href = `/europa-digest.html?comune=${encodeURIComponent(codice)}`;
  $('#area-bandi-comune').hidden = false;
  load(codice);
  loadProfilo(codice);
  bindProfilo(codice);
});
