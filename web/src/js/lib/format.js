// Formatting of numbers, dates and coded values in Italian.

const numberFmt = new Intl.NumberFormat('it-IT');

export function formatNumber(n) {
  return typeof n === 'number' && Number.isFinite(n) ? numberFmt.format(n) : '—';
}

// "2020-07-15" -> "15/07/2020" (no time zone arithmetic: it is a calendar date).
export function formatDate(iso) {
  const m = typeof iso === 'string' ? iso.match(/^(\d{4})-(\d{2})-(\d{2})$/) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

export function orDash(v) {
  return v === undefined || v === null || v === '' ? '—' : String(v);
}

export const SERVIZI = [
  { key: 'sua', label: 'Stazione Unica Appaltante', short: 'SUA' },
  { key: 'europa', label: 'Servizio Associato Politiche Europee', short: 'Politiche europee' },
  { key: 'dati', label: 'Innovazione e dati', short: 'Innovazione e dati' },
];

// State of a service -> label and Bootstrap Italia badge class.
const STATI_SERVIZIO = {
  attivo: { label: 'Attivo', badge: 'bg-success' },
  in_avvio: { label: 'In avvio', badge: 'bg-warning' },
  non_attivo: { label: 'Non attivo', badge: 'bg-secondary' },
};

export function statoServizio(code) {
  return STATI_SERVIZIO[code] ?? { label: orDash(code), badge: 'bg-light text-dark' };
}

const TIPOLOGIE = {
  provincia: 'Provincia',
  citta_metropolitana: 'Città metropolitana',
  provincia_autonoma: 'Provincia autonoma',
  libero_consorzio: 'Libero consorzio comunale',
  unita_non_amministrativa: 'Unità non amministrativa',
};

export function tipologiaLabel(code) {
  return TIPOLOGIE[code] ?? 'Provincia';
}

// "Provincia di Vicenza", "Città metropolitana di Torino", ...
export function nomeEnte(provincia) {
  return `${tipologiaLabel(provincia.tipologia)} di ${provincia.nome}`;
}

// Italian plural by count: plural(1, 'Comune', 'Comuni').
export function plural(n, one, many) {
  return n === 1 ? one : many;
}
