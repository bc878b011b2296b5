// Bando di gara: one published tender (GET /api/v1/gare/{id}, ?id= in the
// URL): deadlines in Rome time with a live countdown, the tender's data,
// lots, documents, answered clarifications and amendments, and where the
// call was published through ANAC's PCP (the notice on ANAC's board, and
// for an EU call the id TED knows it by).
//
// Countdown: each deadline shows "mancano 3 giorni e 4 ore", refreshed
// every 30 seconds.  The visible text is not a live region (a screen
// reader would be interrupted every half minute); a separate polite,
// visually hidden region announces the next deadline once when the page
// opens and again only when the countdown changes unit of days (or the
// deadline passes).
import { initSite } from '../lib/site.js';
import { showVerbaliPubblici } from '../lib/verbali.js';
import { apiGet, isAbort } from '../lib/api.js';
import { h, $, clear } from '../lib/dom.js';
import { showApiError, clearError } from '../lib/alert.js';
import { formatEuroCents, formatData, formatDataOra } from '../lib/numeri.js';
import { orDash, formatNumber } from '../lib/format.js';
import { tipoLabel, statoBadge, countdownText } from '../lib/portale.js';
import { PROCEDURE } from '../lib/gare.js';
import { showRiservatezza } from '../lib/riservatezza.js';

const TICK_MS = 30000;
const TERMINI = [
  ['chiarimenti', 'Richiesta di chiarimenti entro'],
  ['offerte', 'Presentazione delle offerte entro'],
  ['prima_seduta', 'Prima seduta pubblica'],
];

initSite();

const id = new URLSearchParams(window.location.search).get('id') ?? '';
const status = $('#stato-pagina');
let timer = null;

try {
  const ref = new URL(document.referrer);
  if (ref.origin === window.location.origin && ref.pathname === '/bandi.html') $('#torna-gare').href = ref.pathname + ref.search;
} catch (e) {
  // no or foreign referrer: the plain link
}

async function load() {
  status.textContent = 'Caricamento…';
  clearError('gara');
  try {
    if (!/^\d+$/.test(id)) throw Object.assign(new Error('Gara non trovata.'), { status: 404 });
    const g = await apiGet(`/gare/${id}`);
    render(g);
    showRiservatezza($('#sezione-riservatezza'), $('#testo-riservatezza'), id);
    status.textContent = '';
  } catch (e) {
    if (isAbort(e)) return;
    status.textContent = '';
    $('#titolo-gara').textContent = e.status === 404 ? 'Gara non trovata' : 'Gara non disponibile';
    showApiError(e, 'gara', { retry: load });
  }
}

