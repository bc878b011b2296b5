// The EU desk's eligibility of a call (sape_officer): ?bando=ID[&provincia=
// SIGLA].  GET /bandi/{id}/requisiti lists the rules; /ammissibilita gives
// each Comune's esito with the reasons (passed, failed with value and
// limit, to verify), filtered here by esito; when the call sets a minimum
// population for groupings, /aggregazioni lists the groups of neighbouring
// Comuni and draws them on the Province's map (the list is the text
// alternative of the map).
import { initSite } from '../lib/site.js';
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { formatNumber, formatDate, plural } from '../lib/format.js';
import { GEO, ATTRIBUZIONE, loadFeatures, mappa } from '../lib/mappa.js';
import { s } from '../lib/grafico.js';

const params = new URLSearchParams(location.search);
const bando = params.get('bando') || '';
const provincia = params.get('provincia') || '';
const ESITO = {
  ammissibile: ['Ammissibile', 'bg-success'],
  non_ammissibile: ['Non ammissibile', 'bg-danger'],
  da_verificare: ['Da verificare', 'bg-warning text-dark'],
};
const PALETTE = 6;
let items = [];

function regoleRequisiti(r) {
  const out = [];
  const n = (v) => formatNumber(v);
  if (r.tipi_ente) out.push(`Enti ammessi: ${r.tipi_ente.join(', ').replaceAll('_', ' ')}.`);
  if (r.popolazione_min !== null) out.push(`Popolazione almeno ${n(r.popolazione_min)} abitanti.`);
  if (r.popolazione_max !== null) out.push(`Popolazione al più ${n(r.popolazione_max)} abitanti.`);
  if (r.popolazione_aggregata_min !== null) out.push(`In aggregazione: almeno ${n(r.popolazione_aggregata_min)} abitanti in tutto.`);
  out.push(r.popolazione_data ? `Popolazione al ${formatDate(r.popolazione_data)}.` : 'Popolazione: il dato più recente.');
  if (r.regioni) out.push(`Regioni (codici ISTAT): ${r.regioni.join(', ')}.`);
  if (r.categoria_regione) out.push(`Categorie di regione 2021-27: ${r.categoria_regione.join(', ').replaceAll('_', ' ')}.`);
  if (r.nuts3) out.push(`Territori NUTS3: ${r.nuts3.join(', ')}.`);
  if (r.partner_min !== null) out.push(`Partenariato: almeno ${r.partner_min} partner.`);
  if (r.paesi_min !== null) out.push(`Partner da almeno ${r.paesi_min} paesi.`);
  if (r.cofinanziamento_max_bp !== null) out.push(`Contributo UE al più ${(r.cofinanziamento_max_bp / 100).toLocaleString('it-IT')} %.`);
  for (const m of r.verifiche_manuali) out.push(`Da verificare: ${m}`);
  if (!r.indicati) return ['I requisiti del bando non sono ancora stati indicati: ogni Comune resta da verificare.'];
  return out;
}

function motivi(it) {
  const li = (cls, t) => h('li', { class: cls }, t);
  return h('ul', { class: 'list-unstyled mb-0 small' },
    it.esclusioni.map((m) => li('text-danger', `✗ ${m.testo}`)),
    it.da_verificare.map((m) => li('', `? ${m.testo}`)),
    it.motivi.map((m) => li('', `✓ ${m.testo}`)));
}

function tabella() {
  const f = $('#filtro-esito').value;
  const shown = f ? items.filter((i) => i.esito === f) : items;
  const counts = { ammissibile: 0, non_ammissibile: 0, da_verificare: 0 };
  for (const i of items) counts[i.esito] += 1;
  $('#stato-esiti').textContent = `${items.length} ${plural(items.length, 'Comune', 'Comuni')}: `
    + `${counts.ammissibile} ${plural(counts.ammissibile, 'ammissibile', 'ammissibili')}, `
    + `${counts.da_verificare} da verificare, ${counts.non_ammissibile} non ${plural(counts.non_ammissibile, 'ammissibile', 'ammissibili')}.`;
  clear($('#tabella-esiti')).append(h('div', { class: 'table-responsive', tabindex: '0', role: 'region', 'aria-label': 'Ammissibilità dei Comuni (scorre in orizzontale)' },
    h('table', { class: 'table table-sm align-top', id: 'tabella-ammissibilita' },
      h('caption', {}, `Esito per Comune (${shown.length} ${plural(shown.length, 'mostrato', 'mostrati')})`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Comune'),
        h('th', { scope: 'col', class: 'text-end' }, 'Abitanti'),
        h('th', { scope: 'col' }, 'Esito'),
        h('th', { scope: 'col' }, 'Perché'))),
      h('tbody', {}, shown.map((it) => h('tr', { dataset: { comune: it.codice_istat, esito: it.esito } },
        h('th', { scope: 'row' }, it.nome),
        h('td', { class: 'text-end text-nowrap' }, it.popolazione === null ? '—'
          : h('span', {}, formatNumber(it.popolazione), h('br'), h('small', { class: 'text-secondary' }, `al ${formatDate(it.popolazione_data)}`))),
        h('td', {}, h('span', { class: `badge ${ESITO[it.esito][1]}` }, ESITO[it.esito][0])),
        h('td', {}, motivi(it))))))));
}

