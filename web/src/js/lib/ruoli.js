// Role select and ente field shared by the users page (create, grant).
// The ente field is an autocomplete (lib/autocomplete.js): Comuni by name
// (GET /comuni?q=), Provinces by name, sigla or code (GET /province, once),
// operators by partita IVA; picking one writes its code (comune:024116)
// in the field and its name ("Comune di Vicenza (VI)") beside it.
import { h } from './dom.js';
import { RUOLI, nomeEnte } from './format.js';
import { apiGet } from './api.js';
import { attachAutocomplete } from './autocomplete.js';
import { resolveEnti, enteName } from './enti.js';

export function fillRoleSelect(select) {
  for (const r of RUOLI) select.append(h('option', { value: r.code }, r.label));
}

const PLACEHOLDER = {
  provincia: 'provincia:NNN',
  comune: 'comune:NNNNNN',
  operatore: 'operatore:PARTITAIVA',
  upi: 'upi',
};

// What the empty field invites to type, per kind of ente.
const INVITO = {
  provincia: 'Nome o sigla della Provincia',
  comune: 'Nome del Comune',
  operatore: 'Partita IVA (11 cifre)',
  upi: 'upi',
};

let provincePromise = null;
function province() {
  provincePromise ??= apiGet('/province').then((r) => r.items).catch((e) => {
    provincePromise = null;
    throw e;
  });
  return provincePromise;
}

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// Suggestions for the text typed in an ente field, for a kind of ente
// (also used by the audit page's ente filter).
export async function suggestions(kind, typed, signal) {
  const text = typed.replace(/^[a-z]+:/i, '').trim();
  if (kind === 'upi') return [{ value: 'upi', label: 'UPI — Unione delle Province d\'Italia', detail: 'upi' }];
  if (kind === 'operatore') {
    const digits = text.replace(/\D/g, '');
    if (digits.length !== 11) return [];
    return [{ value: `operatore:${digits}`, label: `Operatore economico, P. IVA ${digits}`, detail: `operatore:${digits}` }];
  }
  if (kind === 'provincia') {
    const q = fold(text);
    const all = await province();
    return all.filter((p) => fold(p.nome).includes(q) || p.sigla.toLowerCase() === q || p.codice === text)
      .slice(0, 10)
      .map((p) => ({
        value: `provincia:${p.codice}`, label: `${nomeEnte(p)} (${p.sigla})`,
        detail: `— provincia:${p.codice}, ${p.regione.nome}`,
      }));
  }
  if (kind === 'comune') {
    if (/^\d{6}$/.test(text)) {
      await resolveEnti([`comune:${text}`]);
      const name = enteName(`comune:${text}`);
      return name.startsWith('Comune di') ? [{ value: `comune:${text}`, label: name, detail: `— comune:${text}` }] : [];
    }
    if (/^\d+$/.test(text)) return [];
    const r = await apiGet('/comuni', { q: text, limit: 10 }, { signal });
    return r.items.map((c) => ({
      value: `comune:${c.codice_istat}`, label: `Comune di ${c.nome} (${c.provincia.sigla})`,
      detail: `— comune:${c.codice_istat}, ${c.regione.nome}`,
    }));
  }
  return [];
}

// Makes the ente input an autocomplete for the kind of ente the role in
// select requires; the chosen ente's name goes in a line under the field
// (id INPUT-nome, added to its aria-describedby).  Returns the wrapper to
// put where the input was (it replaces the input if already in the page).
export function enteAutocomplete(select, input) {
  const kindOf = () => RUOLI.find((r) => r.code === select.value)?.ente;
  const nome = h('small', { id: `${input.id}-nome`, class: 'form-text ente-scelto', dataset: { enteNome: '' } });
  const described = input.getAttribute('aria-describedby');
  input.setAttribute('aria-describedby', [`${input.id}-nome`, described].filter(Boolean).join(' '));
  const showName = async () => {
    const code = input.value.trim();
    if (!/^(upi|provincia:\d{3}|comune:\d{6}|operatore:\d{11})$/.test(code)) {
      nome.textContent = '';
      return;
    }
    await resolveEnti([code]);
    if (input.value.trim() === code) nome.textContent = enteName(code);
  };
  const ac = attachAutocomplete(input, {
    source: (text, signal) => suggestions(kindOf(), text, signal),
    onPick: showName,
    minLength: 1,
  });
  ac.wrap.append(nome);
  input.addEventListener('input', () => { nome.textContent = ''; });
  input.addEventListener('change', showName);
  select.addEventListener('change', () => setTimeout(showName));
  showName();
  return ac.wrap;
}

// When the role changes: the ente's placeholder follows the kind of ente the
// role requires, and an obvious value is proposed (upi; the admin's own
// Province for Province roles) if the field is empty or of another kind.
export function linkRoleToEnte(select, input, me) {
  const own = me?.roles?.find((r) => r.role === 'admin')?.ente ?? '';
  const update = () => {
    const kind = RUOLI.find((r) => r.code === select.value)?.ente;
    input.placeholder = kind ? INVITO[kind] : '';
    if (!kind) return;
    const cur = input.value.trim();
    const fits = kind === 'upi' ? cur === 'upi' : cur.startsWith(`${kind}:`);
    if (fits) return;
    if (kind === 'upi') input.value = 'upi';
    else if (kind === 'provincia' && own.startsWith('provincia:')) input.value = own;
    else input.value = '';
  };
  select.addEventListener('change', update);
  update();
}

// Client-side shape check of an ente code for a role (the server decides).
export function enteProblem(role, ente) {
  const kind = RUOLI.find((r) => r.code === role)?.ente;
  if (!ente) return "Indica l'ente del ruolo.";
  const ok = {
    provincia: /^provincia:\d{3}$/,
    comune: /^comune:\d{6}$/,
    operatore: /^operatore:\d{11}$/,
    upi: /^upi$/,
  }[kind];
  if (ok && !ok.test(ente)) {
    return kind === 'comune' || kind === 'provincia'
      ? `Scegli ${kind === 'comune' ? 'il Comune' : 'la Provincia'} tra i suggerimenti (scrivi il nome), oppure scrivi il codice nella forma ${PLACEHOLDER[kind]}.`
      : `Per questo ruolo l'ente deve avere la forma ${PLACEHOLDER[kind]}.`;
  }
  return null;
}

// The code an ente field means: its value, or a bare number completed
// with the kind the role requires (024116 -> comune:024116 for a Comune's
// role, 11 digits -> operatore:…, 024 -> provincia:024).
export function normalizeEnte(role, value) {
  const v = value.trim();
  const kind = RUOLI.find((r) => r.code === role)?.ente;
  const digits = { provincia: 3, comune: 6, operatore: 11 }[kind];
  return digits && new RegExp(`^\\d{${digits}}$`).test(v) ? `${kind}:${v}` : v;
}
