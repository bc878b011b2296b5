// Valutazione della gara (?id=N, and ?lotto=L for a commissioner): the
// SUA officer's sessions and steps (GET /api/v1/sua/gare/{id}/valutazione
// and the routes of docs/api/sua-*.md), and a commissioner's scoring form
// (GET .../lotti/{L}/commissione, PUT .../offerte/{o}/coefficienti).
//
// Every step is a small form that sends one request and redraws the view
// the server answers with; a refused step shows the server's Italian
// message and marks the field it names (data-campo).  The ranking shows
// every number of the anomaly threshold, as the minutes will.
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { guardPage, hasRole } from '../lib/session.js';
import { clearFieldErrors, markField } from '../lib/form.js';
import { formatEuroCents, parseImporto, parseData } from '../lib/numeri.js';
import { isoToCampo, campoToApi } from '../lib/gare.js';

const params = new URLSearchParams(window.location.search);
const garaId = /^[1-9]\d{0,17}$/.test(params.get('id') ?? '') ? params.get('id') : null;
const lottoComm = /^[1-9]\d{0,2}$/.test(params.get('lotto') ?? '') ? params.get('lotto') : '1';
const status = $('#stato-pagina');

const TIPI = { amministrativa: 'Amministrativa', tecnica: 'Tecnica riservata', economica: 'Economica' };
const STATI = {
  null: 'Termine per le offerte non scaduto', valutazione: 'In valutazione', graduatoria: 'Graduatoria calcolata',
  proposta: 'Proposta di aggiudicazione', aggiudicata: 'Aggiudicato', contratto: 'Contratto stipulato', deserta: 'Deserto',
};
const AMM = { ammessa: 'Ammessa', esclusa: 'Esclusa', soccorso: 'Soccorso istruttorio' };

// Sends one step; on success redraws with the answer, else marks the field.
async function step(form, method, path, body) {
  clearError('valutazione');
  if (form) clearFieldErrors(form);
  try {
    const v = await apiSend(method, `/sua/gare/${garaId}${path}`, body);
    if (v && v.lotti) render(v);
    else await load();
    status.textContent = 'Operazione registrata.';
    return true;
  } catch (err) {
    if (form && err.field) markField(form, err.field, err.message, { focus: true });
    showApiError(err, 'valutazione');
    return false;
  }
}

const field = (id, label, attrs = {}, cls = 'col-12 col-md-4') => h('div', { class: cls },
  h('label', { for: id, class: 'form-label' }, label),
  h(attrs.tag ?? 'input', { id, class: attrs.tag === 'select' ? 'form-select' : 'form-control', type: attrs.tag ? undefined : 'text', autocomplete: 'off', 'data-campo': attrs.campo }, attrs.options ?? []));

// ---- the officer's view ----------------------------------------------------

function renderRegole(v) {
  const i = v.impostazioni;
  const dl = clear($('#regole'));
  const rows = [
    ['Criterio', v.criterio === 'oepv' ? 'Offerta economicamente più vantaggiosa' : 'Minor prezzo'],
    ['Metodo della soglia di anomalia', i.metodo_anomalia === 'sorteggio' ? 'sorteggiato in seduta fra i metodi compatibili' : i.metodo_anomalia ? `Metodo ${i.metodo_anomalia}${i.sconto_riferimento ? ` (E = ${i.sconto_riferimento} %)` : ''}` : 'non fissato'],
    ['Interesse transfrontaliero certo', i.transfrontaliero ? 'sì' : 'no'],
    ['Riparametrazione', ['nessuna', 'per criterio', 'per criterio e sul totale'][i.riparametrazione] ?? '—'],
    ['Soglia tecnica di sbarramento', i.soglia_tecnica ? `${i.soglia_tecnica} punti (${i.soglia_prima ? 'prima' : 'dopo'} la riparametrazione)` : 'nessuna'],
  ];
  for (const [k, x] of rows) dl.append(h('dt', { class: 'col-sm-5' }, k), h('dd', { class: 'col-sm-7' }, x));
}

