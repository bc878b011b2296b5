// Calcolatori SUA: the procedure advisor (POST /api/v1/sua/procedura) and the
// anomaly calculator (POST /api/v1/sua/anomalia), showing every step of the
// computation so a RUP can copy it into the minutes or print it ("Stampa /
// scarica PDF": print.css keeps only the computation, on A4).
// Inputs are read with lib/numeri.js (Italian forms and the API's form
// alike) and sent in the API's canonical form; outputs are Italian.
// All text goes through text nodes (h()), never innerHTML.
import { initSite } from '../lib/site.js';
import { apiSend } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import {
  parseImporto, parsePercentuale, parseData, parseIntero,
  formatEuroCents, formatPercentuale, formatNumero, formatData, formatDataOra, oggiRoma,
} from '../lib/numeri.js';
import { clearFieldErrors, markField, markFields, setFieldNote } from '../lib/form.js';
import { renderGraficoAnomalia } from '../lib/grafico-anomalia.js';

initSite();

const euro = (cents) => (cents === null || cents === undefined ? '—' : formatEuroCents(cents));
const pct = (s) => (s === null || s === undefined ? '—' : formatPercentuale(s));
const num = (s) => (s === null || s === undefined ? '—' : formatNumero(s));
const data = (iso) => (iso ? formatData(iso) : '—');

