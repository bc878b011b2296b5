// "La mia impresa" (an economic operator): its entries in the Provinces'
// albi (GET /sua/operatori/{piva}/albo) with state and the SUA's reason, the
// application to a Province's albo (POST /sua/operatori/{piva}/albo), errors
// of the API marked on their fields, and the invitations received (GET
// /sua/operatori/{piva}/inviti).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatDataOra } from '../lib/numeri.js';
import { statoAlboBadge, pivaOf, parseSoa, soaText } from '../lib/albo.js';

const form = $('#form-iscrizione');
const f = (id) => $(`#a-${id}`);
let piva = null;

function entryCard(e) {
  return h('article', { class: 'card card-bg mb-3 iscrizione', dataset: { id: e.id } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h5 card-title' }, `Albo della Provincia ${e.provincia} `, statoAlboBadge(e.stato)),
      h('p', { class: 'mb-1' }, `${e.ragione_sociale} — sede a ${e.comune_nome ?? e.comune}, ${e.indirizzo}`),
      h('p', { class: 'mb-1' }, `PEC ${e.pec}; CPV: ${e.cpv.join(', ') || 'nessuno'}`),
      e.soa.length ? h('p', { class: 'mb-1' }, `SOA: ${e.soa.map(soaText).join('; ')}`) : null,
      e.motivo ? h('p', { class: 'mb-0 text-danger' }, `Motivo della SUA: ${e.motivo}`) : null));
}

async function loadEntries() {
  const status = $('#stato-iscrizioni');
  const list = clear($('#elenco-iscrizioni'));
  try {
    const r = await apiGet(`/sua/operatori/${piva}/albo`);
    status.textContent = r.items.length
      ? `${r.items.length === 1 ? 'Una iscrizione' : `${r.items.length} iscrizioni`}.`
      : 'Nessuna iscrizione: chiedila con il modulo qui sotto.';
    list.append(...r.items.map(entryCard));
  } catch (err) {
    status.textContent = 'Iscrizioni non disponibili.';
    showApiError(err, 'iscrizioni');
  }
}

async function loadInviti() {
  const status = $('#stato-inviti');
  const list = clear($('#elenco-inviti'));
  try {
    const r = await apiGet(`/sua/operatori/${piva}/inviti`);
    status.textContent = r.items.length ? `${r.items.length} inviti ricevuti.` : 'Nessun invito ricevuto.';
    list.append(...r.items.map((i) => h('li', { class: 'mb-2 invito' },
      h('strong', {}, i.oggetto), ` — Provincia ${i.provincia}, gara n. ${i.gara_id}`,
      i.termine_offerte ? `, offerte entro il ${formatDataOra(i.termine_offerte * 1000)}` : '')));
  } catch (err) {
    status.textContent = 'Inviti non disponibili.';
    showApiError(err, 'inviti');
  }
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(form);
  clearError('iscrizione');
  const body = {
    provincia: f('provincia').value.trim(),
    ragione_sociale: f('ragione').value.trim(),
    codice_fiscale: f('cf').value.trim().toUpperCase(),
    pec: f('pec').value.trim(),
    comune: f('comune').value.trim(),
    indirizzo: f('indirizzo').value.trim(),
    legale_rappresentante: { nome: f('legale-nome').value.trim(), codice_fiscale: f('legale-cf').value.trim().toUpperCase() },
    cpv: f('cpv').value.split(/[\s,;]+/).filter(Boolean),
    soa: parseSoa(f('soa').value),
  };
  const errors = [];
  if (!/^\d{3}$/.test(body.provincia)) errors.push({ input: f('provincia'), message: 'La Provincia è il codice di 3 cifre (es. 024).' });
  if (!body.ragione_sociale) errors.push({ input: f('ragione'), message: 'Scrivi la ragione sociale.' });
  if (!/^\d{6}$/.test(body.comune)) errors.push({ input: f('comune'), message: 'Il Comune è il codice ISTAT di 6 cifre.' });
  if (errors.length) { markFields(form, errors); return; }
  const btn = $('#invia-iscrizione');
  btn.disabled = true;
  try {
    await apiSend('POST', `/sua/operatori/${piva}/albo`, body);
    form.reset();
    await loadEntries();
    $('#titolo-iscrizioni').focus();
  } catch (err) {
    if (!err.field || !markField(form, err.field, err.message, { focus: true })) showApiError(err, 'iscrizione');
  } finally {
    btn.disabled = false;
  }
});

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'operator', forbidden: 'Questa pagina è per gli operatori economici.',
  })) return;
  piva = pivaOf(me);
  $('#mia-piva').textContent = piva;
  $('#area-impresa').hidden = false;
  loadEntries();
  loadInviti();
});