function renderSedute(v) {
  const tb = clear($('#tabella-sedute tbody'));
  for (const s of v.sedute) {
    let esito = s.esito ?? '';
    if (s.aperta) {
      const id = `esito-seduta-${s.numero}`;
      const f = h('form', { class: 'd-flex gap-2 flex-wrap', novalidate: true },
        h('label', { for: id, class: 'visually-hidden' }, `Esito della seduta ${s.numero}`),
        h('input', { id, type: 'text', class: 'form-control', placeholder: 'Esito', 'data-campo': 'esito' }),
        h('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' }, 'Chiudi la seduta'));
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        step(f, 'POST', `/sedute/${s.numero}/chiudi`, { esito: $(`#${id}`).value.trim() });
      });
      esito = f;
    }
    tb.append(h('tr', {}, h('td', {}, String(s.numero)), h('td', {}, String(s.lotto)), h('td', {}, TIPI[s.tipo] ?? s.tipo),
      h('td', {}, isoToCampo(s.data)), h('td', {}, s.presenti.join(', ')), h('td', {}, esito)));
  }
}

function ammissioneForm(l) {
  const n = l.numero;
  const f = h('form', { class: 'row g-3 align-items-end', novalidate: true },
    field(`amm-${n}-offerta`, 'Offerta', { tag: 'select', campo: 'offerta_id', options: l.partecipanti.map((p) => h('option', { value: p.offerta_id }, `${p.ragione_sociale} (${p.operatore})`)) }, 'col-12 col-md-4'),
    field(`amm-${n}-esito`, 'Decisione', { tag: 'select', campo: 'esito', options: Object.entries(AMM).map(([k, x]) => h('option', { value: k }, x)) }, 'col-12 col-md-2'),
    field(`amm-${n}-motivo`, 'Motivo (esclusione, soccorso)', { campo: 'motivo' }, 'col-12 col-md-3'),
    field(`amm-${n}-termine`, 'Termine del soccorso', { campo: 'termine' }, 'col-12 col-md-3'),
    h('div', { class: 'col-12' }, h('button', { type: 'submit', class: 'btn btn-outline-primary', id: `amm-${n}-invia` }, 'Registra la decisione')));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { offerta_id: Number($(`#amm-${n}-offerta`).value), esito: $(`#amm-${n}-esito`).value };
    const motivo = $(`#amm-${n}-motivo`).value.trim();
    if (motivo) body.motivo = motivo;
    const t = campoToApi($(`#amm-${n}-termine`).value);
    if (!t.ok) { markField(f, 'termine', t.message, { focus: true }); return; }
    if (t.value) body.termine = t.value;
    step(f, 'POST', `/lotti/${n}/ammissioni`, body);
  });
  return f;
}

function soglia(eco) {
  const s = eco.soglia;
  if (!s) return h('p', {}, `Soglia di anomalia: ${eco.esclusione_motivo ?? 'non calcolata'}.`);
  const rows = [
    ['Metodo', `${s.metodo} — ${s.variante ?? ''}`],
    ['Offerte ammesse', String(s.n)],
    ['Taglio delle ali', s.taglio_ali ? `${s.taglio_ali.k} per ala (limiti ${s.taglio_ali.limite_basso} e ${s.taglio_ali.limite_alto}), ${s.taglio_ali.offerte_rimaste} rimaste` : '—'],
    ['Somma dei ribassi', s.somma ?? '—'],
    ['Media', s.media ?? '—'],
    ['Scarto medio', s.scarto_medio ?? '—'],
    ['Soglia di anomalia', `${s.soglia ?? '—'} %`],
    ['Regola', s.regola_esclusione ?? '—'],
    ['Esclusione automatica', eco.esclusione_automatica ? 'sì' : `no (${eco.esclusione_motivo})`],
  ];
  return h('dl', { class: 'row soglia-anomalia' }, rows.map(([k, x]) => [h('dt', { class: 'col-sm-4' }, k), h('dd', { class: 'col-sm-8' }, typeof x === 'object' ? JSON.stringify(x) : x)]));
}

