// Home: the instance's Province and its figures (GET /api/v1/istanza); then
// its territory: a map of its Comuni (a circle per Comune, area by
// population) and a histogram of the Comuni by population class, each with
// its table (GET /api/v1/comuni?provincia=XX, boundaries from /geo/comuni/).
// The figures and the territory are busy with a visible "Caricamento…"
// while loading; a failed load is shown at the top, focused, with "Riprova".
import { initSite } from '../lib/site.js';
import { getIstanza, apiGet, isAbort } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { formatNumber, nomeEnte, plural } from '../lib/format.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { GEO, loadFeatures, mappa } from '../lib/mappa.js';
import { s, barre, tabella } from '../lib/grafico.js';
import { fontiFrase } from '../lib/fonti.js';

initSite();

function render(istanza) {
  const p = istanza.provincia;
  const status = $('#istanza-stato');
  $('[data-istanza-titolo]').textContent = p ? nomeEnte(p) : 'Istanza nazionale della rete';
  status.textContent = p
    ? `Questa piattaforma è gestita dalla ${nomeEnte(p)} (sigla ${p.sigla}, codice ISTAT ${p.codice}).`
    : 'Questa istanza non è legata a una Provincia: raccoglie la rete nazionale delle Province.';
  const values = {
    comuni_attivi: formatNumber(istanza.comuni_attivi),
    popolazione: formatNumber(istanza.popolazione),
    regione: p && p.regione ? p.regione.nome : 'Italia',
  };
  for (const el of $$('[data-cifra]')) el.textContent = values[el.dataset.cifra];
  $('[data-fonti]').textContent = fontiFrase(istanza);
  $('#istanza-cifre').hidden = false;
  if (p) {
    const link = $('#link-comuni-provincia');
    link.href = `/comuni.html?provincia=${encodeURIComponent(p.sigla)}`;
    link.textContent = `Cerca tra i Comuni della ${nomeEnte(p)}`;
    territorio(p);
  }
}

// --- the territory ---

// Population classes (upper bounds, inclusive), as ISTAT groups Comuni.
const CLASSI = [1000, 2000, 5000, 10000, 20000, 50000, 100000, Infinity];

function classeLabel(i) {
  const lo = i === 0 ? 0 : CLASSI[i - 1] + 1;
  const hi = CLASSI[i];
  if (i === 0) return `fino a ${formatNumber(hi)}`;
  if (hi === Infinity) return `oltre ${formatNumber(lo - 1)}`;
  return `${formatNumber(lo)}–${formatNumber(hi)}`;
}

async function comuniDi(sigla) {
  const items = [];
  let after = '';
  for (;;) {
    // Page by page along the cursor the API returns (next).
    const r = await apiGet('/comuni', { provincia: sigla, limit: 500, after });
    items.push(...r.items);
    if (!r.next) return items;
    after = r.next;
  }
}

async function territorio(p) {
  const section = $('#territorio');
  const status = $('#stato-territorio');
  section.hidden = false;
  clearError('territorio');
  setLoading(section, true, { status, text: 'Caricamento…' });
  let comuni;
  try {
    comuni = await comuniDi(p.sigla);
  } catch (e) {
    if (isAbort(e)) return;
    setLoading(section, false, { status, text: 'I Comuni della Provincia non sono disponibili.' });
    showApiError(e, 'territorio', { retry: () => territorio(p) });
    return;
  }
  setLoading(section, false, { status });
  const conPop = comuni.filter((c) => typeof c.popolazione === 'number');
  status.textContent = `${comuni.length} ${plural(comuni.length, 'Comune', 'Comuni')} della ${nomeEnte(p)}`
    + (conPop.length < comuni.length ? `; per ${comuni.length - conPop.length} manca il numero di abitanti.` : '.');
  istogramma(conPop);
  clear($('#tabella-comuni-abitanti')).append(tabella(`Comuni della ${nomeEnte(p)} in ordine di abitanti`, ['Comune', 'Abitanti'],
    [...comuni].sort((a, b) => (b.popolazione ?? -1) - (a.popolazione ?? -1) || a.nome.localeCompare(b.nome, 'it'))
      .map((c) => [c.nome, formatNumber(c.popolazione)]), { id: 'tabella-abitanti' }));
  try {
    const aree = await loadFeatures(`${GEO}/comuni/${encodeURIComponent(p.codice)}.topo.json`, 'comuni');
    mappaComuni(p, comuni, aree);
  } catch (e) {
    if (!isAbort(e)) clear($('#mappa-comuni')).append(h('p', {}, 'La mappa non è disponibile: i dati sono nella tabella qui sotto.'));
  }
}

