// One dataset of the catalogue (public; a draft only for its data office),
// by ?id=N or by its CKAN name ?nome=x (the catalogue's links: CKAN's ids
// are UUIDs, so the name is looked up with the list's `nome` filter):
// GET /api/v1/dati/dataset/{id} for the metadata and resources with their
// download links; for the resources in the tabular store, a preview of the
// records through CKAN's datastore_search (first 50, searched with q), the
// fields and their types, and a bar chart of a numeric column summed by
// another column (GET /dati/risorse/{id}/aggrega, exact decimals), with the
// table of the same figures as its text alternative; the map of its
// spatial coverage (dataset-mappa.js).
import { initSite } from '../lib/site.js';
import { apiGet, ApiError, isAbort } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, showError, setLoading } from '../lib/alert.js';
import { formatNumber, plural } from '../lib/format.js';
import { formatNumero, formatDataOra } from '../lib/numeri.js';
import { barre, tabella } from '../lib/grafico.js';
import { statoBadge } from '../lib/dati.js';
import { mappaCopertura } from './dataset-mappa.js';

const params = new URLSearchParams(window.location.search);
let id = params.get('id') ?? '';
const nome = params.get('nome') ?? '';
const PREVIEW = 50;
let campi = [];
let ctrl = null;

async function datastore(params, signal) {
  const u = new URL('/api/3/action/datastore_search', window.location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== '') u.searchParams.set(k, v);
  const res = await fetch(u.pathname + u.search, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok || !body?.success) throw new ApiError(body?.error?.message ?? 'Anteprima non disponibile.', { status: res.status });
  return body.result;
}

const NUM = new Set(['int', 'numeric']);
const cella = (v, type) => (v === null || v === undefined ? '' : NUM.has(type) ? formatNumero(typeof v === 'number' ? String(v) : v) : String(v));

async function anteprima() {
  const rid = $('#a-risorsa').value;
  const status = $('#stato-anteprima');
  const box = $('#anteprima');
  ctrl?.abort();
  ctrl = new AbortController();
  setLoading(box, true, { status, text: 'Caricamento dell\'anteprima…' });
  try {
    const r = await datastore({ resource_id: rid, limit: String(PREVIEW), q: $('#a-q').value.trim() }, ctrl.signal);
    campi = r.fields.filter((f) => f.id !== '_id');
    clear(box).append(h('table', { class: 'table table-sm table-striped', id: 'tabella-anteprima' },
      h('caption', { class: 'visually-hidden' }, 'Anteprima dei dati'),
      h('thead', {}, h('tr', {}, campi.map((f) => h('th', { scope: 'col', class: NUM.has(f.type) ? 'text-end' : null }, f.id)))),
      h('tbody', {}, r.records.map((rec) => h('tr', {}, campi.map((f) => h('td', { class: NUM.has(f.type) ? 'text-end' : null }, cella(rec[f.id], f.type))))))));
    const total = r.total ?? r.records.length;
    setLoading(box, false, { status, text: `${formatNumber(total)} ${plural(total, 'riga', 'righe')}${total > r.records.length ? `, le prime ${r.records.length} qui sotto` : ''}.` });
    clear($('#struttura')).append(h('details', { class: 'mt-2' }, h('summary', {}, 'Struttura della tabella'),
      h('ul', { class: 'small', id: 'campi-tabella' }, campi.map((f) => h('li', {}, h('code', {}, f.id), ` — ${({ int: 'numero intero', numeric: 'numero', date: 'data', text: 'testo' })[f.type] ?? f.type}`)))));
    grafico();
  } catch (err) {
    if (isAbort(err)) return;
    setLoading(box, false, { status, text: 'Anteprima non disponibile.' });
    showApiError(err, 'anteprima');
  }
}

function grafico() {
  const num = campi.filter((f) => NUM.has(f.type));
  const altri = campi.filter((f) => !NUM.has(f.type));
  $('#sezione-grafico').hidden = !num.length || !altri.length;
  if ($('#sezione-grafico').hidden) return;
  const opts = (sel, list) => {
    const prev = sel.value;
    clear(sel).append(...list.map((f) => h('option', { value: f.id, selected: f.id === prev }, f.id)));
  };
  opts($('#g-valore'), num);
  opts($('#g-gruppo'), altri);
}

$('#form-grafico').addEventListener('submit', async (e) => {
  e.preventDefault();
  const v = $('#g-valore').value;
  const g = $('#g-gruppo').value;
  try {
    const r = await apiGet(`/dati/risorse/${$('#a-risorsa').value}/aggrega`, { group_by: g, sum: v });
    const gruppi = r.gruppi.slice().sort((a, b) => Number(b[`sum:${v}`] ?? 0) - Number(a[`sum:${v}`] ?? 0)).slice(0, 15);
    const bars = gruppi.map((x) => ({ label: x.valore ?? '(vuoto)', value: Number(x[`sum:${v}`] ?? 0), text: formatNumero(String(x[`sum:${v}`] ?? 0)) }));
    const title = `Somma di ${v} per ${g}${r.gruppi.length > 15 ? ' (i 15 gruppi maggiori)' : ''}`;
    clear($('#grafico')).append(barre(bars, { title, id: 'svg-grafico' }),
      tabella(title, [g, `Somma di ${v}`, 'Righe'], gruppi.map((x, i) => [bars[i].label, bars[i].text, formatNumber(x.count)]), { id: 'tabella-grafico' }));
  } catch (err) { showApiError(err, 'grafico'); }
});

