// buste.mjs - helpers for the sealed-bid tests (sua-buste, sua-riservatezza,
// the browser test): valid codes, a published tender with key holders, raw
// uploads with a session, and an independent check of a receipt's Ed25519
// signature with node:crypto (not the server's libsodium).
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';

export const PASS = [
  'frase segreta del RUP, primavera 2026',
  'frase segreta della dirigente SUA',
  'terza frase segreta del custode',
];

// A valid partita IVA from a 10-digit base (Luhn-like check digit).
export function piva(n) {
  const d = String(n).padStart(10, '0').split('').map(Number);
  let s = 0;
  d.forEach((x, i) => {
    if (i % 2 === 0) s += x;
    else s += x * 2 > 9 ? x * 2 - 9 : x * 2;
  });
  return d.join('') + String((10 - (s % 10)) % 10);
}

// A valid CIG of the PCP kind: B + 6 hex + HEX3(((N + 2) * 211) mod 4091).
export function cig(n) {
  const k = ((n + 2) * 211) % 4091;
  return `B${n.toString(16).toUpperCase().padStart(6, '0')}${k.toString(16).toUpperCase().padStart(3, '0')}`;
}

const DAY = 86400 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

export const CRITERI = {
  criteri: [{ nome: 'Qualità tecnica', punti: 50 }, { nome: 'Tempi', punti: 20 }],
  economico: { punti: 30, formula: 'lineare' },
};

let cigSeq = 0x7000 + (process.pid % 4096) * 16;

// Creates and publishes a tender of Vicenza with two lots, naming custodi.
// before(id) runs on the draft just before publication (e.g. invitations).
export async function publishedTender(sua, { criterio = 'prezzo', custodi, k = 2, decimali = 3, econ = 'ribasso', procedura = 'aperta', before }) {
  const lotto = (over) => ({ oggetto: 'Manutenzione strade comunali', cpv: '45233141-9', importo_cents: 40000000, sicurezza_cents: 500000, comune: '024116', cig: cig(cigSeq++), ...over });
  let r = await sua.call('POST', '/api/v1/sua/province/024/gare', { oggetto: 'Lavori stradali (buste)', tipo: 'lavori', lotti: [lotto(), lotto({ comune: '024001' })] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  const body = {
    procedura, criterio, rup_nome: 'Ing. Maria Rossi', data_invio: today(),
    termine_chiarimenti: iso(Date.now() + 10 * DAY), termine_offerte: iso(Date.now() + 45 * DAY),
    prima_seduta: iso(Date.now() + 46 * DAY),
  };
  if (criterio === 'oepv') body.criteri = CRITERI;
  r = await sua.call('PUT', `/api/v1/sua/gare/${id}`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  if (custodi) {
    r = await sua.call('PUT', `/api/v1/sua/gare/${id}/buste`, { k, custodi, ribasso_decimali: decimali, offerta_economica: econ });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  if (before) await before(id);
  r = await sua.call('POST', `/api/v1/sua/gare/${id}/pubblica`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return id;
}

// POSTs bytes as a raw upload with the session's cookie and CSRF token.
export async function upload(url, who, path, bytes, name = 'offerta.txt') {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { cookie: `av_session=${who.cookie}`, 'x-csrf-token': who.csrf, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    body: bytes,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

// Checks a receipt's signature against a public key (hex) with node:crypto.
export function receiptValid(ricevuta, pkHex) {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(pkHex, 'hex')]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(null, Buffer.from(ricevuta.contenuto, 'utf8'), key, Buffer.from(ricevuta.firma, 'hex'));
}
