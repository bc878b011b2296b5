// "Raccolte dati" (the Province's data_officer): the Province's campaigns
// (GET /dati/province/{p}/campagne) and a new one (POST, same path) built
// with a schema builder — one row of inputs per column (name, title, type,
// format, required, unique, enum, min/max, pattern, primary key) kept in
// step with the Table Schema JSON, which stays editable for what the rows
// do not show (missingValues, uniqueKeys, foreignKeys...) — a preview of the
// template's header row, the Comuni addressed (all, or some picked from the
// registry), the CSV's separator (`;` by default, as Excel writes it in
// Italian) and the deadline.  The server's errors name the JSON path
// (schema.fields[2].constraints.pattern): each builder input carries its
// path in data-campo, so the error lands on the input that caused it.
// Table rules have their own inputs too: the missing values, the unique
// combinations of columns, and per column a reference to the registry's
// ISTAT codes (a foreign key to the resource "comuni"); the preview shows
// the real form a Comune will fill in (lib/dati-modulo.js, the same code).
import { initSite } from '../lib/site.js';
import { apiGet, apiSend } from '../lib/api.js';
import { $, $$, h, clear } from '../lib/dom.js';
import { showApiError, showError, clearError, setLoading } from '../lib/alert.js';
import { guardPage } from '../lib/session.js';
import { clearFieldErrors, setFieldError, markFields } from '../lib/form.js';
import { bindDateField, readDateField } from '../lib/campo-data.js';
import { parseDecimale, formatData } from '../lib/numeri.js';
import { plural } from '../lib/format.js';
import { provinciaOf, statoBadge, TIPI, comuniDellaProvincia } from '../lib/dati.js';
import { creaModulo } from '../lib/dati-modulo.js';

const form = $('#form-campagna');
const box = $('#campi-schema');
const json = $('#c-schema');
const NUMERICI = new Set(['integer', 'number']);
let provincia = null;
let comuni = [];
const scelti = new Set();
// The builder's state: one entry per column; `rest` keeps the keys the rows
// do not edit, field by field and for the schema (missingValues, ...).
let campi = [];
let restSchema = {};
let mvVuoto = true; // the empty cell counts as missing (Table Schema's default)

function nuovoCampo(name = '') {
  return { name, title: '', type: 'string', format: '', required: false, unique: false, enumText: '', cat: false, min: '', max: '', pattern: '', pk: false, istat: false, rest: {}, restC: {} };
}

// A foreign key to the registry's ISTAT codes of the Comuni.
const isIstat = (fk) => fk && fk.reference && fk.reference.resource === 'comuni'
  && [].concat(fk.reference.fields ?? []).join() === 'codice_istat' && [].concat(fk.fields ?? []).length === 1;
const lista = (raw) => raw.split(',').map((x) => x.trim()).filter(Boolean);

const BOUNDS = (t) => (NUMERICI.has(t) || ['date', 'time', 'datetime', 'year', 'yearmonth', 'duration'].includes(t)
  ? ['minimum', 'maximum'] : ['minLength', 'maxLength']);

// A bound or enum value typed in the form, as JSON: numbers for numeric
// fields (Italian decimals accepted), integers for lengths, text otherwise.
function valore(raw, type, lengthBound) {
  if (lengthBound) return /^\d+$/.test(raw) ? Number(raw) : raw;
  if (NUMERICI.has(type)) {
    const p = parseDecimale(raw, { allowNegative: true, maxDecimals: 12 });
    return p.ok ? Number(p.value) : raw;
  }
  return raw;
}

