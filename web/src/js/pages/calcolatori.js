// Calcolatori SUA: the procedure advisor (POST /api/v1/sua/procedura) and the
// anomaly calculator (POST /api/v1/sua/anomalia), showing every step of the
// computation so a RUP can copy it into the minutes.  All text goes through
// text nodes (h()), never innerHTML.
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showError, clearError } from '../lib/alert.js';
import { formatNumber } from '../lib/format.js';
import { clearFieldErrors, markField } from '../lib/form.js';
import { renderGraficoAnomalia } from '../lib/grafico-anomalia.js';

initSite();

const euro = (cents) => (cents === null || cents === undefined ? '—'
  : `${formatNumber(Math.trunc(cents / 100))},${String(Math.abs(cents % 100)).padStart(2, '0')} €`);

function dl(pairs) {
  return h('dl', { class: 'row' }, pairs.filter(Boolean).map(([k, v]) => [
    h('dt', { class: 'col-sm-4' }, k), h('dd', { class: 'col-sm-8' }, v),
  ]));
}

function list(items, cls = '') {
  return h('ul', { class: cls }, items.map((x) => h('li', {}, x)));
}

function warnings(ws) {
  if (!ws || ws.length === 0) return null;
  return h('div', { class: 'alert alert-warning', role: 'note' },
    h('p', { class: 'fw-semibold' }, 'Avvertenze'), list(ws));
}

// --- procedure advisor ---

function termini(p) {
  const out = [];
  if (p.min_giorni_domande !== null) out.push(`domande: ${p.min_giorni_domande} giorni`);
  if (p.min_giorni_offerte !== null) out.push(`offerte: ${p.min_giorni_offerte} giorni`);
  for (const r of [...p.riduzioni_domande, ...p.riduzioni_offerte]) out.push(`${r.giorni} giorni se ${r.condizione} (${r.riferimento})`);
  return out.length ? out.join('; ') : 'nessun termine minimo di legge (art. 92)';
}

function renderProcedura(r) {
  const out = $('#esito-procedura');
  clear(out);
  const reg = r.regime;
  out.append(
    h('h3', { class: 'h4' }, r.sopra_soglia_ue ? 'Sopra la soglia europea' : 'Sotto la soglia europea'),
    dl([
      ['Soglia applicata', `${euro(reg.soglia_cents)} — ${reg.soglia_tipo}, dal ${reg.valid_from} al ${reg.valid_to} (${reg.riferimento})`],
      ['Valore considerato', euro(r.input.importo_cents)],
      ['Operatori da consultare', r.min_operatori === null ? r.min_operatori_nota : `almeno ${r.min_operatori}, ${r.min_operatori_nota}`],
      ['Termine minimo per le offerte', r.min_giorni_offerte.giorni === null ? r.min_giorni_offerte.nota : `${r.min_giorni_offerte.giorni} giorni (${r.min_giorni_offerte.procedura})`],
      ['Termine dilatorio (standstill)', r.standstill_giorni === null ? `non si applica: ${r.standstill_motivo}` : `${r.standstill_giorni} giorni ${r.standstill_motivo}`],
      ['Contributo ANAC', r.contributo_anac.disponibile
        ? `stazione appaltante ${euro(r.contributo_anac.stazione_appaltante_totale_cents)}; operatore ${r.contributo_anac.per_lotto.map((l) => euro(l.operatore_cents)).join(' / ')} per lotto`
        : 'non calcolabile per la data indicata'],
      ['Esclusione automatica delle offerte anomale', r.esclusione_automatica.ammessa
        ? `sì, ${r.esclusione_automatica.motivo}${r.esclusione_automatica.condizioni.length ? ` (condizioni: ${r.esclusione_automatica.condizioni.join(', ')})` : ''}`
        : `no: ${r.esclusione_automatica.motivo}`],
      ['Qualificazione', `${r.qualificazione.livello_richiesto ? `livello richiesto ${r.qualificazione.livello_richiesto}: ` : ''}${r.qualificazione.nota}`],
    ]),
    h('h4', { class: 'h5' }, 'Procedure ammesse, in ordine di preferenza'),
    h('ol', {}, r.procedure.map((p) => h('li', {},
      h('strong', {}, p.nome), ` — ${p.articolo}`, p.nota ? `. ${p.nota}` : '', h('br'),
      h('span', { class: 'text-secondary' }, `Termini: ${termini(p)}`)))),
  );
  if (r.lotti) {
    out.append(h('h4', { class: 'h5' }, 'Lotti'),
      list(r.lotti.lotti.map((l) => `Lotto ${l.lotto}: ${euro(l.importo_cents)} — ${l.deroga_art_14_c11 ? `deroga art. 14 c.11, ${l.procedura} (${l.articolo})` : l.regime.replace('_', ' ')}`)));
  }
  const w = warnings(r.warnings);
  if (w) out.append(w);
  if (r.note.length) out.append(h('h4', { class: 'h5' }, 'Note'), list(r.note));
  out.append(h('h4', { class: 'h5' }, 'Riferimenti normativi'), list(r.riferimenti));
}

$('#data').value = new Date().toISOString().slice(0, 10);

$('#form-procedura').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('procedura');
  clearFieldErrors($('#form-procedura'));
  const status = $('#stato-procedura');
  const body = {
    tipo: $('#tipo').value,
    importo: $('#importo').value.trim().replace(/\s/g, ''),
    data: $('#data').value,
    ente: $('#ente').value,
  };
  if ($('#lotti').value) body.lotti = Number($('#lotti').value);
  if ($('#criterio').value) body.criterio = $('#criterio').value;
  if ($('#qualificazione').value.trim()) body.qualificazione = $('#qualificazione').value.trim();
  if ($('#transfrontaliero').checked) body.interesse_transfrontaliero = true;
  status.textContent = 'Calcolo in corso…';
  try {
    const r = await apiSend('POST', '/sua/procedura', body);
    status.textContent = 'Calcolo completato.';
    renderProcedura(r);
  } catch (err) {
    status.textContent = '';
    clear($('#esito-procedura'));
    showError(err.message, 'procedura');
    // The form asks for the amount in euro: importo_cents is its input too.
    markField($('#form-procedura'), err.field === 'importo_cents' ? 'importo' : err.field, err.message);
  }
});