function graduatoria(l, oepv) {
  const eco = l.economica;
  const head = ['Pos.', 'Operatore', 'Ribasso %', ...(oepv ? ['Tecnico', 'Economico', 'Totale'] : []), 'Note'];
  const rows = eco.graduatoria.map((g) => h('tr', {},
    h('td', {}, g.posizione ? String(g.posizione) : '—'),
    h('th', { scope: 'row' }, `${g.ragione_sociale} (${g.operatore})`),
    h('td', { class: 'num' }, g.ribasso),
    oepv ? [h('td', { class: 'num' }, g.punti_tecnici), h('td', { class: 'num' }, g.punti_economici), h('td', { class: 'num' }, g.totale)] : [],
    h('td', {}, [g.esclusa ? 'esclusa (anomala)' : g.anomala ? 'anomala: verifica di congruità' : '', g.sorteggiata ? ' sorteggio' : ''].join(''))));
  return h('div', {},
    h('h4', { class: 'h6' }, `Graduatoria${eco.seme ? ` (seme del sorteggio: «${eco.seme}»)` : ''}`),
    h('div', { class: 'table-responsive' }, h('table', { class: 'table graduatoria', id: `graduatoria-${l.numero}` },
      h('caption', { class: 'visually-hidden' }, `Graduatoria del lotto ${l.numero}`),
      h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows))),
    oepv ? null : soglia(eco),
    h('p', {}, `Ribasso di aggiudicazione: ${eco.ribasso_aggiudicazione ?? '—'} %`));
}

function simpleForm(id, fields, label, onSubmit) {
  const f = h('form', { class: 'row g-3 align-items-end mb-3', novalidate: true, id }, fields,
    h('div', { class: 'col-12 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-outline-primary', id: `${id}-invia` }, label)));
  f.addEventListener('submit', (e) => { e.preventDefault(); onSubmit(f); });
  return f;
}