function toSchema() {
  const fields = campi.map((c) => {
    const f = { ...c.rest, name: c.name.trim() };
    if (c.title.trim()) f.title = c.title.trim();
    f.type = c.type;
    if (c.format.trim()) f.format = c.format.trim();
    const k = { ...c.restC };
    if (c.required) k.required = true;
    if (c.unique) k.unique = true;
    const [lo, hi] = BOUNDS(c.type);
    const len = lo === 'minLength';
    const ammessi = lista(c.enumText);
    if (ammessi.length && c.cat) {
      // categories (Table Schema v2): "valore=etichetta" gives a label
      f.categories = ammessi.map((x) => {
        const m = x.match(/^([^=]+)=(.+)$/);
        return m ? { value: valore(m[1].trim(), c.type, false), label: m[2].trim() } : valore(x, c.type, false);
      });
    } else if (ammessi.length) k.enum = ammessi.map((x) => valore(x, c.type, false));
    if (c.min.trim()) k[lo] = valore(c.min.trim(), c.type, len);
    if (c.max.trim()) k[hi] = valore(c.max.trim(), c.type, len);
    if (c.pattern.trim()) k.pattern = c.pattern.trim();
    if (Object.keys(k).length) f.constraints = k;
    return f;
  });
  const s = { ...restSchema, fields };
  // typed values replace the list (the empty cell stays missing unless the
  // JSON applied said otherwise); no value: the JSON's own list, if any
  const mancanti = lista($('#c-mancanti').value);
  if (mancanti.length) s.missingValues = [...(mvVuoto ? [''] : []), ...mancanti];
  const uniche = $('#c-uniche').value.split(';').map(lista).filter((g) => g.length);
  if (uniche.length) s.uniqueKeys = uniche;
  else delete s.uniqueKeys;
  const altre = (restSchema.foreignKeys ?? []).filter((fk) => !isIstat(fk));
  const istat = campi.filter((c) => c.istat && c.name.trim())
    .map((c) => ({ fields: c.name.trim(), reference: { resource: 'comuni', fields: 'codice_istat' } }));
  if (altre.length || istat.length) s.foreignKeys = [...altre, ...istat];
  else delete s.foreignKeys;
  const pk = campi.filter((c) => c.pk).map((c) => c.name.trim());
  if (pk.length) s.primaryKey = pk.length === 1 ? pk[0] : pk;
  else delete s.primaryKey;
  return s;
}

function fromSchema(s) {
  if (!s || typeof s !== 'object' || !Array.isArray(s.fields)) throw new Error('Lo schema deve essere un oggetto JSON con la lista «fields».');
  const { fields, primaryKey, ...rest } = s;
  const pk = [].concat(primaryKey ?? []);
  const fkIstat = new Set((rest.foreignKeys ?? []).filter(isIstat).map((fk) => [].concat(fk.fields)[0]));
  const mv = Array.isArray(rest.missingValues) ? rest.missingValues.map((v) => (typeof v === 'object' ? v?.value : v)) : [];
  // the inputs show what they can write back; anything else stays in the JSON
  const semplici = (rest.missingValues ?? []).every((v) => typeof v === 'string' && !v.includes(','));
  mvVuoto = !Array.isArray(rest.missingValues) || mv.includes('');
  $('#c-mancanti').value = '';
  if (semplici && mv.some((v) => v !== '')) {
    $('#c-mancanti').value = mv.filter((v) => v !== '').join(', ');
    delete rest.missingValues;
  }
  const uk = Array.isArray(rest.uniqueKeys) ? rest.uniqueKeys : [];
  $('#c-uniche').value = uk.map((g) => [].concat(g).join(', ')).join('; ');
  delete rest.uniqueKeys;
  campi = fields.map((f) => {
    const { name, title, type, format, constraints, categories, ...frest } = f ?? {};
    // categories the row can write back (plain values, or value=label)
    const catOk = Array.isArray(categories) && categories.every((v) => (typeof v === 'object' && v !== null
      ? !String(v.value).match(/[,=]/) && !String(v.label ?? '').includes(',') : !String(v).match(/[,=]/)));
    if (categories !== undefined && !catOk) frest.categories = categories;
    const { required, unique, enum: en, minimum, maximum, minLength, maxLength, pattern, ...crest } = constraints ?? {};
    const t = type ?? 'string';
    const len = BOUNDS(t)[0] === 'minLength';
    const lo = len ? minLength : minimum;
    const hi = len ? maxLength : maximum;
    // a bound of the other kind is kept as it is in the JSON
    if (len && minimum !== undefined) crest.minimum = minimum;
    if (len && maximum !== undefined) crest.maximum = maximum;
    if (!len && minLength !== undefined) crest.minLength = minLength;
    if (!len && maxLength !== undefined) crest.maxLength = maxLength;
    return {
      name: String(name ?? ''), title: title ?? '', type: t, format: format ?? '',
      required: !!required, unique: !!unique,
      enumText: catOk ? categories.map((v) => (typeof v === 'object' ? (v.label !== undefined ? `${v.value}=${v.label}` : String(v.value)) : String(v))).join(', ')
        : Array.isArray(en) ? en.join(', ') : '',
      cat: catOk,
      min: lo === undefined ? '' : String(lo), max: hi === undefined ? '' : String(hi),
      pattern: pattern ?? '', pk: pk.includes(name), istat: fkIstat.has(name), rest: frest, restC: crest,
    };
  });
  restSchema = rest;
}

