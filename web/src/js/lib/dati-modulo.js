// The form a Comune fills in instead of a file (issue 15 item 2): one group
// of inputs per row, generated from the campaign's Table Schema — a list of
// allowed values (enum, categories) or a boolean becomes a select, a date a
// gg/mm/aaaa field, a number accepts 1.234,56 — rows added and removed
// before sending.  What the person types is turned into the schema's own
// form (ISO or the schema's date pattern, its decimal separator) and sent
// to POST …/righe; the server validates it exactly as an uploaded file, and
// its errors ("riga 3, colonna `x`") are shown beside the input they name.
// A value the page cannot read is sent as typed, so the server's message,
// the same as for a file, says what is wrong with it.
import { h } from './dom.js';
import { setFieldError } from './form.js';
import { bindDateField } from './campo-data.js';
import { parseData, parseDecimale, parseIntero } from './numeri.js';
import { regoleCampo, tipoLabel } from './dati.js';

const valori = (f) => {
  const c = f.constraints ?? {};
  if (Array.isArray(c.enum)) return c.enum.map((v) => [String(v), String(v)]);
  if (Array.isArray(f.categories)) {
    return f.categories.map((v) => (typeof v === 'object' ? [String(v.value), v.label ?? String(v.value)] : [String(v), String(v)]));
  }
  return null;
};

// The schema's date pattern applied to an ISO date ("%d/%m/%Y").
function dataNelFormato(iso, format) {
  const [y, m, d] = iso.split('-');
  if (!format || format === 'default' || format === 'any' || !format.includes('%')) return iso;
  return format.replace(/%([dmYy%])/g, (_, k) => ({ d, m, Y: y, y: y.slice(2), '%': '%' })[k]);
}

// The typed text as the schema wants it; '' stays empty (a missing value).
export function valoreSchema(f, raw) {
  const s = String(raw ?? '').trim();
  if (s === '') return '';
  switch (f.type) {
    case 'integer': {
      const p = parseIntero(s);
      return p.ok ? String(p.value) : s;
    }
    case 'number': {
      const p = parseDecimale(s, { maxDecimals: 15, allowNegative: true, mode: 'importo' });
      return p.ok ? p.value.replace('.', f.decimalChar ?? '.') : s;
    }
    case 'date': {
      const p = parseData(s);
      if (p.ok) return dataNelFormato(p.value, f.format);
      // not a real day: sent in the schema's order, the server says why
      const t = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
      if (t && !(f.format ?? '').includes('%')) return `${t[3]}-${t[2].padStart(2, '0')}-${t[1].padStart(2, '0')}`;
      return s;
    }
    default:
      return s;
  }
}

function inputCampo(f, id) {
  const ammessi = valori(f);
  const common = { id, class: ammessi || f.type === 'boolean' ? 'form-select' : 'form-control', dataset: { campo: f.name } };
  if (f.constraints?.required) common.required = true;
  if (ammessi) {
    return h('select', common, h('option', { value: '' }, '—'), ammessi.map(([v, l]) => h('option', { value: v }, l)));
  }
  if (f.type === 'boolean') {
    const si = f.trueValues?.[0] ?? 'true';
    const no = f.falseValues?.[0] ?? 'false';
    return h('select', common, h('option', { value: '' }, '—'), h('option', { value: si }, 'Sì'), h('option', { value: no }, 'No'));
  }
  const el = h('input', { ...common, type: 'text', autocomplete: 'off' });
  if (f.type === 'integer' || f.type === 'number') el.setAttribute('inputmode', 'decimal');
  if (f.type === 'date') bindDateField(el);
  return el;
}

