// "La mia impresa" (an economic operator): its entries in the Provinces'
// albi (GET /sua/operatori/{piva}/albo) with state and the SUA's reason, the
// application to a Province's albo (POST /sua/operatori/{piva}/albo) or the
// edit of an entry (PUT /sua/albo/{id}: key data send an approved entry back
// to review), errors of the API marked on their fields, and the invitations
// received (GET /sua/operatori/{piva}/inviti).  Each entry shows its
// documents, uploaded here with a progress bar (lib/albo-documenti.js).  A
// self-registered company not approved yet ('applicant') sees its entry and
// documents only: no new application, no invitations.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage, hasRole } from '../lib/session.js';
import { documentiSection } from '../lib/albo-documenti.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { formatDataOra } from '../lib/numeri.js';
import { formatTotale, plural } from '../lib/format.js';
import { statoAlboBadge, pivaOf, parseSoa, soaText } from '../lib/albo.js';

const form = $('#form-iscrizione');
const f = (id) => $(`#a-${id}`);
let piva = null;
let editing = null; // the id of the entry in the form, or null
let applicant = false; // registered, not approved yet

function fill(e) {
  editing = e.id;
  $('#sezione-form-iscrizione').hidden = false;
  f('provincia').value = e.provincia;
  f('provincia').disabled = true;
  f('ragione').value = e.ragione_sociale;
  f('cf').value = e.codice_fiscale;
  f('pec').value = e.pec;
  f('comune').value = e.comune;
  f('indirizzo').value = e.indirizzo;
  f('legale-nome').value = e.legale_rappresentante.nome;
  f('legale-cf').value = e.legale_rappresentante.codice_fiscale;
  f('cpv').value = e.cpv.join('\n');
  f('soa').value = e.soa.map((q) => `${q.categoria} ${q.classe} ${q.scadenza.split('-').reverse().join('/')}`).join('\n');
  $('#titolo-form-iscrizione').textContent = `Modifica l'iscrizione all'albo della Provincia ${e.provincia}`;
  $('#invia-iscrizione').textContent = 'Salva le modifiche';
  $('#titolo-form-iscrizione').focus();
}

function resetForm() {
  editing = null;
  form.reset();
  f('provincia').disabled = false;
  $('#sezione-form-iscrizione').hidden = applicant;
  $('#titolo-form-iscrizione').textContent = 'Chiedi l\'iscrizione a un albo';
  $('#invia-iscrizione').textContent = 'Chiedi l\'iscrizione';
}

function entryCard(e) {
  return h('article', { class: 'card card-bg mb-3 iscrizione', dataset: { id: e.id } },
    h('div', { class: 'card-body' },
      h('h3', { class: 'h5 card-title' }, `Albo della Provincia ${e.provincia} `, statoAlboBadge(e.stato)),
      h('p', { class: 'mb-1' }, `${e.ragione_sociale} — sede a ${e.comune_nome ?? e.comune}, ${e.indirizzo}`),
      h('p', { class: 'mb-1' }, `PEC ${e.pec}; CPV: ${e.cpv.join(', ') || 'nessuno'}`),
      e.soa.length ? h('p', { class: 'mb-1' }, `SOA: ${e.soa.map(soaText).join('; ')}`) : null,
      e.motivo ? h('p', { class: 'mb-1 text-danger' }, `Motivo della SUA: ${e.motivo}`) : null,
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', dataset: { azione: 'modifica' }, onclick: () => fill(e) }, 'Modifica'),
      documentiSection(e.id, { upload: true, headingLevel: 'h4' })));
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
    status.textContent = r.items.length
      ? `${formatTotale(r)} ${plural(r.total, 'invito ricevuto', 'inviti ricevuti')}${r.next ? `, i ${r.items.length} più recenti` : ''}.`
      : 'Nessun invito ricevuto.';
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
  if (editing) delete body.provincia;
  else if (!/^\d{3}$/.test(body.provincia)) errors.push({ input: f('provincia'), message: 'La Provincia è il codice di 3 cifre (es. 024).' });
  if (!body.ragione_sociale) errors.push({ input: f('ragione'), message: 'Scrivi la ragione sociale.' });
  if (!/^\d{6}$/.test(body.comune)) errors.push({ input: f('comune'), message: 'Il Comune è il codice ISTAT di 6 cifre.' });
  if (errors.length) { markFields(form, errors); return; }
  const btn = $('#invia-iscrizione');
  btn.disabled = true;
  try {
    if (editing) await apiSend('PUT', `/sua/albo/${editing}`, body);
    else await apiSend('POST', `/sua/operatori/${piva}/albo`, body);
    resetForm();
    await loadEntries();
    $('#titolo-iscrizioni').focus();
  } catch (err) {
    if (!err.field || !markField(form, err.field, err.message, { focus: true })) showApiError(err, 'iscrizione');
  } finally {
    btn.disabled = false;
  }
});

initSite().then((me) => {
  applicant = hasRole(me, 'applicant') && !hasRole(me, 'operator');
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: applicant ? 'applicant' : 'operator', forbidden: 'Questa pagina è per gli operatori economici.',
  })) return;
  piva = pivaOf(me);
  $('#mia-piva').textContent = piva;
  if (applicant) {
    $('#avviso-in-attesa').hidden = false;
    $('#sezione-form-iscrizione').hidden = true;
    $('#sezione-inviti').hidden = true;
    $('#area-impresa').hidden = false;
    loadEntries();
    return;
  }
  $('#area-impresa').hidden = false;
  loadEntries();
  loadInviti();
});