function sync() {
  json.value = JSON.stringify(toSchema(), null, 2);
  anteprima();
}

function anteprima() {
  // the Comune's own form, from the schema as it stands
  try {
    clear($('#anteprima-modulo'));
    creaModulo($('#anteprima-modulo'), toSchema());
  } catch {
    clear($('#anteprima-modulo')).append(h('p', { class: 'small' }, 'Anteprima non disponibile per questo schema.'));
  }
  const nomi = campi.map((c) => c.name.trim() || '…');
  clear($('#anteprima-modello')).append(h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm table-bordered', id: 'tabella-anteprima' },
    h('caption', { class: 'visually-hidden' }, 'Intestazione del modello CSV'),
    h('thead', {}, h('tr', {}, nomi.map((n) => h('th', { scope: 'col' }, h('code', {}, n))))),
    h('tbody', {}, h('tr', {}, campi.map((c) => h('td', { class: 'small text-secondary' },
      `${(TIPI.find(([t]) => t === c.type) ?? [c.type, c.type])[1]}${c.required ? ', obbligatorio' : ''}`)))))));
}

// One column of the builder.  Inputs carry data-campo = the JSON path the
// server names in its errors.
function riga(c, i) {
  const p = `schema.fields[${i}]`;
  const id = (k) => `campo-${i}-${k}`;
  const input = (k, label, value, attrs = {}, col = 'col-12 col-md-4') => h('div', { class: col },
    h('label', { for: id(k), class: 'form-label' }, label),
    h('input', { id: id(k), type: 'text', class: 'form-control form-control-sm', value, autocomplete: 'off', spellcheck: 'false', ...attrs }));
  const check = (k, label, checked, campo) => h('div', { class: 'form-check form-check-inline' },
    h('input', { id: id(k), type: 'checkbox', class: 'form-check-input', checked, dataset: { campo, k } }),
    h('label', { for: id(k), class: 'form-check-label' }, label));
  const [lo, hi] = BOUNDS(c.type);
  const len = lo === 'minLength';
  const sel = h('select', { id: id('type'), class: 'form-select form-select-sm', dataset: { campo: `${p}.type`, k: 'type' } },
    TIPI.map(([v, l]) => h('option', { value: v, selected: v === c.type }, l)));
  const remove = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { azione: 'rimuovi' } },
    'Rimuovi', h('span', { class: 'visually-hidden' }, ` la colonna ${i + 1}`));
  remove.addEventListener('click', () => { campi.splice(i, 1); disegna(); sync(); });
  const el = h('fieldset', { class: 'border rounded p-3 mb-3 campo-schema', dataset: { indice: String(i) } },
    h('legend', { class: 'h6 float-none w-auto px-1' }, `Colonna ${i + 1}`),
    h('div', { class: 'row g-2' },
      input('name', 'Nome della colonna', c.name, { dataset: { campo: `${p}.name`, k: 'name' }, maxlength: '200' }),
      input('title', 'Titolo', c.title, { dataset: { campo: `${p}.title`, k: 'title' }, maxlength: '500' }),
      h('div', { class: 'col-12 col-md-4' }, h('label', { for: id('type'), class: 'form-label' }, 'Tipo'), sel),
      input('format', 'Formato', c.format, { dataset: { campo: `${p}.format`, k: 'format' }, placeholder: c.type === 'date' ? 'es. %d/%m/%Y' : '' }, 'col-12 col-md-3'),
      input('min', len ? 'Lunghezza minima' : 'Minimo', c.min, { dataset: { campo: `${p}.constraints.${lo}`, k: 'min' } }, 'col-6 col-md-3'),
      input('max', len ? 'Lunghezza massima' : 'Massimo', c.max, { dataset: { campo: `${p}.constraints.${hi}`, k: 'max' } }, 'col-6 col-md-3'),
      input('pattern', 'Espressione regolare', c.pattern, { dataset: { campo: `${p}.constraints.pattern`, k: 'pattern' } }, 'col-12 col-md-3'),
      input('enum', 'Valori ammessi (separati da virgola; come categorie anche valore=etichetta)', c.enumText,
        { dataset: { campo: c.cat ? `${p}.categories` : `${p}.constraints.enum`, k: 'enumText' } }, 'col-12'),
      h('div', { class: 'col-12 d-flex flex-wrap align-items-center gap-2' },
        check('required', 'Obbligatorio', c.required, `${p}.constraints.required`),
        check('unique', 'Valori unici', c.unique, `${p}.constraints.unique`),
        check('pk', 'Chiave primaria', c.pk, `schema.primaryKey[${i}]`),
        check('cat', 'Valori come categorie (con etichette)', c.cat, `${p}.categories`),
        check('istat', 'Codice ISTAT di un Comune (anagrafe)', c.istat, `${p}.istat`),
        h('span', { class: 'ms-auto' }, remove))));
  el.addEventListener('input', (e) => {
    const k = e.target.dataset.k;
    if (!k) return;
    const v = e.target.type === 'checkbox' ? e.target.checked : e.target.value;
    campi[i][k] = v;
    if (k === 'type' || k === 'cat') disegna();
    sync();
  });
  return el;
}