function render(g) {
  document.title = `${g.oggetto} | Bandi di gara | areavasta`;
  $('#titolo-gara').textContent = g.oggetto;
  const sub = clear($('#sottotitolo-gara'));
  sub.append(`${tipoLabel(g.tipo)} — pubblicata il ${g.pubblicata ? g.pubblicata.locale : '—'} `, statoBadge(g.stato));
  if (g.versione > 0) sub.append(' ', h('span', { class: 'badge bg-warning text-dark' }, `${g.versione} ${g.versione === 1 ? 'rettifica' : 'rettifiche'}`));
  const annullata = $('#avviso-annullata');
  annullata.hidden = g.stato !== 'annullata';
  if (g.stato === 'annullata') annullata.textContent = `Gara annullata${g.motivo_annullamento ? `: ${g.motivo_annullamento}` : '.'}`;

  renderTermini(g);
  showVerbaliPubblici($('#verbali-pubblici'), g.id);
  const dl = clear($('#dati-gara'));
  const rows = [
    ['Oggetto', g.oggetto],
    ['Tipo', tipoLabel(g.tipo)],
    ['Procedura', g.procedura ? (new Map(PROCEDURE).get(g.procedura) ?? g.procedura) : '—'],
    ['Criterio di aggiudicazione', g.criterio === 'oepv' ? 'Offerta economicamente più vantaggiosa' : g.criterio === 'prezzo' ? 'Minor prezzo' : '—'],
    ['Importo complessivo', formatEuroCents(g.importo_cents)],
    ['Oneri per la sicurezza', formatEuroCents(g.sicurezza_cents)],
    ['Responsabile del procedimento', orDash(g.rup_nome)],
    ['Data di pubblicazione', formatData(g.data_pubblicazione)],
  ];
  for (const [k, v] of rows) dl.append(h('dt', { class: 'col-sm-4' }, k), h('dd', { class: 'col-sm-8' }, v));

  const tbody = clear($('#tabella-lotti tbody'));
  for (const l of g.lotti) {
    tbody.append(h('tr', {},
      h('td', {}, String(l.numero)),
      h('th', { scope: 'row' }, l.oggetto),
      h('td', { class: 'codice' }, orDash(l.cig)),
      h('td', { class: 'codice' }, l.cpv),
      h('td', { class: 'num' }, formatEuroCents(l.importo_cents)),
      h('td', { class: 'num' }, formatEuroCents(l.sicurezza_cents)),
      h('td', {}, h('a', { href: `/comuni.html?codice=${encodeURIComponent(l.comune.codice_istat)}` }, l.comune.nome ?? l.comune.codice_istat))));
  }

  const docs = clear($('#documenti'));
  if (g.documenti.length === 0) docs.append(h('li', {}, 'Nessun documento pubblicato.'));
  for (const d of g.documenti) {
    docs.append(h('li', {}, h('a', { href: d.url, download: '' }, d.nome),
      ` (${d.tipo ? `${d.tipo}, ` : ''}${formatNumber(Math.max(1, Math.round(d.size / 1024)))} kB)`));
  }

  const chi = clear($('#chiarimenti'));
  if (g.chiarimenti.length === 0) chi.append(h('p', {}, 'Nessun chiarimento pubblicato.'));
  for (const c of g.chiarimenti) {
    chi.append(h('div', { class: 'card card-bg shadow-sm mb-3' }, h('div', { class: 'card-body' },
      h('h3', { class: 'h6' }, `Domanda n. ${c.id}`),
      h('p', {}, c.domanda),
      h('h3', { class: 'h6' }, `Risposta${c.risposto ? ` del ${c.risposto.locale}` : ''}`),
      h('p', { class: 'mb-0' }, c.risposta))));
  }

  const ret = clear($('#rettifiche'));
  if (g.rettifiche.length === 0) ret.append(h('p', {}, 'Nessuna rettifica.'));
  for (const r of g.rettifiche) {
    const changes = r.modifiche && typeof r.modifiche === 'object'
      ? h('ul', {}, Object.entries(r.modifiche).map(([campo, v]) => h('li', {}, `${campoLabel(campo)}: ${fmt(campo, v?.da)} → ${fmt(campo, v?.a)}`)))
      : null;
    ret.append(h('div', { class: 'mb-3' },
      h('h3', { class: 'h6' }, `Rettifica n. ${r.numero}${r.pubblicata ? ` del ${r.pubblicata.locale}` : ''}`),
      h('p', { class: 'mb-1' }, r.motivo), changes));
  }
  renderPcp(g.pcp);
  renderEsiti(g.esiti ?? []);
  $('#gara-json').href = `/api/v1/gare/${g.id}`;
  $('#gara').hidden = false;
}

// The lots' outcomes once awarded (issue 13): the ranking with discounts
// and scores, the anomaly threshold, the awardee, the contract.
function renderEsiti(esiti) {
  const box = clear($('#esiti'));
  $('#sezione-esiti').hidden = esiti.length === 0;
  for (const e of esiti) {
    const sec = h('div', { class: 'mb-4 esito-lotto', id: `esito-lotto-${e.lotto}` }, h('h3', { class: 'h5' }, `Lotto ${e.lotto}`));
    box.append(sec);
    if (e.stato === 'deserta') {
      sec.append(h('p', {}, 'Lotto deserto: nessuna offerta valida.'));
      continue;
    }
    const oepv = e.graduatoria.some((x) => x.totale);
    sec.append(h('p', {}, `Aggiudicato a ${e.aggiudicatario.ragione_sociale} (P. IVA ${e.aggiudicatario.operatore}) con il ribasso del ${e.ribasso_aggiudicazione} %. `,
      `Offerte presentate: ${e.partecipanti}, ammesse: ${e.ammesse}.`,
      e.soglia_anomalia?.soglia ? ` Soglia di anomalia: ${e.soglia_anomalia.soglia} %.` : ''));
    if (e.contratto_data) sec.append(h('p', {}, `Contratto stipulato il ${formatData(e.contratto_data)} per ${formatEuroCents(e.contratto_cents)}.`));
    const head = ['Posizione', 'Operatore', 'Ribasso %', ...(oepv ? ['Punti tecnici', 'Punti economici', 'Totale'] : []), 'Esito'];
    sec.append(h('div', { class: 'table-responsive' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, `Graduatoria del lotto ${e.lotto}`),
      h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, e.graduatoria.map((x) => h('tr', {},
        h('td', {}, x.posizione ? String(x.posizione) : '—'),
        h('th', { scope: 'row' }, x.ragione_sociale),
        h('td', { class: 'num' }, x.ribasso),
        oepv ? [h('td', { class: 'num' }, x.punti_tecnici), h('td', { class: 'num' }, x.punti_economici), h('td', { class: 'num' }, x.totale)] : [],
        h('td', {}, x.esclusa ? 'Esclusa (offerta anomala)' : x.anomala ? 'Anomala' : 'Ammessa')))))));
    if (e.escluse.length > 0) sec.append(h('p', {}, `Escluse: ${e.escluse.map((x) => `${x.ragione_sociale} (fase ${x.fase})`).join('; ')}.`));
  }
}

