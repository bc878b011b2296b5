// Audit browser (admin): GET /api/v1/audit with filters ente / actor /
// action / from / to, newest first, paginated, scoped by the server to the
// admin's Provinces and their Comuni; the filters live in the URL.
// Entries in words: who by name and email, what in plain Italian (the API's
// actor_name / action_label).  The ente filter is an autocomplete by name
// (Comuni and Provinces, code and Province shown; the API gets the code);
// the days are typed gg/mm/aaaa (lib/campo-data.js) and sent as ISO.  A
// failed load is shown at the top, focused, with "Riprova"; a bad filter
// is marked on its field.  Everyone sees when the latest checkpoint was
// signed; the checkpoint itself (GET /api/v1/audit/checkpoint, public) and
// how to verify it are in the "Per chi verifica" disclosure; all of them
// are on /registro.html.
import { initSite } from '../lib/site.js';
import { apiGet } from '../lib/api.js';
import { $, h, clear } from '../lib/dom.js';
import { showApiError, clearError, setLoading } from '../lib/alert.js';
import { clearFieldErrors, markField, markFields } from '../lib/form.js';
import { attachAutocomplete } from '../lib/autocomplete.js';
import { suggestions } from '../lib/ruoli.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { parseData, formatData } from '../lib/numeri.js';
import { guardPage } from '../lib/session.js';
import { formatTimestamp, formatTotale, plural, ruoloLabel } from '../lib/format.js';
import { renderPager, bindPager, fetchPage, pageSuffix } from '../lib/pager.js';
import { resolveEnti, enteName } from '../lib/enti.js';

const PAGE_SIZE = 25;
// The filter's choices; each entry's own words come from the API
// (action_label, actor_name: src/audit/labels.c).
const AZIONI = {
  'auth.login': 'Accesso alla piattaforma',
  'auth.login_failed': 'Accesso non riuscito dal web',
  'auth.logout': 'Uscita dalla piattaforma',
  'user.create': 'Creazione di un account',
  'user.update': 'Modifica di un account',
  'user.grant': 'Assegnazione di un ruolo',
  'user.revoke': 'Revoca di un ruolo',
  'user.password_change': 'Cambio della propria password',
  'user.password_reset': 'Reimpostazione della password di un account',
  'token.create': 'Creazione di un token di accesso',
  'token.revoke': 'Revoca di un token di accesso',
  'rete.update': 'Modifica dell\'adesione alla rete delle Province',
  'registry.import_istat': 'Importazione dell\'elenco ISTAT dei Comuni',
  'vocab.import_cpv': 'Importazione del vocabolario CPV',
  'document.upload': 'Caricamento di un documento',
  'impostazioni.set': 'Modifica delle impostazioni dell\'installazione',
  'job.create': 'Avvio di un lavoro in background',
  'sua.albo.create': 'Domanda di iscrizione all\'albo fornitori',
  'sua.albo.update': 'Modifica di un\'iscrizione all\'albo fornitori',
  'sua.albo.approva': 'Iscrizione all\'albo fornitori approvata',
  'sua.albo.respingi': 'Iscrizione all\'albo fornitori respinta',
  'sua.albo.sospendi': 'Iscrizione all\'albo fornitori sospesa',
  'sua.albo.riattiva': 'Iscrizione all\'albo fornitori riattivata',
  'sua.albo.registrazione': 'Registrazione di un operatore all\'albo fornitori',
  'sua.albo.registrazione_email_esistente': 'Registrazione all\'albo con un indirizzo e-mail già in uso',
  'sua.albo.registrazione_email': 'Invio del codice di conferma della registrazione all\'albo',
  'sua.albo.registrazione_conferma': 'Conferma dell\'indirizzo e-mail di un operatore registrato',
  'sua.albo.documento': 'Documento caricato su un\'iscrizione all\'albo',
};
const OGGETTI = { user: 'utente', api_token: 'token', provincia: 'Provincia' };
const FILTRI = [
  ['action', '#filtro-azione'], ['ente', '#filtro-ente'], ['actor', '#filtro-autore'],
  ['from', '#filtro-dal'], ['to', '#filtro-al'],
];

const form = $('#filtri-audit');
const table = $('#tabella-audit');
const status = $('#stato-audit');
const elenco = $('#elenco-audit');
const pager = $('#paginazione-audit');
let pagina = 1;

// The filters as the API wants them: days in ISO (a date that does not
// parse goes as typed, and the server names the field).
function filters() {
  const f = {};
  for (const [k, sel] of FILTRI) {
    let v = $(sel).value.trim();
    if (v && (k === 'from' || k === 'to')) {
      const p = parseData(v);
      if (p.ok) v = p.value;
    }
    if (v) f[k] = v;
  }
  return f;
}

const ENTE = /^(upi|provincia:\d{3}|comune:\d{6}|operatore:\d{11})$/;