function disegna() {
  clear(box).append(...campi.map(riga));
}

$('#aggiungi-campo').addEventListener('click', () => {
  campi.push(nuovoCampo());
  disegna();
  sync();
  $(`#campo-${campi.length - 1}-name`).focus();
});

for (const el of [$('#c-mancanti'), $('#c-uniche')]) el.addEventListener('input', sync);

$('#applica-json').addEventListener('click', () => {
  setFieldError(json, null);
  try {
    fromSchema(JSON.parse(json.value));
  } catch (e) {
    setFieldError(json, `JSON non valido: ${e.message}`);
    json.focus();
    return;
  }
  disegna();
  sync();
});

// The Comuni addressed: all by default; "some" shows the registry's list.
function disegnaComuni() {
  const q = $('#c-filtro-comuni').value.trim().toLowerCase();
  const visibili = comuni.filter((c) => !q || c.nome.toLowerCase().includes(q));
  clear($('#elenco-comuni')).append(...visibili.map((c) => h('div', { class: 'form-check' },
    h('input', { class: 'form-check-input', type: 'checkbox', id: `comune-${c.codice_istat}`, value: c.codice_istat, checked: scelti.has(c.codice_istat) }),
    h('label', { class: 'form-check-label', for: `comune-${c.codice_istat}` }, c.nome))));
  $('#conteggio-comuni').textContent = `${scelti.size} ${plural(scelti.size, 'Comune scelto', 'Comuni scelti')} su ${comuni.length}.`;
}
$('#elenco-comuni').addEventListener('change', (e) => {
  if (e.target.checked) scelti.add(e.target.value);
  else scelti.delete(e.target.value);
  disegnaComuni();
});
$('#c-filtro-comuni').addEventListener('input', disegnaComuni);
for (const r of $$('input[name="destinatari"]')) {
  r.addEventListener('change', async () => {
    const alcuni = $('#c-alcuni').checked;
    $('#scelta-comuni').hidden = !alcuni;
    if (alcuni && !comuni.length) {
      try {
        comuni = await comuniDellaProvincia(provincia);
      } catch (err) { showApiError(err, 'comuni'); }
    }
    if (alcuni) disegnaComuni();
  });
}

bindDateField($('#c-scadenza'), { optional: false });