// An amended field's name and values, readable: "lotti[1].importo_cents"
// -> "lotto 2, importo", amounts in euro, instants in Rome time.
const CAMPI = {
  termine_offerte: 'termine per le offerte', termine_chiarimenti: 'termine per i chiarimenti',
  prima_seduta: 'prima seduta pubblica', oggetto: 'oggetto', importo_cents: 'importo',
  sicurezza_cents: 'oneri per la sicurezza', cig: 'CIG', cpv: 'CPV', comune: 'Comune',
  procedura: 'procedura', criterio: 'criterio', rup_nome: 'responsabile del procedimento',
};
function campoLabel(campo) {
  const m = campo.match(/^lotti\[(\d+)\]\.(\w+)$/);
  if (m) return `lotto ${Number(m[1]) + 1}, ${CAMPI[m[2]] ?? m[2]}`;
  return CAMPI[campo] ?? campo;
}
function fmt(campo, v) {
  if (v === null || v === undefined || v === '') return '—';
  if (/_cents$/.test(campo) && Number.isInteger(v)) return formatEuroCents(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDataOra(Date.parse(v)).replace(',', '');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function renderTermini(g) {
  const ul = clear($('#termini'));
  const live = [];
  for (const [key, label] of TERMINI) {
    const t = g.termini?.[key];
    if (!t) continue;
    const count = h('span', { class: 'countdown', role: 'timer', 'aria-live': 'off' });
    ul.append(h('li', { class: 'mb-2' }, h('strong', {}, `${label}: `),
      h('time', { datetime: t.iso }, t.locale), ' ', count));
    live.push({ t, label, count });
  }
  if (live.length === 0) ul.append(h('li', {}, 'Nessuna scadenza indicata.'));
  let lastAnnounced = null;
  const tick = () => {
    const now = Date.now();
    for (const x of live) x.count.textContent = g.stato === 'annullata' ? '' : `(${countdownText(x.t.iso, now)})`;
    if (g.stato === 'annullata') return;
    // The next deadline still open, announced politely when its day count changes.
    const next = live.find((x) => Date.parse(x.t.iso) > now) ?? live[live.length - 1];
    if (!next) return;
    const text = countdownText(next.t.iso, now);
    const left = Date.parse(next.t.iso) - now;
    const key = `${next.label}|${left > 0 ? Math.floor(left / 86400000) : 'scaduto'}`;
    if (key !== lastAnnounced) {
      lastAnnounced = key;
      $('#annuncio-termini').textContent = `${next.label} ${next.t.locale}: ${text}.`;
    }
  };
  tick();
  if (timer) clearInterval(timer);
  if (live.length) timer = setInterval(tick, TICK_MS);
}

load();

// The call as published through ANAC's PCP (g.pcp, null until PCP says
// it is published).  Outside ANAC's production environment the notice is
// a test one: said so, with no link.
function renderPcp(p) {
  const sec = $('#sezione-pubblicazione');
  sec.hidden = !p;
  if (!p) return;
  const dl = clear($('#pubblicazione'));
  const row = (k, v) => dl.append(h('dt', { class: 'col-sm-4' }, k), h('dd', { class: 'col-sm-8' }, v));
  row('Avviso ANAC', p.anac_url
    ? h('a', { href: p.anac_url, rel: 'external' }, `Avviso ${p.id_avviso} sulla piattaforma di pubblicità legale dell'ANAC`)
    : `${p.id_avviso} (ambiente di prova ANAC: ${p.ambiente}, non è una pubblicazione legale)`);
  if (p.ted) {
    row('Gazzetta europea (TED)', p.ted.url
      ? h('a', { href: p.ted.url, rel: 'external' }, 'Avviso pubblicato su TED')
      : `Avviso inviato a TED tramite l'ANAC, identificativo ${p.ted.notice_id}`);
  }
}
