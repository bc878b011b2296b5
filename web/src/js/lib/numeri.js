// Italian numbers, amounts, percentages and dates: ONE parser and formatter
// for every page (issue 10, item 2).  No imports, no DOM: the browser test
// (tests/browser/numeri.test.mjs) evaluates this file in a real page.
//
// Parsers accept what an Italian civil servant types AND the API's
// canonical form, and return { ok: true, value, ... } with value in the
// canonical form the API expects, or { ok: false, message } with an Italian
// message fit to show under the field:
//
//   parseImporto('150.000,00') -> { ok, value: '150000.00', cents: 15000000 }
//   parseImporto('1.500')      -> '1500.00' (thousands dot, as Italians read it)
//   parseImporto('150000.00')  -> '150000.00' (the API's form)
//   parsePercentuale('14,32 %') -> '14.32' (the written decimals are kept)
//   parseData('01/01/2026')     -> '2026-01-01'
//
// Formatters use Intl in it-IT (grouping always on: "1.500", not "1500"):
//   formatEuro('150000.00') -> '€ 150.000,00'   formatEuroCents(15000000) -> the same
//   formatPercentuale('17.245714') -> '17,245714 %'   formatData('2026-01-01') -> '01/01/2026'
// Legal dates and times are shown in Europe/Rome, never the browser's zone.

export const TIME_ZONE = 'Europe/Rome';
const NBSP = '\u00a0';

const fail = (message) => ({ ok: false, message });

// Spaces of any kind (typed, pasted from Word or from Intl output) removed.
function squeeze(s) {
  return String(s ?? '').replace(/[\s\u00a0\u202f']/g, '');
}

// Splits a decimal written the Italian way or the API's way into
// { neg, int: 'digits', frac: 'digits' }, or { message }.
// mode 'importo': a lone dot followed by exactly three digits is a thousands
//   separator ("1.500" = 1500); a dot followed by 1-2 digits is the API's
//   decimal point ("150000.00").
// mode 'decimale': values of a small range (percentages, discounts): a lone
//   dot or comma is the decimal separator ("14.320" = "14,320").
function splitDecimal(raw, mode) {
  let s = squeeze(raw);
  if (s === '') return { message: 'Il campo è vuoto.' };
  let neg = false;
  if (s[0] === '-' || s[0] === '\u2212') { neg = true; s = s.slice(1); } else if (s[0] === '+') s = s.slice(1);
  if (!/^[0-9.,]+$/.test(s)) return { message: 'Usa solo cifre, il punto per le migliaia e la virgola per i decimali (es. 1.500,00).' };
  if (!/[0-9]/.test(s)) return { message: 'Manca il numero.' };
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas > 1) return { message: 'C\'è più di una virgola: la virgola separa i decimali e va scritta una sola volta.' };
  let int; let frac = '';
  if (commas === 1) {
    // Italian: "1.234,56" or "1234,56"; the comma is the decimal separator.
    const i = s.indexOf(',');
    if (dots && s.indexOf('.') > i) return { message: 'Il punto dopo la virgola non è valido: scrivi le migliaia con il punto e i decimali con la virgola (es. 1.234,56).' };
    int = s.slice(0, i); frac = s.slice(i + 1);
    if (dots) {
      if (!/^\d{1,3}(\.\d{3})+$/.test(int)) return { message: 'Punti delle migliaia fuori posto: vanno ogni tre cifre (es. 1.234.567,89).' };
      int = int.replace(/\./g, '');
    }
  } else if (dots === 0) {
    int = s;
  } else if (mode === 'decimale') {
    if (dots > 1) return { message: 'Usa un solo separatore dei decimali (es. 14,320).' };
    [int, frac] = s.split('.');
  } else if (dots === 1 && /^\d+\.\d{1,2}$/.test(s)) {
    // The API's canonical form, "150000.00" (or "1.5").
    [int, frac] = s.split('.');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    int = s.replace(/\./g, ''); // "1.500", "150.000", "1.500.000"
  } else {
    return { message: 'Numero non riconosciuto: scrivi le migliaia con il punto e i decimali con la virgola (es. 1.500,00).' };
  }
  if (int === '') int = '0';
  if (!/^\d+$/.test(int) || !/^\d*$/.test(frac)) return { message: 'Numero non riconosciuto.' };
  int = int.replace(/^0+(?=\d)/, '');
  return { neg, int, frac };
}

// A decimal with at most maxDecimals decimals, canonical "1234.5" (decimals
// kept as written, dot separator).  opts: { maxDecimals, min, max, mode }.
export function parseDecimale(raw, { maxDecimals = 6, mode = 'decimale', allowNegative = false } = {}) {
  const p = splitDecimal(raw, mode);
  if (p.message) return fail(p.message);
  if (p.neg && !allowNegative) return fail('Il valore non può essere negativo.');
  if (p.frac.length > maxDecimals) {
    return fail(maxDecimals === 0 ? 'Scrivi un numero intero, senza decimali.' : `Al massimo ${maxDecimals} ${maxDecimals === 1 ? 'decimale' : 'decimali'}.`);
  }
  const value = `${p.neg ? '-' : ''}${p.int}${p.frac ? `.${p.frac}` : ''}`;
  return { ok: true, value, number: Number(value) };
}

// An amount in euro: "€ 1.234,56", "1.500" (= 1500), "150000.00".
// value is the API's form with two decimals, cents an integer.
export function parseImporto(raw, { min = 0.01, max = 1e11 } = {}) {
  const s = String(raw ?? '').replace(/€|\bEUR\b|\beuro\b/gi, '');
  const p = splitDecimal(s, 'importo');
  if (p.message) return fail(p.message);
  if (p.neg) return fail('L\'importo non può essere negativo.');
  if (p.frac.length > 2) return fail('Un importo ha al massimo due decimali (i centesimi): es. 150.000,00.');
  if (p.int.length > 15) return fail('Importo troppo grande.');
  const frac = p.frac.padEnd(2, '0');
  const value = `${p.int}.${frac}`;
  const cents = Number(p.int) * 100 + Number(frac);
  if (cents < Math.round(min * 100)) return fail(`L'importo deve essere almeno ${formatEuro(min.toFixed(2))}.`);
  if (cents > Math.round(max * 100)) return fail(`L'importo non può superare ${formatEuro(max.toFixed(2))}.`);
  // Written without a decimal comma but with a thousands dot, or in the API's
  // form: worth showing back how it was read.
  const ambiguous = /\./.test(s) && !/,/.test(s);
  return { ok: true, value, cents, ambiguous, shown: formatEuro(value) };
}

// A percentage or discount 0 … 100: "14,320", "14.320", "14,32 %".
// value keeps the decimals as written ("14.320"), as the anomaly API wants.
export function parsePercentuale(raw, { maxDecimals = 6, min = 0, max = 100 } = {}) {
  const s = String(raw ?? '').replace(/%/g, '');
  if (squeeze(s) === '' && /%/.test(String(raw ?? ''))) return fail('Manca il numero prima di %.');
  const r = parseDecimale(s, { maxDecimals });
  if (!r.ok) return r;
  if (r.number < min || r.number > max) return fail(`Il valore deve essere compreso fra ${min} e ${max}.`);
  return { ...r, shown: formatPercentuale(r.value) };
}

// An integer ("1.500" or "1500").
export function parseIntero(raw, { min = -Infinity, max = Infinity } = {}) {
  const p = splitDecimal(raw, 'importo');
  if (p.message) return fail(p.message);
  if (p.frac) return fail('Scrivi un numero intero, senza decimali.');
  const n = Number(`${p.neg ? '-' : ''}${p.int}`);
  if (n < min || n > max) return fail(`Il valore deve essere compreso fra ${min} e ${max}.`);
  return { ok: true, value: n, number: n };
}

function validYmd(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

// A calendar date: "01/01/2026", "1/1/2026", "01-01-2026", "01.01.2026" or
// the API's "2026-01-01" -> value "2026-01-01".
export function parseData(raw) {
  const s = String(raw ?? '').trim();
  if (s === '') return fail('Il campo è vuoto: scrivi la data come gg/mm/aaaa.');
  let y; let m; let d;
  let t = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (t) [, y, m, d] = t;
  else {
    t = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d+)$/);
    if (!t) return fail('Data non riconosciuta: scrivila come gg/mm/aaaa (es. 01/03/2026).');
    [, d, m, y] = t;
    if (y.length !== 4) return fail('Scrivi l\'anno con quattro cifre (es. 01/03/2026).');
  }
  [y, m, d] = [Number(y), Number(m), Number(d)];
  if (!validYmd(y, m, d)) return fail('Questa data non esiste nel calendario.');
  const value = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { ok: true, value, shown: formatData(value) };
}