// The row editor in container; returns { aggiungi, righe, segna, pulisci }.
export function creaModulo(container, schema) {
  const fields = schema?.fields ?? [];
  let serial = 0;
  const list = h('div', { class: 'righe-modulo' });
  container.append(list);

  function numera() {
    [...list.children].forEach((fs, i) => {
      fs.querySelector('legend').textContent = `Riga ${i + 1}`;
      fs.querySelector('.rimuovi-riga').textContent = `Rimuovi la riga ${i + 1}`;
    });
  }

  function aggiungi() {
    const k = ++serial;
    const fs = h('fieldset', { class: 'border rounded p-3 mb-3 riga-modulo', dataset: { k: String(k) } },
      h('legend', { class: 'h6 float-none w-auto px-1' }, ''),
      h('div', { class: 'errore-riga text-danger mb-2', role: 'status', hidden: true }),
      h('div', { class: 'row g-3' }, fields.map((f, j) => {
        const id = `m-${k}-${j}`;
        const regole = [tipoLabel(f.type ?? 'string'), regoleCampo(f), f.type === 'date' ? 'gg/mm/aaaa' : '',
          f.type === 'number' ? 'es. 1.234,56' : ''].filter(Boolean).join('; ');
        const input = inputCampo(f, id);
        input.setAttribute('aria-describedby', `${id}-aiuto`);
        return h('div', { class: 'col-12 col-md-6 col-lg-4' },
          h('label', { for: id, class: 'form-label' }, f.title ? `${f.title} (${f.name})` : f.name),
          input,
          h('div', { class: 'form-text', id: `${id}-aiuto` }, regole));
      })),
      h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm mt-2 rimuovi-riga' }, ''));
    fs.querySelector('.rimuovi-riga').addEventListener('click', () => {
      const next = fs.nextElementSibling ?? fs.previousElementSibling;
      fs.remove();
      if (!list.children.length) aggiungi();
      numera();
      (next ?? list.firstElementChild)?.querySelector('input, select')?.focus();
    });
    list.append(fs);
    numera();
    return fs;
  }

  // The rows as the API wants them; empty rows left out.
  function righe() {
    return [...list.children].map((fs) => {
      const r = {};
      fields.forEach((f, j) => {
        const v = valoreSchema(f, fs.querySelector(`#m-${fs.dataset.k}-${j}`).value);
        if (v !== '') r[f.name] = v;
      });
      return r;
    });
  }

  function pulisci() {
    for (const fs of list.children) {
      const e = fs.querySelector('.errore-riga');
      e.textContent = '';
      e.hidden = true;
      for (const el of fs.querySelectorAll('input, select')) setFieldError(el, null);
    }
  }

  // The server's errors beside their inputs: riga is the file's line, the
  // header being line 1 (header: true), so form row i is riga i + 2.
  function segna(errori, { header = true } = {}) {
    const rows = [...list.children];
    let first = null;
    for (const e of errori) {
      const fs = rows[e.riga - (header ? 2 : 1)];
      if (!fs) continue;
      const msg = String(e.messaggio).replace(/^riga \d+, colonna `[^`]*`: /, '').replace(/^riga \d+: /, '');
      const j = fields.findIndex((f) => f.name === e.campo);
      if (j >= 0) {
        const el = fs.querySelector(`#m-${fs.dataset.k}-${j}`);
        setFieldError(el, msg);
        first ??= el;
      } else {
        const box = fs.querySelector('.errore-riga');
        box.textContent = [box.textContent, msg].filter(Boolean).join(' ');
        box.hidden = false;
        first ??= fs.querySelector('input, select');
      }
    }
    return first;
  }

  // The input named by a refused request's path "righe[i].campo".
  function inputPerPercorso(path) {
    const t = String(path ?? '').match(/^righe\[(\d+)\]\.?(.*)$/);
    if (!t) return null;
    const fs = list.children[Number(t[1])];
    const j = fields.findIndex((f) => f.name === t[2]);
    if (!fs) return null;
    return j >= 0 ? fs.querySelector(`#m-${fs.dataset.k}-${j}`) : fs.querySelector('input, select');
  }

  aggiungi();
  return { aggiungi, righe, segna, pulisci, inputPerPercorso };
}
