// Names of ente codes ("provincia:024" -> "Provincia di Vicenza (VI)",
// "comune:024116" -> "Comune di Vicenza (VI)"), resolved with one request
// per list: GET /api/v1/enti?codici=… (docs/api/registry-enti.md), split
// only past its 40 codes or 512 bytes.  Names are cached for the page's
// life; a code the API cannot name keeps its readable fallback (enteLabel).
import { apiGet } from './api.js';
import { enteLabel, tipologiaLabel } from './format.js';

const MAX_CODES = 40;
const MAX_BYTES = 480;
const names = new Map();

// The label of one /enti item (or of a /comuni item, a /province item).
export function labelOfEnte(item) {
  if (!item) return '—';
  if (item.tipo === 'upi') return 'UPI — Unione delle Province d\'Italia';
  if (item.tipo === 'operatore') return `Operatore economico, P. IVA ${item.partita_iva}`;
  if (!item.nome) return enteLabel(item.codice);
  if (item.tipo === 'provincia') return `${tipologiaLabel(item.tipologia)} di ${item.nome} (${item.sigla})`;
  if (item.tipo === 'comune') return `Comune di ${item.nome} (${item.provincia?.sigla ?? '?'})`;
  return enteLabel(item.codice);
}

// The name of a code already resolved, or its readable fallback.
export function enteName(code) {
  return names.get(code) ?? enteLabel(code);
}

function batches(codes) {
  const out = [];
  let cur = [];
  let bytes = 0;
  for (const c of codes) {
    if (cur.length && (cur.length === MAX_CODES || bytes + c.length + 1 > MAX_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(c);
    bytes += c.length + 1;
  }
  if (cur.length) out.push(cur);
  return out;
}

const FORM = /^(upi|provincia:\d{3}|comune:\d{6}|operatore:\d{11})$/;

// Resolves the codes not yet known (one request for a usual list); never
// throws: a failed lookup leaves the fallback labels.  Returns enteName.
export async function resolveEnti(codes) {
  const todo = [...new Set(codes)].filter((c) => typeof c === 'string' && FORM.test(c) && !names.has(c));
  await Promise.all(batches(todo).map(async (batch) => {
    try {
      const r = await apiGet('/enti', { codici: batch.join(',') });
      for (const item of r.items) names.set(item.codice, labelOfEnte(item));
    } catch {
      // Keep the codes' fallback labels.
    }
  }));
  return enteName;
}