function istogramma(comuni) {
  const counts = CLASSI.map(() => ({ n: 0, abitanti: 0 }));
  for (const c of comuni) {
    const i = CLASSI.findIndex((hi) => c.popolazione <= hi);
    counts[i].n += 1;
    counts[i].abitanti += c.popolazione;
  }
  const bars = counts.map((k, i) => ({ label: classeLabel(i), value: k.n, text: formatNumber(k.n) }));
  clear($('#istogramma-comuni')).append(barre(bars, {
    id: 'svg-istogramma',
    title: `Istogramma: numero di Comuni per classe di abitanti. ${bars.map((b) => `${b.label}: ${b.text}`).join('; ')}.`,
  }));
  clear($('#tabella-classi')).append(tabella('Comuni per classe di ampiezza demografica', ['Abitanti', 'Comuni', 'Abitanti in totale'],
    counts.map((k, i) => [classeLabel(i), formatNumber(k.n), formatNumber(k.abitanti)]), { id: 'tabella-classi-abitanti' }));
}

function mappaComuni(p, comuni, aree) {
  const byCodice = new Map(comuni.map((c) => [c.codice_istat, c]));
  const top = [...comuni].filter((c) => typeof c.popolazione === 'number').sort((a, b) => b.popolazione - a.popolazione).slice(0, 3);
  const { svg, path } = mappa(aree, {
    id: 'svg-comuni',
    width: 400,
    height: 400,
    title: `Mappa dei Comuni della ${nomeEnte(p)}, con un cerchio per Comune di area proporzionale agli abitanti; i più popolosi: ${top.map((c) => `${c.nome} (${formatNumber(c.popolazione)})`).join(', ')}.`,
  });
  svg.setAttribute('role', 'img');
  svg.removeAttribute('tabindex');
  const max = Math.max(1, ...comuni.map((c) => c.popolazione ?? 0));
  const cerchi = [];
  let disegnati = 0;
  for (const f of aree.features) {
    const d = path(f);
    if (!d) continue;
    svg.append(s('path', { d, class: 'mappa-comune' }));
    const c = byCodice.get(f.properties.codice);
    if (!c || typeof c.popolazione !== 'number') continue;
    disegnati += 1;
    const [x, y] = path.centroid(f);
    cerchi.push({ c, x, y, r: Math.max(1.5, 18 * Math.sqrt(c.popolazione / max)) });
  }
  cerchi.sort((a, b) => b.r - a.r);
  for (const k of cerchi) {
    svg.append(s('circle', { cx: k.x.toFixed(1), cy: k.y.toFixed(1), r: k.r.toFixed(1), class: 'mappa-cerchio', 'data-comune': k.c.codice_istat },
      s('title', {}, `${k.c.nome}: ${formatNumber(k.c.popolazione)} abitanti`)));
  }
  svg.dataset.comuni = String(disegnati);
  const box = clear($('#mappa-comuni'));
  box.append(svg);
  const mancanti = comuni.filter((c) => !aree.features.some((f) => f.properties.codice === c.codice_istat));
  if (mancanti.length) {
    box.append(h('p', { class: 'small' }, `Senza confini sulla mappa (Comuni istituiti o modificati dopo il 2023): ${mancanti.map((c) => c.nome).join(', ')}.`));
  }
}

// The instance as the site asked for it (getIstanza, once per page); a
// retry asks again.
function loadIstanza(ask = getIstanza) {
  const box = $('#istanza');
  setLoading(box, true, { status: $('#istanza-stato'), text: 'Caricamento…' });
  clearError('istanza');
  ask().then((i) => {
    setLoading(box, false, { status: $('#istanza-stato') });
    render(i);
  }, (e) => {
    if (isAbort(e)) return;
    setLoading(box, false, { status: $('#istanza-stato'), text: 'I dati della Provincia non sono disponibili.' });
    // The same key as site.js's message: this one replaces it, with "Riprova".
    showApiError(e, 'istanza', { retry: () => loadIstanza(() => apiGet('/istanza')) });
  });
}
loadIstanza();