// --- anomaly calculator ---

function offerCell(o) {
  return `${o.ribasso} (offerta n. ${o.posizione})`;
}

function renderAnomalia(r) {
  const out = $('#esito-anomalia');
  clear(out);
  const steps = [];
  steps.push(`Offerte ammesse: ${r.n}. Metodo ${r.metodo}${r.sconto_riferimento ? `, sconto di riferimento E = ${r.sconto_riferimento}` : ''}.`);
  if (!r.applicabile) {
    out.append(h('h3', { class: 'h4' }, 'Soglia non calcolata'), h('p', {}, r.motivo));
  }
  if (r.taglio_ali) {
    const t = r.taglio_ali;
    steps.push(`Taglio delle ali: k = ${t.k} per ala (${t.regola}). Ala bassa (≤ ${t.limite_basso}): ${t.ala_bassa.map(offerCell).join(', ')}. Ala alta (≥ ${t.limite_alto}): ${t.ala_alta.map(offerCell).join(', ')}. Offerte rimaste: ${t.offerte_rimaste}.`);
    steps.push(`Somma dei ribassi rimasti: ${r.somma}.`);
  }
  if (r.media) {
    const c = r.cifre_somma;
    steps.push(`Media aritmetica: ${r.media} (esatta: ${r.media_frazione}).`);
    steps.push(`Ribassi superiori alla media: ${r.offerte_sopra_media}, somma ${r.somma_sopra_media}; scarto medio: ${r.scarto_medio} (esatto: ${r.scarto_medio_frazione}).`);
    steps.push(`Cifre della somma: prima cifra decimale ${c.prima_cifra_decimale}, seconda ${c.seconda_cifra_decimale}, prodotto ${c.prodotto}; somma di tutte le cifre ${c.somma_cifre} (${c.parita_somma_cifre}).`);
    if (r.rapporto_scarto_media !== undefined) steps.push(`Rapporto scarto medio / media: ${r.rapporto_scarto_media ?? 'non definito'}.`);
    steps.push(`Variante: ${r.variante}.`);
    steps.push(`Base: ${r.base_soglia}; variazione: ${r.segno_variazione === 'nessuna' ? 'nessuna' : `${r.segno_variazione}${r.variazione}`}.`);
    steps.push(`Soglia di anomalia: ${r.soglia}${r.soglia_esatta ? '' : ' (arrotondata a 6 decimali)'}; valore esatto ${r.soglia_frazione} punti percentuali.`);
    steps.push(`Regola: ${r.regola_esclusione}.`);
    steps.push(`Offerte escluse: ${r.escluse.length ? r.escluse.map(offerCell).join(', ') : 'nessuna'}.`);
    if (r.vincitrice) {
      steps.push(`Miglior offerta non esclusa: ${r.vincitrice.ribasso} (offerta n. ${r.vincitrice.posizioni.join(', n. ')})${r.parita ? ': parità, la vincitrice si determina con sorteggio da verbalizzare' : ''}.`);
      steps.push(`Ribasso di aggiudicazione: ${r.ribasso_aggiudicazione}.`);
    } else {
      steps.push('Nessuna offerta sotto la soglia.');
    }
    out.append(h('h3', { class: 'h4' }, `Soglia: ${r.soglia}`));
  }
  out.append(h('h4', { class: 'h5' }, 'Passaggi del calcolo'), h('ol', { id: 'passaggi' }, steps.map((s) => h('li', {}, s))));
  const w = warnings(r.warnings);
  if (w) out.append(w);
  out.append(h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm' },
    h('caption', {}, 'Offerte in ordine crescente di ribasso'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Offerta n.'), h('th', { scope: 'col' }, 'Ribasso'),
      h('th', { scope: 'col' }, 'Ala'), h('th', { scope: 'col' }, 'Esito'))),
    h('tbody', {}, r.offerte_ordinate.map((o) => h('tr', {},
      h('td', {}, String(o.posizione)), h('td', {}, o.ribasso), h('td', {}, o.ala ?? '—'),
      h('td', {}, o.esclusa ? 'esclusa (anomala)' : 'ammessa')))))));
  out.append(h('p', { class: 'text-secondary' }, `Riferimenti: ${r.riferimenti.join('; ')}.`));
}

$('#form-anomalia').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('anomalia');
  clearFieldErrors($('#form-anomalia'));
  const status = $('#stato-anomalia');
  const offerte = $('#offerte').value.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const body = { metodo: $('#metodo').value, offerte };
  const e0 = $('#sconto-riferimento').value.trim();
  if (e0) body.sconto_riferimento = e0;
  status.textContent = 'Calcolo in corso…';
  try {
    const r = await apiSend('POST', '/sua/anomalia', body);
    status.textContent = 'Calcolo completato.';
    renderAnomalia(r);
    renderGraficoAnomalia(r);
  } catch (err) {
    status.textContent = '';
    clear($('#esito-anomalia'));
    const where = err.field && err.field.startsWith('offerte[') ? ` (riga ${Number(err.field.slice(8, -1)) + 1} delle offerte inserite)` : '';
    showError(err.message + where, 'anomalia');
    markField($('#form-anomalia'), err.field, err.message + where);
  }
});