function dl(pairs, cls = 'row') {
  return h('dl', { class: cls }, pairs.filter(Boolean).map(([k, v]) => [
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

// --- legal references linked to Normattiva ---

const NORMATTIVA = 'https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2023-03-31;36';
const DLGS = 'd.lgs. 36/2023';
const OTHER_ACT = /\b(reg\.|l\.\s\d|delibera|Reg\.)/;

// "art. 71 d.lgs. 36/2023; art. 48 c.4" -> text with the articles of the
// d.lgs. 36/2023 as links (~artNN); its annexes ("All. II.2") link to the
// decree.  Parts naming another act (a regulation, a law) stay text.
function riferimento(text) {
  const s = String(text ?? '');
  if (!s.includes(DLGS)) return [s];
  const out = [];
  for (const [i, seg] of s.split(/(;\s*)/).entries()) {
    if (i % 2 === 1 || (OTHER_ACT.test(seg) && !seg.includes(DLGS))) { out.push(seg); continue; }
    const re = /(All\.\s[IVX]+\.\d+(?:\sart\.\s\d+(?:\sc\.\d+)?)?)|(art\.\s(\d+)(?:-(bis|ter|quater))?)/g;
    let last = 0;
    for (let m = re.exec(seg); m; m = re.exec(seg)) {
      out.push(seg.slice(last, m.index));
      const href = m[1] ? NORMATTIVA : `${NORMATTIVA}~art${m[3]}${m[4] ?? ''}`;
      out.push(h('a', { href, class: 'rif-normattiva' }, m[0]));
      last = m.index + m[0].length;
    }
    out.push(seg.slice(last));
  }
  return out.filter((x) => x !== '');
}

function riferimenti(refs) {
  return [
    h('h4', { class: 'h5' }, 'Riferimenti normativi'),
    h('ul', { class: 'riferimenti' }, refs.map((r) => h('li', {}, riferimento(r)))),
    h('p', { class: 'small text-secondary' }, 'Gli articoli del d.lgs. 36/2023 rimandano al testo vigente su Normattiva.'),
  ];
}

// "Calcolato il …" and the print button, at the end of every result.
function piede(sezione) {
  return h('div', { class: 'piede-calcolo mt-4' },
    h('p', { class: 'small text-secondary' }, `Calcolo eseguito il ${formatDataOra(new Date())} (ora di Roma) con il calcolatore della Stazione Unica Appaltante.`),
    h('button', {
      type: 'button',
      class: 'btn btn-outline-primary nascondi-in-stampa',
      dataset: { stampa: sezione },
      onclick: () => stampa(sezione),
    }, 'Stampa / scarica PDF'));
}

// Print one calculator: print.css hides the rest while body[data-stampa] is set.
function stampa(sezione) {
  document.body.dataset.stampa = sezione;
  window.print();
}
window.addEventListener('afterprint', () => { delete document.body.dataset.stampa; });

// --- procedure advisor ---

function termini(p) {
  const out = [];
  const scad = (d) => (d ? `, scadenza minima ${data(d)}` : '');
  if (p.min_giorni_domande !== null) out.push(`domande: ${p.min_giorni_domande} giorni${scad(p.scadenza_minima_domande)}`);
  if (p.min_giorni_offerte !== null) out.push(`offerte: ${p.min_giorni_offerte} giorni${scad(p.scadenza_minima_offerte)}`);
  for (const r of [...p.riduzioni_domande, ...p.riduzioni_offerte]) out.push(`${r.giorni} giorni se ${r.condizione} (${r.riferimento}${scad(r.scadenza_minima)})`);
  return out.length ? out.join('; ') : 'nessun termine minimo di legge (art. 92)';
}

const TIPI = { lavori: 'Lavori', servizi: 'Servizi', forniture: 'Forniture' };
const ENTI = { comune: 'Comune', provincia: 'Provincia (SUA)' };
const CRITERI = { prezzo: 'prezzo più basso', oepv: 'offerta economicamente più vantaggiosa' };

function datiProcedura(input, form) {
  return [
    h('h4', { class: 'h5' }, 'Dati inseriti'),
    dl([
      ['Oggetto', TIPI[input.tipo] ?? input.tipo],
      ['Valore stimato (IVA esclusa)', euro(input.importo_cents)],
      ['Data di invio del bando o degli inviti', data(input.data)],
      input.lotti ? ['Lotti di pari importo', String(input.lotti)] : null,
      ['Ente che procede', ENTI[input.ente] ?? input.ente],
      ['Criterio di aggiudicazione', CRITERI[input.criterio] ?? 'non ancora scelto'],
      form.qualificazione ? ['Qualificazione dichiarata', form.qualificazione] : null,
      ['Interesse transfrontaliero certo', input.interesse_transfrontaliero ? 'sì' : 'no'],
    ], 'row dati-inseriti'),
  ];
}

function renderProcedura(r, body) {
  const out = $('#esito-procedura');
  clear(out);
  const reg = r.regime;
  const prima = r.procedure[0];
  out.append(
    h('div', { class: 'esito-principale', id: 'risposta-procedura' },
      h('h3', { class: 'h4' }, r.sopra_soglia_ue ? 'Sopra la soglia europea' : 'Sotto la soglia europea'),
      prima ? h('p', { class: 'risposta' }, 'Procedura indicata: ', h('strong', {}, prima.nome), ' (', riferimento(prima.articolo), ')') : null,
      h('p', { class: 'mb-0' }, `Valore ${euro(r.input.importo_cents)} rispetto alla soglia di ${euro(reg.soglia_cents)}`,
        r.min_operatori !== null ? `; operatori da consultare: almeno ${r.min_operatori}.` : '.')),
    ...datiProcedura(r.input, body),
    h('h4', { class: 'h5' }, 'Risultato'),
    dl([
      ['Soglia applicata', `${euro(reg.soglia_cents)} — ${reg.soglia_tipo}, dal ${data(reg.valid_from)} al ${data(reg.valid_to)} (${reg.riferimento})`],
      ['Valore considerato', euro(r.input.importo_cents)],
      ['Operatori da consultare', r.min_operatori === null ? r.min_operatori_nota : `almeno ${r.min_operatori}, ${r.min_operatori_nota}`],
      ['Termine minimo per le offerte', r.min_giorni_offerte.giorni === null ? r.min_giorni_offerte.nota
        : `${r.min_giorni_offerte.giorni} giorni (${r.min_giorni_offerte.procedura})${r.min_giorni_offerte.scadenza_minima ? `: scadenza minima ${data(r.min_giorni_offerte.scadenza_minima)}` : ''}`],
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
      h('strong', {}, p.nome), ' — ', riferimento(p.articolo), p.nota ? `. ${p.nota}` : '', h('br'),
      h('span', { class: 'text-secondary' }, `Termini: ${termini(p)}`)))),
  );
  if (r.lotti) {
    out.append(h('h4', { class: 'h5' }, 'Lotti'),
      list(r.lotti.lotti.map((l) => `Lotto ${l.lotto}: ${euro(l.importo_cents)} — ${l.deroga_art_14_c11 ? `deroga art. 14 c.11, ${l.procedura} (${l.articolo})` : l.regime.replace('_', ' ')}`)));
  }
  const w = warnings(r.warnings);
  if (w) out.append(w);
  if (r.note.length) out.append(h('h4', { class: 'h5' }, 'Note'), list(r.note));
  out.append(...riferimenti(r.riferimenti), piede('procedura'));
}

$('#data').value = formatData(oggiRoma());

// How an amount was read, under the field, as soon as the user leaves it.
$('#importo').addEventListener('change', () => {
  const p = parseImporto($('#importo').value);
  setFieldNote($('#importo'), p.ok ? `Letto come ${p.shown}.` : null);
});

async function calcolaProcedura() {
  const form = $('#form-procedura');
  clearError('procedura');
  clearFieldErrors(form);
  const status = $('#stato-procedura');
  const out = $('#esito-procedura');
  const errors = [];
  const importo = parseImporto($('#importo').value);
  if (importo.ok) setFieldNote($('#importo'), `Letto come ${importo.shown}.`);
  else errors.push({ input: $('#importo'), message: `Valore stimato: ${importo.message}` });
  const giorno = parseData($('#data').value);
  if (!giorno.ok) errors.push({ input: $('#data'), message: `Data: ${giorno.message}` });
  const lottiRaw = $('#lotti').value.trim();
  const lotti = lottiRaw ? parseIntero(lottiRaw, { min: 1, max: 200 }) : null;
  if (lotti && !lotti.ok) errors.push({ input: $('#lotti'), message: `Lotti: ${lotti.message}` });
  if (errors.length) {
    clear(out);
    status.textContent = 'Correggi i campi segnalati.';
    markFields(form, errors);
    return;
  }
  const body = {
    tipo: $('#tipo').value,
    importo: importo.value,
    data: giorno.value,
    ente: $('#ente').value,
  };
  if (lotti) body.lotti = lotti.value;
  if ($('#criterio').value) body.criterio = $('#criterio').value;
  if ($('#qualificazione').value.trim()) body.qualificazione = $('#qualificazione').value.trim();
  if ($('#transfrontaliero').checked) body.interesse_transfrontaliero = true;
  setLoading(out, true, { status, text: 'Calcolo in corso…' });
  try {
    const r = await apiSend('POST', '/sua/procedura', body);
    setLoading(out, false, { status, text: 'Calcolo completato: il risultato è qui sotto.' });
    renderProcedura(r, body);
  } catch (err) {
    setLoading(out, false, { status, text: 'Calcolo non riuscito.' });
    clear(out);
    // The form asks for the amount in euro: importo_cents is its input too.
    const field = err.field === 'importo_cents' ? 'importo' : err.field;
    if (!markField(form, field, err.message, { focus: true })) {
      showApiError(err, 'procedura', { retry: calcolaProcedura });
    }
  }
}

$('#form-procedura').addEventListener('submit', (e) => {
  e.preventDefault();
  calcolaProcedura();
});

// --- anomaly calculator ---

function offerCell(o) {
  return `${pct(o.ribasso)} (offerta n. ${o.posizione})`;
}

const ALE = { bassa: 'bassa', alta: 'alta', low: 'bassa', high: 'alta' };

function renderAnomalia(r) {
  const out = $('#esito-anomalia');
  clear(out);
  const steps = [];
  steps.push(`Offerte ammesse: ${r.n}. Metodo ${r.metodo}${r.sconto_riferimento ? `, sconto di riferimento E = ${pct(r.sconto_riferimento)}` : ''}.`);
  if (!r.applicabile) {
    out.append(h('div', { class: 'esito-principale', id: 'risposta-anomalia' },
      h('h3', { class: 'h4' }, 'Soglia non calcolata'), h('p', { class: 'mb-0' }, r.motivo)));
  }
  if (r.taglio_ali) {
    const t = r.taglio_ali;
    steps.push(`Taglio delle ali: k = ${t.k} per ala (${t.regola}). Ala bassa (≤ ${pct(t.limite_basso)}): ${t.ala_bassa.map(offerCell).join(', ')}. Ala alta (≥ ${pct(t.limite_alto)}): ${t.ala_alta.map(offerCell).join(', ')}. Offerte rimaste: ${t.offerte_rimaste}.`);
    steps.push(`Somma dei ribassi rimasti: ${num(r.somma)}.`);
  }
  if (r.media) {
    const c = r.cifre_somma;
    steps.push(`Media aritmetica: ${pct(r.media)} (esatta: ${r.media_frazione}).`);
    steps.push(`Ribassi superiori alla media: ${r.offerte_sopra_media}, somma ${num(r.somma_sopra_media)}; scarto medio: ${num(r.scarto_medio)} (esatto: ${r.scarto_medio_frazione}).`);
    steps.push(`Cifre della somma: prima cifra decimale ${c.prima_cifra_decimale}, seconda ${c.seconda_cifra_decimale}, prodotto ${c.prodotto}; somma di tutte le cifre ${c.somma_cifre} (${c.parita_somma_cifre}).`);
    if (r.rapporto_scarto_media !== undefined) steps.push(`Rapporto scarto medio / media: ${r.rapporto_scarto_media === null ? 'non definito' : num(r.rapporto_scarto_media)}.`);
    steps.push(`Variante: ${r.variante}.`);
    steps.push(`Base: ${num(r.base_soglia)}; variazione: ${r.segno_variazione === 'nessuna' ? 'nessuna' : `${r.segno_variazione}${num(r.variazione)}`}.`);
    steps.push(`Soglia di anomalia: ${pct(r.soglia)}${r.soglia_esatta ? '' : ' (arrotondata a 6 decimali)'}; valore esatto ${r.soglia_frazione} punti percentuali.`);
    steps.push(`Regola: ${r.regola_esclusione}.`);
    steps.push(`Offerte escluse: ${r.escluse.length ? r.escluse.map(offerCell).join(', ') : 'nessuna'}.`);
    if (r.vincitrice) {
      steps.push(`Miglior offerta non esclusa: ${pct(r.vincitrice.ribasso)} (offerta n. ${r.vincitrice.posizioni.join(', n. ')})${r.parita ? ': parità, la vincitrice si determina con sorteggio da verbalizzare' : ''}.`);
      steps.push(`Ribasso di aggiudicazione: ${pct(r.ribasso_aggiudicazione)}.`);
    } else {
      steps.push('Nessuna offerta sotto la soglia.');
    }
    out.append(h('div', { class: 'esito-principale', id: 'risposta-anomalia' },
      h('h3', { class: 'h4' }, `Soglia di anomalia: ${pct(r.soglia)}`),
      h('p', { class: 'mb-0 risposta' }, r.vincitrice
        ? [`Ribasso di aggiudicazione: `, h('strong', {}, pct(r.ribasso_aggiudicazione)),
          ` (offerta n. ${r.vincitrice.posizioni.join(', n. ')}${r.parita ? ', parità: sorteggio' : ''}); offerte escluse: ${r.escluse.length}.`]
        : 'Nessuna offerta sotto la soglia.')));
  }
  // The offers on a number line (another module draws it here).
  out.append(h('div', { dataset: { anomaliaGrafico: '' } }));
  out.append(h('h4', { class: 'h5' }, 'Dati inseriti'),
    dl([
      ['Metodo', `Metodo ${r.metodo} (All. II.2)`],
      r.sconto_riferimento ? ['Sconto di riferimento E', pct(r.sconto_riferimento)] : null,
      ['Offerte', `${r.n}, elencate nella tabella con il loro numero d'ordine`],
    ], 'row dati-inseriti'));
  out.append(h('h4', { class: 'h5' }, 'Passaggi del calcolo'), h('ol', { id: 'passaggi' }, steps.map((s) => h('li', {}, s))));
  const w = warnings(r.warnings);
  if (w) out.append(w);
  out.append(h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm' },
    h('caption', {}, 'Offerte in ordine crescente di ribasso'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Offerta n.'), h('th', { scope: 'col', class: 'num' }, 'Ribasso'),
      h('th', { scope: 'col' }, 'Ala'), h('th', { scope: 'col' }, 'Esito'))),
    h('tbody', {}, r.offerte_ordinate.map((o) => h('tr', {},
      h('td', {}, String(o.posizione)), h('td', { class: 'num' }, pct(o.ribasso)), h('td', {}, o.ala ? (ALE[o.ala] ?? o.ala) : '—'),
      h('td', {}, o.esclusa ? 'esclusa (anomala)' : 'ammessa')))))));
  out.append(...riferimenti(r.riferimenti), piede('anomalia'));
}

