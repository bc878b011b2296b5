// Shared words and formats of the Servizio Europa's pages (calls).
export const STATI_BANDO = {
  aperto: 'Aperto',
  previsto: 'In arrivo',
  in_valutazione: 'In valutazione',
  chiuso: 'Chiuso',
};

export const GESTIONI = {
  diretta: 'Gestione diretta UE',
  regionale: 'Regionale',
  interreg: 'Interreg',
  nazionale: 'Nazionale',
  altro: 'Altro',
};

export const MODELLI = {
  unica: 'Scadenza unica',
  due_fasi: 'Due fasi',
  cut_off_multipli: 'Più scadenze (cut-off)',
};

export const FONTI = {
  SEDIA: 'Portale Funding & Tenders (UE)',
  REGION: 'Regione',
  NATIONAL: 'Nazionale',
  INTERREG: 'Programma Interreg',
  MANUAL: 'Inserito dal Servizio Europa',
};

// Basis points -> "80 %" / "80,5 %".
export function formatBp(bp) {
  if (!Number.isInteger(bp)) return '—';
  const s = (bp / 100).toFixed(2).replace(/\.?0+$/, '').replace('.', ',');
  return `${s}\u00a0%`;
}

// The text of the source's HTML, never inserted as HTML.
export function htmlText(html) {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent || '').replace(/\s+\n/g, '\n').trim();
}