async function aggregazioni(r) {
  const sec = $('#sezione-aggregazioni');
  sec.hidden = false;
  const status = $('#stato-aggregazioni');
  status.textContent = 'Caricamento…';
  let a;
  try {
    a = await apiGet(`/bandi/${encodeURIComponent(bando)}/aggregazioni`, provincia ? { provincia } : {});
  } catch (err) {
    status.textContent = '';
    showApiError(err, 'aggregazioni');
    return;
  }
  status.textContent = a.messaggio;
  const gruppo = new Map();
  a.gruppi.forEach((g, i) => g.membri.forEach((m) => gruppo.set(m.codice_istat, i)));
  clear($('#elenco-aggregazioni')).append(
    h('ol', { class: 'ps-3', id: 'lista-gruppi' }, a.gruppi.map((g, i) => h('li', { class: 'mb-3', dataset: { gruppo: g.numero } },
      h('span', { class: `campione gruppo-${i % PALETTE}`, 'aria-hidden': 'true' }),
      h('strong', {}, ` ${g.membri.map((m) => m.nome).join(', ')}`),
      h('br'),
      a.criterio === 'partner'
        ? `${g.membri.length} Comuni partner (minimo ${formatNumber(a.partner_minimi)}), ${formatNumber(g.popolazione_totale)} abitanti. ${g.perche}`
        : `${formatNumber(g.popolazione_totale)} abitanti (soglia ${formatNumber(a.popolazione_minima)}). ${g.perche}`))),
    a.esclusi.length ? h('details', {}, h('summary', {}, `Comuni non aggregati (${a.esclusi.length})`),
      h('ul', { class: 'small' }, a.esclusi.map((e) => h('li', {}, `${e.nome}: ${e.motivo}`)))) : null,
    a.da_soli.length ? h('details', {}, h('summary', {}, `Comuni che raggiungono da soli la soglia (${a.da_soli.length})`),
      h('ul', { class: 'small' }, a.da_soli.map((e) => h('li', {}, e.nome)))) : null);
  try {
    const aree = await loadFeatures(`${GEO}/comuni/${encodeURIComponent(a.provincia)}.topo.json`, 'comuni');
    const { svg, path } = mappa(aree, {
      id: 'svg-aggregazioni', width: 400, height: 400,
      title: `Mappa dei Comuni della Provincia: ${a.gruppi.length} ${plural(a.gruppi.length, 'gruppo colorato', 'gruppi colorati')}; l'elenco accanto riporta i membri di ciascun gruppo.`,
    });
    for (const f of aree.features) {
      const g = gruppo.get(f.properties.codice);
      svg.append(s('path', { d: path(f), class: g === undefined ? 'area-neutra' : `area-gruppo gruppo-${g % PALETTE}` },
        s('title', {}, f.properties.nome + (g === undefined ? '' : `: gruppo ${g + 1}`))));
    }
    clear($('#mappa-aggregazioni')).append(svg, h('p', { class: 'small text-secondary' }, ATTRIBUZIONE));
  } catch (e) {
    clear($('#mappa-aggregazioni')).append(h('p', {}, 'La mappa non è disponibile: i gruppi sono nell\'elenco.'));
  }
  void r;
}

async function load() {
  if (!/^[1-9][0-9]{0,17}$/.test(bando)) {
    $('#titolo-bando').textContent = 'Indica il bando nell\'indirizzo della pagina (?bando=numero).';
    $('#stato-esiti').textContent = '';
    return;
  }
  let r;
  try {
    r = await apiGet(`/bandi/${encodeURIComponent(bando)}/requisiti`);
    const list = await apiGet(`/bandi/${encodeURIComponent(bando)}/ammissibilita`, { ...(provincia ? { provincia } : {}), limit: 1000 });
    items = list.items;
  } catch (err) {
    $('#stato-esiti').textContent = '';
    showApiError(err, 'generale', { retry: load });
    return;
  }
  $('#titolo-bando').textContent = `Bando n. ${bando}${provincia ? ` — Provincia ${provincia}` : ''}`;
  clear($('#elenco-requisiti')).append(...regoleRequisiti(r).map((t) => h('li', {}, t)));
  tabella();
  // Groups by population minimum, or else by partnership minimum.
  if (r.popolazione_aggregata_min !== null || (r.partner_min ?? 0) >= 2) await aggregazioni(r);
}

$('#filtro-esito').addEventListener('change', tabella);

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), { role: 'sape_officer', forbidden: 'Solo il Servizio Europa della Provincia vede l\'ammissibilità dei Comuni.' })) return;
  $('#area-ammissibilita').hidden = false;
  load();
});