function hrefFor(p) {
  const sp = new URLSearchParams(filters());
  if (p > 1) sp.set('pagina', String(p));
  return `/audit.html${sp.size ? `?${sp}` : ''}`;
}

// Who, in words (the API's actor_name); the account number for the filter.
function actorCell(e) {
  return h('span', {}, e.actor_name ?? e.actor,
    e.actor !== 'system' ? h('span', { class: 'small text-secondary d-block' }, `account n. ${e.actor}`) : null);
}

function value(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return v === true ? 'sì' : v === false ? 'no' : String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => x && typeof x === 'object' && 'role' in x && 'ente' in x)) {
      return v.length ? v.map((x) => `${ruoloLabel(x.role)} su ${x.ente}`).join('; ') : 'nessuno';
    }
    return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  }
  return JSON.stringify(v);
}

function details(d) {
  if (d === null) return h('span', { class: 'text-danger' }, 'non leggibili');
  const keys = Object.keys(d);
  if (keys.length === 0) return '—';
  return h('dl', { class: 'audit-details' }, keys.map((k) => {
    const v = d[k];
    // Nested objects (e.g. the new row of rete.update) one level deeper.
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return [h('dt', {}, k), h('dd', {}, h('dl', { class: 'audit-details ms-2' },
        Object.entries(v).map(([k2, v2]) => [h('dt', {}, k2), h('dd', {}, value(v2))])))];
    }
    return [h('dt', {}, k), h('dd', {}, value(v))];
  }));
}

function row(e) {
  const azione = e.action_label && e.action_label !== e.action ? e.action_label : AZIONI[e.action];
  return h('tr', { dataset: { seq: String(e.seq), azione: e.action } },
    h('td', { class: 'num' }, String(e.seq)),
    h('td', { class: 'text-nowrap-sm' }, h('time', { datetime: e.time, title: `${e.time} (UTC)` }, formatTimestamp(e.time))),
    h('td', {}, actorCell(e)),
    h('td', {}, azione ?? e.action),
    h('td', {}, e.ente ? [enteName(e.ente), h('span', { class: 'small text-secondary d-block codice' }, e.ente)] : '—'),
    h('td', {}, e.object_type ? `${OGGETTI[e.object_type] ?? e.object_type}${e.object_id ? ` ${e.object_id}` : ''}` : '—'),
    h('td', {}, details(e.details)));
}

async function load({ focus = false } = {}) {
  clearError('audit');
  setLoading(elenco, true, { status, text: 'Caricamento…' });
  try {
    const get = (offset, limit) => apiGet('/audit', { ...filters(), limit, offset });
    const { data, pages, ...got } = await fetchPage(get, pagina, PAGE_SIZE);
    await resolveEnti(data.items.map((e) => e.ente)); // names of the page's entes, one request
    pagina = got.pagina;
    clear($('tbody', table)).append(...data.items.map(row));
    table.hidden = data.items.length === 0;
    const filtered = Object.keys(filters()).length > 0;
    setLoading(elenco, false, { status });
    status.textContent = data.total === 0
      ? (filtered ? 'Nessuna voce corrisponde ai filtri.' : 'Il registro è vuoto.')
      : `${formatTotale(data)} ${plural(data.total, 'voce', 'voci')}${filtered ? ' corrispondenti ai filtri' : ''}, dalla più recente`
        + pageSuffix(pagina, pages);
    renderPager(pager, { pagina, pages, hrefFor });
    window.history.replaceState(null, '', hrefFor(pagina));
    // The CSV (GET /api/v1/audit.csv) with the same filters.
    const csv = $('#scarica-csv');
    const qs = new URLSearchParams(filters()).toString();
    if (csv) csv.href = `/api/v1/audit.csv${qs ? `?${qs}` : ''}`;
    if (focus) $('#titolo-voci').focus();
  } catch (err) {
    setLoading(elenco, false, { status, text: 'Il registro non è disponibile.' });
    clear($('tbody', table));
    table.hidden = true;
    pager.hidden = true;
    // A filter the server refused is marked on its field; anything else at
    // the top, with "Riprova" when the network or the server failed.
    if (!markField(form, err.field, err.message, { focus: true })) {
      showApiError(err, 'audit', { retry: () => load() });
    }
  }
}

// --- checkpoint (public) ---

let checkpoint = null;