$('#form-anteprima').addEventListener('submit', (e) => { e.preventDefault(); anteprima(); });
$('#a-risorsa').addEventListener('change', anteprima);

// "2021-12-31" -> "31/12/2021".
const formatGiorno = (iso) => iso.split('-').reverse().join('/');

// The id of the published dataset named n, or null.
async function idPerNome(n) {
  const r = await apiGet('/dati/dataset', { nome: n, limit: 1 });
  return r.items.length ? String(r.items[0].id) : null;
}

async function carica() {
  let d;
  try {
    if (!id) {
      id = await idPerNome(nome);
      if (!id) {
        showError(`Il dataset «${nome}» non è nel catalogo.`);
        return;
      }
    }
    d = await apiGet(`/dati/dataset/${id}`);
  } catch (err) {
    showApiError(err, 'dataset', { retry: carica });
    return;
  }
  $('#titolo-dataset').textContent = d.titolo;
  document.title = `${d.titolo} | areavasta`;
  $('#descrizione-dataset').textContent = d.descrizione;
  const dl = clear($('#metadati-dataset'));
  const row = (t, v) => dl.append(h('dt', { class: 'col-sm-3' }, t), h('dd', { class: 'col-sm-9' }, v));
  row('Ente', `${d.editore.nome} (codice IPA ${d.editore.codice_ipa})`);
  if (d.stato !== 'pubblicato') row('Stato', statoBadge(d.stato));
  row('Identificativo', h('code', {}, d.identificativo));
  if (d.temi.length) row('Temi', d.temi.join(', '));
  if (d.parole_chiave.length) row('Parole chiave', d.parole_chiave.join(', '));
  row('Frequenza di aggiornamento', d.frequenza_nome ?? d.frequenza);
  row('Licenza', d.licenza.uri ? h('a', { href: d.licenza.uri }, d.licenza.nome) : d.licenza.nome);
  const ct = d.copertura_temporale;
  if (ct) row('Copertura temporale', `${ct.inizio ? `dal ${formatGiorno(ct.inizio)}` : ''}${ct.inizio && ct.fine ? ' ' : ''}${ct.fine ? `al ${formatGiorno(ct.fine)}` : ''}`);
  if (d.copertura_spaziale?.length) row('Copertura territoriale', h('span', {}, ...d.copertura_spaziale.flatMap((l, i) => [i ? ', ' : '', h('a', { href: l.uri }, l.nome ?? l.codice.replace(/^nuts:/, 'NUTS '))])));
  if (d.contatto) row('Punto di contatto', h('span', {}, `${d.contatto.nome} · `, h('a', { href: `mailto:${d.contatto.email}` }, d.contatto.email)));
  row('Ultima modifica', formatDataOra(new Date(d.modificato)));
  row('Metadati', h('span', {}, h('a', { href: `/api/3/action/package_show?id=${encodeURIComponent(d.nome)}` }, 'CKAN (JSON)'), ' · ', h('a', { href: '/catalogo.rdf' }, 'DCAT-AP_IT (RDF)')));
  clear($('#elenco-risorse')).append(...d.risorse.map((r) => h('li', { class: 'py-2 border-bottom risorsa', dataset: { risorsa: String(r.id) } },
    h('strong', {}, r.nome), ' ', h('span', { class: 'badge bg-primary' }, r.formato),
    r.descrizione ? h('span', { class: 'd-block small' }, r.descrizione) : null,
    r.url || r.file_url ? h('a', { href: r.url ?? r.file_url, class: 'd-block' }, 'Scarica', h('span', { class: 'visually-hidden' }, ` ${r.nome}`)) : null)));
  const tab = d.risorse.filter((r) => r.tabella_id !== null && r.tabella_id !== undefined);
  $('#area-dataset').hidden = false;
  $('#sezione-mappa').hidden = !(await mappaCopertura(d.copertura_spaziale, $('#mappa-copertura')));
  if (tab.length) {
    clear($('#a-risorsa')).append(...tab.map((r) => h('option', { value: String(r.id) }, r.nome)));
    $('#sezione-anteprima').hidden = false;
    anteprima();
  }
}

initSite().then(() => {
  if (!/^[1-9][0-9]{0,17}$/.test(id)) id = '';
  if (!id && !/^[a-z0-9_-]{2,100}$/.test(nome)) {
    showError('Indica il dataset nell\'indirizzo della pagina (?id=numero o ?nome=nome-del-dataset).');
    return;
  }
  carica();
});