function renderLotto(v, l) {
  const n = l.numero;
  const oepv = v.criterio === 'oepv';
  const box = h('section', { class: 'mb-5 lotto-valutazione', 'aria-labelledby': `titolo-lotto-${n}`, id: `lotto-${n}` },
    h('h2', { class: 'h3', id: `titolo-lotto-${n}` }, `Lotto ${n}: ${STATI[l.stato] ?? l.stato}`));
  if (!l.stato) { v.attesa = true; return box; }
  box.append(h('h3', { class: 'h5' }, 'Partecipanti'),
    h('div', { class: 'table-responsive' }, h('table', { class: 'table', id: `partecipanti-${n}` },
      h('caption', { class: 'visually-hidden' }, `Offerte presentate sul lotto ${n}`),
      h('thead', {}, h('tr', {}, ['Operatore', 'Partita IVA', 'Busta A', 'Motivo'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, l.partecipanti.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.ragione_sociale), h('td', {}, p.operatore),
        h('td', {}, AMM[p.ammissione] ?? 'da decidere'), h('td', {}, p.motivo ?? '')))))));
  if (l.stato === 'valutazione' && l.partecipanti.length > 0) box.append(ammissioneForm(l));
  if (oepv) {
    box.append(h('h3', { class: 'h5' }, 'Punteggi tecnici'));
    if (l.tecnica) {
      box.append(h('ul', {}, l.tecnica.offerte.map((o) => h('li', {},
        `${o.ragione_sociale}: ${o.totale} punti${o.sotto_soglia ? ' — sotto la soglia di sbarramento' : ''}`))));
    } else {
      box.append(h('p', {}, `Coefficienti inseriti: ${(l.coefficienti_inseriti ?? []).map((c) => c.coefficienti).join(', ') || 'nessuno'}.`),
        h('p', {}, h('button', { type: 'button', class: 'btn btn-outline-primary', id: `tecnica-${n}`, onclick: () => step(null, 'POST', `/lotti/${n}/tecnica/chiudi`) }, 'Chiudi i punteggi tecnici')));
    }
  }
  box.append(h('h3', { class: 'h5' }, 'Graduatoria'));
  if (l.economica) box.append(graduatoria(l, oepv));
  if (l.stato === 'valutazione' || l.stato === 'graduatoria') {
    box.append(simpleForm(`form-graduatoria-${n}`, [field(`seme-${n}`, 'Seme del sorteggio pubblico (solo per le parità)', { campo: 'seme' }, 'col-12 col-md-6')],
      l.economica ? 'Ricalcola la graduatoria' : 'Calcola la graduatoria', (f) => {
        const seme = $(`#seme-${n}`).value.trim();
        step(f, 'POST', `/lotti/${n}/graduatoria`, seme ? { seme } : {});
      }));
  }
  box.append(h('h3', { class: 'h5' }, 'Aggiudicazione'));
  if (l.stato === 'graduatoria') {
    box.append(h('p', {}, h('button', { type: 'button', class: 'btn btn-primary', id: `proposta-${n}`, onclick: () => step(null, 'POST', `/lotti/${n}/proposta`) }, 'Proponi l\'aggiudicazione')));
  }
  if (l.proposta_offerta) {
    const p = l.partecipanti.find((x) => x.offerta_id === l.proposta_offerta);
    box.append(h('p', { id: `aggiudicatario-${n}` }, `Operatore proposto: ${p ? p.ragione_sociale : l.proposta_offerta}`),
      h('ul', {}, l.verifiche.map((x) => h('li', {}, `${x.requisito}: ${x.esito}${x.note ? ` (${x.note})` : ''}`))));
  }
  if (l.stato === 'proposta') {
    box.append(simpleForm(`form-verifica-${n}`, [field(`requisito-${n}`, 'Requisito verificato', { campo: 'requisito' }, 'col-12 col-md-5'),
      field(`verifica-esito-${n}`, 'Esito', { tag: 'select', campo: 'esito', options: [h('option', { value: 'positivo' }, 'Positivo'), h('option', { value: 'negativo' }, 'Negativo')] }, 'col-12 col-md-4')],
    'Registra la verifica', (f) => step(f, 'POST', `/lotti/${n}/verifiche`, { requisito: $(`#requisito-${n}`).value.trim(), esito: $(`#verifica-esito-${n}`).value })),
    h('p', {}, h('button', { type: 'button', class: 'btn btn-primary', id: `aggiudica-${n}`, onclick: () => step(null, 'POST', `/lotti/${n}/aggiudica`) }, 'Aggiudica')));
  }
  if (l.stato === 'aggiudicata') {
    box.append(h('p', {}, l.standstill_giorni !== null ? `Termine dilatorio di ${l.standstill_giorni} giorni: stipula dal ${l.stipula_dal.split('-').reverse().join('/')}.` : 'Nessun termine dilatorio.'),
      simpleForm(`form-contratto-${n}`, [field(`contratto-data-${n}`, 'Data di stipula (gg/mm/aaaa)', { campo: 'data' }, 'col-12 col-md-4'),
        field(`contratto-importo-${n}`, 'Importo del contratto (euro)', { campo: 'importo_cents' }, 'col-12 col-md-4')], 'Registra il contratto', (f) => {
        const d = parseData($(`#contratto-data-${n}`).value);
        const imp = parseImporto($(`#contratto-importo-${n}`).value);
        if (!d.ok) { markField(f, 'data', d.message, { focus: true }); return; }
        if (!imp.ok) { markField(f, 'importo_cents', imp.message, { focus: true }); return; }
        step(f, 'POST', `/lotti/${n}/contratto`, { data: d.value, importo_cents: imp.cents });
      }));
  }
  if (l.stato === 'contratto') box.append(h('p', { id: `contratto-${n}` }, `Contratto stipulato il ${l.contratto_data.split('-').reverse().join('/')} per ${formatEuroCents(l.contratto_cents)}.`));
  if (l.stato === 'valutazione') {
    box.append(simpleForm(`form-deserta-${n}`, [field(`deserta-${n}`, 'Motivo (lotto deserto)', { campo: 'motivo' }, 'col-12 col-md-6')],
      'Dichiara deserto', (f) => step(f, 'POST', `/lotti/${n}/deserta`, { motivo: $(`#deserta-${n}`).value.trim() })));
  }
  if (l.stato === 'deserta') box.append(h('p', {}, `Deserto: ${l.deserta_motivo}`));
  return box;
}