function leggi() {
  const errors = [];
  const body = {
    titolo: $('#c-titolo').value.trim(), scopo: $('#c-scopo').value.trim(), schema: json.value,
    dialetto: { delimiter: $('#c-separatore').value },
  };
  if (!body.titolo) errors.push({ input: $('#c-titolo'), message: 'Scrivi il titolo della raccolta.' });
  if (!body.scopo) errors.push({ input: $('#c-scopo'), message: 'Spiega ai Comuni a che cosa servono i dati.' });
  try {
    const s = JSON.parse(json.value);
    if (!Array.isArray(s?.fields) || !s.fields.length) errors.push({ input: json, message: 'Lo schema deve avere almeno una colonna.' });
    s?.fields?.forEach((f, i) => {
      const inp = $(`#campo-${i}-name`);
      if (inp && !String(f?.name ?? '').trim()) errors.push({ input: inp, message: 'Dai un nome alla colonna.' });
    });
  } catch (e) {
    $('#schema-avanzato').open = true;
    errors.push({ input: json, message: `JSON non valido: ${e.message}` });
  }
  const d = readDateField($('#c-scadenza'), { optional: false });
  if (d.ok) body.scadenza = d.value;
  else errors.push({ input: $('#c-scadenza'), message: d.message });
  const pr = $('#c-promemoria').value.trim();
  if (pr) {
    const giorni = pr.split(/[,;\s]+/).filter(Boolean);
    if (giorni.every((g) => /^\d{1,3}$/.test(g))) body.promemoria = giorni.map(Number);
    else errors.push({ input: $('#c-promemoria'), message: 'Scrivi i giorni come numeri separati da virgola, es. 7, 1.' });
  }
  if ($('#c-alcuni').checked) {
    if (!scelti.size) errors.push({ input: $('#c-filtro-comuni'), message: 'Scegli almeno un Comune.' });
    body.comuni = [...scelti];
  }
  return { body, errors };
}

// The input for a server error's path: the exact one, else the nearest
// enclosing path that has one (schema.fields[2].constraints -> the row), else
// the JSON editor for anything in the schema.
function inputPerErrore(path) {
  let p = String(path ?? '');
  while (p) {
    const el = form.querySelector(`[data-campo="${CSS.escape(p)}"]`) ?? form.querySelector(`[name="${CSS.escape(p)}"]`);
    if (el) return el;
    const m = p.match(/^(.*)(\.[^.[\]]+|\[\d+\])$/);
    if (!m) break;
    p = m[1];
  }
  return null;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError('campagna');
  clearFieldErrors(form);
  const { body, errors } = leggi();
  if (errors.length) {
    markFields(form, errors);
    return;
  }
  const button = $('#crea-campagna');
  button.disabled = true;
  try {
    const c = await apiSend('POST', `/dati/province/${provincia}/campagne`, body);
    window.location.assign(`/dati-campagna.html?id=${c.id}`);
  } catch (err) {
    const el = inputPerErrore(err.field);
    if (el) {
      if (el === json) $('#schema-avanzato').open = true;
      markFields(form, [{ input: el, message: err.message }]);
    } else showApiError(err, 'campagna');
    button.disabled = false;
  }
});

async function carica() {
  const status = $('#stato-campagne');
  const table = $('#tabella-campagne');
  setLoading(table, true, { status, text: 'Caricamento delle raccolte…' });
  try {
    const r = await apiGet(`/dati/province/${provincia}/campagne`, { limit: 200 });
    clear(table.tBodies[0]).append(...r.items.map((c) => h('tr', { dataset: { campagna: String(c.id), stato: c.stato } },
      h('td', {}, h('a', { href: `/dati-campagna.html?id=${c.id}` }, c.titolo)),
      h('td', {}, formatData(c.scadenza)),
      h('td', {}, statoBadge(c.stato)))));
    table.hidden = !r.items.length;
    setLoading(table, false, { status, text: r.items.length
      ? `${r.items.length} ${plural(r.items.length, 'raccolta', 'raccolte')}.`
      : 'Nessuna raccolta: la prima si crea qui sotto.' });
  } catch (err) {
    setLoading(table, false, { status, text: 'Elenco non disponibile.' });
    showApiError(err, 'elenco', { retry: carica });
  }
}

initSite().then((me) => {
  if (!guardPage(me, $('#accesso-richiesto'), {
    role: 'data_officer', forbidden: 'Le raccolte dati le pubblica l\'ufficio dati della Provincia.',
  })) return;
  provincia = provinciaOf(me);
  if (!provincia) {
    showError('Il ruolo di funzionario dati non è assegnato a una Provincia.', 'generale');
    return;
  }
  campi = [nuovoCampo('')];
  disegna();
  sync();
  $('#area-campagne').hidden = false;
  carica();
  if (window.location.hash === '#nuova') $('#c-titolo').focus();
});
