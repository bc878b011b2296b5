// What the tender pages (gare.js, gara.js) share: state labels, the
// deadline fields in "gg/mm/aaaa hh:mm" (Europe/Rome) and their ISO form.
// No DOM.

const STATI = {
  bozza: 'In bozza', pubblicata: 'Pubblicata', chiusa: 'Chiusa', annullata: 'Annullata',
};

export function statoGara(code) {
  return STATI[code] ?? code;
}

// "2027-01-15T12:00:00+01:00" (the API's, local time with its offset) ->
// "15/01/2027 12:00": the clock time in Rome is the one written.
export function isoToCampo(iso) {
  const m = typeof iso === 'string' ? iso.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : '';
}

// "15/01/2027 12:00" (also "15/1/2027 9:30") -> the same normalised, which
// the API reads as Europe/Rome time, or { message }.
export function campoToApi(raw) {
  const s = String(raw ?? '').trim();
  if (s === '') return { ok: true, value: null };
  const m = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:.](\d{2})$/);
  if (!m) return { ok: false, message: 'Scrivi data e ora come gg/mm/aaaa hh:mm (es. 15/01/2027 12:00).' };
  const [d, mo, y, hh, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return { ok: false, message: 'Questa data non esiste nel calendario.' };
  if (hh > 23 || mi > 59) return { ok: false, message: 'Ora non valida: da 00:00 a 23:59.' };
  const p2 = (n) => String(n).padStart(2, '0');
  return { ok: true, value: `${p2(d)}/${p2(mo)}/${y} ${p2(hh)}:${p2(mi)}` };
}

export const PROCEDURE = [
  ['affidamento_diretto', 'Affidamento diretto'],
  ['negoziata_senza_bando', 'Procedura negoziata senza bando'],
  ['aperta', 'Procedura aperta'],
  ['ristretta', 'Procedura ristretta'],
  ['competitiva_con_negoziazione', 'Procedura competitiva con negoziazione'],
  ['dialogo_competitivo', 'Dialogo competitivo'],
  ['partenariato_innovazione', 'Partenariato per l\'innovazione'],
  ['negoziata_senza_pubblicazione', 'Procedura negoziata senza pubblicazione del bando'],
];
