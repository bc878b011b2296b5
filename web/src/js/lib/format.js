// Formatting of numbers, dates and coded values in Italian.  Numbers and
// dates go through lib/numeri.js, the one Italian parser and formatter.
import { formatNumero, formatData, TIME_ZONE } from './numeri.js';

// 7894 -> "7.894" (Intl it-IT, thousands always grouped).
export function formatNumber(n) {
  return typeof n === 'number' && Number.isFinite(n) ? formatNumero(n) : '—';
}

// "2020-07-15" -> "15/07/2020" (a calendar date, Europe/Rome).
export function formatDate(iso) {
  return formatData(iso);
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

// A list's total as the API gives it (docs/internals/lists.md), by its
// "total_tipo": "esatto" counted; "minimo" counted up to a cap and more
// matched ("più di 1.000"); "stima" an estimate, which may be fewer or more
// ("circa 12.000").  An answer without total_tipo: total_esatto false is
// the cap.
export function formatTotale(data) {
  const tipo = data.total_tipo ?? (data.total_esatto === false ? 'minimo' : 'esatto');
  if (tipo === 'stima') return `circa ${formatNumber(data.total)}`;
  if (tipo === 'minimo') return `più di ${formatNumber(data.total)}`;
  return formatNumber(data.total);
}

// Italian plural by count: plural(1, 'Comune', 'Comuni').
export function plural(n, one, many) {
  return n === 1 ? one : many;
}

// Roles (docs/identity.md) in Italian.
export const RUOLI = [
  { code: 'admin', label: 'Amministratore della Provincia', ente: 'provincia' },
  { code: 'sua_officer', label: 'Funzionario SUA', ente: 'provincia' },
  { code: 'commissioner', label: 'Commissario di gara', ente: 'provincia' },
  { code: 'sape_officer', label: 'Funzionario politiche europee', ente: 'provincia' },
  { code: 'data_officer', label: 'Funzionario dati', ente: 'provincia' },
  { code: 'comune', label: 'Referente del Comune', ente: 'comune' },
  { code: 'operator', label: 'Operatore economico', ente: 'operatore' },
  { code: 'upi', label: 'Coordinamento UPI', ente: 'upi' },
  { code: 'applicant', label: 'Operatore economico in attesa di approvazione', ente: 'operatore' },
];

export function ruoloLabel(code) {
  return RUOLI.find((r) => r.code === code)?.label ?? orDash(code);
}

// "provincia:024" -> "Provincia 024", "comune:024116" -> "Comune 024116", ...
export function enteLabel(code) {
  if (typeof code !== 'string' || !code) return '—';
  if (code === 'upi') return 'UPI';
  const [kind, id] = code.split(':');
  const k = { provincia: 'Provincia', comune: 'Comune', operatore: 'Operatore' }[kind];
  return k && id ? `${k} ${id}` : code;
}

// Instants are shown in Rome time whatever the browser's zone.
// gg/mm/aaaa with the year in full (dateStyle 'short' would give "26").
const DAY = { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE };
const dateTimeFmt = new Intl.DateTimeFormat('it-IT', { ...DAY, hour: '2-digit', minute: '2-digit' });
const dateTimeSecFmt = new Intl.DateTimeFormat('it-IT', { ...DAY, hour: '2-digit', minute: '2-digit', second: '2-digit' });

// UNIX seconds (tokens) -> "30/11/2026, 09:15"; null -> fallback.
export function formatUnix(s, fallback = '—') {
  return typeof s === 'number' && Number.isFinite(s) ? dateTimeFmt.format(new Date(s * 1000)) : fallback;
}

// "2026-11-30T08:15:02.123456Z" (audit, UTC) -> Rome time "30/11/26, 09:15:02".
export function formatTimestamp(iso) {
  const m = typeof iso === 'string' ? iso.match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*Z$/) : null;
  if (!m) return orDash(iso);
  const d = new Date(`${m[1]}${m[2] ?? ''}Z`);
  return Number.isNaN(d.getTime()) ? iso : dateTimeSecFmt.format(d);
}