async function loadCheckpoint() {
  const st = $('#stato-checkpoint');
  try {
    checkpoint = await apiGet('/audit/checkpoint');
  } catch (err) {
    st.textContent = 'Attestazione non disponibile.';
    showApiError(err, 'checkpoint', { retry: loadCheckpoint });
    return;
  }
  clearError('checkpoint');
  for (const el of document.querySelectorAll('[data-cp]')) {
    const k = el.dataset.cp;
    el.textContent = k === 'time' ? `${formatTimestamp(checkpoint.time)} (${checkpoint.time} UTC)`
      : k === 'seq' ? (checkpoint.seq === 0 ? 'nessuna: il registro è vuoto' : `n. ${checkpoint.seq}`)
        : String(checkpoint[k]);
  }
  $('#checkpoint-testo').value = JSON.stringify(checkpoint);
  $('#comando-verifica').textContent = `areavasta audit verify --db areavasta.db --checkpoint cp.json --public-key ${checkpoint.public_key}`;
  $('#checkpoint').hidden = false;
  $('#checkpoint-json').hidden = false;
  st.textContent = checkpoint.seq === 0
    ? `Ultima attestazione firmata: ${formatTimestamp(checkpoint.time)}, quando il registro era ancora vuoto.`
    : `Ultima attestazione firmata: ${formatTimestamp(checkpoint.time)}, quando il registro arrivava alla voce n. ${checkpoint.seq}.`;
}

$('#copia-checkpoint').addEventListener('click', async () => {
  const ta = $('#checkpoint-testo');
  const out = $('#stato-copia-checkpoint');
  try {
    await navigator.clipboard.writeText(ta.value);
    out.textContent = 'Copiato negli appunti.';
  } catch {
    ta.focus();
    ta.select();
    out.textContent = document.execCommand('copy') ? 'Copiato negli appunti.' : 'Seleziona il testo e copialo a mano.';
  }
});
$('#aggiorna-checkpoint').addEventListener('click', () => loadCheckpoint());

// --- filters ---

// The ente filter: Comuni and Provinces by name; picking one writes its code
// in the field and its name in a line under it.
function initEnte() {
  const input = $('#filtro-ente');
  const nome = h('small', { id: 'filtro-ente-nome', class: 'form-text d-block ente-scelto', dataset: { enteNome: '' } });
  input.setAttribute('aria-describedby', `filtro-ente-nome ${input.getAttribute('aria-describedby') ?? ''}`.trim());
  const showName = async () => {
    const code = input.value.trim();
    if (!ENTE.test(code)) {
      nome.textContent = '';
      return;
    }
    await resolveEnti([code]);
    if (input.value.trim() === code) nome.textContent = enteName(code);
  };
  const source = async (text, signal) => {
    if (/^upi$/i.test(text.trim())) return suggestions('upi', text, signal);
    const [prov, com] = await Promise.all([suggestions('provincia', text, signal), suggestions('comune', text, signal)]);
    return [...prov.slice(0, 3), ...com].slice(0, 10);
  };
  const ac = attachAutocomplete(input, { source, onPick: showName, minLength: 2 });
  ac.wrap.append(nome);
  input.addEventListener('input', () => { nome.textContent = ''; });
  input.addEventListener('change', showName);
  showName();
}

function initFilters() {
  const select = $('#filtro-azione');
  for (const [code, label] of Object.entries(AZIONI)) select.append(h('option', { value: code }, label));
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get('action');
  if (wanted && !(wanted in AZIONI)) select.append(h('option', { value: wanted }, wanted));
  for (const [k, sel] of FILTRI) $(sel).value = params.get(k) ?? '';
  pagina = Math.max(1, Number.parseInt(params.get('pagina') ?? '1', 10) || 1);
  const dal = $('#filtro-dal');
  const al = $('#filtro-al');
  for (const el of [dal, al]) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(el.value)) el.value = formatData(el.value);
    bindDateField(el);
  }
  initEnte();

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearError('audit');
    clearFieldErrors(form);
    const errors = [];
    const from = readDateField(dal);
    if (!from.ok) errors.push({ input: dal, message: `Dal giorno: ${from.message}` });
    const to = readDateField(al);
    if (!to.ok) errors.push({ input: al, message: `Al giorno: ${to.message}` });
    if (from.ok && to.ok && from.value && to.value && to.value < from.value) {
      errors.push({ input: al, message: 'Il giorno finale non può precedere quello iniziale.' });
    }
    const ente = $('#filtro-ente').value.trim();
    if (ente && !ENTE.test(ente)) {
      errors.push({ input: $('#filtro-ente'), message: 'Scegli l\'ente tra i suggerimenti, oppure scrivine il codice (provincia:024, comune:024116, upi).' });
    }
    if (errors.length) {
      status.textContent = 'Correggi i filtri segnalati.';
      markFields(form, errors);
      return;
    }
    pagina = 1;
    load();
  });
  form.addEventListener('reset', () => {
    window.setTimeout(() => {
      clearFieldErrors(form);
      for (const el of [dal, al]) readDateField(el);
      $('#filtro-ente').dispatchEvent(new Event('change'));
      pagina = 1;
      load();
    }, 0);
  });
  select.addEventListener('change', () => {
    pagina = 1;
    load();
  });
  bindPager(pager, async (p) => {
    pagina = p;
    await load();
  });
}

initSite().then(async (me) => {
  loadCheckpoint();
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'admin',
    forbidden: 'La consultazione del registro è riservata agli amministratori della Provincia. Il checkpoint firmato qui sotto è pubblico.',
  })) return;
  $('#area-audit').hidden = false;
  initFilters();
  load();
});