function render(v) {
  $('#riepilogo-valutazione').textContent = `Gara n. ${v.gara_id}, scadenza delle offerte ${isoToCampo(v.termine_offerte) || '—'}.`;
  renderRegole(v);
  $('#sezione-commissione').hidden = v.criterio !== 'oepv';
  const ul = clear($('#commissari'));
  for (const c of v.commissari) ul.append(h('li', {}, `${c.nome}${c.presidente ? ' (presidente)' : ''}`));
  if (v.commissari.length === 0) ul.append(h('li', {}, 'Nessun commissario nominato.'));
  renderSedute(v);
  const sel = clear($('#seduta-lotto'));
  for (const l of v.lotti) sel.append(h('option', { value: l.numero }, String(l.numero)));
  const box = clear($('#lotti-valutazione'));
  for (const l of v.lotti) box.append(renderLotto(v, l));
  $('#area-funzionario').hidden = false;
}

async function load() {
  status.textContent = 'Caricamento…';
  render(await apiGet(`/sua/gare/${garaId}/valutazione`));
  status.textContent = '';
}

$('#form-seduta').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = $('#form-seduta');
  const d = campoToApi($('#seduta-data').value);
  if (!d.ok || !d.value) { markField(f, 'data', d.message ?? 'Scrivi data e ora della seduta.', { focus: true }); return; }
  const presenti = $('#seduta-presenti').value.split('\n').map((s) => s.trim()).filter(Boolean);
  step(f, 'POST', '/sedute', { lotto: Number($('#seduta-lotto').value), tipo: $('#seduta-tipo').value, data: d.value, presenti });
});

$('#form-commissario').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = $('#form-commissario');
  const idu = Number($('#commissario-id').value.trim());
  if (!Number.isInteger(idu) || idu < 1) { markField(f, 'user_id', 'Scrivi il numero dell\'utente.', { focus: true }); return; }
  step(f, 'POST', '/commissari', { user_id: idu, presidente: $('#commissario-presidente').checked });
});

// ---- the commissioner's form ------------------------------------------------

function renderCommissario(c) {
  const box = clear($('#schede-commissario'));
  box.append(h('h2', { class: 'h3' }, `Lotto ${c.lotto}${c.chiusa ? ': punteggi chiusi' : ''}`));
  for (const o of c.offerte) {
    const fid = `scheda-${o.offerta_id}`;
    const f = h('form', { class: 'row g-3 mb-4 scheda', id: fid, novalidate: true },
      h('h3', { class: 'h5 col-12' }, o.ragione_sociale),
      c.criteri.map((k, i) => field(`${fid}-${k.chiave}`, `Criterio ${k.chiave} (${k.punti} punti)`, { campo: `coefficienti[${i}].valore` }, 'col-6 col-md-3')),
      c.chiusa ? null : h('div', { class: 'col-12' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Salva i coefficienti')));
    for (const k of c.criteri) {
      const inp = $(`#${CSS.escape(`${fid}-${k.chiave}`)}`, f);
      inp.value = o.coefficienti[k.chiave] ?? '';
      inp.disabled = c.chiusa;
    }
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(f);
      clearError('valutazione');
      const coefficienti = c.criteri.map((k) => ({ criterio: k.chiave, valore: $(`#${CSS.escape(`${fid}-${k.chiave}`)}`, f).value.trim().replace(',', '.') }))
        .filter((x) => x.valore !== '');
      try {
        renderCommissario(await apiSend('PUT', `/sua/gare/${garaId}/lotti/${c.lotto}/offerte/${o.offerta_id}/coefficienti`, { coefficienti }));
        status.textContent = 'Coefficienti salvati.';
      } catch (err) {
        if (err.field) markField(f, err.field, err.message, { focus: true });
        showApiError(err, 'valutazione');
      }
    });
    box.append(f);
  }
  $('#area-commissario').hidden = false;
}

initSite().then(async (me) => {
  const officer = me && hasRole(me, 'sua_officer');
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: officer || !me ? 'sua_officer' : 'commissioner',
    forbidden: 'La valutazione delle gare è del funzionario SUA e dei commissari nominati.',
  })) return;
  if (!garaId) {
    status.textContent = 'Gara non indicata.';
    return;
  }
  try {
    if (officer) await load();
    else renderCommissario(await apiGet(`/sua/gare/${garaId}/lotti/${lottoComm}/commissione`));
    status.textContent = '';
  } catch (err) {
    status.textContent = '';
    showApiError(err, 'valutazione', { retry: () => window.location.reload() });
  }
});
