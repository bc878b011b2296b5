// albo.mjs - helpers of the albo fornitori tests (sua-albo, sua-inviti,
// browser): a partita IVA's check digit computed here, independently of
// src/valid/partita_iva.c, and a valid application.

// Partita IVA check digit (Luhn variant of LAW.md 9.4).
export function piva(base10) {
  let s = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(base10[i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  }
  return base10 + String((10 - (s % 10)) % 10);
}

// The tests' company (not the demo operator's 01234567897).
export const P1 = piva('0411111111');
export const CF_LEGALE = 'RSSMRA85T10A562S';
const future = `${new Date().getUTCFullYear() + 2}-06-30`;

// A valid application of P1 to Vicenza's albo; over replaces fields.
export function domanda(over = {}) {
  return {
    provincia: '024',
    ragione_sociale: 'Costruzioni Berica S.r.l.',
    codice_fiscale: P1,
    pec: 'costruzioniberica@pec.it',
    comune: '024116',
    indirizzo: 'Via Roma 1',
    legale_rappresentante: { nome: 'Mario Rossi', codice_fiscale: CF_LEGALE },
    cpv: ['45233141-9', '45000000'],
    soa: [{ categoria: 'OG3', classe: 'III', scadenza: future }],
    ...over,
  };
}


// The demo template's albo emptied, for tests whose hand-computed
// expectations count every entry of Vicenza's albo.
export const EMPTY_ALBO = 'DELETE FROM sua_invito; DELETE FROM sua_inviti_sorteggio; '
  + 'DELETE FROM sua_albo_cpv; DELETE FROM sua_albo_soa; DELETE FROM sua_albo;';
