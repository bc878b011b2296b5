// "Collegamento a PCP" (the Province's admin): GET /api/v1/pcp/{sigla}
// shows the PDND configuration of each environment (the key's path and
// state, never the key); "Verifica collegamento" POSTs .../verifica and
// shows PDND's answer in Italian in a live region.  The Province is the
// admin's own (its sigla from the public network list).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend, isAbort } from '../lib/api.js';
import { $, h } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';

const NOMI = { collaudo: 'Collaudo', attestazione: 'Attestazione', esercizio: 'Esercizio' };

function riga(label, value) {
  return [h('dt', { class: 'col-sm-5' }, label), h('dd', { class: 'col-sm-7 text-break' }, value || '—')];
}

function card(sigla, a) {
  const esito = h('div', { class: 'mt-3', role: 'status', 'aria-live': 'polite', id: `esito-${a.ambiente}` });
  const chiaveOk = a.chiave.stato === 'ok';
  const badge = h('span', { class: `badge ${chiaveOk ? 'bg-success' : 'bg-warning text-dark'} ms-2` },
    chiaveOk ? 'utilizzabile' : 'da sistemare');
  const es = a.eservices.length
    ? h('ul', { class: 'mb-0 ps-3' }, ...a.eservices.map((e) => h('li', {}, h('strong', {}, e.nome), ` — finalità ${e.purpose_id}`, h('br'), h('small', { class: 'text-break' }, e.url))))
    : 'nessuno';
  const btn = h('button', { type: 'button', class: 'btn btn-primary btn-sm', disabled: a.configurato ? null : '' },
    'Verifica collegamento');
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    esito.replaceChildren(h('p', { class: 'mb-0' }, 'Richiesta del voucher a PDND in corso…'));
    try {
      const r = await apiSend('POST', `/pcp/${sigla}/${a.ambiente}/verifica`);
      const ok = r.esito === 'ok';
      const scad = ok && r.scadenza ? ` Valido fino alle ${new Date(r.scadenza).toLocaleString('it-IT', { timeZone: 'Europe/Rome' })}.` : '';
      esito.replaceChildren(h('div', { class: `alert ${ok ? 'alert-success' : 'alert-danger'} mb-0` }, r.messaggio + scad));
    } catch (e) {
      esito.replaceChildren(h('div', { class: 'alert alert-danger mb-0' }, e.message || 'Verifica non riuscita.'));
    } finally {
      btn.disabled = false;
    }
  });
  return h('div', { class: 'col-12 col-lg-4' },
    h('div', { class: 'card card-bg h-100', 'data-ambiente': a.ambiente },
      h('div', { class: 'card-body' },
        h('h2', { class: 'h4 card-title' }, NOMI[a.ambiente] ?? a.ambiente,
          h('span', { class: `badge ${a.configurato ? 'bg-primary' : 'bg-secondary'} ms-2` }, a.configurato ? 'configurato' : 'non configurato')),
        h('dl', { class: 'row small mb-2' },
          ...riga('Client PDND', a.client_id),
          ...riga('Kid della chiave', a.kid),
          ...riga('File della chiave', a.chiave.percorso),
          h('dt', { class: 'col-sm-5' }, 'Stato della chiave'),
          h('dd', { class: 'col-sm-7' }, chiaveOk ? 'ok' : a.chiave.stato, badge),
          ...riga('Token', a.token_url),
          ...riga('Audience', a.audience),
          ...riga('C.F. stazione appaltante', a.sa_codice_fiscale),
          ...riga('Codice AUSA', a.sa_codice_ausa),
          ...riga('Centro di costo', a.sa_centro_costo),
          ...riga('Codice piattaforma ANAC', a.reg_codice_piattaforma),
          ...riga('Codice componente ANAC', a.reg_codice_componente),
          h('dt', { class: 'col-sm-5' }, 'E-service PCP'),
          h('dd', { class: 'col-sm-7' }, es)),
        btn, esito)));
}

async function load(sigla, nome) {
  clearError('pcp');
  try {
    const cfg = await apiGet(`/pcp/${sigla}`);
    $('#pcp-provincia').textContent = `Provincia di ${nome}`;
    $('#pcp-ambienti').replaceChildren(...cfg.ambienti.map((a) => card(sigla, a)));
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'pcp', { retry: () => load(sigla, nome), suffix: ' La configurazione non è stata caricata.' });
  }
}

initSite().then(async (me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'admin', forbidden: 'Solo l\'amministratore della Provincia può vedere il collegamento a PCP.' })) return;
  const grant = me.roles.find((r) => r.role === 'admin' && r.ente.startsWith('provincia:'));
  $('#area-pcp').hidden = false;
  if (!grant) {
    $('#pcp-provincia').textContent = 'Il tuo ruolo di amministratore non è su una Provincia.';
    return;
  }
  const codice = grant.ente.slice('provincia:'.length);
  try {
    const rete = await apiGet('/rete', { limit: 500 });
    const p = rete.items.find((x) => x.provincia.codice === codice);
    if (!p) throw new Error('Provincia non trovata nella rete.');
    await load(p.provincia.sigla, p.provincia.nome);
  } catch (e) {
    if (!isAbort(e)) showApiError(e, 'pcp', { suffix: ' La Provincia non è stata trovata.' });
  }
});
