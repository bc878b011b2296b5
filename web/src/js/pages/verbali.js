// "Verbali della gara" (/verbali.html?gara=ID): the minutes of a tender as
// the API lets the caller see them (the tender's Province: all; others: the
// published ones), each with its PDF and SHA-256; the Province's SUA officer
// also writes a free-form minute (a public session's record) and publishes
// minutes.  The server decides who may do what; the page only hides what
// would be refused.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, apiUrl } from '../lib/api.js';
import { showApiError, showError, clearError } from '../lib/alert.js';
import { h, $ } from '../lib/dom.js';
import { hasRole } from '../lib/session.js';
import { formatDataOra } from '../lib/numeri.js';
import { clearFieldErrors, markField } from '../lib/form.js';

const params = new URLSearchParams(window.location.search);
const garaId = /^[1-9]\d{0,17}$/.test(params.get('gara') ?? '') ? params.get('gara') : null;
let officer = false;

const righe = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const paragrafi = (s) => s.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);

function voce(v) {
  const pubblica = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', dataset: { pubblica: String(v.id) } },
    'Pubblica sul portale');
  const li = h('li', { class: 'card card-bg mb-3', dataset: { verbale: String(v.id) } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h5 card-title' }, v.titolo),
      h('p', { class: 'mb-1' },
        h('span', { class: `badge ${v.pubblicato ? 'bg-success' : 'bg-secondary'} me-2` }, v.pubblicato ? 'Pubblicato' : 'Non pubblicato'),
        `${v.pagine} ${v.pagine === 1 ? 'pagina' : 'pagine'} · redatto il ${formatDataOra(v.created * 1000)}`),
      h('p', { class: 'small text-break mb-2' }, 'SHA-256: ', h('code', {}, v.sha256)),
      h('div', { class: 'd-flex flex-wrap gap-2' },
        h('a', { class: 'btn btn-sm btn-primary', href: apiUrl(`/sua/verbali/${v.id}/pdf`) }, 'Scarica il PDF'),
        officer && !v.pubblicato ? pubblica : null)));
  pubblica.addEventListener('click', async () => {
    pubblica.disabled = true;
    try {
      await apiSend('POST', `/sua/verbali/${v.id}/pubblica`);
      clearError('pubblica');
      await carica();
    } catch (e) {
      pubblica.disabled = false;
      showApiError(e, 'pubblica');
    }
  });
  return li;
}

async function carica() {
  try {
    const r = await apiGet(`/sua/gare/${garaId}/verbali`);
    clearError('elenco');
    $('#elenco-verbali').replaceChildren(...r.items.map(voce));
    $('#stato-verbali').textContent = r.items.length === 0 ? 'Nessun verbale.'
      : `${r.items.length} ${r.items.length === 1 ? 'verbale' : 'verbali'}.`;
  } catch (e) {
    showApiError(e, 'elenco', { retry: carica });
  }
}

async function creaVerbale(ev) {
  ev.preventDefault();
  const form = $('#form-verbale');
  clearFieldErrors(form);
  const f = (id) => $(id).value.trim();
  const body = { titolo: f('#v-titolo'), seduta_at: f('#v-data'), tipo_seduta: $('#v-tipo').value };
  if ($('#v-lotto').value) body.lotto_id = Number($('#v-lotto').value);
  if (f('#v-numero')) {
    if (!/^\d{1,5}$/.test(f('#v-numero'))) {
      markField(form, 'seduta_numero', 'Un numero intero.', { focus: true });
      return;
    }
    body.seduta_numero = Number(f('#v-numero'));
  }
  if (f('#v-luogo')) body.luogo = f('#v-luogo');
  if (f('#v-chiusura')) body.chiusura = f('#v-chiusura');
  body.presenti = righe($('#v-presenti').value);
  body.firme = righe($('#v-firme').value);
  const testo = paragrafi($('#v-testo').value);
  body.sezioni = testo.length ? [{ titolo: 'Svolgimento della seduta', paragrafi: testo }] : [];
  const b = $('#crea-verbale');
  b.disabled = true;
  try {
    await apiSend('POST', `/sua/gare/${garaId}/verbali`, body);
    clearError('verbale');
    await carica();
    $('#elenco-verbali').lastElementChild?.querySelector('a')?.focus();
  } catch (e) {
    markField(form, e.field, e.message, { focus: true });
    showApiError(e, 'verbale');
  } finally {
    b.disabled = false;
  }
}

initSite().then(async (me) => {
  if (!garaId) {
    showError('Indirizzo incompleto: manca la gara (verbali.html?gara=NUMERO).', 'gara');
    return;
  }
  $('#area-verbali').hidden = false;
  // The officer's view of the tender (its lots); others see only the list.
  if (hasRole(me, 'sua_officer')) {
    try {
      const g = await apiGet(`/sua/gare/${garaId}`);
      officer = true;
      $('#oggetto-gara').textContent = g.oggetto;
      for (const l of g.lotti) {
        $('#v-lotto').append(h('option', { value: String(l.id) }, `Lotto ${l.numero} – ${l.oggetto}`));
      }
      $('#sezione-nuovo-verbale').hidden = false;
      $('#form-verbale').addEventListener('submit', creaVerbale);
    } catch (e) {
      if (e.status !== 403 && e.status !== 404) showApiError(e, 'gara');
    }
  }
  await carica();
});