// --- output ---------------------------------------------------------------

const fmtCache = new Map();
function nf(decimals) {
  if (!fmtCache.has(decimals)) {
    fmtCache.set(decimals, new Intl.NumberFormat('it-IT', {
      useGrouping: 'always', minimumFractionDigits: decimals, maximumFractionDigits: decimals,
    }));
  }
  return fmtCache.get(decimals);
}

// Decimals of a canonical decimal string ("17.245714" -> 6).
const decimalsOf = (s) => (String(s).includes('.') ? String(s).split('.')[1].length : 0);

// A number or a canonical decimal string, its written decimals kept
// (strings are formatted exactly: Intl accepts decimal strings).
export function formatNumero(v, decimals) {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '—';
    return nf(decimals ?? (Number.isInteger(v) ? 0 : Math.min(decimalsOf(String(v)), 20))).format(v);
  }
  if (typeof v === 'bigint') return nf(0).format(v);
  if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v)) return '—';
  return nf(decimals ?? decimalsOf(v)).format(v);
}

// "150000.00" (or 150000) -> "€ 150.000,00".
export function formatEuro(v) {
  const s = formatNumero(typeof v === 'number' ? v.toFixed(2) : v, 2);
  return s === '—' ? s : `€${NBSP}${s}`;
}

// Integer cents (the API's *_cents) -> "€ 150.000,00", exact.
export function formatEuroCents(cents) {
  if (typeof cents !== 'number' || !Number.isInteger(cents)) return '—';
  const neg = cents < 0;
  const a = Math.abs(cents);
  const s = `${neg ? '-' : ''}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return formatEuro(s);
}

// "17.245714" -> "17,245714 %" (the decimals as the API wrote them).
export function formatPercentuale(v) {
  const s = formatNumero(v);
  return s === '—' ? s : `${s}${NBSP}%`;
}

const dateFmt = new Intl.DateTimeFormat('it-IT', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('it-IT', {
  timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

// "2026-01-01" -> "01/01/2026".  A calendar date: noon UTC of that day is
// the same day in Rome.
export function formatData(iso) {
  const m = typeof iso === 'string' ? iso.match(/^(\d{4})-(\d{2})-(\d{2})$/) : null;
  if (!m || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return '—';
  return dateFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)));
}

// A Date (or epoch ms) -> "02/12/2026, 12:15" in Rome time.
export function formatDataOra(d) {
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? '—' : dateTimeFmt.format(date);
}

// Today's date in Rome, "2026-12-02" (not the browser's zone, not UTC).
export function oggiRoma(now = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