async function calcolaAnomalia() {
  const form = $('#form-anomalia');
  clearError('anomalia');
  clearFieldErrors(form);
  const status = $('#stato-anomalia');
  const out = $('#esito-anomalia');
  // One offer a line; blank lines and "# comments" skipped; the line number
  // of each offer kept for the messages.
  const righe = $('#offerte').value.split('\n').map((l, i) => ({ testo: l.trim(), riga: i + 1 }))
    .filter((l) => l.testo && !l.testo.startsWith('#'));
  const errors = [];
  const offerte = [];
  const sbagliate = [];
  for (const l of righe) {
    const p = parsePercentuale(l.testo);
    if (p.ok) offerte.push(p.value);
    else sbagliate.push(`riga ${l.riga} («${l.testo}»): ${p.message}`);
  }
  if (righe.length === 0) errors.push({ input: $('#offerte'), message: 'Inserisci almeno un ribasso, uno per riga.' });
  else if (sbagliate.length) {
    errors.push({ input: $('#offerte'), message: `Ribassi da correggere: ${sbagliate.slice(0, 5).join('; ')}${sbagliate.length > 5 ? ` e altri ${sbagliate.length - 5}` : ''}.` });
  }
  const e0 = $('#sconto-riferimento').value.trim();
  let sconto = null;
  if (e0) {
    sconto = parsePercentuale(e0);
    if (!sconto.ok) errors.push({ input: $('#sconto-riferimento'), message: `Sconto di riferimento: ${sconto.message}` });
  }
  if (errors.length) {
    clear(out);
    status.textContent = 'Correggi i campi segnalati.';
    markFields(form, errors);
    return;
  }
  const body = { metodo: $('#metodo').value, offerte };
  if (sconto) body.sconto_riferimento = sconto.value;
  setLoading(out, true, { status, text: 'Calcolo in corso…' });
  try {
    const r = await apiSend('POST', '/sua/anomalia', body);
    setLoading(out, false, { status, text: 'Calcolo completato: il risultato è qui sotto.' });
    renderAnomalia(r);
    renderGraficoAnomalia(r);
  } catch (err) {
    setLoading(out, false, { status, text: 'Calcolo non riuscito.' });
    clear(out);
    const m = /^offerte\[(\d+)\]$/.exec(err.field ?? '');
    const where = m && righe[Number(m[1])] ? ` (riga ${righe[Number(m[1])].riga} delle offerte inserite)` : '';
    if (!markField(form, err.field, err.message + where, { focus: true })) {
      showApiError(err, 'anomalia', { retry: calcolaAnomalia, suffix: where });
    }
  }
}

$('#form-anomalia').addEventListener('submit', (e) => {
  e.preventDefault();
  calcolaAnomalia();
});
